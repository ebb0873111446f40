"""Standardising a feature: the valley becomes round, and the params map back exactly."""

import math
from fractions import Fraction

import numpy as np
import pytest

from sgd_lesson import least_squares, make_linear_data, mse_gradient, mse_hessian, predict, sgd
from sgd_lesson.scaling import condition_number, standardize, to_original_units

X, Y = make_linear_data(100, x_range=(2.0, 3.0), seed=0)


def test_condition_number_is_the_eigenvalue_ratio_of_the_hessian():
    eigenvalues = np.linalg.eigvalsh(mse_hessian(X))
    assert condition_number(X) == pytest.approx(eigenvalues[1] / eigenvalues[0], rel=1e-12)
    assert condition_number(X) > 100


def test_condition_number_grows_as_x_moves_away_from_zero():
    numbers = [condition_number(make_linear_data(200, x_range=(c, c + 1.0), seed=1)[0]) for c in (0, 2, 10)]
    assert numbers[0] < numbers[1] < numbers[2]
    assert numbers[2] > 1e5


def test_standardize_gives_mean_zero_spread_one_and_a_round_valley():
    z, mean, scale = standardize(X)
    assert mean == pytest.approx(X.mean())
    assert scale == pytest.approx(X.std())
    assert abs(z.mean()) < 1e-12
    assert z.std() == pytest.approx(1.0)
    assert condition_number(z) == pytest.approx(1.0, abs=1e-9)
    np.testing.assert_allclose(mse_hessian(z), 2.0 * np.eye(2), atol=1e-12)


def test_standardize_does_not_change_its_input():
    x = X.copy()
    standardize(x)
    np.testing.assert_array_equal(x, X)


def test_to_original_units_gives_the_same_predictions():
    z, mean, scale = standardize(X)
    params_z = np.array([0.7, -1.3])
    params = to_original_units(params_z, mean=mean, scale=scale)
    np.testing.assert_allclose(predict(params, X), predict(params_z, z), rtol=1e-12, atol=1e-12)


def test_the_fit_on_the_standardised_feature_maps_back_to_least_squares():
    z, mean, scale = standardize(X)
    np.testing.assert_allclose(to_original_units(least_squares(z, Y), mean=mean, scale=scale),
                               least_squares(X, Y), rtol=1e-10)
    # Gradient descent on the round valley, with the rate 1 / lambda_max = 0.5.
    run = sgd(mse_gradient, z, Y, [0.0, 0.0], learning_rate=0.5, n_epochs=3)
    np.testing.assert_allclose(to_original_units(run.final_params, mean=mean, scale=scale),
                               least_squares(X, Y), atol=1e-9)


def test_to_original_units_formula():
    # slope_z * (x - 3) / 0.5 + 5 = 4 x - 7 for slope_z = 2.
    np.testing.assert_allclose(to_original_units([2.0, 5.0], mean=3.0, scale=0.5), [4.0, -7.0])


@pytest.mark.parametrize("bad", [[1.0, 1.0, 1.0], [5.0]])
def test_a_single_value_of_x_is_a_clear_error(bad):
    with pytest.raises(ValueError, match="x must take at least two distinct values"):
        standardize(bad)
    with pytest.raises(ValueError, match="x must take at least two distinct values"):
        condition_number(bad)


@pytest.mark.parametrize("offset", [1e3, 1e6, 1e8])
def test_x_far_from_zero_has_a_large_finite_condition_number_and_standardises(offset):
    # Exact: with mean m and variance v, lambda_max lambda_min = 4 v and lambda_max + lambda_min = 2 (m**2 + v + 1).
    x = offset + np.linspace(0.0, 1.0, 101)
    m, v = Fraction(offset) + Fraction(1, 2), Fraction(1, 12) * Fraction(102, 100)  # var of linspace(0, 1, 101)
    trace = 2 * (m**2 + v + 1)
    largest = (trace + math.sqrt(trace**2 - 16 * v)) / 2
    assert condition_number(x) == pytest.approx(largest**2 / float(4 * v), rel=1e-9)
    z, mean, scale = standardize(x)
    # z's mean is off by at most the rounding of the returned mean (an ulp of the offset), over the scale.
    assert abs(z.mean()) <= 4e-16 * offset / scale and z.std() == pytest.approx(1.0, rel=1e-9)


def test_to_original_units_is_keyword_only():
    with pytest.raises(TypeError):
        to_original_units([1.0, 2.0], 0.0, 1.0)


# Other bad input is tested from the declarations in test_declarations.py.
