"""Checks for the exercises of lesson 2 (``02_gradient_descent``).

Each check prints whether the answer is right and, if not, a hint that names
the likely mistake; it never prints the answer. The exercises use the lesson's
data, ``make_linear_data(N_SAMPLES, seed=SEED)``, rebuilt here, and the numbers
fixed below, which the notebook states. Numbers are checked to 3 significant
figures, counts exactly.
"""

from __future__ import annotations

import math

import numpy as np

from ..convergence import updates_to_reach
from ..data import make_linear_data
from ..linear import least_squares, mse_gradient, mse_hessian, mse_loss
from ..training import sgd
from . import Exercise

N_SAMPLES = 50
SEED = 0
# Exercise 2.1: the gradient at the true line.
TRUE_PARAMS = (3.0, 8.0)
# Exercise 2.2: the stability limit for data with x spread over [0, 2].
WIDE_X_RANGE = (0.0, 2.0)
WIDE_SEED = 1
# Exercise 2.3: steps from the guess, at this learning rate (just under the limit, where the
# run zigzags), until both params stay within TOLERANCE of least squares.
GUESS = (10.0, 5.0)
STEPS_LEARNING_RATE = 0.75
TOLERANCE = 1e-2
# Exercise 2.4: the factor on the error along the steepest direction, per step, at this rate.
FACTOR_LEARNING_RATE = 0.7


def lesson_data():
    """The lesson's ``x, y``: ``make_linear_data(50, seed=0)``."""
    return make_linear_data(N_SAMPLES, seed=SEED)


def wide_data():
    """Exercise 2.2's data: ``make_linear_data(50, x_range=(0.0, 2.0), seed=1)``."""
    return make_linear_data(N_SAMPLES, x_range=WIDE_X_RANGE, seed=WIDE_SEED)


def gradient_at_true_line():
    """Exercise 2.1: its answer and known mistakes."""
    x, y = lesson_data()
    expected = mse_gradient(TRUE_PARAMS, x, y)
    residual = TRUE_PARAMS[0] * x + TRUE_PARAMS[1] - y
    return Exercise(
        label="Exercise 2.1", expected=expected, what="two numbers, [d/dslope, d/dintercept], as a list or an array",
        mistakes=(
            ([0.0, 0.0], "Not zero: the true line is not the least-squares line of these 50 points, so the loss "
                         "still slopes there."),
            (expected / 2, "Half of it: the chain rule brings down the 2 from the square."),
            (expected * len(x), "You summed over the points; the MSE averages, so its gradient does too."),
            (expected * len(x) / 2, "You summed over the points; the MSE averages, so its gradient does too."),
            (-expected, "Check the sign: the residual is y_pred - y, and the gradient points uphill."),
            (expected[::-1], "Right numbers, wrong order: the slope's derivative comes first."),
            ([2 * np.mean(residual), expected[1]], "The slope's derivative is missing a factor: "
                                                   "d(residual_i)/d(slope) = x_i."),
        ),
        hint="Use the formulas derived above at slope 3, intercept 8, on the lesson's x and y.",
        right=("Both parts are small and negative: the loss still falls a little towards a larger slope and "
               "intercept, where the least-squares line sits."),
    )


def check_gradient_at_true_line(answer):
    """Exercise 2.1: the MSE gradient ``[d/dslope, d/dintercept]`` at slope 3, intercept 8.

    Examples
    --------
    >>> check_gradient_at_true_line(...)
    Exercise 2.1: no answer yet. Replace the ... with your answer and run the cell again.
    """
    gradient_at_true_line().check(answer)


def stability_limit():
    """Exercise 2.2: its answer and known mistakes."""
    smallest, largest = np.linalg.eigvalsh(mse_hessian(wide_data()[0]))
    lesson_largest = np.linalg.eigvalsh(mse_hessian(lesson_data()[0]))[-1]
    smallest_used = "That uses the smallest eigenvalue; the steepest direction, the largest one, sets the limit."
    eigenvalue = "That is an eigenvalue itself; the learning rate limit is 2 divided by the largest one."
    return Exercise(
        label="Exercise 2.2", expected=2.0 / largest, what="one number, the learning rate",
        possible=(0.0, math.inf, "a learning rate is positive"),
        mistakes=(
            (1.0 / largest, "That rate is stable, but not the boundary: the error may flip sign each step and "
                            "still shrink."),
            (2.0 / smallest, smallest_used), (1.0 / smallest, smallest_used),
            (largest, eigenvalue), (smallest, eigenvalue),
            (4.0 / largest, "The Hessian of the MSE carries a factor 2 (from the square); use mse_hessian(x) as "
                            "it is."),
            (2.0 / lesson_largest, "That is the limit for the lesson's data, x in [0, 1]; here x spreads over "
                                   "[0, 2]."),
            (2.0 / (smallest + largest), "That is the best constant rate for the worst case, not the boundary "
                                         "of stability."),
        ),
        hint="Build the data, take the largest eigenvalue of mse_hessian(x), and divide 2 by it.",
        right=("Much smaller than for x in [0, 1]: larger x makes the loss steeper in the slope, so the same "
               "learning rate would overshoot. That is one reason to rescale features (lesson 4)."),
    )


def check_stability_limit(answer):
    """Exercise 2.2: the boundary of stable learning rates, ``2 / lambda_max``, for x spread over [0, 2].

    Examples
    --------
    >>> check_stability_limit("0.4")
    Exercise 2.2: not yet. Give a number, not text: write 0.5, not "0.5".
    """
    stability_limit().check(answer)


def steps_to_tolerance():
    """Exercise 2.3: its answer and known mistakes (the count of :func:`updates_to_reach`)."""
    x, y = lesson_data()
    best = least_squares(x, y)
    run = sgd(mse_gradient, x, y, GUESS, learning_rate=STEPS_LEARNING_RATE, n_epochs=2000, loss_fn=mse_loss)
    expected = updates_to_reach(run, best, tolerance=TOLERANCE)
    within = np.abs(run.params - best) < TOLERANCE
    one_off = "One off: the start is step 0, and the count is the first step from which on both stay within 0.01."
    return Exercise(
        label="Exercise 2.3", expected=expected, sig_figs=None, what="a whole number of steps",
        possible=(0, math.inf, "a number of steps is never negative"),
        mistakes=(
            (int(np.argmax(within.all(axis=1))), "That is the first step at which both are within 0.01; at this "
                                                 "rate the run zigzags and leaves again. Count from when they stay."),
            (updates_to_reach(run.params[:, :1], best[:1], tolerance=TOLERANCE), "That is when the slope stays "
                                                                                 "within 0.01; both must."),
            (int(np.argmax(within[:, 0])), "That is when the slope first comes within 0.01; both must, and stay."),
            (int(np.argmax(within[:, 1])), "That is when the intercept first comes within 0.01; both must, and "
                                           "stay."),
            (int(np.argmax(run.losses - mse_loss(best, x, y) < TOLERANCE)), "That is when the loss comes within "
                                                                            "0.01 of its minimum; the question is "
                                                                            "about the parameters."),
            (updates_to_reach(run, best, tolerance=TOLERANCE / 10), "That is for 1e-3; this exercise asks for "
                                                                    "0.01."),
            (expected - 1, one_off), (expected + 1, one_off),
        ),
        hint=("Run sgd from the guess at learning rate 0.75, take each step's largest distance "
              "|params - least_squares(x, y)|, and find the first step after which it never again reaches 0.01."),
        right=("A run that zigzags passes through the tolerance before it stays there: counting from the first "
               "visit would flatter it. Lesson 4's updates_to_reach counts the same way."),
    )


def check_steps_to_tolerance(answer):
    """Exercise 2.3: the step from which on both params stay within 0.01 of least squares (rate 0.75).

    Examples
    --------
    >>> check_steps_to_tolerance(2.5)
    Exercise 2.3: not yet. Give a whole number of steps.
    """
    steps_to_tolerance().check(answer)


def steep_direction_factor():
    """Exercise 2.4: its answer and known mistakes."""
    smallest, largest = np.linalg.eigvalsh(mse_hessian(lesson_data()[0]))
    wide_largest = np.linalg.eigvalsh(mse_hessian(wide_data()[0]))[-1]
    rate = FACTOR_LEARNING_RATE
    flattest = "That is the flattest direction, with the smallest eigenvalue; the steepest has the largest."
    inside = "Use the eigenvalue of mse_hessian(x) as it is: the 2 of the MSE is already inside it."
    return Exercise(
        label="Exercise 2.4", expected=1.0 - rate * largest, what="one number, the factor",
        mistakes=(
            (rate * largest - 1.0, "For a rate this large, on which side of the valley's floor does a step "
                                   "land? Write the error after one step as a multiple of the error before."),
            (1.0 - rate * smallest, flattest), (rate * smallest - 1.0, flattest),
            (rate * largest, "That is how much of the error one step takes away, as a multiple of the error; "
                             "the factor is what is left of it."),
            (1.0 - 2.0 * rate * largest, inside), (1.0 - rate * largest / 2.0, inside),
            (1.0 - rate * wide_largest, "That uses exercise 2.2's x_wide; this one is about the lesson's x."),
        ),
        hint="Along an eigenvector of the Hessian, one update multiplies the error by 1 - learning_rate * lambda.",
        right=("Negative: each step overshoots to the other side of the valley (the zigzag), and the size below "
               "1 means the zigzag still shrinks. Above 2 / lambda_max the size passes 1."),
    )


def check_steep_direction_factor(answer):
    """Exercise 2.4: the factor the error along the steepest direction is multiplied by at each step (rate 0.7).

    Examples
    --------
    >>> check_steep_direction_factor([-1, 1])
    Exercise 2.4: not yet. Give one number, the factor.
    """
    steep_direction_factor().check(answer)


EXERCISES = {"check_gradient_at_true_line": gradient_at_true_line, "check_stability_limit": stability_limit,
             "check_steps_to_tolerance": steps_to_tolerance, "check_steep_direction_factor": steep_direction_factor}

__all__ = ["check_gradient_at_true_line", "check_stability_limit", "check_steep_direction_factor",
           "check_steps_to_tolerance"]
