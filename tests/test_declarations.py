"""Bad input, tested from the declarations: every declared argument of every declared
public function (and update rule, and schedule) gets every kind of bad value its
constraint knows (wrong type, wrong shape, empty, NaN, inf, out of range ...), and must
be refused with a message naming the argument and what was expected. A new function is
covered by declaring it; a public function with arguments and no declaration fails here."""

import contextlib
import copy
import dataclasses
import importlib
import inspect
import pkgutil
import re
from collections import namedtuple

import matplotlib.pyplot as plt
import numpy as np
import pytest
from test_linear import TensorLike  # a torch tensor as far as the package uses one

import sgd_lesson
from sgd_lesson import _validate
from sgd_lesson._figure_args import Each, FigSize, Made
from sgd_lesson._validate import NO_EXAMPLE, NONE, Data, Either, Integer, Interval, Is, Number, OneOf, Params

# Modules whose functions are not declared yet: each is converted to _validate's
# decorator by its own work, and then leaves this list.
NOT_DECLARED_YET = {"sgd_lesson.autodiff", "sgd_lesson.environment", "sgd_lesson.graphs"}


def public_callables():
    """Every public function and class defined in the package's modules (checks excluded)."""
    found = {}
    for module_info in pkgutil.iter_modules(sgd_lesson.__path__, "sgd_lesson."):
        if module_info.name in NOT_DECLARED_YET or module_info.ispkg or module_info.name.split(".")[-1].startswith("_"):
            continue
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            if not name.startswith("_") and getattr(value, "__module__", None) == module.__name__ and callable(value):
                found[f"{module.__name__}.{name}"] = value
    return found


PUBLIC = public_callables()


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")  # the plot helpers' examples draw on new figures

DECLARED = {name: value for name, value in PUBLIC.items() if _validate.declaration(value) is not None}
# Public callables that take no argument a student could get wrong (checked by hand).
# Penguins (sgd_lesson.datasets, on main) holds data the package loads, as Trajectory holds a run.
NOTHING_TO_DECLARE = {"sgd_lesson.training.DivergenceWarning", "sgd_lesson.training.DivergenceError",
                      "sgd_lesson.training.Trajectory", "sgd_lesson.optimizers.GradientStep",
                      "sgd_lesson.datasets.Penguins"}


def arguments_of(value):
    parameters = inspect.signature(value).parameters.values()
    return [p.name for p in parameters if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD) and p.name != "self"]


def example(constraint, args):
    """A valid value for ``constraint``, given the arguments ``args`` converted so far: its own
    ``example``, else one its type makes up."""
    c = constraint
    if c.example is not NO_EXAMPLE:
        return c.example
    if isinstance(c, Made):
        return c.make()
    if isinstance(c, Either):
        for option in c.options:
            with contextlib.suppress(LookupError):
                return example(option, args)
    if isinstance(c, Each):
        return {"a": example(c.item, args)} if c.keyed else [example(c.item, args)]
    if isinstance(c, Params):
        return np.linspace(0.5, -0.5, c.size(args))
    if isinstance(c, Data):
        n = len(args[c.same_length_as]) if c.same_length_as else max(c.min_length, 6)
        values = np.linspace(0.0, 1.0, n) if c.only is None else np.resize(np.asarray(c.only, float), n)
        return np.column_stack([values, values**2]) if c.ndim and c.ndim[0] == 2 else values
    if isinstance(c, Number):
        low, high = c.bounds(args)
        if low is not None and high is not None and c.low_open and c.high_open:
            return c.cast((low + high) / 2)
        return c.cast(1 if low is None and high is None else low + c.low_open if low is not None else high - c.high_open)
    raise LookupError(f"{type(c).__name__} needs example= for the generated tests")


def examples(declaration, constraints=None):
    """Valid raw arguments, and the same converted (later examples may depend on earlier ones)."""
    constraints = constraints or declaration.constraints
    raw, converted = {}, {}
    for name in declaration.order:
        raw[name] = example(constraints[name], converted)
        converted[name] = constraints[name].convert(name, raw[name], converted)
    return raw, converted


Bad = namedtuple("Bad", "label value error says")  # says: a regex the message matches


def refuses_for_its_type(constraint, value, args):
    try:
        constraint.convert("_", value, args)
    except TypeError:
        return True
    except ValueError:
        return False
    return False


def bad_values(constraint, args):
    """Every kind of bad value ``constraint``'s type rejects, given the arguments ``args`` converted so far."""
    c = constraint
    if isinstance(c, Either):  # each option's bad values that the others refuse for their type
        others = [option for option in c.options if option is not NONE]
        return [bad._replace(says=re.escape(others[0].what)) if option is NONE and len(others) == 1 else bad
                for i, option in enumerate(c.options) for bad in bad_values(option, args)
                if all(refuses_for_its_type(other, bad.value, args) for other in c.options[:i] + c.options[i + 1:])]
    if isinstance(c, Is):
        return [Bad(_validate._kind(value), value, TypeError, re.escape(c.what)) for value in c.bad if not c.test(value)]
    if isinstance(c, OneOf):
        return [Bad("another value", "something else", ValueError, "must be"), Bad("None", None, ValueError, "must be")]
    if isinstance(c, Each):
        wrap = (lambda value: {"a": value}) if c.keyed else (lambda value: [value])
        return [Bad("text", "text", TypeError, "must be")] + (
            [Bad("empty", {} if c.keyed else [], TypeError, "non-empty")] if c.min_length else []) + [
            Bad(f"an item: {bad.label}", wrap(bad.value), bad.error, bad.says) for bad in bad_values(c.item, args)]
    if isinstance(c, Data):
        return bad_arrays(c, args)
    if isinstance(c, Number):
        return bad_numbers(c, args)
    return []


def bad_arrays(c, args):
    good = np.asarray(example(c, args), dtype=np.float64)
    first = np.arange(good.size).reshape(good.shape) == 0
    bad = [Bad(label, value, TypeError, "array of numbers") for label, value in (
        ("None", None), ("a string", "0 1 2"), ("strings", good.astype(str).tolist()),
        ("numeric strings", good.astype(str).astype(object)), ("ragged", [[1.0], [1.0, 2.0]]))]
    bad += [Bad("complex", good + 1j, TypeError, "real numbers"),
            Bad("masked", np.ma.masked_array(good, mask=first), TypeError, "masked")]
    bad += [Bad(f"{n}-D", np.ones((2,) * n), ValueError, f"{c.ndim[0]}-D")
            for n in sorted({0, 1, 2, 3} - set(c.ndim or range(4)))]
    bad += [Bad("empty", good[:0], ValueError, "empty")] if c.min_length else []
    bad += [Bad("short", good[: c.min_length - 1], ValueError, "at least")] if c.min_length > 1 else []
    bad += [Bad(label, np.where(first, special, good), ValueError, label) for label, special, allowed in
            (("NaN", np.nan, c.allow_nan), ("infinite", np.inf, c.allow_inf)) if not allowed]
    bad += [Bad("one too many", np.concatenate([good, good[:1]]), ValueError, "lengths do not match")
            ] if c.same_length_as else []
    bad += [Bad("not only these", np.where(first, 0.5, good), ValueError, "only")] if c.only else []
    bad += [Bad("a column all the same", np.where(np.arange(good.shape[1]) == 1, 2.0, good), ValueError,
                "two distinct")] if c.varies and good.ndim == 2 else []
    bad += [Bad("all the same", np.full(good.shape, 2.0), ValueError, "two distinct")] if c.varies else []
    if isinstance(c, Params):
        n = c.size(args)
        bad += [Bad(f"{k} values", np.ones(k), ValueError, f"{n} values") for k in (n - 1, n + 1)
                if (c.length or c.of) and k > 0]
    if isinstance(c, Interval):  # not a pair is a TypeError
        bad = [bad._replace(error=TypeError, says="pair") if bad.label.endswith(("-D", "values", "empty")) else bad
               for bad in bad] + [Bad(str(pair), pair, ValueError, "low < high")
                                  for pair in ((1.0, 0.0), (0.0, 0.0), (-1e308, 1e308))]
    if isinstance(c, FigSize):
        bad += [Bad("too wide", (c.max_width + 0.1, 3.0), ValueError, "at most"),
                Bad("negative", (6.0, -1.0), ValueError, "positive")]
    return bad


def bad_numbers(c, args):
    whole = isinstance(c, Integer)
    bad = [Bad(repr(value), value, TypeError, "whole number" if whole else "must be a number")
           for value in (None, "0.5", True, [0.5], np.array([0.5]), 0.5 + 1j) + ((np.nan, np.inf, 2.0, 2.5) if whole else ())]
    bad += [Bad(repr(value), value, ValueError, "finite") for value in (np.nan, np.inf, -np.inf) if not whole]
    for bound, is_open, step in zip(c.bounds(args), (c.low_open, c.high_open), (-1, 1), strict=True):
        outside = [] if bound is None else [bound + step * max(1, abs(bound))] + ([bound] if is_open else [])
        bad += [Bad(repr(value), c.cast(value), ValueError, re.escape(c.describe(args))) for value in outside]
    return bad


# sgd takes 1-D or 2-D x, but its params0's length follows gradient_fn, not x: its 2-D x is
# tested in test_linear.py (sgd against the closed form on many features).
NO_2D_EXAMPLE = {"sgd_lesson.training.sgd"}


def shapes(name):
    """``(label, constraints)``: the function's own, and where an argument takes 1-D or 2-D data (one
    feature or many), the same with that argument's example 2-D, X of shape (n_samples, n_features),
    so that every bad value is tried against both (a wrong length of X, params for the other shape ...)."""
    constraints = _validate.declaration(DECLARED[name]).constraints
    yield "", constraints
    both = [argument for argument, constraint in constraints.items() if isinstance(constraint, _validate.Data)
            and {1, 2} <= set(constraint.ndim or ())]
    if both and name not in NO_2D_EXAMPLE:
        two_d = dict(constraints)
        for argument in both:
            two_d[argument] = copy.copy(constraints[argument])
            two_d[argument].ndim = (2, *(n for n in constraints[argument].ndim if n != 2))  # the example is 2-D
        yield "2-D data, ", two_d


SHAPES = [(name, label, constraints) for name in sorted(DECLARED) for label, constraints in shapes(name)]


def test_the_package_has_declared_functions_in_every_module_it_scans():
    modules = {name.rsplit(".", 1)[0] for name in DECLARED}
    assert {"sgd_lesson.linear", "sgd_lesson.logistic", "sgd_lesson.data", "sgd_lesson.scaling",
            "sgd_lesson.gradcheck", "sgd_lesson.convergence", "sgd_lesson.training", "sgd_lesson.optimizers",
            "sgd_lesson.schedules"} <= modules


@pytest.mark.parametrize("name", sorted(name for name in set(PUBLIC) - NOTHING_TO_DECLARE if arguments_of(PUBLIC[name])))
def test_every_public_function_declares_every_argument(name):
    value = PUBLIC[name]
    declaration = _validate.declaration(value)
    assert declaration is not None, f"{name} takes {arguments_of(value)} but has no declaration (@validate)"
    assert set(arguments_of(value)) <= set(declaration.constraints), (
        f"{name} does not declare {sorted(set(arguments_of(value)) - set(declaration.constraints))}")


@pytest.mark.parametrize("name", sorted(DECLARED))
def test_an_argument_refers_only_to_arguments_that_refer_to_none(name):
    # Declaration converts those that refer to others after the rest: one level, no chains.
    constraints = _validate.declaration(DECLARED[name]).constraints
    assert not [(argument, other) for argument, constraint in constraints.items() for other in constraint.refers
                if constraints[other].refers]


def test_an_undeclared_function_is_caught():
    def helper(x, y):
        return x

    assert _validate.declaration(helper) is None
    declared = _validate.validate(x=_validate.Data())(helper)
    assert set(arguments_of(declared)) - set(_validate.declaration(declared).constraints) == {"y"}


@pytest.mark.parametrize(("name", "label", "constraints"), SHAPES, ids=[f"{label}{name}" for name, label, _ in SHAPES])
def test_the_examples_are_accepted(name, label, constraints):
    raw, _ = examples(_validate.declaration(DECLARED[name]), constraints)
    DECLARED[name](**raw)


def test_functions_of_many_features_get_2d_examples():
    with_2d = {name for name, label, _ in SHAPES if label}
    assert {"sgd_lesson.linear.predict", "sgd_lesson.linear.mse_gradient", "sgd_lesson.linear.least_squares",
            "sgd_lesson.scaling.standardize"} <= with_2d


BAD_CASES = [
    pytest.param(name, constraints, argument, bad, id=f"{name.split('.')[-1]}-{label}{argument}-{bad.label}")
    for name, label, constraints in SHAPES
    for argument in _validate.declaration(DECLARED[name]).order
    for bad in bad_values(constraints[argument], examples(_validate.declaration(DECLARED[name]), constraints)[1])
]


@pytest.mark.parametrize(("name", "constraints", "argument", "bad"), BAD_CASES)
def test_every_bad_value_is_refused_naming_the_argument(name, constraints, argument, bad):
    raw, _ = examples(_validate.declaration(DECLARED[name]), constraints)
    with pytest.raises(bad.error) as caught:
        DECLARED[name](**{**raw, argument: bad.value})
    message = str(caught.value)
    assert re.search(rf"(?<![\w.]){re.escape(argument)}\b", message), f"{argument} not named in: {message}"
    assert re.search(bad.says, message), f"expected /{bad.says}/ in: {message}"


def test_every_kind_of_bad_value_is_generated():
    labels = {bad.label for _, _, _, bad in (case.values for case in BAD_CASES)}
    for kind in ("None", "a string", "strings", "numeric strings", "complex", "masked", "2-D", "empty", "NaN",
                 "infinite", "one too many", "all the same", "not only these", "1 values", "3 values", "the class"):
        assert any(label.startswith(kind) for label in labels), kind
    assert len(BAD_CASES) > 900  # 969 when written: a shrinking catalogue is a weaker test


def other_spellings(constraint, value):
    """The same valid value written the ways students write it (None has no other spelling)."""
    for option in getattr(constraint, "options", [constraint]) if value is not None else ():
        if isinstance(option, _validate.Data) and not isinstance(option, _validate.Run):
            return [np.asarray(value).tolist(), TensorLike(value), np.ma.masked_array(value)]
        if isinstance(option, _validate.Number) and np.ndim(value) == 0:
            dtype = np.int64 if isinstance(option, _validate.Integer) else np.float64
            return [dtype(value), np.array(value, dtype=dtype), TensorLike(np.array(value, dtype=dtype))]
    return []


def same(a, b):
    if dataclasses.is_dataclass(a):
        return same(vars(a), vars(b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[key], b[key]) for key in a)
    if isinstance(a, (tuple, list)) or getattr(a, "dtype", "") is np.dtype(object):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if type(a).__eq__ is object.__eq__:  # a figure, an explorer ...: alike if they describe themselves alike
        return type(a) is type(b) and repr(a) == repr(b)
    return np.array_equal(a, b) if isinstance(a, np.ndarray) else a == b


GOOD_CASES = [
    pytest.param(name, constraints, argument, i, id=f"{name.split('.')[-1]}-{label}{argument}-{i}")
    for name, label, constraints in SHAPES
    for argument in _validate.declaration(DECLARED[name]).order
    for i, _ in enumerate(other_spellings(constraints[argument],
                                          examples(_validate.declaration(DECLARED[name]), constraints)[0][argument]))
]


@pytest.mark.parametrize(("name", "constraints", "argument", "index"), GOOD_CASES)
def test_lists_0d_arrays_numpy_scalars_and_tensors_are_accepted_alike(name, constraints, argument, index):
    function = DECLARED[name]
    raw, _ = examples(_validate.declaration(function), constraints)
    spelling = other_spellings(constraints[argument], raw[argument])[index]
    assert same(function(**{**raw, argument: spelling}), function(**raw))
