"""Check a hand-derived gradient against finite differences (lesson 2)."""

import numpy as np

from ._validate import Callable, Data, Number, validate


@validate(loss_fn=Callable(example=np.sum), params=Data(), eps=Number(above=0))
def numerical_gradient(loss_fn, params, *, eps=1e-6):
    """Approximate the gradient of ``loss_fn`` at ``params`` by central differences.

    Parameters
    ----------
    loss_fn : callable
        ``loss_fn(params) -> float``.
    params : array_like of shape (n_params,)
    eps : float, keyword-only, default 1e-6
        Step size, positive.

    Returns
    -------
    ndarray of shape (n_params,)

    Notes
    -----
    ``g_j = (L(params + eps e_j) - L(params - eps e_j)) / (2 eps)``, with an
    error of order ``eps**2`` (plus rounding of order ``1e-16 / eps``).

    Examples
    --------
    >>> numerical_gradient(lambda p: p[0] ** 2 + 3 * p[1], [1.0, 0.0]).round(6).tolist()
    [2.0, 3.0]
    """
    gradient = np.empty_like(params)
    for j in range(params.size):
        step = np.zeros_like(params)
        step[j] = eps
        upper, lower = (Number().convert("loss_fn's value near params", loss_fn(point), {})
                        for point in (params + step, params - step))
        gradient[j] = (upper - lower) / (2.0 * eps)
    return gradient


@validate(a=Data(), b=Data(same_length_as="a"))
def relative_error(a, b):
    """Largest relative difference between two gradients, ``|a - b| / max(|a|, |b|, 1e-12)``.

    Examples
    --------
    >>> relative_error([1.0, 2.0], [1.0, 2.0])
    0.0
    """
    scale = np.maximum(np.maximum(np.abs(a), np.abs(b)), 1e-12)
    return float(np.max(np.abs(a - b) / scale))
