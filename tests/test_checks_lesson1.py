"""The lesson 1 exercise checks: right, wrong (with the diagnosing hint) and unanswered."""

import numpy as np
import pytest

from sgd_lesson import least_squares, make_linear_data, mse_loss
from sgd_lesson.checks.lesson1 import (
    check_best_intercept_for_slope,
    check_loss_scale_factor,
    check_slope_through_origin,
    check_true_line_loss,
    lesson_data,
)

X, Y = make_linear_data(50, seed=0)
RESIDUALS = 3.0 * X + 8.0 - Y


def printed(capsys, check, answer):
    assert check(answer) is None
    return capsys.readouterr().out


def test_lesson_data_is_the_notebooks_data():
    x, y = lesson_data()
    np.testing.assert_array_equal(x, X)
    np.testing.assert_array_equal(y, Y)


@pytest.mark.parametrize("check", [check_true_line_loss, check_best_intercept_for_slope,
                                   check_loss_scale_factor, check_slope_through_origin])
def test_unanswered(capsys, check):
    out = printed(capsys, check, ...)
    assert "no answer yet" in out and "right" not in out


def test_true_line_loss_right(capsys):
    right = mse_loss([3.0, 8.0], X, Y)
    assert "Exercise 1.1: right!" in printed(capsys, check_true_line_loss, right)
    assert "right!" in printed(capsys, check_true_line_loss, np.float64(round(right, 5)))
    assert "right!" in printed(capsys, check_true_line_loss, 0.0916)  # 3 significant figures, as the lesson asks
    assert "right!" in printed(capsys, check_true_line_loss, [right])


@pytest.mark.parametrize("answer, words", [
    (np.sum(RESIDUALS**2), "summed"),
    (np.sqrt(np.mean(RESIDUALS**2)), "square root"),
    (np.mean(RESIDUALS), "without squaring"),
    (np.mean(np.abs(RESIDUALS)), "absolute"),
    (mse_loss([10.0, 5.0], X, Y), "loss of the guess"),
    (mse_loss(least_squares(X, Y), X, Y), "least-squares line"),
    (mse_loss([8.0, 3.0], X, Y), "swapped"),
    (1.0, "Predict with"),
    ("0.09", "not text"),
    (-0.5, "is impossible"),
    (0.09, "Close: give at least 3 significant figures"),
])
def test_true_line_loss_wrong(capsys, answer, words):
    out = printed(capsys, check_true_line_loss, answer)
    assert "not yet" in out and words in out
    assert f"{mse_loss([3.0, 8.0], X, Y):.4f}" not in out  # never the answer


def test_best_intercept_right(capsys):
    assert "right!" in printed(capsys, check_best_intercept_for_slope, np.mean(Y - 10.0 * X))


@pytest.mark.parametrize("answer, words", [
    (5.0, "guess's intercept"),
    (least_squares(X, Y)[1], "best line overall"),
    (8.0, "true line's intercept"),
    (np.mean(Y), "slope 0"),
    (np.mean(Y + 10.0 * X), "sign"),
    (np.sum(Y - 10.0 * X), "summed"),
    (0.0, "derivative to zero"),
    (-np.mean(Y - 10.0 * X), "sign"),  # 10 * mean(x) - mean(y)
])
def test_best_intercept_wrong(capsys, answer, words):
    out = printed(capsys, check_best_intercept_for_slope, answer)
    assert "not yet" in out and words in out


def test_loss_scale_factor_right_and_confirmed_numerically(capsys):
    scaled = mse_loss(least_squares(X, 10 * Y), X, 10 * Y) / mse_loss(least_squares(X, Y), X, Y)
    assert "right!" in printed(capsys, check_loss_scale_factor, scaled)


@pytest.mark.parametrize("answer, words", [
    (10, "how much each residual grows"),
    (1, "do not stay the same"),
    (0.01, "grows"),
    (np.sqrt(10), "root"),
    (50, "What does squaring do"),
    ([100, 10], "one number"),
])
def test_loss_scale_factor_wrong(capsys, answer, words):
    out = printed(capsys, check_loss_scale_factor, answer)
    assert "not yet" in out and words in out


def test_slope_through_origin_right_and_minimal(capsys):
    slopes = np.linspace(10, 20, 2001)
    numeric = slopes[np.argmin([np.mean((s * X - Y) ** 2) for s in slopes])]
    assert "right!" in printed(capsys, check_slope_through_origin, np.sum(X * Y) / np.sum(X * X))
    assert abs(numeric - np.sum(X * Y) / np.sum(X * X)) < 0.01


@pytest.mark.parametrize("answer, words", [
    (least_squares(X, Y)[0], "free intercept"),
    (3.0, "true slope"),
    (np.mean(Y) / np.mean(X), "ratio of y to x"),
    (np.sum(X * X) / np.sum(X * Y), "Upside down"),
    (1.0, "Differentiate"),
    ("14", "not text"),
])
def test_slope_through_origin_wrong(capsys, answer, words):
    out = printed(capsys, check_slope_through_origin, answer)
    assert "not yet" in out and words in out
