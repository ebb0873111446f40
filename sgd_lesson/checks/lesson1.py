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
# Exercise 1.5: the check's own data (not the lesson's: a function that ignores its
# chunks and fits the lesson's x and y must not pass), read in chunks of this many points.
STREAM = {"n_samples": 45, "slope": -2.0, "intercept": 4.0, "noise_std": 0.5, "seed": 7}
CHUNK = 20


def lesson_data():
    """The lesson's ``x, y``: ``make_linear_data(50, seed=0)``."""
    return make_linear_data(N_SAMPLES, seed=SEED)


def true_line_gap():
    """Exercise 1.1: its answer and known mistakes."""
    x, y = lesson_data()
    residuals = TRUE_PARAMS[0] * x + TRUE_PARAMS[1] - y
    true_loss, best_loss = float(np.mean(residuals**2)), mse_loss(least_squares(x, y), x, y)
    gap = true_loss - best_loss
    return Exercise(
        label="Exercise 1.1", expected=gap, what="one number, the difference of two MSEs",
        possible=(0.0, math.inf, "least squares has the lowest MSE of any line on these points, so no line's MSE "
                                 "is below it"),
        mistakes=(
            (-gap, "Check the order: the true line's MSE minus the least-squares line's."),
            (true_loss, "That is the true line's MSE itself; subtract the least-squares line's MSE from it."),
            (best_loss, "That is the least-squares line's MSE; the exercise asks how the true line's compares."),
            (len(x) * gap, "You summed the squared residuals; the MSE averages them (divide by the number of "
                           "points)."),
            (np.sqrt(true_loss) - np.sqrt(best_loss), "Those are square roots of MSEs (RMSEs); compare the MSEs "
                                                      "themselves."),
            (mse_loss(TRUE_PARAMS[::-1], x, y) - best_loss, "You swapped slope and intercept: the slope "
                                                             "multiplies x."),
            (mse_loss([FIXED_SLOPE, GUESS_INTERCEPT], x, y) - best_loss, "That uses the guess (slope 10, intercept "
                                                                        "5); this exercise is about slope 3, "
                                                                        "intercept 8."),
            (np.mean(np.abs(residuals)) - np.mean(np.abs(y - least_squares(x, y)[0] * x - least_squares(x, y)[1])),
             "Those are mean absolute errors; square each residual instead of taking its size."),
        ),
        hint="Compute both MSEs on the lesson's 50 points with mse_loss.",
        right=("Larger, and it has to be: least squares has the lowest MSE of any line on these 50 points, the "
               "true line included. The true line is the best on average over all possible noise, not on this "
               "particular sample."),
    )


def check_true_line_gap(answer):
    """Exercise 1.1: the true line's MSE (slope 3, intercept 8) minus the least-squares line's.

    Examples
    --------
    >>> check_true_line_gap(...)
    Exercise 1.1: no answer yet. Replace the ... with your answer and run the cell again.
    """
    true_line_gap().check(answer)


def best_intercept_for_slope():
    """Exercise 1.2: its answer and known mistakes."""
    x, y = lesson_data()
    expected = float(np.mean(y - FIXED_SLOPE * x))
    sign = "Check the signs: the residual is slope * x + intercept - y."
    return Exercise(
        label="Exercise 1.2", expected=expected, what="one number, the intercept",
        mistakes=(
            (GUESS_INTERCEPT, "That is the guess's intercept; some other intercept fits better with the same "
                              "slope."),
            (least_squares(x, y)[1], "That is the intercept of the best line overall, where the slope may change "
                                     "too. Here the slope stays at 10."),
            (TRUE_PARAMS[1], "That is the true line's intercept; with the slope stuck at 10 the best intercept "
                             "moves."),
            (np.mean(y), "The mean of y is the best intercept for slope 0; here the slope is 10."),
            (np.mean(y + FIXED_SLOPE * x), sign),
            (-expected, sign),
            (np.sum(y - FIXED_SLOPE * x), "You summed; setting the derivative to zero gives an average."),
        ),
        hint=("With the slope fixed at 10 the MSE is a parabola in the intercept alone: where is its derivative "
              "zero?"),
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
        hint=("What happens to the best line when every y is 10 times larger, and to its residuals? The MSE is "
              "built from them."),
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
        hint=("With the intercept fixed at 0 the MSE is a parabola in the slope alone: find where its derivative "
              "is zero, as the lesson did for the closed form."),
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


class OnePass:
    """Chunks ``(x_chunk, y_chunk)`` that can be read only once, like a file too big to hold:
    a second pass raises an error that says so."""

    def __init__(self, chunks):
        self.chunks, self.read = chunks, False

    def __iter__(self):
        if self.read:
            raise RuntimeError("the chunks can be read only once: build every sum in the same pass")
        self.read = True
        return iter(self.chunks)


def stream_data():
    """Exercise 1.5's data: ``make_linear_data(45, slope=-2.0, intercept=4.0, noise_std=0.5, seed=7)``."""
    return make_linear_data(**STREAM)


def stream_chunks():
    """Exercise 1.5's chunks: the check's 45 points in their order, 20 at a time (the last chunk holds 5)."""
    x, y = stream_data()
    return [(x[i : i + CHUNK], y[i : i + CHUNK]) for i in range(0, len(x), CHUNK)]


def fit_in_one_pass():
    """Exercise 1.5: its answer and known mistakes (what a function with each mistake returns), on the check's
    own data, so that a function must read its chunks to pass."""
    x, y = stream_data()
    chunks = stream_chunks()
    stream = OnePass(chunks)
    fits = np.array([least_squares(x_chunk, y_chunk) for x_chunk, y_chunk in chunks])
    sizes = np.array([len(x_chunk) for x_chunk, _ in chunks])
    per_point = [(np.column_stack([x_chunk, np.ones_like(x_chunk)]), y_chunk) for x_chunk, y_chunk in chunks]
    averaged = np.linalg.solve(sum(a.T @ a / len(a) for a, _ in per_point), sum(a.T @ b / len(a) for a, b in per_point))
    best = least_squares(x, y)
    reset = "That is the fit of the last chunk alone: are the sums started afresh inside the loop?"
    return Exercise(
        label="Exercise 1.5", expected=best, what="a function that returns two numbers, [slope, intercept]",
        call=(stream,),
        after_call=lambda chunks: None if chunks.read else (
            "Your function never read its chunks: the check passes it data of its own, not the lesson's x and y."),
        mistakes=(
            (fits[-1], reset),
            (fits[0], "That is the fit of the first chunk alone: does the function return inside the loop?"),
            (fits.mean(axis=0), "That averages the fits of the chunks; least squares on all the points is not the "
                                "average of the chunks' fits. Add up the sums instead, and solve once."),
            (sizes @ fits / sizes.sum(), "That weighs the chunks' fits by their sizes, but a fit is not additive; "
                                         "the sums are. Add up the sums, and solve once."),
            (averaged, "The chunks differ in size: add the sums themselves, not each chunk's averages."),
            (best[::-1], "Right numbers, wrong order: params are [slope, intercept]."),
            (float(np.sum(x * y) / np.sum(x * x)), "That is the best line through the origin: the design matrix "
                                                   "needs its column of ones for the intercept."),
            (least_squares(*lesson_data()), "That is the lesson's line: fit the points in the chunks the "
                                             "function is given."),
        ),
        hint=("A^T A and A^T y are sums over the points, so each chunk adds its own rows' share to them. Test your "
              "function first on the lesson's data as one chunk, [(x, y)], against least_squares(x, y)."),
        right=("Every point was read once, and only the five sums (n, the sums of x, y, x^2 and x y) were kept: "
               "that is why the normal equations do not need all the data in memory."),
    )


def check_fit_in_one_pass(function):
    """Exercise 1.5: ``function(chunks)``, the least-squares line from chunks read once, on data of the check's own.

    Examples
    --------
    >>> def fit(chunks):
    ...     ...
    >>> check_fit_in_one_pass(fit)
    Exercise 1.5: no answer yet. Replace the ... with your answer and run the cell again.
    """
    fit_in_one_pass().check(function)


EXERCISES = {"check_true_line_gap": true_line_gap, "check_best_intercept_for_slope": best_intercept_for_slope,
             "check_loss_scale_factor": loss_scale_factor, "check_slope_through_origin": slope_through_origin,
             "check_fit_in_one_pass": fit_in_one_pass}

__all__ = ["check_best_intercept_for_slope", "check_fit_in_one_pass", "check_loss_scale_factor",
           "check_slope_through_origin", "check_true_line_gap"]
