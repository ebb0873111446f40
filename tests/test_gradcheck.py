"""Finite-difference gradients: accurate on functions whose gradient we know."""

import numpy as np
import pytest

from sgd_lesson import numerical_gradient, relative_error


@pytest.mark.parametrize("seed", range(20))
def test_numerical_gradient_of_known_functions(seed):
    rng = np.random.default_rng(seed)
    point = rng.normal(size=3)
    a = rng.normal(size=(3, 3))
    matrix = a @ a.T
    # f(p) = p.M.p / 2 + sum(sin(p)): gradient M p + cos(p)
    expected = matrix @ point + np.cos(point)
    numeric = numerical_gradient(lambda p: 0.5 * p @ matrix @ p + np.sin(p).sum(), point)
    assert numeric.shape == (3,)
    assert relative_error(numeric, expected) < 1e-7


def test_numerical_gradient_leaves_params_alone_and_accepts_a_list():
    params = np.array([1.0, -2.0])
    numerical_gradient(lambda p: float(p @ p), params)
    np.testing.assert_array_equal(params, [1.0, -2.0])
    np.testing.assert_allclose(numerical_gradient(lambda p: float(p @ p), [1.0, -2.0]), [2.0, -4.0], rtol=1e-8)


def test_numerical_gradient_step_size_matters():
    # A cubic: the central-difference error is eps**2 * f'''/6 = eps**2, so it shows at a coarse step.
    assert numerical_gradient(lambda p: p[0] ** 3, [0.0], eps=0.1)[0] == pytest.approx(0.01, rel=1e-9)
    assert abs(numerical_gradient(lambda p: p[0] ** 3, [0.0], eps=1e-6)[0]) < 1e-11


@pytest.mark.parametrize(
    ("loss_fn", "error", "says"),
    [
        ("not a function", TypeError, "loss_fn must be callable"),
        (lambda p: np.nan, ValueError, "loss_fn returned nan"),
        (lambda p: np.inf, ValueError, "loss_fn returned inf"),
        (lambda p: p, TypeError, "loss_fn must return a single number"),
        (lambda p: None, TypeError, "loss_fn must return a number"),
        (lambda p: "1.0", TypeError, "loss_fn must return a number"),
    ],
)
def test_bad_loss_fn_is_named(loss_fn, error, says):
    with pytest.raises(error, match=says):
        numerical_gradient(loss_fn, [1.0, 2.0])


@pytest.mark.parametrize(
    ("kwargs", "error", "argument"),
    [
        ({"params": []}, ValueError, "params"),
        ({"params": [np.nan, 1.0]}, ValueError, "params"),
        ({"params": None}, TypeError, "params"),
        ({"params": [[1.0, 2.0]]}, ValueError, "params"),
        ({"eps": 0.0}, ValueError, "eps"),
        ({"eps": -1e-6}, ValueError, "eps"),
        ({"eps": "1e-6"}, TypeError, "eps"),
        ({"eps": None}, TypeError, "eps"),
    ],
)
def test_bad_params_and_eps_are_named(kwargs, error, argument):
    args = {"params": [1.0, 2.0], **kwargs}
    params = args.pop("params")
    with pytest.raises(error, match=argument):
        numerical_gradient(lambda p: float(np.sum(p**2)), params, **args)


def test_relative_error():
    assert relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert relative_error([1.0, 2.0], [1.0, 4.0]) == pytest.approx(0.5)  # a factor of 2 in one component
    assert relative_error([1.0, 4.0], [1.0, 2.0]) == relative_error([1.0, 2.0], [1.0, 4.0])
    assert relative_error([0.0], [1e-20]) < 1e-7  # both zero in practice: no division by zero


@pytest.mark.parametrize(
    ("a", "b", "error", "says"),
    [([1.0, 2.0], [1.0], ValueError, "a has 2, b has 1"), (None, [1.0], TypeError, "^a "),
     ([1.0], [np.nan], ValueError, "^b ")],
)
def test_relative_error_bad_input(a, b, error, says):
    with pytest.raises(error, match=says):
        relative_error(a, b)
