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


# ---- many features (lesson 7): every column standardised, the weights mapped back ----

def penguin_like(seed=0, n_samples=120):
    """Three correlated features in millimetres on different scales, and a mass in grams."""
    rng = np.random.default_rng(seed)
    flipper = rng.normal(200, 14, n_samples)
    bill_length = 0.25 * flipper + rng.normal(0, 4, n_samples)
    bill_depth = 30 - 0.06 * flipper + rng.normal(0, 1.5, n_samples)
    x = np.column_stack([flipper, bill_length, bill_depth])
    return x, x @ [50.0, 3.0, 18.0] - 6400 + rng.normal(0, 300, n_samples)


def test_standardize_every_column():
    x, _ = penguin_like()
    z, mean, scale = standardize(x)
    assert mean.shape == scale.shape == (3,)
    np.testing.assert_allclose(mean, x.mean(axis=0))
    np.testing.assert_allclose(scale, x.std(axis=0))
    np.testing.assert_allclose(z.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(z.std(axis=0), 1)
    # The Hessian on z is 2 [[R, 0], [0, 1]], R the correlation matrix: scales gone, correlations kept.
    hessian = mse_hessian(z)
    np.testing.assert_allclose(hessian[:3, :3], 2 * np.corrcoef(x.T), atol=1e-12)
    np.testing.assert_allclose(hessian[3], [0, 0, 0, 2], atol=1e-12)


def test_condition_number_of_many_features_is_the_eigenvalue_ratio():
    x, _ = penguin_like()
    eigenvalues = np.linalg.eigvalsh(mse_hessian(x))
    assert condition_number(x) == pytest.approx(eigenvalues[-1] / eigenvalues[0], rel=1e-8)
    z, _, _ = standardize(x)
    correlation = np.linalg.eigvalsh(np.corrcoef(x.T))
    # On z: the correlation matrix's eigenvalues (and the intercept's 1), times 2.
    expected = max(correlation[-1], 1.0) / min(correlation[0], 1.0)
    assert condition_number(z) == pytest.approx(expected, rel=1e-10)
    assert condition_number(x) > 1e5 > 1e2 > condition_number(z) > 1


@pytest.mark.parametrize("offset", [1e3, 1e6, 1e8])
def test_condition_number_of_many_features_far_from_zero_keeps_its_digits(offset):
    # Two independent features with the same spread, far from 0 along (1, 1): from the 1-D case,
    # exactly, with mean sqrt(2) * m along the diagonal and variance v in every direction.
    base = np.linspace(0.0, 1.0, 11)
    x = offset + np.column_stack([np.repeat(base, 11), np.tile(base, 11)])
    v, m = float(Fraction(1, 11) * sum((Fraction(b) - Fraction(1, 2)) ** 2 for b in base.tolist())), offset + 0.5
    # H = 2 [[v I + m^2 11^T, m 1], [m 1^T, 1]]: v is an eigenvalue (across the diagonal), and the other
    # two solve the 2 x 2 problem of the diagonal direction, feature sqrt(2) (x1 + x2) / 2.
    trace, det = 2 * (2 * m * m + v + 1), 4 * v
    largest = (trace + math.sqrt(trace * trace - 4 * det)) / 2
    smallest = min(det / largest, 2 * v)
    assert condition_number(x) == pytest.approx(largest / smallest, rel=1e-8)


def test_to_original_units_of_many_features_gives_the_same_predictions_and_the_closed_form():
    x, y = penguin_like()
    z, mean, scale = standardize(x)
    params_z = np.array([700.0, 15.0, 35.0, 4200.0])
    params = to_original_units(params_z, mean=mean, scale=scale)
    np.testing.assert_allclose(predict(params, x), predict(params_z, z), rtol=1e-12)
    np.testing.assert_allclose(to_original_units(least_squares(z, y), mean=mean, scale=scale), least_squares(x, y),
                               rtol=1e-9)
    # Gradient descent on the standardised features, at 1 / lambda_max, then mapped back.
    rate = 1.0 / np.linalg.eigvalsh(mse_hessian(z)).max()
    run = sgd(mse_gradient, z, y, np.zeros(4), learning_rate=rate, n_epochs=500)
    np.testing.assert_allclose(to_original_units(run.final_params, mean=mean, scale=scale), least_squares(x, y),
                               rtol=1e-7)


def test_to_original_units_of_many_features_by_the_formula():
    # 2 (x1 - 3) / 0.5 + 1 (x2 - 0) / 2 + 5 = 4 x1 + 0.5 x2 - 7
    np.testing.assert_allclose(to_original_units([2.0, 1.0, 5.0], mean=[3.0, 0.0], scale=[0.5, 2.0]), [4.0, 0.5, -7.0])


@pytest.mark.parametrize(("arguments", "says"), [
    ({"params": [1.0, 2.0], "mean": [0.0, 1.0], "scale": [1.0, 1.0]}, r"params must have 3 values .* got shape \(2,\)"),
    ({"params": [1.0, 2.0, 3.0], "mean": 0.0, "scale": 1.0}, "params must have 2 values"),
    ({"params": [1.0, 2.0, 3.0], "mean": [0.0, 1.0], "scale": 1.0}, "mean and scale must have the same shape"),
    ({"params": [1.0, 2.0, 3.0], "mean": [0.0, 1.0], "scale": [1.0, 0.0]}, "scale must be positive, got 0"),
    ({"params": [1.0, 2.0], "mean": 0.0, "scale": -1.0}, "scale must be positive, got -1"),
])
def test_to_original_units_refuses_mismatched_units(arguments, says):
    params = arguments.pop("params")
    with pytest.raises(ValueError, match=says):
        to_original_units(params, **arguments)


def test_a_constant_column_is_a_clear_error():
    x, _ = penguin_like()
    x[:, 2] = 17.0
    with pytest.raises(ValueError, match=r"every column of x must take at least two distinct values, got every x\[:, 2\] = 17"):
        standardize(x)
    with pytest.raises(ValueError, match="every column of x"):
        condition_number(x)
