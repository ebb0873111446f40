"""The lesson 8 exercise checks: right, wrong (with the diagnosing hint) and unanswered."""

import itertools

import numpy as np
import pytest

from sgd_lesson import make_curve_data, numerical_gradient, sgd
from sgd_lesson.checks import lesson8
from sgd_lesson.checks.lesson8 import check_relu_gradient, check_symmetries, check_zero_start


def printed(capsys, check, answer):
    assert check(answer) is None
    return capsys.readouterr().out


def unpack(params):
    n_hidden = (len(params) - 1) // 3
    return params[:n_hidden], params[n_hidden:2 * n_hidden], params[2 * n_hidden:3 * n_hidden], params[3 * n_hidden]


def predict(params, x, activation=np.tanh):
    w1, b1, w2, b2 = unpack(params)
    return activation(x[:, None] * w1 + b1) @ w2 + b2


def relu(z):
    return np.maximum(z, 0.0)


def by_hand(activation, slope_of):
    """The hand-written backward pass of a one-hidden-layer network with ``hidden = activation(z)``,
    multiplying by ``slope_of(z, hidden)`` where the activation's derivative belongs (right or not)."""
    def gradient(params, x, y):
        w1, b1, w2, b2 = unpack(params)
        z = x[:, None] * w1 + b1
        hidden = activation(z)
        d_pred = 2 * (hidden @ w2 + b2 - y) / len(x)
        d_z = np.outer(d_pred, w2) * slope_of(z, hidden)
        return np.concatenate([x @ d_z, d_z.sum(axis=0), hidden.T @ d_pred, [d_pred.sum()]])
    return gradient


tanh_gradient = by_hand(np.tanh, lambda z, hidden: 1 - hidden**2)
relu_gradient = by_hand(relu, lambda z, hidden: z > 0)


@pytest.mark.parametrize("check", [check_zero_start, check_relu_gradient, check_symmetries])
def test_unanswered(capsys, check):
    assert "no answer yet" in printed(capsys, check, ...)
    assert "no answer yet" in printed(capsys, check, None)


def test_zero_start_right_answer_is_where_training_from_zero_ends(capsys):
    x, y = make_curve_data(lesson8.ZERO_N_SAMPLES, seed=lesson8.ZERO_SEED)
    run = sgd(tanh_gradient, x, y, np.zeros(10), learning_rate=0.2, n_epochs=200)
    assert np.all(run.final_params[:9] == 0.0)  # w1, b1, w2 never move
    final = np.mean((predict(run.final_params, x) - y) ** 2)
    assert final == pytest.approx(np.var(y), rel=1e-12)
    assert "right!" in printed(capsys, check_zero_start, final)
    assert "right!" in printed(capsys, check_zero_start, 0.929)


@pytest.mark.parametrize("answer, words", [
    (0.936, "loss at the start"),
    (0.430, "best line"),
    (0.01, "noise floor"),
    (0.0, "perfect fit"),
    (0.934, "ddof=1"),
    (0.964, "standard deviation"),
    (0.5, "gradient at params = 0"),
    (-0.2, "impossible"),
    ("0.929", "not text"),
])
def test_zero_start_wrong_answers(capsys, answer, words):
    out = printed(capsys, check_zero_start, answer)
    assert "not yet" in out and words in out
    assert "0.929" not in out


def test_relu_right_answer_agrees_with_finite_differences_and_a_correct_function_is_right(capsys):
    params, x, y = lesson8.RELU_PARAMS, lesson8.RELU_X, lesson8.RELU_Y
    assert np.all(np.abs(x[:, None] * params[:3] + params[3:6]) > 0.1)  # no point on a kink
    by_differences = numerical_gradient(lambda p: np.mean((predict(p, x, lambda z: np.maximum(z, 0)) - y) ** 2),
                                        params)
    np.testing.assert_allclose(lesson8.relu_gradient().expected, by_differences, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(relu_gradient(params, x, y), by_differences, rtol=1e-6, atol=1e-8)
    assert "right!" in printed(capsys, check_relu_gradient, relu_gradient)


def test_relu_check_does_not_let_the_function_change_its_data(capsys):
    def clobbering(params, x, y):
        gradient = relu_gradient(params, x, y)
        params[:] = 0.0
        x[:] = 0.0
        return gradient

    assert "right!" in printed(capsys, check_relu_gradient, clobbering)
    assert "right!" in printed(capsys, check_relu_gradient, relu_gradient)


def test_relu_check_refuses_a_function_right_at_one_example_only(capsys):
    params, x = lesson8.RELU_PARAMS_2, lesson8.RELU_X_2
    assert np.all(np.abs(x[:, None] * params[:3] + params[3:6]) > 0.1)  # no point on a kink
    z = x[:, None] * params[:3] + params[3:6]
    assert np.all((z > 0).any(axis=0) & (z < 0).any(axis=0))  # every unit on both sides of its kink
    fixed = lesson8.relu_gradient().expected.copy()
    assert "second one" in printed(capsys, check_relu_gradient, lambda params, x, y: fixed)
    first_x, first_y = lesson8.RELU_X, lesson8.RELU_Y
    assert "second one" in printed(capsys, check_relu_gradient,
                                   lambda params, x, y: relu_gradient(params, first_x, first_y))
    assert "right!" in printed(capsys, check_relu_gradient, relu_gradient)


def with_slope(slope_of):
    """A ReLU network's backward pass with ``slope_of`` in place of ReLU's derivative."""
    return by_hand(relu, slope_of)


@pytest.mark.parametrize("function, words", [
    (with_slope(lambda z, hidden: 1 - hidden**2), "still uses tanh's derivative"),
    (with_slope(lambda z, hidden: 1.0), "multiply by its derivative"),
    (with_slope(lambda z, hidden: hidden), "multiplies by relu(z) itself"),
    (tanh_gradient, "the tanh network's gradient"),
    (lambda params, x, y: len(x) * relu_gradient(params, x, y), "keep the 1 / n"),
    (lambda params, x, y: relu_gradient(params, x, y) / 2, "keep the 2"),
    (lambda params, x, y: -relu_gradient(params, x, y), "Check the sign"),
    (with_slope(lambda z, hidden: z > 1.0), "Numbers 7, 8, 9, 10 of 10 are right; look again at"),
    (lambda params, x, y: relu_gradient(params, x, y)[::-1], "Start from network_gradient"),
    (lambda params, x, y: [np.ones(3), np.ones(3), np.ones(3), 1.0], "one flat array of 10 numbers"),
    (lambda params, x, y: params[:2] @ x, "Your function raised ValueError"),
])
def test_relu_wrong_functions(capsys, function, words):
    out = printed(capsys, check_relu_gradient, function)
    assert "not yet" in out and words in out


def test_symmetries_right_answer_is_the_number_of_distinct_equivalent_networks(capsys):
    h = lesson8.SYMMETRY_UNITS
    params = np.random.default_rng(0).normal(size=3 * h + 1)
    x = np.linspace(-2.0, 2.0, 9)
    copies = set()
    for order in itertools.permutations(range(h)):
        for signs in itertools.product([1.0, -1.0], repeat=h):
            w1, b1, w2, b2 = unpack(params)
            s, o = np.array(signs), list(order)
            copy = np.concatenate([s * w1[o], s * b1[o], s * w2[o], [b2]])
            np.testing.assert_allclose(predict(copy, x), predict(params, x), atol=1e-12)
            copies.add(tuple(copy))
    assert len(copies) == 384
    assert "right!" in printed(capsys, check_symmetries, len(copies))


@pytest.mark.parametrize("answer, words", [
    (24, "orders of the units"),
    (16, "sign flips"),
    (40, "counts multiply"),
    (383, "network itself"),
    (48, "not only all of them at once"),
    (256, "h! "),
    (8, "whole parameter vectors"),
    (0, "impossible"),
    (100, "Count two things"),
    (384.5, "whole number"),
])
def test_symmetries_wrong_answers(capsys, answer, words):
    out = printed(capsys, check_symmetries, answer)
    assert "not yet" in out and words in out
    assert "384" not in out
