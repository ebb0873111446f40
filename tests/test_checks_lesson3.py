"""The lesson 3 exercise checks: right, wrong (with the diagnosing hint) and unanswered."""

import numpy as np
import pytest

from sgd_lesson import inverse_time_decay, make_linear_data, mse_gradient, sgd, step_decay
from sgd_lesson.checks import lesson3
from sgd_lesson.checks.lesson3 import (
    check_inverse_time_rate,
    check_samples_processed,
    check_step_decay_rate,
    check_updates_per_epoch,
)

CHECKS = [check_updates_per_epoch, check_samples_processed, check_inverse_time_rate, check_step_decay_rate]


def printed(capsys, check, answer):
    assert check(answer) is None
    return capsys.readouterr().out


def run_of(n_samples, batch_size, n_epochs):
    x, y = make_linear_data(n_samples, seed=0)
    return sgd(mse_gradient, x, y, [0.0, 0.0], learning_rate=0.01, batch_size=batch_size, n_epochs=n_epochs,
               seed=0)


@pytest.mark.parametrize("check", CHECKS)
def test_unanswered(capsys, check):
    out = printed(capsys, check, ...)
    assert "no answer yet" in out and "right" not in out and "not yet" not in out


@pytest.mark.parametrize("check", CHECKS)
def test_an_answer_that_is_not_a_number_gets_a_hint(capsys, check):
    out = printed(capsys, check, "157")
    assert "not yet" in out and "number" in out


def test_the_questions_are_the_ones_the_notebook_asks():
    assert (lesson3.EPOCH_SAMPLES, lesson3.EPOCH_BATCH_SIZE) == (10_000, 64)
    assert (lesson3.RUN_SAMPLES, lesson3.RUN_BATCH_SIZE, lesson3.RUN_EPOCHS) == (1_000, 32, 3)
    assert (lesson3.INVERSE_INITIAL_RATE, lesson3.INVERSE_DECAY, lesson3.INVERSE_T) == (0.2, 0.001, 3_000)
    assert (lesson3.STEP_INITIAL_RATE, lesson3.STEP_FACTOR, lesson3.STEP_SIZE, lesson3.STEP_T) == (0.1, 0.5, 2_000,
                                                                                                  5_000)


# Exercise 3.1 ---------------------------------------------------------------

def test_updates_per_epoch_right_is_what_sgd_does(capsys):
    updates = run_of(10_000, 64, 1).n_updates
    assert "Exercise 3.1: right!" in printed(capsys, check_updates_per_epoch, updates)
    assert "right!" in printed(capsys, check_updates_per_epoch, np.int64(updates))


@pytest.mark.parametrize("answer, words", [
    (156, "drops the last, shorter batch"),
    (156.25, "fraction of an update"),
    (10_000, "number of samples"),
    (64, "number of samples"),
    (640_000, "Multiply or divide"),
    (158, "Count the batches"),
])
def test_updates_per_epoch_wrong_answers_get_their_hint(capsys, answer, words):
    out = printed(capsys, check_updates_per_epoch, answer)
    assert "not yet" in out and words in out
    assert "157" not in out


# Exercise 3.2 ---------------------------------------------------------------

def test_samples_processed_right_is_what_sgd_records(capsys):
    seen = int(run_of(1_000, 32, 3).samples_seen[-1])
    assert "Exercise 3.2: right!" in printed(capsys, check_samples_processed, seen)


@pytest.mark.parametrize("answer, words", [
    (96, "counts updates"),
    (32, "counts updates"),
    (3_072, "counted every batch as full"),
    (2_976, "dropped the last, shorter batch"),
    (1_000, "one epoch"),
    (1_024, "one epoch"),
    (2_000, "what one epoch reads"),
])
def test_samples_processed_wrong_answers_get_their_hint(capsys, answer, words):
    out = printed(capsys, check_samples_processed, answer)
    assert "not yet" in out and words in out
    assert "3000" not in out and "3,000" not in out


# Exercise 3.3 ---------------------------------------------------------------

def test_inverse_time_rate_right_is_what_the_schedule_gives(capsys):
    rate = inverse_time_decay(0.2, decay=0.001)(3_000)
    assert "Exercise 3.3: right!" in printed(capsys, check_inverse_time_rate, rate)
    assert "right!" in printed(capsys, check_inverse_time_rate, 0.05)
    # One update off is the same rate to 3 significant figures: not a mistake at the precision asked for.
    assert "right!" in printed(capsys, check_inverse_time_rate, inverse_time_decay(0.2, decay=0.001)(3_001))


@pytest.mark.parametrize("answer, words", [
    (0.2, "first rate"),
    (0.2 / 3.0, "left out the 1"),
    (0.0667, "left out the 1"),  # rounded by hand
    (0.2 / 3_000, "decay multiplies t"),
    (0.8, "divide by"),
    (0.07, "inverse_time_decay's docstring"),
])
def test_inverse_time_rate_wrong_answers_get_their_hint(capsys, answer, words):
    out = printed(capsys, check_inverse_time_rate, answer)
    assert "not yet" in out and words in out
    assert "0.05" not in out


# Exercise 3.4 ---------------------------------------------------------------

def test_step_decay_rate_right_is_what_the_schedule_gives(capsys):
    rate = step_decay(0.1, factor=0.5, step_size=2_000)(5_000)
    assert "Exercise 3.4: right!" in printed(capsys, check_step_decay_rate, rate)
    assert "right!" in printed(capsys, check_step_decay_rate, 0.025)


@pytest.mark.parametrize("answer, words", [
    (0.1 * 0.5**2.5, "round down"),
    (0.0177, "round down"),  # rounded by hand
    (0.0125, "One drop too many"),
    (0.05, "One drop too few"),
    (0.1, "first rate"),
    (0.04, "step_decay's docstring"),
    (0.03, "(Answers are compared to 3 significant figures.)"),  # 0.025 to 1 figure: no "close"
    (-0.03, "impossible"),
])
def test_step_decay_rate_wrong_answers_get_their_hint(capsys, answer, words):
    out = printed(capsys, check_step_decay_rate, answer)
    assert "not yet" in out and words in out
    assert "0.025" not in out
