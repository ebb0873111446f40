"""Checks for the exercises of lesson 3 (``03_stochastic_gradient_descent``).

Each check prints whether the answer is right and, if not, a hint that names
the likely mistake; it never prints the answer. The numbers each exercise asks
about are fixed here and stated in the notebook.
"""

from __future__ import annotations

from . import as_number, close, verdict

# Exercise 3.1: updates in one epoch.
EPOCH_SAMPLES = 10_000
EPOCH_BATCH_SIZE = 64

# Exercise 3.2: samples processed by a whole run.
RUN_SAMPLES = 1_000
RUN_BATCH_SIZE = 32
RUN_EPOCHS = 3

# Exercise 3.3: inverse_time_decay(INVERSE_INITIAL_RATE, decay=INVERSE_DECAY) at update INVERSE_T.
INVERSE_INITIAL_RATE = 0.2
INVERSE_DECAY = 0.001
INVERSE_T = 3_000

# Exercise 3.4: step_decay(STEP_INITIAL_RATE, factor=STEP_FACTOR, step_size=STEP_SIZE) at update STEP_T.
STEP_INITIAL_RATE = 0.1
STEP_FACTOR = 0.5
STEP_SIZE = 2_000
STEP_T = 5_000


def _is(value, expected, rtol=1e-4):
    """Whether the reader's number matches; hints match looser, to catch rounded mistakes."""
    return value is not None and close(value, expected, rtol=rtol)


def _near(value, candidate):
    return _is(value, candidate, rtol=2e-3)


def check_updates_per_epoch(answer):
    """Exercise 3.1: updates in one epoch of 10,000 samples with batch size 64.

    Examples
    --------
    >>> check_updates_per_epoch(...)
    Exercise 3.1: no answer yet. Replace the ... with your answer and run the cell again.
    """
    expected = -(-EPOCH_SAMPLES // EPOCH_BATCH_SIZE)

    def hint(answer):
        value = as_number(answer)
        if value is None:
            return "Give one whole number: how many updates one pass over the data makes."
        if _is(value, EPOCH_SAMPLES / EPOCH_BATCH_SIZE):
            return "An epoch cannot make a fraction of an update: the leftover samples form one more, shorter batch."
        if _is(value, EPOCH_SAMPLES // EPOCH_BATCH_SIZE):
            return "That drops the last, shorter batch. sgd uses it: every sample is read once per epoch."
        if _is(value, EPOCH_SAMPLES) or _is(value, EPOCH_BATCH_SIZE):
            return "That is a number of samples; an update reads a whole batch of them."
        if _is(value, EPOCH_SAMPLES * EPOCH_BATCH_SIZE):
            return "Multiply or divide? Each update reads batch_size samples, and an epoch reads 10,000."
        return "Count the batches that 10,000 shuffled samples cut into, batch_size at a time."

    verdict("Exercise 3.1", answer, correct=lambda a: _is(as_number(a), expected, rtol=1e-12),
            right=(f"{EPOCH_SAMPLES // EPOCH_BATCH_SIZE} full batches of {EPOCH_BATCH_SIZE} and one of "
                   f"{EPOCH_SAMPLES % EPOCH_BATCH_SIZE}: ceil(n_samples / batch_size)."),
            hint=hint)


def check_samples_processed(answer):
    """Exercise 3.2: samples read by 3 epochs over 1,000 samples with batch size 32.

    Examples
    --------
    >>> check_samples_processed(3_000)
    Exercise 3.2: right! The batch size changes how often you update, not how much you read: every epoch reads every sample once.
    """
    updates_per_epoch = -(-RUN_SAMPLES // RUN_BATCH_SIZE)
    expected = RUN_EPOCHS * RUN_SAMPLES

    def hint(answer):
        value = as_number(answer)
        if value is None:
            return "Give one whole number of samples."
        if _is(value, RUN_EPOCHS * updates_per_epoch) or _is(value, updates_per_epoch):
            return "That counts updates; the question asks how many samples their gradients read."
        if _is(value, RUN_EPOCHS * updates_per_epoch * RUN_BATCH_SIZE):
            return "You counted every batch as full. The last batch of each epoch holds only the leftover samples."
        if _is(value, RUN_EPOCHS * (RUN_SAMPLES // RUN_BATCH_SIZE) * RUN_BATCH_SIZE):
            return "You dropped the last, shorter batch of each epoch; sgd uses it."
        if _is(value, RUN_SAMPLES) or _is(value, updates_per_epoch * RUN_BATCH_SIZE):
            return "That is one epoch; the run makes three."
        return "Think about what one epoch reads, then count the epochs."

    verdict("Exercise 3.2", answer, correct=lambda a: _is(as_number(a), expected, rtol=1e-12),
            right=("The batch size changes how often you update, not how much you read: "
                   "every epoch reads every sample once."),
            hint=hint)


def check_inverse_time_rate(answer):
    """Exercise 3.3: the rate of ``inverse_time_decay(0.2, decay=0.001)`` at update 3,000.

    Examples
    --------
    >>> check_inverse_time_rate(0.2)
    Exercise 3.3: not yet. That is the first rate, at t = 0; by update 3,000 the schedule has decayed.
    """
    rate, decay, t = INVERSE_INITIAL_RATE, INVERSE_DECAY, INVERSE_T
    expected = rate / (1.0 + decay * t)

    def hint(answer):
        value = as_number(answer)
        if value is None:
            return "Give one number, the learning rate."
        if _near(value, rate):
            return f"That is the first rate, at t = 0; by update {t:,} the schedule has decayed."
        if _near(value, rate / (1.0 + decay * (t + 1))) or _near(value, rate / (1.0 + decay * (t - 1))):
            return "Off by one update: updates count from t = 0, and the question asks for t = 3,000 itself."
        if _near(value, rate / (decay * t)):
            return "You left out the 1 in 1 + decay * t."
        if _near(value, rate / t) or _near(value, rate / (1.0 + t)):
            return "The decay multiplies t: the formula divides by 1 + decay * t."
        if _near(value, rate * (1.0 + decay * t)) or _near(value, rate * decay * t):
            return "The rate should fall over time: divide by (1 + decay * t), do not multiply."
        return "Use initial_rate / (1 + decay * t), the formula in inverse_time_decay's docstring."

    verdict("Exercise 3.3", answer, correct=lambda a: _is(as_number(a), expected),
            right=f"At t = 1 / decay = {1 / decay:,.0f} the rate has halved; at three times that it is a quarter.",
            hint=hint)


def check_step_decay_rate(answer):
    """Exercise 3.4: the rate of ``step_decay(0.1, factor=0.5, step_size=2_000)`` at update 5,000.

    Examples
    --------
    >>> check_step_decay_rate("0.1")
    Exercise 3.4: not yet. Give one number, the learning rate.
    """
    rate, factor, size, t = STEP_INITIAL_RATE, STEP_FACTOR, STEP_SIZE, STEP_T
    drops = t // size
    expected = rate * factor**drops

    def hint(answer):
        value = as_number(answer)
        if value is None:
            return "Give one number, the learning rate."
        if _near(value, rate * factor ** (t / size)):
            return "You used t / step_size as the number of drops. The rate drops only at whole steps: round down."
        if _near(value, rate * factor ** (drops + 1)):
            return "One drop too many: t // step_size rounds down, so a partly finished stretch has not dropped yet."
        if _near(value, rate * factor ** (drops - 1)):
            return "One drop too few: the rate drops at every multiple of step_size up to t, t itself included."
        if _near(value, rate):
            return "That is the first rate; the schedule has dropped since."
        return "Use initial_rate * factor ** (t // step_size), the formula in step_decay's docstring."

    verdict("Exercise 3.4", answer, correct=lambda a: _is(as_number(a), expected),
            right=f"The rate halved at updates {size:,} and {2 * size:,} and holds until update {3 * size:,}.",
            hint=hint)


__all__ = ["check_inverse_time_rate", "check_samples_processed", "check_step_decay_rate",
           "check_updates_per_epoch"]

