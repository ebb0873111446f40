"""The lesson 6 exercise checks: right, wrong (with the diagnosing hint) and unanswered."""

import numpy as np
import pytest

from sgd_lesson import autodiff, mse_gradient, sigmoid
from sgd_lesson.checks import lesson6
from sgd_lesson.checks.lesson6 import (
    check_accumulated_gradient,
    check_broadcast_gradient,
    check_chain_rule,
    check_sigmoid_operation,
)


def printed(capsys, check, answer):
    assert check(answer) is None
    return capsys.readouterr().out


@pytest.mark.parametrize("check", [check_chain_rule, check_broadcast_gradient, check_accumulated_gradient,
                                   check_sigmoid_operation])
def test_unanswered(capsys, check):
    assert "no answer yet" in printed(capsys, check, ...)


def test_chain_rule_right_answer_agrees_with_autodiff(capsys):
    a, b = autodiff.Value(lesson6.CHAIN_A), autodiff.Value(lesson6.CHAIN_B)
    loss = (a * b + a) ** 2
    loss.backward()
    assert float(a.grad) == 150.0
    assert "right!" in printed(capsys, check_chain_rule, float(a.grad))
    assert "right!" in printed(capsys, check_chain_rule, np.float64(150.0))
    # Submitting L itself, or dL/db, is not accepted (at a = 2, b = 3, L was 64 = dL/da).
    assert "not yet" in printed(capsys, check_chain_rule, float(loss.data))
    assert "not yet" in printed(capsys, check_chain_rule, float(b.grad))


@pytest.mark.parametrize("answer, words", [
    (120.0, "only the path through a * b"),
    (30.0, "only the path through the final + a"),
    (5.0, "inner derivative"),
    (75.0, "derivative of u ** 2 is not u"),
    (15.0, "value of u"),
    (225.0, "value of L itself"),
    (90.0, "dL/db"),
    (10.0, "factor u is missing"),
    (-150.0, "sign"),
    (100.0, "two terms"),
    ("150", "not text"),
])
def test_chain_rule_wrong_answers(capsys, answer, words):
    out = printed(capsys, check_chain_rule, answer)
    assert "not yet" in out and words in out
    assert "150" not in out


def test_every_chain_rule_mistake_gives_its_own_number():
    exercise = lesson6.chain_rule()
    values = [float(exercise.expected)] + [float(value) for value, _ in exercise.mistakes]
    assert len({round(value, 6) for value in values}) == len(values)


def test_broadcast_right_answer_agrees_with_autodiff(capsys):
    slope, intercept = (autodiff.Value(p) for p in lesson6.BROADCAST_PARAMS)
    (slope * lesson6.BROADCAST_X + intercept).mean().backward()
    answer = [float(slope.grad), float(intercept.grad)]
    assert answer == [2.0, 1.0]
    assert "right!" in printed(capsys, check_broadcast_gradient, answer)
    assert "right!" in printed(capsys, check_broadcast_gradient, np.array(answer))


@pytest.mark.parametrize("answer, words", [
    ([8.0, 4.0], "divides them by n"),
    ([0.5, 1.0, 2.5, 4.0], "single number"),
    ([1.0, 1.0], "contributes x_i"),
    ([1.0, 2.0], "wrong order"),
    ([3.0, 1.0], "second number is right; look again at the first"),
    ([5.0, 5.0], "differentiate each term"),
    (2.0, "Give two numbers"),
    (["a", "b"], "not text"),
    ([0.125, 0.25, 0.625, 1.0], "single number"),  # x_i / n, one per data point
])
def test_broadcast_wrong_answers(capsys, answer, words):
    out = printed(capsys, check_broadcast_gradient, answer)
    assert "not yet" in out and words in out


def test_accumulated_right_answer_is_the_sum_of_two_gradients(capsys):
    g0 = mse_gradient(lesson6.NO_ZERO_PARAMS0, lesson6.NO_ZERO_X, lesson6.NO_ZERO_Y)
    params1 = lesson6.NO_ZERO_PARAMS0 - lesson6.NO_ZERO_LEARNING_RATE * g0
    g1 = mse_gradient(params1, lesson6.NO_ZERO_X, lesson6.NO_ZERO_Y)
    assert "right!" in printed(capsys, check_accumulated_gradient, g0 + g1)
    assert "right!" in printed(capsys, check_accumulated_gradient, [-13.24, -9.07])  # rounded by hand
    assert "not yet" in printed(capsys, check_accumulated_gradient, [-13.0, -9.0])


@pytest.mark.parametrize("mistake, words", [
    ("g1", "gradient at the new params"),
    ("g0", "first gradient alone"),
    ("2 g0", "updated params"),
    ("mean", "does not average"),
    ("minus", "sign"),
    ("swapped", "wrong order"),
    ("third", "count the backward() calls"),
    ("other", "Compute the gradient at params0"),
])
def test_accumulated_wrong_answers(capsys, mistake, words):
    g0, g1, g2 = lesson6._no_zero_gradients()
    answer = {"g1": g1, "g0": g0, "2 g0": 2 * g0, "mean": (g0 + g1) / 2, "minus": -(g0 + g1),
              "swapped": (g0 + g1)[::-1], "third": g0 + g1 + g2, "other": np.array([1.0, 2.0])}[mistake]
    out = printed(capsys, check_accumulated_gradient, answer)
    assert "not yet" in out and words in out
    assert "-13.2" not in out


def test_the_third_gradient_is_taken_where_the_second_update_lands():
    g0, g1, g2 = lesson6._no_zero_gradients()
    params2 = lesson6.NO_ZERO_PARAMS0 - 0.1 * g0 - 0.1 * (g0 + g1)
    np.testing.assert_allclose(g2, mse_gradient(params2, lesson6.NO_ZERO_X, lesson6.NO_ZERO_Y))
    exercise = lesson6.accumulated_gradient()
    answers = [exercise.expected] + [value for value, _ in exercise.mistakes]
    assert len({tuple(np.round(answer, 3)) for answer in answers}) == len(answers)  # each its own numbers


def test_accumulated_needs_two_numbers(capsys):
    assert "Give two numbers" in printed(capsys, check_accumulated_gradient, 3.0)


# Exercise 6.4 -----------------------------------------------------------------

def sigmoid_op(z):
    out = 1.0 / (1.0 + np.exp(-z.data))
    return autodiff.Value(out, (z,), (out * (1.0 - out),), "sigmoid({})")


def composed(z):  # built from the package's operations: backward() gets it right too
    return 1.0 / (1.0 + (-z).exp())


def test_the_sigmoid_operation_is_right_written_as_one_operation_or_composed(capsys):
    assert "right!" in printed(capsys, check_sigmoid_operation, sigmoid_op)
    assert "right!" in printed(capsys, check_sigmoid_operation, composed)


def with_local(local):
    def operation(z):
        out = 1.0 / (1.0 + np.exp(-z.data))
        return autodiff.Value(out, (z,), (local(z.data, out),), "sigmoid({})")
    return operation


def no_parents(z):
    return autodiff.Value(1.0 / (1.0 + np.exp(-z.data)))


def wrong_sign_inside(z):
    out = 1.0 / (1.0 + np.exp(z.data))
    return autodiff.Value(out, (z,), (out * (1.0 - out),))


def returns_an_array(z):
    return 1.0 / (1.0 + np.exp(-z.data))


def stub(z):
    """The student's starting point."""
    ...


def forgot_return(z):
    out = 1.0 / (1.0 + np.exp(-z.data))
    autodiff.Value(out, (z,), (out * (1.0 - out),))


def without_the_comma(z):  # (z) is z itself
    out = 1.0 / (1.0 + np.exp(-z.data))
    return autodiff.Value(out, (z), (out * (1.0 - out),))


def local_not_in_a_tuple(z):
    out = 1.0 / (1.0 + np.exp(-z.data))
    return autodiff.Value(out, (z,), out * (1.0 - out))


def local_left_out(z):
    return autodiff.Value(1.0 / (1.0 + np.exp(-z.data)), (z,))


def numpy_on_the_value(z):
    return 1.0 / (1.0 + np.exp(-z))


def writes_z_grad_by_hand(z):  # a micrograd reader's slip: the gradient set in the forward pass
    out = 1.0 / (1.0 + np.exp(-z.data))
    z.grad = out * (1.0 - out)
    return autodiff.Value(out)


def local_backward_cannot_use(z):  # a local derivative whose shape fits neither z nor the output
    out = 1.0 / (1.0 + np.exp(-z.data))
    return autodiff.Value(out, (z,), (np.ones(3),))


@pytest.mark.parametrize("function, words", [
    (with_local(lambda z, out: out), "sigmoid(z) itself"),
    (with_local(lambda z, out: 1.0 - out), "1 - sigmoid(z)"),
    (with_local(lambda z, out: -out * (1.0 - out)), "sign of your local derivative"),
    (with_local(lambda z, out: z * (1.0 - z)), "uses the input z"),
    (with_local(lambda z, out: 1.0 - out**2), "tanh"),
    (with_local(lambda z, out: np.exp(-z)), "exp(-z)"),
    (with_local(lambda z, out: np.ones_like(z)), "rule for +"),
    (no_parents, "cannot reach z"),
    (with_local(lambda z, out: np.zeros_like(z)), "local derivative is 0"),
    (with_local(lambda z, out: out**2), "d sigmoid(z) / dz"),
    (wrong_sign_inside, "sigmoid(-z)"),
    (lambda z: z.tanh(), "should be sigmoid(z.data)"),
    (returns_an_array, "yours returned ndarray"),
    (lambda z: z.sigmoid(), "raised AttributeError"),
    (stub, "no answer yet"),
    (forgot_return, "forget to `return`"),
    (without_the_comma, "write (z,) with its comma"),
    (local_not_in_a_tuple, "local_grads must be a tuple"),
    (local_left_out, "1 parent but 0 local derivatives"),
    (numpy_on_the_value, "compute with z.data"),
    (sigmoid, "compute with z.data"),  # the package's sigmoid, called on the Value
    (writes_z_grad_by_hand, "cannot reach z"),
    (local_backward_cannot_use, "local derivative 1 has shape (3,)"),
])
def test_sigmoid_operation_mistakes(capsys, function, words):
    out = printed(capsys, check_sigmoid_operation, function)
    assert words in out and "right!" not in out
    assert "0.149" not in out and "0.2139" not in out


def test_the_sigmoid_check_compares_the_gradient_backward_computes_with_an_upstream_gradient_not_all_ones(capsys):
    seen = {}

    def spy(z):
        seen["z"] = z
        return sigmoid_op(z)

    assert "right!" in printed(capsys, check_sigmoid_operation, spy)
    out = 1.0 / (1.0 + np.exp(-np.array(lesson6.SIGMOID_AT)))
    np.testing.assert_allclose(seen["z"].grad, np.array(lesson6.SIGMOID_UPSTREAM) * out * (1.0 - out))
    assert not np.allclose(lesson6.SIGMOID_UPSTREAM, 1.0)
