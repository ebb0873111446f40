"""The linear model ``y_pred = slope * x + intercept`` and its squared-error loss.

Derived in lesson 1 (``01_fit_a_line``: the model, MSE, the closed form) and
lesson 2 (``02_gradient_descent``: the gradient and the Hessian).
``params`` is always the 1-D array ``[slope, intercept]``.
"""

from __future__ import annotations

import numpy as np

from . import _validate


def _xy(x, y):
    x = _validate.as_data("x", x)
    y = _validate.as_data("y", y)
    _validate.same_length(x=x, y=y)
    return x, y


def predict(params, x):
    """Predict ``y_pred = slope * x + intercept``.

    Parameters
    ----------
    params : array_like of shape (2,)
        ``[slope, intercept]``.
    x : array_like of shape (n_samples,)

    Returns
    -------
    y_pred : ndarray of shape (n_samples,)

    Examples
    --------
    >>> predict([2.0, 1.0], [0.0, 1.0, 2.0]).tolist()
    [1.0, 3.0, 5.0]
    """
    slope, intercept = _validate.as_params("params", params)
    return slope * _validate.as_data("x", x) + intercept


def mse(y_pred, y):
    """Mean squared error between predictions and targets.

    Parameters
    ----------
    y_pred, y : array_like of shape (n_samples,)

    Returns
    -------
    float

    Notes
    -----
    ``MSE = (1/n) * sum_i (y_pred_i - y_i)**2``.

    Examples
    --------
    >>> mse([1.0, 2.0], [1.0, 4.0])
    2.0
    """
    y_pred = _validate.as_data("y_pred", y_pred)
    y = _validate.as_data("y", y)
    _validate.same_length(y_pred=y_pred, y=y)
    return float(np.mean((y_pred - y) ** 2))


def _mse_loss(params, x, y):
    residual = params[0] * x + params[1] - y
    return float(residual @ residual) / len(x)


def mse_loss(params, x, y):
    """Mean squared error of the line ``params`` on the data ``(x, y)``.

    Parameters
    ----------
    params : array_like of shape (2,)
        ``[slope, intercept]``.
    x, y : array_like of shape (n_samples,)

    Returns
    -------
    float

    Notes
    -----
    ``L(slope, intercept) = (1/n) * sum_i (slope * x_i + intercept - y_i)**2``.

    Examples
    --------
    >>> mse_loss([1.0, 0.0], [1.0, 2.0], [1.0, 4.0])
    2.0
    """
    params = _validate.as_params("params", params)
    x, y = _xy(x, y)
    return _mse_loss(params, x, y)


def _mse_gradient(params, x, y):
    residual = params[0] * x + params[1] - y
    scale = 2.0 / len(x)
    return np.array([scale * (residual @ x), scale * residual.sum()])


def mse_gradient(params, x, y):
    """Gradient of :func:`mse_loss` with respect to ``[slope, intercept]``.

    Parameters
    ----------
    params : array_like of shape (2,)
    x, y : array_like of shape (n_samples,)

    Returns
    -------
    ndarray of shape (2,)

    Notes
    -----
    With the residual ``r_i = slope * x_i + intercept - y_i`` (chain rule):
    ``dL/dslope = (2/n) * sum_i r_i * x_i`` and
    ``dL/dintercept = (2/n) * sum_i r_i``.

    Examples
    --------
    >>> mse_gradient([1.0, 0.0], [1.0, 2.0], [1.0, 4.0]).tolist()
    [-4.0, -2.0]
    """
    params = _validate.as_params("params", params)
    x, y = _xy(x, y)
    return _mse_gradient(params, x, y)


# sgd() has already checked the data once, so its inner loop may skip the checks.
mse_gradient.unchecked = _mse_gradient
mse_loss.unchecked = _mse_loss


def mse_hessian(x):
    """Hessian of :func:`mse_loss`; it does not depend on ``y`` or ``params``.

    Parameters
    ----------
    x : array_like of shape (n_samples,)

    Returns
    -------
    ndarray of shape (2, 2)

    Notes
    -----
    ``H = 2 * [[mean(x**2), mean(x)], [mean(x), 1]]``. Gradient descent with a
    constant learning rate converges when ``learning_rate < 2 / lambda_max(H)``;
    ``lambda_max / lambda_min`` is the condition number (lessons 2 and 4).

    Examples
    --------
    >>> mse_hessian([0.0, 2.0]).tolist()
    [[4.0, 2.0], [2.0, 2.0]]
    """
    x = _validate.as_data("x", x)
    mean_x = x.mean()
    return 2.0 * np.array([[np.mean(x * x), mean_x], [mean_x, 1.0]])


def least_squares(x, y):
    """The closed-form least-squares line, the ground truth for every fit.

    Parameters
    ----------
    x, y : array_like of shape (n_samples,)
        ``x`` must take at least two distinct values.

    Returns
    -------
    params : ndarray of shape (2,)
        ``[slope, intercept]`` minimising :func:`mse_loss`.

    Notes
    -----
    ``slope = sum_i (x_i - mean(x)) * (y_i - mean(y)) / sum_i (x_i - mean(x))**2``
    and ``intercept = mean(y) - slope * mean(x)`` (lesson 1).

    Examples
    --------
    >>> least_squares([0.0, 1.0, 2.0], [1.0, 3.0, 5.0]).tolist()
    [2.0, 1.0]
    """
    x, y = _xy(x, y)
    x_centred = x - x.mean()
    spread = x_centred @ x_centred
    if spread <= 1e-12 * max(1.0, float(np.mean(x * x))) * len(x):
        raise ValueError("x has (almost) no spread: every x is the same, so the slope is undetermined")
    slope = (x_centred @ (y - y.mean())) / spread
    return np.array([slope, y.mean() - slope * x.mean()])
