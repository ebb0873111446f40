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
from ..linear import least_squares, mse_gradient, mse_hessian
from ..training import sgd
from . import Exercise

N_SAMPLES = 50
SEED = 0
# Exercise 2.1: the MSE gradient of the parabola a * x**2 + b * x + c, at these [a, b, c].
PARABOLA_PARAMS = (1.0, 2.0, 7.0)
# Exercise 2.2: the stability limit for data with x spread over [0, 2].
WIDE_X_RANGE = (0.0, 2.0)
WIDE_SEED = 1
# Exercise 2.3: steps from the guess, at this learning rate (just under the limit, where the
# run zigzags), until each param stays within TOLERANCE of least squares: one count per
# param, so that counting one param alone (whichever settles last gives the step from
# which both stay) is not the answer.
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


def parabola_residuals(params, x, y):
    """``a * x**2 + b * x + c - y`` for ``params = [a, b, c]``."""
    return params[0] * x**2 + params[1] * x + params[2] - y


def parabola_gradient():
    """Exercise 2.1: its answer and known mistakes (what a function with each mistake returns)."""
    x, y = lesson_data()
    params = np.array(PARABOLA_PARAMS)
    r = parabola_residuals(params, x, y)
    expected = np.array([2 * np.mean(r * x**2), 2 * np.mean(r * x), 2 * np.mean(r)])
    return Exercise(
        label="Exercise 2.1", expected=expected, call=(params, x, y),
        what="a function that returns three numbers, [d/da, d/db, d/dc]",
        mistakes=(
            (expected / 2, "Half of it: the chain rule brings down the 2 from the square."),
            (-expected, "Check the sign: the residual is y_pred - y, and the gradient points uphill."),
            (expected * len(x), "You summed over the points; the MSE averages, so its gradient does too."),
            (expected * len(x) / 2, "You summed over the points; the MSE averages, so its gradient does too."),
            (expected[::-1], "Right numbers, wrong order: the derivative for a, the coefficient of x**2, comes "
                             "first."),
            ([2 * np.mean(r * x), expected[1], expected[2]], "Look again at d/da: how does a residual change when "
                                                             "a grows by a little?"),
            ([4 * np.mean(r * x), expected[1], expected[2]], "d/da differentiates with respect to a, not x: how "
                                                             "does a residual change when a grows by a little?"),
            (mse_gradient(params[1:], x, y), "That is the gradient of the line's MSE, two numbers; the parabola "
                                             "has three parameters and its residual includes a * x**2."),
        ),
        hint=("Differentiate with respect to one parameter at a time, with the chain rule, as the lesson did for "
              "the line; then compare your function with numerical_gradient on the parabola's MSE."),
        right=("The chain rule gives the same pattern for any model whose prediction is linear in its "
               "parameters: 2 * mean(residual * feature), one feature per parameter (x**2, x and 1 here)."),
    )


def check_parabola_gradient(function):
    """Exercise 2.1: ``function(params, x, y)``, the MSE gradient of ``a * x**2 + b * x + c``, at
    ``params = [1, 2, 7]`` on the lesson's data.

    Examples
    --------
    >>> def parabola_gradient(params, x, y):
    ...     ...
    >>> check_parabola_gradient(parabola_gradient)
    Exercise 2.1: no answer yet. Replace the ... with your answer and run the cell again.
    """
    parabola_gradient().check(function)


def stability_limit():
    """Exercise 2.2: its answer and known mistakes."""
    smallest, largest = np.linalg.eigvalsh(mse_hessian(wide_data()[0]))
    lesson_largest = np.linalg.eigvalsh(mse_hessian(lesson_data()[0]))[-1]
    smallest_used = ("That comes from the flat direction, the smallest eigenvalue. Which direction gives out first as "
                     "the learning rate grows?")
    eigenvalue = "That is an eigenvalue of the Hessian, a curvature; the question asks for a learning rate."
    return Exercise(
        label="Exercise 2.2", expected=2.0 / largest, what="one number, the learning rate",
        possible=(0.0, math.inf, "a learning rate is positive"),
        mistakes=(
            (1.0 / largest, "Gradient descent still converges above that rate: the error may flip sign at "
                            "every step and still shrink."),
            (2.0 / smallest, smallest_used), (1.0 / smallest, smallest_used),
            (largest, eigenvalue), (smallest, eigenvalue),
            (4.0 / largest, "The Hessian of the MSE carries a factor 2 (from the square); use mse_hessian(x) as "
                            "it is."),
            (2.0 / lesson_largest, "That is the limit for the lesson's data, x in [0, 1]; here x spreads over "
                                   "[0, 2]."),
            (2.0 / (smallest + largest), "That is the best constant rate for the worst case, not the boundary "
                                         "of stability."),
        ),
        hint=("Which direction gives out first as the learning rate grows? The section on the edge of stability "
              "says where that happens, for any data."),
        right=("Much smaller than for x in [0, 1]: larger x makes the loss steeper in the slope, so the same "
               "learning rate would overshoot. That is one reason to rescale features (lesson 4)."),
    )


def check_stability_limit(answer):
    """Exercise 2.2: the boundary of the stable learning rates (``2 / lambda_max``) for x over [0, 2].

    Examples
    --------
    >>> check_stability_limit("0.4")
    Exercise 2.2: not yet. Give a number, not text: write 0.5, not "0.5".
    """
    stability_limit().check(answer)


def steps_to_tolerance():
    """Exercise 2.3: its answer and known mistakes: for each param, the first step from which on it stays
    within 0.01 (the count of :func:`updates_to_reach`, one param at a time)."""
    x, y = lesson_data()
    best = least_squares(x, y)

    def each_stays(start=GUESS, tolerance=TOLERANCE):
        run = sgd(mse_gradient, x, y, start, learning_rate=STEPS_LEARNING_RATE, n_epochs=2000)
        return [updates_to_reach(run.params[:, [i]], best[[i]], tolerance=tolerance) for i in (0, 1)], run

    expected, run = each_stays()
    within = np.abs(run.params - best) < TOLERANCE
    both = updates_to_reach(run, best, tolerance=TOLERANCE)
    return Exercise(
        label="Exercise 2.3", expected=expected, sig_figs=None,
        what="two whole numbers, [the slope's step, the intercept's step]",
        possible=(0, math.inf, "a number of steps is never negative"),
        mistakes=(
            ([int(np.argmax(within[:, 0])), int(np.argmax(within[:, 1]))],
             "Those are the steps at which each parameter first comes within 0.01; at this rate the run zigzags "
             "and leaves again. Count from when each one stays."),
            ([both, both], "Both numbers are the step from which both parameters stay; count each parameter on "
                           "its own."),
            (expected[::-1], "Right numbers, wrong order: the slope's step first, then the intercept's."),
            (each_stays(tolerance=TOLERANCE / 10)[0], "Those are for 1e-3; this exercise asks for 0.01."),
            (each_stays(start=np.random.default_rng(0).standard_normal(2))[0],
             "Those start from the random start; this exercise starts from the guess (10, 5)."),
        ),
        hint=("A parameter stays within 0.01 from the step after the last one at which it is 0.01 or more away. "
              "The start is step 0: step t holds the params after t updates."),
        right=("The intercept settles last, so both stay within 0.01 from the later step on: that is what "
               "steps_to_reach counts. At 0.75 the zigzag across the valley is the slowest part of the error, and "
               "the steep direction moves mostly the intercept."),
    )


def check_steps_to_tolerance(answer):
    """Exercise 2.3: for the slope and for the intercept, the step from which on each stays within 0.01 of
    least squares (rate 0.75, from the guess).

    Examples
    --------
    >>> check_steps_to_tolerance([2.5, 3])
    Exercise 2.3: not yet. Give two whole numbers, [the slope's step, the intercept's step].
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
            (rate * largest - 1.0, "Picture one step along the steep direction: does it stop short of the valley's "
                                   "floor, or cross it? The 0.76 panel shows what such a rate does."),
            (1.0 - rate * smallest, flattest), (rate * smallest - 1.0, flattest),
            (rate * largest, "That is learning_rate * lambda_max: it says where the rate sits, not what one step "
                             "does to the error. Go back to the warm-up's update of the error e."),
            ((1.0 - rate * largest) ** 2, "That is what a step does to the excess loss along the steep direction, "
                                          "which goes with the error squared; the question asks about the error."),
            (1.0 - 2.0 * rate * largest, inside), (1.0 - rate * largest / 2.0, inside),
            (1.0 - rate * wide_largest, "That uses exercise 2.2's x_wide; this one is about the lesson's x."),
        ),
        hint=("Along an eigenvector of the Hessian the descent is the one-dimensional warm-up, with lambda_max "
              "as the curvature."),
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


EXERCISES = {"check_parabola_gradient": parabola_gradient, "check_stability_limit": stability_limit,
             "check_steps_to_tolerance": steps_to_tolerance, "check_steep_direction_factor": steep_direction_factor}

__all__ = ["check_parabola_gradient", "check_stability_limit", "check_steep_direction_factor",
           "check_steps_to_tolerance"]
