"""Checks for the exercises of lesson 1 (``01_fit_a_line``).

Each check prints whether the answer is right and, if not, a hint that names
the likely mistake; it never prints the answer. The exercises use the lesson's
data, ``make_linear_data(N_SAMPLES, seed=SEED)``, rebuilt here.
"""

from __future__ import annotations

import numpy as np

from ..data import make_linear_data
from ..linear import least_squares, mse_loss
from . import as_number, close, verdict

# The lesson's data: 50 points around the line slope 3, intercept 8.
N_SAMPLES = 50
SEED = 0
TRUE_PARAMS = (3.0, 8.0)
# Exercise 1.2: the best intercept when the slope is held at the guess's slope.
FIXED_SLOPE = 10.0
GUESS_INTERCEPT = 5.0
# Exercise 1.3: every y multiplied by this (metres to decimetres, say).
SCALE = 10.0


def lesson_data():
    """The lesson's ``x, y``: ``make_linear_data(50, seed=0)``."""
    return make_linear_data(N_SAMPLES, seed=SEED)


def _is(value, expected, rtol=1e-3):
    return value is not None and close(value, expected, rtol=rtol)


def check_true_line_loss(answer):
    """Exercise 1.1: the MSE of the true line (slope 3, intercept 8) on the lesson's data.

    Examples
    --------
    >>> check_true_line_loss(...)
    Exercise 1.1: no answer yet. Replace the ... with your answer and run the cell again.
    """
    x, y = lesson_data()
    residuals = TRUE_PARAMS[0] * x + TRUE_PARAMS[1] - y
    expected = float(np.mean(residuals**2))

    def hint(answer):
        value = as_number(answer)
        if value is None:
            return "Give one number, the mean squared error."
        if _is(value, np.sum(residuals**2)):
            return "You summed the squared residuals; the MSE averages them (divide by the number of points)."
        if _is(value, np.sqrt(expected)):
            return "That is the square root of the MSE (the RMSE); the MSE itself is not rooted."
        if _is(value, np.mean(residuals), rtol=1e-2) or _is(value, -np.mean(residuals), rtol=1e-2):
            return "You averaged the residuals without squaring them: positive and negative misses cancel."
        if _is(value, np.mean(np.abs(residuals))):
            return "That is the mean absolute error; square each residual instead of taking its size."
        if _is(value, mse_loss([FIXED_SLOPE, GUESS_INTERCEPT], x, y)):
            return "That is the loss of the guess (slope 10, intercept 5); this exercise asks about slope 3, intercept 8."
        if _is(value, mse_loss(least_squares(x, y), x, y)):
            return "That is the least-squares line's loss; the true line's is a little different."
        if _is(value, mse_loss([TRUE_PARAMS[1], TRUE_PARAMS[0]], x, y)):
            return "You swapped slope and intercept: the slope multiplies x."
        return "Predict with y_pred = 3 * x + 8, then average the squared residuals (y_pred - y) ** 2."

    verdict("Exercise 1.1", answer, correct=lambda a: _is(as_number(a), expected),
            right=("It is slightly higher than the least-squares line's loss: on a finite sample, the "
                   "line the data came from is not the line that fits them best."),
            hint=hint)


def check_best_intercept_for_slope(answer):
    """Exercise 1.2: the intercept that minimises the MSE when the slope is held at 10.

    Examples
    --------
    >>> check_best_intercept_for_slope(5)
    Exercise 1.2: not yet. That is the guess's intercept; some other intercept fits better with the same slope.
    """
    x, y = lesson_data()
    expected = float(np.mean(y - FIXED_SLOPE * x))

    def hint(answer):
        value = as_number(answer)
        if value is None:
            return "Give one number, the intercept."
        if _is(value, GUESS_INTERCEPT):
            return "That is the guess's intercept; some other intercept fits better with the same slope."
        if _is(value, least_squares(x, y)[1]):
            return ("That is the intercept of the best line overall, where the slope may change too. "
                    "Here the slope stays at 10.")
        if _is(value, TRUE_PARAMS[1]):
            return "That is the true line's intercept; with the slope stuck at 10 the best intercept moves."
        if _is(value, float(np.mean(y))):
            return "The mean of y is the best intercept for slope 0. Subtract the slope's part first."
        if _is(value, float(np.mean(y + FIXED_SLOPE * x))):
            return "Check the sign: the residual is slope * x + intercept - y."
        if _is(value, float(np.sum(y - FIXED_SLOPE * x))):
            return "You summed; setting the derivative to zero gives an average."
        return ("Write the MSE as a function of the intercept alone (slope fixed at 10), set its derivative "
                "to zero and solve.")

    verdict("Exercise 1.2", answer, correct=lambda a: _is(as_number(a), expected),
            right=("With the slope fixed, the best intercept puts the line through the middle of the "
                   "points: it makes the residuals average to zero."),
            hint=hint)


def check_loss_scale_factor(answer):
    """Exercise 1.3: by what factor the least MSE grows when every y is multiplied by 10.

    Examples
    --------
    >>> check_loss_scale_factor(10)
    Exercise 1.3: not yet. The residuals grow 10 times, but the MSE squares them.
    """
    expected = SCALE**2

    def hint(answer):
        value = as_number(answer)
        if value is None:
            return "Give one number, the factor."
        if _is(value, SCALE):
            return f"The residuals grow {SCALE:.0f} times, but the MSE squares them."
        if _is(value, 1.0):
            return "The best line scales with y, and so do its residuals: they do not stay the same."
        if _is(value, 1.0 / expected) or _is(value, 1.0 / SCALE):
            return "Bigger numbers, bigger misses: the loss grows."
        if _is(value, np.sqrt(SCALE)):
            return "The MSE squares the residuals; it does not take their root."
        return "Scale y, and the best line's predictions and residuals scale with it. What does squaring do?"

    verdict("Exercise 1.3", answer, correct=lambda a: _is(as_number(a), expected, rtol=1e-9),
            right=("So a loss value means nothing without its units: the MSE is in units of y squared. "
                   "The best slope and intercept are 10 times larger; the line's shape is the same."),
            hint=hint)


def check_slope_through_origin(answer):
    """Exercise 1.4: the best slope for a line forced through the origin (intercept 0).

    Examples
    --------
    >>> check_slope_through_origin("3")
    Exercise 1.4: not yet. Give one number, the slope.
    """
    x, y = lesson_data()
    expected = float(np.sum(x * y) / np.sum(x * x))

    def hint(answer):
        value = as_number(answer)
        if value is None:
            return "Give one number, the slope."
        if _is(value, least_squares(x, y)[0]):
            return "That is the slope of the best line with a free intercept; here the intercept is held at 0."
        if _is(value, TRUE_PARAMS[0]):
            return "That is the true slope; a line forced through (0, 0) must tilt much more to reach the points."
        if _is(value, float(np.mean(y) / np.mean(x))) or _is(value, float(np.mean(y / x))):
            return ("A ratio of y to x, but not the one that minimises the MSE. Set the derivative of "
                    "mean((slope * x - y) ** 2) with respect to the slope to zero.")
        if _is(value, float(np.sum(x * x) / np.sum(x * y))):
            return "Upside down: solve the equation for the slope again."
        return "Differentiate mean((slope * x - y) ** 2) with respect to the slope, set it to zero and solve."

    verdict("Exercise 1.4", answer, correct=lambda a: _is(as_number(a), expected),
            right=("Without an intercept the line pivots about (0, 0), so it tilts steeply to reach points "
                   "that sit around y = 8 to 11; this is the normal equation with one unknown."),
            hint=hint)


__all__ = ["check_best_intercept_for_slope", "check_loss_scale_factor", "check_slope_through_origin",
           "check_true_line_loss"]
