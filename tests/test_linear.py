"""The linear model and its loss, checked against independent references:
finite differences for derivatives, numpy.linalg.lstsq for the closed form."""

import warnings
from fractions import Fraction

import numpy as np
import pytest

from sgd_lesson import (
    Adam,
    Momentum,
    Nesterov,
    inverse_time_decay,
    least_squares,
    make_linear_data,
    mse,
    mse_gradient,
    mse_hessian,
    mse_loss,
    numerical_gradient,
    predict,
    relative_error,
    sgd,
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


class TensorLike:
    """A torch tensor as far as the package uses one: detach() and cpu(), and an __array__ that
    raises while the tensor requires grad, as torch's does (torch itself is not a dependency)."""

    def __init__(self, data, requires_grad=True):
        self.data, self.requires_grad = np.asarray(data), requires_grad

    def detach(self):
        return TensorLike(self.data, requires_grad=False)

    def cpu(self):
        return self

    def __array__(self, dtype=None, copy=None):
        if self.requires_grad:
            raise RuntimeError("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.")
        return self.data if dtype is None else self.data.astype(dtype)


def test_odd_array_types_are_refused_clearly_or_read_right():
    x, y = np.array([0.0, 1.0, 2.0]), np.array([1.0, 3.0, 5.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # numpy's ComplexWarning would fail here
        for bad, says in ((np.ma.masked_array(x, mask=[False, True, False]), "x is a masked array"),
                          (x + 1j, "x must hold real numbers, got complex values"),
                          (np.array(["0", "1", "2"], dtype=object), "x must be an array of numbers, .* holding str")):
            with pytest.raises(TypeError, match=says):
                mse_loss([2.0, 1.0], bad, y)
    # A masked array with nothing masked, a 0-d array, and a tensor that requires grad are read as numbers.
    assert mse_loss(np.array([2.0, 1.0]), np.ma.masked_array(x), y) == 0.0
    assert mse_loss(TensorLike([2.0, 1.0]), TensorLike(x), TensorLike(y)) == 0.0
    run = sgd(mse_gradient, x, y, [0.0, 0.0], learning_rate=np.array(0.1), n_epochs=np.array(3))
    assert run.n_updates == 3 and run.learning_rates.tolist() == [0.1] * 3


# ---- many features: X of shape (n_samples, n_features), params = [weights..., intercept] (lesson 7) ----

FEATURE_COUNTS = (1, 3, 20)


def many_features(n_features, seed, n_samples=60):
    """Correlated features on different scales and offsets, a noisy linear target, and a random point."""
    rng = np.random.default_rng(seed)
    mixing = np.eye(n_features) + 0.5 * rng.normal(size=(n_features, n_features)) / np.sqrt(n_features)
    x = rng.normal(size=(n_samples, n_features)) @ mixing * rng.uniform(0.1, 10, n_features) + rng.uniform(-20, 20, n_features)
    y = x @ rng.normal(0, 2, n_features) + rng.normal(0, 5) + rng.normal(0, 1, n_samples)
    params = rng.normal(0, 3, n_features + 1)
    return params, x, y


def with_ones(x):
    return np.column_stack([x, np.ones(len(x))])


@pytest.mark.parametrize("n_features", FEATURE_COUNTS)
def test_predict_and_mse_loss_are_x_at_weights_plus_intercept(n_features):
    params, x, y = many_features(n_features, seed=n_features)
    expected = with_ones(x) @ params
    np.testing.assert_allclose(predict(params, x), expected, rtol=1e-12, atol=1e-12)
    assert mse_loss(params, x, y) == pytest.approx(np.mean((expected - y) ** 2), rel=1e-12)


@pytest.mark.parametrize("n_features", FEATURE_COUNTS)
@pytest.mark.parametrize("seed", range(5))
def test_mse_gradient_of_many_features_matches_finite_differences(n_features, seed):
    params, x, y = many_features(n_features, seed)
    analytic = mse_gradient(params, x, y)
    numeric = numerical_gradient(lambda p: mse_loss(p, x, y), params)
    assert analytic.shape == (n_features + 1,)
    assert relative_error(analytic, numeric) < 1e-6
    # ... and it is (2/n) [X, 1]^T r, the matrix form lesson 7 derives.
    residual = with_ones(x) @ params - y
    np.testing.assert_allclose(analytic, 2 / len(y) * with_ones(x).T @ residual, rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("n_features", FEATURE_COUNTS)
def test_mse_hessian_of_many_features_matches_finite_differences_of_the_gradient(n_features):
    params, x, y = many_features(n_features, seed=7)
    eps = 1e-5
    columns = [(mse_gradient(params + eps * step, x, y) - mse_gradient(params - eps * step, x, y)) / (2 * eps)
               for step in np.eye(n_features + 1)]
    hessian = mse_hessian(x)
    assert hessian.shape == (n_features + 1, n_features + 1)
    np.testing.assert_allclose(hessian, np.column_stack(columns), rtol=1e-6, atol=1e-6)
    np.testing.assert_array_equal(hessian, hessian.T)


@pytest.mark.parametrize("n_features", FEATURE_COUNTS)
@pytest.mark.parametrize("seed", range(5))
def test_least_squares_of_many_features_matches_numpy_lstsq(n_features, seed):
    _, x, y = many_features(n_features, seed, n_samples=n_features + 5 + 20 * seed)
    expected, *_ = np.linalg.lstsq(with_ones(x), y, rcond=None)
    best = least_squares(x, y)
    np.testing.assert_allclose(best, expected, rtol=1e-8, atol=1e-8 * np.abs(expected).max())
    assert np.abs(mse_gradient(best, x, y)).max() < 1e-8 * np.abs(mse_gradient(np.zeros_like(best), x, y)).max()


@pytest.mark.parametrize("gap", [1e-4, 1e-6, 1e-7])
def test_least_squares_stays_accurate_for_nearly_dependent_columns(gap):
    # Two columns that differ by gap * noise: the condition number of the centred columns is
    # about 1 / gap. Normal equations solved as written lose twice the digits (8.5% off at
    # gap 1e-7); lstsq on the centred columns keeps the error at about condition * eps.
    rng = np.random.default_rng(0)
    first = rng.normal(50.0, 3.0, size=200)
    x = np.column_stack([first, first + gap * rng.normal(size=200), rng.normal(size=200)])
    y = x @ [2.0, 1.0, -3.0] + 7.0 + rng.normal(0.0, 0.1, size=200)
    expected, *_ = np.linalg.lstsq(with_ones(x), y, rcond=None)
    np.testing.assert_allclose(least_squares(x, y), expected, rtol=1e-6)


@pytest.mark.parametrize("n_features", FEATURE_COUNTS)
def test_sgd_on_many_features_reaches_the_closed_form(n_features):
    # On standardised features every eigenvalue of the Hessian is at most 2 * (1 + the largest
    # correlation sum); the rate 1 / lambda_max is safe, and minibatches with a decaying rate settle.
    _, x, y = many_features(n_features, seed=11, n_samples=400)
    z = (x - x.mean(axis=0)) / x.std(axis=0)
    best = least_squares(z, y)
    rate = 1.0 / np.linalg.eigvalsh(mse_hessian(z)).max()
    full = sgd(mse_gradient, z, y, np.zeros(n_features + 1), learning_rate=rate, n_epochs=3000)
    np.testing.assert_allclose(full.final_params, best, atol=1e-6)
    minibatch = sgd(mse_gradient, z, y, np.zeros(n_features + 1), learning_rate=inverse_time_decay(rate, decay=0.01),
                    n_epochs=300, batch_size=20, seed=0)
    assert np.abs(minibatch.final_params - best).max() < 0.02
    assert np.abs(minibatch.final_params - best).max() < 0.01 * np.abs(minibatch.params[0] - best).max()


def test_sgd_and_every_optimizer_take_params_of_any_length():
    _, x, y = many_features(3, seed=2, n_samples=200)
    z = (x - x.mean(axis=0)) / x.std(axis=0)
    best = least_squares(z, y)
    for optimizer, rate in ((None, 0.2), (Momentum(beta=0.9), 0.05), (Nesterov(beta=0.9), 0.05), (Adam(), 0.5)):
        run = sgd(mse_gradient, z, y, np.zeros(4), learning_rate=rate, n_epochs=3000, optimizer=optimizer,
                  loss_fn=mse_loss)
        assert run.params.shape == (3001, 4) and not run.diverged
        np.testing.assert_allclose(run.final_params, best, atol=1e-4, err_msg=repr(optimizer))


def test_one_feature_as_a_column_is_the_same_model_as_a_1d_x():
    params, x, y = random_problem(3)
    column = x[:, None]
    np.testing.assert_allclose(predict(params, column), predict(params, x), rtol=1e-15)
    np.testing.assert_allclose(mse_gradient(params, column, y), mse_gradient(params, x, y), rtol=1e-12)
    np.testing.assert_allclose(mse_hessian(column), mse_hessian(x), rtol=1e-15)
    np.testing.assert_allclose(least_squares(column, y), least_squares(x, y), rtol=1e-12)
    assert mse_loss(params, column, y) == pytest.approx(mse_loss(params, x, y), rel=1e-15)


@pytest.mark.parametrize("seed", range(30))
def test_a_1d_x_gives_bit_for_bit_the_formulas_of_lessons_1_and_2(seed):
    # Lessons 1-6 store their outputs: many features must not change one digit of them.
    params, x, y = random_problem(seed, n_samples=5 + 40 * seed)
    slope, intercept = params
    residual = slope * x + intercept - y
    assert np.array_equal(predict(params, x), slope * x + intercept)
    assert mse_loss(params, x, y) == float(residual @ residual) / len(x)
    assert np.array_equal(mse_gradient(params, x, y), np.array([2 / len(x) * (residual @ x), 2 / len(x) * residual.sum()]))
    centred = x - x.mean()
    centred -= centred.mean()
    lesson1_slope = (centred @ (y - y.mean())) / (centred @ centred)
    assert np.array_equal(least_squares(x, y), [lesson1_slope, y.mean() - lesson1_slope * x.mean()])


def test_bad_shapes_of_many_features_are_refused_clearly():
    params, x, y = many_features(3, seed=0)
    with pytest.raises(ValueError, match="lengths do not match: x has 60, y has 59"):
        mse_loss(params, x, y[:-1])
    with pytest.raises(ValueError, match=r"params must have 4 values, got shape \(2,\)"):
        mse_gradient([1.0, 2.0], x, y)
    with pytest.raises(ValueError, match=r"params must have 2 values, got shape \(4,\)"):
        predict(params, x[:, 0])
    with pytest.raises(ValueError, match=r"x must be a 1-D or 2-D array, got 3-D with shape \(60, 3, 1\)"):
        least_squares(x[:, :, None], y)
    with pytest.raises(ValueError, match="lengths do not match"):
        sgd(mse_gradient, x, y[:-1], params, learning_rate=0.1, n_epochs=1)
    with pytest.raises(ValueError, match="params must have 4 values"):
        sgd(mse_gradient, x, y, [0.0, 0.0], learning_rate=0.1, n_epochs=1)


def test_features_that_do_not_determine_the_weights_are_refused_clearly():
    _, x, y = many_features(3, seed=0)
    with pytest.raises(ValueError, match=r"every column of x must take at least two distinct values, got every x\[:, 1\] = 7"):
        least_squares(np.column_stack([x[:, 0], np.full(len(x), 7.0), x[:, 2]]), y)
    copied = np.column_stack([x, 2.54 * x[:, 1] - 3.0])  # a feature in other units, and an offset
    with pytest.raises(ValueError, match="4 columns are .nearly. linearly dependent"):
        least_squares(copied, y)
    with pytest.raises(ValueError, match=r"only 3 samples"):
        least_squares(x[:3], y[:3])
    # Columns on very different scales are not dependent: each is measured against its own size.
    scaled = x * np.array([1e-6, 1.0, 1e6])
    np.testing.assert_allclose(least_squares(scaled, y)[:-1] * [1e-6, 1.0, 1e6], least_squares(x, y)[:-1], rtol=1e-7)
