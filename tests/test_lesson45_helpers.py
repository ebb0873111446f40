"""Helpers appended for lessons 4 and 5: the momentum explorer and the probability curve."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from sgd_lesson import make_linear_data, make_logistic_data, mse_hessian  # noqa: E402
from sgd_lesson.plots import plot_probability_curve, subplots  # noqa: E402
from sgd_lesson.widgets import momentum_explorer  # noqa: E402

X, Y = make_linear_data(100, x_range=(2.0, 3.0), seed=0)
XL, LABELS = make_logistic_data(300, slope=12.0, intercept=-8.0, seed=0)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


# --- plot_probability_curve -------------------------------------------------

def test_probability_curve_draws_points_curve_threshold_and_boundary():
    fig, ax = subplots()
    returned = plot_probability_curve(XL, LABELS, [12.0, -8.0], ax=ax, true_params=[11.0, -7.0])
    assert returned is ax
    assert len(ax.collections) == 2  # label 0 and label 1
    # true curve, fitted curve, threshold, boundary
    assert len(ax.lines) == 4
    boundary = [line for line in ax.lines if line.get_label().startswith("boundary")]
    assert len(boundary) == 1
    assert boundary[0].get_xdata()[0] == pytest.approx(8.0 / 12.0)
    assert boundary[0].get_label() == "boundary x = 0.667"


def test_probability_curve_follows_the_sigmoid():
    ax = plot_probability_curve(XL, LABELS, [12.0, -8.0])
    curve = next(line for line in ax.lines if line.get_label() == "fitted probability")
    grid, probability = curve.get_xdata(), curve.get_ydata()
    np.testing.assert_allclose(probability, 1.0 / (1.0 + np.exp(-(12.0 * grid - 8.0))), rtol=1e-12)


def test_boundary_moves_with_the_threshold():
    ax = plot_probability_curve(XL, LABELS, [12.0, -8.0], threshold=0.9)
    boundary = next(line for line in ax.lines if line.get_label().startswith("boundary"))
    assert boundary.get_xdata()[0] == pytest.approx((np.log(9.0) + 8.0) / 12.0)


def test_points_sit_near_their_labels_in_an_even_repeatable_spread():
    first = plot_probability_curve(XL, LABELS, jitter=0.03)
    second = plot_probability_curve(XL, LABELS, jitter=0.03)
    for a, b, label in zip(first.collections, second.collections, (0.0, 1.0), strict=True):
        offsets = a.get_offsets()
        np.testing.assert_array_equal(offsets, b.get_offsets())
        assert np.all(np.abs(offsets[:, 1] - label) <= 0.03)
    assert len(first.collections[0].get_offsets()) == int((LABELS == 0).sum())
    flat = plot_probability_curve(XL, LABELS, jitter=0.0)
    assert set(flat.collections[1].get_offsets()[:, 1]) == {1.0}


def test_no_params_draws_only_the_points_and_a_boundary_outside_the_data_is_left_out():
    assert len(plot_probability_curve(XL, LABELS).lines) == 0
    ax = plot_probability_curve(XL, LABELS, [1.0, -5.0])  # boundary at x = 5, beyond [0, 1]
    assert not any(line.get_label().startswith("boundary") for line in ax.lines)


def test_probability_curve_makes_one_figure_only_when_asked():
    before = len(plt.get_fignums())
    fig, ax = subplots()
    plot_probability_curve(XL, LABELS, [12.0, -8.0], ax=ax)
    assert len(plt.get_fignums()) == before + 1


def test_probability_curve_rejects_bad_input():
    with pytest.raises(ValueError, match="labels must contain only 0 and 1"):
        plot_probability_curve(XL, XL)
    with pytest.raises(ValueError, match="threshold"):
        plot_probability_curve(XL, LABELS, [1.0, 0.0], threshold=1.0)
    with pytest.raises(ValueError, match="lengths do not match"):
        plot_probability_curve(XL[:5], LABELS)
    with pytest.raises(ValueError, match="jitter"):
        plot_probability_curve(XL, LABELS, jitter=-0.1)


# --- momentum_explorer ------------------------------------------------------

def test_momentum_explorer_defaults():
    explorer = momentum_explorer(X, Y)
    rate = 1.0 / np.linalg.eigvalsh(mse_hessian(X)).max()
    defaults = explorer.defaults()
    assert defaults["beta"] == pytest.approx(0.9)
    assert defaults["learning_rate"] == pytest.approx(rate, rel=0.01)


def test_momentum_explorer_reports_arrival_and_failure():
    explorer = momentum_explorer(X, Y)
    fig = explorer.figure()
    path_ax, error_ax = fig.axes
    notes = [text.get_text() for text in error_ax.get_legend().get_texts()]
    assert notes[0] == "plain: not within 2,000 updates"
    assert notes[1].startswith("momentum: within 0.001 after ")
    assert len(path_ax.lines) == 2 * 3 + 1  # two runs (path, start, end) and the minimum
    fast = explorer.figure(learning_rate=0.3)  # above 2 / lambda_max for plain steps
    assert fast.axes[1].get_legend().get_texts()[0].get_text() == "plain: diverged"


def test_momentum_explorer_png_changes_with_beta():
    # How fast it redraws is measured by benchmarks/bench_explorers.py, not asserted here.
    explorer = momentum_explorer(X, Y)
    default = explorer.png()
    assert default.startswith(PNG_SIGNATURE)
    assert explorer.png(beta=0.5) != default
    assert explorer.png() == default  # back to the defaults: the same picture (runs are reused)


def test_momentum_explorer_draws_plain_gradient_descent_dashed_on_top_of_momentum():
    path_ax = momentum_explorer(X, Y).figure().axes[0]
    paths = [line for line in path_ax.get_lines() if not line.get_label().startswith("_")]
    labels = [line.get_label() for line in paths]
    plain = labels.index("plain gradient descent")
    momentum = next(i for i, label in enumerate(labels) if label.startswith("momentum"))
    assert momentum < plain  # drawn first, underneath
    assert paths[plain].get_linestyle() == "--"
    assert paths[plain].get_linewidth() < paths[momentum].get_linewidth()


def test_momentum_explorer_makes_no_pyplot_figures():
    before = set(plt.get_fignums())
    momentum_explorer(X, Y).png()
    assert set(plt.get_fignums()) == before


def test_momentum_explorer_rejects_bad_input():
    with pytest.raises(ValueError, match="beta"):
        momentum_explorer(X, Y, beta=1.0)
    with pytest.raises(ValueError, match="learning_rate must be between"):
        momentum_explorer(X, Y, learning_rate=10.0)
    with pytest.raises(ValueError, match="n_updates"):
        momentum_explorer(X, Y, n_updates=100_000)
    with pytest.raises(ValueError, match="lengths do not match"):
        momentum_explorer(X, Y[:10])
