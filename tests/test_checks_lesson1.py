"""The lesson 1 exercise checks: right, wrong (with the diagnosing hint) and unanswered."""

import numpy as np
import pytest

from sgd_lesson import least_squares, make_linear_data, mse_loss
from sgd_lesson.checks.lesson1 import (
    OnePass,
    check_best_intercept_for_slope,
    check_fit_in_one_pass,
    check_loss_scale_factor,
    check_slope_through_origin,
    check_true_line_gap,
    lesson_data,
    stream_chunks,
    stream_data,
)

X, Y = make_linear_data(50, seed=0)
RESIDUALS = 3.0 * X + 8.0 - Y


def printed(capsys, check, answer):
    assert check(answer) is None
    return capsys.readouterr().out


def test_lesson_data_is_the_notebooks_data():
    x, y = lesson_data()
    np.testing.assert_array_equal(x, X)
    np.testing.assert_array_equal(y, Y)


@pytest.mark.parametrize("check", [check_true_line_gap, check_best_intercept_for_slope,
                                   check_loss_scale_factor, check_slope_through_origin, check_fit_in_one_pass])
def test_unanswered(capsys, check):
    out = printed(capsys, check, ...)
    assert "no answer yet" in out and "right" not in out


GAP = mse_loss([3.0, 8.0], X, Y) - mse_loss(least_squares(X, Y), X, Y)


def test_true_line_gap_right_and_positive(capsys):
    assert GAP > 0  # no line beats least squares on its own points
    assert "Exercise 1.1: right!" in printed(capsys, check_true_line_gap, GAP)
    assert "right!" in printed(capsys, check_true_line_gap, np.float64(round(GAP, 6)))
    assert "right!" in printed(capsys, check_true_line_gap, float(f"{GAP:.3g}"))  # 3 significant figures
    assert "Larger" in printed(capsys, check_true_line_gap, [GAP])


@pytest.mark.parametrize("answer, words", [
    (-GAP, "Check the order"),
    (mse_loss([3.0, 8.0], X, Y), "true line's MSE itself"),
    (mse_loss(least_squares(X, Y), X, Y), "least-squares line's MSE"),
    (50 * GAP, "summed"),
    (np.sqrt(mse_loss([3.0, 8.0], X, Y)) - np.sqrt(mse_loss(least_squares(X, Y), X, Y)), "square roots"),
    (mse_loss([8.0, 3.0], X, Y) - mse_loss(least_squares(X, Y), X, Y), "swapped"),
    (mse_loss([10.0, 5.0], X, Y) - mse_loss(least_squares(X, Y), X, Y), "uses the guess"),
    (0.5, "Compute both MSEs"),
    ("0.002", "not text"),
    (-0.5, "no line's MSE is below it"),
    (0.0022, "Close: give at least 3 significant figures"),
    (0.002, "(Answers are compared to 3 significant figures.)"),  # a shorter prefix: no "close"
])
def test_true_line_gap_wrong(capsys, answer, words):
    out = printed(capsys, check_true_line_gap, answer)
    assert "not yet" in out and words in out
    assert f"{GAP:.4f}" not in out and f"{GAP:.3g}" not in out  # never the answer


def test_best_intercept_right(capsys):
    assert "right!" in printed(capsys, check_best_intercept_for_slope, np.mean(Y - 10.0 * X))


@pytest.mark.parametrize("answer, words", [
    (5.0, "guess's intercept"),
    (least_squares(X, Y)[1], "best line overall"),
    (8.0, "true line's intercept"),
    (np.mean(Y), "slope 0"),
    (np.mean(Y + 10.0 * X), "sign"),
    (np.sum(Y - 10.0 * X), "summed"),
    (0.0, "where is its derivative zero"),
    (-np.mean(Y - 10.0 * X), "sign"),  # 10 * mean(x) - mean(y)
])
def test_best_intercept_wrong(capsys, answer, words):
    out = printed(capsys, check_best_intercept_for_slope, answer)
    assert "not yet" in out and words in out


def test_loss_scale_factor_right_and_confirmed_numerically(capsys):
    scaled = mse_loss(least_squares(X, 10 * Y), X, 10 * Y) / mse_loss(least_squares(X, Y), X, Y)
    assert "right!" in printed(capsys, check_loss_scale_factor, scaled)


@pytest.mark.parametrize("answer, words", [
    (10, "how much each residual grows"),
    (1, "do not stay the same"),
    (0.01, "grows"),
    (np.sqrt(10), "root"),
    (50, "The MSE is built from them"),
    ([100, 10], "one number"),
])
def test_loss_scale_factor_wrong(capsys, answer, words):
    out = printed(capsys, check_loss_scale_factor, answer)
    assert "not yet" in out and words in out


def test_slope_through_origin_right_and_minimal(capsys):
    slopes = np.linspace(10, 20, 2001)
    numeric = slopes[np.argmin([np.mean((s * X - Y) ** 2) for s in slopes])]
    assert "right!" in printed(capsys, check_slope_through_origin, np.sum(X * Y) / np.sum(X * X))
    assert abs(numeric - np.sum(X * Y) / np.sum(X * X)) < 0.01


@pytest.mark.parametrize("answer, words", [
    (least_squares(X, Y)[0], "free intercept"),
    (3.0, "true slope"),
    (np.mean(Y) / np.mean(X), "ratio of y to x"),
    (np.sum(X * X) / np.sum(X * Y), "Upside down"),
    (1.0, "parabola in the slope alone"),
    ("14", "not text"),
])
def test_slope_through_origin_wrong(capsys, answer, words):
    out = printed(capsys, check_slope_through_origin, answer)
    assert "not yet" in out and words in out


def fit_right(chunks):
    ata, aty = np.zeros((2, 2)), np.zeros(2)
    for x_chunk, y_chunk in chunks:
        design = np.column_stack([x_chunk, np.ones_like(x_chunk)])
        ata += design.T @ design
        aty += design.T @ y_chunk
    return np.linalg.solve(ata, aty)


def fit_by_sums(chunks):  # the same pass with the five sums written out
    n = sx = sy = sxx = sxy = 0.0
    for x_chunk, y_chunk in chunks:
        n += len(x_chunk)
        sx, sy = sx + x_chunk.sum(), sy + y_chunk.sum()
        sxx, sxy = sxx + x_chunk @ x_chunk, sxy + x_chunk @ y_chunk
    slope = (n * sxy - sx * sy) / (n * sxx - sx**2)
    return [slope, (sy - slope * sx) / n]


def fit_reset_inside(chunks):
    for x_chunk, y_chunk in chunks:
        ata, aty = np.zeros((2, 2)), np.zeros(2)
        design = np.column_stack([x_chunk, np.ones_like(x_chunk)])
        ata += design.T @ design
        aty += design.T @ y_chunk
    return np.linalg.solve(ata, aty)


def fit_return_inside(chunks):
    for x_chunk, y_chunk in chunks:
        return least_squares(x_chunk, y_chunk)


def fit_average_of_fits(chunks):
    return np.mean([least_squares(x_chunk, y_chunk) for x_chunk, y_chunk in chunks], axis=0)


def fit_chunk_means(chunks):
    ata, aty = np.zeros((2, 2)), np.zeros(2)
    for x_chunk, y_chunk in chunks:
        design = np.column_stack([x_chunk, np.ones_like(x_chunk)])
        ata += design.T @ design / len(x_chunk)
        aty += design.T @ y_chunk / len(x_chunk)
    return np.linalg.solve(ata, aty)


def fit_no_ones(chunks):
    xx = xy = 0.0
    for x_chunk, y_chunk in chunks:
        xx, xy = xx + x_chunk @ x_chunk, xy + x_chunk @ y_chunk
    return xy / xx


def fit_two_passes(chunks):  # lesson 1's centred formula: the means first, then a second pass
    x_all = np.concatenate([x_chunk for x_chunk, _ in chunks])
    y_all = np.concatenate([y_chunk for _, y_chunk in chunks])
    x_mean, y_mean = x_all.mean(), y_all.mean()
    top = sum(((xc - x_mean) * (yc - y_mean)).sum() for xc, yc in chunks)
    bottom = sum(((xc - x_mean) ** 2).sum() for xc, _ in chunks)
    return [top / bottom, y_mean - top / bottom * x_mean]


def stub(chunks):
    ...


def test_one_pass_fit_right_is_least_squares(capsys):
    np.testing.assert_allclose(fit_right(stream_chunks()), least_squares(*stream_data()), rtol=1e-12)
    np.testing.assert_allclose(fit_right([(X, Y)]), least_squares(X, Y), rtol=1e-12)
    # unequal chunks, so that averaging the chunks' fits or their means is a distinct mistake
    assert [len(x_chunk) for x_chunk, _ in stream_chunks()] == [20, 20, 5]
    assert "Exercise 1.5: right!" in printed(capsys, check_fit_in_one_pass, fit_right)
    assert "right!" in printed(capsys, check_fit_in_one_pass, fit_by_sums)
    assert "no answer yet" in printed(capsys, check_fit_in_one_pass, stub)


@pytest.mark.parametrize("function, words", [
    (fit_reset_inside, "last chunk alone"),
    (fit_return_inside, "first chunk alone"),
    (fit_average_of_fits, "averages the fits"),
    (fit_chunk_means, "differ in size"),
    (lambda chunks: fit_right(chunks)[::-1], "wrong order"),
    (fit_no_ones, "column of ones"),
    (fit_two_passes, "read only once"),
    (lambda chunks: 1 / 0, "ZeroDivisionError"),
    (lambda chunks: [list(chunks), [2.0, 9.0]][1], "sums over the points"),
    (lambda chunks: [list(chunks), "3.16"][1], "not text"),
    # the exercise's point is the pass over the chunks: a function that never reads them cannot pass
    (lambda chunks: least_squares(X, Y), "never read its chunks"),
    (lambda chunks: [3.157, 7.927], "never read its chunks"),
    (lambda chunks: [list(chunks), least_squares(X, Y)][1], "the lesson's line"),
])
def test_one_pass_fit_wrong(capsys, function, words):
    out = printed(capsys, check_fit_in_one_pass, function)
    assert "not yet" in out and words in out
    assert "3.157" not in out and "7.927" not in out
    slope, intercept = least_squares(*stream_data())
    assert f"{slope:.3g}" not in out and f"{intercept:.3g}" not in out  # never the answer


def test_one_pass_data_are_not_the_lessons():
    x, y = stream_data()
    assert len(x) != len(X) and not np.allclose(least_squares(x, y), least_squares(X, Y), rtol=0.1)


def test_the_chunks_can_be_read_once():
    chunks = OnePass(stream_chunks())
    assert len(list(chunks)) == 3
    with pytest.raises(RuntimeError, match="read only once"):
        list(chunks)
