"""The lesson 4 exercise checks: right, wrong (with the diagnosing hint) and unanswered."""

import numpy as np
import pytest

from sgd_lesson import make_linear_data, mse_hessian
from sgd_lesson.checks import lesson4
from sgd_lesson.checks.lesson4 import (
    check_condition_number,
    check_fast_beta,
    check_original_units,
    check_terminal_velocity,
)
from sgd_lesson.scaling import condition_number, to_original_units


def printed(capsys, check, answer):
    assert check(answer) is None
    return capsys.readouterr().out


@pytest.mark.parametrize("check", [check_condition_number, check_original_units, check_terminal_velocity,
                                   check_fast_beta])
def test_unanswered(capsys, check):
    out = printed(capsys, check, ...)
    assert "no answer yet" in out and "right" not in out


# Exercise 4.1 -----------------------------------------------------------------

def wide_eigenvalues():
    x, _ = make_linear_data(100, x_range=(0.0, 100.0), seed=0)
    return np.linalg.eigvalsh(mse_hessian(x))


def test_condition_number_right_answer_matches_the_package(capsys):
    smallest, largest = wide_eigenvalues()
    x, _ = make_linear_data(100, x_range=(0.0, 100.0), seed=0)
    assert largest / smallest == pytest.approx(condition_number(x))
    assert "right!" in printed(capsys, check_condition_number, largest / smallest)
    assert "right!" in printed(capsys, check_condition_number, round(largest / smallest))
    assert "right!" in printed(capsys, check_condition_number, 16800)  # 3 significant figures


@pytest.mark.parametrize("wrong, words", [
    (lambda small, large: np.sqrt(large / small), "square root"),
    (lambda small, large: small / large, "upside down"),
    (lambda small, large: large, "lambda_max alone"),
    (lambda small, large: small, "lambda_min alone"),
    (lambda small, large: 624.3, "lesson's data"),
    (lambda small, large: 5.0, "eigvalsh"),
    (lambda small, large: "16775", "not text"),
    (lambda small, large: 17000.0, "Close: give at least 3 significant figures"),
    (lambda small, large: 0.5, "at least 1"),
])
def test_condition_number_wrong_answers(capsys, wrong, words):
    smallest, largest = wide_eigenvalues()
    out = printed(capsys, check_condition_number, wrong(smallest, largest))
    assert "not yet" in out and words in out
    assert f"{largest / smallest:.0f}" not in out


# Exercise 4.2 -----------------------------------------------------------------

def test_original_units_right_answer_matches_the_package(capsys):
    expected = to_original_units(lesson4.STANDARD_PARAMS, mean=lesson4.STANDARD_MEAN, scale=lesson4.STANDARD_SCALE)
    np.testing.assert_allclose(expected, [3.0, 3.0])
    assert "right!" in printed(capsys, check_original_units, expected)
    assert "right!" in printed(capsys, check_original_units, (3, 3))


@pytest.mark.parametrize("answer, words", [
    ([0.9, 10.5], "params on z"),
    ([0.27, 3.0], "divided by it"),
    ([3.0, 10.5], "constant term"),
    ([3.0, 18.0], "sign of the constant"),
    ([3.0, 8.25], "divided by the scale as well"),
    ([3.0, 1.0], "first number is right; look again at the second"),
    ([1.0, 2.0], "coefficient of x"),
    (3.0, "two numbers"),
])
def test_original_units_wrong_answers(capsys, answer, words):
    out = printed(capsys, check_original_units, answer)
    assert "not yet" in out and words in out


# Exercise 4.3 -----------------------------------------------------------------

def test_terminal_velocity_right_answer_matches_a_simulation(capsys):
    # Heavy ball with a constant gradient g = 1 and learning rate 1: the velocity's limit.
    velocity = 0.0
    for _ in range(2000):
        velocity = lesson4.SLOPE_BETA * velocity - 1.0
    assert -velocity == pytest.approx(20.0)
    assert "right!" in printed(capsys, check_terminal_velocity, -velocity)


@pytest.mark.parametrize("answer, words", [
    (19.0, "leaves out one of the gradients"),
    (0.95, "beta itself"),
    (1.95, "last two"),
    (0.05, "upside down"),
    (1.0, "plain gradient descent"),
    (7.0, "geometric series"),
    ([20.0, 1.0], "single number"),
    (-7.0, "impossible"),
])
def test_terminal_velocity_wrong_answers(capsys, answer, words):
    out = printed(capsys, check_terminal_velocity, answer)
    assert "not yet" in out and words in out
    assert "20" not in out


# Exercise 4.4 -----------------------------------------------------------------

def test_fast_beta_right_answers(capsys):
    assert lesson4.updates_with_beta(0.9) == 455
    for beta in (0.92, 0.93, 0.94):
        assert lesson4.updates_with_beta(beta) < lesson4.FAST_UPDATES
        out = printed(capsys, check_fast_beta, beta)
        assert "right!" in out and f"{lesson4.updates_with_beta(beta):,} updates" in out


@pytest.mark.parametrize("answer, words", [
    (0.9, "more momentum"),
    (0.5, "more momentum"),
    (0.0, "does not get within"),
    (0.96, "less momentum"),
    (0.99, "less momentum"),
    (1.0, "from 0 up to"),
    (-0.1, "from 0 up to"),
    ("0.93", "not text"),
])
def test_fast_beta_wrong_answers(capsys, answer, words):
    out = printed(capsys, check_fast_beta, answer)
    assert "not yet" in out and words in out
