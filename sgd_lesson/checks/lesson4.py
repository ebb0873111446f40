"""Exercise checks for lesson 4 (``04_go_faster``).

Each check prints whether the answer is right and, if not, a hint that names
the likely mistake without giving the answer away. Numbers are checked to 3
significant figures. The lesson's data, ``make_linear_data(100, x_range=(2.0, 3.0),
seed=0)``, are rebuilt here.
"""

from __future__ import annotations

import math

import numpy as np

from ..convergence import updates_to_reach
from ..data import make_linear_data
from ..linear import least_squares, mse_gradient, mse_hessian
from ..optimizers import Adam, Momentum
from ..rates import momentum_rate
from ..training import sgd
from . import Exercise

# Exercise 4.1: a feature on a large scale.
WIDE_X_RANGE = (0.0, 100.0)
WIDE_N_SAMPLES, WIDE_SEED = 100, 0

# Exercise 4.2: params fitted on z = (x - mean) / scale (chosen so that slope and intercept differ).
STANDARD_MEAN, STANDARD_SCALE = 2.5, 0.3
STANDARD_PARAMS = (0.9, 12.0)

# Exercise 4.3: heavy ball on a long, straight slope.
SLOPE_BETA = 0.95

# Exercise 4.4: the lesson's data; heavy ball with the learning rate 1 / lambda_max.
LESSON_X_RANGE, LESSON_N_SAMPLES, LESSON_SEED = (2.0, 3.0), 100, 0
BUDGET = 2000

# Exercise 4.5: the largest stable learning rates at this beta, on the lesson's data.
STABLE_BETA = 0.5

# Exercise 4.6: the reader's Adam step, run for ADAM_UPDATES updates from ADAM_START on the bowl
# loss = sum(ADAM_CURVATURES * params**2) / 2 (gradient ADAM_CURVATURES * params).
ADAM_START = (1.0, 2.0)
ADAM_CURVATURES = (4.0, 0.25)
ADAM_RATE, ADAM_UPDATES = 0.1, 4


def _lesson_data():
    return make_linear_data(LESSON_N_SAMPLES, x_range=LESSON_X_RANGE, seed=LESSON_SEED)


def _lesson_curvatures():
    """The lesson's Hessian eigenvalues, ``lambda_min, lambda_max``."""
    return np.linalg.eigvalsh(mse_hessian(_lesson_data()[0]))


def condition_number():
    """Exercise 4.1: its answer and known mistakes."""
    x, _ = make_linear_data(WIDE_N_SAMPLES, x_range=WIDE_X_RANGE, seed=WIDE_SEED)
    smallest, largest = np.linalg.eigvalsh(mse_hessian(x))
    lesson_smallest, lesson_largest = _lesson_curvatures()
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
            ([intercept, slope], "Those are the right two numbers in the wrong order: give [slope, intercept]."),
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
    """Updates heavy ball (learning rate ``1 / lambda_max``) needs on the lesson's data to stay within
    1e-3 of the closed form, or None within ``BUDGET``."""
    x, y = _lesson_data()
    rate = 1.0 / np.linalg.eigvalsh(mse_hessian(x)).max()
    run = sgd(mse_gradient, x, y, [0.0, 0.0], learning_rate=rate, n_epochs=BUDGET,
              optimizer=Momentum(beta=beta), on_divergence="quiet")
    return updates_to_reach(run, least_squares(x, y))


def _rate_at(beta):
    """Heavy ball's rate on the lesson's data with the learning rate 1 / lambda_max."""
    curvatures = _lesson_curvatures()
    return momentum_rate(1.0 / curvatures.max(), curvatures, beta=beta)


def _best_beta_right(beta):
    updates = updates_with_beta(beta)
    return (f"At beta = {beta:.3g} heavy ball's rate is {_rate_at(beta):.3f} per update, the smallest this "
            f"learning rate allows (1 - 1 / sqrt(kappa)), and it gets within 1e-3 in {updates:,} updates "
            f"({updates_with_beta(0.9):,} at beta = 0.9). Less momentum and the flattest direction crawls (a real "
            "eigenvalue near 1); more and every direction spirals at sqrt(beta). The optimum is where the "
            "flattest direction's two eigenvalues meet.")


def best_beta():
    """Exercise 4.4: its answer and known mistakes."""
    smallest, largest = _lesson_curvatures()
    kappa = largest / smallest
    best = (1.0 - 1.0 / math.sqrt(kappa)) ** 2  # where the flattest direction's eigenvalues meet: h = (1 - sqrt(beta))**2
    root = math.sqrt(kappa)
    return Exercise(
        label="Exercise 4.4", expected=best, what="beta, a number from 0 up to (not including) 1",
        possible=(0.0, 1.0 - 1e-12, "beta is a fraction from 0 up to (not including) 1: at 1 the velocity never "
                                     "forgets"),
        mistakes=(
            (((root - 1) / (root + 1)) ** 2, "That is Polyak's beta, the best when the learning rate is tuned too. "
                                             "Here the learning rate stays at 1 / lambda_max: find the beta that "
                                             "minimises the rate at that learning rate."),
            ((root - 1) / (root + 1), "That is the rate heavy ball reaches with Polyak's settings, not a beta."),
            (1.0 - 1.0 / root, "That is the smallest rate itself (sqrt of the best beta), not the beta."),
            (0.9, "0.9 is the common default; the theory does better on this valley. Compute the rate for a range of "
                  "betas and find where it is smallest."),
            (0.93, "0.93 needs the fewest updates from this start (257), but its rate is sqrt(0.93) = 0.964 per "
                   "update; the question asks for the beta with the smallest rate."),
            ((1.0 - 1.0 / kappa) ** 2, "That uses 1 / kappa where the square root of 1 / kappa belongs: the "
                                       "flattest direction's eigenvalues meet at h = (1 - sqrt(beta))**2."),
        ),
        hint=("Compute momentum_rate(1 / lambda_max, [lambda_min, lambda_max], beta=betas) for many betas (or the "
              "eigenvalues of the 2x2 map along the flattest direction) and find the beta where it is smallest."),
        right=_best_beta_right,
    )


def check_best_beta(answer):
    """Exercise 4.4: the beta that minimises heavy ball's rate at learning rate 1 / lambda_max."""
    best_beta().check(answer)


def stable_rates():
    """Exercise 4.5: its answer and known mistakes."""
    smallest, largest = _lesson_curvatures()
    beta = STABLE_BETA
    heavy_ball, nesterov = 2 * (1 + beta), 2 * (1 + beta) / (1 + 2 * beta)  # limits on h = learning_rate * lambda
    other = 0.9
    return Exercise(
        label="Exercise 4.5", expected=[heavy_ball / largest, nesterov / largest],
        what="two numbers: [heavy ball's largest stable learning rate, Nesterov's]",
        mistakes=(
            ([nesterov / largest, heavy_ball / largest], "The right two numbers in the wrong order: heavy ball first, "
                                                         "then Nesterov."),
            ([heavy_ball, nesterov], "Those are the limits on h = learning_rate * lambda; the learning rate is h divided "
                                     "by the curvature of the steepest direction."),
            ([heavy_ball / smallest, nesterov / smallest], "Those keep the flattest direction stable; the steepest "
                                                           "direction is the first to blow up."),
            ([2 / largest, 2 / largest], "That is plain gradient descent's limit, 2 / lambda_max: momentum changes it."),
            ([2 * (1 + other) / largest, 2 * (1 + other) / ((1 + 2 * other) * largest)],
             "Those are the limits at beta = 0.9, the lesson's; the exercise uses beta = 0.5."),
            ([heavy_ball / largest, heavy_ball / largest], "Heavy ball's is right; Nesterov's look-ahead makes its "
                                                           "stable range narrower."),
            ([nesterov / largest, nesterov / largest], "Nesterov's is right; heavy ball tolerates a larger rate."),
        ),
        hint=("Both limits are where an eigenvalue of the 2x2 map reaches -1 along the steepest direction: from the "
              "limits on h = learning_rate * lambda_max at beta = 0.5, divide by lambda_max."),
        right=("Just below them the run converges, just above it blows up: check it with the explorer (beta = 0.50). "
               "Nesterov's look-ahead damps the swings but halves the range of safe learning rates here."),
    )


def check_stable_rates(answer):
    """Exercise 4.5: ``[heavy ball's, Nesterov's]`` largest stable learning rate at beta = 0.5 on the lesson's data."""
    stable_rates().check(answer)


def _bowl_gradient(params):
    return np.asarray(ADAM_CURVATURES) * params


def adam_reference():
    """The params after ``ADAM_UPDATES`` updates of the package's :class:`Adam` on the check's bowl."""
    rule, params = Adam(), np.array(ADAM_START)
    state = rule.init(params)
    for _ in range(ADAM_UPDATES):
        params, state = rule.step(params, _bowl_gradient, ADAM_RATE, state)
    return params


def run_adam_step(adam_step):
    """The params after the reader's ``adam_step`` made ``ADAM_UPDATES`` updates on the check's bowl
    (None while its body is still ``...``)."""
    params, m, s = np.array(ADAM_START), np.zeros(2), np.zeros(2)
    for t in range(1, ADAM_UPDATES + 1):
        result = adam_step(params.copy(), _bowl_gradient(params), m.copy(), s.copy(), t, learning_rate=ADAM_RATE)
        if result is None:
            return None
        if not (isinstance(result, tuple) and len(result) == 3):
            raise TypeError("adam_step must return three things, (params, m, s): the next update starts from "
                            "the m and s it returns")
        params, m, s = (np.asarray(part, dtype=float) for part in result)
    return params


def _variant(*, correct_m=True, correct_s=True, late=0, square=True, weigh=True, sign=-1.0, root=True,
             swap=False, carry=True):
    """An Adam step with one typical mistake (the defaults make none), for the catalogue."""
    def step(params, gradient, m, s, t, *, learning_rate, beta1=0.9, beta2=0.999, eps=1e-8):
        b1, b2 = (beta2, beta1) if swap else (beta1, beta2)
        new_m = b1 * m + (1 - b1 if weigh else 1.0) * gradient
        new_s = b2 * s + (1 - b2 if weigh else 1.0) * (gradient**2 if square else gradient)
        m_hat = new_m / (1 - b1 ** (t + late)) if correct_m else new_m
        s_hat = new_s / (1 - b2 ** (t + late)) if correct_s else new_s
        size = np.sqrt(s_hat) + eps if root else s_hat + eps
        return params + sign * learning_rate * m_hat / size, (new_m if carry else m), (new_s if carry else s)
    return run_adam_step(step)


def adam_step_exercise():
    """Exercise 4.6: its answer (the package's Adam) and known mistakes, as the params after four updates."""
    return Exercise(
        label="Exercise 4.6", expected=adam_reference(),
        what="a function adam_step(params, gradient, m, s, t, *, learning_rate, ...) that returns (params, m, s)",
        mistakes=(
            (_variant(correct_m=False, correct_s=False), "Your steps leave out the bias correction: the running means "
                                                         "start at 0, so divide each by its own 1 - beta**t."),
            (_variant(correct_s=False), "m is corrected but s is not: s needs its own correction, with beta2."),
            (_variant(correct_m=False), "s is corrected but m is not: m needs its own correction, with beta1."),
            (_variant(late=1), "The correction uses the wrong update number: t counts updates from 1, and the "
                               "first update uses t = 1."),
            (_variant(square=False), "s is a running mean of the squared gradient, not of the gradient."),
            (_variant(weigh=False), "Each running mean adds (1 - beta) times the new value, not the whole value."),
            (_variant(sign=1.0), "Your steps go uphill: subtract the step from params."),
            (_variant(carry=False), "Return the updated m and s: the next update starts from them, and yours start "
                                    "from the old ones."),
            (_variant(root=False), "Divide by the square root of s_hat (plus eps): the gradient's typical size, in "
                                   "the units of the gradient."),
            (_variant(swap=True), "beta1 belongs to m, the mean of the gradient; beta2 to s, the mean of its square."),
        ),
        hint=("Write the lesson's formulas in order: m, s, their corrected versions m_hat and s_hat, then the step; "
              "return (params, m, s). The check runs four updates on a small bowl and compares the params with the "
              "package's Adam."),
        right=("Four updates of your adam_step land where the package's Adam does. Its body is the formula, as "
               "Adam.step's is (Adam.step?? shows it)."),
        call=(),
    )


def check_adam_step(adam_step):
    """Exercise 4.6: the reader's ``adam_step``, run for four updates against the package's :class:`Adam`."""
    exercise = adam_step_exercise()
    exercise.check((lambda: run_adam_step(adam_step)) if callable(adam_step) else adam_step)


EXERCISES = {"check_condition_number": condition_number, "check_original_units": original_units,
             "check_terminal_velocity": terminal_velocity, "check_best_beta": best_beta,
             "check_stable_rates": stable_rates, "check_adam_step": adam_step_exercise}
