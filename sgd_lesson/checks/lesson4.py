"""Exercise checks for lesson 4 (``04_go_faster``).

Each check prints whether the answer is right and, if not, a hint that names
the likely mistake without giving the answer away. Numbers are checked to 3
significant figures.
"""

from __future__ import annotations

import math

import numpy as np

from ..convergence import updates_to_reach
from ..data import make_linear_data
from ..linear import least_squares, mse_gradient, mse_hessian
from ..optimizers import Momentum
from ..training import sgd
from . import Exercise

# Exercise 4.1: a feature on a large scale.
WIDE_X_RANGE = (0.0, 100.0)
WIDE_N_SAMPLES, WIDE_SEED = 100, 0

# Exercise 4.2: params fitted on z = (x - mean) / scale.
STANDARD_MEAN, STANDARD_SCALE = 2.5, 0.3
STANDARD_PARAMS = (0.9, 10.5)

# Exercise 4.3: heavy ball on a long, straight slope.
SLOPE_BETA = 0.95

# Exercise 4.4: the lesson's data, momentum with learning rate 1 / lambda_max.
LESSON_X_RANGE, LESSON_N_SAMPLES, LESSON_SEED = (2.0, 3.0), 100, 0
FAST_UPDATES, BUDGET = 300, 2000


def _lesson_data():
    return make_linear_data(LESSON_N_SAMPLES, x_range=LESSON_X_RANGE, seed=LESSON_SEED)


def condition_number():
    """Exercise 4.1: its answer and known mistakes."""
    x, _ = make_linear_data(WIDE_N_SAMPLES, x_range=WIDE_X_RANGE, seed=WIDE_SEED)
    smallest, largest = np.linalg.eigvalsh(mse_hessian(x))
    lesson_smallest, lesson_largest = np.linalg.eigvalsh(mse_hessian(_lesson_data()[0]))
    return Exercise(
        label="Exercise 4.1", expected=largest / smallest, what="a single number: lambda_max / lambda_min",
        possible=(1.0, math.inf, "lambda_max / lambda_min is at least 1"),
        mistakes=(
            (np.sqrt(largest / smallest), "That is the square root of the ratio: divide the eigenvalues themselves, "
                                          "not their square roots."),
            (smallest / largest, "That ratio is upside down: the condition number is at least 1."),
            (largest, "That is lambda_max alone; divide it by lambda_min."),
            (smallest, "That is lambda_min alone; the condition number is lambda_max / lambda_min."),
            (lesson_largest / lesson_smallest, "That is the condition number of the lesson's data (x in [2, 3]); "
                                               "make the new data with x_range=(0.0, 100.0)."),
        ),
        hint=("Make the data with make_linear_data(100, x_range=(0.0, 100.0), seed=0), then take the eigenvalues "
              "of mse_hessian(x) with np.linalg.eigvalsh."),
        right=("Here x is not far from zero compared with its spread, but its scale (tens) dwarfs the "
               "intercept's (one): the valley is narrow all the same. Standardising fixes it too."),
    )


def check_condition_number(answer):
    """Exercise 4.1: the condition number of the MSE Hessian for x uniform on [0, 100]."""
    condition_number().check(answer)


def original_units():
    """Exercise 4.2: its answer and known mistakes."""
    slope_z, intercept_z = STANDARD_PARAMS
    mean, scale = STANDARD_MEAN, STANDARD_SCALE
    slope, intercept = slope_z / scale, intercept_z - slope_z * mean / scale
    return Exercise(
        label="Exercise 4.2", expected=[slope, intercept], what="two numbers: [slope, intercept] in the units of x",
        mistakes=(
            ([slope_z, intercept_z], "Those are the params on z. Write slope_z * (x - mean) / scale + intercept_z "
                                     "as a line in x."),
            ([slope_z * scale, intercept], "z = (x - mean) / scale divides x by the scale, so the slope in x is "
                                           "divided by it too."),
            ([slope, intercept_z], "The slope is right. The intercept also changes: expanding (x - mean) leaves a "
                                   "constant term."),
            ([slope, intercept_z + slope_z * mean / scale], "The slope is right; check the sign of the constant "
                                                            "term."),
            ([slope, intercept_z - slope_z * mean], "The slope is right. In the constant term the mean is divided "
                                                    "by the scale as well."),
        ),
        hint=("Expand slope_z * (x - mean) / scale + intercept_z and read off the coefficient of x and the "
              "constant."),
        right="The package's to_original_units does exactly this expansion.",
    )


def check_original_units(answer):
    """Exercise 4.2: ``[slope, intercept]`` in x's units for params fitted on the standardised feature."""
    original_units().check(answer)


def terminal_velocity():
    """Exercise 4.3: its answer and known mistakes."""
    beta = SLOPE_BETA
    return Exercise(
        label="Exercise 4.3", expected=1.0 / (1.0 - beta), what="a single number: the step divided by learning_rate * g",
        possible=(0.0, math.inf, "the steps all go downhill, so the multiple is positive"),
        mistakes=(
            (beta / (1.0 - beta), "That sum leaves out one of the gradients: which one?"),
            (beta, "That is beta itself. Add up what every past gradient still contributes."),
            (1.0 + beta, "That counts only the last two gradients; the older ones still contribute, each shrunk by "
                         "another factor beta."),
            (1.0 - beta, "That is upside down: momentum makes the step longer, not shorter."),
            (1.0 / (1.0 + beta), "Check the sign in the geometric series: the terms are beta**k, all positive."),
            (1.0, "That is plain gradient descent. With momentum the past gradients add up."),
        ),
        hint="Write out v after one, two, three steps with the same g: a geometric series in beta.",
        right=("It is 1 / (1 - beta): along a gentle valley momentum multiplies the learning rate by this, while "
               "across the valley the alternating gradients cancel."),
    )


def check_terminal_velocity(answer):
    """Exercise 4.3: how many times ``learning_rate * g`` heavy ball's step grows to, for beta = 0.95."""
    terminal_velocity().check(answer)


def updates_with_beta(beta):
    """Updates heavy ball (learning rate ``1 / lambda_max``) needs on the lesson's data, or None."""
    x, y = _lesson_data()
    rate = 1.0 / np.linalg.eigvalsh(mse_hessian(x)).max()
    run = sgd(mse_gradient, x, y, [0.0, 0.0], learning_rate=rate, n_epochs=BUDGET,
              optimizer=Momentum(beta=beta), on_divergence="quiet")
    return updates_to_reach(run, least_squares(x, y))


def _fast_beta_hint(beta):
    # Polyak's tuning for heavy ball with learning rate 1 / lambda_max: (1 - 1 / sqrt(kappa))**2.
    smallest, largest = np.linalg.eigvalsh(mse_hessian(_lesson_data()[0]))
    updates = updates_with_beta(beta)
    needs = f"does not get within 1e-3 in {BUDGET:,} updates" if updates is None else f"needs {updates:,} updates"
    why = ("it still crawls along the valley. Try more momentum" if beta < (1.0 - np.sqrt(smallest / largest)) ** 2
           else "it swings around the minimum before settling. Try less momentum")
    return f"With beta = {beta:.3f} momentum {needs}: {why} (the explorer above shows the paths)."


def fast_beta():
    """Exercise 4.4: any beta that gets there in time is right; its known mistakes."""
    return Exercise(
        label="Exercise 4.4", what="beta, a number from 0 up to (not including) 1",
        possible=(0.0, 1.0 - 1e-12, "beta is a fraction from 0 up to (not including) 1: at 1 the velocity never "
                                     "forgets"),
        accept=lambda beta: 0.0 <= beta < 1.0 and (updates_with_beta(beta) or math.inf) < FAST_UPDATES,
        mistakes=tuple((beta, _fast_beta_hint(beta)) for beta in (0.9, 0.0, 0.99)),
        hint=_fast_beta_hint,
        right=lambda beta: (f"With beta = {beta:.3f} momentum gets there in {updates_with_beta(beta):,} updates. "
                            "With less momentum the run crawls along the valley, with more it swings around the "
                            "minimum; theory puts the best beta near (1 - 1 / sqrt(condition number))**2."),
    )


def check_fast_beta(answer):
    """Exercise 4.4: a beta with which heavy ball reaches 1e-3 in fewer than 300 updates."""
    fast_beta().check(answer)


EXERCISES = {"check_condition_number": condition_number, "check_original_units": original_units,
             "check_terminal_velocity": terminal_velocity, "check_fast_beta": fast_beta}
