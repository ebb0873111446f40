"""Fake data for the lessons: a noisy line, labels from a noisy threshold, and a noisy curve.

Lessons 1 (``01_fit_a_line``), 5 (``05_classify_with_logistic_regression``) and 8
(``08_train_a_small_neural_network``) introduce them.
"""

from __future__ import annotations

import numpy as np

from ._validate import SEED, Data, Integer, Interval, Number, validate
from .logistic import sigmoid


@validate(n_samples=Integer(), slope=Number(), intercept=Number(), noise_std=Number(at_least=0), x_range=Interval(),
          seed=SEED)
def make_linear_data(
    n_samples, *, slope=3.0, intercept=8.0, noise_std=0.3, x_range=(0.0, 1.0), seed=None
):
    """Draw points scattered around a line.

    Parameters
    ----------
    n_samples : int
        How many points, at least 1.
    slope, intercept : float, default 3.0 and 8.0
        The true line.
    noise_std : float, default 0.3
        Standard deviation of the Gaussian noise added to ``y``, at least 0.
    x_range : (float, float), default (0.0, 1.0)
        ``x`` is uniform on this interval.
    seed : int or numpy.random.Generator, optional
        The same integer gives the same arrays on every machine.

    Returns
    -------
    x, y : ndarray of shape (n_samples,)

    Notes
    -----
    ``y = slope * x + intercept + noise`` with ``noise ~ Normal(0, noise_std)``.

    Examples
    --------
    >>> x, y = make_linear_data(50, seed=0)
    >>> bool(abs(y.mean() - (3.0 * x.mean() + 8.0)) < 0.1)
    True
    """
    rng = np.random.default_rng(seed)
    x = rng.uniform(*x_range, size=n_samples)
    y = slope * x + intercept + rng.normal(0.0, noise_std, size=n_samples)
    return x, y


@validate(n_samples=Integer(), slope=Number(), intercept=Number(), x_range=Interval(), seed=SEED)
def make_logistic_data(n_samples, *, slope, intercept, x_range=(0.0, 1.0), seed=None):
    """Draw points with 0/1 labels from a noisy threshold.

    Parameters
    ----------
    n_samples : int
        How many points, at least 1.
    slope, intercept : float
        The true logistic model; the labels switch from mostly 0 to mostly 1
        around ``x = -intercept / slope``.
    x_range, seed
        As in :func:`make_linear_data`.

    Returns
    -------
    x : ndarray of shape (n_samples,), float64
    labels : ndarray of shape (n_samples,), float64 holding 0.0 and 1.0

    Notes
    -----
    ``labels ~ Bernoulli(sigmoid(slope * x + intercept))``.

    Examples
    --------
    >>> x, labels = make_logistic_data(200, slope=12.0, intercept=-6.0, seed=0)
    >>> sorted(set(labels.tolist()))
    [0.0, 1.0]
    """
    rng = np.random.default_rng(seed)
    x = rng.uniform(*x_range, size=n_samples)
    labels = (rng.uniform(size=n_samples) < sigmoid(slope * x + intercept)).astype(np.float64)
    return x, labels


@validate(n_samples=Integer(), frequency=Number(), slope=Number(), noise_std=Number(at_least=0),
          x_range=Interval(), seed=SEED)
def make_curve_data(
    n_samples, *, frequency=2.0, slope=0.5, noise_std=0.1, x_range=(-2.0, 2.0), seed=None
):
    """Draw points scattered around a wave on a slope: a curve that no line fits.

    Parameters
    ----------
    n_samples : int
        How many points, at least 1.
    frequency : float, default 2.0
        ``sin(frequency * x)`` repeats every ``2 * pi / frequency`` along ``x``.
    slope : float, default 0.5
        The slope of the line the wave rides on.
    noise_std : float, default 0.1
        Standard deviation of the Gaussian noise added to ``y``, at least 0.
    x_range : (float, float), default (-2.0, 2.0)
    seed : int or numpy.random.Generator, optional

    Returns
    -------
    x, y : ndarray of shape (n_samples,)

    Notes
    -----
    ``y = sin(frequency * x) + slope * x + noise`` with ``noise ~ Normal(0, noise_std)``
    and ``x ~ Uniform(x_range)``.

    Examples
    --------
    >>> x, y = make_curve_data(3, noise_std=0.0, seed=0)
    >>> bool(np.allclose(y, np.sin(2.0 * x) + 0.5 * x))
    True
    """
    rng = np.random.default_rng(seed)
    x = rng.uniform(*x_range, size=n_samples)
    y = np.sin(frequency * x) + slope * x + rng.normal(0.0, noise_std, size=n_samples)
    return x, y


@validate(x=Data(ndim=(1, 2), min_length=2), y=Data(same_length_as="x"), test_fraction=Number(above=0, below=1),
          seed=SEED)
def train_test_split(x, y, *, test_fraction=0.25, seed=None):
    """Split paired arrays into a shuffled training part and a held-out part.

    Parameters
    ----------
    x : array_like of shape (n_samples,) or (n_samples, n_features)
        At least 2 samples; the rows of a 2-D ``x`` are split.
    y : array_like of shape (n_samples,)
    test_fraction : float, keyword-only, default 0.25
        Share of the samples held out, strictly between 0 and 1; at least one
        sample lands on each side.
    seed : int or numpy.random.Generator, keyword-only, optional

    Returns
    -------
    x_train, x_test, y_train, y_test : ndarray

    Examples
    --------
    >>> x_train, x_test, y_train, y_test = train_test_split(range(8), range(8), seed=0)
    >>> len(x_train), len(x_test)
    (6, 2)
    """
    train, test = train_test_indices(len(x), test_fraction=test_fraction, seed=seed)
    return x[train], x[test], y[train], y[test]


@validate(n_samples=Integer(at_least=2), test_fraction=Number(above=0, below=1), seed=SEED)
def train_test_indices(n_samples, *, test_fraction=0.25, seed=None):
    """The row numbers of a shuffled split: the ones :func:`train_test_split` keeps and holds out.

    Index any array of the samples with them (lesson 7 splits the penguins' species too).

    Parameters
    ----------
    n_samples : int
        How many samples, at least 2.
    test_fraction, seed
        As in :func:`train_test_split`.

    Returns
    -------
    train, test : ndarray of int
        Together each of ``0 ... n_samples - 1`` once.

    Examples
    --------
    >>> train, test = train_test_indices(8, seed=0)
    >>> len(train), len(test), sorted(train.tolist() + test.tolist()) == list(range(8))
    (6, 2, True)
    """
    n_test = min(max(1, round(test_fraction * n_samples)), n_samples - 1)
    order = np.random.default_rng(seed).permutation(n_samples)
    return order[n_test:], order[:n_test]
