"""The linear model and its loss, checked against independent references:
finite differences for derivatives, numpy.linalg.lstsq for the closed form."""

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


def test_least_squares_refuses_x_without_spread():
    with pytest.raises(ValueError, match="x has"):
        least_squares([2.0, 2.0, 2.0], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="x has"):
        least_squares([5.0], [1.0])


def test_functions_do_not_change_their_inputs():
    params, x, y = random_problem(0)
    copies = params.copy(), x.copy(), y.copy()
    predict(params, x), mse_loss(params, x, y), mse_gradient(params, x, y), mse_hessian(x), least_squares(x, y)
    for before, after in zip(copies, (params, x, y), strict=True):
        np.testing.assert_array_equal(before, after)


# ---- bad input: every public function names the argument it rejects ----

GOOD_X = [0.0, 0.5, 1.0]
GOOD_Y = [1.0, 2.0, 2.5]
GOOD_PARAMS = [1.0, 1.0]


def calls_with(params=GOOD_PARAMS, x=GOOD_X, y=GOOD_Y):
    """Each public function, called with one argument swapped for a bad one."""
    return {
        "predict": lambda: predict(params, x),
        "mse_loss": lambda: mse_loss(params, x, y),
        "mse_gradient": lambda: mse_gradient(params, x, y),
        "mse_hessian": lambda: mse_hessian(x),
        "least_squares": lambda: least_squares(x, y),
        "mse": lambda: mse(x, y),
    }


BAD_DATA = [
    ("empty", [], ValueError, "empty"),
    ("2-D", [[0.0, 1.0], [2.0, 3.0]], ValueError, "1-D"),
    ("scalar", 3.0, ValueError, "1-D"),
    ("NaN", [0.0, np.nan, 1.0], ValueError, "NaN"),
    ("inf", [0.0, np.inf, 1.0], ValueError, "infinite"),
    ("string", "0 1 2", TypeError, "array of numbers"),
    ("None", None, TypeError, "array of numbers"),
    ("list of strings", ["a", "b", "c"], TypeError, "array of numbers"),
]


@pytest.mark.parametrize("name", ["predict", "mse_loss", "mse_gradient", "mse_hessian", "least_squares"])
@pytest.mark.parametrize(("case", "bad", "error", "says"), BAD_DATA)
def test_bad_x_is_named(name, case, bad, error, says):
    with pytest.raises(error, match=f"^x .*{says}"):
        calls_with(x=bad)[name]()


@pytest.mark.parametrize("name", ["mse_loss", "mse_gradient", "least_squares", "mse"])
@pytest.mark.parametrize(("case", "bad", "error", "says"), BAD_DATA)
def test_bad_y_is_named(name, case, bad, error, says):
    with pytest.raises(error, match=f"^y .*{says}"):
        calls_with(y=bad)[name]()


@pytest.mark.parametrize("name", ["mse_loss", "mse_gradient", "least_squares"])
def test_mismatched_lengths_name_both_arrays(name):
    with pytest.raises(ValueError, match="x has 3, y has 2"):
        calls_with(y=[1.0, 2.0])[name]()


def test_mse_names_y_pred():
    with pytest.raises(ValueError, match="y_pred has 2, y has 3"):
        mse([1.0, 2.0], GOOD_Y)
    with pytest.raises(TypeError, match="y_pred"):
        mse(None, GOOD_Y)


@pytest.mark.parametrize("name", ["predict", "mse_loss", "mse_gradient"])
@pytest.mark.parametrize(
    ("bad", "error", "says"),
    [
        ([1.0], ValueError, "2 values"),
        ([1.0, 2.0, 3.0], ValueError, "2 values"),
        ([[1.0, 2.0]], ValueError, "1-D"),
        ([1.0, np.nan], ValueError, "NaN"),
        (None, TypeError, "array of numbers"),
        ("1 2", TypeError, "array of numbers"),
    ],
)
def test_bad_params_are_named(name, bad, error, says):
    with pytest.raises(error, match=f"^params .*{says}"):
        calls_with(params=bad)[name]()
