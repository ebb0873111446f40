"""The lesson 7 exercise checks: right, wrong (with the diagnosing hint) and unanswered."""

import numpy as np
import pytest

from sgd_lesson import least_squares, load_penguins, mse_gradient, mse_hessian, predict
from sgd_lesson.checks import lesson7
from sgd_lesson.checks.lesson7 import (
    check_bill_condition_number,
    check_centimetres,
    check_flipper_only,
    check_gradient,
)
from sgd_lesson.scaling import standardize


def printed(capsys, check, answer):
    assert check(answer) is None
    return capsys.readouterr().out


def not_written_yet(params, X, y):  # noqa: N803 (the student edition's stub: the body is only ...)
    ...


@pytest.mark.parametrize("check", [check_centimetres, check_gradient, check_bill_condition_number,
                                   check_flipper_only])
def test_unanswered(capsys, check):
    assert "no answer yet" in printed(capsys, check, ...)
    assert "no answer yet" in printed(capsys, check, None)


def test_a_gradient_not_written_yet_is_no_answer_yet(capsys):
    assert "no answer yet" in printed(capsys, check_gradient, not_written_yet)


# Exercise 7.1 -----------------------------------------------------------------

def test_centimetres_right_answer_is_the_refit(capsys):
    penguins = load_penguins()
    in_cm = penguins.X / [10.0, 1.0, 1.0]
    refit = least_squares(in_cm, penguins.y)
    np.testing.assert_allclose(refit[1:], least_squares(penguins.X, penguins.y)[1:], rtol=1e-9)
    assert "right!" in printed(capsys, check_centimetres, refit[0])
    assert "right!" in printed(capsys, check_centimetres, 508)


@pytest.mark.parametrize("answer, words", [
    (50.76, "weight per millimetre"),
    (5.076, "10 times larger"),
    (-507.6, "predictions do not depend on the units"),
    ("507.6", "not text"),
    (510, "Close: give at least 3 significant figures"),
])
def test_centimetres_wrong_answers(capsys, answer, words):
    out = printed(capsys, check_centimetres, answer)
    assert "not yet" in out and words in out and "507" not in out and "508" not in out


# Exercise 7.2 -----------------------------------------------------------------

def matrix_gradient(params, X, y):  # noqa: N803 (the lesson's X)
    residual = X @ params[:-1] + params[-1] - y
    return np.append(2 * X.T @ residual, 2 * residual.sum()) / len(y)


def test_gradient_right_function_and_values(capsys):
    assert "right!" in printed(capsys, check_gradient, matrix_gradient)
    assert "right!" in printed(capsys, check_gradient, mse_gradient)
    # A function that returns its result as a list is read like an array.
    assert "right!" in printed(capsys, check_gradient, lambda params, X, y: list(mse_gradient(params, X, y)))  # noqa: N803
    # The numbers of the first problem, typed in, are read as the function's result there.
    expected = mse_gradient(lesson7.GRADIENT_PARAMS, lesson7.GRADIENT_X, lesson7.GRADIENT_Y)
    assert "right!" in printed(capsys, check_gradient, list(expected))


def test_a_gradient_right_only_for_some_number_of_features_is_not_right(capsys):
    def two_features_only(params, X, y):  # noqa: N803
        w, b = params[:2], params[2]
        residual = X[:, :2] @ w + b - y
        return np.append(2 * X[:, :2].T @ residual, 2 * residual.sum()) / len(y)

    def the_penguins_three(params, X, y):  # noqa: N803 (cell 12's w, b = params[:3], params[3])
        w, b = params[:3], params[3]
        residual = X @ w + b - y
        return np.append(2 * X.T @ residual, 2 * residual.sum()) / len(y)

    expected = mse_gradient(lesson7.GRADIENT_PARAMS, lesson7.GRADIENT_X, lesson7.GRADIENT_Y)
    out = printed(capsys, check_gradient, two_features_only)
    assert "not yet. Right with 2 features, but with 3 features its result is wrong" in out
    assert "params[:-1]" in out
    out = printed(capsys, check_gradient, lambda params, X, y: expected)  # noqa: N803 (the numbers, hard-coded)
    assert "Right with 2 features, but with 3 features its result is wrong" in out
    out = printed(capsys, check_gradient, the_penguins_three)
    assert "raised IndexError" in out and "shape (5, 2)" in out and "params[-1]" in out
    # An error type that cannot be rebuilt from one message still gets the shapes.
    out = printed(capsys, check_gradient, lambda params, X, y: b"\xff".decode("ascii"))  # noqa: N803
    assert "UnicodeDecodeError" in out and "shape (5, 2)" in out


def test_params_read_the_other_way_round_are_diagnosed(capsys):
    def intercept_first(params, X, y):  # noqa: N803
        residual = X @ params[1:] + params[0] - y
        return np.append(2 * residual.sum(), 2 * X.T @ residual) / len(y)

    def gradient_in_the_wrong_order(params, X, y):  # noqa: N803
        residual = X @ params[:-1] + params[-1] - y
        return np.append(2 * residual.sum(), 2 * X.T @ residual) / len(y)

    assert "the weights are params[:-1], the intercept params[-1]" in printed(capsys, check_gradient,
                                                                                intercept_first)
    assert "The intercept's part comes last" in printed(capsys, check_gradient, gradient_in_the_wrong_order)


def half(params, X, y):  # noqa: N803
    residual = X @ params[:-1] + params[-1] - y
    return np.append(X.T @ residual, residual.sum()) / len(y)


def summed(params, X, y):  # noqa: N803
    residual = X @ params[:-1] + params[-1] - y
    return 2 * np.append(X.T @ residual, residual.sum())


def flipped(params, X, y):  # noqa: N803
    residual = y - (X @ params[:-1] + params[-1])
    return 2 * np.append(X.T @ residual, residual.sum()) / len(y)


def no_intercept_in_residual(params, X, y):  # noqa: N803
    residual = X @ params[:-1] - y
    return 2 * np.append(X.T @ residual, residual.sum()) / len(y)


def weights_only(params, X, y):  # noqa: N803
    residual = X @ params[:-1] + params[-1] - y
    return 2 * X.T @ residual / len(y)


def x_not_transposed(params, X, y):  # noqa: N803
    residual = X @ params[:-1] + params[-1] - y
    return 2 * np.append(X @ residual, residual.sum()) / len(y)


@pytest.mark.parametrize("function, words", [
    (half, "Half of it"),
    (summed, "divide by n"),
    (flipped, "sign is flipped"),
    (no_intercept_in_residual, "leaves out the intercept"),
    (weights_only, "weights' part only"),
    (x_not_transposed, "raised ValueError"),
    (lambda params, X, y: np.zeros(3), "Compute the residuals"),  # noqa: N803
    (lambda params, X, y: "gradient", "not text"),  # noqa: N803
])
def test_gradient_wrong_functions(capsys, function, words):
    out = printed(capsys, check_gradient, function)
    assert "not yet" in out and words in out
    assert "-104" not in out and "-12.4" not in out


def test_gradient_check_does_not_let_the_function_change_its_problem(capsys):
    def changes_its_input(params, X, y):  # noqa: N803
        X[:] = 2 * X
        return mse_gradient(params, X / 2, y)

    assert "right!" in printed(capsys, check_gradient, changes_its_input)
    assert lesson7.GRADIENT_X[0, 1] == 20.0


# Exercise 7.3 -----------------------------------------------------------------

def bill_eigenvalues():
    z, _, _ = standardize(load_penguins().X)
    return np.linalg.eigvalsh(mse_hessian(z[:, 1:3]))


def test_bill_condition_number_right_answer(capsys):
    eigenvalues = bill_eigenvalues()
    r = np.corrcoef(load_penguins().X[:, 1:3].T)[0, 1]
    assert eigenvalues[-1] / eigenvalues[0] == pytest.approx((1 + abs(r)) / (1 - abs(r)))
    assert "right!" in printed(capsys, check_bill_condition_number, eigenvalues[-1] / eigenvalues[0])
    assert "right!" in printed(capsys, check_bill_condition_number, 1.59)


@pytest.mark.parametrize("answer, words", [
    (415121.0, "raw bill columns"),
    (8.537, "all three standardised"),
    (1.0, "not the correlation"),
    (0.628, "Upside down"),
    (1.262, "square root"),
    (2.457, "lambda_max alone"),
    (1.229, "correlation matrix alone"),
    (0.5, "at least 1"),
    (3.0, "eigvalsh"),
])
def test_bill_condition_number_wrong_answers(capsys, answer, words):
    out = printed(capsys, check_bill_condition_number, answer)
    assert "not yet" in out and words in out and "1.59" not in out


# Exercise 7.4 -----------------------------------------------------------------

def test_flipper_only_right_answer_is_the_held_out_rmse(capsys):
    x_train, x_test, y_train, y_test = lesson7.penguin_split()
    assert (len(y_train), len(y_test)) == (250, 83)
    params = least_squares(x_train[:, 0], y_train)
    rmse = np.sqrt(np.mean((predict(params, x_test[:, 0]) - y_test) ** 2))
    assert "right!" in printed(capsys, check_flipper_only, rmse)
    assert "right!" in printed(capsys, check_flipper_only, 376.6)
    assert "Close: give at least 4 significant figures" in printed(capsys, check_flipper_only, 377)


def test_flipper_only_a_fit_that_saw_the_held_out_penguins_is_its_own_mistake(capsys):
    penguins = load_penguins()
    _, x_test, _, y_test = lesson7.penguin_split()
    leaky = least_squares(penguins.X[:, 0], penguins.y)  # fitted on all 333, the held-out 83 too
    rmse = np.sqrt(np.mean((predict(leaky, x_test[:, 0]) - y_test) ** 2))
    for answer in (rmse, round(rmse, 1)):
        out = printed(capsys, check_flipper_only, answer)
        assert "not yet" in out and "seen the held-out penguins" in out and "376.6" not in out


@pytest.mark.parametrize("answer, words", [
    (397.3, "training penguins"),
    (141_800, "mean squared error"),
    (386.9, "three-feature model"),
    (856.1, "baseline"),
    (-300.0, "never negative"),
    (300.0, "root mean squared error in g"),
])
def test_flipper_only_wrong_answers(capsys, answer, words):
    out = printed(capsys, check_flipper_only, answer)
    assert "not yet" in out and words in out and "376" not in out and "377" not in out
