"""The lesson 2 exercise checks: right, wrong (with the diagnosing hint) and unanswered."""

import numpy as np
import pytest

from sgd_lesson import (
    least_squares,
    make_linear_data,
    mse_gradient,
    mse_hessian,
    mse_loss,
    numerical_gradient,
    sgd,
)
from sgd_lesson.checks.lesson2 import (
    check_parabola_gradient,
    check_stability_limit,
    check_steep_direction_factor,
    check_steps_to_tolerance,
    lesson_data,
    steep_direction_factor,
    wide_data,
)
from sgd_lesson.convergence import updates_to_reach

X, Y = make_linear_data(50, seed=0)
LAMBDAS = np.linalg.eigvalsh(mse_hessian(X))


def printed(capsys, check, answer):
    assert check(answer) is None
    return capsys.readouterr().out


def test_the_data_are_the_ones_the_notebook_states():
    np.testing.assert_array_equal(lesson_data()[0], X)
    wide_x, _ = make_linear_data(50, x_range=(0.0, 2.0), seed=1)
    np.testing.assert_array_equal(wide_data()[0], wide_x)


@pytest.mark.parametrize("check", [check_parabola_gradient, check_stability_limit,
                                   check_steps_to_tolerance, check_steep_direction_factor])
def test_unanswered(capsys, check):
    out = printed(capsys, check, ...)
    assert "no answer yet" in out and "right" not in out


PARABOLA = np.array([1.0, 2.0, 7.0])


def parabola_loss(params):
    return np.mean((params[0] * X**2 + params[1] * X + params[2] - Y) ** 2)


def gradient_right(params, x, y):
    residuals = params[0] * x**2 + params[1] * x + params[2] - y
    return np.array([2 * np.mean(residuals * x**2), 2 * np.mean(residuals * x), 2 * np.mean(residuals)])


def gradient_no_two(params, x, y):
    return gradient_right(params, x, y) / 2


def gradient_x_for_a(params, x, y):
    residuals = params[0] * x**2 + params[1] * x + params[2] - y
    return [2 * np.mean(residuals * x), 2 * np.mean(residuals * x), 2 * np.mean(residuals)]


def gradient_summed(params, x, y):
    residuals = params[0] * x**2 + params[1] * x + params[2] - y
    return [2 * np.sum(residuals * x**2), 2 * np.sum(residuals * x), 2 * np.sum(residuals)]


def gradient_of_the_line(params, x, y):
    return mse_gradient(params[1:], x, y)


def stub(params, x, y):
    ...


def test_parabola_gradient_right_agrees_with_finite_differences(capsys):
    numeric = numerical_gradient(parabola_loss, PARABOLA)
    np.testing.assert_allclose(gradient_right(PARABOLA, X, Y), numeric, rtol=1e-6)
    assert "Exercise 2.1: right!" in printed(capsys, check_parabola_gradient, gradient_right)
    assert "right!" in printed(capsys, check_parabola_gradient, lambda p, x, y: list(numeric))
    assert "no answer yet" in printed(capsys, check_parabola_gradient, stub)


@pytest.mark.parametrize("function, words", [
    (gradient_no_two, "Half"),
    (lambda p, x, y: -gradient_right(p, x, y), "sign"),
    (gradient_summed, "summed"),
    (lambda p, x, y: gradient_right(p, x, y)[::-1], "wrong order"),
    (gradient_x_for_a, "Look again at d/da"),
    (gradient_of_the_line, "the line's MSE"),
    (lambda p, x, y: [1.0, 1.0, 1.0], "one parameter at a time"),
    (lambda p, x, y: [gradient_right(p, x, y)[0], 1.0, gradient_right(p, x, y)[2]], "first and third numbers"),
    (lambda p, x, y: x / 0, "not yet"),
])
def test_parabola_gradient_wrong(capsys, function, words):
    with np.errstate(divide="ignore"):
        out = printed(capsys, check_parabola_gradient, function)
    assert "not yet" in out and words in out
    assert "-0.866" not in out and "-1.27" not in out  # never the answer


def test_stability_limit_right_and_it_is_the_edge(capsys):
    wide_x, wide_y = wide_data()
    limit = 2.0 / np.linalg.eigvalsh(mse_hessian(wide_x)).max()
    assert "right!" in printed(capsys, check_stability_limit, limit)
    start = least_squares(wide_x, wide_y) + [1.0, 1.0]
    under = sgd(mse_gradient, wide_x, wide_y, start, learning_rate=0.98 * limit, n_epochs=500)
    over = sgd(mse_gradient, wide_x, wide_y, start, learning_rate=1.02 * limit, n_epochs=500,
               on_divergence="quiet")
    assert mse_loss(under.final_params, wide_x, wide_y) < mse_loss(start, wide_x, wide_y)
    assert mse_loss(over.final_params, wide_x, wide_y) > 100 * mse_loss(start, wide_x, wide_y)


@pytest.mark.parametrize("which, words", [
    ("half", "still converges above that rate"),
    ("no factor 2", "factor 2"),
    ("smallest", "smallest eigenvalue"),
    ("eigenvalue", "a curvature"),
    ("lesson", "lesson's data"),
    ("best", "best constant rate"),
    ("other", "gives out first"),
    ("list", "one number"),
    ("negative", "impossible"),
])
def test_stability_limit_wrong(capsys, which, words):
    small, large = np.linalg.eigvalsh(mse_hessian(wide_data()[0]))
    answer = {"half": 1 / large, "smallest": 2 / small, "eigenvalue": large, "lesson": 2 / LAMBDAS[1],
              "best": 2 / (small + large), "other": 0.01, "list": [2 / large, 1.0],
              "no factor 2": 4 / large, "negative": -2 / large}[which]
    out = printed(capsys, check_stability_limit, answer)
    assert "not yet" in out and words in out


def steps_needed(tolerance=1e-2, learning_rate=0.75, start=(10.0, 5.0)):
    """For the slope and the intercept, the first step from which on each stays within ``tolerance``, by hand."""
    run = sgd(mse_gradient, X, Y, start, learning_rate=learning_rate, n_epochs=400)
    distance = np.abs(run.params - least_squares(X, Y))
    return [int(np.flatnonzero(distance[:, i] >= tolerance)[-1] + 1) for i in (0, 1)], run


def test_steps_right_means_reach_and_stay_for_each_param():
    steps, run = steps_needed()
    assert all(50 < step < 400 for step in steps)
    # the later of the two is the step from which both stay: what updates_to_reach counts
    assert max(steps) == updates_to_reach(run, least_squares(X, Y), tolerance=1e-2)
    first_touch = np.argmax(np.abs(run.params - least_squares(X, Y)) < 1e-2, axis=0)
    assert (first_touch < steps).all()  # at 0.75 the run zigzags: each param touches 0.01 and leaves again


def test_steps_right(capsys):
    steps, _ = steps_needed()
    assert "right!" in printed(capsys, check_steps_to_tolerance, steps)
    assert "right!" in printed(capsys, check_steps_to_tolerance, np.array(steps, dtype=np.int64))
    assert "right!" in printed(capsys, check_steps_to_tolerance, [float(step) for step in steps])
    assert "right!" in printed(capsys, check_steps_to_tolerance, tuple(steps))


def test_no_one_param_count_is_the_answer(capsys):
    # The reviewer's point: with one number, whichever param settles last gave the answer on its own.
    steps, run = steps_needed()
    distance = np.abs(run.params - least_squares(X, Y))
    both = updates_to_reach(run, least_squares(X, Y), tolerance=1e-2)
    euclid = int(np.flatnonzero(np.linalg.norm(run.params - least_squares(X, Y), axis=1) >= 1e-2)[-1] + 1)
    for wrong in (steps[0], steps[1], both, euclid, [both, both], [steps[0], steps[0]], [steps[1], steps[1]],
                  [int(np.argmax(distance.max(axis=1) < 1e-2))] * 2):
        assert "right!" not in printed(capsys, check_steps_to_tolerance, wrong), wrong


@pytest.mark.parametrize("mistake, words", [
    ("first touch", "first comes within 0.01"),
    ("both", "count each parameter on its own"),
    ("swapped", "wrong order"),
    ("tolerance 1e-3", "for 1e-3"),
    ("random start", "from the random start"),
    ("one number", "two whole numbers"),
    ("off by one", "The start is step 0"),
    ("last step outside", "The start is step 0"),
    ("one right", "The first number is right"),
])
def test_steps_wrong(capsys, mistake, words):
    steps, run = steps_needed()
    distance = np.abs(run.params - least_squares(X, Y))
    answer = {"first touch": np.argmax(distance < 1e-2, axis=0).tolist(),
              "both": [max(steps)] * 2,
              "swapped": steps[::-1],
              "tolerance 1e-3": steps_needed(1e-3)[0],
              "random start": steps_needed(start=np.random.default_rng(0).standard_normal(2))[0],
              "one number": max(steps),
              "off by one": [step + 1 for step in steps],
              "last step outside": [step - 1 for step in steps],
              "one right": [steps[0], steps[1] + 5]}[mistake]
    out = printed(capsys, check_steps_to_tolerance, answer)
    assert "not yet" in out and words in out


@pytest.mark.parametrize("offset", [-40, -10, -1, 1, 10, 40])
def test_steps_hints_never_say_too_few_or_too_many_nor_one_away(capsys, offset):
    # A direction, or a hint kept for answers one away, would let a student bisect to the answer.
    steps, _ = steps_needed()
    out = printed(capsys, check_steps_to_tolerance, [step + offset for step in steps])
    general = printed(capsys, check_steps_to_tolerance, [1000, 1000])
    assert "not yet" in out and "few" not in out and "many" not in out and out == general


def test_steps_not_whole(capsys):
    assert "whole number" in printed(capsys, check_steps_to_tolerance, [100.5, 3])


def test_steep_factor_right_and_it_is_what_a_step_does(capsys):
    factor = 1 - 0.7 * LAMBDAS[1]
    assert "right!" in printed(capsys, check_steep_direction_factor, factor)
    # one update multiplies the error along the top eigenvector by that factor
    best = least_squares(X, Y)
    direction = np.linalg.eigh(mse_hessian(X))[1][:, 1]
    start = best + 0.5 * direction
    after = start - 0.7 * mse_gradient(start, X, Y)
    assert (after - best) @ direction / 0.5 == pytest.approx(factor)


@pytest.mark.parametrize("which, words", [
    ("sign", "or cross it"),
    ("loss factor", "goes with the error squared"),
    ("flat", "flattest"),
    ("product", "where the rate sits"),
    ("wide", "x_wide"),
    ("double", "already inside"),
    ("other", "the one-dimensional warm-up"),
])
def test_steep_factor_wrong(capsys, which, words):
    small, large = LAMBDAS
    answer = {"sign": 0.7 * large - 1, "flat": 1 - 0.7 * small, "product": 0.7 * large,
              "loss factor": (1 - 0.7 * large) ** 2,
              "double": 1 - 1.4 * large, "other": 0.5,
              "wide": 1 - 0.7 * np.linalg.eigvalsh(mse_hessian(wide_data()[0]))[1]}[which]
    out = printed(capsys, check_steep_direction_factor, answer)
    assert "not yet" in out and words in out


def test_steep_factor_hints_never_turn_a_wrong_number_into_the_answer():
    # "the size is right; the sign is not" or "1 minus that" would let a student flip or subtract to the answer
    exercise = steep_direction_factor()
    for text in [hint for _, hint in exercise.mistakes] + [exercise.hint]:
        assert "sign" not in text and "1 minus" not in text and "1 - learning_rate" not in text, text
