"""Logistic regression: the sigmoid, the log loss and its gradient.

Derived in lesson 5 (``05_classify_with_logistic_regression``). ``params`` is
``[slope, intercept]`` and ``z = slope * x + intercept``.
"""

from __future__ import annotations

import numpy as np

from . import _validate


def sigmoid(z):
    """The logistic function ``1 / (1 + exp(-z))``, without overflow.

    Parameters
    ----------
    z : float or array_like

    Returns
    -------
    float or ndarray, the same shape as ``z``

    Notes
    -----
    Written as ``exp(-log(1 + exp(-z)))`` with ``numpy.logaddexp``, which never
    overflows, so no warning appears for any finite ``z``.

    Examples
    --------
    >>> float(sigmoid(0.0))
    0.5
    >>> float(sigmoid(-1000.0)), float(sigmoid(1000.0))
    (0.0, 1.0)
    """
    if z is None or isinstance(z, (str, bytes)):
        raise TypeError(f"z must be a number or an array of numbers, got {type(z).__name__}")
    try:
        z = np.asarray(z, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"z must be a number or an array of numbers, got {type(z).__name__}") from None
    if np.isnan(z).any():
        raise ValueError("z contains NaN")
    return _sigmoid(z)


def _sigmoid(z):
    # exp(-700) and smaller round towards 0: harmless, so no underflow warning
    # even under np.errstate(all="raise").
    with np.errstate(under="ignore"):
        return np.exp(-np.logaddexp(0.0, -z))


def _data(params, x, labels):
    params = _validate.as_params("params", params)
    x = _validate.as_data("x", x)
    labels = _validate.as_labels("labels", labels)
    _validate.same_length(x=x, labels=labels)
    return params, x, labels


def _log_loss(params, x, labels):
    # -[t log s(z) + (1 - t) log(1 - s(z))] = log(1 + exp(z)) - t * z, which is
    # log(1 + exp(-z)) for t = 1 and log(1 + exp(z)) for t = 0: written that way
    # no huge z cancels against another (inf - inf), and tiny terms keep their digits.
    with np.errstate(over="ignore", under="ignore"):
        z = params[0] * x + params[1]
        terms = np.logaddexp(0.0, np.where(labels == 1.0, -z, z))
        return float(np.sum(terms / len(terms)))  # a mean that cannot overflow in the sum


def log_loss(params, x, labels):
    """Mean negative log-likelihood of 0/1 labels under the logistic model.

    Parameters
    ----------
    params : array_like of shape (2,)
    x : array_like of shape (n_samples,)
    labels : array_like of shape (n_samples,), values 0 or 1

    Returns
    -------
    float, at least 0; finite for every finite input whose loss a float can hold
    (``inf`` only when ``z`` itself is beyond about ``1e308``)

    Notes
    -----
    ``L = -(1/n) sum_i [t_i log sigmoid(z_i) + (1 - t_i) log(1 - sigmoid(z_i))]``
    ``= (1/n) sum_i [log(1 + exp(z_i)) - t_i z_i]``, computed term by term as
    ``log(1 + exp(-z_i))`` when ``t_i = 1`` and ``log(1 + exp(z_i))`` when ``t_i = 0``.

    Examples
    --------
    >>> round(log_loss([0.0, 0.0], [1.0, 2.0], [0, 1]), 6)  # log(2)
    0.693147
    >>> log_loss([1000.0, 0.0], [1.0], [0])
    1000.0
    """
    return _log_loss(*_data(params, x, labels))


def _log_loss_gradient(params, x, labels):
    with np.errstate(over="ignore"):
        error = _sigmoid(params[0] * x + params[1]) - labels
    return np.array([error @ x, error.sum()]) / len(x)


def log_loss_gradient(params, x, labels):
    """Gradient of :func:`log_loss` with respect to ``[slope, intercept]``.

    Parameters
    ----------
    params : array_like of shape (2,)
    x : array_like of shape (n_samples,)
    labels : array_like of shape (n_samples,), values 0 or 1

    Returns
    -------
    ndarray of shape (2,)

    Notes
    -----
    ``dL/dz_i = sigmoid(z_i) - t_i``, so ``dL/dslope = (1/n) sum_i (sigmoid(z_i) - t_i) x_i``
    and ``dL/dintercept = (1/n) sum_i (sigmoid(z_i) - t_i)``.

    Examples
    --------
    >>> log_loss_gradient([0.0, 0.0], [1.0, 1.0], [0, 1]).tolist()
    [0.0, 0.0]
    """
    return _log_loss_gradient(*_data(params, x, labels))


log_loss.unchecked = _log_loss
log_loss_gradient.unchecked = _log_loss_gradient


def predict_proba(params, x):
    """Probability of label 1, ``sigmoid(slope * x + intercept)``.

    Examples
    --------
    >>> predict_proba([1.0, 0.0], [0.0]).tolist()
    [0.5]
    """
    slope, intercept = _validate.as_params("params", params)
    return sigmoid(slope * _validate.as_data("x", x) + intercept)


def accuracy(params, x, labels, *, threshold=0.5):
    """Share of points whose label is predicted right at ``threshold``.

    Examples
    --------
    >>> accuracy([1.0, 0.0], [-1.0, 1.0, 2.0], [0, 1, 0])
    0.6666666666666666
    """
    params, x, labels = _data(params, x, labels)
    threshold = _validate.number("threshold", threshold)
    if not 0.0 < threshold < 1.0:
        raise ValueError(f"threshold must be between 0 and 1, got {threshold}")
    predicted = predict_proba(params, x) >= threshold
    return float(np.mean(predicted == (labels == 1.0)))
