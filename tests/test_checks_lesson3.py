"""The lesson 3 exercise checks: right, wrong (with the diagnosing hint) and unanswered."""

import numpy as np
import pytest

from sgd_lesson import least_squares, make_linear_data, mse_gradient, mse_hessian, mse_loss, sgd
from sgd_lesson.checks import lesson3
from sgd_lesson.checks.lesson3 import (
    check_gradient_error,
    check_noise_ball,
    check_one_epoch,
    check_updates_per_epoch,
    expected_gradient_error,
    table_gradient_error,
)

CHECKS = [check_updates_per_epoch, check_gradient_error, check_noise_ball, check_one_epoch]
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
    assert (lesson3.ERROR_N_SAMPLES, lesson3.ERROR_SEED, lesson3.ERROR_START, lesson3.ERROR_BATCH_SIZE) == (
        10_000, 0, (10.0, 5.0), 400)
    assert lesson3.NOISE_REFERENCE == {"batch_size": 10, "learning_rate": 0.1, "excess_loss": 1.2e-3}
    assert lesson3.NOISE_SETTING == {"batch_size": 50, "learning_rate": 0.05}
    assert lesson3.EPOCH_SETTINGS == ((0.1, 5), (0.05, 7))


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
            assert "Exercise 3.2: right!" in printed(capsys, check_gradient_error, answer), (batch_size, answer)
    measured = sampled_error(START, 400, n_draws=200, seed=1)
    assert "right!" in printed(capsys, check_gradient_error, measured)


def test_the_lessons_table_is_what_the_check_calls_the_table():
    for batch_size in (1, 100):
        assert table_gradient_error(START, batch_size) == pytest.approx(sampled_error(START, batch_size, 200, 1))
    assert f"{table_gradient_error(START, 100):.3g}" == "0.256"  # as the lesson prints it


@pytest.mark.parametrize("answer, words", [
    (0.062, "divides by 400 / 100 = 4"),
    (0.064, "divides by 400 / 100 = 4"),  # from the table's 0.256
    (0.0061, "divides the one-sample error by 400"),
    (0.013, "square root of 400"),  # the table's 0.256 / 20
    (0.0128, "square root of 400"),
    (0.039, "square root of 400"),  # the table's 0.772 / 20
    (0.075, "a batch of 1,000"),
    (0.0747, "a batch of 1,000"),
    (0.25, "a batch of 100"),
    (0.256, "a batch of 100"),
    (0.51, "smaller than a batch of 100"),
    (3.2, "near the minimum"),
    (0.2, "one row of the table"),  # between the rows: not "a batch of 100"
    (0.21, "one row of the table"),
    (0.22, "one row of the table"),
    (0.17, "one row of the table"),
    (0.1, "one row of the table"),  # too few figures, and 18% off
    (0.11, "one row of the table"),
    (0.14, "one row of the table"),
    (-0.2, "impossible"),
])
def test_gradient_error_wrong_answers_get_their_hint(capsys, answer, words):
    out = printed(capsys, check_gradient_error, answer)
    assert "not yet" in out and words in out
    assert "0.12" not in out and "0.13" not in out


@pytest.mark.parametrize("answer", [0.12, 0.13, 0.118, 0.122, 0.127, 0.128])
def test_gradient_error_every_reasonable_prediction_is_right_with_room_to_spare(capsys, answer):
    assert "Exercise 3.2: right!" in printed(capsys, check_gradient_error, answer)
    for nudged in (0.97 * answer, 1.03 * answer):  # not at the edge of the band
        assert "right!" in printed(capsys, check_gradient_error, nudged)


# Exercise 3.3 ---------------------------------------------------------------

def test_noise_ball_right_is_the_law_of_the_lesson(capsys):
    x, y = make_linear_data(10_000, seed=0)
    best = mse_loss(least_squares(x, y), x, y)
    trace = np.trace(mse_hessian(x))
    law = 0.05 * best * trace / (2 * 50)  # eta sigma^2 tr(H) / (2B)
    assert f"{law:.2g}" == "0.00012"
    for answer in (law, 1.2e-4, 1.18e-4, 1.3e-4):  # 1.3e-4: the table's batch 10 at rate 0.01, the same eta / B
        assert "Exercise 3.3: right!" in printed(capsys, check_noise_ball, answer)


def test_noise_ball_is_where_such_a_run_levels_off():
    x, y = make_linear_data(10_000, seed=0)
    best = mse_loss(least_squares(x, y), x, y)
    run = sgd(mse_gradient, x, y, [10.0, 5.0], learning_rate=0.05, batch_size=50, n_epochs=25, seed=0,
              loss_fn=mse_loss)
    assert run.losses[-2_500:].mean() - best == pytest.approx(1.2e-4, rel=0.15)


@pytest.mark.parametrize("answer, words", [
    (1.2e-3, "the reference's noise ball"),
    (6e-4, "learning rate only"),
    (2.4e-4, "batch size only"),
    (3.8e-4, "square root"),
    (3e-3, "shrinks with the batch size"),
    (4.8e-4, "shrinks with the rate"),
    (1e-4, "compared to 2 significant figures"),
    (1.4e-4, "which way does each factor"),
    (-5e-4, "impossible"),
])
def test_noise_ball_wrong_answers_get_their_hint(capsys, answer, words):
    out = printed(capsys, check_noise_ball, answer)
    assert "not yet" in out and words in out
    assert "1.2e-4" not in out and "0.00012" not in out


# Exercise 3.4 ---------------------------------------------------------------

def one_epoch(params, x, y, order, *, learning_rate, batch_size):
    for start in range(0, len(x), batch_size):
        batch = order[start : start + batch_size]
        params = params - learning_rate * mse_gradient(params, x[batch], y[batch])
    return params


def one_epoch_in_place(params, x, y, order, *, learning_rate, batch_size):
    """Another right way: a while loop, in-place updates on a copy, the gradient written out."""
    params = np.array(params, dtype=float)  # a copy: the updates below change it in place
    start = 0
    while start < len(order):
        batch = order[start : start + batch_size]
        residual = params[0] * x[batch] + params[1] - y[batch]
        params -= learning_rate * 2 * np.array([np.mean(residual * x[batch]), np.mean(residual)])
        start += batch_size
    return params


@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("rate, size", [(0.1, 5), (0.05, 7)])
def test_one_epoch_with_sgds_shuffle_is_an_epoch_of_sgd(seed, rate, size):
    x, y = make_linear_data(23, seed=3)
    order = np.random.default_rng(seed).permutation(len(x))
    run = sgd(mse_gradient, x, y, [10.0, 5.0], learning_rate=rate, batch_size=size, n_epochs=1, seed=seed)
    assert np.allclose(one_epoch(np.array([10.0, 5.0]), x, y, order, learning_rate=rate, batch_size=size),
                       run.final_params, rtol=0, atol=1e-12)


def test_one_epoch_the_two_settings_give_results_that_tell_mistakes_apart():
    first, second = lesson3.one_epoch(0), lesson3.one_epoch(1)
    assert not np.allclose(first.expected, second.expected, rtol=1e-3)
    for exercise in (first, second):
        values = [exercise.expected] + [value for value, _ in exercise.mistakes]
        for i, a in enumerate(values):
            for b in values[i + 1 :]:
                assert not np.allclose(a, b, rtol=1e-3), (a, b)


def test_one_epoch_a_body_that_ignores_an_argument_is_told_which(capsys):
    def fixed_rate(params, x, y, order, *, learning_rate, batch_size):
        return one_epoch(params, x, y, order, learning_rate=0.1, batch_size=batch_size)

    def fixed_size(params, x, y, order, *, learning_rate, batch_size):
        return one_epoch(params, x, y, order, learning_rate=learning_rate, batch_size=5)

    for function, words in [(fixed_rate, "learning rate 0.1 whatever it is given"),
                            (fixed_size, "batches of 5 whatever it is given")]:
        out = printed(capsys, check_one_epoch, function)
        assert "not yet" in out and "Right with learning_rate=0.1, batch_size=5, but not with" in out, out
        assert words in out, out


def test_one_epoch_that_changes_the_callers_params_is_told_so(capsys):
    def in_place(params, x, y, order, *, learning_rate, batch_size):
        for start in range(0, len(order), batch_size):
            batch = order[start : start + batch_size]
            params -= learning_rate * mse_gradient(params, x[batch], y[batch])
        return params

    out = printed(capsys, check_one_epoch, in_place)
    assert "not yet" in out and "changed the params array it was given" in out and "params = params -" in out


def test_one_epoch_one_update_per_sample_is_named(capsys):
    def per_sample(params, x, y, order, *, learning_rate, batch_size):
        for i in order:
            params = params - learning_rate * mse_gradient(params, x[[i]], y[[i]])
        return params

    out = printed(capsys, check_one_epoch, per_sample)
    assert "not yet" in out and "one update per sample" in out


def test_one_epoch_forgotten_return_and_stub_are_told_apart(capsys):
    def no_return(params, x, y, order, *, learning_rate, batch_size):
        for start in range(0, len(order), batch_size):
            batch = order[start : start + batch_size]
            params = params - learning_rate * mse_gradient(params, x[batch], y[batch])

    def stub(params, x, y, order, *, learning_rate, batch_size):
        ...

    assert "forget to `return`" in printed(capsys, check_one_epoch, no_return)
    assert "no answer yet" in printed(capsys, check_one_epoch, stub)


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
