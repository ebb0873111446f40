"""The training loop: it reaches the closed form, it is reproducible, its record
has the documented shapes, it stops and says so when a run blows up, and it
rejects bad input with a message naming the argument."""

import dataclasses
import re
import warnings

import numpy as np
import pytest

from sgd_lesson import (
    Adam,
    DivergenceError,
    DivergenceWarning,
    GradientStep,
    Momentum,
    Nesterov,
    Trajectory,
    constant,
    inverse_time_decay,
    least_squares,
    log_loss,
    log_loss_gradient,
    make_linear_data,
    make_logistic_data,
    mse_gradient,
    mse_hessian,
    mse_loss,
    sgd,
    sigmoid,
    step_decay,
)

X, Y = make_linear_data(500, seed=0)
BEST = least_squares(X, Y)
START = np.array([0.0, 0.0])  # 8 away from the intercept: every run below has a way to go
LAMBDA_MAX = np.linalg.eigvalsh(mse_hessian(X)).max()


def distance_to_best(run):
    return np.abs(run.final_params - BEST).max()


# ---- every method reaches least_squares, within a stated tolerance ----

# (settings, tolerance on max |params - least_squares|, checked for seeds 0, 1, 2)
CONVERGING = {
    "gradient descent, rate 1/lambda_max": (
        {"learning_rate": 1.0 / LAMBDA_MAX, "n_epochs": 400}, 1e-7),
    "heavy-ball momentum, full batch": (
        {"learning_rate": 0.1, "n_epochs": 300, "optimizer": Momentum(beta=0.9)}, 1e-5),
    "Nesterov, full batch": (
        {"learning_rate": 0.1, "n_epochs": 300, "optimizer": Nesterov(beta=0.9)}, 1e-6),
    "Adam, full batch, step decay": (
        {"learning_rate": step_decay(0.1, factor=0.5, step_size=400), "n_epochs": 2000,
         "optimizer": Adam(beta2=0.99)}, 1e-6),
    "minibatch SGD, 1/t decay": (
        {"learning_rate": inverse_time_decay(0.2, decay=0.01), "n_epochs": 60, "batch_size": 20}, 5e-3),
    "minibatch SGD, step decay": (
        {"learning_rate": step_decay(0.3, factor=0.5, step_size=150), "n_epochs": 60, "batch_size": 20}, 2e-3),
    "minibatch momentum, step decay": (
        {"learning_rate": step_decay(0.03, factor=0.5, step_size=150), "n_epochs": 60, "batch_size": 20,
         "optimizer": Momentum(beta=0.9)}, 2e-3),
    "minibatch Nesterov, step decay": (
        {"learning_rate": step_decay(0.03, factor=0.5, step_size=150), "n_epochs": 60, "batch_size": 20,
         "optimizer": Nesterov(beta=0.9)}, 2e-3),
    "minibatch Adam, step decay": (
        {"learning_rate": step_decay(0.05, factor=0.5, step_size=500), "n_epochs": 100, "batch_size": 20,
         "optimizer": Adam(beta2=0.99)}, 1e-2),
}


@pytest.mark.parametrize("method", CONVERGING)
def test_each_method_reaches_least_squares(method):
    settings, tolerance = CONVERGING[method]
    seeds = [0] if "batch_size" not in settings else [0, 1, 2]  # full batch: no shuffle, one run says it all
    for seed in seeds:
        run = sgd(mse_gradient, X, Y, START, seed=seed, **settings)
        assert not run.diverged
        assert distance_to_best(run) < tolerance, (method, seed, distance_to_best(run))
    assert np.abs(START - BEST).max() > 100 * tolerance


def test_a_constant_rate_leaves_minibatch_sgd_bouncing_and_a_decaying_one_settles_it():
    # Lesson 3's claim, at the same cost (60 epochs of batches of 20).
    bouncing = sgd(mse_gradient, X, Y, START, learning_rate=0.3, n_epochs=60, batch_size=20, seed=0)
    settled = sgd(mse_gradient, X, Y, START, learning_rate=step_decay(0.3, factor=0.5, step_size=150),
                  n_epochs=60, batch_size=20, seed=0)
    assert distance_to_best(bouncing) > 5 * distance_to_best(settled)


def test_logistic_regression_reaches_the_newton_solution():
    x, labels = make_logistic_data(500, slope=6.0, intercept=-3.0, seed=0)
    design = np.column_stack([x, np.ones_like(x)])
    newton = np.zeros(2)
    for _ in range(30):
        p = sigmoid(design @ newton)
        hessian = design.T @ (design * (p * (1 - p))[:, None]) / len(x)
        newton = newton - np.linalg.solve(hessian, design.T @ (p - labels) / len(x))
    run = sgd(log_loss_gradient, x, labels, START, learning_rate=2.0, n_epochs=500, optimizer=Nesterov(),
              loss_fn=log_loss)
    np.testing.assert_allclose(run.final_params, newton, atol=1e-8)
    assert run.losses[-1] < run.losses[0]


def test_gradient_descent_is_the_loop_written_out():
    rate, params = 0.3, START.copy()
    expected = [params]
    for _ in range(25):
        params = params - rate * mse_gradient(params, X, Y)
        expected.append(params)
    run = sgd(mse_gradient, X, Y, START, learning_rate=rate, n_epochs=25)
    np.testing.assert_allclose(run.params, np.array(expected), rtol=1e-13)


def test_minibatch_updates_use_the_recorded_batches_and_schedule():
    schedule = inverse_time_decay(0.3, decay=0.05)
    run = sgd(mse_gradient, X, Y, START, learning_rate=schedule, n_epochs=3, batch_size=64, seed=4,
              record_batches=True)
    np.testing.assert_allclose(run.learning_rates, [schedule(t) for t in range(run.n_updates)], rtol=1e-15)
    for t, batch in enumerate(run.batches):
        step = run.learning_rates[t] * mse_gradient(run.params[t], X[batch], Y[batch])
        np.testing.assert_allclose(run.params[t + 1], run.params[t] - step, rtol=1e-12, atol=1e-15)


# ---- the same seed gives the same Trajectory ----

def runs_are_identical(a, b):
    return (
        np.array_equal(a.params, b.params)
        and np.array_equal(a.samples_seen, b.samples_seen)
        and np.array_equal(a.learning_rates, b.learning_rates)
        and np.array_equal(a.losses, b.losses)
        and a.diverged == b.diverged
    )


def minibatch_run(seed, **extra):
    return sgd(mse_gradient, X, Y, START, learning_rate=inverse_time_decay(0.2, decay=0.01), n_epochs=3,
               batch_size=32, seed=seed, loss_fn=mse_loss, **extra)


def test_same_seed_same_trajectory_and_other_seeds_differ():
    first, again, other = minibatch_run(7), minibatch_run(7), minibatch_run(8)
    assert runs_are_identical(first, again)
    assert not np.array_equal(first.params, other.params)
    assert runs_are_identical(minibatch_run(np.random.default_rng(3)), minibatch_run(np.random.default_rng(3)))
    with_batches = minibatch_run(7, record_batches=True), minibatch_run(7, record_batches=True)
    for a, b in zip(*(run.batches for run in with_batches), strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("optimizer", [Momentum(), Nesterov(), Adam()])
def test_same_seed_same_trajectory_for_every_rule(optimizer):
    assert runs_are_identical(minibatch_run(1, optimizer=optimizer), minibatch_run(1, optimizer=optimizer))


def test_rerunning_starts_from_scratch():
    # A rule's memory lives in the run, not in the rule: two runs with one rule object agree.
    rule = Momentum(beta=0.9)
    a = sgd(mse_gradient, X, Y, START, learning_rate=0.1, n_epochs=5, optimizer=rule)
    b = sgd(mse_gradient, X, Y, START, learning_rate=0.1, n_epochs=5, optimizer=rule)
    assert runs_are_identical(a, b)


def test_full_batch_does_not_shuffle():
    a = sgd(mse_gradient, X, Y, START, learning_rate=0.3, n_epochs=5, seed=1)
    b = sgd(mse_gradient, X, Y, START, learning_rate=0.3, n_epochs=5, seed=2)
    assert runs_are_identical(a, b)


def test_inputs_are_left_alone():
    x, y, params0 = X.copy(), Y.copy(), START.copy()
    run = sgd(mse_gradient, x, y, params0, learning_rate=0.3, n_epochs=5, batch_size=50, seed=0)
    np.testing.assert_array_equal(x, X)
    np.testing.assert_array_equal(y, Y)
    np.testing.assert_array_equal(params0, START)
    assert not np.shares_memory(run.params, params0)


# ---- the Trajectory ----

TEN_X, TEN_Y = make_linear_data(10, seed=2)


def small_run(**settings):
    defaults = {"learning_rate": 0.1, "n_epochs": 3, "batch_size": 4, "seed": 0}
    return sgd(mse_gradient, TEN_X, TEN_Y, [1.0, 1.0], **{**defaults, **settings})


def test_trajectory_shapes_and_a_last_short_batch():
    run = small_run(loss_fn=mse_loss, record_batches=True)
    # 10 samples in batches of 4: 4, 4 and a short batch of 2 each epoch, used not dropped.
    assert run.n_updates == 9
    assert run.params.shape == (10, 2)
    assert run.losses.shape == (10,)
    assert run.learning_rates.shape == (9,)
    assert run.samples_seen.tolist() == [0, 4, 8, 10, 14, 18, 20, 24, 28, 30]
    assert [len(batch) for batch in run.batches] == [4, 4, 2] * 3
    epochs = [np.concatenate(run.batches[3 * e : 3 * e + 3]) for e in range(3)]
    for epoch in epochs:
        assert sorted(epoch.tolist()) == list(range(10))  # every sample once per epoch
    assert not all(np.array_equal(epochs[0], other) for other in epochs[1:])  # reshuffled
    np.testing.assert_array_equal(run.params[0], [1.0, 1.0])
    np.testing.assert_array_equal(run.final_params, run.params[-1])
    assert run.final_params.shape == (2,)
    for params, loss in zip(run.params, run.losses, strict=True):
        assert loss == pytest.approx(mse_loss(params, TEN_X, TEN_Y), rel=1e-12)
    assert run.diverged is False
    assert re.fullmatch(r"Trajectory\(9 updates, finished, final params \[-?\d+\.\d{4}, -?\d+\.\d{4}\]\)", repr(run))


def test_without_loss_fn_or_record_batches_those_fields_are_none():
    run = small_run()
    assert run.losses is None and run.batches is None


def test_full_batch_is_one_update_per_epoch():
    run = small_run(batch_size=None, n_epochs=7, record_batches=True)
    assert run.n_updates == 7
    assert run.samples_seen.tolist() == [10 * k for k in range(8)]
    assert all(batch.tolist() == list(range(10)) for batch in run.batches)
    assert runs_are_identical(run, small_run(batch_size=10, n_epochs=7, record_batches=True, seed=5))


def test_max_updates_stops_mid_epoch():
    whole = small_run()
    cut = small_run(max_updates=5)
    assert cut.n_updates == 5
    assert cut.samples_seen.tolist() == [0, 4, 8, 10, 14, 18]
    np.testing.assert_array_equal(cut.params, whole.params[:6])
    assert small_run(max_updates=1000).n_updates == 9  # n_epochs still bounds the run


def test_batch_size_one_and_batch_size_n_are_allowed():
    assert small_run(batch_size=1, n_epochs=1).n_updates == 10
    assert small_run(batch_size=10, n_epochs=2).n_updates == 2


def test_trajectory_is_immutable():
    run = small_run(loss_fn=mse_loss, record_batches=True)
    assert isinstance(run, Trajectory)
    with pytest.raises(dataclasses.FrozenInstanceError):
        run.diverged = True
    with pytest.raises(dataclasses.FrozenInstanceError):
        run.params = run.params.copy()
    for array in (run.params, run.final_params, run.losses, run.samples_seen, run.learning_rates, run.batches[0]):
        with pytest.raises(ValueError, match="read-only"):
            array[0] = 1
    assert isinstance(run.batches, tuple)


# ---- divergence ----

TOO_FAST = 1.0  # above 2 / lambda_max, about 0.78 here


def test_a_rate_above_the_stability_limit_diverges_stops_and_warns_naming_it():
    assert TOO_FAST > 2.0 / LAMBDA_MAX
    with pytest.warns(DivergenceWarning, match=r"learning_rate=1\b") as caught:
        run = sgd(mse_gradient, X, Y, START, learning_rate=TOO_FAST, n_epochs=1000, loss_fn=mse_loss)
    assert len(caught) == 1
    assert run.diverged
    assert run.n_updates < 1000
    assert np.isfinite(run.params).all() and np.isfinite(run.losses).all()
    assert run.losses[-1] > 1e8 * run.losses[0]  # it really blew up
    assert run.samples_seen.shape == run.losses.shape == (run.n_updates + 1,)
    assert "diverged" in repr(run)


def test_divergence_can_raise_instead():
    with pytest.raises(DivergenceError, match="learning_rate=1"):
        sgd(mse_gradient, X, Y, START, learning_rate=TOO_FAST, n_epochs=1000, on_divergence="raise")
    assert issubclass(DivergenceError, ValueError)


def test_quiet_divergence_is_silent_but_recorded():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = sgd(mse_gradient, X, Y, START, learning_rate=TOO_FAST, n_epochs=1000, on_divergence="quiet")
    assert run.diverged


def test_a_schedule_that_diverges_is_named_in_the_warning():
    with pytest.warns(DivergenceWarning, match=r"learning_rate=inverse_time_decay\(initial_rate=5"):
        sgd(mse_gradient, X, Y, START, learning_rate=inverse_time_decay(5.0, decay=1e-4), n_epochs=100)


@pytest.mark.parametrize("rate", [1e3, 1e10, 1e100, 1e200, 1e300, 1.7e308])
@pytest.mark.parametrize("batch_size", [None, 16])
def test_huge_rates_never_return_nan_or_leak_numpy_warnings(rate, batch_size):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a RuntimeWarning (overflow) would fail here
        warnings.simplefilter("ignore", DivergenceWarning)
        run = sgd(mse_gradient, X, Y, START, learning_rate=rate, n_epochs=50, batch_size=batch_size, seed=0,
                  loss_fn=mse_loss)
    assert run.diverged
    for array in (run.params, run.losses, run.learning_rates):
        assert np.isfinite(array).all()
    assert run.params.shape == (run.n_updates + 1, 2) and run.losses.shape == (run.n_updates + 1,)


def test_a_gradient_that_turns_nan_stops_the_run_without_returning_nan():
    def gradient(params, x, y):
        return np.full(2, np.nan) if params[1] > 5 else mse_gradient(params, x, y)

    with pytest.warns(DivergenceWarning):
        run = sgd(gradient, X, Y, START, learning_rate=0.3, n_epochs=200)
    assert run.diverged and np.isfinite(run.params).all()
    assert run.final_params[1] > 5  # the last finite point is kept


def test_a_loss_that_turns_infinite_stops_the_run():
    def loss(params, x, y):
        return np.inf if params[1] > 5 else mse_loss(params, x, y)

    with pytest.warns(DivergenceWarning):
        run = sgd(mse_gradient, X, Y, START, learning_rate=0.3, n_epochs=200, loss_fn=loss)
    assert run.diverged and np.isfinite(run.losses).all() and np.isfinite(run.params).all()
    assert len(run.losses) == len(run.params)


def test_a_converging_run_raises_no_warning_at_all():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            run = sgd(mse_gradient, X, Y, START, learning_rate=0.5, n_epochs=50, batch_size=50, seed=0,
                      loss_fn=mse_loss)
    assert not run.diverged


def test_a_long_step_decay_keeps_running():
    # step_decay(step_size=1) reaches the smallest float after ~1000 updates; the run carries on.
    run = sgd(mse_gradient, TEN_X, TEN_Y, START, learning_rate=step_decay(0.3, step_size=1), n_epochs=1500)
    assert run.n_updates == 1500 and (run.learning_rates > 0).all()


def test_a_loss_that_alone_blows_up_stops_the_run():
    # The params stay small; only the loss passes BLOW_UP times its start, while still finite.
    def loss(params, x, y):
        return 1e12 * mse_loss(params, x, y) if params[1] > 5 else mse_loss(params, x, y)

    with pytest.warns(DivergenceWarning, match="blew up"):
        run = sgd(mse_gradient, X, Y, START, learning_rate=0.3, n_epochs=200, loss_fn=loss)
    assert run.diverged and run.n_updates < 200 and run.final_params[1] > 5
    assert np.isfinite(run.losses).all() and run.losses[-1] > 1e8 * run.losses[0]


LOGISTIC_X, LOGISTIC_LABELS = make_logistic_data(200, slope=5, intercept=-2, seed=0)


@pytest.mark.parametrize(("rate", "says"), [(100.0, "learning_rate=100"), (1e6, "learning_rate=1e[+]06")])
@pytest.mark.parametrize("batch_size", [None, 20])
def test_a_log_loss_run_that_ends_far_above_its_start_is_reported_as_diverged(rate, says, batch_size):
    # The log loss's gradient is bounded: its params never blow up, yet the run is a failure.
    with pytest.warns(DivergenceWarning, match=f"{says}: the loss ended at .*, up from 0.6931 at the start"):
        run = sgd(log_loss_gradient, LOGISTIC_X, LOGISTIC_LABELS, [0.0, 0.0], learning_rate=rate, n_epochs=100,
                  batch_size=batch_size, seed=0, loss_fn=log_loss)
    assert run.diverged and "diverged" in repr(run)
    assert run.n_updates == 100 * (1 if batch_size is None else 10)  # it ran to the end, and is kept
    with pytest.raises(DivergenceError, match=says):
        sgd(log_loss_gradient, LOGISTIC_X, LOGISTIC_LABELS, [0.0, 0.0], learning_rate=rate, n_epochs=100,
            batch_size=batch_size, seed=0, loss_fn=log_loss, on_divergence="raise")


def test_a_log_loss_run_at_a_good_rate_is_not_diverged():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = sgd(log_loss_gradient, LOGISTIC_X, LOGISTIC_LABELS, [0.0, 0.0], learning_rate=10.0, n_epochs=100,
                  loss_fn=log_loss)
    assert not run.diverged and run.losses[-1] < run.losses[0]


def test_data_too_large_for_float64_is_a_clear_error_not_the_learning_rate():
    rng = np.random.default_rng(0)
    x, y = rng.uniform(0, 1e150, 50), rng.uniform(0, 1e300, 50)
    for loss_fn in (None, mse_loss):
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # no RuntimeWarning, no DivergenceWarning
            with pytest.raises(ValueError, match="overflow float64.*rescale the data"):
                sgd(mse_gradient, x, y, [0.0, 0.0], learning_rate=0.1, n_epochs=5, loss_fn=loss_fn)


# ---- bad input: the arguments' declarations are tested in test_declarations.py; here, what
# sgd checks beyond them: gradient_fn's own declaration and output, and a schedule's values ----

def call_sgd(**swap):
    args = {"gradient_fn": mse_gradient, "x": TEN_X, "y": TEN_Y, "params0": [0.0, 0.0],
            "learning_rate": 0.1, "n_epochs": 2, "batch_size": 4, **swap}
    return sgd(args.pop("gradient_fn"), args.pop("x"), args.pop("y"), args.pop("params0"), **args)


@pytest.mark.parametrize(("argument", "bad", "error", "says"), [
    ("gradient_fn", lambda p, x, y: np.zeros(3), ValueError,
     r"gradient_fn\(params0, x, y\) on the first sample must have 2 values, got shape \(3,\)"),
    ("gradient_fn", lambda p, x, y: "zero", TypeError, "gradient_fn.* must be an array of numbers, got str"),
    ("gradient_fn", lambda p: p, TypeError, r"gradient_fn\(params0, x, y\) failed: .*positional argument"),
    ("params0", [0.0, 0.0, 0.0], ValueError, r"gradient_fn\(params0, x, y\) failed: params must have 2 values"),
    ("params0", [0.0], ValueError, r"gradient_fn\(params0, x, y\) failed: params must have 2 values"),
    ("loss_fn", lambda p, x, y: [1.0, 2.0], TypeError, r"loss_fn\(params0, x, y\) on the first sample must be a number"),
    ("batch_size", 11, ValueError, r"batch_size must be from 1 to the number of samples in x \(10\), got 11"),
    ("optimizer", Adam, TypeError, r"got the class Adam itself, not an instance such as Adam\(\)"),
])
def test_what_sgd_checks_itself_is_named(argument, bad, error, says):
    with pytest.raises(error, match=says):
        call_sgd(**{argument: bad})


@pytest.mark.parametrize("value", [0.0, -0.1, np.nan, np.inf, "0.1", None, True, np.array([0.1])])
def test_a_schedule_returning_a_bad_value_is_named(value):
    def schedule(t):
        return 0.1 if t < 3 else value

    with pytest.raises(ValueError, match=r"learning_rate schedule returned .* at update 3"):
        call_sgd(learning_rate=schedule)


@pytest.mark.parametrize("value", [np.float32(0.1), np.float64(0.1), 1, np.int64(1)])
def test_a_schedule_may_return_any_positive_real(value):
    run = call_sgd(learning_rate=lambda t: value, n_epochs=1)
    assert run.learning_rates.tolist() == pytest.approx([float(value)] * 3)


def test_labels_are_checked_by_the_gradient_function_even_inside_sgd():
    x, labels = make_logistic_data(20, slope=5.0, intercept=0.0, seed=0)
    with pytest.raises(ValueError, match="labels must contain only 0 and 1"):
        sgd(log_loss_gradient, x, labels * 2, [0.0, 0.0], learning_rate=0.1, n_epochs=1)


def test_hyperparameters_are_keyword_only():
    with pytest.raises(TypeError):
        sgd(mse_gradient, TEN_X, TEN_Y, [0.0, 0.0], 0.1, 2)


def test_constant_schedule_is_the_same_as_a_number():
    a = small_run(learning_rate=constant(0.1))
    b = small_run(learning_rate=0.1)
    np.testing.assert_array_equal(a.params, b.params)
    assert GradientStep() == GradientStep()
