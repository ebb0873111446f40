"""Exercise checks for lesson 5 (``05_classify_with_logistic_regression``).

Each check prints whether the answer is right and, if not, a hint that names
the likely mistake without giving the answer away. Numbers are checked to 3
significant figures.
"""

from __future__ import annotations

import math

import numpy as np

from ..data import make_logistic_data, train_test_split
from ..gradcheck import numerical_gradient
from ..logistic import accuracy, log_loss, log_loss_gradient
from . import Exercise

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

# Exercise 5.5: the mirror image of the true model, predicted before it is run.
MIRROR_PARAMS = (-12.0, 8.0)

# Exercise 5.6: the student's penalised gradient is called on this small problem.
PENALTY_PARAMS = (3.0, -2.0)
PENALTY_X = (0.2, 0.5, 0.9)
PENALTY_LABELS = (0.0, 1.0, 1.0)
PENALTY = 0.5


def coin_flip_loss():
    """Exercise 5.1: its answer and known mistakes."""
    return Exercise(
        label="Exercise 5.1", expected=np.log(2.0), what="a single number: the log loss",
        possible=(0.0, math.inf, "a log loss is never negative: every probability is at most 1"),
        mistakes=(
            (-np.log(2.0), "Check the sign: the loss is the NEGATIVE log-likelihood, and log(0.5) is below 0. "
                           "This is the old lecture's mistake."),
            (np.log10(2.0), "That uses log base 10; the log loss uses the natural logarithm, np.log."),
            (1.0, "That is log base 2 (a loss in bits); the log loss uses the natural logarithm, np.log."),
            (0.5, "That is the predicted probability; the loss is minus its logarithm."),
            (0.25, "That is the squared error of predicting 0.5, not the log loss."),
        ),
        hint="With params [0, 0], z = 0 for every point: what is sigmoid(0), and what does each label lose?",
        right=("It is log(2) whatever the labels: where every fit from [0, 0] starts, and the score any model "
               "that has learned something must beat."),
    )


def check_coin_flip_loss(answer):
    """Exercise 5.1: the log loss of params [0, 0] (every probability 0.5), on any labels."""
    coin_flip_loss().check(answer)


def probability_crossing():
    """Exercise 5.2: its answer and known mistakes."""
    slope, intercept = CROSSING_PARAMS
    p = CROSSING_PROBABILITY
    logit = np.log(p / (1.0 - p))
    return Exercise(
        label="Exercise 5.2", expected=(logit - intercept) / slope,
        what="a single number: the x where the predicted probability is 0.9",
        mistakes=(
            (-intercept / slope, "That is where the probability is 0.5 (z = 0). For 0.9, z must be larger."),
            ((p - intercept) / slope, "z is not 0.9: the probability is sigmoid(z) = 0.9. Invert the sigmoid "
                                      "first."),
            ((-logit - intercept) / slope, "That is where the probability is 0.1: check the sign of "
                                           "log(p / (1 - p))."),
            (logit / slope, "Almost: z = slope * x + intercept, so subtract the intercept before dividing."),
            ((logit + intercept) / slope, "Check the sign of the intercept: x = (z - intercept) / slope."),
            (slope * logit + intercept, "That computes slope * z + intercept; solve z = slope * x + intercept "
                                        "for x."),
            ((np.log10(p / (1.0 - p)) - intercept) / slope, "Use the natural logarithm, np.log, to invert the "
                                                            "sigmoid."),
        ),
        hint="Solve sigmoid(z) = 0.9 for z first, then z = slope * x + intercept for x.",
        right=("The inverse of the sigmoid is the log-odds, log(p / (1 - p)); for p = 0.5 it is 0, which gives "
               "the decision boundary x = -intercept / slope."),
    )


def check_probability_crossing(answer):
    """Exercise 5.2: where the model with slope 8 and intercept -6 predicts probability 0.9."""
    probability_crossing().check(answer)


def log_loss_gradient_by_hand():
    """Exercise 5.3: its answer and known mistakes."""
    expected = log_loss_gradient(np.array(TINY_PARAMS), np.array(TINY_X), np.array(TINY_LABELS))
    return Exercise(
        label="Exercise 5.3", expected=expected, what="two numbers: [dL/dslope, dL/dintercept]",
        mistakes=(
            # With two points, summing instead of averaging and keeping the MSE's factor 2 give the same numbers.
            (expected * len(TINY_X), "That is twice the gradient: the log loss is a mean (divide by n), and it has "
                                     "no factor 2 (that came from the square in the MSE)."),
            (-expected, "Check the sign: dL/dz = sigmoid(z) - label, prediction minus label, as for the MSE."),
            (expected[::-1], "The right numbers in the wrong order: slope first, then intercept."),
            (0.25 * expected, "The sigmoid's derivative sigmoid * (1 - sigmoid) cancels against the log's; it is "
                              "not left over."),
            # The squared error's gradient of the lesson's first section: 2 (sigmoid - t) sigmoid (1 - sigmoid) u.
            (2 * 0.25 * expected, "That is the squared error's gradient, with its factor 2 sigmoid (1 - sigmoid); "
                                  "the log loss's is prediction minus label, with no such factor."),
        ),
        hint="Each point contributes (sigmoid(z_i) - label_i) * [x_i, 1]; average the two contributions.",
        right=("Both components are negative, so gradient descent raises the slope and the intercept: it pushes "
               "the probabilities of these two label-1 points up."),
    )


def check_log_loss_gradient(answer):
    """Exercise 5.3: the log-loss gradient at params [0, 0] for x = [1, 3], labels [1, 1], by hand."""
    log_loss_gradient_by_hand().check(answer)


def lesson_split():
    """The lesson's training and held-out data: ``x_train, x_test, labels_train, labels_test``."""
    slope, intercept = LESSON_TRUE_PARAMS
    x, labels = make_logistic_data(LESSON_N_SAMPLES, slope=slope, intercept=intercept, seed=LESSON_SEED)
    return train_test_split(x, labels, test_fraction=LESSON_TEST_FRACTION, seed=LESSON_SPLIT_SEED)


def majority_accuracy():
    """Exercise 5.4: its answer and known mistakes."""
    _, x_test, labels_train, labels_test = lesson_split()
    majority = 1.0 if labels_train.mean() > 0.5 else 0.0
    expected = float(np.mean(labels_test == majority))
    return Exercise(
        label="Exercise 5.4", expected=expected, what="a single number: a share between 0 and 1",
        possible=(0.0, 1.0, "an accuracy is a share between 0 and 1"),
        mistakes=(
            (100.0 * expected, "Give the accuracy as a share between 0 and 1, not a percentage."),
            (1.0 - expected, "That is the accuracy of always predicting the other label, the minority one."),
            (np.mean(labels_train == majority), "That is on the training labels; measure on the held-out ones, "
                                                "labels_test."),
            (np.mean(labels_train != majority), "That is the minority label, on the training set; use the majority "
                                                "label, on labels_test."),
            (accuracy(LESSON_TRUE_PARAMS, x_test, labels_test), "That is the true model's accuracy; the baseline "
                                                                "ignores x and always predicts one label."),
        ),
        hint="Find the more common label in labels_train, then the share of labels_test equal to it.",
        right=("A classifier that ignores x already scores this much, so an accuracy is only impressive next to "
               "this baseline."),
    )


def check_majority_accuracy(answer):
    """Exercise 5.4: held-out accuracy of always predicting the training set's most common label."""
    majority_accuracy().check(answer)


def mirror_accuracy():
    """Exercise 5.5: its answer and known mistakes."""
    x_train, x_test, labels_train, labels_test = lesson_split()
    true_on_test = accuracy(LESSON_TRUE_PARAMS, x_test, labels_test)
    return Exercise(
        label="Exercise 5.5", expected=accuracy(MIRROR_PARAMS, x_test, labels_test),
        what="a single number: a share between 0 and 1",
        possible=(0.0, 1.0, "an accuracy is a share between 0 and 1"),
        mistakes=(
            (true_on_test, "The mirror image has the same boundary, but on which side does it predict label 1? "
                           "Compare its prediction with the true model's at any x."),
            (100.0 * (1.0 - true_on_test), "Give the accuracy as a share between 0 and 1, not a percentage."),
            (accuracy(MIRROR_PARAMS, x_train, labels_train), "That is on the training points; the question asks "
                                                             "about the held-out ones."),
            (accuracy(LESSON_TRUE_PARAMS, x_train, labels_train), "That is the true model on the training points; "
                                                                  "the question asks about its mirror image, on "
                                                                  "the held-out points."),
            (0.5, "It is not a coin flip: the mirror image predicts a label at every point, just not the true "
                  "model's."),
            (float(np.mean(labels_test == 0.0)), "That is the baseline that always predicts label 0; the mirror "
                                                 "image does look at x."),
            (float(np.mean(labels_test == 1.0)), "That is the share of label 1, the accuracy of always predicting "
                                                 "1; the mirror image does look at x."),
        ),
        hint="Where the true model predicts label 1, what does its mirror image predict? Then use a number the "
             "lesson printed.",
        right=("Every prediction is flipped, so every right answer becomes wrong and every wrong one right: "
               "1 minus the true model's accuracy. A model far worse than guessing is one sign away from a good one."),
    )


def check_mirror_accuracy(answer):
    """Exercise 5.5: held-out accuracy of the mirror image (-12, 8) of the true model, predicted."""
    mirror_accuracy().check(answer)


def _penalty_problem():
    return (np.array(PENALTY_PARAMS), np.array(PENALTY_X), np.array(PENALTY_LABELS), PENALTY)


def penalised_gradient():
    """Exercise 5.6: its answer (by finite differences of the penalised loss) and known mistakes."""
    params, x, labels, penalty = _penalty_problem()
    expected = numerical_gradient(lambda p: log_loss(p, x, labels) + penalty / 2 * p[0] ** 2, params)
    data_part = log_loss_gradient(params, x, labels)
    slope_only = np.array([1.0, 0.0])
    return Exercise(
        label="Exercise 5.6", expected=expected, sig_figs=4, call=_penalty_problem(),
        what="a function that returns two numbers, [dL/dslope, dL/dintercept]",
        mistakes=(
            (data_part, "That is the gradient of the log loss alone: the penalty adds a term to it."),
            (data_part + penalty * params, "Only the slope is penalised: the intercept's component stays the log "
                                           "loss's."),
            (data_part + [0.0, penalty * params[0]], "The penalty's term belongs to dL/dslope, the first component."),
            (data_part + [0.0, penalty * params[1]], "That penalises the intercept; the penalty is on the slope, "
                                                     "params[0]."),
            (data_part + 2 * penalty * params[0] * slope_only, "The penalty is (penalty / 2) * slope**2: its "
                                                               "derivative has no factor 2."),
            (data_part + penalty / 2 * params[0] * slope_only, "Differentiate (penalty / 2) * slope**2: the 2 of "
                                                               "the square cancels the 1/2."),
            (data_part - penalty * params[0] * slope_only, "Check the sign: the penalty grows with the slope, so "
                                                           "its gradient points the slope's way."),
            (data_part + penalty / 2 * params[0] ** 2 * slope_only, "That adds the penalty itself; the gradient "
                                                                    "needs its derivative."),
            (data_part + penalty * params[0] ** 2 * slope_only, "That adds a multiple of slope**2; the gradient "
                                                                "needs the derivative of the penalty."),
            (penalty * params[0] * slope_only, "That is the penalty's part alone: add the log loss's gradient."),
        ),
        hint="The gradient of a sum is the sum of the gradients: the log loss's, plus the derivative of "
             "(penalty / 2) * slope**2 with respect to slope and to intercept.",
        right=("Your function agrees with finite differences of the penalised loss. Each step now shrinks the "
               "slope a little before it moves it: weight decay."),
    )


def check_penalised_gradient(function):
    """Exercise 5.6: a function ``(params, x, labels, penalty) -> gradient`` of the penalised log loss."""
    penalised_gradient().check(function)


EXERCISES = {"check_coin_flip_loss": coin_flip_loss, "check_probability_crossing": probability_crossing,
             "check_log_loss_gradient": log_loss_gradient_by_hand, "check_majority_accuracy": majority_accuracy,
             "check_mirror_accuracy": mirror_accuracy, "check_penalised_gradient": penalised_gradient}
