"""The shared argument checks, on the cases the public tests do not reach."""

import numpy as np
import pytest

from sgd_lesson import _validate


def test_as_data_gives_a_float64_array_from_lists_ints_and_tuples():
    for value in ([1, 2, 3], (1.0, 2.0, 3.0), np.array([1, 2, 3], dtype=np.int32), range(1, 4)):
        array = _validate.as_data("x", value)
        assert array.dtype == np.float64 and array.tolist() == [1.0, 2.0, 3.0]


def test_as_data_can_allow_empty_and_other_dimensions():
    assert _validate.as_data("x", [], allow_empty=True).shape == (0,)
    assert _validate.as_data("grid", [[1.0, 2.0]], ndim=2).shape == (1, 2)


@pytest.mark.parametrize("value", [True, False, np.bool_(True)])
def test_number_rejects_bools(value):
    with pytest.raises(TypeError, match="rate must be a number, got bool"):
        _validate.number("rate", value)


def test_number_accepts_numpy_scalars_and_can_allow_infinity():
    assert _validate.number("rate", np.float32(0.5)) == 0.5
    assert type(_validate.number("rate", np.int64(2))) is float
    assert _validate.number("limit", np.inf, finite=False) == np.inf
    with pytest.raises(ValueError, match="limit must be a finite number"):
        _validate.number("limit", np.nan, finite=False)


def test_integer_accepts_numpy_integers_and_respects_the_minimum():
    assert _validate.integer("n", np.int64(3)) == 3
    assert _validate.integer("seed", 0, minimum=0) == 0
    with pytest.raises(ValueError, match="n must be at least 1, got 0"):
        _validate.integer("n", 0)
    with pytest.raises(TypeError, match="n must be a whole number, got float"):
        _validate.integer("n", 3.0)


def test_seed_or_none():
    generator = np.random.default_rng(0)
    assert _validate.seed_or_none(None) is None
    assert _validate.seed_or_none(generator) is generator
    assert _validate.seed_or_none(np.uint8(5)) == 5
    with pytest.raises(TypeError, match="seed"):
        _validate.seed_or_none(np.random.RandomState(0))


def test_same_length_names_every_array():
    _validate.same_length(a=np.zeros(2), b=np.zeros(2), c=np.zeros(2))
    with pytest.raises(ValueError, match="lengths do not match: a has 2, b has 2, c has 3"):
        _validate.same_length(a=np.zeros(2), b=np.zeros(2), c=np.zeros(3))


def test_interval_checks_each_end():
    assert _validate.interval("x_range", [0, 1]) == (0.0, 1.0)
    with pytest.raises(TypeError, match=r"x_range\[1\] must be a number"):
        _validate.interval("x_range", (0.0, "1"))
    with pytest.raises(TypeError, match="x_range must be a pair"):
        _validate.interval("x_range", (0.0, 1.0, 2.0))


def test_as_labels_accepts_bools_and_ints():
    assert _validate.as_labels("labels", [True, False, 1, 0]).tolist() == [1.0, 0.0, 1.0, 0.0]
