"""The lesson 3 exercise checks: right, wrong (with the diagnosing hint) and unanswered."""

import numpy as np
import pytest

from sgd_lesson import make_linear_data, mse_gradient, sgd
from sgd_lesson.checks import lesson3
from sgd_lesson.checks.lesson3 import (
    check_gradient_error,
    check_one_epoch,
    check_samples_processed,
    check_updates_per_epoch,
    expected_gradient_error,
)

CHECKS = [check_updates_per_epoch, check_samples_processed, check_gradient_error, check_one_epoch]
START = np.array([10.0, 5.0])


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
    assert "not yet" in out and ("number" in out or "array" in out)


def test_the_questions_are_the_ones_the_notebook_asks():
    assert (lesson3.EPOCH_SAMPLES, lesson3.EPOCH_BATCH_SIZE) == (10_000, 64)
    assert (lesson3.RUN_SAMPLES, lesson3.RUN_BATCH_SIZE, lesson3.RUN_EPOCHS) == (1_000, 32, 3)
    assert (lesson3.ERROR_N_SAMPLES, lesson3.ERROR_SEED, lesson3.ERROR_START, lesson3.ERROR_BATCH_SIZE) == (
        10_000, 0, (10.0, 5.0), 400)


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

def sampled_error(params, batch_size, n_draws, seed):
    """The lesson's estimate: the root mean square relative error of random batches' gradients."""
    x, y = make_linear_data(10_000, seed=0)
    rng = np.random.default_rng(seed)
    full = mse_gradient(params, x, y)
    squares = []
    for _ in range(n_draws):
        batch = rng.choice(len(x), size=batch_size, replace=False)
        squares.append(np.sum((mse_gradient(params, x[batch], y[batch]) - full) ** 2))
    return np.sqrt(np.mean(squares)) / np.linalg.norm(full)


@pytest.mark.parametrize("batch_size", [10, 400])
def test_the_expected_gradient_error_is_what_many_random_batches_give(batch_size):
    sampled = sampled_error(START, batch_size, n_draws=3_000, seed=5)
    assert sampled == pytest.approx(expected_gradient_error(START, batch_size), rel=0.03)


def test_a_prediction_from_any_row_of_the_lessons_table_is_right(capsys):
    # The lesson's table: 200 random batches of each size, seed 1; each row scaled by the square root.
    for batch_size in (1, 10, 100, 1_000):
        row = sampled_error(START, batch_size, n_draws=200, seed=1)
        prediction, from_printed = row * np.sqrt(batch_size / 400), float(f"{row:.3g}") * np.sqrt(batch_size / 400)
        for answer in (prediction, float(f"{prediction:.2g}"), from_printed, float(f"{from_printed:.2g}")):
            assert "Exercise 3.3: right!" in printed(capsys, check_gradient_error, answer), (batch_size, answer)
    measured = sampled_error(START, 400, n_draws=200, seed=1)
    assert "right!" in printed(capsys, check_gradient_error, measured)


@pytest.mark.parametrize("answer, words", [
    (0.062, "divides by 400 / 100 = 4"),
    (0.064, "divides by 400 / 100 = 4"),  # from the table's 0.256
    (0.0061, "divides the one-sample error by 400"),
    (0.075, "a batch of 1,000"),
    (0.25, "a batch of 100"),
    (0.51, "smaller than a batch of 100"),
    (3.2, "near the minimum"),
    (0.17, "one row of the table"),
    (0.1, "one row of the table"),  # too few figures, and 18% off
    (-0.2, "impossible"),
])
def test_gradient_error_wrong_answers_get_their_hint(capsys, answer, words):
    out = printed(capsys, check_gradient_error, answer)
    assert "not yet" in out and words in out
    assert "0.12" not in out and "0.13" not in out


# Exercise 3.4 ---------------------------------------------------------------

def one_epoch(params, x, y, order, *, learning_rate, batch_size):
    for start in range(0, len(x), batch_size):
        batch = order[start : start + batch_size]
        params = params - learning_rate * mse_gradient(params, x[batch], y[batch])
    return params


def one_epoch_in_place(params, x, y, order, *, learning_rate, batch_size):
    """Another right way: a while loop, in-place updates, the gradient written out."""
    start = 0
    while start < len(order):
        batch = order[start : start + batch_size]
        residual = params[0] * x[batch] + params[1] - y[batch]
        params -= learning_rate * 2 * np.array([np.mean(residual * x[batch]), np.mean(residual)])
        start += batch_size
    return params


@pytest.mark.parametrize("seed", [0, 1])
def test_one_epoch_with_sgds_shuffle_is_an_epoch_of_sgd(seed):
    x, y = make_linear_data(23, seed=3)
    order = np.random.default_rng(seed).permutation(len(x))
    run = sgd(mse_gradient, x, y, [10.0, 5.0], learning_rate=0.1, batch_size=5, n_epochs=1, seed=seed)
    assert np.allclose(one_epoch(np.array([10.0, 5.0]), x, y, order, learning_rate=0.1, batch_size=5),
                       run.final_params, rtol=0, atol=1e-12)


@pytest.mark.parametrize("function", [one_epoch, one_epoch_in_place])
def test_one_epoch_right_ways_are_right(capsys, function):
    assert "Exercise 3.4: right!" in printed(capsys, check_one_epoch, function)


def test_one_epoch_mistakes_written_as_code_get_their_hint(capsys):
    def unshuffled(params, x, y, order, *, learning_rate, batch_size):
        for start in range(0, len(x), batch_size):
            params = params - learning_rate * mse_gradient(params, x[start : start + batch_size],
                                                           y[start : start + batch_size])
        return params

    def drops_last(params, x, y, order, *, learning_rate, batch_size):
        for k in range(len(x) // batch_size):
            batch = order[k * batch_size : (k + 1) * batch_size]
            params = params - learning_rate * mse_gradient(params, x[batch], y[batch])
        return params

    def never_assigns(params, x, y, order, *, learning_rate, batch_size):
        for start in range(0, len(x), batch_size):
            batch = order[start : start + batch_size]
            new_params = params - learning_rate * mse_gradient(params, x[batch], y[batch])  # noqa: F841
        return params

    def equal_splits(params, x, y, order, *, learning_rate, batch_size):
        for batch in np.array_split(order, -(-len(x) // batch_size)):
            params = params - learning_rate * mse_gradient(params, x[batch], y[batch])
        return params

    def summed(params, x, y, order, *, learning_rate, batch_size):
        for start in range(0, len(x), batch_size):
            batch = order[start : start + batch_size]
            residual = params[0] * x[batch] + params[1] - y[batch]
            params = params - learning_rate * 2 * np.array([np.sum(residual * x[batch]), np.sum(residual)])
        return params

    def climbs(params, x, y, order, *, learning_rate, batch_size):
        return one_epoch(params, x, y, order, learning_rate=-learning_rate, batch_size=batch_size)

    def split_evenly(params, x, y, order, *, learning_rate, batch_size):
        for batch in np.split(order, len(x) // batch_size):
            params = params - learning_rate * mse_gradient(params, x[batch], y[batch])
        return params

    for function, words in [(unshuffled, "stored order"), (drops_last, "drops the last"),
                            (never_assigns, "returned the params it was given"), (equal_splits, "array_split"),
                            (summed, "adds up"), (climbs, "climbs"), (split_evenly, "raised ValueError")]:
        out = printed(capsys, check_one_epoch, function)
        assert "not yet" in out and words in out, (function.__name__, out)


def test_one_epoch_the_result_of_a_wrong_shape_is_named(capsys):
    out = printed(capsys, check_one_epoch, lambda params, x, y, order, **keywords: 1.0)
    assert "not yet" in out and "array of two numbers" in out


def test_one_epoch_hints_never_give_the_result_away(capsys):
    right = lesson3.one_epoch().expected
    for _, hint in lesson3.one_epoch().mistakes:
        assert f"{right[0]:.3f}" not in hint and f"{right[1]:.3f}" not in hint
