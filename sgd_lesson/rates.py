"""How fast gradient descent and momentum converge on a quadratic loss, one eigen-direction at a time.

Lesson 4 (``04_go_faster``) derives it, as Gabriel Goh's "Why Momentum Really Works"
(Distill, 2017) does. Along an eigenvector of the Hessian with eigenvalue (curvature)
``lambda``, one update maps the error ``e`` and the velocity ``v`` linearly:
``(e, v) <- M (e, v)``, with ``h = learning_rate * lambda`` and

- heavy ball: ``M = [[1 - h, beta], [-h, beta]]``;
- Nesterov:   ``M = [[1 - h, beta (1 - h)], [-h, beta (1 - h)]]``;
- ``beta = 0`` in either: plain gradient descent, ``e <- (1 - h) e``.

In the long run the error shrinks like ``rate**t``, the rate being the largest ``|eigenvalue|``
of ``M`` over the Hessian's eigenvalues. Where ``M``'s two eigenvalues meet (critical damping)
the error goes like ``(a + b t) rate**t``: from ``v = 0``, ``|e_t| = |e_0| rate**t (1 + (1 + rate) t)``.
"""

from __future__ import annotations

import numpy as np

from ._figure_args import rule
from ._validate import Data, Flag, validate


def _broadcast(args):
    try:
        np.broadcast_shapes(np.shape(args["learning_rate"]), np.shape(args["beta"]))
    except ValueError:
        return False
    return True


@validate(rule(_broadcast, lambda args: f"learning_rate and beta must broadcast together (numpy's rules), got "
                                        f"shapes {np.shape(args['learning_rate'])} and {np.shape(args['beta'])}"),
          rule(lambda args: (args["learning_rate"] > 0).all(), "learning_rate must be positive"),
          rule(lambda args: (args["curvatures"] > 0).all(), "curvatures must be positive (a Hessian's eigenvalues)"),
          rule(lambda args: ((args["beta"] >= 0) & (args["beta"] < 1)).all(), "beta must be in [0, 1)"),
          learning_rate=Data(ndim=None, example=np.array([0.1, 0.5])), curvatures=Data(example=np.array([0.5, 2.0])),
          beta=Data(ndim=None, example=np.array([0.0, 0.9])), nesterov=Flag())
def momentum_rate(learning_rate, curvatures, *, beta=0.0, nesterov=False):
    """The factor by which momentum's error shrinks per update, in the long run, on a quadratic loss.

    Parameters
    ----------
    learning_rate : float or array_like
        Positive; broadcast against ``beta``.
    curvatures : array_like of shape (n,)
        The Hessian's eigenvalues, positive (``np.linalg.eigvalsh(mse_hessian(x))``).
    beta : float or array_like, keyword-only, default 0.0
        In [0, 1); 0 is plain gradient descent.
    nesterov : bool, keyword-only, default False
        Nesterov's look-ahead instead of heavy ball.

    Returns
    -------
    float or ndarray
        The rate for each (learning_rate, beta), of their broadcast shape (a float if both
        are numbers): below 1 the run converges, above 1 it blows up.

    Notes
    -----
    The eigenvalues of ``M`` (module docstring) are the roots of ``z**2 - T z + D = 0``, with
    ``T = 1 + beta - h``, ``D = beta`` for heavy ball and ``T = (1 - h)(1 + beta)``,
    ``D = beta (1 - h)`` for Nesterov; the rate is the largest ``|z|`` over both roots and
    every curvature. It is below 1 for ``0 < h < 2 (1 + beta)`` (heavy ball) and
    ``0 < h < 2 (1 + beta) / (1 + 2 beta)`` (Nesterov).

    Examples
    --------
    >>> round(momentum_rate(1.0, [1.0], beta=0.81), 6)  # heavy ball at h = 1: sqrt(beta)
    0.9
    """
    learning_rate, beta = np.broadcast_arrays(learning_rate, beta)
    h = learning_rate[..., None] * curvatures
    beta = beta[..., None]
    if nesterov:
        trace, det = (1.0 - h) * (1.0 + beta), beta * (1.0 - h)
    else:
        trace, det = 1.0 + beta - h, beta + 0.0 * h
    root = np.sqrt(trace * trace - 4.0 * det + 0j)
    rate = np.maximum(np.abs(trace + root), np.abs(trace - root)).max(axis=-1) / 2.0
    return float(rate) if rate.ndim == 0 else rate
