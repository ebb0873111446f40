"""Exercise checks for lesson 6 (``06_autodiff_from_scratch``).

Each check prints whether the answer is right and, if not, a hint that names
the likely mistake without giving the answer away. Numbers are checked to 3
significant figures.
"""

from __future__ import annotations

import numpy as np

from .. import autodiff
from ..gradcheck import numerical_gradient
from ..linear import mse_gradient
from ..logistic import sigmoid
from . import Exercise, is_stub, unanswered

# Exercise 6.1: dL/da for L = (a * b + a) ** 2 at a = 3, b = 4, where every slip below gives its own number
# (at a = 2, b = 3 the value of L was dL/da itself, and three slips all gave 32).
CHAIN_A, CHAIN_B = 3.0, 4.0

# Exercise 6.2: (slope * x + intercept).mean() at these values.
BROADCAST_X = np.array([0.5, 1.0, 2.5, 4.0])
BROADCAST_PARAMS = (1.5, -0.5)

# Exercise 6.3: the lecture's loop without zero_() on this tiny data set.
NO_ZERO_X = np.array([0.0, 1.0, 2.0])
NO_ZERO_Y = np.array([1.0, 3.0, 5.0])
NO_ZERO_PARAMS0 = np.array([0.0, 0.0])
NO_ZERO_LEARNING_RATE = 0.1

# Exercise 6.4: the student's sigmoid operation is run on a Value holding these two numbers, and backward()
# starts from (out * SIGMOID_UPSTREAM).sum(), so that an operation must pass on a gradient other than ones.
SIGMOID_AT = (-1.5, 0.8)
SIGMOID_UPSTREAM = (2.0, -3.0)


def chain_rule():
    """Exercise 6.1: its answer and known mistakes."""
    a, b = CHAIN_A, CHAIN_B
    u = a * b + a
    return Exercise(
        label="Exercise 6.1", expected=2 * u * (b + 1), what="a single number: dL/da",
        mistakes=(
            (2 * u * b, "You followed only the path through a * b. The a at the end is a second use of a: a node "
                        "used twice gets the sum of both contributions."),
            (2 * u, "You followed only the path through the final + a. a also reaches u through a * b."),
            (b + 1, "That is du/da, the inner derivative; multiply by dL/du, the outer one."),
            (u * (b + 1), "Almost: the derivative of u ** 2 is not u."),
            (u, "That is the value of u = a * b + a, not a derivative."),
            (u**2, "That is the value of L itself, not its derivative."),
            (2 * u * a, "That is dL/db: the question asks for dL/da."),
            (2 * (b + 1), "dL/du = 2u: the factor u is missing."),
            (-2 * u * (b + 1), "Check the sign: every factor on the path is positive here."),
        ),
        hint="Name the inner node u = a * b + a; dL/da = dL/du * du/da, and du/da has two terms.",
        right="dL/du = 2u, and du/da = b + 1 adds the two paths from a to u.",
    )


def check_chain_rule(answer):
    """Exercise 6.1: dL/da for ``L = (a * b + a) ** 2`` at ``a = 3``, ``b = 4``, by hand."""
    chain_rule().check(answer)


def broadcast_gradient():
    """Exercise 6.2: its answer and known mistakes."""
    x, n = BROADCAST_X, len(BROADCAST_X)
    expected = np.array([x.mean(), 1.0])
    per_point = ("slope is a single number, so its grad is a single number: broadcasting used it once per data "
                 "point, and those contributions add up. Give [slope.grad, intercept.grad].")
    return Exercise(
        label="Exercise 6.2", expected=expected, what="two numbers: [slope.grad, intercept.grad]",
        mistakes=(
            ([x.sum(), n], "You added the contributions but forgot that .mean() divides them by n."),
            ([1.0, 1.0], "Each data point contributes x_i to the slope's gradient, not 1."),
            ([1.0 / n, 1.0 / n], "Each data point contributes x_i / n to the slope's gradient, not 1 / n."),
            (expected[::-1], "Those are the right numbers in the wrong order: slope first, then intercept."),
            (x, per_point), (x / n, per_point),
        ),
        hint="Write the mean as (1/n) * sum_i (slope * x_i + intercept) and differentiate each term.",
        right=("Each data point adds x_i / n to the slope's grad and 1 / n to the intercept's; the gradient does "
               "not depend on slope and intercept, because the mean is linear in them."),
    )


def check_broadcast_gradient(answer):
    """Exercise 6.2: ``[slope.grad, intercept.grad]`` after ``(slope * x + intercept).mean().backward()``."""
    broadcast_gradient().check(answer)


def _no_zero_gradients():
    """The gradients g0, g1, g2 that the loop without zero_() computes before its first three updates."""
    g0 = mse_gradient(NO_ZERO_PARAMS0, NO_ZERO_X, NO_ZERO_Y)
    params1 = NO_ZERO_PARAMS0 - NO_ZERO_LEARNING_RATE * g0
    g1 = mse_gradient(params1, NO_ZERO_X, NO_ZERO_Y)
    params2 = params1 - NO_ZERO_LEARNING_RATE * (g0 + g1)  # the second update steps along .grad = g0 + g1
    return g0, g1, mse_gradient(params2, NO_ZERO_X, NO_ZERO_Y)


def accumulated_gradient():
    """Exercise 6.3: its answer and known mistakes."""
    g0, g1, g2 = _no_zero_gradients()
    return Exercise(
        label="Exercise 6.3", expected=g0 + g1, what="two numbers: [a.grad, b.grad] when the second update is made",
        mistakes=(
            (g1, "That is the gradient at the new params: what a loop that zeroes .grad would use. Without "
                 "zero_(), .grad still holds the first gradient when the second is added."),
            (g0, "That is the first gradient alone; the second backward() adds its own to it."),
            (2 * g0, "The second backward() runs at the updated params, so its gradient differs from the first."),
            ((g0 + g1) / 2, "PyTorch adds the gradients; it does not average them."),
            (-(g0 + g1), "Check the sign: at both steps the line lies below every point, so the loss falls as "
                         "slope and intercept grow."),
            ((g0 + g1)[::-1], "Those are the right numbers in the wrong order: a (the slope) first, then b "
                              "(the intercept)."),
            (g0 + g1 + g2, "That is what .grad holds at the third update: count the backward() calls made before "
                           "the second update."),
        ),
        hint="Compute the gradient at params0, take one step, compute the gradient there, then combine them.",
        right=("The second update steps along the sum of both gradients, not the one at its own params; after k "
               "updates .grad holds the sum of all k gradients, so the steps no longer follow the learning rate "
               "you chose."),
    )


def check_accumulated_gradient(answer):
    """Exercise 6.3: ``[a.grad, b.grad]`` at the second update of a loop that never zeroes them."""
    accumulated_gradient().check(answer)


def sigmoid_operation():
    """Exercise 6.4: the right gradient (finite differences of the sigmoid) and the known mistakes."""
    z = np.array(SIGMOID_AT)
    s = sigmoid(z)
    expected = numerical_gradient(lambda point: float(np.sum(sigmoid(point))), z)  # d sigmoid(z_i) / dz_i
    return Exercise(
        label="Exercise 6.4", expected=expected, sig_figs=4,
        what="a function that takes a Value z and returns a new Value",
        mistakes=(
            (s, "Your local derivative is sigmoid(z) itself. That rule holds for exp, not for the sigmoid."),
            (1.0 - s, "Your local derivative is 1 - sigmoid(z): one factor of the derivative is missing."),
            (-s * (1.0 - s), "Check the sign of your local derivative: the sigmoid rises everywhere."),
            (z * (1.0 - z), "Your local derivative uses the input z where the formula needs the output, "
                            "sigmoid(z)."),
            (1.0 - s**2, "1 - out**2 is the local derivative of tanh, not of the sigmoid."),
            (np.exp(-z), "Your local derivative is exp(-z): differentiate 1 / (1 + exp(-z)) with the chain rule; "
                         "the denominator is still there."),
            (np.ones_like(z), "A local derivative of 1 is the rule for +; the sigmoid's depends on z."),
            (np.zeros_like(z), "Your local derivative is 0, so backward() passes nothing back to z."),
        ),
        hint=("The new Value's data must be sigmoid(z.data), its parents (z,), and its local derivatives one "
              "array: d sigmoid(z) / dz, entry by entry. Write that derivative in terms of the output."),
        right=("backward() through your operation agrees with finite differences of the sigmoid. Like exp, the "
               "sigmoid's local derivative reuses its output: sigmoid(z) * (1 - sigmoid(z))."),
    )


def _gradients_through(sigmoid_op):
    """``(problem, answer)``: what the reader's operation passes back to z, or why it could not be run.

    ``backward()`` starts from ``(out * SIGMOID_UPSTREAM).sum()``, so the answer is ``z.grad`` divided by
    that upstream gradient: ``d sigmoid(z_i) / dz_i`` if the operation is right.
    """
    z = autodiff.Value(SIGMOID_AT)
    z.grad = np.full_like(z.data, np.nan)  # a gradient written by hand, not by backward(), would survive
    try:
        out = sigmoid_op(z)
    except Exception as error:  # noqa: BLE001 - the reader's code: say what it raised
        return _why(error), None
    if out is None and not is_stub(sigmoid_op):
        return "Your function returned None: did it forget to `return` its result?", None
    if unanswered(out):
        return None, out
    if not isinstance(out, autodiff.Value):
        return f"Return a new autodiff.Value (data, parents, local derivatives); yours returned {type(out).__name__}.", None
    if out.data.shape != z.data.shape or not np.allclose(out.data, sigmoid(z.data), rtol=1e-9, atol=0):
        if out.data.shape == z.data.shape and np.allclose(out.data, sigmoid(-z.data), rtol=1e-9, atol=0):
            return "Its data is sigmoid(-z): check the sign inside exp, sigmoid(z) = 1 / (1 + exp(-z)).", None
        return "Its data should be sigmoid(z.data), entry by entry, shaped like z.data.", None
    if not any(node is z for node in autodiff.topological_order(out)):
        return ("backward() cannot reach z from your Value, so it can pass nothing back to it: give the new Value "
                "z as its parent, (z,), with one local derivative. (backward() sets z.grad itself.)"), None
    upstream = np.array(SIGMOID_UPSTREAM)
    try:
        (out * upstream).sum().backward()
    except Exception as error:  # noqa: BLE001 - a local derivative backward() cannot use
        return f"backward() through your Value raised {type(error).__name__}: {error}", None
    return None, z.grad / upstream


def _why(error):
    """What to tell a reader whose operation raised ``error``."""
    frame = error.__traceback__
    while frame.tb_next is not None:
        frame = frame.tb_next
    if frame.tb_frame.f_globals.get("__name__") == autodiff.__name__ and frame.tb_frame.f_code.co_name in (
            "_links", "_input_array"):
        return f"autodiff.Value refused what your function gave it: {error}"
    if isinstance(error, TypeError) and "Value" in str(error):
        return ("numpy's functions (np.exp ...) and the package's sigmoid work on numbers and arrays, not on a "
                "Value: compute with z.data, the array inside z, and build the new autodiff.Value yourself.")
    return f"Your function raised {type(error).__name__}: {error}"


def check_sigmoid_operation(sigmoid_op):
    """Exercise 6.4: a function that takes a Value z and returns sigmoid(z) as a new Value, with its local
    derivative; run on z = [-1.5, 0.8], then backward() is compared with finite differences."""
    exercise = sigmoid_operation()
    if not callable(sigmoid_op):
        exercise.check(sigmoid_op)
        return
    problem, answer = _gradients_through(sigmoid_op)
    if problem:
        print(f"{exercise.label}: not yet. {problem}")
    else:
        exercise.check(answer)


EXERCISES = {"check_chain_rule": chain_rule, "check_broadcast_gradient": broadcast_gradient,
             "check_accumulated_gradient": accumulated_gradient, "check_sigmoid_operation": sigmoid_operation}
