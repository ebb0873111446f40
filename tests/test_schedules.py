"""Learning-rate schedules: the formulas in their docstrings, and their checks."""

import dataclasses

import numpy as np
import pytest

from sgd_lesson import constant, inverse_time_decay, step_decay


def test_constant():
    schedule = constant(0.3)
    assert [schedule(t) for t in (0, 1, 10, 10_000)] == [0.3] * 4


def test_inverse_time_decay_formula():
    schedule = inverse_time_decay(0.5, decay=0.1)
    for t in (0, 1, 7, 100, 12345):
        assert schedule(t) == pytest.approx(0.5 / (1 + 0.1 * t), rel=1e-15)
    assert schedule(10) == pytest.approx(0.25)  # halves at t = 1 / decay


def test_step_decay_formula():
    schedule = step_decay(0.8, factor=0.25, step_size=3)
    assert [schedule(t) for t in range(7)] == pytest.approx([0.8, 0.8, 0.8, 0.2, 0.2, 0.2, 0.05])
    assert step_decay(1.0, step_size=2)(4) == pytest.approx(0.25)  # the default factor is 0.5


@pytest.mark.parametrize(
    "schedule",
    [constant(0.1), inverse_time_decay(0.1, decay=1e-3), step_decay(0.1, factor=0.5, step_size=10)],
)
def test_schedules_are_positive_and_never_increase(schedule):
    rates = np.array([schedule(t) for t in range(0, 100_000, 7)])
    assert (rates > 0).all()
    assert (np.diff(rates) <= 0).all()


@pytest.mark.parametrize(
    "schedule",
    [constant(0.1), inverse_time_decay(0.1, decay=1e-3), step_decay(0.1, factor=0.5, step_size=10)],
)
def test_schedules_are_immutable_and_show_their_settings(schedule):
    with pytest.raises(dataclasses.FrozenInstanceError):
        schedule.decay = 1.0
    assert repr(schedule).startswith(type(schedule).__name__ + "(") and "0.1" in repr(schedule)


def test_step_decay_never_reaches_zero():
    schedule = step_decay(1.0, factor=0.5, step_size=1)
    assert schedule(1074) > 0.0  # 0.5**1074 is the smallest subnormal
    assert 0.0 < schedule(10**6) <= 2.3e-308


def test_equal_settings_give_equal_schedules():
    assert inverse_time_decay(0.1, decay=0.01) == inverse_time_decay(0.1, decay=0.01)
    assert step_decay(0.1, step_size=3) != step_decay(0.1, step_size=4)


# Bad settings (rates that are not positive numbers, factor outside (0, 1), step_size not a
# whole number ...) are tested from the declarations in test_declarations.py.


def test_the_public_signatures_are_kept():
    assert inverse_time_decay(0.1, decay=0.01)(100) == pytest.approx(0.05)
    assert step_decay(0.1, step_size=10).factor == 0.5
    assert constant(0.1).rate == 0.1


def test_settings_are_keyword_only():
    with pytest.raises(TypeError):
        inverse_time_decay(0.1, 0.01)
    with pytest.raises(TypeError):
        step_decay(0.1, 0.5, 10)
