"""Exercise checks for lesson 4 (``04_go_faster``).

Each check prints whether the answer is right and, if not, a hint that names
the likely mistake without giving the answer away. Numbers are checked to 3
significant figures. The lesson's data, ``make_linear_data(100, x_range=(2.0, 3.0),
seed=0)``, are rebuilt here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..convergence import updates_to_reach
from ..data import make_linear_data
from ..linear import least_squares, mse_gradient, mse_hessian
from ..optimizers import Adam, Momentum
from ..rates import momentum_rate
from ..training import sgd
from . import NO_ANSWER, Exercise, agrees, is_stub

# Exercise 4.1: a feature on a large scale.
WIDE_X_RANGE = (0.0, 100.0)
WIDE_N_SAMPLES, WIDE_SEED = 100, 0

# Exercise 4.2: params fitted on z = (x - mean) / scale (chosen so that slope and intercept differ).
STANDARD_MEAN, STANDARD_SCALE = 2.5, 0.3
STANDARD_PARAMS = (0.9, 12.0)

# Exercise 4.3: heavy ball on a long, straight slope.
SLOPE_BETA = 0.95

# Exercise 4.4: the lesson's data; heavy ball with the learning rate RATE_MULTIPLE / lambda_max (not 1 /
# lambda_max, where the best beta, 0.922, would round like Polyak's rate, 0.923, and a coarse grid's answer).
LESSON_X_RANGE, LESSON_N_SAMPLES, LESSON_SEED = (2.0, 3.0), 100, 0
RATE_MULTIPLE = 0.5
BUDGET = 2000
# A beta whose rate is within this of the smallest is what a grid search near the optimum finds.
NEAR_RATE = 0.004

# Exercise 4.5: the largest stable learning rates at this beta, on the lesson's data.
STABLE_BETA = 0.5

# Exercise 4.6: the reader's Adam step, run for ADAM_UPDATES updates from ADAM_START on the bowl
# loss = sum(ADAM_CURVATURES * params**2) / 2 (gradient ADAM_CURVATURES * params), once per setting
# (learning_rate, beta1, beta2) of ADAM_RUNS: the steep coordinate overshoots 0 and its gradient changes
# sign, so a step that is not Adam's (sign descent, a hard-coded rate or beta) lands elsewhere.
ADAM_START = (0.5, 2.0)
ADAM_CURVATURES = (4.0, 0.25)
ADAM_UPDATES = 20
ADAM_DEFAULT_BETAS = (0.9, 0.999)
ADAM_RUNS = ((0.1, *ADAM_DEFAULT_BETAS), (0.05, *ADAM_DEFAULT_BETAS), (0.05, 0.8, 0.99))


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
            (1.0 / (1.0 - 0.9), "That is the multiple for beta = 0.9, the beta of the lesson's runs; this "
                                "exercise uses beta = 0.95."),
        ),
        hint="Write out v after one, two, three steps with the same g: a geometric series in beta.",
        right=("It is 1 / (1 - beta): along a gentle valley momentum multiplies the learning rate by this, while "
               "across the valley the alternating gradients cancel."),
    )


def check_terminal_velocity(answer):
    """Exercise 4.3: how many times ``learning_rate * g`` heavy ball's step grows to, for beta = 0.95."""
    terminal_velocity().check(answer)


def _learning_rate():
    """Exercise 4.4's learning rate, ``RATE_MULTIPLE / lambda_max`` on the lesson's data."""
    return RATE_MULTIPLE / _lesson_curvatures().max()


def updates_with_beta(beta):
    """Updates heavy ball (exercise 4.4's learning rate) needs on the lesson's data to stay within 1e-3 of the
    closed form, or None within ``BUDGET``."""
    x, y = _lesson_data()
    run = sgd(mse_gradient, x, y, [0.0, 0.0], learning_rate=_learning_rate(), n_epochs=BUDGET,
              optimizer=Momentum(beta=beta), on_divergence="quiet")
    return updates_to_reach(run, least_squares(x, y))


def _rate_at(beta):
    """Heavy ball's rate on the lesson's data at exercise 4.4's learning rate."""
    return momentum_rate(_learning_rate(), _lesson_curvatures(), beta=beta)


def _best_beta_right(best):
    """What exercise 4.4's right answer means, told at the exact best beta (a 3-figure answer sits on the steep
    side of the rate's corner or the gentle one)."""
    return (f"The best beta is {best:.3g} to 3 significant figures: there heavy ball's rate is {_rate_at(best):.4f} "
            f"per update, the smallest this learning rate allows, and it gets within 1e-3 in "
            f"{updates_with_beta(best):,} updates ({updates_with_beta(0.9):,} at beta = 0.9). Less momentum and the "
            "flattest direction crawls (a real eigenvalue near 1); more and every direction spirals at sqrt(beta). "
            "The optimum is where the flattest direction's two eigenvalues meet: critical damping.")


def best_beta():
    """Exercise 4.4: its answer and known mistakes."""
    smallest, largest = _lesson_curvatures()
    kappa = largest / smallest
    h = RATE_MULTIPLE / kappa  # the flattest direction's h = learning_rate * lambda_min
    best = (1.0 - math.sqrt(h)) ** 2  # where its two eigenvalues meet: h = (1 - sqrt(beta))**2
    best_rate = _rate_at(best)
    root = math.sqrt(kappa)

    def hint(value):
        general = ("Compute momentum_rate(learning_rate, [lambda_min, lambda_max], beta=betas) for many betas and "
                   "take the beta where it is smallest (betas[rates.argmin()]), or solve for the beta where the "
                   "flattest direction's two eigenvalues meet.")
        if 0.0 <= value < 1.0 and _rate_at(value) - best_rate < NEAR_RATE:
            return ("Your beta's rate is close to the smallest, but the beta is not the best one to 3 significant "
                    "figures. If you searched a grid: the rate has a sharp corner at its minimum, so the grid point "
                    "with the smallest rate can lie a whole grid step from it. Refine the grid around your value "
                    "(steps of 1e-4), or solve for the beta where the flattest direction's two eigenvalues meet.")
        return general

    return Exercise(
        label="Exercise 4.4", expected=best, what="beta, a number from 0 up to (not including) 1",
        possible=(0.0, 1.0 - 1e-12, "beta is a fraction from 0 up to (not including) 1: at 1 the velocity never "
                                     "forgets"),
        mistakes=(
            (((root - 1) / (root + 1)) ** 2, "That is Polyak's beta, the best when the learning rate is tuned too. "
                                             "Here the learning rate stays at 0.5 / lambda_max: find the beta that "
                                             "minimises the rate at that learning rate."),
            ((root - 1) / (root + 1), "That is the rate heavy ball reaches with Polyak's settings (the table of "
                                      "best settings), not a beta."),
            (1.0 - math.sqrt(h), "That is the smallest rate itself; the question asks for the beta that gives it "
                                 "(the argmin, not the min)."),
            ((1.0 - 1.0 / root) ** 2, "That is the best beta at the learning rate 1 / lambda_max; this exercise "
                                      "uses 0.5 / lambda_max, which halves h on every direction."),
            (0.9, "0.9 is the common default; the theory does better on this valley. Compute the rate for a range of "
                  "betas and find where it is smallest."),
            ((1.0 - h) ** 2, "That uses h where the square root of h belongs: the flattest direction's eigenvalues "
                             "meet at h = (1 - sqrt(beta))**2."),
        ),
        hint=hint,
        right=lambda value: _best_beta_right(best),
    )


def check_best_beta(answer):
    """Exercise 4.4: the beta that minimises heavy ball's rate at learning rate 0.5 / lambda_max."""
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
    """The params after ``ADAM_UPDATES`` updates of the package's :class:`Adam` on the check's bowl, for each
    setting of ``ADAM_RUNS`` in turn: six numbers."""
    ends = []
    for learning_rate, beta1, beta2 in ADAM_RUNS:
        rule, params = Adam(beta1=beta1, beta2=beta2), np.array(ADAM_START)
        state = rule.init(params)
        for _ in range(ADAM_UPDATES):
            params, state = rule.step(params, _bowl_gradient, learning_rate, state)
        ends.append(params)
    return np.concatenate(ends)


IGNORES_RATE = ("Right at learning_rate=0.1, wrong at 0.05: does your step use its argument learning_rate "
                "everywhere, not the number 0.1?")
IGNORES_BETAS = ("Right with the default betas, wrong with beta1=0.8, beta2=0.99: does your step use its arguments "
                 "beta1 and beta2 everywhere, not the numbers 0.9 and 0.999?")


class NotThreeError(Exception):
    """The reader's step returned something other than three things."""


def run_adam_step(adam_step):
    """The params after the reader's ``adam_step`` made ``ADAM_UPDATES`` updates on the check's bowl, for each
    setting of ``ADAM_RUNS`` (six numbers; None if it returned None). The default betas are not passed, so the
    step's own defaults are used; the other betas are."""
    ends = []
    for learning_rate, beta1, beta2 in ADAM_RUNS:
        options = {"learning_rate": learning_rate}
        if (beta1, beta2) != ADAM_DEFAULT_BETAS:
            options.update(beta1=beta1, beta2=beta2)
        params, m, s = np.array(ADAM_START), np.zeros(2), np.zeros(2)
        for t in range(1, ADAM_UPDATES + 1):
            result = adam_step(params.copy(), _bowl_gradient(params), m.copy(), s.copy(), t, **options)
            if result is None:
                return None
            if isinstance(result, (str, bytes)) or not hasattr(result, "__len__") or len(result) != 3:
                raise NotThreeError(_returned(result))
            params, m, s = (np.asarray(part, dtype=float) for part in result)
        ends.append(params)
    return np.concatenate(ends)


def _returned(result):
    """What a step that did not return three things returned, in words."""
    if isinstance(result, np.ndarray):
        return f"an array of shape {result.shape}"
    if isinstance(result, (tuple, list)):
        return f"{len(result)} things"
    return f"a {type(result).__name__}"


@dataclass(frozen=True, kw_only=True)
class StepExercise(Exercise):
    """Exercise 4.6: the answer is a function, run on the check's bowl once per setting of ``ADAM_RUNS``.

    It says what went wrong in the run itself (three things not returned, NaN or inf from a division by
    zero), and which of the three settings the step gets wrong, instead of naming numbers by position.
    """

    def verdict(self, answer):
        if callable(answer):
            if is_stub(answer):
                return NO_ANSWER
            try:
                with np.errstate(all="ignore"):  # a division by zero is diagnosed below, not warned about
                    answer = run_adam_step(answer)
            except NotThreeError as returned:
                return (f"not yet. Your adam_step returned {returned}: return three things, (params, m, s), "
                        "since the next update starts from the m and s it returns.")
            except Exception as error:  # noqa: BLE001 - the reader's code: say what it raised
                return f"not yet. Your adam_step raised {type(error).__name__}: {error}"
            if answer is None:
                return "not yet. Your adam_step returned None: did it forget to `return` (params, m, s)?"
            if not np.isfinite(answer).all():
                return ("not yet. Your steps give NaN or inf: a division by zero? t counts updates from 1, so at "
                        "the first update 1 - beta**t is 1 - beta, never 0.")
            if agrees(answer, self.expected, self.sig_figs):
                return f"right! {self.right}"
            return f"not yet. {self.diagnosis(answer, typed=False)}"
        return super().verdict(answer)

    def diagnosis(self, numbers, *, typed=True):
        """A catalogued mistake's hint; for a function's result, which setting it gets wrong (a step that ignores
        an argument), else the general hint, never "the first number is right"."""
        if typed:
            return super().diagnosis(numbers, typed=typed)
        for mistake, hint in self.mistakes:
            if agrees(numbers, mistake, self.sig_figs):
                return hint
        runs = [agrees(numbers[i : i + 2], self.expected[i : i + 2], self.sig_figs) for i in (0, 2, 4)]
        if runs[0] and not runs[1]:
            return IGNORES_RATE
        if runs[0] and runs[1] and not runs[2]:
            return IGNORES_BETAS
        return self.hint


def _variant(*, correct_m=True, correct_s=True, late=0, square=True, weigh=True, sign=-1.0, root=True,
             swap=False, carry=True, hats=False, rate=None, default_betas=False, sign_descent=False):
    """An Adam step with one typical mistake (the defaults make none), for the catalogue."""
    def step(params, gradient, m, s, t, *, learning_rate, beta1=0.9, beta2=0.999, eps=1e-8):
        learning_rate = rate or learning_rate
        b1, b2 = ADAM_DEFAULT_BETAS if default_betas else (beta1, beta2)
        b1, b2 = (b2, b1) if swap else (b1, b2)
        new_m = b1 * m + (1 - b1 if weigh else 1.0) * gradient
        new_s = b2 * s + (1 - b2 if weigh else 1.0) * (gradient**2 if square else gradient)
        m_hat = new_m / (1 - b1 ** (t + late)) if correct_m else new_m
        s_hat = new_s / (1 - b2 ** (t + late)) if correct_s else new_s
        size = np.sqrt(s_hat) + eps if root else s_hat + eps
        move = np.sign(gradient) if sign_descent else m_hat / size
        kept_m, kept_s = (m_hat, s_hat) if hats else (new_m, new_s)
        return params + sign * learning_rate * move, (kept_m if carry else m), (kept_s if carry else s)
    return run_adam_step(step)


def adam_step_exercise():
    """Exercise 4.6: its answer (the package's Adam) and known mistakes, as the params after each run."""
    return StepExercise(
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
            (_variant(hats=True), "Return the running means m and s themselves, not their corrected m_hat and "
                                  "s_hat: the next update continues the means, and corrects them afresh with its "
                                  "own t."),
            (_variant(root=False), "Divide by the square root of s_hat (plus eps): the gradient's typical size, in "
                                   "the units of the gradient."),
            (_variant(swap=True), "beta1 belongs to m, the mean of the gradient; beta2 to s, the mean of its square."),
            (_variant(sign_descent=True), "Those are steps of learning_rate * sign(gradient): Adam's first step, "
                                          "but not its later ones. Keep the running means m and s and step by "
                                          "m_hat / (sqrt(s_hat) + eps)."),
            (_variant(rate=0.1), IGNORES_RATE),
            (_variant(default_betas=True), IGNORES_BETAS),
        ),
        hint=("Write the lesson's formulas in order: m, s, their corrected versions m_hat and s_hat, then the step; "
              "return (params, m, s). The check runs 20 updates on a small bowl at two learning rates and two pairs "
              "of betas and compares the params with the package's Adam."),
        right=("Twenty updates of your adam_step, at two learning rates and two pairs of betas, land where the "
               "package's Adam does. Its body is the formula, as Adam.step's is (Adam.step?? shows it)."),
    )


def check_adam_step(adam_step):
    """Exercise 4.6: the reader's ``adam_step``, run against the package's :class:`Adam` (``ADAM_RUNS``)."""
    adam_step_exercise().check(adam_step)


EXERCISES = {"check_condition_number": condition_number, "check_original_units": original_units,
             "check_terminal_velocity": terminal_velocity, "check_best_beta": best_beta,
             "check_stable_rates": stable_rates, "check_adam_step": adam_step_exercise}
