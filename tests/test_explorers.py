"""The ready-made explorers: sliders on the data of the lesson that shows each, a static PNG that
changes with every slider, fixed axes, clear errors and no pyplot figures left behind."""

import math
import warnings

import matplotlib

matplotlib.use("Agg")

import ipywidgets  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from sgd_lesson import least_squares, make_linear_data, mse_hessian  # noqa: E402
from sgd_lesson.explorers import batch_size_explorer, learning_rate_explorer, momentum_explorer  # noqa: E402
from sgd_lesson.figures import method_style  # noqa: E402
from sgd_lesson.widgets import Explorer  # noqa: E402

X2, Y2 = make_linear_data(50, seed=0)  # lesson 2
X3, Y3 = make_linear_data(2_000, seed=0)  # lesson 3 (a smaller sample, as quick)
X4, Y4 = make_linear_data(100, x_range=(2.0, 3.0), seed=0)  # lesson 4
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


# --- learning_rate_explorer (lesson 2) ----------------------------------------

def test_learning_rate_explorer_sliders():
    explorer = learning_rate_explorer(X2, Y2)
    assert explorer.defaults() == {"learning_rate": 0.5, "n_steps": 50}  # lesson 2's
    rate = explorer.controls["learning_rate"]()
    limit = 2.0 / np.linalg.eigvalsh(mse_hessian(X2)).max()
    assert isinstance(rate, ipywidgets.FloatLogSlider)
    assert 10**rate.min == pytest.approx(1e-3) and 10**rate.max > limit  # the slider reaches divergence
    assert f"{limit:.3f}" in explorer.title


@pytest.mark.parametrize("make", [learning_rate_explorer, momentum_explorer, batch_size_explorer])
def test_slider_labels_share_one_width_so_the_tracks_line_up(make):
    explorer = make(X2, Y2)
    controls = [factory() for factory in explorer.controls.values()]
    assert {control.style.description_width for control in controls} == {"100px"}
    assert {control.continuous_update for control in controls} == {False}  # one slider style
    rate = explorer.controls["learning_rate"]()
    assert (type(rate).__name__, rate.description, rate.readout_format) == ("FloatLogSlider", "learning rate", ".3g")


def test_learning_rate_explorer_png_changes_with_each_slider():
    # How quickly it redraws is measured by benchmarks/bench_explorers.py, not here.
    explorer = learning_rate_explorer(X2, Y2)
    default = explorer.png()
    assert default.startswith(PNG_SIGNATURE)
    assert explorer.png() == default  # the same setting draws the same picture
    assert explorer.png(learning_rate=0.05) != default
    assert explorer.png(n_steps=10) != default
    assert explorer.png(learning_rate=1.0).startswith(PNG_SIGNATURE)  # a divergent run draws too


def test_learning_rate_explorer_rejects_bad_arguments():
    with pytest.raises(ValueError, match="lengths do not match"):
        learning_rate_explorer(X2, Y2[:5])


@pytest.mark.parametrize("scale", [1e-3, 1.0, 10.0, 100.0, 1e4])
def test_the_rate_slider_follows_the_data_so_any_scale_gives_a_usable_explorer(scale):
    x = X2 * scale
    limit = 2.0 / np.linalg.eigvalsh(mse_hessian(x)).max()
    for make in (learning_rate_explorer, batch_size_explorer):
        explorer = make(x, Y2)
        rate = explorer.controls["learning_rate"]()
        assert 10**rate.min <= limit / 100 and 10**rate.max > limit  # from slow to divergent
        assert 10**rate.min <= explorer.defaults()["learning_rate"] < limit  # the default converges
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert explorer.png().startswith(PNG_SIGNATURE)
            assert explorer.png(learning_rate=10**rate.max).startswith(PNG_SIGNATURE)


def test_learning_rate_explorer_on_wider_data():
    # x in [0, 10]: the stability limit is far below lesson 2's rates.
    x10, y10 = make_linear_data(50, x_range=(0.0, 10.0), seed=0)
    default = learning_rate_explorer(x10, y10).defaults()["learning_rate"]
    assert default < 2.0 / np.linalg.eigvalsh(mse_hessian(x10)).max()


def test_run_lengths_are_capped_so_a_redraw_stays_quick():
    with pytest.raises(ValueError, match="n_updates must be from 1 to 20000"):
        momentum_explorer(X4, Y4, n_updates=10**7)
    big_x, big_y = make_linear_data(50_000, seed=0)
    explorer = batch_size_explorer(big_x, big_y)
    assert "20,000 samples per run" in explorer.title  # a budget that batch size 1 reads in 20,000 updates


# --- batch_size_explorer (lesson 3) -------------------------------------------

def test_batch_size_explorer_defaults_and_sliders():
    explorer = batch_size_explorer(X3, Y3)
    assert isinstance(explorer, Explorer)
    assert explorer.defaults() == {"batch_size": 10, "learning_rate": pytest.approx(0.1)}
    sizes = explorer.controls["batch_size"]()
    rate = explorer.controls["learning_rate"]()
    assert isinstance(sizes, ipywidgets.SelectionSlider) and list(sizes.options)[-1] == 1000
    assert isinstance(rate, ipywidgets.FloatLogSlider)
    limit = 2.0 / np.linalg.eigvalsh(mse_hessian(X3)).max()
    assert 10**rate.min == pytest.approx(1e-3) and 10**rate.max == pytest.approx(1.3 * limit)
    assert "2,000 samples per run" in explorer.title


def test_batch_size_explorer_runs_read_the_sample_budget():
    explorer = batch_size_explorer(X3, Y3)
    for batch_size in (1, 7, 500):
        path_ax, loss_ax = explorer.figure(batch_size=batch_size).axes
        samples = loss_ax.lines[0].get_xdata()
        assert samples[0] == 0 and samples[-1] >= 2_000 and samples[-1] < 2_000 + batch_size
        updates = math.ceil(2_000 / batch_size)
        assert f"after {updates:,} updates" in loss_ax.texts[0].get_text()
        assert len(path_ax.lines[0].get_xdata()) == updates + 1  # the whole path is drawn


def test_batch_size_explorer_shows_the_run_and_its_excess_loss():
    path_ax, loss_ax = batch_size_explorer(X3, Y3).figure().axes
    assert path_ax.get_title() == "batch size 10, learning rate 0.1"
    assert path_ax.get_xlabel() == "slope" and loss_ax.get_xlabel() == "samples processed"
    assert loss_ax.get_yscale() == "log"
    excess = loss_ax.lines[0].get_ydata()
    assert excess[0] > 1.0 and excess[-1] < excess[0] / 100  # one epoch of the default setting gets close
    start, end = path_ax.lines[0].get_xydata()[[0, -1]]
    best = least_squares(X3, Y3)
    assert np.allclose(start, [10.0, 5.0])
    assert np.linalg.norm(end - best) < np.linalg.norm(start - best) / 10


def test_batch_size_explorer_axes_stay_fixed_across_settings():
    explorer = batch_size_explorer(X3, Y3)
    limits = [(ax.get_xlim(), ax.get_ylim()) for ax in explorer.figure().axes]
    for values in ({"batch_size": 1}, {"learning_rate": 0.003}, {"batch_size": 1000, "learning_rate": 0.5}):
        assert [(ax.get_xlim(), ax.get_ylim()) for ax in explorer.figure(**values).axes] == limits


def test_batch_size_explorer_run_that_blows_up_says_so_without_warnings():
    explorer = batch_size_explorer(X3, Y3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        path_ax, loss_ax = explorer.figure(batch_size=1, learning_rate=1.0).axes
    assert "blew up" in loss_ax.texts[0].get_text()


def test_batch_size_explorer_png_changes_with_each_slider_and_is_deterministic():
    # How quickly it redraws is measured by benchmarks/bench_explorers.py, not here.
    explorer = batch_size_explorer(X3, Y3)
    default = explorer.png()
    assert default.startswith(PNG_SIGNATURE)
    assert explorer.png() == default  # seeded: the same setting draws the same picture
    assert explorer.png(batch_size=100) != default
    assert explorer.png(learning_rate=0.01) != default


def test_batch_size_explorer_makes_no_pyplot_figures():
    before = set(plt.get_fignums())
    batch_size_explorer(X3, Y3).png()
    assert set(plt.get_fignums()) == before


def test_batch_size_explorer_rejects_bad_arguments():
    with pytest.raises(ValueError, match="params0 must have 2 values"):
        batch_size_explorer(X3, Y3, params0=[1.0])
    with pytest.raises(ValueError, match="lengths do not match"):
        batch_size_explorer(X3, Y3[:5])


def test_batch_size_explorer_png_refuses_an_impossible_batch_size_clearly():
    explorer = batch_size_explorer(X3, Y3)
    with pytest.raises(ValueError, match="batch_size must be from 1 to 2000, got 0"):
        explorer.png(batch_size=0)
    with pytest.raises(ValueError, match="batch_size must be from 1 to 2000"):
        explorer.png(batch_size=len(X3) + 1)


def test_batch_size_explorer_blows_up_quietly_at_any_rate():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        path_ax, loss_ax = batch_size_explorer(X3, Y3).figure(learning_rate=1e300).axes
    assert "blew up" in loss_ax.texts[0].get_text()


def test_batch_size_explorer_offers_the_batch_sizes_the_data_allow():
    x, y = make_linear_data(30, seed=0)
    explorer = batch_size_explorer(x, y)
    assert list(explorer.controls["batch_size"]().options) == [1, 2, 5, 10, 20]
    assert explorer.defaults()["batch_size"] == 10
    assert batch_size_explorer(x[:4], y[:4]).defaults()["batch_size"] == 2


# --- momentum_explorer (lesson 4) ----------------------------------------------

def test_momentum_explorer_defaults():
    explorer = momentum_explorer(X4, Y4)
    rate = 1.0 / np.linalg.eigvalsh(mse_hessian(X4)).max()
    defaults = explorer.defaults()
    assert defaults["beta"] == pytest.approx(0.9)
    assert defaults["learning_rate"] == pytest.approx(rate, rel=0.01)


def momentum_notes(fig):
    """Method -> what the distance panel's legend says of its run."""
    return dict(text.get_text().split(": ", 1) for text in fig.axes[1].get_legend().get_texts())


def test_momentum_explorer_reports_arrival_and_failure():
    explorer = momentum_explorer(X4, Y4)
    fig = explorer.figure()
    notes = momentum_notes(fig)
    assert notes["plain"] == "not within 2,000 updates"
    assert notes["heavy ball"].startswith("within 0.001 after ") and "Nesterov" not in notes
    assert len(fig.axes[0].lines) == 2 * 3 + 1  # two runs (path, start, end) and the minimum
    fast = explorer.figure(learning_rate=0.3)  # above 2 / lambda_max for plain steps
    assert momentum_notes(fast)["plain"] == "diverged"


@pytest.mark.parametrize("beta", [0.9, 0.5])
def test_momentum_explorer_shows_where_nesterov_diverges_and_heavy_ball_does_not(beta):
    # Stable while learning_rate * lambda_max < 2 (1 + beta) / (1 + 2 beta) for Nesterov
    # (1.36 at beta = 0.9), < 2 (1 + beta) for heavy ball (3.8).
    explorer = momentum_explorer(X4, Y4, nesterov=True)
    lambda_max = np.linalg.eigvalsh(mse_hessian(X4)).max()
    nesterov_limit, heavy_ball_limit = 2 * (1 + beta) / (1 + 2 * beta), 2 * (1 + beta)

    def diverged(factor):
        notes = momentum_notes(explorer.figure(beta=beta, learning_rate=factor / lambda_max))
        return notes["Nesterov"] == "diverged", notes["heavy ball"] == "diverged"

    assert diverged(0.97 * nesterov_limit) == (False, False)
    assert diverged(1.03 * nesterov_limit) == (True, False)  # Nesterov diverges, heavy ball does not
    assert diverged(0.97 * heavy_ball_limit) == (True, False)
    assert diverged(1.03 * heavy_ball_limit) == (True, True)
    assert len(explorer.figure().axes[0].lines) == 3 * 3 + 1  # three runs and the minimum


def test_momentum_explorer_png_changes_with_beta():
    # How fast it redraws is measured by benchmarks/bench_explorers.py, not asserted here.
    explorer = momentum_explorer(X4, Y4)
    default = explorer.png()
    assert default.startswith(PNG_SIGNATURE)
    assert explorer.png(beta=0.5) != default
    assert explorer.png() == default  # back to the defaults: the same picture (runs are reused)


def test_momentum_explorer_draws_each_method_in_its_style_plain_gradient_descent_thin_on_top():
    path_ax = momentum_explorer(X4, Y4, nesterov=True).figure().axes[0]
    paths = {line.get_label().split(",")[0]: line for line in path_ax.get_lines()
             if not line.get_label().startswith("_")}
    for name, method in (("plain gradient descent", "gradient descent"), ("heavy ball", "heavy ball"),
                         ("Nesterov", "Nesterov")):
        assert paths[name].get_color() == method_style(method)["color"]
    order = list(paths)
    assert order.index("heavy ball") < order.index("plain gradient descent")  # heavy ball first, underneath
    assert paths["plain gradient descent"].get_linewidth() < paths["heavy ball"].get_linewidth()


def test_momentum_explorer_draws_a_run_that_blew_up_only_until_it_leaves_the_window():
    # At 1.5 / lambda_max Nesterov blows up: its later swings would cross the whole frame, over the other paths.
    lambda_max = np.linalg.eigvalsh(mse_hessian(X4)).max()
    path_ax = momentum_explorer(X4, Y4, nesterov=True, learning_rate=1.5 / lambda_max).figure().axes[0]
    (low_x, high_x), (low_y, high_y) = path_ax.get_xlim(), path_ax.get_ylim()
    nesterov = next(line for line in path_ax.get_lines() if line.get_label().startswith("Nesterov"))
    inside = (np.abs(nesterov.get_xdata() - (low_x + high_x) / 2) <= (high_x - low_x) / 2) & (
        np.abs(nesterov.get_ydata() - (low_y + high_y) / 2) <= (high_y - low_y) / 2)
    assert inside[:-1].all() and not inside[-1]  # inside the window, then one point out of it, and no more


def test_momentum_explorer_makes_no_pyplot_figures():
    before = set(plt.get_fignums())
    momentum_explorer(X4, Y4).png()
    assert set(plt.get_fignums()) == before


def test_momentum_explorer_rejects_bad_input():
    with pytest.raises(ValueError, match="learning_rate must be between"):
        momentum_explorer(X4, Y4, learning_rate=10.0)
    with pytest.raises(ValueError, match="n_updates"):
        momentum_explorer(X4, Y4, n_updates=100_000)
    with pytest.raises(ValueError, match="lengths do not match"):
        momentum_explorer(X4, Y4[:10])


@pytest.mark.parametrize("offset", [1e6, -1e8])
def test_momentum_explorer_on_data_far_from_zero(offset):
    # Issue 9: least_squares' old spread guard refused x + 1e6, and with it the explorer.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        explorer = momentum_explorer(X4 + offset, Y4)
        assert explorer.png().startswith(PNG_SIGNATURE)
