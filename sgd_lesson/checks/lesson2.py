"""Checks for the exercises of lesson 2 (``02_gradient_descent``).

Each check prints whether the answer is right and, if not, a hint that names
the likely mistake; it never prints the answer. The exercises use the lesson's
data, ``make_linear_data(N_SAMPLES, seed=SEED)``, rebuilt here, and the numbers
fixed below, which the notebook states.
"""

from __future__ import annotations

import numpy as np

from ..data import make_linear_data
from ..linear import least_squares, mse_gradient, mse_hessian
from ..training import sgd
from . import as_number, as_vector, close, verdict

N_SAMPLES = 50
SEED = 0
# Exercise 2.1: the gradient at the true line.
TRUE_PARAMS = (3.0, 8.0)
# Exercise 2.2: the stability limit for data with x spread over [0, 2].
WIDE_X_RANGE = (0.0, 2.0)
WIDE_SEED = 1
# Exercise 2.3: steps from the guess, at this learning rate, until within TOLERANCE of least squares.
GUESS = (10.0, 5.0)
STEPS_LEARNING_RATE = 0.5
TOLERANCE = 1e-3
# Exercise 2.4: the factor on the error along the steepest direction, per step, at this rate.
FACTOR_LEARNING_RATE = 0.7


def lesson_data():
    """The lesson's ``x, y``: ``make_linear_data(50, seed=0)``."""
    return make_linear_data(N_SAMPLES, seed=SEED)


def wide_data():
    """Exercise 2.2's data: ``make_linear_data(50, x_range=(0.0, 2.0), seed=1)``."""
    return make_linear_data(N_SAMPLES, x_range=WIDE_X_RANGE, seed=WIDE_SEED)


def _is(value, expected, rtol=1e-3):
    return value is not None and close(value, expected, rtol=rtol)


def check_gradient_at_true_line(answer):
    """Exercise 2.1: the MSE gradient ``[d/dslope, d/dintercept]`` at slope 3, intercept 8.

    Examples
    --------
    >>> check_gradient_at_true_line(...)
    Exercise 2.1: no answer yet. Replace the ... with your answer and run the cell again.
    """
    x, y = lesson_data()
    expected = mse_gradient(TRUE_PARAMS, x, y)
    residual = TRUE_PARAMS[0] * x + TRUE_PARAMS[1] - y

    def matches(vector, candidate):
        return vector is not None and close(vector, candidate, rtol=1e-3, atol=1e-7)

    def hint(answer):
        vector = as_vector(answer, 2)
        if vector is None:
            return "Give two numbers, [d/dslope, d/dintercept], as a list or an array."
        if matches(vector, np.zeros(2)):
            return ("Not zero: the true line is not the least-squares line of these 50 points, so the "
                    "loss still slopes there.")
        if matches(vector, expected / 2):
            return "Half of it: the chain rule brings down the 2 from the square."
        if matches(vector, expected * len(x)) or matches(vector, expected * len(x) / 2):
            return "You summed over the points; the MSE averages, so its gradient does too."
        if matches(vector, -expected):
            return "Check the sign: the residual is y_pred - y, and the gradient points uphill."
        if matches(vector, expected[::-1]):
            return "Right numbers, wrong order: the slope's derivative comes first."
        if matches(vector[1:], expected[1:]) and matches(vector[:1], [2 * np.mean(residual)]):
            return "The slope's derivative is missing a factor: d(residual_i)/d(slope) = x_i."
        if matches(vector[:1], expected[:1]) and not matches(vector[1:], expected[1:]):
            return "The slope's part is right; look again at d/dintercept, where d(residual_i)/d(intercept) = 1."
        if matches(vector[1:], expected[1:]) and not matches(vector[:1], expected[:1]):
            return "The intercept's part is right; look again at d/dslope, where d(residual_i)/d(slope) = x_i."
        return "Use the formulas derived above at slope 3, intercept 8, on the lesson's x and y."

    verdict("Exercise 2.1", answer, correct=lambda a: matches(as_vector(a, 2), expected),
            right=("Both parts are small and negative: the loss still falls a little towards a larger slope "
                   "and intercept, where the least-squares line sits."),
            hint=hint)


def check_stability_limit(answer):
    """Exercise 2.2: the largest stable learning rate, ``2 / lambda_max``, for x spread over [0, 2].

    Examples
    --------
    >>> check_stability_limit([0.4])
    Exercise 2.2: not yet. Give one number, the learning rate.
    """
    x, _ = wide_data()
    eigenvalues = np.linalg.eigvalsh(mse_hessian(x))
    smallest, largest = float(eigenvalues[0]), float(eigenvalues[-1])
    expected = 2.0 / largest
    lesson_largest = float(np.linalg.eigvalsh(mse_hessian(lesson_data()[0]))[-1])

    def hint(answer):
        value = as_number(answer)
        if value is None or isinstance(answer, (list, tuple)):
            return "Give one number, the learning rate."
        if _is(value, 1.0 / largest):
            return "That rate is stable, but not the largest: the error may flip sign each step and still shrink."
        if _is(value, 2.0 / smallest) or _is(value, 1.0 / smallest):
            return "That uses the smallest eigenvalue; the steepest direction, the largest one, sets the limit."
        if _is(value, largest) or _is(value, smallest):
            return "That is an eigenvalue itself; the learning rate limit is 2 divided by the largest one."
        if _is(value, 2.0 / lesson_largest):
            return "That is the limit for the lesson's data, x in [0, 1]; here x spreads over [0, 2]."
        if _is(value, 2.0 / (smallest + largest)):
            return "That is the best constant rate for the worst case, not the largest stable one."
        return "Build the data, take the largest eigenvalue of mse_hessian(x), and divide 2 by it."

    verdict("Exercise 2.2", answer, correct=lambda a: _is(as_number(a), expected),
            right=("Much smaller than for x in [0, 1]: larger x makes the loss steeper in the slope, so the "
                   "same learning rate would overshoot. That is one reason to rescale features (lesson 4)."),
            hint=hint)


def _steps_to_tolerance(learning_rate):
    x, y = lesson_data()
    run = sgd(mse_gradient, x, y, GUESS, learning_rate=learning_rate, n_epochs=2000)
    distance = np.abs(run.params - least_squares(x, y)).max(axis=1)
    return int(np.argmax(distance < TOLERANCE))


def check_steps_to_tolerance(answer):
    """Exercise 2.3: updates from the guess at learning rate 0.5 until within 1e-3 of least squares.

    Examples
    --------
    >>> check_steps_to_tolerance(2.5)
    Exercise 2.3: not yet. Give a whole number of updates.
    """
    expected = _steps_to_tolerance(STEPS_LEARNING_RATE)

    def hint(answer):
        value = as_number(answer)
        if value is None or value != round(value):
            return "Give a whole number of updates."
        if value in (expected - 1, expected + 1):
            return ("One off: count updates, with the start as update 0, and stop at the first one "
                    "where both parameters are within 1e-3.")
        if value < expected:
            return "Too few: after that many updates at least one parameter is still more than 1e-3 away."
        return "Too many: the run is within 1e-3 of least squares earlier than that."

    verdict("Exercise 2.3", answer, correct=lambda a: as_number(a) == expected,
            right=("Fewer than at 1 / lambda_max: from the guess, most of the error lies along the flat "
                   "valley, and a larger rate shrinks it faster, as long as it stays below 2 / lambda_max."),
            hint=hint)


def check_steep_direction_factor(answer):
    """Exercise 2.4: the factor the error along the steepest direction is multiplied by at each step (rate 0.7).

    Examples
    --------
    >>> check_steep_direction_factor("-1")
    Exercise 2.4: not yet. Give one number, the factor.
    """
    x, _ = lesson_data()
    eigenvalues = np.linalg.eigvalsh(mse_hessian(x))
    smallest, largest = float(eigenvalues[0]), float(eigenvalues[-1])
    rate = FACTOR_LEARNING_RATE
    expected = 1.0 - rate * largest

    def hint(answer):
        value = as_number(answer)
        if value is None:
            return "Give one number, the factor."
        if _is(value, -expected):
            return "The size is right; the sign is not. Work out 1 - learning_rate * lambda_max carefully."
        if _is(value, 1.0 - rate * smallest) or _is(value, rate * smallest - 1.0):
            return "That is the flattest direction, with the smallest eigenvalue; the steepest has the largest."
        if _is(value, rate * largest):
            return "That is learning_rate * lambda; the error is multiplied by 1 minus that."
        if _is(value, 1.0 - 2.0 * rate * largest) or _is(value, 1.0 - rate * largest / 2.0):
            return "Use the eigenvalue of mse_hessian(x) as it is: the 2 of the MSE is already inside it."
        return "Along an eigenvector of the Hessian, one update multiplies the error by 1 - learning_rate * lambda."

    verdict("Exercise 2.4", answer, correct=lambda a: _is(as_number(a), expected),
            right=("Negative: each step overshoots to the other side of the valley (the zigzag), and the size "
                   "below 1 means the zigzag still shrinks. Above 2 / lambda_max the size passes 1."),
            hint=hint)


__all__ = ["check_gradient_at_true_line", "check_stability_limit", "check_steep_direction_factor",
           "check_steps_to_tolerance"]
