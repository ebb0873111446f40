"""The linear model and its loss, checked against independent references:
finite differences for derivatives, numpy.linalg.lstsq for the closed form."""

import warnings
from fractions import Fraction

import numpy as np
import pytest

from sgd_lesson import (
    least_squares,
    make_linear_data,
    mse,
    mse_gradient,
    mse_hessian,
    mse_loss,
    numerical_gradient,
    predict,
    relative_error,
)


def random_problem(seed, n_samples=40):
    """Data on a random scale and offset, and a random point in parameter space."""
    rng = np.random.default_rng(seed)
    centre, spread = rng.uniform(-5, 5), rng.uniform(0.1, 3)
    x = rng.uniform(centre - spread, centre + spread, size=n_samples)
    y = rng.normal(2.0, 4.0) * x + rng.normal(0.0, 5.0) + rng.normal(0.0, 1.0, size=n_samples)
    params = rng.normal(0.0, 5.0, size=2)
    return params, x, y


def test_predict_is_slope_times_x_plus_intercept():
    x = np.array([-1.0, 0.0, 2.5])
    assert predict([2.0, -1.0], x).tolist() == [-3.0, -1.0, 4.0]
    assert predict(np.array([0.0, 7.0]), x).tolist() == [7.0, 7.0, 7.0]


def test_mse_is_the_mean_of_squared_differences():
    assert mse([1.0, 2.0, 3.0], [1.0, 2.0, 3.0]) == 0.0
    assert mse([0.0, 0.0], [3.0, -1.0]) == pytest.approx(5.0)
    assert isinstance(mse([1.0], [2.0]), float)


@pytest.mark.parametrize("seed", range(10))
def test_mse_loss_is_mse_of_the_prediction(seed):
    params, x, y = random_problem(seed)
    assert mse_loss(params, x, y) == pytest.approx(mse(predict(params, x), y), rel=1e-12)
    assert isinstance(mse_loss(params, x, y), float)


@pytest.mark.parametrize("seed", range(50))
def test_mse_gradient_matches_finite_differences(seed):
    params, x, y = random_problem(seed)
    analytic = mse_gradient(params, x, y)
    numeric = numerical_gradient(lambda p: mse_loss(p, x, y), params)
    assert analytic.shape == (2,)
    assert relative_error(analytic, numeric) < 1e-6


def test_mse_gradient_of_a_known_case():
    # residuals [0, -2] at x = [1, 2]: dL/dslope = (2/2) * (0*1 - 2*2) = -4, dL/dintercept = -2
    assert mse_gradient([1.0, 0.0], [1.0, 2.0], [1.0, 4.0]).tolist() == [-4.0, -2.0]


@pytest.mark.parametrize("seed", range(20))
def test_mse_hessian_matches_finite_differences_of_the_gradient(seed):
    params, x, y = random_problem(seed)
    eps = 1e-5
    columns = []
    for j in range(2):
        step = np.zeros(2)
        step[j] = eps
        columns.append((mse_gradient(params + step, x, y) - mse_gradient(params - step, x, y)) / (2 * eps))
    numeric = np.column_stack(columns)
    np.testing.assert_allclose(mse_hessian(x), numeric, rtol=1e-6, atol=1e-8)


def test_mse_hessian_is_symmetric_positive_definite_and_ignores_y():
    x, _ = make_linear_data(100, seed=3)
    hessian = mse_hessian(x)
    assert hessian.shape == (2, 2)
    np.testing.assert_array_equal(hessian, hessian.T)
    assert np.linalg.eigvalsh(hessian).min() > 0
    # The lecture's data: x uniform on [0, 1] gives H close to 2 * [[1/3, 1/2], [1/2, 1]].
    x_big, _ = make_linear_data(200_000, seed=0)
    np.testing.assert_allclose(mse_hessian(x_big), 2 * np.array([[1 / 3, 1 / 2], [1 / 2, 1]]), atol=5e-3)


@pytest.mark.parametrize("seed", range(20))
def test_least_squares_matches_numpy_lstsq(seed):
    _, x, y = random_problem(seed, n_samples=5 + 10 * seed)
    design = np.column_stack([x, np.ones_like(x)])
    expected, *_ = np.linalg.lstsq(design, y, rcond=None)
    np.testing.assert_allclose(least_squares(x, y), expected, rtol=1e-9, atol=1e-9)


def test_least_squares_is_where_the_gradient_vanishes():
    x, y = make_linear_data(1000, seed=1)
    best = least_squares(x, y)
    assert np.abs(mse_gradient(best, x, y)).max() < 1e-12
    # ... and any step away from it costs loss.
    for step in ([1e-3, 0.0], [0.0, 1e-3], [-1e-3, 1e-3]):
        assert mse_loss(best + np.array(step), x, y) > mse_loss(best, x, y)


def test_least_squares_recovers_an_exact_line_and_handles_an_offset_x():
    x = np.linspace(1000.0, 1001.0, 11)
    np.testing.assert_allclose(least_squares(x, 0.5 * x - 3.0), [0.5, -3.0], rtol=1e-9)
    assert least_squares([0.0, 1.0], [1.0, 3.0]).tolist() == pytest.approx([2.0, 1.0])


def test_least_squares_refuses_x_without_spread_saying_so():
    with pytest.raises(ValueError, match="x must take at least two distinct values, got every x = 2"):
        least_squares([2.0, 2.0, 2.0], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="x must take at least two distinct values"):
        least_squares([5.0], [1.0])


def exact_least_squares(x, y):
    """The least-squares line of the float data, in exact rational arithmetic."""
    x, y = [Fraction(value) for value in x], [Fraction(value) for value in y]
    mean_x, mean_y = sum(x) / len(x), sum(y) / len(y)
    slope = sum((a - mean_x) * (b - mean_y) for a, b in zip(x, y, strict=True)) / sum((a - mean_x) ** 2 for a in x)
    return slope, mean_y - slope * mean_x, mean_x, mean_y


def well_posed_data():
    """Issue 9's data: x far from 0, or tiny, that an offset- or scale-bound guard refused."""
    rng = np.random.default_rng(0)
    noisy = [1e6 + rng.uniform(0, 1, 50), rng.uniform(0, 1e-6, 50), 1e8 + np.linspace(0, 1, 100)]
    cases = {f"case {i}": (x, 0.5 * (x - x.mean()) / x.std() + rng.normal(0, 0.1, len(x))) for i, x in enumerate(noisy)}
    cases["[0, 1e-7]"] = (np.array([0.0, 1e-7]), np.array([0.0, 1.0]))
    cases["[1e6, 1e6 + 1]"] = (np.array([1e6, 1e6 + 1]), np.array([0.0, 1.0]))
    cases["three equal and one a hair off"] = (np.array([1.0, 1.0, 1.0, 1.0 + 2**-52]), np.array([0.0, 0.0, 0.0, 1.0]))
    return cases


@pytest.mark.parametrize("case", well_posed_data())
def test_least_squares_is_exact_on_data_of_any_offset_and_scale(case):
    x, y = well_posed_data()[case]
    slope, intercept = least_squares(x, y)
    exact_slope, exact_intercept, mean_x, mean_y = exact_least_squares(x, y)
    assert abs(Fraction(slope) - exact_slope) <= 1e-12 * abs(exact_slope)
    # The intercept is the line's value at x = 0, maybe far from the data: it is as exact as
    # mean(y) - slope * mean(x) can be, a few roundings of its two terms.
    scale = abs(mean_y) + abs(exact_slope * mean_x)
    assert abs(Fraction(intercept) - exact_intercept) <= 1e-14 * scale


def test_extreme_values_raise_a_clear_overflow_error_and_leak_no_warning():
    rng = np.random.default_rng(1)
    x, y = rng.uniform(0, 1e150, 20), rng.uniform(0, 1e300, 20)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for call in (lambda: least_squares(x, y), lambda: mse_gradient([1.0, 0.0], x, y),
                     lambda: mse_loss([1.0, 0.0], x, y), lambda: make_linear_data(5, slope=1e308, x_range=(0, 10))):
            with pytest.raises(ValueError, match="overflow float64"):
                call()
        # Large but representable: exact results, no error.
        assert least_squares([0.0, 1e100], [0.0, 1e200]).tolist() == [1e100, 0.0]


def test_functions_do_not_change_their_inputs():
    params, x, y = random_problem(0)
    copies = params.copy(), x.copy(), y.copy()
    predict(params, x), mse_loss(params, x, y), mse_gradient(params, x, y), mse_hessian(x), least_squares(x, y)
    for before, after in zip(copies, (params, x, y), strict=True):
        np.testing.assert_array_equal(before, after)


# Bad input (wrong types, shapes, lengths, NaN ...) is tested from the declarations in test_declarations.py.
