"""Counting updates to reach the closed form, honestly: a run must arrive and stay."""

import numpy as np
import pytest

from sgd_lesson import Momentum, least_squares, make_linear_data, mse_gradient, mse_loss, sgd
from sgd_lesson.convergence import describe_run, param_errors, updates_to_reach

X, Y = make_linear_data(100, x_range=(2.0, 3.0), seed=0)
BEST = least_squares(X, Y)


def test_param_errors_is_the_largest_absolute_difference():
    path = np.array([[0.0, 0.0], [2.0, 1.5], [3.0, 2.1]])
    np.testing.assert_allclose(param_errors(path, [3.0, 2.0]), [3.0, 1.0, 0.1])


def test_param_errors_marks_non_finite_params_as_infinite():
    path = np.array([[0.0, 0.0], [np.inf, 1.0], [np.nan, 0.0]])
    assert param_errors(path, [0.0, 0.0]).tolist() == [0.0, np.inf, np.inf]


def test_counts_the_update_after_which_the_run_stays_close():
    path = [[5.0], [0.5], [1.0005], [1.2], [1.0002], [1.0001]]
    # Inside at update 2, outside again at 3, inside for good from 4.
    assert updates_to_reach(path, [1.0]) == 4
    assert updates_to_reach(path, [1.0], tolerance=0.5) == 2
    assert updates_to_reach(path, [1.0], tolerance=10.0) == 0


def test_a_run_that_ends_outside_is_not_within_budget():
    assert updates_to_reach([[0.0], [1.0], [0.5]], [1.0]) is None


def test_agrees_with_a_direct_loop_on_a_real_run():
    run = sgd(mse_gradient, X, Y, [0.0, 0.0], learning_rate=0.066, n_epochs=1000, optimizer=Momentum(beta=0.9))
    counted = updates_to_reach(run, BEST)
    assert counted is not None and 0 < counted < 1000
    errors = np.abs(run.params - BEST).max(axis=1)
    assert (errors[counted:] < 1e-3).all()
    assert errors[counted - 1] >= 1e-3


def test_plain_gradient_descent_on_a_narrow_valley_does_not_arrive_in_budget():
    run = sgd(mse_gradient, X, Y, [0.0, 0.0], learning_rate=0.066, n_epochs=500)
    assert updates_to_reach(run, BEST) is None
    assert param_errors(run, BEST)[-1] > 1e-3


def test_a_diverged_run_never_arrives():
    run = sgd(mse_gradient, X, Y, BEST, learning_rate=1.0, n_epochs=200, on_divergence="quiet")
    assert run.diverged
    assert updates_to_reach(run, BEST, tolerance=1e6) is None


def test_bad_arguments():
    with pytest.raises(ValueError, match="tolerance must be positive"):
        updates_to_reach([[0.0]], [0.0], tolerance=0.0)
    with pytest.raises(ValueError, match="target must have 2 values"):
        updates_to_reach([[0.0, 0.0]], [0.0])
    with pytest.raises(ValueError, match="shape"):
        param_errors([0.0, 1.0], [0.0])


def test_describe_run_names_the_four_regimes():
    x, y = make_linear_data(50, seed=0)
    optimum_loss = mse_loss(least_squares(x, y), x, y)

    def run(learning_rate, n_steps=40):
        return sgd(mse_gradient, x, y, [10.0, 5.0], learning_rate=learning_rate, n_epochs=n_steps,
                   loss_fn=mse_loss, on_divergence="quiet")

    assert describe_run(run(0.02), optimum_loss=optimum_loss) == "too slow"
    assert describe_run(run(0.5), optimum_loss=optimum_loss) == "converging"
    assert describe_run(run(0.76), optimum_loss=optimum_loss) == "oscillating"
    assert describe_run(run(0.8), optimum_loss=optimum_loss) == "diverging"
    assert describe_run(run(1.5, n_steps=400)) == "diverged"


