"""Exercise checks: say right or wrong, and why, without giving the answer away.

Each lesson has its own module (``sgd_lesson.checks.lesson1`` ...). Each of its
``check_...`` functions builds an :class:`Exercise`: the right answer, the
precision its prompt asks for, and its catalogue of known mistakes, each with
a hint of its own; the module's ``EXERCISES`` lists them. Every check follows
one rule:

- ``...`` or None, or for an exercise that asks for a function, a function
  whose body is still ``...``: no answer yet. A function with a body that
  returns None is asked whether it forgot ``return``.
- Numbers, numpy scalars, 0-d or 1-element arrays and lists of numbers count
  alike; text (``"0.5"``) and True/False do not.
- An answer that agrees with the right one to the stated significant figures
  is right: the right answer rounded to them is.
- A known mistake gets its own hint, an impossible value (NaN, inf, a negative
  MSE) is named as impossible, and the right answer rounded to one figure
  fewer than asked gets "close: give at least N significant figures". An
  answer with fewer figures still gets no "close", whatever its digits (else
  a student could find the answer one digit at a time), only a note that
  answers are compared to N figures.
- Anything else gets the exercise's general hint, which never holds the
  answer nor says "too big" or "too small" (a student could bisect to it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

NO_ANSWER = "no answer yet. Replace the ... with your answer and run the cell again."
TEXT = 'Give a number, not text: write 0.5, not "0.5".'


def unanswered(answer):
    """True while the reader has not replaced the ``...`` placeholder (or None)."""
    return answer is Ellipsis or answer is None


def _stub():
    ...


def _stub_with_docstring():
    """A docstring."""


# The bytecode of a function whose body is still the stub (``...``, ``pass``, only a docstring).
_STUB_CODES = {_stub.__code__.co_code, _stub_with_docstring.__code__.co_code}


def is_stub(function):
    """Whether ``function``'s body is still the student edition's stub (or only a docstring).

    A check that wraps the reader's function (``lambda: run(step)``) passes the
    wrapper: it counts as a stub when a function it closes over is one.
    """
    code = getattr(function, "__code__", None)
    if code is None:
        return False
    if code.co_code in _STUB_CODES and code.co_consts[-1] is None:
        return True
    cells = getattr(function, "__closure__", None) or ()
    return any(callable(cell.cell_contents) and is_stub(cell.cell_contents) for cell in cells)


def _items(answer):
    """Every element of an answer given as a (nested) list, tuple or array."""
    if isinstance(answer, (list, tuple)):
        for item in answer:
            yield from _items(item)
    elif isinstance(answer, np.ndarray) and answer.dtype.kind in "bOSU":
        yield from answer.flat
    else:
        yield answer


def read_numbers(answer, length=1):
    """``(numbers, None)``: the answer as ``length`` floats; or ``(None, why not)``.

    One rule for every exercise: numbers, numpy scalars, 0-d arrays and lists,
    tuples or arrays of ``length`` numbers (one number may come as a 1-element
    list) are read alike; text and True/False are refused with their own reason.
    """
    items = list(_items(answer))
    if any(isinstance(item, (str, bytes)) for item in items):
        return None, TEXT
    if any(isinstance(item, (bool, np.bool_)) for item in items):
        return None, "Give a number, not True or False."
    try:
        array = np.asarray(answer, dtype=float)
    except OverflowError:  # an int beyond float64, such as 10**400: impossible, not a crash
        return np.full(length, np.inf), None
    except (TypeError, ValueError):
        return None, None
    if array.ndim > 1 or array.size != length:
        return None, None
    return array.reshape(length), None


def significant_figures(value):
    """How many significant figures ``value`` is written with: 0.092 and 17000.0 have 2."""
    digits = np.format_float_positional(abs(float(value)), trim="-").replace(".", "").strip("0")
    return max(len(digits), 1)


def agrees(numbers, target, sig_figs):
    """Whether every number equals ``target`` to ``sig_figs`` significant figures (``None``: exactly).

    A number agrees when it is within half a unit of the last figure kept; a
    component of the target that is 0 takes its unit from the largest one.
    """
    numbers, target = np.atleast_1d(numbers), np.atleast_1d(np.asarray(target, dtype=float))
    if sig_figs is None:
        return bool(np.array_equal(numbers, target))
    scale = np.abs(target)
    scale = np.where(scale > 0, scale, scale.max() if scale.max() > 0 else 1.0)
    unit = 10.0 ** (np.floor(np.log10(scale)) - sig_figs + 1)
    return bool(np.all(np.abs(numbers - target) <= 0.5 * unit * (1 + 1e-9)))


@dataclass(frozen=True, kw_only=True)
class Exercise:
    """One exercise: its answer, its precision, its known mistakes and its hints.

    Parameters
    ----------
    label : str
        ``"Exercise 1.1"``.
    expected : float or sequence of float, optional
        The right answer (``length`` numbers); or give ``accept``.
    right : str or callable
        Printed after "right!": why it is right. ``right(value)`` may use the answer.
    hint : str or callable
        The general hint for a wrong answer, or ``hint(value)``. Never the answer.
    what : str, default "one number"
        What to give, as in "Give one number, the MSE." for an answer of the wrong form.
    mistakes : sequence of (value, str)
        Known mistakes and the hint each gets, matched at ``sig_figs``.
    sig_figs : int or None, default 3
        The significant figures the prompt asks for; None for a whole number, exact.
    possible : (float, float, str), default: any finite number
        The range of possible answers and why, as in ``(0.0, inf, "an MSE is never negative")``.
    accept : callable, optional
        ``accept(value) -> bool`` instead of ``expected``, for exercises with many right answers.
    call : tuple, optional
        For an exercise that asks for a function: the arguments to call it with;
        its result is checked as the answer.
    after_call : callable, optional
        ``after_call(*call)``, once the function returned: a hint if it used its
        arguments in a way its result cannot show (it never read them), else None.
    length : int, default: the length of ``expected``
    """

    label: str
    right: object
    hint: object
    expected: object = None
    what: str = "one number"
    mistakes: tuple = ()
    sig_figs: int | None = 3
    possible: tuple = (-math.inf, math.inf, "")
    accept: object = None
    call: tuple | None = None
    after_call: object = None
    length: int | None = None

    def check(self, answer):
        """Print the verdict on ``answer``; return None, so that a cell shows only the printed line."""
        print(f"{self.label}: {self.verdict(answer)}")

    def verdict(self, answer):
        """The verdict on ``answer``: no answer yet, right! and why, or not yet and a hint."""
        function = None
        if callable(answer) and self.call is not None:
            function = answer
            try:
                answer = function(*self.call)
            except Exception as error:  # noqa: BLE001 - the reader's code: say what it raised
                return f"not yet. Your function raised {type(error).__name__}: {error}"
            if answer is None and not is_stub(function):
                return "not yet. Your function returned None: did it forget to `return` its result?"
            misuse = None if self.after_call is None or is_stub(function) else self.after_call(*self.call)
            if misuse:
                return f"not yet. {misuse}"
        if unanswered(answer):
            return NO_ANSWER
        length = self.length or (1 if self.expected is None else np.size(self.expected))
        numbers, problem = read_numbers(answer, length)
        if numbers is None:
            # A known mistake may have another length (one number per data point ...).
            for mistake, hint in self.mistakes:
                other, _ = read_numbers(answer, np.size(mistake))
                if np.size(mistake) != length and other is not None and agrees(other, mistake, self.sig_figs):
                    return f"not yet. {hint}"
            return f"not yet. {problem or f'Give {self.what}.'}"
        if not np.isfinite(numbers).all():
            return f"not yet. {_shown(numbers)} is impossible: an answer is a finite number."
        value = numbers[0] if length == 1 else numbers
        if self.accept(value) if self.accept is not None else agrees(numbers, self.expected, self.sig_figs):
            return f"right! {self.right(value) if callable(self.right) else self.right}"
        return f"not yet. {self.diagnosis(numbers, typed=function is None)}"

    def diagnosis(self, numbers, *, typed=True):
        """The hint for a wrong answer: its mistake's, impossible, close, or the general one.

        ``typed``: the reader wrote the numbers (a function's result is computed, so
        its significant figures say nothing about precision).
        """
        for mistake, hint in self.mistakes:
            if np.size(mistake) == len(numbers) and agrees(numbers, mistake, self.sig_figs):
                return hint
        low, high, why = self.possible
        if np.any((numbers < low) | (numbers > high)):
            return f"{_shown(numbers)} is impossible: {why}."
        if self.sig_figs is None and not np.array_equal(numbers, np.round(numbers)):
            return f"Give {self.what}."
        short = typed and self.sig_figs is not None and max(significant_figures(n) for n in numbers) < self.sig_figs
        # "Close" only for the right answer to one figure fewer than asked: said to any shorter
        # prefix it would let a student find the answer digit by digit without computing it.
        if short and self.expected is not None and self.sig_figs >= 2 and agrees(numbers, self.expected,
                                                                                  self.sig_figs - 1):
            return f"Close: give at least {self.sig_figs} significant figures."
        if self.expected is not None and len(numbers) > 1:
            parts = [agrees(n, e, self.sig_figs) for n, e in zip(numbers, self.expected, strict=True)]
            if any(parts):
                ordinals = ("first", "second", "third", "fourth", "fifth")
                if len(parts) > len(ordinals):  # a long answer (a gradient): the numbers by position
                    good = [str(i + 1) for i, ok in enumerate(parts) if ok]
                    bad = [str(i + 1) for i, ok in enumerate(parts) if not ok]
                    return (f"Number{'' if len(good) == 1 else 's'} {', '.join(good)} of {len(parts)} "
                            f"{'is' if len(good) == 1 else 'are'} right; look again at {', '.join(bad)}.")
                good = [ordinals[i] for i, ok in enumerate(parts) if ok]
                bad = [ordinals[i] for i, ok in enumerate(parts) if not ok]
                return (f"The {' and '.join(good)} number{' is' if len(good) == 1 else 's are'} right; "
                        f"look again at the {' and '.join(bad)}.")
        value = numbers[0] if len(numbers) == 1 else numbers
        hint = self.hint(value) if callable(self.hint) else self.hint
        if short:
            # The same note for every short answer, right digits or not: it reveals nothing.
            hint += f" (Answers are compared to {self.sig_figs} significant figures.)"
        return hint


def _shown(numbers):
    return f"{numbers[0]:g}" if len(numbers) == 1 else "[" + ", ".join(f"{n:g}" for n in numbers) + "]"


def as_number(answer):
    """The answer as a float, or None if it is not a single number (:func:`read_numbers`)."""
    numbers, _ = read_numbers(answer)
    return None if numbers is None else float(numbers[0])


def as_vector(answer, length):
    """The answer as a float array of ``length`` finite values, or None (:func:`read_numbers`)."""
    numbers, _ = read_numbers(answer, length)
    return numbers if numbers is not None and np.isfinite(numbers).all() else None


def close(answer, expected, *, rtol=1e-3, atol=1e-9):
    """Whether ``answer`` matches ``expected`` to a relative tolerance."""
    return bool(np.allclose(answer, expected, rtol=rtol, atol=atol))


def verdict(exercise, answer, *, correct, right, hint):
    """Print the outcome of a free-form exercise: no answer yet, right, or not yet and a hint.

    For checks that an :class:`Exercise` cannot express. ``correct(answer) -> bool``
    is called only once the reader answered; ``hint`` is a string or ``hint(answer)``.

    Examples
    --------
    >>> verdict("Exercise 0", ..., correct=lambda a: a == 4, right="Yes.", hint="Add them.")
    Exercise 0: no answer yet. Replace the ... with your answer and run the cell again.
    >>> verdict("Exercise 0", 4, correct=lambda a: a == 4, right="Yes.", hint="Add them.")
    Exercise 0: right! Yes.
    """
    if unanswered(answer):
        print(f"{exercise}: {NO_ANSWER}")
    elif correct(answer):
        print(f"{exercise}: right! {right}")
    else:
        print(f"{exercise}: not yet. {hint(answer) if callable(hint) else hint}")
