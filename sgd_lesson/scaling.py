"""Standardise the features, and map the params fitted on them back to the original units.

Lesson 4 (``04_go_faster``) shows why: when ``x`` sits far from zero the loss is
a long, narrow valley (a large condition number) and gradient descent crawls;
on the standardised feature ``z = (x - mean) / scale`` the valley is round.
Lesson 7 (``07_fit_many_features``) standardises every column of a matrix of
real measurements the same way.
"""

import numpy as np

from ._validate import Data, Params, validate
from .linear import _columns, _independent_columns, mse_hessian


@validate(_independent_columns, x=Data(ndim=(1, 2), varies=True))
def condition_number(x):
    """How elongated the MSE valley is: ``lambda_max / lambda_min`` of :func:`mse_hessian`.

    Parameters
    ----------
    x : array_like of shape (n_samples,) or (n_samples, n_features)
        Every column takes at least two distinct values, and no column is a
        combination of the others (otherwise ``lambda_min`` is 0).

    Returns
    -------
    float, at least 1

    Notes
    -----
    ``H`` (:func:`mse_hessian`) has eigenvalues ``lambda_min <= ... <= lambda_max``.
    Gradient descent needs a learning rate below ``2 / lambda_max``, and then
    shrinks the error along the flattest direction by at most
    ``1 - 2 * lambda_min / lambda_max`` per step: the number of steps grows in
    proportion to the condition number (lesson 4). ``lambda_min`` is taken as
    ``1 / lambda_max(H^-1)``, with the inverse written in terms of the centred
    data (mean ``m``, covariance ``C``):
    ``H^-1 = (1/2) * [[C^-1, -C^-1 m], [-m^T C^-1, 1 + m^T C^-1 m]]``, which
    keeps its digits however far ``x`` sits from 0.

    Examples
    --------
    >>> round(condition_number([-1.0, 1.0]), 6)
    1.0
    >>> round(condition_number([0.0, 1.0]), 3)
    6.854
    """
    largest = np.linalg.eigvalsh(mse_hessian(x))[-1]
    columns = _columns(x)
    mean = columns.mean(axis=0)
    centred = columns - mean
    inverse_covariance = np.linalg.inv(centred.T @ centred / len(x))
    shift = inverse_covariance @ mean
    inverse_hessian = 0.5 * np.block([[inverse_covariance, -shift[:, None]], [-shift[None, :], 1.0 + mean @ shift]])
    smallest = 1.0 / np.linalg.eigvalsh(inverse_hessian)[-1]
    return float(largest / smallest)


@validate(x=Data(ndim=(1, 2), varies=True))
def standardize(x):
    """Centre and scale every feature: ``z = (x - mean) / scale``, column by column.

    Parameters
    ----------
    x : array_like of shape (n_samples,) or (n_samples, n_features)
        Every column takes at least two distinct values.

    Returns
    -------
    z : ndarray shaped like ``x``
        Every column has mean 0 and standard deviation 1.
    mean : float, or ndarray of shape (n_features,) for a 2-D ``x``
        The mean of each column.
    scale : float, or ndarray of shape (n_features,) for a 2-D ``x``
        The standard deviation of each column (dividing by ``n``), positive.

    Notes
    -----
    For one feature, ``mse_hessian(z)`` is ``2 * identity``: its condition
    number is 1, so the contours of the loss over the new (slope, intercept)
    are circles (lesson 4). For several features it is ``2 * [[R, 0], [0, 1]]``
    with ``R`` the features' correlation matrix: standardising removes their
    scales and offsets, not their correlations (lesson 7). Keep ``mean`` and
    ``scale``: new points must be standardised with the same numbers, and
    :func:`to_original_units` needs them.

    Examples
    --------
    >>> z, mean, scale = standardize([1.0, 3.0])
    >>> z.tolist(), mean, scale
    ([-1.0, 1.0], 2.0, 1.0)
    >>> z, mean, scale = standardize([[1.0, 10.0], [3.0, 30.0]])
    >>> z.tolist(), mean.tolist(), scale.tolist()
    ([[-1.0, -1.0], [1.0, 1.0]], [2.0, 20.0], [1.0, 10.0])
    """
    mean, scale = x.mean(axis=0), x.std(axis=0)
    if x.ndim == 1:
        mean, scale = float(mean), float(scale)
    return (x - mean) / scale, mean, scale


def _units_match(args):
    """A rule: ``mean`` and ``scale`` come from the same :func:`standardize`, and ``params`` has a weight
    per feature and an intercept."""
    mean, scale, params = args["mean"], args["scale"], args["params"]
    if mean.shape != scale.shape:
        raise ValueError(f"mean and scale must have the same shape (one value per feature), got {mean.shape} "
                         f"and {scale.shape}")
    if not (scale > 0).all():
        raise ValueError(f"scale must be positive, got {scale.min():g}")
    if params.shape != (mean.size + 1,):
        raise ValueError(f"params must have {mean.size + 1} values (a weight for each of the {mean.size} "
                         f"feature(s) of mean, then the intercept), got shape {params.shape}")


@validate(_units_match, params=Params(), mean=Data(ndim=(0, 1), example=[3.0]),
          scale=Data(ndim=(0, 1), example=[0.5]))
def to_original_units(params, *, mean, scale):
    """Turn params fitted on ``z = (x - mean) / scale`` into the same model written in ``x``.

    Parameters
    ----------
    params : array_like of shape (n_features + 1,)
        The weights on ``z``, then the intercept: ``[slope_z, intercept_z]`` for
        one feature, the line ``y = slope_z * z + intercept_z``.
    mean : float or array_like of shape (n_features,), keyword-only
        The ``mean`` returned by :func:`standardize`.
    scale : float or array_like of shape (n_features,), keyword-only
        The ``scale`` returned by :func:`standardize`, positive.

    Returns
    -------
    ndarray of shape (n_features + 1,)
        The weights and the intercept of the same model written in ``x``.

    Notes
    -----
    ``sum_j w_z_j * (x_j - mean_j) / scale_j + intercept_z = sum_j (w_z_j / scale_j) * x_j
    + (intercept_z - sum_j w_z_j * mean_j / scale_j)``, so each weight is
    ``w_z_j / scale_j`` and the intercept is ``intercept_z - sum_j w_z_j * mean_j / scale_j``.
    One feature (lesson 4): ``slope = slope_z / scale`` and
    ``intercept = intercept_z - slope_z * mean / scale``.

    Examples
    --------
    >>> to_original_units([2.0, 5.0], mean=3.0, scale=0.5).tolist()
    [4.0, -7.0]
    >>> to_original_units([2.0, 1.0, 5.0], mean=[3.0, 0.0], scale=[0.5, 2.0]).tolist()
    [4.0, 0.5, -7.0]
    """
    weights_z, intercept_z = params[:-1], params[-1]
    return np.append(weights_z / scale, intercept_z - np.sum(weights_z * mean / scale))
