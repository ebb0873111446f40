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
        (lambda p: np.nan, ValueError, "loss_fn's value near params must be a finite number, got nan"),
        (lambda p: np.inf, ValueError, "loss_fn's value near params must be a finite number, got inf"),
        (lambda p: p, TypeError, r"loss_fn's value near params must be a number, got ndarray of shape \(2,\)"),
        (lambda p: None, TypeError, "loss_fn's value near params must be a number, got NoneType"),
        (lambda p: "1.0", TypeError, "loss_fn's value near params must be a number, got str"),
    ],
)
def test_a_loss_fn_that_returns_no_finite_number_is_named(loss_fn, error, says):
    with pytest.raises(error, match=says):
        numerical_gradient(loss_fn, [1.0, 2.0])


def test_a_loss_fn_may_return_a_0d_array():
    assert numerical_gradient(lambda p: np.array(p @ p), [1.0])[0] == pytest.approx(2.0)


# Bad params, eps and loss_fn arguments are tested from the declarations in test_declarations.py.


def test_relative_error():
    assert relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert relative_error([1.0, 2.0], [1.0, 4.0]) == pytest.approx(0.5)  # a factor of 2 in one component
    assert relative_error([1.0, 4.0], [1.0, 2.0]) == relative_error([1.0, 2.0], [1.0, 4.0])
    assert relative_error([0.0], [1e-20]) < 1e-7  # both zero in practice: no division by zero
