"""The lesson 5 exercise checks: right, wrong (with the diagnosing hint) and unanswered."""

import numpy as np
import pytest

from sgd_lesson import log_loss, log_loss_gradient, numerical_gradient, predict_proba, sigmoid
from sgd_lesson.checks import lesson5
from sgd_lesson.checks.lesson5 import (
    check_coin_flip_loss,
    check_log_loss_gradient,
    check_majority_accuracy,
    check_mirror_accuracy,
    check_penalised_gradient,
    check_probability_crossing,
)


def printed(capsys, check, answer):
    assert check(answer) is None
    return capsys.readouterr().out


@pytest.mark.parametrize("check", [check_coin_flip_loss, check_probability_crossing, check_log_loss_gradient,
                                   check_majority_accuracy, check_mirror_accuracy, check_penalised_gradient])
def test_unanswered(capsys, check):
    out = printed(capsys, check, ...)
    assert "no answer yet" in out and "right" not in out


# Exercise 5.1 -----------------------------------------------------------------

def test_coin_flip_right_answer_matches_the_package(capsys):
    x_train, _, labels_train, _ = lesson5.lesson_split()
    value = log_loss([0.0, 0.0], x_train, labels_train)
    assert value == pytest.approx(np.log(2.0))
    assert "right!" in printed(capsys, check_coin_flip_loss, value)
    assert "right!" in printed(capsys, check_coin_flip_loss, 0.6931)


@pytest.mark.parametrize("answer, words", [
    (-np.log(2.0), "NEGATIVE log-likelihood"),
    (np.log10(2.0), "base 10"),
    (1.0, "base 2"),
    (0.5, "predicted probability"),
    (0.25, "squared error"),
    (2.0, "sigmoid(0)"),
    ("0.69", "not text"),
    (0.69, "Close: give at least 3 significant figures"),
    (-0.5, "impossible"),
])
def test_coin_flip_wrong_answers(capsys, answer, words):
    out = printed(capsys, check_coin_flip_loss, answer)
    assert "not yet" in out and words in out
    assert "0.69" not in out


# Exercise 5.2 -----------------------------------------------------------------

def test_crossing_right_answer_gives_probability_0_9(capsys):
    crossing = (np.log(9.0) + 6.0) / 8.0
    assert float(predict_proba(lesson5.CROSSING_PARAMS, [crossing])[0]) == pytest.approx(0.9)
    assert "right!" in printed(capsys, check_probability_crossing, crossing)


@pytest.mark.parametrize("answer, words", [
    (0.75, "0.5"),
    ((0.9 + 6.0) / 8.0, "Invert the sigmoid"),
    ((6.0 - np.log(9.0)) / 8.0, "0.1"),
    (np.log(9.0) / 8.0, "subtract the intercept"),
    ((np.log(9.0) - 6.0) / 8.0, "sign of the intercept"),
    (8.0 * np.log(9.0) - 6.0, "solve z"),
    ((np.log10(9.0) + 6.0) / 8.0, "natural logarithm"),
    (5.0, "Solve sigmoid(z) = 0.9"),
])
def test_crossing_wrong_answers(capsys, answer, words):
    out = printed(capsys, check_probability_crossing, answer)
    assert "not yet" in out and words in out
    assert "1.02" not in out


# Exercise 5.3 -----------------------------------------------------------------

def tiny_gradient():
    return log_loss_gradient(lesson5.TINY_PARAMS, lesson5.TINY_X, lesson5.TINY_LABELS)


def test_tiny_gradient_right_answer_matches_finite_differences(capsys):
    by_hand = [-1.0, -0.5]  # sigmoid(0) - 1 = -0.5 for both points, times [x, 1], averaged
    numerical = numerical_gradient(lambda p: log_loss(p, lesson5.TINY_X, lesson5.TINY_LABELS),
                                   lesson5.TINY_PARAMS)
    np.testing.assert_allclose(numerical, by_hand, atol=1e-8)
    np.testing.assert_allclose(tiny_gradient(), by_hand)
    assert "right!" in printed(capsys, check_log_loss_gradient, by_hand)
    assert "right!" in printed(capsys, check_log_loss_gradient, np.array(by_hand))


@pytest.mark.parametrize("answer, words", [
    ([-2.0, -1.0], "twice the gradient"),
    ([1.0, 0.5], "sign"),
    ([-0.5, -1.0], "wrong order"),
    ([-0.25, -0.125], "cancels"),
    ([-0.5, -0.25], "squared error's gradient"),
    ([0.0, -0.5], "second number is right; look again at the first"),
    ([3.0, 3.0], "average the two"),
    (-1.0, "two numbers"),
])
def test_tiny_gradient_wrong_answers(capsys, answer, words):
    out = printed(capsys, check_log_loss_gradient, answer)
    assert "not yet" in out and words in out


def test_summing_and_a_factor_two_share_one_hint_that_names_both(capsys):
    # With two points, summing over them and keeping the MSE's factor 2 give the same numbers.
    out = printed(capsys, check_log_loss_gradient, 2.0 * tiny_gradient())
    assert "divide by n" in out and "no factor 2" in out


# Exercise 5.4 -----------------------------------------------------------------

def test_majority_right_answer(capsys):
    _, _, labels_train, labels_test = lesson5.lesson_split()
    assert labels_train.mean() < 0.5  # label 0 is the majority
    expected = float(np.mean(labels_test == 0.0))
    assert expected == pytest.approx(0.632)
    assert "right!" in printed(capsys, check_majority_accuracy, expected)


@pytest.mark.parametrize("answer, words", [
    (63.2, "percentage"),
    (0.368, "other label"),
    (0.644, "training labels"),
    (0.356, "minority label, on the training set"),
    (0.868, "true model"),
    (0.5, "more common label"),
    (1.5, "impossible"),
    (None, "no answer yet"),
])
def test_majority_wrong_answers(capsys, answer, words):
    out = printed(capsys, check_majority_accuracy, answer)
    assert words in out
    assert "0.632" not in out


def test_lesson_split_matches_the_notebook_recipe():
    x_train, x_test, labels_train, labels_test = lesson5.lesson_split()
    assert (len(x_train), len(x_test)) == (750, 250)
    assert set(np.unique(labels_test)) == {0.0, 1.0}
    assert float(sigmoid(0.0)) == 0.5


# Exercise 5.5 -----------------------------------------------------------------

def test_the_mirror_image_gets_every_held_out_point_the_true_model_gets_wrong(capsys):
    _, x_test, _, labels_test = lesson5.lesson_split()
    mirror = lesson5.accuracy(lesson5.MIRROR_PARAMS, x_test, labels_test)
    assert mirror == pytest.approx(1.0 - lesson5.accuracy(lesson5.LESSON_TRUE_PARAMS, x_test, labels_test))
    assert mirror == pytest.approx(0.132)
    assert "right!" in printed(capsys, check_mirror_accuracy, 0.132)


@pytest.mark.parametrize("answer, words", [
    (0.868, "same boundary"),
    (13.2, "percentage"),
    (0.125, "training points"),
    (0.875, "true model on the training points"),
    (0.5, "not a coin flip"),
    (0.632, "always predicts label 0"),
    (0.368, "always predicting 1"),
    (0.2, "Where the true model predicts label 1"),
])
def test_mirror_wrong_answers(capsys, answer, words):
    out = printed(capsys, check_mirror_accuracy, answer)
    assert "not yet" in out and words in out
    assert "0.132" not in out


# Exercise 5.6 -----------------------------------------------------------------

def with_penalty(params, x, labels, penalty):
    gradient = log_loss_gradient(params, x, labels)
    gradient[0] += penalty * params[0]
    return gradient


def test_the_penalised_gradient_is_the_packages_and_finite_differences(capsys):
    params, x, labels, penalty = lesson5._penalty_problem()
    expected = lesson5.penalised_gradient().expected
    np.testing.assert_allclose(expected, log_loss_gradient(params, x, labels, penalty=penalty), rtol=1e-7)
    assert "right!" in printed(capsys, check_penalised_gradient, with_penalty)
    assert "right!" in printed(capsys, check_penalised_gradient,
                               lambda p, x, t, lam: log_loss_gradient(p, x, t, penalty=lam))


def penalising_both(params, x, labels, penalty):
    return log_loss_gradient(params, x, labels) + penalty * params


def squared_slope(params, x, labels, penalty):
    return log_loss_gradient(params, x, labels) + [penalty / 2 * params[0] ** 2, 0.0]


def forgotten(params, x, labels, penalty):
    return log_loss_gradient(params, x, labels)


def one_number(params, x, labels, penalty):
    return float(penalty * params[0])


def penalising_the_intercept(params, x, labels, penalty):
    return log_loss_gradient(params, x, labels) + [0.0, penalty * params[1]]


def stub(params, x, labels, penalty):
    """The student's starting point."""
    ...


def raises(params, x, labels, penalty):
    return params[0] * undefined_name  # noqa: F821


@pytest.mark.parametrize("function, words", [
    (penalising_both, "Only the slope is penalised"),
    (squared_slope, "adds the penalty itself"),
    (forgotten, "log loss alone"),
    (penalising_the_intercept, "penalises the intercept"),
    (one_number, "returns two numbers"),
    (stub, "no answer yet"),
    (raises, "raised NameError"),
])
def test_penalised_gradient_mistakes_in_code(capsys, function, words):
    out = printed(capsys, check_penalised_gradient, function)
    assert words in out and "right!" not in out
