"""The declaration machinery itself, on the cases the generated tests do not reach."""

import dataclasses
import functools
import inspect
import warnings

import numpy as np
import pytest

from sgd_lesson import _validate, mse_gradient
from sgd_lesson._validate import (
    SEED,
    Callable,
    Data,
    Integer,
    LengthOf,
    Number,
    OneOf,
    Params,
    Run,
    fields,
    unchecked,
    validate,
)


@validate(params=Params(of="x"), x=Data(ndim=(1, 2)), y=Data(same_length_as="x"), rate=Number(above=0) | Callable(),
          batch=Integer(at_most=LengthOf("x")) | None)
def declared(params, x, y, *, rate=0.1, batch=None):
    """A declared function: its body sees converted arguments."""
    return params, x, y, rate, batch


def test_arguments_are_converted_before_the_body_runs():
    params, x, y, rate, batch = declared([1, 2], [0, 1, 2], (3, 4, 5), rate=np.float32(0.5), batch=np.int64(2))
    assert params.dtype == x.dtype == y.dtype == np.float64
    assert type(rate) is float and type(batch) is int
    assert declared([1, 2, 3], [[0, 1], [2, 3]], [1, 2])[0].tolist() == [1.0, 2.0, 3.0]  # 2-D x: 2 features + 1


def test_an_argument_is_converted_after_those_it_refers_to():
    # params is declared first but reads x: a bad x is reported, not a confusing params error.
    with pytest.raises(ValueError, match="^x contains NaN"):
        declared([1, 2, 3], [0, np.nan], [1, 2])
    assert _validate.declaration(declared).order.index("x") < _validate.declaration(declared).order.index("params")


def test_either_prefers_the_message_of_the_option_whose_type_fits():
    with pytest.raises(ValueError, match="rate must be positive, got -1.0"):
        declared([1, 2], [0, 1], [0, 1], rate=-1)
    with pytest.raises(TypeError, match="rate must be a number or callable, got str"):
        declared([1, 2], [0, 1], [0, 1], rate="fast")
    with pytest.raises(ValueError, match=r"batch must be from 1 to the number of samples in x \(2\), got 3"):
        declared([1, 2], [0, 1], [0, 1], batch=3)


def test_the_body_keeps_its_source_and_the_wrapper_its_signature():
    assert "residual @ x" in inspect.getsource(mse_gradient)
    assert "validate" not in inspect.getsource(unchecked(mse_gradient)).split("def ")[1]
    assert str(inspect.signature(mse_gradient)) == "(params, x, y)"
    assert mse_gradient.__doc__.startswith("Gradient of")


def test_unchecked_unwraps_only_our_own_wrapper():
    body = unchecked(mse_gradient)
    assert body is mse_gradient.__wrapped__ and unchecked(body) is body

    @functools.wraps(mse_gradient)
    def logged(*args):  # a student's own wrapper around a declared function stays in place
        return mse_gradient(*args)

    assert unchecked(logged) is logged
    assert unchecked(np.sum) is np.sum


def test_overflow_in_a_body_is_a_clear_value_error_and_no_warning():
    @validate(x=Data())
    def square_sum(x):
        return float(x @ x)

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match="square_sum: the values overflow float64"):
            square_sum([1e200, 1e200])
    assert square_sum([3.0, 4.0]) == 25.0


def test_a_declaration_must_name_real_arguments():
    with pytest.raises(TypeError, match="has no argument named z"):
        validate(z=Data())(lambda x: x)


def test_fields_checks_a_frozen_dataclass_in_post_init():
    @dataclasses.dataclass(frozen=True, kw_only=True)
    class Rule:
        beta: float = 0.9
        mode: str = "a"
        __post_init__ = fields(beta=Number(at_least=0, below=1), mode=OneOf("a", "b"))

    assert Rule(beta=np.array(0.5)).beta == 0.5 and type(Rule(beta=0).beta) is float
    with pytest.raises(ValueError, match=r"beta must be in \[0, 1\), got 1.0"):
        Rule(beta=1)
    with pytest.raises(ValueError, match="mode must be 'a' or 'b', got 'c'"):
        Rule(mode="c")
    assert _validate.declaration(Rule).order == ["beta", "mode"]


def test_numbers_accept_0d_arrays_and_numpy_scalars_but_not_bools_or_1d_arrays():
    number = Number(above=0)
    assert number.convert("rate", np.array(0.25), {}) == 0.25
    assert number.convert("rate", np.float32(0.5), {}) == 0.5
    for bad in (True, np.bool_(True), np.array([0.5]), np.array(True), "0.5"):
        with pytest.raises(TypeError, match="rate must be a number"):
            number.convert("rate", bad, {})
    assert Integer().convert("n", np.array(3), {}) == 3
    with pytest.raises(TypeError, match="n must be a whole number, got float"):
        Integer().convert("n", 3.0, {})


def test_data_reads_numbers_of_mixed_types_and_refuses_odd_arrays():
    from fractions import Fraction

    assert Data().convert("x", [1, 2.5, np.float32(3), Fraction(1, 2)], {}).tolist() == [1.0, 2.5, 3.0, 0.5]
    assert Data().convert("x", np.ma.masked_array([1.0, 2.0]), {}).tolist() == [1.0, 2.0]  # nothing masked
    for bad, says in ((np.ma.masked_array([1.0, 2.0], mask=[0, 1]), "masked array"),
                      (np.array([1 + 2j]), "real numbers"), (np.array(["1", "2"], dtype=object), "holding str"),
                      ([1.0, None], "holding NoneType"), (np.array([True, "a"], dtype=object), "holding bool")):
        with pytest.raises(TypeError, match=f"^x .*{says}"):
            Data().convert("x", bad, {})


def test_seed_and_run():
    generator = np.random.default_rng(0)
    assert SEED.convert("seed", None, {}) is None and SEED.convert("seed", generator, {}) is generator
    assert SEED.convert("seed", np.uint8(5), {}) == 5
    with pytest.raises(TypeError, match="seed must be a whole number or None or a numpy Generator, got RandomState"):
        SEED.convert("seed", np.random.RandomState(0), {})
    path = Run().convert("trajectory", [[0.0, np.nan], [np.inf, 1.0]], {})
    assert path.params.shape == (2, 2) and path.diverged is False

