"""Standardise a feature, and map the params fitted on it back to the original units.

Lesson 4 (``04_go_faster``) shows why: when ``x`` sits far from zero the loss is
a long, narrow valley (a large condition number) and gradient descent crawls;
on the standardised feature ``z = (x - mean) / scale`` the valley is round.
"""

import numpy as np

from ._validate import Data, Number, Params, validate
from .linear import mse_hessian


@validate(x=Data(varies=True))
def condition_number(x):
    """How elongated the MSE valley is: ``lambda_max / lambda_min`` of :func:`mse_hessian`.

    Parameters
    ----------
    x : array_like of shape (n_samples,)
        At least two distinct values (otherwise ``lambda_min`` is 0).

    Returns
    -------
    float, at least 1

    Notes
    -----
    ``H = 2 * [[mean(x**2), mean(x)], [mean(x), 1]]`` has eigenvalues ``lambda_min <= lambda_max``. Gradient
    descent needs a learning rate below ``2 / lambda_max``, and then shrinks the error along the flattest
    direction by at most ``1 - 2 * lambda_min / lambda_max`` per step: the number of steps grows in proportion
    to the condition number (lesson 4). ``lambda_min`` is taken as ``det(H) / lambda_max`` with
    ``det(H) = 4 var(x)``, which keeps its digits however far ``x`` sits from 0.

    Examples
    --------
    >>> round(condition_number([-1.0, 1.0]), 6)
    1.0
    >>> round(condition_number([0.0, 1.0]), 3)
    6.854
    """
    largest = np.linalg.eigvalsh(mse_hessian(x))[-1]
    smallest = 4.0 * x.var() / largest
    return float(largest / smallest)


@validate(x=Data(varies=True))
def standardize(x):
    """Centre and scale a feature: ``z = (x - mean) / scale``.

    Parameters
    ----------
    x : array_like of shape (n_samples,)
        At least two distinct values.

    Returns
    -------
    z : ndarray of shape (n_samples,)
        Mean 0 and standard deviation 1.
    mean : float
        ``mean(x)``.
    scale : float
        The standard deviation of ``x`` (dividing by ``n``), positive.

    Notes
    -----
    ``mse_hessian(z)`` is ``2 * identity``: its condition number is 1, so the contours of the loss over the
    new (slope, intercept) are circles (lesson 4). Keep ``mean`` and ``scale``: new points must be
    standardised with the same two numbers, and :func:`to_original_units` needs them.

    Examples
    --------
    >>> z, mean, scale = standardize([1.0, 3.0])
    >>> z.tolist(), mean, scale
    ([-1.0, 1.0], 2.0, 1.0)
    """
    mean = float(x.mean())
    scale = float(x.std())
    return (x - mean) / scale, mean, scale


@validate(params=Params(length=2), mean=Number(), scale=Number(above=0))
def to_original_units(params, *, mean, scale):
    """Turn ``[slope, intercept]`` fitted on ``z = (x - mean) / scale`` into the line in ``x``.

    Parameters
    ----------
    params : array_like of shape (2,)
        ``[slope_z, intercept_z]``, the line ``y = slope_z * z + intercept_z``.
    mean : float, keyword-only
        The ``mean`` returned by :func:`standardize`.
    scale : float, keyword-only
        The ``scale`` returned by :func:`standardize`, positive.

    Returns
    -------
    ndarray of shape (2,)
        ``[slope, intercept]`` of the same line written in ``x``.

    Notes
    -----
    ``slope_z * (x - mean) / scale + intercept_z = (slope_z / scale) * x
    + (intercept_z - slope_z * mean / scale)``, so ``slope = slope_z / scale`` and
    ``intercept = intercept_z - slope_z * mean / scale`` (lesson 4).

    Examples
    --------
    >>> to_original_units([2.0, 5.0], mean=3.0, scale=0.5).tolist()
    [4.0, -7.0]
    """
    slope_z, intercept_z = params
    return np.array([slope_z / scale, intercept_z - slope_z * mean / scale])
