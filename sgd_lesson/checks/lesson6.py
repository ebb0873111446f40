"""Exercise checks for lesson 6 (``06_autodiff_from_scratch``).

Each check prints whether the answer is right and, if not, a hint that names
the likely mistake without giving the answer away.
"""

from __future__ import annotations

import numpy as np

from ..linear import mse_gradient
from . import as_number, as_vector, close, verdict

# Exercise 6.1: dL/da for L = (a * b + a) ** 2 at a = 2, b = 3.
CHAIN_A, CHAIN_B = 2.0, 3.0

# Exercise 6.2: (slope * x + intercept).mean() at these values.
BROADCAST_X = np.array([0.5, 1.0, 2.5, 4.0])
BROADCAST_PARAMS = (1.5, -0.5)

# Exercise 6.3: the lecture's loop without zero_() on this tiny data set.
NO_ZERO_X = np.array([0.0, 1.0, 2.0])
NO_ZERO_Y = np.array([1.0, 3.0, 5.0])
NO_ZERO_PARAMS0 = np.array([0.0, 0.0])
NO_ZERO_LEARNING_RATE = 0.1


def _chain_rule_hint(answer):
    value = as_number(answer)
    if value is None:
        return "Give a single number: dL/da."
    u = CHAIN_A * CHAIN_B + CHAIN_A
    diagnoses = [
        (2 * u * CHAIN_B, "You followed only the path through a * b. The a at the end is a second "
                          "use of a: a node used twice gets the sum of both contributions."),
        (2 * u, "You followed only the path through the final + a. a also reaches u through a * b."),
        (CHAIN_B + 1, "That is du/da, the inner derivative; multiply by dL/du, the outer one."),
        (u * (CHAIN_B + 1), "Close: the derivative of u ** 2 is 2 * u, not u."),
        (u, "That is the value of u = a * b + a, not a derivative."),
    ]
    for wrong, hint in diagnoses:
        if close(value, wrong):
            return hint
    if close(value, -2 * u * (CHAIN_B + 1)):
        return "Check the sign: every factor on the path is positive here."
    return "Name the inner node u = a * b + a; dL/da = dL/du * du/da, and du/da has two terms."


def check_chain_rule(answer):
    """Exercise 6.1: dL/da for ``L = (a * b + a) ** 2`` at ``a = 2``, ``b = 3``, by hand."""
    u = CHAIN_A * CHAIN_B + CHAIN_A
    expected = 2 * u * (CHAIN_B + 1)
    verdict(
        "Exercise 6.1", answer,
        correct=lambda a: as_number(a) is not None and close(as_number(a), expected),
        right="dL/du = 2u, and du/da = b + 1 adds the two paths from a to u.",
        hint=_chain_rule_hint,
    )


def _broadcast_expected():
    slope_grad = BROADCAST_X.mean()
    return np.array([slope_grad, 1.0])


def _broadcast_hint(answer):
    x, n = BROADCAST_X, len(BROADCAST_X)
    array = np.asarray(answer, dtype=float) if _is_numeric(answer) else None
    if array is not None and array.shape == (n,):
        return ("slope is a single number, so its grad is a single number: broadcasting used it once "
                "per data point, and those contributions add up. Give [slope.grad, intercept.grad].")
    pair = as_vector(answer, 2)
    if pair is None:
        return "Give two numbers: [slope.grad, intercept.grad]."
    if close(pair, [x.sum(), n]):
        return "You added the contributions but forgot that .mean() divides them by n."
    if close(pair, [1.0, 1.0]) or close(pair, [1.0 / n, 1.0 / n]):
        return "Each data point contributes x_i to the slope's gradient, not 1."
    if close(pair, _broadcast_expected()[::-1]):
        return "Those are the right numbers in the wrong order: slope first, then intercept."
    if close(pair[1], 1.0):
        return ("The intercept is right. For the slope: what is the multiplication's local derivative "
                "with respect to slope at each data point, and how does .mean() combine them?")
    return "Write the mean as (1/n) * sum_i (slope * x_i + intercept) and differentiate each term."


def _is_numeric(answer):
    try:
        array = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return False
    return bool(np.isfinite(array).all())


def check_broadcast_gradient(answer):
    """Exercise 6.2: ``[slope.grad, intercept.grad]`` after ``(slope * x + intercept).mean().backward()``."""
    verdict(
        "Exercise 6.2", answer,
        correct=lambda a: as_vector(a, 2) is not None and close(as_vector(a, 2), _broadcast_expected()),
        right="Each data point adds x_i / n to the slope's grad and 1 / n to the intercept's; "
              "the gradient does not depend on slope and intercept, because the mean is linear in them.",
        hint=_broadcast_hint,
    )


def _no_zero_gradients():
    g0 = mse_gradient(NO_ZERO_PARAMS0, NO_ZERO_X, NO_ZERO_Y)
    params1 = NO_ZERO_PARAMS0 - NO_ZERO_LEARNING_RATE * g0
    return g0, mse_gradient(params1, NO_ZERO_X, NO_ZERO_Y)


def _no_zero_hint(answer):
    pair = as_vector(answer, 2)
    if pair is None:
        return "Give two numbers: [a.grad, b.grad] when the second update is made."
    g0, g1 = _no_zero_gradients()
    diagnoses = [
        (g1, "That is the gradient at the new params: what a loop that zeroes .grad would use. "
             "Without zero_(), .grad still holds the first gradient when the second is added."),
        (g0, "That is the first gradient alone; the second backward() adds its own to it."),
        (2 * g0, "The second backward() runs at the updated params, so its gradient differs from the first."),
        ((g0 + g1) / 2, "PyTorch adds the gradients; it does not average them."),
        (-(g0 + g1), "Check the sign: at both steps the line lies below every point, so the loss falls "
                     "as slope and intercept grow."),
    ]
    for wrong, hint in diagnoses:
        if close(pair, wrong):
            return hint
    return "Compute the gradient at params0, take one step, compute the gradient there, then combine them."


def check_accumulated_gradient(answer):
    """Exercise 6.3: ``[a.grad, b.grad]`` at the second update of a loop that never zeroes them."""
    g0, g1 = _no_zero_gradients()
    verdict(
        "Exercise 6.3", answer,
        correct=lambda a: as_vector(a, 2) is not None and close(as_vector(a, 2), g0 + g1),
        right="The second update steps along the sum of both gradients, not the one at its own params; "
              "after k updates .grad holds the sum of all k gradients, so the steps no longer follow "
              "the learning rate you chose.",
        hint=_no_zero_hint,
    )
