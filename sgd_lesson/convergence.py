"""Count how many updates a run needed to get close to the answer, and stay there.

Lesson 4 (``04_go_faster``) races plain gradient descent, SGD, momentum,
Nesterov and Adam and counts their updates with :func:`updates_to_reach`.
"""

from __future__ import annotations

import numpy as np

from ._validate import Number, Params, Run, validate


@validate(trajectory=Run(), target=Params(of="trajectory"))
def param_errors(trajectory, target):
    """Largest absolute difference from ``target`` after every update.

    Parameters
    ----------
    trajectory : Trajectory or array_like of shape (n_updates + 1, n_params)
        A run of :func:`sgd`, or its ``params`` array.
    target : array_like of shape (n_params,)
        The answer, for example :func:`least_squares` ``(x, y)``.

    Returns
    -------
    ndarray of shape (n_updates + 1,)
        ``max_j |params[t, j] - target[j]|`` for ``t = 0, 1, ...`` (``inf`` where
        the params are not finite).

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
    trajectory : Trajectory or array_like of shape (n_updates + 1, n_params)
    target : array_like of shape (n_params,)
    tolerance : float, keyword-only, default 1e-3
        Positive; compared with the largest absolute difference of any param.

    Returns
    -------
    int or None
        The smallest ``t`` with ``max_j |params[s, j] - target[j]| < tolerance``
        for every ``s >= t`` up to the end of the run (0 if the run started
        there), or None if the run ended outside the tolerance (or diverged):
        "not within budget".

    Notes
    -----
    "Stays" matters: a run that oscillates can pass through the tolerance and
    leave again, and counting its first visit would flatter it.

    Examples
    --------
    >>> updates_to_reach([[0.0], [0.5], [1.0005], [1.0]], [1.0])
    2
    >>> updates_to_reach([[0.0], [1.0], [1.5]], [1.0]) is None
    True
    """
    errors = param_errors(trajectory, target)
    if trajectory.diverged or not errors[-1] < tolerance:
        return None
    outside = np.flatnonzero(~(errors < tolerance))
    return 0 if len(outside) == 0 else int(outside[-1] + 1)
