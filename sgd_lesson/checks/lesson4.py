"""Exercise checks for lesson 4 (``04_go_faster``).

Each check prints whether the answer is right and, if not, a hint that names
the likely mistake without giving the answer away.
"""

from __future__ import annotations

import numpy as np

from ..convergence import updates_to_reach
from ..data import make_linear_data
from ..linear import least_squares, mse_gradient, mse_hessian
from ..optimizers import Momentum
from ..training import sgd
from . import as_number, as_vector, close, verdict

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


def _wide_eigenvalues():
    x, _ = make_linear_data(WIDE_N_SAMPLES, x_range=WIDE_X_RANGE, seed=WIDE_SEED)
    return np.linalg.eigvalsh(mse_hessian(x))


def _condition_number_hint(answer):
    value = as_number(answer)
    if value is None:
        return "Give a single number: lambda_max / lambda_min."
    smallest, largest = _wide_eigenvalues()
    lesson_x, _ = make_linear_data(LESSON_N_SAMPLES, x_range=LESSON_X_RANGE, seed=LESSON_SEED)
    lesson_smallest, lesson_largest = np.linalg.eigvalsh(mse_hessian(lesson_x))
    diagnoses = [
        (np.sqrt(largest / smallest), "That is the square root of the ratio: divide the eigenvalues "
                                      "themselves, not their square roots."),
        (smallest / largest, "That ratio is upside down: the condition number is at least 1."),
        (largest, "That is lambda_max alone; divide it by lambda_min."),
        (smallest, "That is lambda_min alone; the condition number is lambda_max / lambda_min."),
        (lesson_largest / lesson_smallest, "That is the condition number of the lesson's data (x in [2, 3]); "
                                           "make the new data with x_range=(0.0, 100.0)."),
    ]
    for wrong, hint in diagnoses:
        if close(value, wrong, rtol=1e-2):
            return hint
    return ("Make the data with make_linear_data(100, x_range=(0.0, 100.0), seed=0), then take the "
            "eigenvalues of mse_hessian(x) with np.linalg.eigvalsh.")


def check_condition_number(answer):
    """Exercise 4.1: the condition number of the MSE Hessian for x uniform on [0, 100]."""
    smallest, largest = _wide_eigenvalues()
    verdict(
        "Exercise 4.1", answer,
        correct=lambda a: as_number(a) is not None and close(as_number(a), largest / smallest, rtol=1e-2),
        right=("Here x is not far from zero compared with its spread, but its scale (tens) dwarfs the "
               "intercept's (one): the valley is narrow all the same. Standardising fixes it too."),
        hint=_condition_number_hint,
    )


def _original_units():
    slope_z, intercept_z = STANDARD_PARAMS
    return np.array([slope_z / STANDARD_SCALE, intercept_z - slope_z * STANDARD_MEAN / STANDARD_SCALE])


def _original_units_hint(answer):
    pair = as_vector(answer, 2)
    if pair is None:
        return "Give two numbers: [slope, intercept] in the units of x."
    slope_z, intercept_z = STANDARD_PARAMS
    mean, scale = STANDARD_MEAN, STANDARD_SCALE
    slope, intercept = _original_units()
    if close(pair, [slope_z, intercept_z]):
        return "Those are the params on z. Write slope_z * (x - mean) / scale + intercept_z as a line in x."
    if close(pair[0], slope_z * scale):
        return "z = (x - mean) / scale divides x by the scale, so the slope in x is divided by it too."
    if close(pair, [intercept, slope]):
        return "The right numbers in the wrong order: slope first, then intercept."
    if close(pair[0], slope) and close(pair[1], intercept_z):
        return "The slope is right. The intercept also changes: expanding (x - mean) leaves a constant term."
    if close(pair[0], slope) and close(pair[1], intercept_z + slope_z * mean / scale):
        return "The slope is right; check the sign of the constant term."
    if close(pair[0], slope) and close(pair[1], intercept_z - slope_z * mean):
        return "The slope is right. In the constant term the mean is divided by the scale as well."
    if close(pair[0], slope):
        return "The slope is right. Expand slope_z * (x - mean) / scale + intercept_z to find the constant."
    return "Expand slope_z * (x - mean) / scale + intercept_z and read off the coefficient of x and the constant."


def check_original_units(answer):
    """Exercise 4.2: ``[slope, intercept]`` in x's units for params fitted on the standardised feature."""
    verdict(
        "Exercise 4.2", answer,
        correct=lambda a: as_vector(a, 2) is not None and close(as_vector(a, 2), _original_units()),
        right="The package's to_original_units does exactly this expansion.",
        hint=_original_units_hint,
    )


def _terminal_multiple():
    return 1.0 / (1.0 - SLOPE_BETA)


def _terminal_hint(answer):
    value = as_number(answer)
    if value is None:
        return "Give a single number: the step divided by learning_rate * g."
    beta = SLOPE_BETA
    diagnoses = [
        (beta / (1.0 - beta), "Close: that leaves out the newest gradient, which counts once, in full."),
        (beta, "That is beta itself. Add up what every past gradient still contributes."),
        (1.0 + beta, "That counts only the last two gradients; the older ones still contribute, "
                     "each shrunk by another factor beta."),
        (1.0 - beta, "That is upside down: momentum makes the step longer, not shorter."),
        (1.0 / (1.0 + beta), "Check the sign in the geometric series: the terms are beta**k, all positive."),
        (1.0, "That is plain gradient descent. With momentum the past gradients add up."),
    ]
    for wrong, hint in diagnoses:
        if close(value, wrong):
            return hint
    return "Write out v after one, two, three steps with the same g: a geometric series in beta."


def check_terminal_velocity(answer):
    """Exercise 4.3: how many times ``learning_rate * g`` heavy ball's step grows to, for beta = 0.95."""
    verdict(
        "Exercise 4.3", answer,
        correct=lambda a: as_number(a) is not None and close(as_number(a), _terminal_multiple()),
        right=("It is 1 / (1 - beta): along a gentle valley momentum multiplies the learning rate by this, "
               "while across the valley the alternating gradients cancel."),
        hint=_terminal_hint,
    )


def _lesson_data():
    return make_linear_data(LESSON_N_SAMPLES, x_range=LESSON_X_RANGE, seed=LESSON_SEED)


def updates_with_beta(beta):
    """Updates heavy ball (learning rate ``1 / lambda_max``) needs on the lesson's data, or None."""
    x, y = _lesson_data()
    rate = 1.0 / np.linalg.eigvalsh(mse_hessian(x)).max()
    run = sgd(mse_gradient, x, y, [0.0, 0.0], learning_rate=rate, n_epochs=BUDGET,
              optimizer=Momentum(beta=beta), on_divergence="quiet")
    return updates_to_reach(run, least_squares(x, y))


def _beta(answer):
    value = as_number(answer)
    return value if value is not None and 0.0 <= value < 1.0 else None


def _best_beta():
    # Polyak's tuning for heavy ball with learning rate 1 / lambda_max: (1 - 1 / sqrt(kappa))**2.
    x, _ = _lesson_data()
    smallest, largest = np.linalg.eigvalsh(mse_hessian(x))
    return (1.0 - np.sqrt(smallest / largest)) ** 2


def _fast_beta_hint(answer):
    beta = _beta(answer)
    if beta is None:
        return "Give beta as a number from 0 up to (not including) 1."
    updates = updates_with_beta(beta)
    needs = (f"does not get within 1e-3 in {BUDGET:,} updates" if updates is None
             else f"needs {updates:,} updates")
    if beta < _best_beta():
        why = "it still crawls along the valley. Try more momentum"
    else:
        why = "it swings around the minimum before settling. Try less momentum"
    return f"With beta = {beta:.3f} momentum {needs}: {why} (the explorer above shows the paths)."


def check_fast_beta(answer):
    """Exercise 4.4: a beta with which heavy ball reaches 1e-3 in fewer than 300 updates."""
    beta = _beta(answer)
    updates = None if beta is None else updates_with_beta(beta)
    verdict(
        "Exercise 4.4", answer,
        correct=lambda a: updates is not None and updates < FAST_UPDATES,
        right=(f"With beta = {beta:.3f} momentum gets there in {updates:,} updates. With less momentum the run crawls "
               "along the valley, with more it swings around the minimum; theory puts the best beta near "
               "(1 - 1 / sqrt(condition number))**2." if updates is not None else ""),
        hint=_fast_beta_hint,
    )
