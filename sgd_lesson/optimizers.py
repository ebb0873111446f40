"""Update rules for :func:`sgd`: plain steps, momentum (heavy ball and Nesterov), Adam.

Lesson 4 (``04_go_faster``) derives them. Each rule is an immutable object with two methods:
``init(params) -> state``, its memory at the start of a run (fresh every run), and
``step(params, gradient_fn, learning_rate, state) -> (params, state)``, one update, where
``gradient_fn(point)`` is the minibatch gradient at ``point`` (Nesterov's is ahead of ``params``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import Flag, Number, fields, validate

_FRACTION = Number(at_least=0, below=1)


@dataclass(frozen=True, kw_only=True)
class GradientStep:
    """Plain (stochastic) gradient descent: ``params <- params - learning_rate * g``.

    Examples
    --------
    >>> GradientStep().step(np.array([1.0]), lambda p: 2 * p, 0.25, None)[0].tolist()
    [0.5]
    """

    def init(self, params):
        return None

    def step(self, params, gradient_fn, learning_rate, state):
        return params - learning_rate * gradient_fn(params), state


@dataclass(frozen=True, kw_only=True)
class Momentum:
    """Heavy-ball momentum, or Nesterov's look-ahead variant.

    Parameters
    ----------
    beta : float, keyword-only, default 0.9
        How much of the last step carries over, in [0, 1); 0 is plain GD.
    nesterov : bool, keyword-only, default False
        Evaluate the gradient at the look-ahead point ``params + beta * velocity``.

    Notes
    -----
    Heavy ball: ``v <- beta * v - learning_rate * g(params)``, ``params <- params + v``.
    Nesterov:   ``v <- beta * v - learning_rate * g(params + beta * v)``, ``params <- params + v``.
    """

    beta: float = 0.9
    nesterov: bool = False
    __post_init__ = fields(beta=_FRACTION, nesterov=Flag())

    def init(self, params):
        return np.zeros_like(params)

    def step(self, params, gradient_fn, learning_rate, velocity):
        point = params + self.beta * velocity if self.nesterov else params
        velocity = self.beta * velocity - learning_rate * gradient_fn(point)
        return params + velocity, velocity


@validate(beta=_FRACTION)
def Nesterov(*, beta=0.9):  # noqa: N802 (a constructor, named like the class it returns)
    """Nesterov momentum: ``Momentum(beta=beta, nesterov=True)``."""
    return Momentum(beta=beta, nesterov=True)


@dataclass(frozen=True, kw_only=True)
class Adam:
    """Adam: momentum on the gradient, scaled per parameter by its recent size.

    Parameters
    ----------
    beta1, beta2 : float, keyword-only, default 0.9 and 0.999
        Decay of the running means of gradients and of squared gradients, in [0, 1).
    eps : float, keyword-only, default 1e-8
        Added to the denominator, positive.

    Notes
    -----
    With ``t`` counting updates from 1:
    ``m <- beta1 m + (1 - beta1) g``, ``s <- beta2 s + (1 - beta2) g**2``,
    ``params <- params - learning_rate * m_hat / (sqrt(s_hat) + eps)`` where
    ``m_hat = m / (1 - beta1**t)`` and ``s_hat = s / (1 - beta2**t)``.
    """

    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8
    __post_init__ = fields(beta1=_FRACTION, beta2=_FRACTION, eps=Number(above=0))

    def init(self, params):
        return (0, np.zeros_like(params), np.zeros_like(params))

    def step(self, params, gradient_fn, learning_rate, state):
        t, mean, mean_square = state
        g = gradient_fn(params)
        t += 1
        mean = self.beta1 * mean + (1.0 - self.beta1) * g
        mean_square = self.beta2 * mean_square + (1.0 - self.beta2) * g * g
        mean_hat = mean / (1.0 - self.beta1**t)
        mean_square_hat = mean_square / (1.0 - self.beta2**t)
        params = params - learning_rate * mean_hat / (np.sqrt(mean_square_hat) + self.eps)
        return params, (t, mean, mean_square)
