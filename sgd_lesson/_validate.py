"""Input checks shared by the public functions.

Every public function checks its arguments here, at its own boundary, so a
student who passes the wrong thing reads a message that names the argument and
what was expected, instead of a numpy broadcasting error three calls deep.
"""

from __future__ import annotations

import numbers

import numpy as np


def _type_name(value):
    return type(value).__name__


def as_data(name, value, *, ndim=1, allow_empty=False):
    """Return ``value`` as a finite float64 array with ``ndim`` dimensions."""
    if value is None or isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be an array of numbers, got {_type_name(value)}")
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be an array of numbers, got {_type_name(value)}") from None
    if array.ndim != ndim:
        raise ValueError(
            f"{name} must be a {ndim}-D array, got {array.ndim}-D with shape {array.shape}"
        )
    if array.size == 0 and not allow_empty:
        raise ValueError(f"{name} is empty; it needs at least one value")
    if not np.isfinite(array).all():
        raise ValueError(f"{name} contains NaN or infinite values")
    return array


def same_length(**arrays):
    """Check that every keyword array has the same first dimension."""
    lengths = {name: len(array) for name, array in arrays.items()}
    if len(set(lengths.values())) > 1:
        described = ", ".join(f"{name} has {n}" for name, n in lengths.items())
        raise ValueError(f"lengths do not match: {described}")


def as_params(name, value, n_params=2):
    """Return ``value`` as a finite 1-D float64 array of length ``n_params``."""
    params = as_data(name, value)
    if params.shape != (n_params,):
        raise ValueError(
            f"{name} must have {n_params} values, got shape {params.shape}"
        )
    return params


def as_labels(name, value):
    """Return ``value`` as a float64 array of 0s and 1s."""
    labels = as_data(name, value)
    if not np.isin(labels, (0.0, 1.0)).all():
        raise ValueError(f"{name} must contain only 0 and 1")
    return labels


def number(name, value, *, positive=False, finite=True):
    """Return ``value`` as a float; reject strings, None, bools and NaN."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {_type_name(value)}")
    value = float(value)
    if np.isnan(value) or (finite and not np.isfinite(value)):
        raise ValueError(f"{name} must be a finite number, got {value}")
    if positive and not value > 0:
        raise ValueError(f"{name} must be positive, got {value}")
    return value


def integer(name, value, *, minimum=1):
    """Return ``value`` as an int at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number, got {_type_name(value)}")
    value = int(value)
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return value


def seed_or_none(value):
    """Accept None, a non-negative int or a numpy Generator as a seed."""
    if value is None or isinstance(value, np.random.Generator):
        return value
    return integer("seed", value, minimum=0)


def interval(name, value):
    """Return ``value`` as a finite ``(low, high)`` pair with low < high."""
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be a pair (low, high), got {_type_name(value)}")
    try:
        low, high = value
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a pair (low, high), got {value!r}") from None
    low, high = number(f"{name}[0]", low), number(f"{name}[1]", high)
    if not low < high:
        raise ValueError(f"{name} must have low < high, got ({low}, {high})")
    return low, high
