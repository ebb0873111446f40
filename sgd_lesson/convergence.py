"""How a run went: how far from the answer, how many updates to get close and stay, in a few words.

Lesson 2 (``02_gradient_descent``) uses :func:`describe_run`, lesson 4 (``04_go_faster``)
:func:`updates_to_reach`.
"""

import numpy as np

from ._validate import Is, Number, Params, Run, validate
from .training import Trajectory


@validate(trajectory=Run(), target=Params(of="trajectory"))
def param_errors(trajectory, target):
    """Largest absolute difference from ``target`` after every update.

    Parameters
    ----------
    trajectory : Trajectory or array_like of shape (n_updates + 1, n_params)
        A run of :func:`sgd`, or its ``params`` array.
    target : array_like of shape (n_params,)
        The answer, for example ``least_squares(x, y)``.

    Returns
    -------
    ndarray of shape (n_updates + 1,)
        ``max_j |params[t, j] - target[j]|`` (``inf`` where the params are not finite).

    Examples
    --------
    >>> param_errors([[0.0, 0.0], [0.9, 2.5], [1.0, 2.0]], [1.0, 2.0]).tolist()
    [2.0, 0.5, 0.0]
    """
    with np.errstate(invalid="ignore", over="ignore"):
        errors = np.abs(trajectory.params - target).max(axis=1)
    errors[~np.isfinite(errors)] = np.inf
    return errors


@validate(trajectory=Run(), target=Params(of="trajectory"), tolerance=Number(above=0))
def updates_to_reach(trajectory, target, *, tolerance=1e-3):
    """The first update after which every param stays within ``tolerance`` of ``target``.

    Parameters
    ----------
    trajectory, target
        As in :func:`param_errors`.
    tolerance : float, keyword-only, default 1e-3
        Positive; compared with :func:`param_errors`.

    Returns
    -------
    int or None
        The smallest ``t`` with ``param_errors < tolerance`` at every update from ``t`` to the end, or
        None if the run ended outside the tolerance or diverged. (A run that passes through and leaves
        has not reached it.)

    Examples
    --------
    >>> updates_to_reach([[0.0], [0.5], [1.0005], [1.0]], [1.0])
    2
    """
    errors = param_errors(trajectory, target)
    if trajectory.diverged or not errors[-1] < tolerance:
        return None
    outside = np.flatnonzero(~(errors < tolerance))
    return 0 if len(outside) == 0 else int(outside[-1] + 1)


@validate(run=Is(lambda run: isinstance(run, Trajectory), "a Trajectory (a run of sgd)", example=Trajectory(
    np.zeros((2, 2)), np.ones(2), np.arange(2), np.ones(1), None, False)), optimum_loss=Number() | None)
def describe_run(run, *, optimum_loss=None):
    """A few words on how a run went.

    Parameters
    ----------
    run : Trajectory
    optimum_loss : float, keyword-only, optional
        The lowest possible loss; with it, "too slow" means the run removed less than 99% of its starting
        excess loss, without it less than half its starting loss.

    Returns
    -------
    str
        "diverged" (stopped after blowing up), "diverging" (the loss grew), "oscillating" (most steps turn
        back on the previous one, yet the loss fell), "too slow" or "converging".
    """
    if run.diverged:
        return "diverged"
    losses = None if run.losses is None else np.asarray(run.losses, dtype=float)
    if losses is not None and len(losses) > 1 and not losses[-1] <= losses[0]:
        return "diverging"
    steps = np.diff(np.asarray(run.params, dtype=float), axis=0)
    if len(steps) >= 3 and np.mean(np.sum(steps[1:] * steps[:-1], axis=1) < 0) > 0.5:
        return "oscillating"
    if losses is not None and len(losses) > 1:
        floor, share = (0.0, 0.5) if optimum_loss is None else (optimum_loss, 1e-2)
        if losses[-1] - floor > share * (losses[0] - floor):
            return "too slow"
    return "converging"
