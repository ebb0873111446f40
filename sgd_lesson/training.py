"""One training loop for every lesson: gradient descent, SGD and minibatches.

Lessons 2 (``02_gradient_descent``) and 3 (``03_stochastic_gradient_descent``) write the loop
inline; :func:`sgd` is that same loop plus the bookkeeping.
"""

from __future__ import annotations

import functools
import math
import warnings
from dataclasses import dataclass

import numpy as np

from . import _validate
from ._validate import Callable, Data, Flag, Integer, Is, LengthOf, Number, OneOf, Params, validate
from .linear import mse_gradient
from .optimizers import GradientStep

# A run has diverged once |params| passes this multiple of its starting size (or the
# loss this multiple of its starting value), or once they stop being finite numbers,
BLOW_UP = 1e8
# ... or if its loss ends above this multiple of where it started (a positive loss).
ENDS_ABOVE = 2.0
# An object (not a class) with the two methods of :mod:`sgd_lesson.optimizers`' rules.
UPDATE_RULE = Is(lambda rule: not isinstance(rule, type) and callable(getattr(rule, "init", None))
                 and callable(getattr(rule, "step", None)), "an update rule with init() and step() methods",
                 bad=("adam", 1, GradientStep), example=GradientStep())


class DivergenceWarning(UserWarning):
    """Issued when a run of :func:`sgd` blows up and is stopped, or its loss ends far above its start."""


class DivergenceError(ValueError):
    """Raised by :func:`sgd` with ``on_divergence="raise"`` when a run diverges."""


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
        Whether the run diverged (see :func:`sgd`'s Notes). Every number in a Trajectory is finite.
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


@validate(gradient_fn=Callable(example=mse_gradient), x=Data(ndim=(1, 2)), y=Data(same_length_as="x"),
          params0=Params(), learning_rate=Number(above=0, example=0.1) | Callable(), n_epochs=Integer(),
          batch_size=Integer(at_most=LengthOf("x")) | None, seed=_validate.SEED, loss_fn=Callable() | None,
          optimizer=UPDATE_RULE | None,
          max_updates=Integer() | None, record_batches=Flag(), on_divergence=OneOf("warn", "raise", "quiet"))
def sgd(gradient_fn, x, y, params0, *, learning_rate, n_epochs, batch_size=None, seed=None, loss_fn=None,
        optimizer=None, max_updates=None, record_batches=False, on_divergence="warn"):
    """Fit ``params`` by (stochastic, minibatch) gradient descent.

    Parameters
    ----------
    gradient_fn : callable
        ``gradient_fn(params, x_batch, y_batch) -> ndarray`` shaped like ``params``,
        for example :func:`mse_gradient` or :func:`log_loss_gradient`.
    x : array_like of shape (n_samples,) or (n_samples, n_features)
        The features; minibatches are drawn from its rows.
    y : array_like of shape (n_samples,)
    params0 : array_like of shape (n_params,)
        Where to start; it is never changed.
    learning_rate : float or callable, keyword-only
        A positive step size, or a schedule ``t -> rate`` over the update number
        ``t = 0, 1, 2 ...``, such as :class:`inverse_time_decay`.
    n_epochs : int, keyword-only
        Passes over the data, at least 1.
    batch_size : int or None, keyword-only, default None
        Samples per update, from 1 to ``n_samples``. ``None`` (or ``n_samples``) is the full batch: plain
        gradient descent, one update per epoch, no shuffling. Otherwise each epoch shuffles the data once
        (seeded) and cuts it into consecutive batches; the last, shorter batch is used, not dropped.
    seed : int or numpy.random.Generator, keyword-only, optional
        Seeds the shuffles; the same seed gives the same :class:`Trajectory`.
    loss_fn : callable, keyword-only, optional
        ``loss_fn(params, x, y) -> float``, recorded on the full data at the start and after every update.
    optimizer : keyword-only, default GradientStep()
        The update rule: :class:`GradientStep`, :class:`Momentum`, :func:`Nesterov` or :class:`Adam`.
    max_updates : int, keyword-only, optional
        Stop after this many updates, even mid-epoch.
    record_batches : bool, keyword-only, default False
        Keep each update's sample indices in ``Trajectory.batches``.
    on_divergence : {"warn", "raise", "quiet"}, keyword-only, default "warn"
        A diverged run always stops with ``diverged=True``; "warn" also issues a
        :class:`DivergenceWarning`, "raise" raises :class:`DivergenceError`.

    Returns
    -------
    Trajectory

    Notes
    -----
    One update with the plain rule: ``params <- params - learning_rate(t) * g``, where ``g`` is
    ``gradient_fn`` on the current minibatch; an epoch holds ``ceil(n_samples / batch_size)`` updates.
    A run diverges (lesson 2) when params or the loss stop being finite or grow past ``BLOW_UP = 1e8`` times
    their start (it stops there, keeping the last update if it is finite), or when its loss ends
    ``ENDS_ABOVE = 2`` times above its start (a log loss never blows up). Data whose gradient overflows
    is a ValueError.

    Examples
    --------
    >>> from sgd_lesson import make_linear_data, mse_gradient, least_squares
    >>> x, y = make_linear_data(200, seed=0)
    >>> run = sgd(mse_gradient, x, y, [0.0, 0.0], learning_rate=0.5, n_epochs=2000)
    >>> bool(np.allclose(run.final_params, least_squares(x, y), atol=1e-6))
    True
    """
    gradient = _checked_once("gradient_fn", gradient_fn, params0, x, y)
    loss = _checked_once("loss_fn", loss_fn, params0, x, y)
    optimizer = GradientStep() if optimizer is None else optimizer
    n = len(x)
    batch_size = batch_size or n
    n_updates = min(n_epochs * math.ceil(n / batch_size), max_updates or math.inf)
    rates = _learning_rates(learning_rate, n_updates)
    record = _Record(params0, n_updates, loss, x, y, record_batches)
    rng = np.random.default_rng(seed)
    params, state, t = params0.copy(), optimizer.init(params0), 0
    with np.errstate(all="ignore"):  # a run that blows up is reported once, below, not in numpy warnings
        while t < n_updates and not record.diverged:
            order = rng.permutation(n) if batch_size < n else None  # each epoch: one seeded shuffle
            for start in range(0, n, batch_size):
                batch = None if order is None else order[start : start + batch_size]
                x_batch, y_batch = (x, y) if batch is None else (x[batch], y[batch])
                # The rule asks for the minibatch gradient where it needs it (Nesterov looks ahead).
                gradient_at = functools.partial(_at, gradient, x_batch, y_batch)
                params, state = optimizer.step(params, gradient_at, rates[t], state)
                t += 1
                if record.add(t, params, batch) or t == n_updates:
                    break
    return record.trajectory(gradient, learning_rate, rates, batch_size, on_divergence)


def _at(gradient, x_batch, y_batch, point):
    return gradient(point, x_batch, y_batch)


def _checked_once(name, function, params0, x, y):
    """The body of ``gradient_fn`` or ``loss_fn``, checked once: its declaration on all the data, and
    what it returns on the first sample."""
    if function is None:
        return None
    try:
        if _validate.declaration(function) is not None:
            _validate.declaration(function).bind(params0, x, y)
        value = _validate.unchecked(function)(params0, x[:1], y[:1])  # an overflow here blames the data
    except (TypeError, ValueError) as error:
        message = f"{name}(params0, x, y) failed: {error}"
        raise (ValueError(message) if isinstance(error, ValueError) else TypeError(message)) from error
    returns = Params(length=params0.size) if name == "gradient_fn" else Number()
    returns.convert(f"{name}(params0, x, y) on the first sample", value, {})
    return _validate.unchecked(function)


def _learning_rates(learning_rate, n_updates):
    """Every update's rate; a schedule's values are checked once, here, as positive numbers."""
    if not callable(learning_rate):
        return np.full(n_updates, learning_rate)
    rates = [learning_rate(t) for t in range(n_updates)]
    checked = np.array(rates) if all(isinstance(rate, float) for rate in rates) else None
    if checked is None or not (np.isfinite(checked).all() and (checked > 0).all()):
        for t, rate in enumerate(rates):
            try:
                rates[t] = Number(above=0).convert("rate", rate, {})
            except (TypeError, ValueError):
                raise ValueError(f"learning_rate schedule returned {rate!r} at update {t}; "
                                 "it must be a positive number") from None
    return np.array(rates, dtype=np.float64)


class _Record:
    """What sgd keeps of a run as it goes, and whether it has blown up."""

    def __init__(self, params0, n_updates, loss, x, y, record_batches):
        self.params = np.empty((n_updates + 1, params0.size))
        self.params[0] = params0
        self.loss, self.x, self.y = loss, x, y
        self.diverged, self.t = False, 0
        self.losses = None if loss is None else np.empty(n_updates + 1)
        self.batches = [] if record_batches else None
        self.limit = (BLOW_UP * (1.0 + np.abs(params0).max())) ** 2
        if loss is not None:
            self.losses[0] = loss(params0, x, y)
            self.loss_limit = BLOW_UP * (1.0 + abs(self.losses[0]))

    def add(self, t, params, batch):
        """Keep update ``t``; True if the run has blown up: params or loss past their limits, or NaN or inf."""
        self.t, self.params[t] = t, params
        if self.batches is not None:
            self.batches.append(_frozen(np.arange(len(self.x)) if batch is None else batch.copy()))
        size = params @ params  # NaN or inf if a parameter is
        if self.losses is not None:
            self.losses[t] = self.loss(params, self.x, self.y) if math.isfinite(size) else np.nan
        # Not below the limit: blown up, or NaN/inf (which compare False).
        self.diverged = bool(not size < self.limit or (self.losses is not None and not self.losses[t] < self.loss_limit))
        return self.diverged

    def trajectory(self, gradient, learning_rate, rates, batch_size, on_divergence):
        """The :class:`Trajectory` of the run, once a divergence is reported."""
        t, losses, n = self.t, self.losses, len(self.x)
        if self.diverged and not (np.isfinite(self.params[t]).all() and (losses is None or np.isfinite(losses[t]))):
            t -= 1  # a Trajectory holds numbers only: the last update is dropped if it is NaN or inf
        ended_above = bool(losses is not None and losses[0] > 0 and losses[t] > ENDS_ABOVE * losses[0])
        if self.diverged or ended_above:
            _report_divergence(self, gradient, learning_rate, on_divergence, t)
        per_epoch, done = math.ceil(n / batch_size), np.arange(t)
        samples_seen = np.concatenate([[0], done // per_epoch * n + np.minimum((done % per_epoch + 1) * batch_size, n)])
        return Trajectory(params=_frozen(self.params[: t + 1]), losses=None if losses is None else _frozen(losses[: t + 1]),
                          samples_seen=_frozen(samples_seen), learning_rates=_frozen(rates[:t]),
                          batches=None if self.batches is None else tuple(self.batches[:t]),
                          diverged=self.diverged or ended_above)


def _report_divergence(record, gradient, learning_rate, on_divergence, t):
    """Warn or raise as ``on_divergence`` says; data too large for float64 is a ValueError whatever the rate."""
    # Outside the loop an overflow is an error again: a ValueError that blames the data.
    gradient(record.params[0], record.x, record.y)
    rate = f"{learning_rate:g}" if isinstance(learning_rate, float) else repr(learning_rate)
    if record.diverged:
        message = (f"sgd diverged at update {record.t} with learning_rate={rate}: the parameters (or the loss) blew "
                   "up, so the run stopped. Try a smaller learning rate (for the MSE, below 2 / the largest "
                   "eigenvalue of mse_hessian(x)).")
    else:
        message = (f"sgd diverged with learning_rate={rate}: the loss ended at {record.losses[t]:.4g}, up from "
                   f"{record.losses[0]:.4g} at the start. Try a smaller learning rate.")
    if on_divergence == "raise":
        raise DivergenceError(message)
    if on_divergence == "warn":
        warnings.warn(message, DivergenceWarning, stacklevel=5)  # the caller of sgd
