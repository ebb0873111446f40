"""batch_size_explorer (lesson 3): sliders for batch size and learning rate on a fixed sample budget."""

import math
import warnings

import matplotlib

matplotlib.use("Agg")

import ipywidgets  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from sgd_lesson import least_squares, make_linear_data  # noqa: E402
from sgd_lesson.widgets import Explorer, batch_size_explorer  # noqa: E402

X, Y = make_linear_data(2_000, seed=0)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def drawn(explorer, **values):
    """The two axes of the explorer's figure for ``values``."""
    return explorer.figure(**values).axes


def test_defaults_and_sliders():
    explorer = batch_size_explorer(X, Y, batch_size=20, learning_rate=0.05, batch_sizes=(1, 20, 200))
    assert isinstance(explorer, Explorer)
    assert explorer.defaults() == {"batch_size": 20, "learning_rate": pytest.approx(0.05)}
    sizes = explorer.controls["batch_size"]()
    rate = explorer.controls["learning_rate"]()
    assert isinstance(sizes, ipywidgets.SelectionSlider) and list(sizes.options) == [1, 20, 200]
    assert isinstance(rate, ipywidgets.FloatLogSlider)
    assert 10**rate.min == pytest.approx(1e-3) and 10**rate.max == pytest.approx(1.0)
    assert "2,000 samples per run" in explorer.title


def test_every_run_reads_the_sample_budget():
    explorer = batch_size_explorer(X, Y, sample_budget=1_000, batch_sizes=(1, 7, 1_000), batch_size=7)
    for batch_size in (1, 7, 1_000):
        path_ax, loss_ax = drawn(explorer, batch_size=batch_size)
        samples = loss_ax.lines[0].get_xdata()
        assert samples[0] == 0 and samples[-1] >= 1_000 and samples[-1] < 1_000 + batch_size
        updates = math.ceil(1_000 / batch_size)
        assert f"after {updates:,} updates" in loss_ax.texts[0].get_text()
        assert len(path_ax.lines[0].get_xdata()) == updates + 1  # the whole path is drawn
        plt.close("all")


def test_the_figure_shows_the_run_and_its_excess_loss():
    path_ax, loss_ax = drawn(batch_size_explorer(X, Y))
    assert path_ax.get_title() == "batch size 10, learning rate 0.1"
    assert path_ax.get_xlabel() == "slope" and loss_ax.get_xlabel() == "samples processed"
    assert loss_ax.get_yscale() == "log"
    excess = loss_ax.lines[0].get_ydata()
    assert excess[0] > 1.0 and excess[-1] < excess[0] / 100  # one epoch of the default setting gets close
    start, end = path_ax.lines[0].get_xydata()[[0, -1]]
    best = least_squares(X, Y)
    assert np.allclose(start, [10.0, 5.0])
    assert np.linalg.norm(end - best) < np.linalg.norm(start - best) / 10


def test_axes_stay_fixed_across_settings():
    explorer = batch_size_explorer(X, Y)
    limits = [(ax.get_xlim(), ax.get_ylim()) for ax in drawn(explorer)]
    for values in ({"batch_size": 1}, {"learning_rate": 0.003}, {"batch_size": 1000, "learning_rate": 0.5}):
        assert [(ax.get_xlim(), ax.get_ylim()) for ax in drawn(explorer, **values)] == limits


def test_a_run_that_blows_up_says_so_without_warnings():
    explorer = batch_size_explorer(X, Y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        path_ax, loss_ax = drawn(explorer, batch_size=1, learning_rate=1.0)
    assert "blew up" in loss_ax.texts[0].get_text()


def test_png_changes_with_each_slider_and_is_deterministic():
    # How quickly it redraws is measured by benchmarks/bench_explorers.py, not here.
    explorer = batch_size_explorer(X, Y)
    default = explorer.png()
    assert default.startswith(PNG_SIGNATURE)
    assert explorer.png() == default  # seeded: the same setting draws the same picture
    assert explorer.png(batch_size=100) != default
    assert explorer.png(learning_rate=0.01) != default


def test_makes_no_pyplot_figures():
    before = set(plt.get_fignums())
    batch_size_explorer(X, Y).png()
    assert set(plt.get_fignums()) == before


def test_rejects_bad_arguments():
    with pytest.raises(ValueError, match="batch_size must be one of"):
        batch_size_explorer(X, Y, batch_size=3)
    with pytest.raises(ValueError, match="at most the number of samples"):
        batch_size_explorer(X, Y, batch_sizes=(1, 10, 5_000))
    with pytest.raises(TypeError, match="batch_sizes must be a non-empty sequence"):
        batch_size_explorer(X, Y, batch_sizes=())
    with pytest.raises(ValueError, match="learning_rate must be between"):
        batch_size_explorer(X, Y, learning_rate=2.0)
    with pytest.raises(ValueError, match="learning_rate must be positive"):
        batch_size_explorer(X, Y, learning_rate=0.0)
    with pytest.raises(TypeError, match="sample_budget must be a whole number"):
        batch_size_explorer(X, Y, sample_budget=1.5)
    with pytest.raises(ValueError, match="seed must be at least 0"):
        batch_size_explorer(X, Y, seed=-1)
    with pytest.raises(ValueError, match="params0 must have 2 values"):
        batch_size_explorer(X, Y, params0=[1.0])
    with pytest.raises(ValueError, match="lengths do not match"):
        batch_size_explorer(X, Y[:5])
