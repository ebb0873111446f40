"""Exercise checks for lesson 8 (``08_train_a_small_neural_network``).

Each check prints whether the answer is right and, if not, a hint that names
the likely mistake without giving the answer away. Numbers are checked to 3
significant figures; counts exactly. The network is the lesson's: one hidden
layer, its parameters in one flat vector ``[w1, b1, w2, b2]`` (one weight,
bias and output weight per hidden unit, then the output bias).
"""

from __future__ import annotations

import math

import numpy as np

from .. import autodiff
from ..data import make_curve_data
from ..linear import least_squares, mse_loss
from . import Exercise, agrees

# Exercise 8.1: the lesson's data, and a network started with every parameter at zero.
ZERO_N_SAMPLES, ZERO_SEED = 200, 0

# Exercise 8.2: a ReLU network's gradient at these parameters and points (no point sits on a kink).
RELU_PARAMS = np.array([1.5, -2.0, 0.5,    # w1
                        0.5, 1.0, -0.25,   # b1
                        1.0, -0.5, 2.0,    # w2
                        0.3])              # b2
RELU_X = np.array([-1.5, -0.5, 0.25, 1.0, 2.0])
RELU_Y = np.array([0.2, -1.0, 0.5, 1.5, -0.5])
# ... and, once that is right, at a second example with another n and other signs: a function that returns
# fixed numbers, or computes from the lesson's globals, is right at one example only.
RELU_PARAMS_2 = np.array([-1.0, 0.75, 2.5, 0.2, -0.5, 1.1, -1.5, 0.8, 0.6, -0.4])
RELU_X_2 = np.array([-1.8, -1.0, -0.3, 0.4, 0.9, 1.6, 2.2])
RELU_Y_2 = np.array([0.5, 1.2, -0.4, 0.3, -1.1, 0.8, 1.0])

# Exercise 8.3: equivalent copies of a network with this many tanh units.
SYMMETRY_UNITS = 4


def _unpack(params):
    n_hidden = (len(params) - 1) // 3
    return params[:n_hidden], params[n_hidden:2 * n_hidden], params[2 * n_hidden:3 * n_hidden], params[3 * n_hidden]


def zero_start():
    """Exercise 8.1: its answer and known mistakes."""
    x, y = make_curve_data(ZERO_N_SAMPLES, seed=ZERO_SEED)
    expected = float(np.var(y))
    return Exercise(
        label="Exercise 8.1", expected=expected, what="one number: the MSE where training ends",
        possible=(0.0, math.inf, "an MSE is never negative"),
        mistakes=(
            (float(np.mean(y**2)), "That is the loss at the start, with every parameter at zero. Look at the "
                                   "gradient of b2: it is not zero, so b2 moves."),
            (mse_loss(least_squares(x, y), x, y), "That is the best line's MSE. With w1 = b1 = 0 every hidden "
                                                  "unit outputs tanh(0) = 0 at every x: can the prediction depend on "
                                                  "x at all?"),
            (0.01, "That is the noise floor, noise_std ** 2: where a network that fits ends. Look at which "
                   "gradients are zero when w1, b1 and w2 are all zero."),
            (0.0, "A perfect fit is impossible with noisy data, and this network cannot even bend."),
            (float(np.var(y, ddof=1)), "The MSE divides by n, as np.var does by default; ddof=1 divides by n - 1."),
            (float(np.std(y)), "That is a standard deviation; the MSE is a mean of squares."),
        ),
        hint=("Write down the network's gradient at params = 0: which parts are zero, and stay zero? Then ask "
              "what the best prediction is for a model that can only move that one parameter."),
        right=("Every hidden unit outputs tanh(0) = 0, so the gradients of w1, b1 and w2 are zero and stay zero: "
               "only b2 moves, to the mean of y. The network ends as the best constant, with MSE = np.var(y)."),
    )


def check_zero_start(answer):
    """Exercise 8.1: the training MSE of the lesson's network started with every parameter at 0."""
    zero_start().check(answer)


def _relu_gradient_by_autodiff(params, x, y):
    w1, b1, w2, b2 = (autodiff.Value(part) for part in _unpack(params))
    hidden = (x[:, None] * w1 + b1).relu()
    loss = ((hidden @ w2 + b2 - y) ** 2).mean()
    loss.backward()
    return np.hstack([w1.grad, b1.grad, w2.grad, b2.grad])


def _gradient_by_hand(params, x, y, *, activation, slope_of):
    """The hand-written backward pass with ``hidden = activation(z)`` and ``slope_of(z, hidden)`` for its
    derivative: the right one, and the mistakes, differ only in these."""
    w1, b1, w2, b2 = _unpack(params)
    z = x[:, None] * w1 + b1
    hidden = activation(z)
    d_pred = 2 * (hidden @ w2 + b2 - y) / len(x)
    d_z = np.outer(d_pred, w2) * slope_of(z, hidden)
    return np.concatenate([x @ d_z, d_z.sum(axis=0), hidden.T @ d_pred, [d_pred.sum()]])


def relu_gradient():
    """Exercise 8.2: its answer and known mistakes."""
    args = (RELU_PARAMS.copy(), RELU_X.copy(), RELU_Y.copy())
    expected = _relu_gradient_by_autodiff(*args)

    def relu_with(slope_of):
        return _gradient_by_hand(*args, activation=lambda z: np.maximum(z, 0.0), slope_of=slope_of)

    tanh_all = _gradient_by_hand(*args, activation=np.tanh, slope_of=lambda z, hidden: 1 - hidden**2)
    return Exercise(
        label="Exercise 8.2", expected=expected, call=args,
        what="a function that returns one flat array of 10 numbers: the gradients of w1, b1, w2, then b2",
        mistakes=(
            (relu_with(lambda z, hidden: 1 - hidden**2), "The forward pass is ReLU now, but the backward pass "
                                                         "still uses tanh's derivative 1 - hidden ** 2."),
            (relu_with(lambda z, hidden: np.ones_like(z)), "Going back through the ReLU, multiply by its "
                                                            "derivative: 1 where z > 0 and 0 elsewhere."),
            (relu_with(lambda z, hidden: hidden), "That multiplies by relu(z) itself; the derivative of relu is 1 "
                                                  "where z > 0 and 0 elsewhere."),
            (tanh_all, "That is the tanh network's gradient: change the forward pass to relu as well."),
            (len(RELU_X) * expected, "The loss is a mean: keep the 1 / n in dL/dy_pred = 2 (y_pred - y) / n."),
            (expected / 2, "The derivative of the squared residual r ** 2 is 2 r: keep the 2."),
            (-expected, "Check the sign: the residual is y_pred - y."),
        ),
        hint=("Start from network_gradient: two lines change, the forward activation and its derivative. Keep "
              "the order w1, b1, w2, b2, and compare with autodiff's .relu() on a small example."),
        right=("Only the activation and its local derivative changed: backpropagation is the same chain rule "
               "whatever the units compute. A ReLU unit whose z is negative at every x passes no gradient back."),
    )


def _right_at_second_example(function):
    args = (RELU_PARAMS_2.copy(), RELU_X_2.copy(), RELU_Y_2.copy())
    expected = _relu_gradient_by_autodiff(*args)
    try:
        gradient = np.asarray(function(*args), dtype=float)
    except Exception:  # noqa: BLE001 - the reader's code: any error means not right here
        return False
    return gradient.shape == expected.shape and bool(agrees(gradient, expected, 3))


def check_relu_gradient(answer):
    """Exercise 8.2: a function ``(params, x, y) -> gradient`` for the network with ReLU hidden units."""
    exercise = relu_gradient()
    verdict = exercise.verdict(answer)
    if callable(answer) and verdict.startswith("right!") and not _right_at_second_example(answer):
        verdict = ("not yet. Right at the check's example, but not at a second one (7 points, other signs): does "
                   "your function compute from its arguments params, x and y, not from fixed numbers or the "
                   "lesson's x and y?")
    print(f"{exercise.label}: {verdict}")


def symmetries():
    """Exercise 8.3: its answer and known mistakes."""
    h = SYMMETRY_UNITS
    permutations, flips = math.factorial(h), 2**h
    return Exercise(
        label="Exercise 8.3", expected=permutations * flips, sig_figs=None,
        what="one whole number: how many parameter vectors compute the same function",
        possible=(1, math.inf, "the network itself counts, so there is at least 1"),
        mistakes=(
            (permutations, "That counts the orders of the units. tanh(-z) = -tanh(z) gives each unit a second "
                           "set of parameters computing the same contribution, independently of the others."),
            (flips, "That counts the sign flips. The units can also be listed in any order."),
            (permutations + flips, "The two symmetries combine: any order together with any choice of signs, so "
                                   "the counts multiply."),
            (permutations * flips - 1, "Count the network itself too."),
            (2 * permutations, "Each unit's sign can be flipped on its own, not only all of them at once."),
            (h**h, "The orders of h units are h! (h choices for the first place, h - 1 for the next ...)."),
            (2 * h, "Count whole parameter vectors: any order of the units, with any choice of signs."),
        ),
        hint=("Count two things and combine them: in how many orders can the units be listed, and which sign "
              "changes of one unit's (w1, b1, w2) leave its contribution w2 * tanh(w1 * x + b1) unchanged?"),
        right=("4! orders times 2 ** 4 sign patterns. Every solution gradient descent finds has that many copies "
               "at the same loss, and the straight path between two of them climbs (the ridge in the lesson's "
               "figure), so the loss cannot be a bowl."),
    )


def check_symmetries(answer):
    """Exercise 8.3: the number of parameter vectors that compute the same function as a 4-unit tanh network."""
    symmetries().check(answer)


EXERCISES = {"check_zero_start": zero_start, "check_relu_gradient": relu_gradient, "check_symmetries": symmetries}
