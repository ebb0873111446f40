"""Checks for the exercises of lesson 1 (``01_fit_a_line``).

Each check prints whether the answer is right and, if not, a hint that names
the likely mistake; it never prints the answer. The exercises use the lesson's
data, ``make_linear_data(N_SAMPLES, seed=SEED)``, rebuilt here. Numbers are
checked to 3 significant figures, as the lesson's exercises ask.
"""

from __future__ import annotations

import math

import numpy as np

from ..data import make_linear_data
from ..linear import least_squares, mse_loss
from . import Exercise

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


def true_line_loss():
    """Exercise 1.1: its answer and known mistakes."""
    x, y = lesson_data()
    residuals = TRUE_PARAMS[0] * x + TRUE_PARAMS[1] - y
    return Exercise(
        label="Exercise 1.1", expected=float(np.mean(residuals**2)), what="one number, the mean squared error",
        possible=(0.0, math.inf, "an MSE averages squares, so it is never negative"),
        mistakes=(
            (np.sum(residuals**2), "You summed the squared residuals; the MSE averages them (divide by the "
                                   "number of points)."),
            (np.sqrt(np.mean(residuals**2)), "That is the square root of the MSE (the RMSE); the MSE itself is "
                                             "not rooted."),
            (np.mean(residuals), "You averaged the residuals without squaring them: positive and negative misses "
                                 "cancel."),
            (-np.mean(residuals), "You averaged the residuals without squaring them: positive and negative "
                                  "misses cancel."),
            (np.mean(np.abs(residuals)), "That is the mean absolute error; square each residual instead of "
                                         "taking its size."),
            (mse_loss([FIXED_SLOPE, GUESS_INTERCEPT], x, y), "That is the loss of the guess (slope 10, intercept "
                                                             "5); this exercise asks about slope 3, intercept 8."),
            (mse_loss(least_squares(x, y), x, y), "That is the least-squares line's loss; the true line's is a "
                                                  "little different."),
            (mse_loss(TRUE_PARAMS[::-1], x, y), "You swapped slope and intercept: the slope multiplies x."),
        ),
        hint="Predict with y_pred = 3 * x + 8, then average the squared residuals (y_pred - y) ** 2.",
        right=("It is slightly higher than the least-squares line's loss: on a finite sample, the line the data "
               "came from is not the line that fits them best."),
    )


def check_true_line_loss(answer):
    """Exercise 1.1: the MSE of the true line (slope 3, intercept 8) on the lesson's data.

    Examples
    --------
    >>> check_true_line_loss(...)
    Exercise 1.1: no answer yet. Replace the ... with your answer and run the cell again.
    """
    true_line_loss().check(answer)


def best_intercept_for_slope():
    """Exercise 1.2: its answer and known mistakes."""
    x, y = lesson_data()
    expected = float(np.mean(y - FIXED_SLOPE * x))
    sign = "Check the sign: the residual is slope * x + intercept - y, so the intercept is mean(y - slope * x)."
    return Exercise(
        label="Exercise 1.2", expected=expected, what="one number, the intercept",
        mistakes=(
            (GUESS_INTERCEPT, "That is the guess's intercept; some other intercept fits better with the same "
                              "slope."),
            (least_squares(x, y)[1], "That is the intercept of the best line overall, where the slope may change "
                                     "too. Here the slope stays at 10."),
            (TRUE_PARAMS[1], "That is the true line's intercept; with the slope stuck at 10 the best intercept "
                             "moves."),
            (np.mean(y), "The mean of y is the best intercept for slope 0. Subtract the slope's part first."),
            (np.mean(y + FIXED_SLOPE * x), sign),
            (-expected, sign),
            (np.sum(y - FIXED_SLOPE * x), "You summed; setting the derivative to zero gives an average."),
        ),
        hint=("Write the MSE as a function of the intercept alone (slope fixed at 10), set its derivative to "
              "zero and solve."),
        right=("With the slope fixed, the best intercept puts the line through the middle of the points: it "
               "makes the residuals average to zero."),
    )


def check_best_intercept_for_slope(answer):
    """Exercise 1.2: the intercept that minimises the MSE when the slope is held at 10.

    Examples
    --------
    >>> check_best_intercept_for_slope(5)
    Exercise 1.2: not yet. That is the guess's intercept; some other intercept fits better with the same slope.
    """
    best_intercept_for_slope().check(answer)


def loss_scale_factor():
    """Exercise 1.3: its answer and known mistakes."""
    return Exercise(
        label="Exercise 1.3", expected=SCALE**2, what="one number, the factor",
        possible=(0.0, math.inf, "a ratio of two MSEs is never negative"),
        mistakes=(
            (SCALE, "That is how much each residual grows. In what units is the MSE?"),
            (1.0, "The best line scales with y, and so do its residuals: they do not stay the same."),
            (1.0 / SCALE**2, "Bigger numbers, bigger misses: the loss grows."),
            (1.0 / SCALE, "Bigger numbers, bigger misses: the loss grows."),
            (np.sqrt(SCALE), "The MSE squares the residuals; it does not take their root."),
        ),
        hint="Scale y, and the best line's predictions and residuals scale with it. What does squaring do?",
        right=("So a loss value means nothing without its units: the MSE is in units of y squared. The best "
               "slope and intercept are 10 times larger; the line's shape is the same."),
    )


def check_loss_scale_factor(answer):
    """Exercise 1.3: by what factor the least MSE grows when every y is multiplied by 10.

    Examples
    --------
    >>> check_loss_scale_factor(10)
    Exercise 1.3: not yet. That is how much each residual grows. In what units is the MSE?
    """
    loss_scale_factor().check(answer)


def slope_through_origin():
    """Exercise 1.4: its answer and known mistakes."""
    x, y = lesson_data()
    ratio = ("A ratio of y to x, but not the one that minimises the MSE. Set the derivative of "
             "mean((slope * x - y) ** 2) with respect to the slope to zero.")
    return Exercise(
        label="Exercise 1.4", expected=float(np.sum(x * y) / np.sum(x * x)), what="one number, the slope",
        mistakes=(
            (least_squares(x, y)[0], "That is the slope of the best line with a free intercept; here the "
                                     "intercept is held at 0."),
            (TRUE_PARAMS[0], "That is the true slope; a line forced through (0, 0) must tilt much more to reach "
                             "the points."),
            (np.mean(y) / np.mean(x), ratio),
            (np.mean(y / x), ratio),
            (np.sum(x * x) / np.sum(x * y), "Upside down: solve the equation for the slope again."),
        ),
        hint="Differentiate mean((slope * x - y) ** 2) with respect to the slope, set it to zero and solve.",
        right=("Without an intercept the line pivots about (0, 0), so it tilts steeply to reach points that sit "
               "around y = 8 to 11; this is the normal equation with one unknown."),
    )


def check_slope_through_origin(answer):
    """Exercise 1.4: the best slope for a line forced through the origin (intercept 0).

    Examples
    --------
    >>> check_slope_through_origin("3")
    Exercise 1.4: not yet. Give a number, not text: write 0.5, not "0.5".
    """
    slope_through_origin().check(answer)


EXERCISES = {"check_true_line_loss": true_line_loss, "check_best_intercept_for_slope": best_intercept_for_slope,
             "check_loss_scale_factor": loss_scale_factor, "check_slope_through_origin": slope_through_origin}

__all__ = ["check_best_intercept_for_slope", "check_loss_scale_factor", "check_slope_through_origin",
           "check_true_line_loss"]
