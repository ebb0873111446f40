"""One training loop for every lesson: gradient descent, SGD and minibatches.

Lesson 2 (``02_gradient_descent``) writes the full-batch loop inline and lesson
3 (``03_stochastic_gradient_descent``) the minibatch loop; from then on the
notebooks call :func:`sgd`, which is that same loop plus the bookkeeping.
"""

from __future__ import annotations

import functools
import math
import numbers
import warnings
from dataclasses import dataclass

import numpy as np

from . import _validate
from .optimizers import GradientStep

# A run has diverged once |params| passes this multiple of its starting size
# (or once params or the loss stop being finite numbers).
BLOW_UP = 1e8


class DivergenceWarning(UserWarning):
    """Issued when a run of :func:`sgd` blows up and is stopped."""


class DivergenceError(ValueError):
    """Raised by :func:`sgd` with ``on_divergence="raise"`` when a run blows up."""


def _frozen(array):
    array.flags.writeable = False
    return array


@dataclass(frozen=True)
class Trajectory:
    """The record of one run of :func:`sgd`; its arrays are read-only.

    Attributes
    ----------
    params : ndarray of shape (n_updates + 1, n_params)
        Parameters before the first update and after every update.
    losses : ndarray of shape (n_updates + 1,) or None
        ``loss_fn`` on the full data at each of those points, if it was given.
    samples_seen : ndarray of shape (n_updates + 1,), int
        How many samples the gradients had read by then (0 at the start).
    learning_rates : ndarray of shape (n_updates,)
        The rate each update used.
    batches : tuple of ndarray or None
        The sample indices of each update's minibatch, if ``record_batches``.
    diverged : bool
        Whether the run blew up and was stopped early. Every number in a
        Trajectory is finite: an update that produced NaN or inf is not recorded.
    """

    params: np.ndarray
    losses: np.ndarray | None
    samples_seen: np.ndarray
    learning_rates: np.ndarray
    batches: tuple | None
    diverged: bool

    @property
    def final_params(self):
        """Parameters after the last update, shape (n_params,)."""
        return self.params[-1]

    @property
    def n_updates(self):
        """How many updates the run made."""
        return len(self.params) - 1

    def __repr__(self):
        final = ", ".join(f"{value:.4f}" for value in self.final_params)
        state = "diverged" if self.diverged else "finished"
        return f"Trajectory({self.n_updates} updates, {state}, final params [{final}])"


def _check_learning_rate(learning_rate):
    if callable(learning_rate):
        return learning_rate
    return _validate.number("learning_rate", learning_rate, positive=True)


def _check_schedule_value(rate, t):
    if type(rate) is float and 0.0 < rate < math.inf:  # the common case, checked fast
        return rate
    if isinstance(rate, bool) or not isinstance(rate, numbers.Real) or not 0 < rate < math.inf:
        raise ValueError(f"learning_rate schedule returned {rate!r} at update {t}; it must be a positive number")
    return float(rate)


def sgd(
    gradient_fn,
    x,
    y,
    params0,
    *,
    learning_rate,
    n_epochs,
    batch_size=None,
    seed=None,
    loss_fn=None,
    optimizer=None,
    max_updates=None,
    record_batches=False,
    on_divergence="warn",
):
    """Fit ``params`` by (stochastic, minibatch) gradient descent.

    Parameters
    ----------
    gradient_fn : callable
        ``gradient_fn(params, x_batch, y_batch) -> ndarray`` shaped like ``params``,
        for example :func:`mse_gradient` or :func:`log_loss_gradient`.
    x, y : array_like of shape (n_samples,)
        The data (``y`` holds the labels for a classifier).
    params0 : array_like of shape (n_params,)
        Where to start; it is copied, never changed.
    learning_rate : float or callable, keyword-only
        A positive step size, or a schedule ``t -> rate`` over the update number
        ``t = 0, 1, 2 ...``, such as :class:`inverse_time_decay`.
    n_epochs : int, keyword-only
        Passes over the data, at least 1.
    batch_size : int or None, keyword-only, default None
        Samples per update, from 1 to ``n_samples``. ``None`` (or ``n_samples``)
        is the full batch: plain gradient descent, one update per epoch, no
        shuffling. Otherwise each epoch shuffles the data once (seeded) and cuts
        it into consecutive batches; the last, shorter batch is used, not dropped.
    seed : int or numpy.random.Generator, keyword-only, optional
        Seeds the shuffles; the same seed gives the same :class:`Trajectory`.
    loss_fn : callable, keyword-only, optional
        ``loss_fn(params, x, y) -> float``, recorded on the full data at the
        start and after every update (this costs a pass over the data each time).
    optimizer : keyword-only, default GradientStep()
        The update rule: :class:`GradientStep`, :class:`Momentum`,
        :func:`Nesterov` or :class:`Adam`.
    max_updates : int, keyword-only, optional
        Stop after this many updates, even mid-epoch.
    record_batches : bool, keyword-only, default False
        Keep each update's sample indices in ``Trajectory.batches``.
    on_divergence : {"warn", "raise", "quiet"}, keyword-only, default "warn"
        What to do when the run blows up: it always stops and the Trajectory
        says ``diverged=True``; "warn" also issues a :class:`DivergenceWarning`
        naming the learning rate, "raise" raises :class:`DivergenceError`.

    Returns
    -------
    Trajectory

    Notes
    -----
    One update with the plain rule: ``params <- params - learning_rate(t) * g``,
    where ``g`` is ``gradient_fn`` on the current minibatch. An epoch holds
    ``ceil(n_samples / batch_size)`` updates. The run counts as diverged when
    params or the loss stop being finite, or ``|params|`` grows past
    ``BLOW_UP = 1e8`` times its starting size, or the loss past ``1e8`` times its
    starting value (lesson 2 shows why: a rate above ``2 / lambda_max``
    multiplies the error at every step). The run then stops; the last update is
    kept if its numbers are finite, dropped if they are NaN or inf.

    Examples
    --------
    >>> from sgd_lesson import make_linear_data, mse_gradient, least_squares
    >>> x, y = make_linear_data(200, seed=0)
    >>> run = sgd(mse_gradient, x, y, [0.0, 0.0], learning_rate=0.5, n_epochs=2000)
    >>> bool(np.allclose(run.final_params, least_squares(x, y), atol=1e-6))
    True
    """
    if not callable(gradient_fn):
        raise TypeError(f"gradient_fn must be callable, got {type(gradient_fn).__name__}")
    if loss_fn is not None and not callable(loss_fn):
        raise TypeError(f"loss_fn must be callable or None, got {type(loss_fn).__name__}")
    x = _validate.as_data("x", x)
    y = _validate.as_data("y", y)
    _validate.same_length(x=x, y=y)
    params = _validate.as_data("params0", params0).copy()
    learning_rate = _check_learning_rate(learning_rate)
    n_epochs = _validate.integer("n_epochs", n_epochs)
    n_samples = len(x)
    if batch_size is None:
        batch_size = n_samples
    batch_size = _validate.integer("batch_size", batch_size)
    if batch_size > n_samples:
        raise ValueError(f"batch_size must be at most the number of samples ({n_samples}), got {batch_size}")
    if max_updates is not None:
        max_updates = _validate.integer("max_updates", max_updates)
    if on_divergence not in ("warn", "raise", "quiet"):
        raise ValueError(f'on_divergence must be "warn", "raise" or "quiet", got {on_divergence!r}')
    optimizer = GradientStep() if optimizer is None else optimizer
    if isinstance(optimizer, type):
        raise TypeError(f"optimizer must be an update rule such as {optimizer.__name__}(), got the class itself")
    if not (callable(getattr(optimizer, "init", None)) and callable(getattr(optimizer, "step", None))):
        raise TypeError(f"optimizer must have init() and step() methods, got {type(optimizer).__name__}")
    rng = np.random.default_rng(_validate.seed_or_none(seed))

    # The first gradient goes through the public function, on all the data, so
    # what it rejects (params of the wrong length, labels that are not 0 or 1)
    # gets its clear message here, and a gradient of the wrong shape is caught.
    try:
        g0 = np.asarray(gradient_fn(params, x, y), dtype=np.float64)
    except (TypeError, ValueError) as error:
        message = f"gradient_fn(params0, x, y) failed: {error}"
        raise (ValueError(message) if isinstance(error, ValueError) else TypeError(message)) from error
    if g0.shape != params.shape:
        raise ValueError(f"gradient_fn returned shape {g0.shape}; params0 has shape {params.shape}")
    # The data are checked now, so the loop may use the unchecked kernels of
    # the package's gradient and loss functions (they check on every call).
    gradient = _validate.unchecked(gradient_fn)
    loss = None if loss_fn is None else _validate.unchecked(loss_fn)

    updates_per_epoch = -(-n_samples // batch_size)
    n_updates = n_epochs * updates_per_epoch
    if max_updates is not None:
        n_updates = min(n_updates, max_updates)
    history = np.empty((n_updates + 1, params.size))
    samples_seen = np.zeros(n_updates + 1, dtype=np.int64)
    rates = np.empty(n_updates)
    losses = None if loss is None else np.empty(n_updates + 1)
    batches = [] if record_batches else None
    history[0] = params
    if losses is not None:
        losses[0] = loss(params, x, y)
    limit = (BLOW_UP * (1.0 + np.abs(params).max())) ** 2
    loss_limit = None if losses is None else BLOW_UP * (1.0 + abs(losses[0]))
    state = optimizer.init(params)
    full_batch = batch_size == n_samples
    schedule = callable(learning_rate)

    t = 0
    seen = 0
    diverged = False
    # A run that blows up may overflow on its way; the check below stops it and
    # says so once, instead of numpy warning about every overflow.
    with np.errstate(over="ignore", invalid="ignore"):
        while t < n_updates and not diverged:
            # One seeded shuffle per epoch; each minibatch is the next slice of it.
            order = None if full_batch else rng.permutation(n_samples)
            for start in range(0, n_samples, batch_size):
                if order is None:
                    batch, x_batch, y_batch = None, x, y
                else:
                    batch = order[start : start + batch_size]
                    x_batch, y_batch = x[batch], y[batch]
                rate = _check_schedule_value(learning_rate(t), t) if schedule else learning_rate
                # The rule asks for the gradient where it needs it (Nesterov looks ahead).
                batch_gradient = functools.partial(_gradient_at, gradient, x_batch, y_batch)
                params, state = optimizer.step(params, batch_gradient, rate, state)
                t += 1
                seen += len(x_batch)
                history[t] = params
                rates[t - 1] = rate
                samples_seen[t] = seen
                if batches is not None:
                    batches.append(_frozen(np.arange(n_samples) if batch is None else batch.copy()))
                if losses is not None:
                    losses[t] = loss(params, x, y) if np.isfinite(params).all() else np.nan
                # Not below the limit: blown up, or NaN/inf (which compare False).
                if not params @ params < limit or (losses is not None and not losses[t] < loss_limit):
                    diverged = True
                    break
                if t == n_updates:
                    break

    if diverged:
        # Keep the last point only if it is a number: a Trajectory never holds NaN or inf.
        finite = np.isfinite(history[t]).all() and (losses is None or np.isfinite(losses[t]))
        kept = t if finite else t - 1
        history, samples_seen, rates = history[: kept + 1], samples_seen[: kept + 1], rates[:kept]
        losses = None if losses is None else losses[: kept + 1]
        batches = None if batches is None else batches[:kept]
        message = (
            f"sgd diverged at update {t} with learning_rate={_describe(learning_rate)}: "
            "the parameters blew up, so the run stopped. Try a smaller learning rate "
            "(for the MSE, below 2 / the largest eigenvalue of mse_hessian(x))."
        )
        if on_divergence == "raise":
            raise DivergenceError(message)
        if on_divergence == "warn":
            warnings.warn(message, DivergenceWarning, stacklevel=2)
    return Trajectory(
        params=_frozen(history),
        losses=None if losses is None else _frozen(losses),
        samples_seen=_frozen(samples_seen),
        learning_rates=_frozen(rates),
        batches=None if batches is None else tuple(batches),
        diverged=diverged,
    )


def _gradient_at(gradient, x_batch, y_batch, point):
    return gradient(point, x_batch, y_batch)


def _describe(learning_rate):
    return f"{learning_rate:g}" if isinstance(learning_rate, float) else repr(learning_rate)
