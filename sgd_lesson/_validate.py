"""Argument checks, declared once per public function, whose body is then the formula::

    @validate(params=Params(of="x"), x=Data(), y=Data(same_length_as="x"))
    def mse_loss(params, x, y):
        residual = params[0] * x + params[1] - y
        return float(residual @ residual) / len(x)

The decorator (``functools.wraps``, in the spirit of scikit-learn's ``validate_params``)
converts each declared argument (to a float64 array, a float, an int ...), after those it
refers to, and rejects a bad one with a TypeError (the wrong kind of thing) or a ValueError
(a wrong value) naming it and what was expected. The body runs with numpy's overflow made
an error, so a result float64 cannot hold is a clear ValueError, not inf and a warning.

A constraint has ``convert(name, value, args)`` (``args``: the arguments converted so far),
``refers`` (the names it reads there), ``example(args)`` and ``bad_values(args)``, a
:class:`Bad` of every kind it rejects: tests/test_declarations.py calls every declared
function with each, so declaring a function tests it. ``a | b`` accepts either, ``a | None``
makes an argument optional. A declared function keeps its :class:`Declaration` in
``__declaration__`` and its body in ``__wrapped__`` (:func:`unchecked`); a frozen dataclass
declares its fields with ``__post_init__ = fields(name=constraint, ...)``.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import math
import numbers
import re
import warnings
from collections import namedtuple

import numpy as np

Bad = namedtuple("Bad", "label value error says")  # says: a regex the message matches
Path = namedtuple("Path", "params diverged")  # a run's params, shape (n_updates + 1, n_params)
_NO_EXAMPLE = object()
_RAGGED_WARNS = np.lib.NumpyVersion(np.__version__) < "1.24.0"  # later numpy raises on a ragged list


def _kind(value):
    if isinstance(value, type):
        return f"the class {value.__name__} itself, not an instance such as {value.__name__}()"
    shape = getattr(value, "shape", ())
    return f"{type(value).__name__} of shape {tuple(shape)}" if shape else type(value).__name__


def _asarray(value):
    if not _RAGGED_WARNS:
        return np.asarray(value)
    with warnings.catch_warnings():  # numpy 1.23 only warns about a ragged list: make it an error
        warnings.simplefilter("error")
        return np.asarray(value)


def _as_array(name, value, dtype=np.float64):
    """``value`` as an array of any shape (of ``dtype``), if it holds real numbers only."""
    if isinstance(value, np.ndarray) and value.dtype.kind in "fiub" and not isinstance(value, np.ma.MaskedArray):
        return value.astype(dtype or value.dtype, copy=False)  # the common case, fast
    if isinstance(value, np.ma.MaskedArray) and np.ma.is_masked(value):
        raise TypeError(f"{name} is a masked array, whose mask numpy would ignore: pass {name}.compressed() "
                        f"(the unmasked values) or {name}.filled(...)")
    if callable(getattr(value, "detach", None)):  # a torch tensor, also one that requires grad
        value = value.detach()
        value = value.cpu() if callable(getattr(value, "cpu", None)) else value
    try:
        array = None if value is None or isinstance(value, (str, bytes)) else _asarray(value)
    except (TypeError, ValueError, RuntimeError, Warning):
        array = None
    if array is not None and array.dtype.kind == "c":
        raise TypeError(f"{name} must hold real numbers, got complex values")
    odd = [] if array is None or array.dtype.kind in "fiub" else [  # an object array may mix number types
        item for item in array.flat if isinstance(item, bool) or not isinstance(item, numbers.Real)][:1]
    if array is None or odd:
        held = f" holding {'str' if array.dtype.kind in 'US' else type(odd[0]).__name__}" if odd else ""
        raise TypeError(f"{name} must be an array of numbers, got {_kind(value)}{held}")
    return array if dtype is None else array.astype(dtype)


class Constraint:
    """What one argument must be; see the module's docstring."""

    refers, what = (), "a value"

    def __init__(self, *, example=_NO_EXAMPLE):
        self._example = example

    def convert(self, name, value, args):
        return value

    def example(self, args):
        if self._example is _NO_EXAMPLE:
            raise LookupError(f"{type(self).__name__} needs example= for the generated tests")
        return self._example

    def bad_values(self, args):
        return []

    def __or__(self, other):
        return Either(self, _NONE if other is None else other)

    def __ror__(self, other):
        return Either(_NONE if other is None else other, self)


class Is(Constraint):
    """Whatever passes ``test``, such as ``Is(callable, "callable")``; anything else is a TypeError."""

    def __init__(self, test, what, *, bad=(None, "text", 3), example=_NO_EXAMPLE):
        super().__init__(example=example)
        self.test, self.what, self.bad = test, what, bad

    def convert(self, name, value, args):
        if not self.test(value):
            raise TypeError(f"{name} must be {self.what}, got {_kind(value)}")
        return value

    def bad_values(self, args):
        return [Bad(_kind(value), value, TypeError, re.escape(self.what)) for value in self.bad if not self.test(value)]


_NONE = Is(lambda value: value is None, "None", example=None)


class Callable(Is):
    def __init__(self, *, example=_NO_EXAMPLE):
        super().__init__(callable, "callable", example=example)


class Flag(Is):
    def __init__(self):
        super().__init__(lambda value: isinstance(value, (bool, np.bool_)), "True or False", bad=("yes", 1, None),
                         example=False)

    def convert(self, name, value, args):
        return bool(super().convert(name, value, args))


class HasMethods(Is):
    """An object (not a class) with these methods, such as an update rule."""

    def __init__(self, *methods, what="an object", example=_NO_EXAMPLE):
        super().__init__(lambda value: not isinstance(value, type) and all(
            callable(getattr(value, method, None)) for method in methods),
            f"{what} with {' and '.join(f'{method}()' for method in methods)} methods",
            bad=("adam", 1, type(example)), example=example)


class OneOf(Constraint):
    """One of a few values (the same type, and equal)."""

    def __init__(self, *choices):
        super().__init__(example=choices[0])
        self.choices, self.what = choices, ", ".join(map(repr, choices[:-1])) + f" or {choices[-1]!r}"

    def convert(self, name, value, args):
        if not any(type(value) is type(choice) and value == choice for choice in self.choices):
            raise ValueError(f"{name} must be {self.what}, got {value!r}")
        return value

    def bad_values(self, args):
        return [Bad("another value", "something else", ValueError, "must be"), Bad("None", None, ValueError, "must be")]


class Either(Constraint):
    """What any of the options accepts, converted by the first that does."""

    def __init__(self, *options):
        super().__init__()
        self.options = [part for option in options for part in getattr(option, "options", [option])]
        self.what = " or ".join(option.what for option in self.options)
        self.refers = tuple(name for option in self.options for name in option.refers)

    def _errors(self, name, value, args):
        """Each option's error for ``value``, or None for the first that accepts it (and its result)."""
        errors = []
        for option in self.options:
            try:
                return None, option.convert(name, value, args)
            except (TypeError, ValueError) as error:
                errors.append(error)
        return errors, None

    def convert(self, name, value, args):
        if value is None and _NONE in self.options:
            return None
        errors, converted = self._errors(name, value, args)
        if errors is None:
            return converted
        # A ValueError means the value had the right type for that option: its message says more.
        raise next((error for error in errors if isinstance(error, ValueError)), None) or TypeError(
            f"{name} must be {self.what}, got {_kind(value)}")

    def example(self, args):
        for option in self.options:
            try:
                return option.example(args)
            except LookupError:
                continue
        raise LookupError("no option has an example")

    def bad_values(self, args):
        """Each option's bad values that the others refuse for their type."""
        return [bad for i, option in enumerate(self.options) for bad in option.bad_values(args)
                if all(isinstance(error, TypeError) for error in
                       (Either(*self.options[:i], *self.options[i + 1:])._errors("_", bad.value, args)[0] or [None]))]


class Data(Constraint):
    """A finite float64 array of ``ndim`` (1, 2, a tuple, or None for any) dimensions and
    ``min_length`` rows at least; ``same_length_as`` another argument; ``only`` these values
    (labels); ``varies``: two distinct values at least; ``allow_nan`` and ``allow_inf``."""

    what = "an array of numbers"

    def __init__(self, *, ndim=1, min_length=1, same_length_as=None, only=None, varies=False, allow_nan=False,
                 allow_inf=False, example=_NO_EXAMPLE):
        super().__init__(example=example)
        self.ndim = (ndim,) if isinstance(ndim, int) else ndim
        self.min_length, self.same_length_as, self.only, self.varies = min_length, same_length_as, only, varies
        self.allow_nan, self.allow_inf = allow_nan, allow_inf
        self.refers = () if same_length_as is None else (same_length_as,)

    def convert(self, name, value, args):
        array = _as_array(name, value)
        if self.ndim is not None and array.ndim not in self.ndim:
            wanted = " or ".join(f"{n}-D" for n in self.ndim)
            raise ValueError(f"{name} must be a {wanted} array, got {array.ndim}-D with shape {array.shape}")
        length = len(array) if array.ndim else 1
        if length < self.min_length:
            raise ValueError(f"{name} is empty; it needs at least one value" if length == 0 else
                             f"{name} needs at least {self.min_length} values, got {length}")
        if not np.isfinite(array).all() and ((np.isnan(array).any() and not self.allow_nan)
                                             or (np.isinf(array).any() and not self.allow_inf)):
            raise ValueError(f"{name} contains NaN" + ("" if self.allow_inf else " or infinite values"))
        if self.same_length_as is not None and length != len(args[self.same_length_as]):
            other = self.same_length_as
            raise ValueError(f"lengths do not match: {other} has {len(args[other])}, {name} has {length}")
        if self.only is not None and not np.isin(array, self.only).all():
            raise ValueError(f"{name} must contain only {' and '.join(f'{value:g}' for value in self.only)}")
        if self.varies and array.ndim == 2:  # every column, one feature each
            for j in np.flatnonzero(array.min(axis=0) == array.max(axis=0))[:1]:
                raise ValueError(f"every column of {name} must take at least two distinct values, got every "
                                 f"{name}[:, {j}] = {array[0, j]:g}")
        elif self.varies and array.min() == array.max():
            raise ValueError(f"{name} must take at least two distinct values, got every {name} = {array.flat[0]:g}")
        return array

    def example(self, args):
        if self._example is not _NO_EXAMPLE:
            return self._example
        n = len(args[self.same_length_as]) if self.same_length_as else max(self.min_length, 6)
        values = np.linspace(0.0, 1.0, n) if self.only is None else np.resize(np.asarray(self.only, float), n)
        return np.column_stack([values, values**2]) if self.ndim and self.ndim[0] == 2 else values

    def bad_values(self, args):
        good = np.asarray(self.example(args), dtype=np.float64)
        first = np.arange(good.size).reshape(good.shape) == 0
        bad = [Bad(label, value, TypeError, "array of numbers") for label, value in (
            ("None", None), ("a string", "0 1 2"), ("strings", good.astype(str).tolist()),
            ("numeric strings", good.astype(str).astype(object)), ("ragged", [[1.0], [1.0, 2.0]]))]
        bad += [Bad("complex", good + 1j, TypeError, "real numbers"),
                Bad("masked", np.ma.masked_array(good, mask=first), TypeError, "masked")]
        bad += [Bad(f"{n}-D", np.ones((2,) * n), ValueError, f"{self.ndim[0]}-D")
                for n in sorted({0, 1, 2, 3} - set(self.ndim or range(4)))]
        bad += [Bad("empty", good[:0], ValueError, "empty")] if self.min_length else []
        bad += [Bad("short", good[: self.min_length - 1], ValueError, "at least")] if self.min_length > 1 else []
        bad += [Bad(label, np.where(first, special, good), ValueError, label) for label, special, allowed in
                (("NaN", np.nan, self.allow_nan), ("infinite", np.inf, self.allow_inf)) if not allowed]
        bad += [Bad("one too many", np.concatenate([good, good[:1]]), ValueError, "lengths do not match")
                ] if self.same_length_as else []
        bad += [Bad("not only these", np.where(first, 0.5, good), ValueError, "only")] if self.only else []
        bad += [Bad("a column all the same", np.where(np.arange(good.shape[1]) == 1, 2.0, good), ValueError,
                    "two distinct")] if self.varies and good.ndim == 2 else []
        return bad + ([Bad("all the same", np.full(good.shape, 2.0), ValueError, "two distinct")] if self.varies else [])


class Params(Data):
    """A model's parameters, 1-D: ``length`` values, or as many as go with the argument ``of``
    (2, ``[slope, intercept]``, for 1-D data; n_features + 1 for 2-D data; a Run's n_params)."""

    def __init__(self, *, length=None, of=None, example=_NO_EXAMPLE):
        super().__init__(example=example)
        self.length, self.of, self.refers = length, of, () if of is None else (of,)

    def _length(self, args):
        data = args.get(self.of)
        return self.length or (2 if data is None else data.params.shape[1] if isinstance(data, Path)
                               else 2 if data.ndim == 1 else data.shape[1] + 1)

    def convert(self, name, value, args):
        params = super().convert(name, value, args)
        if (self.length or self.of) and params.shape != (self._length(args),):
            raise ValueError(f"{name} must have {self._length(args)} values, got shape {params.shape}")
        return params

    def example(self, args):
        return np.linspace(0.5, -0.5, self._length(args)) if self._example is _NO_EXAMPLE else self._example

    def bad_values(self, args):
        n, sized = self._length(args), self.length or self.of
        return super().bad_values(args) + [Bad(f"{k} values", np.ones(k), ValueError, f"{n} values")
                                           for k in (n - 1, n + 1) if sized and k > 0]


class Interval(Params):
    """A pair ``(low, high)`` with ``low < high``, as a tuple of floats."""

    def __init__(self):
        super().__init__(length=2, example=(0.0, 1.0))

    def convert(self, name, value, args):
        if np.shape(_as_array(name, value)) != (2,):
            raise TypeError(f"{name} must be a pair (low, high), got {_kind(value)}")
        low, high = super().convert(name, value, args).tolist()
        if not low < high or not np.isfinite(high - low):
            raise ValueError(f"{name} must have low < high, and high - low within float64, got ({low}, {high})")
        return low, high

    def bad_values(self, args):
        return [bad._replace(error=TypeError, says="pair") if bad.label.endswith(("-D", "values", "empty")) else bad
                for bad in super().bad_values(args)] + [Bad(str(pair), pair, ValueError, "low < high")
                                                        for pair in ((1.0, 0.0), (0.0, 0.0), (-1e308, 1e308))]


class Run(Data):
    """A :class:`Trajectory` or its params array (NaN and inf allowed), as a :class:`Path`."""

    def __init__(self):
        super().__init__(ndim=2, allow_nan=True, allow_inf=True, example=np.array([[0.0, 0.0], [0.5, 1.0]]))

    def convert(self, name, value, args):
        return Path(super().convert(name, getattr(value, "params", value), args), bool(getattr(value, "diverged", 0)))


class LengthOf:
    """A bound that is the number of samples in another argument."""

    def __init__(self, name):
        self.name = name

    def __str__(self):
        return f"the number of samples in {self.name}"


class Number(Constraint):
    """A finite real number (a 0-d array or tensor too), as a float, within the bounds
    ``above``, ``at_least``, ``below``, ``at_most`` (numbers, or :class:`LengthOf` an argument)."""

    what, kinds, _cast = "a number", "iuf", float

    def __init__(self, *, above=None, at_least=None, below=None, at_most=None, example=_NO_EXAMPLE):
        super().__init__(example=example)
        self.low, self.low_open = (above, True) if above is not None else (at_least, False)
        self.high, self.high_open = (below, True) if below is not None else (at_most, False)
        self.refers = tuple(bound.name for bound in (self.low, self.high) if isinstance(bound, LengthOf))

    def _bounds(self, args):
        return [len(args[bound.name]) if isinstance(bound, LengthOf) else bound for bound in (self.low, self.high)]

    def describe(self, args):
        """'positive', 'at least 1', 'between 0 and 1', 'from 1 to 10', 'in [0, 1)' ..."""
        low, high = (None if value is None else f"{bound} ({value})" if isinstance(bound, LengthOf) else f"{value:g}"
                     for bound, value in zip((self.low, self.high), self._bounds(args), strict=True))
        if high is None:
            return "positive" if (low, self.low_open) == ("0", True) else \
                f"{'greater than' if self.low_open else 'at least'} {low}"
        if low is None:
            return f"{'less than' if self.high_open else 'at most'} {high}"
        return {(True, True): f"between {low} and {high}", (False, False): f"from {low} to {high}"}.get(
            (self.low_open, self.high_open), f"in {'(['[not self.low_open]}{low}, {high}{')]'[not self.high_open]}")

    def convert(self, name, value, args):
        scalar = value
        if hasattr(value, "__array__") or hasattr(value, "detach"):  # a 0-d array or tensor is a number too
            with contextlib.suppress(TypeError):
                array = _as_array(name, value, dtype=None)
                scalar = array[()] if array.ndim == 0 and array.dtype.kind in self.kinds else value
        if isinstance(scalar, (bool, np.bool_)) or not isinstance(
                scalar, numbers.Integral if self.kinds == "iu" else numbers.Real):
            raise TypeError(f"{name} must be {self.what}, got {_kind(value)}")
        value, (low, high) = self._cast(scalar), self._bounds(args)
        if not math.isfinite(value):
            raise ValueError(f"{name} must be a finite number, got {value}")
        if ((low is not None and not (value > low if self.low_open else value >= low))
                or (high is not None and not (value < high if self.high_open else value <= high))):
            raise ValueError(f"{name} must be {self.describe(args)}, got {value}")
        return value

    def example(self, args):
        (low, high), (low_open, high_open) = self._bounds(args), (self.low_open, self.high_open)
        if self._example is not _NO_EXAMPLE:
            return self._example
        if low is not None and high is not None and low_open and high_open:
            return self._cast((low + high) / 2)
        return self._cast(1 if low is None and high is None else low + low_open if low is not None else high - high_open)

    def bad_values(self, args):
        wrong = "whole number" if self.kinds == "iu" else "must be a number"
        bad = [Bad(repr(value), value, TypeError, wrong) for value in (None, "0.5", True, [0.5], np.array([0.5]), 0.5 + 1j)
               + ((np.nan, np.inf, 2.0, 2.5) if self.kinds == "iu" else ())]
        bad += [Bad(repr(value), value, ValueError, "finite") for value in (np.nan, np.inf, -np.inf) if self.kinds != "iu"]
        for bound, is_open, step in zip(self._bounds(args), (self.low_open, self.high_open), (-1, 1), strict=True):
            outside = [] if bound is None else [bound + step * max(1, abs(bound))] + ([bound] if is_open else [])
            bad += [Bad(repr(value), self._cast(value), ValueError, re.escape(self.describe(args))) for value in outside]
        return bad


class Integer(Number):
    """A whole number (a 0-d integer array too), as an int; ``at_least=1`` by default."""

    what, kinds, _cast = "a whole number", "iu", int

    def __init__(self, *, at_least=1, at_most=None, example=_NO_EXAMPLE):
        super().__init__(at_least=at_least, at_most=at_most, example=example)


SEED = Integer(at_least=0) | None | Is(lambda value: isinstance(value, np.random.Generator), "a numpy Generator",
                                       bad=(np.random.RandomState(0), 0.5))


# ---- the decorator ----

class Declaration:
    """What a function's arguments must be: ``constraints`` by name, converted in ``order``."""

    def __init__(self, constraints, rules=(), signature=None):
        self.constraints, self.rules, self.signature, self.order = constraints, rules, signature, []

        def visit(name):
            if name not in self.order:
                for other in constraints[name].refers:
                    visit(other)
                self.order.append(name)

        for name in constraints:
            visit(name)
        parameters = signature.parameters.values() if signature else ()
        self.positional = [p.name for p in parameters if p.kind == p.POSITIONAL_OR_KEYWORD]
        self.defaults = {p.name: p.default for p in parameters if p.default is not p.empty}
        self.names = {p.name for p in parameters}
        self.simple = all(p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) for p in parameters)

    def convert(self, values):
        """Convert the declared entries of the dict ``values`` in place, then apply the rules."""
        for name in self.order:
            values[name] = self.constraints[name].convert(name, values[name], values)
        for rule in self.rules:
            rule(values)
        return values

    def bind(self, *args, **kwargs):
        """The call's arguments by name (a dict, or a BoundArguments for a signature with
        ``*args`` or ``**kwargs``), the declared ones converted. ``Signature.bind``, but faster."""
        values = dict(zip(self.positional, args, strict=False))
        if (not self.simple or len(args) > len(self.positional) or not values.keys().isdisjoint(kwargs)
                or self.defaults.keys() | values.keys() | kwargs.keys() != self.names):
            bound = self.signature.bind(*args, **kwargs)  # Python's own TypeError, or *args and **kwargs
            bound.apply_defaults()
            self.convert(bound.arguments)
            return bound
        return self.convert({**self.defaults, **values, **kwargs})


def validate(*rules, **constraints):
    """Declare each argument's constraint; ``rules`` are callables on the dict of converted
    arguments, for checks between arguments, that raise ValueError."""

    def decorate(function):
        declaration = Declaration(constraints, rules, inspect.signature(function))
        unknown = set(constraints) - set(declaration.signature.parameters)
        if unknown:
            raise TypeError(f"{function.__name__} has no argument named {', '.join(sorted(unknown))}")

        @functools.wraps(function)
        def checked(*args, **kwargs):
            values = declaration.bind(*args, **kwargs)
            try:
                with np.errstate(over="raise", divide="raise"):
                    return function(**values) if isinstance(values, dict) else function(*values.args, **values.kwargs)
            except FloatingPointError as error:
                raise ValueError(f"{function.__name__}: the values overflow float64 ({error}); "
                                 "rescale the data, for example with standardize") from None

        checked.__declaration__, declaration.checked = declaration, checked
        return checked

    return decorate


def fields(**constraints):
    """A frozen dataclass's ``__post_init__`` that converts each declared field."""
    declaration = Declaration(constraints)

    def __post_init__(self):  # noqa: N807 (the dataclass hook's name)
        for name, value in declaration.convert({name: getattr(self, name) for name in constraints}).items():
            object.__setattr__(self, name, value)

    __post_init__.__declaration__ = declaration
    return __post_init__


def declaration(function):
    """The :class:`Declaration` of a declared function or dataclass, or None."""
    return getattr(function, "__declaration__", None) or getattr(
        getattr(function, "__post_init__", None), "__declaration__", None)


def unchecked(function):
    """The body of a function declared here (unwrapped through our wrapper only); any other as it is."""
    return inspect.unwrap(function, stop=lambda f: getattr(declaration(f), "checked", None) is not f)


# ---- for the modules not declared yet (plots, widgets, animation): remove when unused ----

def as_data(name, value, *, ndim=1, allow_empty=False):
    return Data(ndim=ndim, min_length=0 if allow_empty else 1).convert(name, value, {})


def as_params(name, value, n_params=2):
    return Params(length=n_params).convert(name, value, {})


def as_labels(name, value):
    return Data(only=(0.0, 1.0)).convert(name, value, {})


def number(name, value, *, positive=False):
    return Number(above=0 if positive else None).convert(name, value, {})


def integer(name, value, *, minimum=1):
    return Integer(at_least=minimum).convert(name, value, {})


def seed_or_none(value):
    return SEED.convert("seed", value, {})


def interval(name, value):
    return Interval().convert(name, value, {})


def same_length(**arrays):
    first, *others = arrays
    for name in others:
        Data(same_length_as=first, min_length=0).convert(name, arrays[name], arrays)
