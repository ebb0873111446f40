"""Logistic regression: a sigmoid that never overflows, a log loss that stays finite,
and a gradient checked against finite differences."""

import functools
import math
import warnings

import numpy as np
import pytest

from sgd_lesson import (
    accuracy,
    log_loss,
    log_loss_gradient,
    log_loss_hessian,
    make_logistic_data,
    mse_hessian,
    numerical_gradient,
    predict_proba,
    relative_error,
    sgd,
    sigmoid,
)

EXTREME_Z = [-1.7e308, -1e300, -1e6, -1000.0, -745.5, -740.0, -709.0, -40.0, 0.0, 40.0, 709.0, 1000.0, 1e300, 1.7e308]


def reference_sigmoid(z):
    """Written the textbook way, on the side where exp cannot overflow."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    return math.exp(z) / (1.0 + math.exp(z))


class strict_numpy:  # noqa: N801 (used like a function in a with statement)
    """Turn every warning into an error and every floating-point event into an exception."""

    def __enter__(self):
        self._warnings = warnings.catch_warnings()
        self._warnings.__enter__()
        warnings.simplefilter("error")
        self._errstate = np.errstate(all="raise")
        self._errstate.__enter__()

    def __exit__(self, *exc):
        self._errstate.__exit__(*exc)
        return self._warnings.__exit__(*exc)


@pytest.mark.parametrize("z", EXTREME_Z)
def test_sigmoid_never_warns_for_a_finite_z(z):
    with strict_numpy():
        value = float(sigmoid(z))
        array = sigmoid(np.array([z, -z]))
    assert 0.0 <= value <= 1.0
    assert array.shape == (2,)


def test_sigmoid_of_an_array_of_extremes_is_in_range_and_monotone():
    z = np.array(sorted(EXTREME_Z))
    with strict_numpy():
        values = sigmoid(z)
    assert values[0] == 0.0 and values[-1] == 1.0
    assert np.all(np.diff(values) >= 0)


def test_sigmoid_is_accurate_for_large_and_small_z():
    z = np.concatenate([np.linspace(-700, 700, 1401), np.linspace(-5, 5, 101)])
    expected = np.array([reference_sigmoid(value) for value in z])
    # Relative accuracy where the value is a normal float, far into both tails.
    np.testing.assert_allclose(sigmoid(z), expected, rtol=1e-12, atol=0)
    # Below about -708 the true value is subnormal or rounds to 0: absolutely tiny.
    tail = np.linspace(-800, -700, 101)
    assert np.abs(sigmoid(tail) - np.array([reference_sigmoid(v) for v in tail])).max() < 1e-300


def test_sigmoid_known_values_and_symmetry():
    assert float(sigmoid(0.0)) == 0.5
    assert float(sigmoid(math.log(3.0))) == pytest.approx(0.75, rel=1e-15)
    z = np.linspace(-30, 30, 61)
    np.testing.assert_allclose(sigmoid(-z), 1.0 - sigmoid(z), atol=1e-15)


def test_sigmoid_keeps_the_shape_and_accepts_plain_numbers():
    assert np.shape(sigmoid(1.0)) == ()
    assert sigmoid([[0.0, 1.0], [2.0, 3.0]]).shape == (2, 2)
    assert float(sigmoid(np.inf)) == 1.0 and float(sigmoid(-np.inf)) == 0.0


def random_logistic_problem(seed, n_samples=30):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-3, 3, size=n_samples)
    labels = (rng.uniform(size=n_samples) < 0.5).astype(float)
    params = rng.normal(0.0, 2.0, size=2)
    return params, x, labels


def textbook_log_loss(params, x, labels):
    p = 1.0 / (1.0 + np.exp(-(params[0] * x + params[1])))
    return float(-np.mean(labels * np.log(p) + (1 - labels) * np.log(1 - p)))


@pytest.mark.parametrize("seed", range(10))
def test_log_loss_matches_the_textbook_formula_for_moderate_z(seed):
    params, x, labels = random_logistic_problem(seed)
    assert log_loss(params, x, labels) == pytest.approx(textbook_log_loss(params, x, labels), rel=1e-10)


def test_log_loss_known_values():
    assert log_loss([0.0, 0.0], [1.0, 2.0, 3.0], [0, 1, 1]) == pytest.approx(math.log(2.0), rel=1e-15)
    # Confidently right costs almost nothing, confidently wrong costs |z|.
    assert log_loss([0.0, 50.0], [0.0], [1]) == pytest.approx(math.exp(-50.0), rel=1e-12)
    assert log_loss([0.0, 50.0], [0.0], [0]) == pytest.approx(50.0, rel=1e-15)


@pytest.mark.parametrize("params", [[1e300, 0.0], [-1e300, 0.0], [0.0, 1e308], [0.0, -1e308], [5e307, 5e307]])
@pytest.mark.parametrize("labels", [[0, 1], [1, 1], [0, 0], [1, 0]])
def test_log_loss_and_its_gradient_stay_finite_for_huge_z(params, labels):
    with strict_numpy():
        value = log_loss(params, [1.0, 0.5], labels)
        gradient = log_loss_gradient(params, [1.0, 0.5], labels)
    assert np.isfinite(value) and value >= 0.0
    assert np.isfinite(gradient).all()


def test_log_loss_is_exact_when_huge_z_are_right_or_wrong():
    assert log_loss([1e300, 0.0], [1.0, 2.0], [1, 1]) == 0.0
    assert log_loss([1e300, 0.0], [1.0, 2.0], [0, 0]) == pytest.approx(1.5e300, rel=1e-15)
    assert log_loss([0.0, 1e308], [1.0, 2.0], [0, 0]) == pytest.approx(1e308, rel=1e-15)


@pytest.mark.parametrize("seed", range(50))
def test_log_loss_gradient_matches_finite_differences(seed):
    params, x, labels = random_logistic_problem(seed)
    analytic = log_loss_gradient(params, x, labels)
    numeric = numerical_gradient(lambda p: log_loss(p, x, labels), params)
    assert analytic.shape == (2,)
    assert relative_error(analytic, numeric) < 1e-6


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("penalty", [1e-3, 0.1, 2.0])
def test_the_penalised_gradient_matches_finite_differences(seed, penalty):
    params, x, labels = random_logistic_problem(seed)
    analytic = log_loss_gradient(params, x, labels, penalty=penalty)
    numeric = numerical_gradient(lambda p: log_loss(p, x, labels, penalty=penalty), params)
    assert relative_error(analytic, numeric) < 1e-6


def test_the_penalty_is_half_lambda_slope_squared_on_the_slope_alone():
    params, x, labels = random_logistic_problem(0)
    extra = log_loss(params, x, labels, penalty=0.3) - log_loss(params, x, labels)
    assert extra == pytest.approx(0.15 * params[0] ** 2, rel=1e-12)
    extra_gradient = log_loss_gradient(params, x, labels, penalty=0.3) - log_loss_gradient(params, x, labels)
    np.testing.assert_allclose(extra_gradient, [0.3 * params[0], 0.0], rtol=1e-12, atol=1e-15)
    # A slope too large for its square to be held: the loss is inf, never NaN.
    assert log_loss([1e300, 0.0], [1.0], [1], penalty=1.0) == math.inf


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("penalty", [0.0, 0.3])
def test_the_hessian_matches_finite_differences_of_the_gradient(seed, penalty):
    params, x, labels = random_logistic_problem(seed)
    hessian = log_loss_hessian(params, x, penalty=penalty)
    numeric = np.array([numerical_gradient(lambda p, k=k: log_loss_gradient(p, x, labels, penalty=penalty)[k],
                                           params) for k in range(2)])
    np.testing.assert_allclose(hessian, numeric, rtol=1e-5, atol=1e-8)
    np.testing.assert_array_equal(hessian, hessian.T)


@pytest.mark.parametrize("seed", range(20))
def test_the_hessian_is_positive_definite_and_at_most_an_eighth_of_the_mses(seed):
    params, x, _ = random_logistic_problem(seed)
    hessian = log_loss_hessian(params, x)
    assert np.linalg.eigvalsh(hessian).min() > 0  # strictly convex: x takes more than one value
    assert np.linalg.eigvalsh(mse_hessian(x) / 8 - hessian).min() > -1e-12  # lesson 5's bound
    # Equality where every sigmoid(z) is 1/2: at params [0, 0].
    np.testing.assert_allclose(log_loss_hessian([0.0, 0.0], x), mse_hessian(x) / 8, rtol=1e-12)


def test_the_hessian_stays_finite_for_huge_z():
    hessian = log_loss_hessian([1e300, 0.0], [-1.0, 1.0])
    np.testing.assert_array_equal(hessian, np.zeros((2, 2)))


def separable_problem():
    """Labels from a clean threshold, x > 2/3 (lesson 5's noise-free labels): no point on the wrong side."""
    x = np.linspace(0.0, 1.0, 61)
    return x, (x > 2.0 / 3.0).astype(float)


def test_on_separable_labels_the_log_loss_has_no_minimum():
    x, labels = separable_problem()
    direction = np.array([4.0, -2.7])  # boundary x = 0.675, between the last 0 (at 2/3) and the first 1
    losses = [log_loss(scale * direction, x, labels) for scale in (1.0, 10.0, 100.0, 1000.0)]
    assert np.all(np.diff(losses) < 0)  # steeper is always better
    assert 0.0 < losses[-1] < 1e-10
    # Gradient descent never arrives: the params keep growing and the gradient never vanishes.
    run = sgd(log_loss_gradient, x, labels, [0.0, 0.0], learning_rate=6.0, n_epochs=4000)
    slopes = run.params[[250, 500, 1000, 2000, 4000], 0]
    assert np.all(np.diff(slopes) > 1.0)
    assert np.linalg.norm(log_loss_gradient(run.final_params, x, labels)) > 1e-5


@pytest.mark.parametrize("penalty", [1e-3, 1e-2, 0.1])
def test_with_a_penalty_the_separable_loss_has_one_minimum_gradient_descent_reaches(penalty):
    x, labels = separable_problem()
    gradient_fn = functools.partial(log_loss_gradient, penalty=penalty)
    ends = [sgd(gradient_fn, x, labels, start, learning_rate=4.0, n_epochs=4000).final_params
            for start in ([0.0, 0.0], [30.0, -10.0], [-20.0, 15.0])]
    best = ends[0]
    for end in ends[1:]:  # the same point from every start
        np.testing.assert_allclose(end, best, rtol=1e-8, atol=1e-8)
    gradient = log_loss_gradient(best, x, labels, penalty=penalty)
    assert np.linalg.norm(gradient) < 1e-10  # a stationary point ...
    at_best = log_loss(best, x, labels, penalty=penalty)
    for angle in np.linspace(0.0, 2 * np.pi, 16, endpoint=False):  # ... lower than everything around it
        step = 0.01 * np.array([np.cos(angle), np.sin(angle)])
        assert log_loss(best + step, x, labels, penalty=penalty) > at_best


def test_a_larger_penalty_gives_a_gentler_slope():
    x, labels = separable_problem()
    fits = [sgd(functools.partial(log_loss_gradient, penalty=penalty), x, labels, [0.0, 0.0], learning_rate=4.0,
                n_epochs=4000).final_params for penalty in (1e-3, 1e-2, 0.1)]
    assert fits[0][0] > fits[1][0] > fits[2][0] > 0
    for fit in fits[:2]:  # a mild penalty keeps the boundary near the threshold; 0.1 flattens the slope too far
        assert 0.6 < -fit[1] / fit[0] < 0.75


def test_log_loss_gradient_is_zero_where_predictions_match_label_frequencies():
    # Half the labels are 1 at every x, so z = 0 everywhere is the minimum.
    np.testing.assert_allclose(log_loss_gradient([0.0, 0.0], [1.0, 1.0, 2.0, 2.0], [0, 1, 0, 1]), [0.0, 0.0], atol=1e-15)


def test_make_logistic_data_follows_the_sigmoid():
    x, labels = make_logistic_data(200_000, slope=6.0, intercept=-3.0, seed=5)
    probability = predict_proba([6.0, -3.0], x)
    assert abs(labels.mean() - probability.mean()) < 0.01
    right_half = x > 0.8
    assert abs(labels[right_half].mean() - probability[right_half].mean()) < 0.01


def test_predict_proba_and_accuracy():
    np.testing.assert_allclose(predict_proba([2.0, -1.0], [0.5, 0.0]), [0.5, sigmoid(-1.0)])
    assert accuracy([1.0, 0.0], [-1.0, 1.0, 2.0], [0, 1, 0]) == pytest.approx(2 / 3)
    assert accuracy([1.0, 0.0], [-1.0, 1.0, 2.0], [0, 1, 1]) == 1.0
    # A higher threshold turns the borderline point x = 1 (probability 0.73) into a 0.
    assert accuracy([1.0, 0.0], [-1.0, 1.0, 2.0], [0, 1, 1], threshold=0.8) == pytest.approx(2 / 3)


def test_a_probability_exactly_at_the_threshold_predicts_label_1():
    # params [0, 0]: every probability is exactly 0.5.
    assert accuracy([0.0, 0.0], [-1.0, 0.0, 2.0], [1, 1, 1], threshold=0.5) == 1.0
    assert accuracy([0.0, 0.0], [-1.0, 0.0, 2.0], [0, 0, 0], threshold=0.5) == 0.0
    # sigmoid(log 3) = 0.75 exactly in float64: at threshold 0.75 the point is a 1.
    assert accuracy([1.0, 0.0], [math.log(3.0)], [1], threshold=float(sigmoid(math.log(3.0)))) == 1.0


# Bad input (labels not 0/1, NaN, lengths, thresholds out of (0, 1) ...) is tested from the
# declarations in test_declarations.py.
