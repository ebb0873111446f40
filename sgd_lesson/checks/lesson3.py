"""Checks for the exercises of lesson 3 (``03_stochastic_gradient_descent``).

Each check prints whether the answer is right and, if not, a hint that names
the likely mistake; it never prints the answer. The numbers each exercise asks
about are fixed here and stated in the notebook. Counts are checked exactly,
learning rates to 3 significant figures.
"""

from __future__ import annotations

import math

from . import Exercise

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


COUNT = (0, math.inf, "a count is never negative")
RATE = (0.0, math.inf, "a learning rate is positive")


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


def inverse_time_rate():
    """Exercise 3.3: its answer and known mistakes."""
    rate, decay, t = INVERSE_INITIAL_RATE, INVERSE_DECAY, INVERSE_T
    decay_multiplies = "The decay multiplies t: the formula divides by 1 + decay * t."
    fall = "The rate should fall over time: divide by (1 + decay * t), do not multiply."
    return Exercise(
        label="Exercise 3.3", expected=rate / (1.0 + decay * t), what="one number, the learning rate",
        possible=RATE,
        mistakes=(
            (rate, f"That is the first rate, at t = 0; by update {t:,} the schedule has decayed."),
            (rate / (decay * t), "You left out the 1 in 1 + decay * t."),
            (rate / t, decay_multiplies), (rate / (1.0 + t), decay_multiplies),
            (rate * (1.0 + decay * t), fall), (rate * decay * t, fall),
        ),
        hint="Use initial_rate / (1 + decay * t), the formula in inverse_time_decay's docstring.",
        right=f"At t = 1 / decay = {1 / decay:,.0f} the rate has halved; at three times that it is a quarter.",
    )


def check_inverse_time_rate(answer):
    """Exercise 3.3: the rate of ``inverse_time_decay(0.2, decay=0.001)`` at update 3,000.

    Examples
    --------
    >>> check_inverse_time_rate(0.2)
    Exercise 3.3: not yet. That is the first rate, at t = 0; by update 3,000 the schedule has decayed.
    """
    inverse_time_rate().check(answer)


def step_decay_rate():
    """Exercise 3.4: its answer and known mistakes."""
    rate, factor, size, t = STEP_INITIAL_RATE, STEP_FACTOR, STEP_SIZE, STEP_T
    drops = t // size
    return Exercise(
        label="Exercise 3.4", expected=rate * factor**drops, what="one number, the learning rate", possible=RATE,
        mistakes=(
            (rate * factor ** (t / size), "You used t / step_size as the number of drops. The rate drops only at "
                                          "whole steps: round down."),
            (rate * factor ** (drops + 1), "One drop too many: t // step_size rounds down, so a partly finished "
                                           "stretch has not dropped yet."),
            (rate * factor ** (drops - 1), "One drop too few: the rate drops at every multiple of step_size up to "
                                           "t, t itself included."),
            (rate, "That is the first rate; the schedule has dropped since."),
        ),
        hint="Use initial_rate * factor ** (t // step_size), the formula in step_decay's docstring.",
        right=f"The rate halved at updates {size:,} and {2 * size:,} and holds until update {3 * size:,}.",
    )


def check_step_decay_rate(answer):
    """Exercise 3.4: the rate of ``step_decay(0.1, factor=0.5, step_size=2_000)`` at update 5,000.

    Examples
    --------
    >>> check_step_decay_rate("0.1")
    Exercise 3.4: not yet. Give a number, not text: write 0.5, not "0.5".
    """
    step_decay_rate().check(answer)


EXERCISES = {"check_updates_per_epoch": updates_per_epoch, "check_samples_processed": samples_processed,
             "check_inverse_time_rate": inverse_time_rate, "check_step_decay_rate": step_decay_rate}

__all__ = ["check_inverse_time_rate", "check_samples_processed", "check_step_decay_rate",
           "check_updates_per_epoch"]
