"""The linear model ``y_pred = X @ weights + intercept`` and its squared-error loss.

With one feature (a 1-D ``x``) it is the line ``y_pred = slope * x + intercept`` of lessons 1
(``01_fit_a_line``) and 2 (``02_gradient_descent``); lesson 7 (``07_fit_many_features``)
writes the same formulas with vectors and matrices.
"""

from __future__ import annotations

import numpy as np

from ._validate import Data, Params, validate

FEATURES = Data(ndim=(1, 2))  # a 1-D x is one feature


def _columns(x):
    """``x`` as a matrix with one column per feature: a 1-D ``x`` is one column, shape (n_samples, 1)."""
    return x.reshape(len(x), -1)


def _independent_columns(args):
    """A rule: no column of a 2-D ``x`` is (to float64 precision) a combination of the others."""
    x = args["x"]
    if x.ndim == 1:
        return  # one column that varies: Data(varies=True) checked it
    centred = x - x.mean(axis=0)
    # Each column scaled to length 1, so that features on different scales do not count as dependent.
    singular_values = np.linalg.svd(centred / np.linalg.norm(centred, axis=0), compute_uv=False)
    if len(x) <= x.shape[1] or singular_values[-1] <= singular_values[0] * np.sqrt(np.finfo(float).eps):
        raise ValueError(f"x's {x.shape[1]} columns are (nearly) linearly dependent"
                         + (f" (only {len(x)} samples)" if len(x) <= x.shape[1] else "")
                         + ": some combination of the features is (nearly) constant, so the data do not "
                           "determine the weights; drop a feature that the others predict")


@validate(params=Params(of="x"), x=FEATURES)
def predict(params, x):
    """Predict ``y_pred = X @ weights + intercept`` (one feature: ``slope * x + intercept``).

    Parameters
    ----------
    params : array_like of shape (n_features + 1,)
        The weights, then the intercept (``[slope, intercept]`` for a 1-D ``x``).
    x : array_like of shape (n_samples,) or (n_samples, n_features)

    Returns
    -------
    y_pred : ndarray of shape (n_samples,)

    Examples
    --------
    >>> predict([2.0, 1.0], [0.0, 1.0, 2.0]).tolist()
    [1.0, 3.0, 5.0]
    """
    weights, intercept = params[:-1], params[-1]
    return (x @ weights if x.ndim == 2 else x * weights) + intercept  # one feature: slope * x


@validate(y_pred=Data(), y=Data(same_length_as="y_pred"))
def mse(y_pred, y):
    """Mean squared error between predictions and targets.

    Parameters
    ----------
    y_pred, y : array_like of shape (n_samples,)

    Notes
    -----
    ``MSE = (1/n) * sum_i (y_pred_i - y_i)**2``.

    Examples
    --------
    >>> mse([1.0, 2.0], [1.0, 4.0])
    2.0
    """
    return float(np.mean((y_pred - y) ** 2))


@validate(params=Params(of="x"), x=FEATURES, y=Data(same_length_as="x"))
def mse_loss(params, x, y):
    """Mean squared error of the model ``params`` on the data ``(x, y)``.

    Parameters
    ----------
    params, x
        As in :func:`predict`.
    y : array_like of shape (n_samples,)

    Notes
    -----
    With the residuals ``r = X @ weights + intercept - y``:
    ``L = (1/n) * sum_i r_i**2 = (r @ r) / n``. One feature (lesson 1):
    ``L(slope, intercept) = (1/n) * sum_i (slope * x_i + intercept - y_i)**2``.

    Examples
    --------
    >>> mse_loss([1.0, 0.0], [1.0, 2.0], [1.0, 4.0])
    2.0
    """
    weights, intercept = params[:-1], params[-1]
    residual = (x @ weights if x.ndim == 2 else x * weights) + intercept - y  # one feature: slope * x
    return float(residual @ residual) / len(x)


@validate(params=Params(of="x"), x=FEATURES, y=Data(same_length_as="x"))
def mse_gradient(params, x, y):
    """Gradient of :func:`mse_loss` with respect to the weights and the intercept.

    Parameters
    ----------
    params, x, y
        As in :func:`mse_loss`.

    Returns
    -------
    ndarray of shape (n_features + 1,)

    Notes
    -----
    With the residuals ``r = X @ weights + intercept - y`` (chain rule):
    ``dL/dweights = (2/n) * X.T @ r`` and ``dL/dintercept = (2/n) * sum_i r_i``
    (lesson 7). One feature (lesson 2), written out as two sums, which are faster:
    ``dL/dslope = (2/n) * sum_i r_i * x_i`` and ``dL/dintercept = (2/n) * sum_i r_i``.

    Examples
    --------
    >>> mse_gradient([1.0, 0.0], [1.0, 2.0], [1.0, 4.0]).tolist()
    [-4.0, -2.0]
    """
    scale = 2.0 / len(x)
    if x.ndim == 1:  # one feature: the slope's and the intercept's sums (lesson 2)
        residual = params[0] * x + params[1] - y
        return np.array([scale * (residual @ x), scale * residual.sum()])
    residual = x @ params[:-1] + params[-1] - y  # many features: X @ weights + intercept - y (lesson 7)
    return scale * np.append(x.T @ residual, residual.sum())


@validate(x=FEATURES)
def mse_hessian(x):
    """Hessian of :func:`mse_loss`; it does not depend on ``y`` or ``params``.

    Parameters
    ----------
    x : array_like of shape (n_samples,) or (n_samples, n_features)

    Returns
    -------
    ndarray of shape (n_features + 1, n_features + 1)

    Notes
    -----
    With ``A = [X, 1]``, the features with a column of ones for the intercept,
    ``H = (2/n) * A.T @ A`` (lesson 7). One feature (lesson 2):
    ``H = 2 * [[mean(x**2), mean(x)], [mean(x), 1]]``; gradient descent converges
    for ``learning_rate < 2 / lambda_max(H)``.

    Examples
    --------
    >>> mse_hessian([0.0, 2.0]).tolist()
    [[4.0, 2.0], [2.0, 2.0]]
    """
    design = np.column_stack([_columns(x), np.ones(len(x))])  # [X, 1]: the intercept's feature is 1
    return (2.0 / len(x)) * (design.T @ design)


@validate(_independent_columns, x=Data(ndim=(1, 2), varies=True), y=Data(same_length_as="x"))
def least_squares(x, y):
    """The closed-form least-squares fit, the ground truth for every fit.

    Parameters
    ----------
    x : array_like of shape (n_samples,) or (n_samples, n_features)
        Every column takes at least two distinct values, and no column is a
        combination of the others (the weights are undetermined otherwise).
    y : array_like of shape (n_samples,)

    Returns
    -------
    params : ndarray of shape (n_features + 1,)
        The weights, then the intercept, minimising :func:`mse_loss`.

    Notes
    -----
    With the centred data ``Xc = X - mean(X)`` and ``yc = y - mean(y)``, the weights
    solve the normal equations ``(Xc.T @ Xc) @ weights = Xc.T @ yc`` (where the
    gradient is zero), and ``intercept = mean(y) - mean(X) @ weights``. One feature
    (lesson 1): ``slope = sum_i (x_i - mean(x)) * (y_i - mean(y)) / sum_i (x_i - mean(x))**2``.
    Several features (lesson 7): ``numpy.linalg.lstsq(Xc, yc)``, whose error grows with
    the condition number of ``Xc``, not with its square as forming ``Xc.T @ Xc`` would.

    Examples
    --------
    >>> least_squares([0.0, 1.0, 2.0], [1.0, 3.0, 5.0]).tolist()
    [2.0, 1.0]
    """
    columns = _columns(x)
    mean_x, mean_y = columns.mean(axis=0), y.mean()
    centred = columns - mean_x
    centred -= centred.mean(axis=0)  # a second pass takes out mean_x's rounding: any offset of x is harmless
    if centred.shape[1] == 1:  # lesson 1's formula
        weights = np.linalg.solve(centred.T @ centred, centred.T @ (y - mean_y))
    else:
        weights = np.linalg.lstsq(centred, y - mean_y, rcond=None)[0]
    return np.append(weights, mean_y - mean_x @ weights)
