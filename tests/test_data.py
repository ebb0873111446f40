"""Fake data: the lecture's noisy line, noisy-threshold labels and lesson 8's curve, reproducible by seed."""

import numpy as np
import pytest

from sgd_lesson import (
    least_squares,
    make_curve_data,
    make_linear_data,
    make_logistic_data,
    mse_loss,
    train_test_indices,
    train_test_split,
)


def test_make_linear_data_shapes_and_types():
    x, y = make_linear_data(50, seed=0)
    assert x.shape == y.shape == (50,)
    assert x.dtype == y.dtype == np.float64


def test_make_linear_data_is_the_same_on_every_machine():
    # Pinned values: the notebooks' stored outputs depend on this stream.
    x, y = make_linear_data(3, seed=0)
    np.testing.assert_allclose(x, [0.6369616873214543, 0.2697867137638703, 0.04097352393619469], rtol=1e-14)
    np.testing.assert_allclose(y, [9.942355097110275, 8.648659329343278, 8.231399088281428], rtol=1e-14)


def test_same_seed_same_arrays_and_different_seeds_differ():
    first, again, other = make_linear_data(100, seed=7), make_linear_data(100, seed=7), make_linear_data(100, seed=8)
    for a, b in zip(first, again, strict=True):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first[0], other[0])
    assert not np.array_equal(first[1], other[1])


def test_a_generator_works_as_a_seed():
    x1, _ = make_linear_data(10, seed=np.random.default_rng(3))
    x2, _ = make_linear_data(10, seed=np.random.default_rng(3))
    np.testing.assert_array_equal(x1, x2)


def test_x_is_uniform_on_its_range_and_y_follows_the_line():
    x, y = make_linear_data(200_000, slope=-2.0, intercept=1.5, noise_std=0.5, x_range=(2.0, 4.0), seed=1)
    assert 2.0 <= x.min() and x.max() <= 4.0
    assert abs(x.mean() - 3.0) < 0.01 and abs(x.var() - 4.0 / 12.0) < 0.01
    np.testing.assert_allclose(least_squares(x, y), [-2.0, 1.5], atol=0.02)
    residual = y - (-2.0 * x + 1.5)
    assert abs(residual.std() - 0.5) < 0.005


def test_the_defaults_are_the_lecture_data():
    x, y = make_linear_data(100_000, seed=2)
    assert 0.0 <= x.min() and x.max() <= 1.0
    np.testing.assert_allclose(least_squares(x, y), [3.0, 8.0], atol=0.02)
    assert abs((y - 3.0 * x - 8.0).std() - 0.3) < 0.005


def test_no_noise_gives_points_on_the_line():
    x, y = make_linear_data(20, noise_std=0.0, seed=0)
    np.testing.assert_allclose(y, 3.0 * x + 8.0, rtol=1e-15)


def test_make_logistic_data_labels_are_0_and_1_floats():
    x, labels = make_logistic_data(500, slope=12.0, intercept=-6.0, seed=0)
    assert x.shape == labels.shape == (500,)
    assert labels.dtype == np.float64
    assert set(np.unique(labels).tolist()) == {0.0, 1.0}
    # Mostly 0 left of the threshold x = 0.5, mostly 1 right of it.
    assert labels[x < 0.3].mean() < 0.2 and labels[x > 0.7].mean() > 0.8


def test_make_logistic_data_is_the_same_on_every_machine():
    # Pinned values, in the order drawn (not sorted): the notebooks' stored outputs depend on them.
    x, labels = make_logistic_data(6, slope=12.0, intercept=-6.0, seed=0)
    np.testing.assert_allclose(x, [0.6369616873214543, 0.2697867137638703, 0.04097352393619469,
                                   0.016527635528529094, 0.8132702392002724, 0.9127555772777217], rtol=1e-14)
    assert labels.tolist() == [1.0, 0.0, 0.0, 0.0, 1.0, 1.0]


def test_make_logistic_data_is_reproducible():
    a = make_logistic_data(100, slope=1.0, intercept=0.0, seed=4)
    b = make_logistic_data(100, slope=1.0, intercept=0.0, seed=4)
    c = make_logistic_data(100, slope=1.0, intercept=0.0, seed=5)
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[1], c[1])


def test_make_curve_data_shapes_and_types():
    x, y = make_curve_data(40, seed=0)
    assert x.shape == y.shape == (40,)
    assert x.dtype == y.dtype == np.float64


def test_make_curve_data_is_the_same_on_every_machine():
    # Pinned values: lesson 8's stored outputs depend on this stream (x first, then the noise,
    # drawn as make_linear_data draws them).
    x, y = make_curve_data(3, seed=0)
    np.testing.assert_allclose(x, [0.5478467492858172, -0.9208531449445188, -1.8361059042552212], rtol=1e-14)
    np.testing.assert_allclose(y, [1.1736590759799788, -1.4775212914073779, -0.37582599112147874], rtol=1e-14)


def test_make_curve_data_same_seed_same_arrays_and_different_seeds_differ():
    first, again, other = make_curve_data(100, seed=7), make_curve_data(100, seed=7), make_curve_data(100, seed=8)
    for a, b in zip(first, again, strict=True):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first[0], other[0]) and not np.array_equal(first[1], other[1])
    g1, g2 = np.random.default_rng(3), np.random.default_rng(3)
    np.testing.assert_array_equal(make_curve_data(10, seed=g1)[1], make_curve_data(10, seed=g2)[1])


def test_make_curve_data_follows_its_formula_with_the_stated_noise():
    x, y = make_curve_data(200_000, frequency=3.0, slope=-1.0, noise_std=0.25, x_range=(0.5, 2.5), seed=1)
    assert 0.5 <= x.min() and x.max() <= 2.5
    assert abs(x.mean() - 1.5) < 0.01 and abs(x.var() - 4.0 / 12.0) < 0.01
    residual = y - (np.sin(3.0 * x) - x)
    assert abs(residual.mean()) < 0.005 and abs(residual.std() - 0.25) < 0.005
    x, y = make_curve_data(50, noise_std=0.0, seed=2)
    np.testing.assert_allclose(y, np.sin(2.0 * x) + 0.5 * x, rtol=1e-15)


def test_the_default_curve_is_one_no_line_fits():
    # The lesson's claim: the best line leaves a mean squared error far above the noise floor
    # noise_std ** 2 = 0.01 (the curve's three bends are what it misses).
    x, y = make_curve_data(10_000, seed=0)
    assert 0.40 < mse_loss(least_squares(x, y), x, y) < 0.46
    assert abs(np.mean((y - np.sin(2.0 * x) - 0.5 * x) ** 2) - 0.01) < 0.001


def test_train_test_split_partitions_the_pairs():
    x = np.arange(20.0)
    y = 10.0 * x
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_fraction=0.25, seed=0)
    assert len(x_train) == 15 and len(x_test) == 5
    np.testing.assert_array_equal(np.sort(np.concatenate([x_train, x_test])), x)
    np.testing.assert_array_equal(y_train, 10.0 * x_train)
    np.testing.assert_array_equal(y_test, 10.0 * x_test)
    assert not np.array_equal(x_train, np.sort(x_train))  # shuffled


def test_train_test_split_is_reproducible_and_keeps_one_on_each_side():
    first = train_test_split(range(10), range(10), seed=3)
    again = train_test_split(range(10), range(10), seed=3)
    for a, b in zip(first, again, strict=True):
        np.testing.assert_array_equal(a, b)
    x_train, x_test, _, _ = train_test_split([1.0, 2.0], [1.0, 2.0], test_fraction=0.01, seed=0)
    assert len(x_train) == 1 and len(x_test) == 1
    x_train, x_test, _, _ = train_test_split([1.0, 2.0, 3.0], [1.0, 2.0, 3.0], test_fraction=0.99, seed=0)
    assert len(x_train) == 1 and len(x_test) == 2


def test_train_test_indices_are_the_rows_train_test_split_takes():
    x, y = np.arange(30.0).reshape(15, 2), np.arange(15.0) ** 2
    train, test = train_test_indices(len(y), test_fraction=0.2, seed=4)
    assert train.dtype.kind == "i" and (len(train), len(test)) == (12, 3)
    assert sorted(np.concatenate([train, test]).tolist()) == list(range(15))
    for part, expected in zip((x[train], x[test], y[train], y[test]),
                              train_test_split(x, y, test_fraction=0.2, seed=4), strict=True):
        np.testing.assert_array_equal(part, expected)


# Bad input (wrong types, NaN, out of range, x_range reversed ...) is tested from the
# declarations in test_declarations.py.


def test_train_test_split_refuses_a_single_sample():
    with pytest.raises(ValueError, match="x needs at least 2 values, got 1"):
        train_test_split([1.0], [1.0])
