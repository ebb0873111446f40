"""Checks for the exercises of lesson 3 (``03_stochastic_gradient_descent``).

Each check prints whether the answer is right and, if not, a hint that names
the likely mistake; it never prints the answer. The numbers each exercise asks
about are fixed here and stated in the notebook. Counts are checked exactly,
the predicted gradient error to within 10% of the middle of the theory's and the
lesson's measured values (2 significant figures from any row of the lesson's
table land there), the predicted noise ball to 2 significant figures, and the
function of Exercise 3.4 by its results on small data with two settings, to 4
significant figures, and by whether it left the params it was given unchanged.
"""

from __future__ import annotations

import math

import numpy as np

from ..data import make_linear_data
from ..linear import least_squares, mse_gradient
from . import Exercise, agrees

# Exercise 3.1: updates in one epoch.
EPOCH_SAMPLES = 10_000
EPOCH_BATCH_SIZE = 64

# Exercise 3.2: the error of a batch gradient at the lesson's start, for a batch of ERROR_BATCH_SIZE.
ERROR_N_SAMPLES, ERROR_SEED = 10_000, 0
ERROR_START = (10.0, 5.0)
ERROR_NEAR_MINIMUM = (0.05, -0.03)  # added to the least-squares line
ERROR_BATCH_SIZE = 400
ERROR_TABLE_SIZES = (1, 10, 100, 1_000)
ERROR_TABLE_DRAWS, ERROR_TABLE_SEED = 200, 1  # the lesson's table: 200 random batches of each size, seed 1
ERROR_RTOL = 0.10  # of the middle of theory and measurement: every row of the table, scaled, lands well within

# Exercise 3.3: the noise ball of another setting, scaled from the lesson's reference setting.
NOISE_REFERENCE = {"batch_size": 10, "learning_rate": 0.1, "excess_loss": 1.2e-3}
NOISE_SETTING = {"batch_size": 50, "learning_rate": 0.05}

# Exercise 3.4: one epoch of minibatch SGD, on small data and a given order, with two settings:
# (learning_rate, batch_size). The second catches a body that ignores an argument.
EPOCH_DATA_SIZE, EPOCH_DATA_SEED, EPOCH_ORDER_SEED = 23, 3, 7
EPOCH_PARAMS0 = (10.0, 5.0)
EPOCH_SETTINGS = ((0.1, 5), (0.05, 7))


COUNT = (0, math.inf, "a count is never negative")


def updates_per_epoch():
    """Exercise 3.1: its answer and known mistakes."""
    samples, size = EPOCH_SAMPLES, EPOCH_BATCH_SIZE
    samples_not_updates = "That is a number of samples; an update reads a whole batch of them."
    return Exercise(
        label="Exercise 3.1", expected=-(-samples // size), sig_figs=None, possible=COUNT,
        what="one whole number: how many updates one pass over the data makes",
        mistakes=(
            (samples / size, "An epoch cannot make a fraction of an update: the leftover samples form one more, "
                             "shorter batch."),
            (samples // size, "That drops the last, shorter batch. sgd uses it: every sample is read once per "
                              "epoch."),
            (samples, samples_not_updates), (size, samples_not_updates),
            (samples * size, "Multiply or divide? Each update reads batch_size samples, and an epoch reads 10,000."),
        ),
        hint="Count the batches that 10,000 shuffled samples cut into, batch_size at a time.",
        right=(f"{samples // size} full batches of {size} and one of {samples % size}: "
               "ceil(n_samples / batch_size)."),
    )


def check_updates_per_epoch(answer):
    """Exercise 3.1: updates in one epoch of 10,000 samples with batch size 64.

    Examples
    --------
    >>> check_updates_per_epoch(...)
    Exercise 3.1: no answer yet. Replace the ... with your answer and run the cell again.
    """
    updates_per_epoch().check(answer)


def expected_gradient_error(params, batch_size):
    """The root mean square of ``|g_batch - grad L| / |grad L|`` over every batch of ``batch_size``
    drawn without replacement from the lesson's data: the error the lesson's table estimates.

    Notes
    -----
    With ``grad l_i`` the gradient of one sample and ``s2 = mean_i |grad l_i - grad L|**2``, a batch's
    mean squared error is ``s2 / B * (n - B) / (n - 1)``: an average of B samples has 1/B of their
    variance (the last factor: a batch drawn without replacement from n samples is a little better).
    """
    x, y = make_linear_data(ERROR_N_SAMPLES, seed=ERROR_SEED)
    residual = params[0] * x + params[1] - y
    per_sample = 2.0 * np.column_stack([residual * x, residual])
    full = per_sample.mean(axis=0)
    variance = np.mean(np.sum((per_sample - full) ** 2, axis=1))
    n = len(x)
    return float(np.sqrt(variance / batch_size * (n - batch_size) / (n - 1)) / np.linalg.norm(full))


def table_gradient_error(params, batch_size):
    """The lesson's estimate of :func:`expected_gradient_error`, as its first table prints it: the root
    mean square relative error of ``ERROR_TABLE_DRAWS`` random batches, drawn with ``ERROR_TABLE_SEED``."""
    x, y = make_linear_data(ERROR_N_SAMPLES, seed=ERROR_SEED)
    rng = np.random.default_rng(ERROR_TABLE_SEED)
    full = mse_gradient(params, x, y)
    squared_errors = []
    for _ in range(ERROR_TABLE_DRAWS):
        batch = rng.choice(len(x), size=batch_size, replace=False)
        error = mse_gradient(params, x[batch], y[batch]) - full
        squared_errors.append(error @ error)
    return float(np.sqrt(np.mean(squared_errors)) / np.linalg.norm(full))


def gradient_error():
    """Exercise 3.2: its answer and known mistakes.

    A row of the lesson's table is an estimate (200 random batches) a few percent off the theory; a
    student works from the table, so every mistake that starts from a row is listed with the table's
    value and with the theory's. The right band is centred between the theory and the lesson's own
    measurement at 400, so that the 2-figure predictions from every row (0.12, 0.13) lie well inside.
    """
    start = np.array(ERROR_START)
    near = least_squares(*make_linear_data(ERROR_N_SAMPLES, seed=ERROR_SEED)) + np.array(ERROR_NEAR_MINIMUM)
    rows = [{size: error(start, size) for size in ERROR_TABLE_SIZES}
            for error in (table_gradient_error, expected_gradient_error)]
    centre = (expected_gradient_error(start, ERROR_BATCH_SIZE) + table_gradient_error(start, ERROR_BATCH_SIZE)) / 2
    variance = ("That divides by 400 / 100 = 4. Averaging B samples divides their variance by B; the error is the "
                "square root of a variance.")
    by_all = ("That divides a row's error by the square root of 400, as if the row were for one sample. A row for "
              "B samples already averages B of them: scale it by the square root of B / 400.")
    mistakes = []
    for row in rows:
        mistakes += [
            (row[100] / 4, variance),
            (row[1] / 400, "That divides the one-sample error by 400, as for a variance. The error is the square "
                           "root of a variance."),
            (row[100] / math.sqrt(ERROR_BATCH_SIZE), by_all), (row[10] / math.sqrt(ERROR_BATCH_SIZE), by_all),
            (row[1_000], "That is the error of a batch of 1,000; a batch of 400 holds fewer samples."),
            (row[100], "That is the error of a batch of 100; a batch of 400 averages four times as many samples."),
            (2 * row[100], "A bigger batch averages more samples: its error is smaller than a batch of 100's, "
                           "not larger."),
        ]
    mistakes += [(error(near, 100) / 2, "That comes from the column near the minimum; the question asks about "
                                        "the start.") for error in (table_gradient_error, expected_gradient_error)]
    return Exercise(
        label="Exercise 3.2", accept=lambda value: abs(value - centre) <= ERROR_RTOL * centre,
        what="one number, the relative error of the gradient", sig_figs=2,
        possible=(0.0, math.inf, "an error is a length, never negative"),
        mistakes=tuple(mistakes),
        hint=("Take one row of the table at the start, and ask how an average's error changes when it averages "
              "four times as many samples."),
        right=("The error falls with the square root of the batch size: four times the samples, half the error. "
               "Every row of the table predicts it."),
    )


def check_gradient_error(answer):
    """Exercise 3.2: the relative error of a batch gradient at the start, for a batch of 400.

    Examples
    --------
    >>> check_gradient_error(...)
    Exercise 3.2: no answer yet. Replace the ... with your answer and run the cell again.
    """
    gradient_error().check(answer)


def noise_ball():
    """Exercise 3.3: its answer and known mistakes.

    The excess loss where SGD with a constant rate levels off grows in proportion to the rate and
    shrinks in proportion to the batch size (lesson 3: about ``eta * sigma**2 * tr(H) / (2 * B)``), so the
    answer is the reference's excess loss times ``(eta / eta_ref) * (B_ref / B)``: 1.2e-4. The lesson's
    table measures 1.3e-4 for batches of 10 at rate 0.01, the same ``eta / B``: a student who reads the
    answer off that row is right too.
    """
    reference, setting = NOISE_REFERENCE, NOISE_SETTING
    rate = setting["learning_rate"] / reference["learning_rate"]
    batch = setting["batch_size"] / reference["batch_size"]
    excess = reference["excess_loss"]
    answers = (excess * rate / batch, 1.3e-4)
    return Exercise(
        label="Exercise 3.3", accept=lambda value: any(agrees(value, answer, 2) for answer in answers), sig_figs=2,
        what="one number, an excess loss",
        possible=(0.0, math.inf, "an excess loss is never negative"),
        mistakes=(
            (excess, "That is the reference's noise ball; the new setting changes both the learning rate and the "
                     "batch size."),
            (excess * rate, "You scaled by the learning rate only: the batch size changed too, and a bigger batch "
                            "averages out more of the noise."),
            (excess / batch, "You scaled by the batch size only: the learning rate changed too, and every kick is "
                             "the rate times a noisy gradient."),
            (excess * math.sqrt(rate / batch), "You scaled by a square root: that is how the spread of the params "
                                               "changes. The excess loss grows with the spread squared."),
            (excess * rate * batch, "A bigger batch averages out more noise: the ball shrinks with the batch size, "
                                    "it does not grow."),
            (excess / rate / batch, "A smaller learning rate makes smaller kicks: the ball shrinks with the rate."),
        ),
        hint=("By the law of the noise-ball section, which way does each factor move the excess loss, and in "
              "what proportion? Scale the reference's 1.2e-3 by each."),
        right=("Half the rate and five times the batch: a tenth of the reference's noise ball. The law says "
               "0.118 * 0.05 / 50."),
    )


def check_noise_ball(answer):
    """Exercise 3.3: where SGD with batches of 50 at learning rate 0.05 levels off, in excess loss.

    Examples
    --------
    >>> check_noise_ball(...)
    Exercise 3.3: no answer yet. Replace the ... with your answer and run the cell again.
    """
    noise_ball().check(answer)


def epoch_inputs(setting=0):
    """The arguments Exercise 3.4 calls the reader's function with, for ``EPOCH_SETTINGS[setting]``:
    ``(params, x, y, order)`` and the keywords ``learning_rate`` and ``batch_size``; fresh arrays each time."""
    x, y = make_linear_data(EPOCH_DATA_SIZE, seed=EPOCH_DATA_SEED)
    order = np.random.default_rng(EPOCH_ORDER_SEED).permutation(EPOCH_DATA_SIZE)
    rate, size = EPOCH_SETTINGS[setting]
    return (np.array(EPOCH_PARAMS0), x, y, order), {"learning_rate": rate, "batch_size": size}


def _epoch(params, x, y, order, *, learning_rate, batch_size, batches=None, gradient=None, step=None):
    """One epoch, right (the defaults) or with one of the typical mistakes swapped in."""
    batches = batches or (lambda: [order[start : start + batch_size] for start in range(0, len(x), batch_size)])
    gradient = gradient or (lambda params, batch: mse_gradient(params, x[batch], y[batch]))
    step = step or (lambda params, g: params - learning_rate * g)
    for batch in batches():
        params = step(params, gradient(params, batch))
    return params


def one_epoch(setting=0):
    """Exercise 3.4: its answer and the results of the typical mistakes, for ``EPOCH_SETTINGS[setting]``.

    From the second setting on, the catalogue also holds the results of a body that keeps the first
    setting's learning rate or batch size instead of using its arguments.
    """
    (params, x, y, order), keywords = epoch_inputs(setting)
    rate, size, n = keywords["learning_rate"], keywords["batch_size"], len(x)

    def variant(**swap):
        return _epoch(params, x, y, order, **{**keywords, **swap})

    def mistake(**swap):
        return _epoch(params, x, y, order, **keywords, **swap)

    full_batches = lambda: [order[start : start + size] for start in range(0, n - size + 1, size)]  # noqa: E731
    first_rate, first_size = EPOCH_SETTINGS[0]
    ignored = () if setting == 0 else (
        (variant(learning_rate=first_rate), f"Your function steps with learning rate {first_rate} whatever it is "
                                            "given: use its argument learning_rate."),
        (variant(batch_size=first_size), f"Your function cuts batches of {first_size} whatever it is given: use "
                                         "its argument batch_size."),
    )
    return Exercise(
        label="Exercise 3.4", expected=mistake(), length=2, sig_figs=4,
        what="the params after one epoch: an array of two numbers, [slope, intercept]",
        mistakes=(
            (params, "Your function returned the params it was given: assign each update back to params."),
            (mistake(batches=lambda: [np.arange(start, min(start + size, n)) for start in range(0, n, size)]),
             "Your batches take the samples in their stored order: cut the shuffled order into batches instead, "
             "order[start : start + batch_size]."),
            (mistake(batches=full_batches), "Your epoch drops the last, shorter batch: every sample is read once "
                                            "per epoch, the leftovers too."),
            (mistake(batches=lambda: np.array_split(order, -(-n // size))),
             "np.array_split makes batches of nearly equal sizes; here every batch but the last holds batch_size "
             "samples, and the last the leftovers."),
            (mistake(batches=lambda: [order[i : i + 1] for i in range(n)]),
             "Your epoch makes one update per sample: each update should read a whole batch of batch_size "
             "samples."),
            (mistake(step=lambda params, g: params + rate * g), "Your step climbs: go against the gradient."),
            (mistake(gradient=lambda params, batch: mse_gradient(params, x, y)),
             "Your updates use the gradient of all the data: each update should read its batch only."),
            (mistake(gradient=lambda params, batch: len(batch) * mse_gradient(params, x[batch], y[batch])),
             "Your gradient adds up the samples' gradients: average them (mse_gradient on the batch does)."),
            (mistake(gradient=lambda params, batch: mse_gradient(params, x[batch], y[batch]) / len(batch)),
             "Your gradient is divided by the batch size twice: mse_gradient on the batch is already an average."),
            (mistake(gradient=lambda params, batch: mse_gradient(params, x[batch], y[batch]) * len(batch) / size),
             "Your last, shorter batch's gradient is divided by batch_size, not by the samples it holds: average "
             "over the batch itself (mse_gradient on the batch does)."),
            (mistake(gradient=lambda params, batch: mse_gradient(params, x[batch], y[batch]) / 2),
             "Your gradient is half of mse_gradient's: the derivative of r**2 is 2 * r."),
            (mistake(gradient=lambda current, batch: mse_gradient(params, x[batch], y[batch])),
             "Every update uses the gradient at the starting params: take each batch's gradient where the "
             "params are now."),
            (mistake(batches=lambda: [order[:size]]), "Your epoch makes one update only: loop over all the batches."),
            *ignored,
        ),
        hint=("Walk along order batch_size at a time; for each batch take mse_gradient on those samples and step "
              "params against it."),
        right=("One shuffled pass, cut into consecutive batches, the last one shorter: the loop inside sgd "
               "(lesson 3's section Minibatches)."),
        call=(),
    )


CHANGED_INPUT = ("not yet. Your function changed the params array it was given (with -= or an assignment into it), "
                 "so the caller's start moved too: write params = params - ..., which makes a new array.")


def check_one_epoch(function):
    """Exercise 3.4: ``function(params, x, y, order, *, learning_rate, batch_size)`` makes one epoch of
    minibatch SGD and returns the new params, leaving the array it was given unchanged. It is called with
    each of ``EPOCH_SETTINGS``; a number or array instead is checked as the result of the first.

    Examples
    --------
    >>> def stub(params, x, y, order, *, learning_rate, batch_size):
    ...     ...
    >>> check_one_epoch(stub)
    Exercise 3.4: no answer yet. Replace the ... with your answer and run the cell again.
    """
    if not callable(function):
        one_epoch().check(function)
        return
    for setting, (rate, size) in enumerate(EPOCH_SETTINGS):
        arguments, keywords = epoch_inputs(setting)
        given = arguments[0].copy()

        def answer(arguments=arguments, keywords=keywords):
            return function(*arguments, **keywords)

        verdict = one_epoch(setting).verdict(answer)
        if not verdict.startswith("right!"):
            if setting > 0 and verdict.startswith("not yet. "):
                first_rate, first_size = EPOCH_SETTINGS[0]
                verdict = (f"not yet. Right with learning_rate={first_rate}, batch_size={first_size}, but not with "
                           f"learning_rate={rate}, batch_size={size}. {verdict.removeprefix('not yet. ')}")
            break
        if not np.array_equal(arguments[0], given):
            verdict = CHANGED_INPUT
            break
    print(f"Exercise 3.4: {verdict}")


EXERCISES = {"check_updates_per_epoch": updates_per_epoch, "check_gradient_error": gradient_error,
             "check_noise_ball": noise_ball, "check_one_epoch": one_epoch}

__all__ = ["check_gradient_error", "check_noise_ball", "check_one_epoch", "check_updates_per_epoch"]
