"""Standardise the features, and map the params fitted on them back to the original units.

Lesson 4 (``04_go_faster``) shows why: when ``x`` sits far from zero the loss is a long,
narrow valley (a large condition number); on ``z = (x - mean) / scale`` it is round.
Lesson 7 (``07_fit_many_features``) standardises every column of a matrix.
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
        As in :func:`least_squares` (otherwise ``lambda_min`` is 0).

    Returns
    -------
    float, at least 1

    Notes
    -----
    Gradient descent shrinks the error along the flattest direction by at most
    ``1 - 2 * lambda_min / lambda_max`` per step (lesson 4). ``lambda_min`` is
    ``1 / lambda_max(H^-1)``, with ``H^-1`` written in the data's mean ``m`` and covariance
    ``C`` (so that it keeps its digits however far ``x`` sits from 0):
    ``H^-1 = (1/2) * [[C^-1, -C^-1 m], [-m^T C^-1, 1 + m^T C^-1 m]]``.

    Examples
    --------
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
    mean, scale : float, or ndarray of shape (n_features,) for a 2-D ``x``
        Each column's mean and standard deviation (dividing by ``n``).

    Notes
    -----
    ``mse_hessian(z)`` is ``2 * [[R, 0], [0, 1]]`` with ``R`` the features' correlation
    matrix: ``2 * identity`` for one feature (lesson 4), a round valley.

    Examples
    --------
    >>> z, mean, scale = standardize([1.0, 3.0])
    >>> z.tolist(), mean, scale
    ([-1.0, 1.0], 2.0, 1.0)
    """
    mean, scale = x.mean(axis=0), x.std(axis=0)
    if x.ndim == 1:
        mean, scale = float(mean), float(scale)
    return (x - mean) / scale, mean, scale


def _units_match(args):
    """A rule: ``mean``, ``scale`` and ``params`` go with the same features."""
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
        The weights on ``z``, then the intercept (``[slope_z, intercept_z]`` for one feature).
    mean, scale : float or array_like of shape (n_features,), keyword-only
        As returned by :func:`standardize`; ``scale`` positive.

    Returns
    -------
    ndarray of shape (n_features + 1,)
        The weights and the intercept of the same model written in ``x``.

    Notes
    -----
    Each weight is ``w_z_j / scale_j`` and the intercept ``intercept_z - sum_j w_z_j * mean_j / scale_j``.
    One feature (lesson 4): ``slope = slope_z / scale``, ``intercept = intercept_z - slope_z * mean / scale``.

    Examples
    --------
    >>> to_original_units([2.0, 5.0], mean=3.0, scale=0.5).tolist()
    [4.0, -7.0]
    """
    weights_z, intercept_z = params[:-1], params[-1]
    return np.append(weights_z / scale, intercept_z - np.sum(weights_z * mean / scale))
