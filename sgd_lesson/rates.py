"""How fast gradient descent and momentum converge on a quadratic loss, one eigen-direction at a time.

Lesson 4 (``04_go_faster``) derives it, as Gabriel Goh's "Why Momentum Really Works"
(Distill, 2017) does. Along an eigenvector of the Hessian with eigenvalue (curvature)
``lambda`` the loss is a 1-D parabola, and one update maps the error ``e`` (params minus
the minimum, measured along that eigenvector) and the velocity ``v`` linearly:
``(e, v) <- M (e, v)``, with ``h = learning_rate * lambda`` and

- heavy ball: ``M = [[1 - h, beta], [-h, beta]]``;
- Nesterov:   ``M = [[1 - h, beta (1 - h)], [-h, beta (1 - h)]]``;
- ``beta = 0`` in either: plain gradient descent, ``e <- (1 - h) e``.

After ``t`` updates the error is ``M**t`` times where it started, so in the long run it
shrinks like ``rate**t``, where the rate is the largest ``|eigenvalue|`` of ``M``; a run's
rate is the worst over the Hessian's eigenvalues.

Where ``M``'s two eigenvalues meet (heavy ball at ``h = (1 +- sqrt(beta))**2``: critical
damping, where Polyak's settings put both the flattest and the steepest direction) ``M``
cannot be diagonalised, and the error goes like ``(a + b t) rate**t``: along the steepest
direction, from ``v = 0``, ``|e_t| = |e_0| rate**t (1 + (1 + rate) t)``. It first grows, up
to ``t`` near ``1 / ln(1 / rate)``, then shrinks by ``rate`` per update, and the extra
factor ``t`` costs updates: on lesson 4's valley heavy ball with Polyak's settings needs
180 updates to get within 1e-3, where ``rate**t`` alone counts 86 per factor 1,000.
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
    For each curvature ``lambda`` and ``h = learning_rate * lambda`` (module docstring), the
    eigenvalues of ``M`` are the roots of ``z**2 - T z + D = 0``, with ``T = 1 + beta - h``,
    ``D = beta`` for heavy ball and ``T = (1 - h)(1 + beta)``, ``D = beta (1 - h)`` for Nesterov.
    The rate is the largest ``|z|`` over both roots and every curvature. Below 1 it is for
    ``0 < h < 2 (1 + beta)`` (heavy ball) and ``0 < h < 2 (1 + beta) / (1 + 2 beta)`` (Nesterov):
    3.8 and about 1.36 at ``beta = 0.9``.

    The rate is the long run's: where the two roots meet (``T**2 = 4 D``, critical damping) the
    error goes like ``t * rate**t``, and a run needs more updates than ``rate**t`` alone
    suggests (module docstring).

    Examples
    --------
    >>> momentum_rate(0.5, [1.0, 3.0])  # gradient descent: the worst of |1 - 0.5| and |1 - 1.5|
    0.5
    >>> round(momentum_rate(1.0, [1.0], beta=0.81), 6)  # heavy ball at h = 1: sqrt(beta)
    0.9
    >>> momentum_rate(1.0, [1.0], beta=0.9, nesterov=True)  # Nesterov at h = 1: done in one update
    0.0
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
