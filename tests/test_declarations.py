"""Bad input, tested from the declarations: every declared argument of every declared
public function (and update rule, and schedule) gets every kind of bad value its
constraint knows (wrong type, wrong shape, empty, NaN, inf, out of range ...), and must
be refused with a message naming the argument and what was expected. A new function is
covered by declaring it; a public function with arguments and no declaration fails here."""

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


def examples(declaration):
    """Valid raw arguments, and the same converted (later examples may depend on earlier ones)."""
    raw, converted = {}, {}
    for name in declaration.order:
        raw[name] = declaration.constraints[name].example(converted)
        converted[name] = declaration.constraints[name].convert(name, raw[name], converted)
    return raw, converted


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


@pytest.mark.parametrize("name", sorted(DECLARED))
def test_the_examples_are_accepted(name):
    raw, _ = examples(_validate.declaration(DECLARED[name]))
    DECLARED[name](**raw)


BAD_CASES = [
    pytest.param(name, argument, bad, id=f"{name.split('.')[-1]}-{argument}-{bad.label}")
    for name, function in sorted(DECLARED.items())
    for argument in _validate.declaration(function).order
    for bad in _validate.declaration(function).constraints[argument].bad_values(
        examples(_validate.declaration(function))[1])
]


@pytest.mark.parametrize(("name", "argument", "bad"), BAD_CASES)
def test_every_bad_value_is_refused_naming_the_argument(name, argument, bad):
    raw, _ = examples(_validate.declaration(DECLARED[name]))
    with pytest.raises(bad.error) as caught:
        DECLARED[name](**{**raw, argument: bad.value})
    message = str(caught.value)
    assert re.search(rf"(?<![\w.]){re.escape(argument)}\b", message), f"{argument} not named in: {message}"
    assert re.search(bad.says, message), f"expected /{bad.says}/ in: {message}"


def test_every_kind_of_bad_value_is_generated():
    labels = {bad.label for _, _, bad in (case.values for case in BAD_CASES)}
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
    pytest.param(name, argument, i, id=f"{name.split('.')[-1]}-{argument}-{i}")
    for name, function in sorted(DECLARED.items())
    for argument in _validate.declaration(function).order
    for i, _ in enumerate(other_spellings(_validate.declaration(function).constraints[argument],
                                          examples(_validate.declaration(function))[0][argument]))
]


@pytest.mark.parametrize(("name", "argument", "index"), GOOD_CASES)
def test_lists_0d_arrays_numpy_scalars_and_tensors_are_accepted_alike(name, argument, index):
    function = DECLARED[name]
    declaration = _validate.declaration(function)
    raw, _ = examples(declaration)
    spelling = other_spellings(declaration.constraints[argument], raw[argument])[index]
    assert same(function(**{**raw, argument: spelling}), function(**raw))
