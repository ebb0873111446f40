"""Convergence rates on a quadratic: against the 2x2 matrices' eigenvalues, the closed forms, and real runs."""

import numpy as np
import pytest

from sgd_lesson import Momentum, Nesterov, least_squares, make_linear_data, mse_gradient, mse_hessian, sgd
from sgd_lesson.convergence import param_errors, updates_to_reach
from sgd_lesson.rates import momentum_rate


def matrix(h, beta, nesterov):
    """The update's map of (error, velocity) along one eigen-direction, written out as the lesson does."""
    if nesterov:
        return np.array([[1 - h, beta * (1 - h)], [-h, beta * (1 - h)]])
    return np.array([[1 - h, beta], [-h, beta]])


@pytest.mark.parametrize("nesterov", [False, True])
def test_rate_is_the_largest_eigenvalue_of_the_update_map(nesterov):
    rng = np.random.default_rng(0)
    for _ in range(200):
        learning_rate, beta = rng.uniform(0.01, 2.0), rng.uniform(0.0, 0.99)
        curvatures = rng.uniform(0.1, 2.0, size=3)
        expected = max(np.abs(np.linalg.eigvals(matrix(learning_rate * c, beta, nesterov))).max() for c in curvatures)
        assert momentum_rate(learning_rate, curvatures, beta=beta, nesterov=nesterov) == pytest.approx(expected,
                                                                                                     abs=1e-6)


@pytest.mark.parametrize("nesterov", [False, True])
def test_the_matrix_is_what_the_optimizer_does(nesterov):
    # One update of the package's rule on a 1-D parabola (loss lambda e**2 / 2) is the matrix.
    curvature, learning_rate, beta = 3.0, 0.2, 0.7
    rule = Momentum(beta=beta, nesterov=nesterov)
    params, velocity = np.array([1.5]), np.array([-0.4])
    new_params, new_velocity = rule.step(params, lambda p: curvature * p, learning_rate, velocity)
    expected = matrix(learning_rate * curvature, beta, nesterov) @ np.array([1.5, -0.4])
    np.testing.assert_allclose([new_params[0], new_velocity[0]], expected)


def test_beta_zero_is_gradient_descent():
    curvatures = np.array([0.5, 4.0])
    for learning_rate in (0.1, 0.3, 0.45, 0.6):
        assert momentum_rate(learning_rate, curvatures) == pytest.approx(np.abs(1 - learning_rate * curvatures).max())
        assert momentum_rate(learning_rate, curvatures, nesterov=True) == pytest.approx(
            np.abs(1 - learning_rate * curvatures).max())


@pytest.mark.parametrize("beta", [0.0, 0.5, 0.9])
def test_stable_ranges(beta):
    heavy_ball, nesterov = 2 * (1 + beta), 2 * (1 + beta) / (1 + 2 * beta)
    assert momentum_rate(0.999 * heavy_ball, [1.0], beta=beta) < 1 < momentum_rate(1.001 * heavy_ball, [1.0], beta=beta)
    assert (momentum_rate(0.999 * nesterov, [1.0], beta=beta, nesterov=True) < 1
            < momentum_rate(1.001 * nesterov, [1.0], beta=beta, nesterov=True))


def test_nesterov_at_h_one_and_heavy_ball_sqrt_beta():
    assert momentum_rate(1.0, [1.0], beta=0.9, nesterov=True) == 0.0
    assert momentum_rate(1.0, [1.0], beta=0.9) == pytest.approx(np.sqrt(0.9))


def test_polyak_settings_give_the_square_root_of_the_condition_number():
    low, high = 0.02, 15.0
    kappa = high / low
    learning_rate = 4 / (np.sqrt(high) + np.sqrt(low)) ** 2
    beta = ((np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)) ** 2
    assert momentum_rate(learning_rate, [low, high], beta=beta) == pytest.approx(
        (np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1), rel=1e-6)
    # and gradient descent's best fixed rate gives (kappa - 1) / (kappa + 1)
    assert momentum_rate(2 / (low + high), [low, high]) == pytest.approx((kappa - 1) / (kappa + 1))


def test_broadcasting():
    rates = momentum_rate(np.array([0.01, 0.05, 0.1])[:, None], [1.0, 10.0], beta=np.array([0.0, 0.5, 0.9, 0.95]))
    assert rates.shape == (3, 4)
    assert rates[1, 2] == momentum_rate(0.05, [1.0, 10.0], beta=0.9)
    assert isinstance(momentum_rate(0.05, [1.0, 10.0]), float)


@pytest.mark.parametrize(("optimizer", "learning_rate"), [(Momentum(beta=0.5), 0.05), (Momentum(beta=0.95), 0.06),
                                                          (Nesterov(beta=0.8), 0.06), (None, 0.1)])
def test_rate_predicts_a_real_run(optimizer, learning_rate):
    x, y = make_linear_data(100, x_range=(2.0, 3.0), seed=0)
    curvatures = np.linalg.eigvalsh(mse_hessian(x))
    beta = 0.0 if optimizer is None else optimizer.beta
    predicted = momentum_rate(learning_rate, curvatures, beta=beta, nesterov=getattr(optimizer, "nesterov", False))
    run = sgd(mse_gradient, x, y, [0.0, 0.0], learning_rate=learning_rate, n_epochs=600, optimizer=optimizer)
    errors = param_errors(run, least_squares(x, y))
    # The largest error in each of two windows 200 updates apart (oscillations average out).
    measured = (errors[400:500].max() / errors[200:300].max()) ** (1 / 200)
    assert measured == pytest.approx(predicted, abs=2e-3)


@pytest.mark.parametrize(("arguments", "message"), [
    (dict(learning_rate=-0.1, curvatures=[1.0]), "learning_rate must be positive"),
    (dict(learning_rate=0.1, curvatures=[0.0, 1.0]), "curvatures must be positive"),
    (dict(learning_rate=0.1, curvatures=[1.0], beta=1.0), r"beta must be in \[0, 1\)"),
    (dict(learning_rate=[0.1, np.nan], curvatures=[1.0]), "NaN"),
    (dict(learning_rate=np.array([0.1, 0.2]), curvatures=[1.0], beta=np.array([0.5, 0.9, 0.1])),
     r"learning_rate and beta must broadcast together .* shapes \(2,\) and \(3,\)"),
])
def test_bad_input(arguments, message):
    with pytest.raises(ValueError, match=message):
        momentum_rate(**arguments)


def test_the_balanced_learning_rate_is_heavy_balls_best_for_every_beta():
    # Lesson 4 plots heavy ball's rate at learning_rate = 2 (1 + beta) / (lambda_min + lambda_max),
    # calling it the best for each beta: no learning rate on a fine grid does better.
    low, high = 0.0243, 15.15
    betas = np.linspace(0.0, 0.99, 100)
    balanced = momentum_rate(2 * (1 + betas) / (low + high), [low, high], beta=betas)
    grid = momentum_rate(np.geomspace(0.1, 4.2, 4000)[:, None] / high, [low, high], beta=betas).min(axis=0)
    assert np.all(balanced <= grid + 1e-9)


def test_at_critical_damping_the_error_goes_like_t_times_the_rate_to_the_t():
    # Polyak's settings put the steepest direction where heavy ball's two eigenvalues meet, at -rate:
    # from v = 0 its error is e_0 (-rate)**t (1 + (1 + rate) t), as the module docstring says. It first
    # grows (to about 52 from 5.68, near update 12) and the run needs 180 updates, not the 86 that rate**t
    # alone counts per factor 1,000.
    x, y = make_linear_data(100, x_range=(2.0, 3.0), seed=0)
    best = least_squares(x, y)
    eigenvalues, eigenvectors = np.linalg.eigh(mse_hessian(x))
    low, high = eigenvalues
    root = np.sqrt(high / low)
    learning_rate, beta = 4 / (np.sqrt(high) + np.sqrt(low)) ** 2, ((root - 1) / (root + 1)) ** 2
    rate = np.sqrt(beta)  # momentum_rate's square root of a discriminant near 0 is good to about 1e-8
    assert momentum_rate(learning_rate, eigenvalues, beta=beta) == pytest.approx(rate)
    run = sgd(mse_gradient, x, y, [0.0, 0.0], learning_rate=learning_rate, n_epochs=300, optimizer=Momentum(beta=beta))
    along = (run.params - best) @ eigenvectors[:, 1]
    t = np.arange(len(along))
    predicted = along[0] * (-rate) ** t * (1 + (1 + rate) * t)
    np.testing.assert_allclose(along, predicted, rtol=1e-6, atol=1e-9)
    assert np.abs(along).argmax() == 12 and 52 < np.abs(along).max() < 53
    assert updates_to_reach(run, best) == 180 and round(np.log(1e-3) / np.log(rate)) == 86
