"""Argument checks, declared once per public function, whose body is then the formula::

    @validate(params=Params(of="x"), x=Data(), y=Data(same_length_as="x"))
    def mse_loss(params, x, y):
        residual = params[0] * x + params[1] - y
        return float(residual @ residual) / len(x)

The decorator (in the spirit of scikit-learn's ``validate_params``) converts each declared argument, after
those it refers to, and rejects a bad one with a TypeError (the wrong kind of thing) or a ValueError (a wrong
value) naming it and what was expected; the body runs with numpy's overflow made a clear ValueError.

A constraint has ``convert(name, value, args)`` (``args``: the arguments converted so far), ``refers`` (the
names it reads there) and an ``example`` where its type cannot make one up: tests/test_declarations.py calls
every declared function with examples and with every kind of bad value, so declaring a function tests it.
``a | b`` accepts either, ``a | None`` makes an argument optional. A frozen dataclass declares its fields
with ``__post_init__ = fields(name=constraint, ...)``.
"""

import contextlib
import functools
import inspect
import math
import numbers
import warnings
from collections import namedtuple

import numpy as np

Path = namedtuple("Path", "params diverged")  # a run's params, shape (n_updates + 1, n_params)
NO_EXAMPLE = object()  # a constraint's example when it has none of its own


def _kind(value):
    if isinstance(value, type):
        return f"the class {value.__name__} itself, not an instance such as {value.__name__}()"
    shape = getattr(value, "shape", ())
    return f"{type(value).__name__} of shape {tuple(shape)}" if shape else type(value).__name__


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
        with warnings.catch_warnings():  # numpy 1.23 only warns about a ragged list (later ones raise): an error
            warnings.filterwarnings("error", "Creating an ndarray from ragged")
            array = None if value is None or isinstance(value, (str, bytes)) else np.asarray(value)
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
    """What one argument must be (each kind says ``what`` and has its ``convert``); see the module's docstring."""

    refers, example = (), NO_EXAMPLE

    def __init__(self, *, example=NO_EXAMPLE):
        self.example = example

    def __or__(self, other):
        return Either(self, NONE if other is None else other)

    def __ror__(self, other):
        return Either(NONE if other is None else other, self)


class Is(Constraint):
    """Whatever passes ``test``, such as ``Is(callable, "callable")``; ``bad``: values the tests try."""

    def __init__(self, test, what, *, bad=(None, "text", 3), example=NO_EXAMPLE):
        super().__init__(example=example)
        self.test, self.what, self.bad = test, what, bad

    def convert(self, name, value, args):
        if not self.test(value):
            raise TypeError(f"{name} must be {self.what}, got {_kind(value)}")
        return value


NONE = Is(lambda value: value is None, "None", bad=("text",), example=None)


class Callable(Is):
    def __init__(self, *, example=NO_EXAMPLE):
        super().__init__(callable, "callable", example=example)


class Flag(Is):
    def __init__(self):
        super().__init__(lambda value: isinstance(value, (bool, np.bool_)), "True or False", bad=("yes", 1, None),
                         example=False)

    def convert(self, name, value, args):
        return bool(super().convert(name, value, args))


class OneOf(Constraint):
    """One of a few values (the same type, and equal)."""

    def __init__(self, *choices):
        super().__init__(example=choices[0])
        self.choices, self.what = choices, ", ".join(map(repr, choices[:-1])) + f" or {choices[-1]!r}"

    def convert(self, name, value, args):
        if not any(type(value) is type(choice) and value == choice for choice in self.choices):
            raise ValueError(f"{name} must be {self.what}, got {value!r}")
        return value


class Either(Constraint):
    """What any of the options accepts, converted by the first that does."""

    def __init__(self, *options):
        self.options = [part for option in options for part in getattr(option, "options", [option])]
        self.what = " or ".join(option.what for option in self.options)
        self.refers = tuple(name for option in self.options for name in option.refers)

    def convert(self, name, value, args):
        errors = []
        for option in self.options:
            try:
                return option.convert(name, value, args)
            except (TypeError, ValueError) as error:
                errors.append(error)
        # A ValueError means the value had the right type for that option: its message says more;
        # so does the message of the one option besides None (a masked array, complex values ...).
        others = [error for option, error in zip(self.options, errors, strict=True) if option is not NONE]
        raise next((error for error in errors if isinstance(error, ValueError)),
                   others[0] if len(others) == 1 else TypeError(f"{name} must be {self.what}, got {_kind(value)}"))


class Data(Constraint):
    """A finite float64 array of ``ndim`` (1, 2, a tuple, or None for any) dimensions and ``min_length``
    rows at least, ``same_length_as`` another argument, of ``only`` these values, that ``varies``."""

    what = "an array of numbers"

    def __init__(self, *, ndim=1, min_length=1, same_length_as=None, only=None, varies=False, allow_nan=False,
                 allow_inf=False, example=NO_EXAMPLE):
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


class Params(Data):
    """A model's 1-D parameters: ``length`` values, or as many as go with the argument ``of``."""

    def __init__(self, *, length=None, of=None, example=NO_EXAMPLE):
        super().__init__(example=example)
        self.length, self.of, self.refers = length, of, () if of is None else (of,)

    def size(self, args):
        data = args.get(self.of)
        return self.length or (2 if data is None else data.params.shape[1] if isinstance(data, Path)
                               else 2 if data.ndim == 1 else data.shape[1] + 1)

    def convert(self, name, value, args):
        params = super().convert(name, value, args)
        if (self.length or self.of) and params.shape != (self.size(args),):
            raise ValueError(f"{name} must have {self.size(args)} values, got shape {params.shape}")
        return params


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


class Run(Data):
    """A :class:`Trajectory` or its params array (NaN and inf allowed), as a :class:`Path`."""

    def __init__(self):
        super().__init__(ndim=2, allow_nan=True, allow_inf=True, example=np.array([[0.0, 0.0], [0.5, 1.0]]))

    def convert(self, name, value, args):
        return Path(super().convert(name, getattr(value, "params", value), args), bool(getattr(value, "diverged", 0)))


LengthOf = namedtuple("LengthOf", "name")  # a bound that is the number of samples in the argument ``name``


class Number(Constraint):
    """A finite real number (a 0-d array too), as a float, within ``above``, ``at_least``, ``below``,
    ``at_most`` (numbers, or :class:`LengthOf` an argument)."""

    what, kinds, cast = "a number", "iuf", float

    def __init__(self, *, above=None, at_least=None, below=None, at_most=None, example=NO_EXAMPLE):
        super().__init__(example=example)
        self.low, self.low_open = (above, True) if above is not None else (at_least, False)
        self.high, self.high_open = (below, True) if below is not None else (at_most, False)
        self.refers = tuple(bound.name for bound in (self.low, self.high) if isinstance(bound, LengthOf))

    def bounds(self, args):
        return [len(args[bound.name]) if isinstance(bound, LengthOf) else bound for bound in (self.low, self.high)]

    def describe(self, args):
        """'positive', 'at least 1', 'between 0 and 1', 'from 1 to 10', 'in [0, 1)' ..."""
        low, high = (None if value is None else f"the number of samples in {bound.name} ({value})"
                     if isinstance(bound, LengthOf) else f"{value:g}"
                     for bound, value in zip((self.low, self.high), self.bounds(args), strict=True))
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
        value, (low, high) = self.cast(scalar), self.bounds(args)
        if not math.isfinite(value):
            raise ValueError(f"{name} must be a finite number, got {value}")
        if ((low is not None and not (value > low if self.low_open else value >= low))
                or (high is not None and not (value < high if self.high_open else value <= high))):
            raise ValueError(f"{name} must be {self.describe(args)}, got {value}")
        return value


class Integer(Number):
    """A whole number (a 0-d integer array too), as an int; ``at_least=1`` by default."""

    what, kinds, cast = "a whole number", "iu", int

    def __init__(self, *, at_least=1, at_most=None, example=NO_EXAMPLE):
        super().__init__(at_least=at_least, at_most=at_most, example=example)


SEED = Integer(at_least=0) | None | Is(lambda value: isinstance(value, np.random.Generator), "a numpy Generator",
                                       bad=(np.random.RandomState(0), 0.5))


# ---- the decorator ----

class Declaration:
    """What a function's arguments must be: ``constraints`` by name, converted in ``order``."""

    def __init__(self, constraints, rules=(), signature=None):
        self.constraints, self.rules, self.signature = constraints, rules, signature
        # Those that refer to other arguments (x's length, its number of features ...) after the rest;
        # no declaration makes one depend on another that refers.
        self.order = sorted(constraints, key=lambda name: bool(constraints[name].refers))

    def convert(self, values):
        for name in self.order:
            values[name] = self.constraints[name].convert(name, values[name], values)
        for rule in self.rules:
            rule(values)
        return values

    def bind(self, *args, **kwargs):
        bound = self.signature.bind(*args, **kwargs)
        bound.apply_defaults()
        self.convert(bound.arguments)
        return bound


def validate(*rules, **constraints):
    """Declare each argument's constraint; ``rules`` check between arguments (raising ValueError)."""

    def decorate(function):
        declaration = Declaration(constraints, rules, inspect.signature(function))
        unknown = set(constraints) - set(declaration.signature.parameters)
        if unknown:
            raise TypeError(f"{function.__name__} has no argument named {', '.join(sorted(unknown))}")

        @functools.wraps(function)
        def checked(*args, **kwargs):
            bound = declaration.bind(*args, **kwargs)
            try:
                with np.errstate(over="raise", divide="raise"):
                    return function(*bound.args, **bound.kwargs)
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
    """The :class:`Declaration` of a declared function or class, or None."""
    hooks = (getattr(function, "__init__", None), getattr(function, "__post_init__", None)) * isinstance(function, type)
    return next((part.__declaration__ for part in (function, *hooks) if hasattr(part, "__declaration__")), None)


def unchecked(function):
    """The body of a function declared here; any other function as it is."""
    return inspect.unwrap(function, stop=lambda f: getattr(declaration(f), "checked", None) is not f)

