"""Exercise checks: say right or wrong, and why, without giving the answer away.

Each lesson has its own module (``sgd_lesson.checks.lesson1`` ...) of
``check_...`` functions built on :func:`verdict`. An exercise cell starts with
``answer = ...``; until the reader replaces the ``...`` the check says so.
"""

from __future__ import annotations

import numbers

import numpy as np


def unanswered(answer):
    """True while the reader has not replaced the ``...`` placeholder (or None)."""
    return answer is Ellipsis or answer is None


def as_number(answer):
    """The answer as a float, or None if it is not a single number."""
    if isinstance(answer, bool):
        return None
    if isinstance(answer, numbers.Real):
        return float(answer)
    if isinstance(answer, np.ndarray) and answer.size == 1 and np.issubdtype(answer.dtype, np.number):
        return float(answer.reshape(()))
    return None


def as_vector(answer, length):
    """The answer as a float array of ``length`` values, or None."""
    try:
        array = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return None
    return array if array.shape == (length,) and np.isfinite(array).all() else None


def close(answer, expected, *, rtol=1e-3, atol=1e-9):
    """Whether ``answer`` matches ``expected`` to a relative tolerance."""
    return bool(np.allclose(answer, expected, rtol=rtol, atol=atol))


def verdict(exercise, answer, *, correct, right, hint):
    """Print the outcome of one exercise: no answer yet, right, or not yet and a hint.

    Parameters
    ----------
    exercise : str
        Its label, for example ``"Exercise 1.2"``.
    answer : object
        What the reader gave (used only to spot the unanswered placeholder).
    correct : callable
        ``correct(answer) -> bool``; called only once the reader answered.
    right : str
        Printed when right: why it is right, a sentence that adds something.
    hint : callable or str
        When wrong: a hint, or ``hint(answer) -> str`` to diagnose the mistake.
        Never the answer itself.

    Returns
    -------
    None
        So that an exercise cell shows only the printed line (nbval ignores a
        trailing ``;``, so a returned value would show up as an output).

    Examples
    --------
    >>> verdict("Exercise 0", ..., correct=lambda a: a == 4, right="Yes.", hint="Add them.")
    Exercise 0: no answer yet. Replace the ... with your answer and run the cell again.
    >>> verdict("Exercise 0", 4, correct=lambda a: a == 4, right="Yes.", hint="Add them.")
    Exercise 0: right! Yes.
    """
    if unanswered(answer):
        print(f"{exercise}: no answer yet. Replace the ... with your answer and run the cell again.")
    elif correct(answer):
        print(f"{exercise}: right! {right}")
    else:
        message = hint(answer) if callable(hint) else hint
        print(f"{exercise}: not yet. {message}")
