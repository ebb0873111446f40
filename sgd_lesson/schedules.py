"""Learning-rate schedules: functions from the update number ``t`` (0, 1, 2 ...) to a rate.

Lesson 3 (``03_stochastic_gradient_descent``) shows why: a decaying rate settles SGD's bouncing.
Pass any of these (or any callable ``t -> rate``) as ``learning_rate`` to :func:`sgd`.
"""

from __future__ import annotations

import sys
from dataclasses import KW_ONLY, dataclass

from ._validate import Integer, Number, fields

_RATE = Number(above=0)


@dataclass(frozen=True)
class constant:  # noqa: N801 (reads like a function: constant(0.1))
    """The same rate at every update: ``learning_rate(t) = rate``.

    Examples
    --------
    >>> constant(0.1)(50)
    0.1
    """

    rate: float
    __post_init__ = fields(rate=_RATE)

    def __call__(self, t):
        return self.rate


@dataclass(frozen=True)
class inverse_time_decay:  # noqa: N801
    """The 1/t schedule: ``learning_rate(t) = initial_rate / (1 + decay * t)``.

    Parameters
    ----------
    initial_rate : float
        Rate of the first update, positive.
    decay : float, keyword-only
        How fast the rate falls, positive; the rate halves at ``t = 1 / decay``.

    Examples
    --------
    >>> inverse_time_decay(0.1, decay=0.01)(100)
    0.05
    """

    initial_rate: float
    _: KW_ONLY
    decay: float
    __post_init__ = fields(initial_rate=_RATE, decay=Number(above=0))

    def __call__(self, t):
        return self.initial_rate / (1.0 + self.decay * t)


@dataclass(frozen=True)
class step_decay:  # noqa: N801
    """Drop the rate by a factor every few updates: ``learning_rate(t) = initial_rate * factor ** (t // step_size)``
    (never below the smallest positive float).

    Parameters
    ----------
    initial_rate : float
        Rate of the first update, positive.
    factor : float, keyword-only, default 0.5
        Multiplier at each drop, strictly between 0 and 1.
    step_size : int, keyword-only
        Updates between drops, at least 1.

    Examples
    --------
    >>> step_decay(0.1, factor=0.5, step_size=10)(25)
    0.025
    """

    initial_rate: float
    _: KW_ONLY
    factor: float = 0.5
    step_size: int
    __post_init__ = fields(initial_rate=_RATE, factor=Number(above=0, below=1), step_size=Integer())

    def __call__(self, t):
        # After about a thousand drops the product would round to 0.0, not a learning rate.
        return max(self.initial_rate * self.factor ** (t // self.step_size), sys.float_info.min)
