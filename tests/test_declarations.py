"""Bad input, tested from the declarations: every declared argument of every declared
public function (and update rule, and schedule) gets every kind of bad value its
constraint knows (wrong type, wrong shape, empty, NaN, inf, out of range ...), and must
be refused with a message naming the argument and what was expected. A new function is
covered by declaring it; a public function with arguments and no declaration fails here."""

import copy
import dataclasses
import importlib
import inspect
import pkgutil
import re

import matplotlib.pyplot as plt
import numpy as np
import pytest
from test_linear import TensorLike  # a torch tensor as far as the package uses one

import sgd_lesson
from sgd_lesson import _validate

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


def examples(declaration, constraints=None):
    """Valid raw arguments, and the same converted (later examples may depend on earlier ones)."""
    constraints = constraints or declaration.constraints
    raw, converted = {}, {}
    for name in declaration.order:
        raw[name] = constraints[name].example(converted)
        converted[name] = constraints[name].convert(name, raw[name], converted)
    return raw, converted


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
    for bad in constraints[argument].bad_values(examples(_validate.declaration(DECLARED[name]), constraints)[1])
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
    """The same valid value written the ways students write it."""
    for option in getattr(constraint, "options", [constraint]):
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
