"""Logistic regression: the sigmoid, the log loss, its gradient and its Hessian.

Derived in lesson 5 (``05_classify_with_logistic_regression``). ``params`` is
``[slope, intercept]``, ``z = slope * x + intercept``, ``labels`` hold 0 and 1, and
``penalty`` (at least 0, keyword-only, default 0.0) is the strength ``lambda`` of an
L2 penalty ``(lambda / 2) slope**2`` (weight decay; the intercept is not penalised).
"""

from __future__ import annotations

import numpy as np

from ._validate import Data, Number, Params, validate


@validate(z=Data(ndim=None, min_length=0, allow_inf=True))
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
    Written as ``exp(-log(1 + exp(-z)))`` with ``numpy.logaddexp``, which never overflows.

    Examples
    --------
    >>> float(sigmoid(-1000.0)), float(sigmoid(0.0)), float(sigmoid(1000.0))
    (0.0, 0.5, 1.0)
    """
    with np.errstate(under="ignore"):  # exp(-700) rounds to 0: harmless
        return np.exp(-np.logaddexp(0.0, -z))


_sigmoid = sigmoid.__wrapped__  # the formula alone, for the gradient below (its arguments are checked)
_LABELS = Data(same_length_as="x", only=(0.0, 1.0))
_PENALTY = Number(at_least=0, example=0.001)


@validate(params=Params(of="x"), x=Data(), labels=_LABELS, penalty=_PENALTY)
def log_loss(params, x, labels, *, penalty=0.0):
    """Mean negative log-likelihood (binary cross-entropy) of 0/1 labels under the logistic model.

    Parameters
    ----------
    params : array_like of shape (2,)
    x, labels : array_like of shape (n_samples,)
    penalty : float, keyword-only, default 0.0

    Notes
    -----
    ``L = -(1/n) sum_i [t_i log sigmoid(z_i) + (1 - t_i) log(1 - sigmoid(z_i))]``
    ``= (1/n) sum_i [log(1 + exp(z_i)) - t_i z_i]``, computed term by term as
    ``log(1 + exp(-z_i))`` when ``t_i = 1`` and ``log(1 + exp(z_i))`` when ``t_i = 0``
    (so no huge ``z`` cancels against another); plus ``(penalty / 2) slope**2``.
    Without the penalty, separable labels have no minimum (lesson 5).

    Examples
    --------
    >>> round(log_loss([0.0, 0.0], [1.0, 2.0], [0, 1]), 6)  # log(2)
    0.693147
    """
    with np.errstate(over="ignore", under="ignore"):
        z = params[0] * x + params[1]
        terms = np.logaddexp(0.0, np.where(labels == 1.0, -z, z))
        loss = np.sum(terms / len(terms))  # a mean that cannot overflow in the sum
        if penalty:  # skipped at 0, where a huge slope would give 0 * inf = NaN
            loss += penalty / 2 * params[0] ** 2
    return float(loss)


@validate(params=Params(of="x"), x=Data(), labels=_LABELS, penalty=_PENALTY)
def log_loss_gradient(params, x, labels, *, penalty=0.0):
    """Gradient of :func:`log_loss` with respect to ``[slope, intercept]``.

    Parameters
    ----------
    params, x, labels, penalty
        As in :func:`log_loss`.

    Returns
    -------
    ndarray of shape (2,)

    Notes
    -----
    ``dL/dz_i = sigmoid(z_i) - t_i``, so ``dL/dslope = (1/n) sum_i (sigmoid(z_i) - t_i) x_i``
    and ``dL/dintercept = (1/n) sum_i (sigmoid(z_i) - t_i)``. The penalty
    ``(lambda / 2) slope**2`` adds ``lambda * slope`` to ``dL/dslope``.

    Examples
    --------
    >>> log_loss_gradient([2.0, -2.0], [1.0, 1.0], [0, 1], penalty=0.5).tolist()  # 0.5 * slope
    [1.0, 0.0]
    """
    with np.errstate(over="ignore"):  # z beyond float64 is harmless: sigmoid(z) is then 0 or 1
        error = _sigmoid(params[0] * x + params[1]) - labels
    gradient = np.array([error @ x, error.sum()]) / len(x)
    gradient[0] += penalty * params[0]  # d/dslope of (penalty / 2) slope**2
    return gradient


@validate(params=Params(of="x"), x=Data(), penalty=_PENALTY)
def log_loss_hessian(params, x, *, penalty=0.0):
    """Hessian of :func:`log_loss` with respect to ``[slope, intercept]``; it does not depend on the labels.

    Parameters
    ----------
    params, x, penalty
        As in :func:`log_loss`.

    Returns
    -------
    ndarray of shape (2, 2)

    Notes
    -----
    With the column ``u_i = [x_i, 1]``, ``H = (1/n) sum_i sigmoid(z_i) (1 - sigmoid(z_i)) u_i u_i^T``,
    plus ``lambda`` in the slope's corner. Since ``sigmoid (1 - sigmoid) <= 1/4``,
    ``H <= mse_hessian(x) / 8`` without the penalty (lesson 5).

    Examples
    --------
    >>> log_loss_hessian([0.0, 0.0], [-1.0, 1.0]).tolist()  # sigmoid(0) (1 - sigmoid(0)) = 1/4
    [[0.25, 0.0], [0.0, 0.25]]
    """
    with np.errstate(over="ignore"):  # z beyond float64: sigmoid is 0 or 1, its weight 0
        p = _sigmoid(params[0] * x + params[1])
    weight = p * (1.0 - p) / len(x)
    hessian = np.array([[weight @ x**2, weight @ x], [weight @ x, weight.sum()]])
    hessian[0, 0] += penalty  # d2/dslope2 of (penalty / 2) slope**2
    return hessian


@validate(params=Params(of="x"), x=Data())
def predict_proba(params, x):
    """Probability of label 1, ``sigmoid(slope * x + intercept)``.

    Examples
    --------
    >>> predict_proba([1.0, 0.0], [0.0]).tolist()
    [0.5]
    """
    slope, intercept = params
    return sigmoid(slope * x + intercept)


@validate(params=Params(of="x"), x=Data(), labels=_LABELS, threshold=Number(above=0, below=1))
def accuracy(params, x, labels, *, threshold=0.5):
    """Share of points whose label is predicted right at ``threshold``.

    Examples
    --------
    >>> accuracy([1.0, 0.0], [-1.0, 1.0, 2.0], [0, 1, 0])
    0.6666666666666666
    """
    predicted = predict_proba(params, x) >= threshold
    return float(np.mean(predicted == (labels == 1.0)))
