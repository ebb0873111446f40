"""The linear model ``y_pred = slope * x + intercept`` and its squared-error loss.

Derived in lesson 1 (``01_fit_a_line``: the model, MSE, the closed form) and
lesson 2 (``02_gradient_descent``: the gradient and the Hessian).
``params`` is always the 1-D array ``[slope, intercept]``.
"""

from __future__ import annotations

import numpy as np

from ._validate import Data, Params, validate


@validate(params=Params(of="x"), x=Data())
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
    slope, intercept = params
    return slope * x + intercept


@validate(y_pred=Data(), y=Data(same_length_as="y_pred"))
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
    return float(np.mean((y_pred - y) ** 2))


@validate(params=Params(of="x"), x=Data(), y=Data(same_length_as="x"))
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
    residual = params[0] * x + params[1] - y
    return float(residual @ residual) / len(x)


@validate(params=Params(of="x"), x=Data(), y=Data(same_length_as="x"))
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
    residual = params[0] * x + params[1] - y
    return 2.0 / len(x) * np.array([residual @ x, residual.sum()])


@validate(x=Data())
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
    mean_x = x.mean()
    return 2.0 * np.array([[np.mean(x * x), mean_x], [mean_x, 1.0]])


@validate(x=Data(varies=True), y=Data(same_length_as="x"))
def least_squares(x, y):
    """The closed-form least-squares line, the ground truth for every fit.

    Parameters
    ----------
    x, y : array_like of shape (n_samples,)
        ``x`` must take at least two distinct values (the slope is undetermined
        otherwise); their scale and offset do not matter.

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
    x_centred = x - x.mean()
    x_centred -= x_centred.mean()  # a second pass takes out the mean's rounding: any offset of x is harmless
    slope = (x_centred @ (y - y.mean())) / (x_centred @ x_centred)
    return np.array([slope, y.mean() - slope * x.mean()])
