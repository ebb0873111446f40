"""Exercise checks for lesson 5 (``05_classify_with_logistic_regression``).

Each check prints whether the answer is right and, if not, a hint that names
the likely mistake without giving the answer away.
"""

from __future__ import annotations

import numpy as np

from ..data import make_logistic_data, train_test_split
from ..logistic import accuracy, log_loss_gradient
from . import as_number, as_vector, close, verdict

# Exercise 5.2: where a model crosses a given probability.
CROSSING_PARAMS = (8.0, -6.0)
CROSSING_PROBABILITY = 0.9

# Exercise 5.3: the log-loss gradient on two points, by hand.
TINY_PARAMS = (0.0, 0.0)
TINY_X = (1.0, 3.0)
TINY_LABELS = (1.0, 1.0)

# Exercise 5.4: the lesson's data and split.
LESSON_TRUE_PARAMS = (12.0, -8.0)
LESSON_N_SAMPLES, LESSON_SEED = 1000, 0
LESSON_TEST_FRACTION, LESSON_SPLIT_SEED = 0.25, 1


def _coin_flip_hint(answer):
    value = as_number(answer)
    if value is None:
        return "Give a single number: the log loss."
    diagnoses = [
        (-np.log(2.0), "Check the sign: the loss is the NEGATIVE log-likelihood, and log(0.5) is below 0. "
                       "This is the old lecture's mistake."),
        (np.log10(2.0), "That uses log base 10; the log loss uses the natural logarithm, np.log."),
        (1.0, "That is log base 2 (a loss in bits); the log loss uses the natural logarithm, np.log."),
        (0.5, "That is the predicted probability; the loss is minus its logarithm."),
        (0.25, "That is the squared error of predicting 0.5, not the log loss."),
    ]
    for wrong, hint in diagnoses:
        if close(value, wrong):
            return hint
    return "With params [0, 0], z = 0 for every point: what is sigmoid(0), and what does each label lose?"


def check_coin_flip_loss(answer):
    """Exercise 5.1: the log loss of params [0, 0] (every probability 0.5), on any labels."""
    verdict(
        "Exercise 5.1", answer,
        correct=lambda a: as_number(a) is not None and close(as_number(a), np.log(2.0)),
        right=("It is log(2) whatever the labels: where every fit from [0, 0] starts, and the score any "
               "model that has learned something must beat."),
        hint=_coin_flip_hint,
    )


def _crossing():
    slope, intercept = CROSSING_PARAMS
    p = CROSSING_PROBABILITY
    return (np.log(p / (1.0 - p)) - intercept) / slope


def _crossing_hint(answer):
    value = as_number(answer)
    if value is None:
        return "Give a single number: the x where the predicted probability is 0.9."
    slope, intercept = CROSSING_PARAMS
    p = CROSSING_PROBABILITY
    logit = np.log(p / (1.0 - p))
    diagnoses = [
        (-intercept / slope, "That is where the probability is 0.5 (z = 0). For 0.9, z must be larger."),
        ((p - intercept) / slope, "z is not 0.9: the probability is sigmoid(z) = 0.9. Invert the sigmoid first."),
        ((-logit - intercept) / slope, "That is where the probability is 0.1: check the sign of log(p / (1 - p))."),
        (logit / slope, "Close: z = slope * x + intercept, so subtract the intercept before dividing."),
        ((logit + intercept) / slope, "Check the sign of the intercept: x = (z - intercept) / slope."),
        (slope * logit + intercept, "That computes slope * z + intercept; solve z = slope * x + intercept for x."),
        ((np.log10(p / (1.0 - p)) - intercept) / slope, "Use the natural logarithm, np.log, to invert the sigmoid."),
    ]
    for wrong, hint in diagnoses:
        if close(value, wrong):
            return hint
    return "Solve sigmoid(z) = 0.9 for z first, then z = slope * x + intercept for x."


def check_probability_crossing(answer):
    """Exercise 5.2: where the model with slope 8 and intercept -6 predicts probability 0.9."""
    verdict(
        "Exercise 5.2", answer,
        correct=lambda a: as_number(a) is not None and close(as_number(a), _crossing()),
        right=("The inverse of the sigmoid is the log-odds, log(p / (1 - p)); for p = 0.5 it is 0, "
               "which gives the decision boundary x = -intercept / slope."),
        hint=_crossing_hint,
    )


def _tiny_gradient():
    return log_loss_gradient(np.array(TINY_PARAMS), np.array(TINY_X), np.array(TINY_LABELS))


def _tiny_gradient_hint(answer):
    pair = as_vector(answer, 2)
    if pair is None:
        return "Give two numbers: [dL/dslope, dL/dintercept]."
    expected = _tiny_gradient()
    n = len(TINY_X)
    if close(pair, expected * n):
        return "You summed over the points; the log loss is a mean, so divide by n."
    if close(pair, -expected):
        return "Check the sign: dL/dz = sigmoid(z) - label, prediction minus label, as for the MSE."
    if close(pair, expected[::-1]):
        return "The right numbers in the wrong order: slope first, then intercept."
    if close(pair, 2.0 * expected):
        return "No factor 2 here: that came from the square in the MSE; the log loss has none."
    if close(pair, 0.25 * expected):
        return "The sigmoid's derivative sigmoid * (1 - sigmoid) cancels against the log's; it is not left over."
    if close(pair[1], expected[1]):
        return "The intercept is right; for the slope, each point's error is multiplied by its x."
    return "Each point contributes (sigmoid(z_i) - label_i) * [x_i, 1]; average the two contributions."


def check_log_loss_gradient(answer):
    """Exercise 5.3: the log-loss gradient at params [0, 0] for x = [1, 3], labels [1, 1], by hand."""
    verdict(
        "Exercise 5.3", answer,
        correct=lambda a: as_vector(a, 2) is not None and close(as_vector(a, 2), _tiny_gradient()),
        right=("Both components are negative, so gradient descent raises the slope and the intercept: "
               "it pushes the probabilities of these two label-1 points up."),
        hint=_tiny_gradient_hint,
    )


def lesson_split():
    """The lesson's training and held-out data: ``x_train, x_test, labels_train, labels_test``."""
    slope, intercept = LESSON_TRUE_PARAMS
    x, labels = make_logistic_data(LESSON_N_SAMPLES, slope=slope, intercept=intercept, seed=LESSON_SEED)
    return train_test_split(x, labels, test_fraction=LESSON_TEST_FRACTION, seed=LESSON_SPLIT_SEED)


def _majority():
    _, _, labels_train, labels_test = lesson_split()
    majority = 1.0 if labels_train.mean() > 0.5 else 0.0
    return majority, float(np.mean(labels_test == majority))


def _majority_hint(answer):
    value = as_number(answer)
    if value is None:
        return "Give a single number: a share between 0 and 1."
    x_train, x_test, labels_train, labels_test = lesson_split()
    majority, expected = _majority()
    if close(value, 100.0 * expected):
        return "Give the accuracy as a share between 0 and 1, not a percentage."
    if close(value, 1.0 - expected):
        return "That is the accuracy of always predicting the other label, the minority one."
    if close(value, float(np.mean(labels_train == majority))):
        return "That is on the training labels; measure on the held-out ones, labels_test."
    if close(value, float(np.mean(labels_train != majority))):
        return "That is the minority label, on the training set; use the majority label, on labels_test."
    if close(value, accuracy(LESSON_TRUE_PARAMS, x_test, labels_test)):
        return "That is the true model's accuracy; the baseline ignores x and always predicts one label."
    return "Find the more common label in labels_train, then the share of labels_test equal to it."


def check_majority_accuracy(answer):
    """Exercise 5.4: held-out accuracy of always predicting the training set's most common label."""
    verdict(
        "Exercise 5.4", answer,
        correct=lambda a: as_number(a) is not None and close(as_number(a), _majority()[1]),
        right=("A classifier that ignores x already scores this much, so an accuracy is only impressive "
               "next to this baseline."),
        hint=_majority_hint,
    )
