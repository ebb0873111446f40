"""Checks for the exercises of lesson 3 (``03_stochastic_gradient_descent``).

Each check prints whether the answer is right and, if not, a hint that names
the likely mistake; it never prints the answer. The numbers each exercise asks
about are fixed here and stated in the notebook. Counts are checked exactly,
the predicted gradient error to within 8% (2 significant figures from any row of
the lesson's table land there), and the function of Exercise 3.4 by its result
on small data, to 4 significant figures.
"""

from __future__ import annotations

import math

import numpy as np

from ..data import make_linear_data
from ..linear import least_squares, mse_gradient
from . import Exercise

# Exercise 3.1: updates in one epoch.
EPOCH_SAMPLES = 10_000
EPOCH_BATCH_SIZE = 64

# Exercise 3.2: samples processed by a whole run.
RUN_SAMPLES = 1_000
RUN_BATCH_SIZE = 32
RUN_EPOCHS = 3

# Exercise 3.3: the error of a batch gradient at the lesson's start, for a batch of ERROR_BATCH_SIZE.
ERROR_N_SAMPLES, ERROR_SEED = 10_000, 0
ERROR_START = (10.0, 5.0)
ERROR_NEAR_MINIMUM = (0.05, -0.03)  # added to the least-squares line
ERROR_BATCH_SIZE = 400
ERROR_RTOL = 0.08  # any of the lesson's table rows, scaled by the square root, lands within this

# Exercise 3.4: one epoch of minibatch SGD, on small data and a given order.
EPOCH_DATA_SIZE, EPOCH_DATA_SEED, EPOCH_ORDER_SEED = 23, 3, 7
EPOCH_PARAMS0 = (10.0, 5.0)
EPOCH_RATE, EPOCH_BATCH = 0.1, 5


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


def samples_processed():
    """Exercise 3.2: its answer and known mistakes."""
    per_epoch = -(-RUN_SAMPLES // RUN_BATCH_SIZE)
    updates = "That counts updates; the question asks how many samples their gradients read."
    one_epoch = "That is one epoch; the run makes three."
    return Exercise(
        label="Exercise 3.2", expected=RUN_EPOCHS * RUN_SAMPLES, sig_figs=None, possible=COUNT,
        what="one whole number of samples",
        mistakes=(
            (RUN_EPOCHS * per_epoch, updates), (per_epoch, updates),
            (RUN_EPOCHS * per_epoch * RUN_BATCH_SIZE, "You counted every batch as full. The last batch of each "
                                                      "epoch holds only the leftover samples."),
            (RUN_EPOCHS * (RUN_SAMPLES // RUN_BATCH_SIZE) * RUN_BATCH_SIZE, "You dropped the last, shorter batch "
                                                                           "of each epoch; sgd uses it."),
            (RUN_SAMPLES, one_epoch), (per_epoch * RUN_BATCH_SIZE, one_epoch),
        ),
        hint="Think about what one epoch reads, then count the epochs.",
        right=("The batch size changes how often you update, not how much you read: every epoch reads every "
               "sample once."),
    )


def check_samples_processed(answer):
    """Exercise 3.2: samples read by 3 epochs over 1,000 samples with batch size 32.

    Examples
    --------
    >>> check_samples_processed(3_000)
    Exercise 3.2: right! The batch size changes how often you update, not how much you read: every epoch reads every sample once.
    """
    samples_processed().check(answer)


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


def gradient_error():
    """Exercise 3.3: its answer and known mistakes."""
    start = np.array(ERROR_START)
    near = least_squares(*make_linear_data(ERROR_N_SAMPLES, seed=ERROR_SEED)) + np.array(ERROR_NEAR_MINIMUM)
    error = {size: expected_gradient_error(start, size) for size in (1, 100, 1_000, ERROR_BATCH_SIZE)}
    target = error[ERROR_BATCH_SIZE]
    return Exercise(
        label="Exercise 3.3", accept=lambda value: abs(value - target) <= ERROR_RTOL * target,
        what="one number, the relative error of the gradient", sig_figs=1,
        possible=(0.0, math.inf, "an error is a length, never negative"),
        mistakes=(
            (error[100] / 4, "That divides by 400 / 100 = 4. Averaging B samples divides their variance by B; "
                             "the error is the square root of a variance."),
            (error[1] / 400, "That divides the one-sample error by 400, as for a variance. The error is the square "
                             "root of a variance."),
            (error[1_000], "That is the error of a batch of 1,000; a batch of 400 holds fewer samples."),
            (error[100], "That is the error of a batch of 100; a batch of 400 averages four times as many samples."),
            (2 * error[100], "A bigger batch averages more samples: its error is smaller than a batch of 100's, "
                             "not larger."),
            (expected_gradient_error(near, 100) / 2, "That comes from the column near the minimum; the question "
                                                     "asks about the start."),
        ),
        hint=("Take one row of the table at the start, and ask how an average's error changes when it averages "
              "four times as many samples."),
        right=("The error falls with the square root of the batch size: four times the samples, half the error. "
               "Every row of the table predicts it."),
    )


def check_gradient_error(answer):
    """Exercise 3.3: the relative error of a batch gradient at the start, for a batch of 400.

    Examples
    --------
    >>> check_gradient_error(...)
    Exercise 3.3: no answer yet. Replace the ... with your answer and run the cell again.
    """
    gradient_error().check(answer)


def epoch_inputs():
    """The arguments Exercise 3.4 calls the reader's function with: ``(params, x, y, order)`` and the
    keywords ``learning_rate`` and ``batch_size``; fresh arrays each time."""
    x, y = make_linear_data(EPOCH_DATA_SIZE, seed=EPOCH_DATA_SEED)
    order = np.random.default_rng(EPOCH_ORDER_SEED).permutation(EPOCH_DATA_SIZE)
    return (np.array(EPOCH_PARAMS0), x, y, order), {"learning_rate": EPOCH_RATE, "batch_size": EPOCH_BATCH}


def _epoch(params, x, y, order, *, learning_rate, batch_size, batches=None, gradient=None, step=None):
    """One epoch, right (the defaults) or with one of the typical mistakes swapped in."""
    batches = batches or (lambda: [order[start : start + batch_size] for start in range(0, len(x), batch_size)])
    gradient = gradient or (lambda params, batch: mse_gradient(params, x[batch], y[batch]))
    step = step or (lambda params, g: params - learning_rate * g)
    for batch in batches():
        params = step(params, gradient(params, batch))
    return params


def one_epoch():
    """Exercise 3.4: its answer and the results of the typical mistakes."""
    (params, x, y, order), keywords = epoch_inputs()
    rate, size, n = keywords["learning_rate"], keywords["batch_size"], len(x)

    def variant(**swap):
        return _epoch(params, x, y, order, **keywords, **swap)

    full_batches = lambda: [order[start : start + size] for start in range(0, n - size + 1, size)]  # noqa: E731
    return Exercise(
        label="Exercise 3.4", expected=variant(), length=2, sig_figs=4,
        what="the params after one epoch: an array of two numbers, [slope, intercept]",
        mistakes=(
            (params, "Your function returned the params it was given: assign each update back to params."),
            (variant(batches=lambda: [np.arange(start, min(start + size, n)) for start in range(0, n, size)]),
             "Your batches take the samples in their stored order: cut the shuffled order into batches instead, "
             "order[start : start + batch_size]."),
            (variant(batches=full_batches), "Your epoch drops the last, shorter batch: every sample is read once "
                                            "per epoch, the leftovers too."),
            (variant(batches=lambda: np.array_split(order, -(-n // size))),
             "np.array_split makes batches of nearly equal sizes; here every batch but the last holds batch_size "
             "samples, and the last the leftovers."),
            (variant(step=lambda params, g: params + rate * g), "Your step climbs: go against the gradient."),
            (variant(gradient=lambda params, batch: mse_gradient(params, x, y)),
             "Your updates use the gradient of all the data: each update should read its batch only."),
            (variant(gradient=lambda params, batch: len(batch) * mse_gradient(params, x[batch], y[batch])),
             "Your gradient adds up the samples' gradients: average them (mse_gradient on the batch does)."),
            (variant(gradient=lambda current, batch: mse_gradient(params, x[batch], y[batch])),
             "Every update uses the gradient at the starting params: take each batch's gradient where the "
             "params are now."),
            (variant(batches=lambda: [order[:size]]), "Your epoch makes one update only: loop over all the batches."),
        ),
        hint=("Walk along order batch_size at a time; for each batch take mse_gradient on those samples and step "
              "params against it."),
        right=("One shuffled pass, cut into consecutive batches, the last one shorter: the loop inside sgd "
               "(lesson 3's section Minibatches)."),
        call=(),
    )


def check_one_epoch(function):
    """Exercise 3.4: ``function(params, x, y, order, *, learning_rate, batch_size)`` makes one epoch of
    minibatch SGD and returns the new params. A number or array instead is checked as its result.

    Examples
    --------
    >>> def stub(params, x, y, order, *, learning_rate, batch_size):
    ...     ...
    >>> check_one_epoch(stub)
    Exercise 3.4: no answer yet. Replace the ... with your answer and run the cell again.
    """
    answer = function
    if callable(function):
        arguments, keywords = epoch_inputs()

        def answer():
            return function(*arguments, **keywords)
    one_epoch().check(answer)


EXERCISES = {"check_updates_per_epoch": updates_per_epoch, "check_samples_processed": samples_processed,
             "check_gradient_error": gradient_error, "check_one_epoch": one_epoch}

__all__ = ["check_gradient_error", "check_one_epoch", "check_samples_processed", "check_updates_per_epoch"]
