"""The plot helpers: they return axes, draw what they promise and leak no figures."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import LineCollection, PathCollection  # noqa: E402
from matplotlib.colors import same_color  # noqa: E402

from sgd_lesson import (  # noqa: E402
    least_squares,
    make_linear_data,
    make_logistic_data,
    mse_gradient,
    mse_loss,
    sgd,
)
from sgd_lesson.figures import MAX_WIDTH  # noqa: E402
from sgd_lesson.plots import (  # noqa: E402
    COLORS,
    CYCLE,
    _bowl,
    _excess_mse,
    _level_format,
    legend_below,
    method_style,
    plot_fit,
    plot_last_points,
    plot_learning_rate_panels,
    plot_loss_contours,
    plot_loss_curves,
    plot_loss_surface,
    plot_probability_curve,
    plot_step_factors,
    subplots,
)

X, Y = make_linear_data(50, seed=0)
OPTIMUM = least_squares(X, Y)
OPTIMUM_LOSS = mse_loss(OPTIMUM, X, Y)
XL, LABELS = make_logistic_data(300, slope=12.0, intercept=-8.0, seed=0)


def run(learning_rate, n_steps=40, start=(10.0, 5.0)):
    return sgd(mse_gradient, X, Y, start, learning_rate=learning_rate, n_epochs=n_steps,
               loss_fn=mse_loss, on_divergence="quiet")


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture
def ax():
    before = set(plt.get_fignums())
    fig, ax = subplots()
    yield ax
    plt.close(fig)
    assert set(plt.get_fignums()) == before, "a helper left a figure open"


def count_new_figures(draw):
    before = set(plt.get_fignums())
    draw()
    return len(set(plt.get_fignums()) - before)


def test_single_panel_helpers_fit_their_labels_in_the_figure():
    for draw in (lambda: plot_fit(X, Y, [10.0, 5.0], residuals=True, title="The guess and its residuals"),
                 lambda: plot_loss_curves({"a": run(0.5), "b": run(0.8)}, optimum_loss=OPTIMUM_LOSS,
                                          title="Four learning rates: loss above the minimum"),
                 lambda: plot_loss_contours(X, Y, label_levels=True, title="MSE over (slope, intercept)")):
        ax = draw()
        fig = ax.figure
        fig.canvas.draw()
        box = ax.get_tightbbox(fig.canvas.get_renderer())
        assert box.x0 >= 0 and box.y0 >= 0 and box.x1 <= fig.bbox.x1 and box.y1 <= fig.bbox.y1
        plt.close(fig)


def test_plot_fit_draws_data_line_residuals_and_truth(ax):
    assert plot_fit(X, Y, [10.0, 5.0], ax=ax, residuals=True, true_params=[3.0, 8.0]) is ax
    scatters = [c for c in ax.collections if isinstance(c, PathCollection)]
    residuals = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert len(scatters) == 1 and len(scatters[0].get_offsets()) == 50
    assert len(residuals) == 1 and len(residuals[0].get_segments()) == 50
    assert len(ax.lines) == 2  # the fitted line and the true line
    assert ax.lines[1].get_color() == COLORS["fit"]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["data", "true line", "residuals", "fitted line"]


def test_plot_fit_draws_the_line_in_the_colour_asked_for(ax):
    plot_fit(X, Y, [10.0, 5.0], ax=ax, color=COLORS["guess"])
    assert same_color(ax.lines[0].get_color(), COLORS["guess"])
    with pytest.raises(TypeError, match="color"):
        plot_fit(X, Y, [10.0, 5.0], ax=ax, color=3)


def test_plot_fit_residuals_join_points_to_the_line(ax):
    plot_fit(X, Y, [10.0, 5.0], ax=ax, residuals=True)
    segments = np.array(ax.collections[1].get_segments())
    np.testing.assert_allclose(segments[:, 0, 1], Y)
    np.testing.assert_allclose(segments[:, 1, 1], 10.0 * X + 5.0)


def test_plot_fit_without_ax_makes_one_figure():
    made = []
    assert count_new_figures(lambda: made.append(plot_fit(X, Y))) == 1
    plt.close(made[0].figure)


def test_plot_fit_rejects_bad_input(ax):
    with pytest.raises(ValueError, match="lengths do not match"):
        plot_fit(X, Y[:-1], ax=ax)
    with pytest.raises(ValueError, match="params must have 2 values"):
        plot_fit(X, Y, [1.0, 2.0, 3.0], ax=ax)
    with pytest.raises(ValueError, match="residuals=True needs params"):
        plot_fit(X, Y, ax=ax, residuals=True)
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        plot_fit(X, Y, ax="left")


def test_the_contours_closed_form_matches_mse_loss_point_by_point():
    slopes, intercepts = np.meshgrid(np.linspace(0, 6, 5), np.linspace(5, 10, 4))
    fast = OPTIMUM_LOSS + _excess_mse(X, OPTIMUM, slopes, intercepts)
    slow = [mse_loss([s, b], X, Y) for s, b in zip(slopes.ravel(), intercepts.ravel(), strict=True)]
    np.testing.assert_allclose(fast.ravel(), slow, rtol=1e-10)


def test_plot_loss_contours_draws_paths_points_and_minimum(ax):
    runs = [run(0.5), run(0.05)]
    out = plot_loss_contours(X, Y, trajectories=runs, labels=["a", "b"], ax=ax, points={"guess": [10.0, 5.0]})
    assert out is ax
    assert len(ax.collections) == 1  # one contour set
    # per run: path, start, end; then the marked guess and the minimum
    assert len(ax.lines) == 3 * 2 + 1 + 1
    assert ax.lines[0].get_color() == CYCLE[0] and ax.lines[3].get_color() == CYCLE[1]
    np.testing.assert_allclose(ax.lines[-1].get_xydata()[0], OPTIMUM)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["a", "b", "guess", "minimum"]
    # the window holds every path and the minimum
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    for path in [r.params for r in runs]:
        assert x0 < path[:, 0].min() and path[:, 0].max() < x1
        assert y0 < path[:, 1].min() and path[:, 1].max() < y1


def test_the_minimum_takes_the_colour_asked_for(ax):
    plot_loss_contours(X, Y, ax=ax, optimum_color="black")
    assert next(line for line in ax.lines if line.get_gid() == "minimum").get_color() == "black"
    fig, close_up = subplots()
    plot_last_points(X, Y, {"a": run(0.5, n_steps=20)}, last=10, ax=close_up, optimum_color="black")
    crossing = [line for line in close_up.lines if line.get_color() == "black" and line.get_linestyle() == "--"]
    frame_on = close_up.get_legend().get_frame_on()
    plt.close(fig)
    assert len(crossing) == 2 and frame_on
    with pytest.raises(TypeError, match="optimum_color must be a matplotlib colour"):
        plot_loss_contours(X, Y, optimum_color=3)


def test_plot_loss_contours_is_not_stretched_by_a_run_that_blows_up(ax):
    plot_loss_contours(X, Y, trajectories=[run(0.5), run(0.9)], ax=ax)
    assert ax.get_xlim()[1] < 20 and ax.get_ylim()[1] < 20


def test_plot_loss_contours_labels_outer_levels_only(ax):
    plot_loss_contours(X, Y, ax=ax, label_levels=True, n_levels=14, slope_range=(-2.0, 12.0),
                       intercept_range=(2.0, 12.0))
    contours = ax.collections[0]
    labelled = [float(text.get_text()) for text in contours.labelTexts]
    assert len(labelled) >= 3
    # the crowded inner half of the rings is left unlabelled
    assert min(labelled) > float(np.median(contours.levels))
    # darker and larger than the minimum size, and one label text per labelled level
    texts = contours.labelTexts
    assert all(same_color(text.get_color(), "#4D4D4D") and text.get_fontsize() > 10 for text in texts)
    assert len({text.get_text() for text in texts}) == len(contours.levels[14 // 2 + 1 :: 2])


def test_level_labels_take_the_figures_they_need_to_differ():
    close_levels = [0.08951, 0.08987, 0.0912, 0.1034]
    labels = [_level_format(close_levels)(level) for level in close_levels]
    assert len(set(labels)) == 4 and labels[0] == "0.0895"
    assert [_level_format([2.5, 10.0, 41.0])(v) for v in (2.5, 10.0, 41.0, 163.2)] == ["2.5", "10", "41", "163"]


def test_marked_points_are_drawn_over_the_minimum(ax):
    plot_loss_contours(X, Y, ax=ax, points={"true line": [3.0, 8.0]})
    point, minimum = ax.lines
    assert minimum.get_marker() == "*" and point.get_zorder() > minimum.get_zorder()


def test_marked_points_take_the_guess_colour_then_the_true_lines_black(ax):
    # Lesson 1 draws the guess and the true line in these colours on its other figures.
    plot_loss_contours(X, Y, ax=ax, points={"guess": [10.0, 5.0], "true line": [3.0, 8.0]})
    guess, truth, _ = ax.lines
    assert same_color(guess.get_color(), COLORS["guess"]) and same_color(truth.get_color(), COLORS["truth"])


def test_plot_loss_contours_honours_ranges(ax):
    plot_loss_contours(X, Y, ax=ax, slope_range=(-2, 12), intercept_range=(2, 12))
    assert ax.get_xlim() == (-2, 12) and ax.get_ylim() == (2, 12)


def test_plot_loss_contours_rejects_bad_input(ax):
    with pytest.raises(TypeError, match=r"trajectories\[0\] must be a Trajectory of a line"):
        plot_loss_contours(X, Y, trajectories=[np.zeros((5, 3))], ax=ax)
    with pytest.raises(ValueError, match="labels has 1 entries for 2"):
        plot_loss_contours(X, Y, trajectories=[run(0.5), run(0.1)], labels=["a"], ax=ax)
    with pytest.raises(TypeError, match="points must be a dict"):
        plot_loss_contours(X, Y, points=[1.0, 2.0], ax=ax)
    with pytest.raises(ValueError, match="slope_range must have low < high"):
        plot_loss_contours(X, Y, slope_range=(3, 1), ax=ax)


def test_plot_loss_surface_needs_a_3d_axes(ax):
    with pytest.raises(TypeError, match="ax must be a 3-D Axes"):
        plot_loss_surface(X, Y, ax=ax)
    fig, ax3 = subplots(subplot_kw={"projection": "3d"})
    assert plot_loss_surface(X, Y, ax=ax3, points={"guess": [10.0, 5.0]}) is ax3
    assert len(ax3.collections) == 1 and len(ax3.lines) == 3  # the minimum, the guess, its drop to the floor
    # the window reaches the guess, and the rim is twice the guess's loss: the guess sits halfway up
    assert ax3.get_xlim()[0] < 10.0 < ax3.get_xlim()[1] and ax3.get_ylim()[0] < 5.0 < ax3.get_ylim()[1]
    assert ax3.get_zlim() == pytest.approx((0.0, 2 * mse_loss([10.0, 5.0], X, Y)))
    plt.close(fig)


def test_the_surface_is_the_mse_on_an_ellipse_with_a_level_rim():
    best = least_squares(X, Y)
    floor = mse_loss(best, X, Y)
    slopes, intercepts, losses = _bowl(X, best, floor, 3.0)
    every = [mse_loss([s, b], X, Y) for s, b in zip(slopes.ravel(), intercepts.ravel(), strict=True)]
    np.testing.assert_allclose(losses.ravel(), every, rtol=1e-9)
    np.testing.assert_allclose(losses[-1], 3.0, rtol=1e-9)  # the outermost ring is the rim
    assert losses[0] == pytest.approx(floor) and losses.max() == pytest.approx(3.0)


def test_plot_loss_curves_one_line_per_run_with_excess_loss(ax):
    runs = {"slow": run(0.05), "good": run(0.5)}
    assert plot_loss_curves(runs, ax=ax, optimum_loss=OPTIMUM_LOSS) is ax
    assert len(ax.lines) == 2
    assert ax.get_yscale() == "log"
    np.testing.assert_allclose(ax.lines[1].get_ydata(), runs["good"].losses - OPTIMUM_LOSS, rtol=1e-9, atol=1e-15)
    assert ax.get_ylabel() == "loss - minimum loss"


def test_plot_loss_curves_by_samples(ax):
    minibatch = sgd(mse_gradient, X, Y, [0.0, 0.0], learning_rate=0.1, n_epochs=2, batch_size=10,
                    loss_fn=mse_loss, seed=0)
    plot_loss_curves({"minibatch": minibatch}, ax=ax, x_axis="samples")
    assert ax.lines[0].get_xdata()[-1] == 100
    assert ax.get_xlabel() == "samples processed"


def test_plot_loss_curves_log_x_for_runs_of_very_different_lengths(ax):
    from matplotlib.ticker import FuncFormatter, NullLocator

    long_run = sgd(mse_gradient, X, Y, [10.0, 5.0], learning_rate=0.5, n_epochs=200, loss_fn=mse_loss)
    minibatch = sgd(mse_gradient, X, Y, [10.0, 5.0], learning_rate=0.1, n_epochs=2, batch_size=1,
                    loss_fn=mse_loss, seed=0)
    plot_loss_curves({"gd": long_run, "sgd": minibatch}, ax=ax, x_axis="samples", log_x=True)
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    # 1 to 10,000 samples: plain-text powers of ten, no minor ticks
    assert isinstance(ax.xaxis.get_major_formatter(), FuncFormatter)
    assert isinstance(ax.xaxis.get_minor_locator(), NullLocator)


def test_plot_loss_curves_log_x_draws_the_start_at_one_not_off_the_axis(ax):
    gd = sgd(mse_gradient, X, Y, [10.0, 5.0], learning_rate=0.5, n_epochs=20, loss_fn=mse_loss)
    plot_loss_curves({"gd": gd}, ax=ax, x_axis="samples", log_x=True, optimum_loss=OPTIMUM_LOSS,
                     styles=[{"color": "black", "drawstyle": "steps-post"}])
    line = ax.lines[0]
    assert line.get_xdata()[0] == 1 and line.get_ydata()[0] == pytest.approx(gd.losses[0] - OPTIMUM_LOSS)
    # steps: the start's loss holds until the first update has read all 50 samples
    assert line.get_xdata()[1] == 50 and line.get_drawstyle() == "steps-post"


@pytest.mark.parametrize("log_x", [False, True])
def test_plot_loss_curves_smooth_draws_block_means_and_keeps_the_start(ax, log_x):
    noisy = sgd(mse_gradient, X, Y, [10.0, 5.0], learning_rate=0.1, n_epochs=20, batch_size=1, loss_fn=mse_loss,
                seed=0)  # 1,000 updates
    plot_loss_curves({"sgd": noisy}, ax=ax, optimum_loss=OPTIMUM_LOSS, smooth=20, log_x=log_x)
    steps, means = ax.lines[0].get_xdata(), ax.lines[0].get_ydata()
    excess = np.maximum(noisy.losses - OPTIMUM_LOSS, 1e-16)
    assert means[0] == pytest.approx(excess[0]) and steps[0] == (1 if log_x else 0)
    assert 10 < len(steps) <= 21 and steps[-1] == noisy.n_updates
    # each point is the mean of the updates since the previous one
    for previous, last, mean in zip(steps[1:-1], steps[2:], means[2:], strict=True):
        assert mean == pytest.approx(excess[previous + 1 : last + 1].mean())
    widths = np.diff(steps[1:])
    assert (widths[-1] > 5 * widths[0]) if log_x else (widths.max() - widths.min() <= 1)


def test_plot_loss_curves_smooth_leaves_a_short_run_as_it_is(ax):
    plot_loss_curves({"a": run(0.5, n_steps=10)}, ax=ax, smooth=20)
    assert len(ax.lines[0].get_xdata()) == 11


def test_plot_last_points_zooms_on_the_points_with_the_minimum_under_them(ax):
    runs = {"batch size 1": sgd(mse_gradient, X, Y, [10.0, 5.0], learning_rate=0.1, n_epochs=20, batch_size=1,
                                seed=0),
            "gradient descent": run(0.5, n_steps=200)}
    styles = [method_style("SGD", batch_size=1), method_style("gradient descent")]
    assert plot_last_points(X, Y, runs, last=100, ax=ax, styles=styles, title="close up") is ax
    named = {line.get_gid(): line for line in ax.lines}
    points = named["points 0"]
    assert len(points.get_xdata()) == 100 and points.get_marker() == "v" and points.get_linestyle() == "None"
    assert named["points 1"].get_color() == styles[1]["color"]
    # every point drawn is inside the window, which is centred on the least-squares line
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    last = runs["batch size 1"].params[-100:]
    assert x0 < last[:, 0].min() and last[:, 0].max() < x1 and y0 < last[:, 1].min() and last[:, 1].max() < y1
    assert (x0 + x1) / 2 == pytest.approx(OPTIMUM[0])
    # the minimum: dashed lines crossing there, under the points, and in the legend
    minimum = named["minimum"]
    assert minimum.get_xdata()[0] == pytest.approx(OPTIMUM[0]) and minimum.get_zorder() < points.get_zorder()
    assert [text.get_text() for text in ax.get_legend().get_texts()] == ["batch size 1", "gradient descent",
                                                                          "minimum"]


def test_plot_last_points_legend_covers_no_point():
    runs = {f"run {seed}": sgd(mse_gradient, X, Y, [10.0, 5.0], learning_rate=0.2, n_epochs=20, batch_size=1,
                               seed=seed) for seed in range(3)}
    ax = plot_last_points(X, Y, runs, last=300)
    fig = ax.figure
    fig.canvas.draw()
    box = ax.get_legend().get_window_extent()
    for line in ax.lines:
        if str(line.get_gid()).startswith("points"):
            shown = ax.transData.transform(np.column_stack([line.get_xdata(), line.get_ydata()]))
            inside = (shown[:, 0] > box.x0) & (shown[:, 0] < box.x1) & (shown[:, 1] > box.y0) & (shown[:, 1] < box.y1)
            assert not inside.any()
    plt.close(fig)


def test_legend_below_lists_each_label_once_under_every_panel():
    fig, axes = subplots(1, 2, figsize=(9.0, 3.8), sharex=True)
    for ax in axes:
        ax.plot([0, 1], [0, 1], label="shared")
        ax.set(xlabel="x", ylabel="y")
    axes[1].plot([0, 1], [1, 0], label="right only")
    axes[0].plot([0, 1], [0.5, 0.5], label="left only")
    assert legend_below(fig, axes, ncol=2) is None
    legend = fig.legends[-1]
    assert [text.get_text() for text in legend.get_texts()] == ["shared", "left only", "right only"]
    fig.canvas.draw()
    box = legend.get_window_extent()
    assert box.y0 >= 0  # inside the figure ...
    for ax in axes:  # ... and below every panel, its tick labels and axis label included
        assert box.y1 < ax.get_tightbbox().y0
    plt.close(fig)


def test_plot_loss_curves_rejects_bad_input(ax):
    with pytest.raises(TypeError, match="non-empty dict"):
        plot_loss_curves([run(0.5)], ax=ax)
    with pytest.raises(ValueError, match="x_axis"):
        plot_loss_curves({"a": run(0.5)}, ax=ax, x_axis="epochs")
    no_losses = sgd(mse_gradient, X, Y, [0.0, 0.0], learning_rate=0.1, n_epochs=3)
    with pytest.raises(TypeError, match=r"runs\['a'\] must be a Trajectory with losses"):
        plot_loss_curves({"a": no_losses}, ax=ax)


def test_learning_rate_panels_one_panel_each_same_window_not_too_wide():
    runs = {f"rate {r}": run(r) for r in (0.02, 0.5, 0.76, 0.78)}
    before = set(plt.get_fignums())
    axes = plot_learning_rate_panels(X, Y, runs)
    fig = axes[0].figure
    assert len(axes) == 4
    assert fig.get_size_inches()[0] <= MAX_WIDTH
    assert {ax.get_xlim() for ax in axes} == {axes[0].get_xlim()}
    assert [ax.get_title() for ax in axes] == [
        "rate 0.02\ntoo slow", "rate 0.5\nconverging", "rate 0.76\noscillating", "rate 0.78\ndiverging"]
    assert [ax.lines[0].get_color() for ax in axes] == list(CYCLE[:4])
    assert all(ax.get_legend() is None for ax in axes)
    plt.close(fig)
    assert set(plt.get_fignums()) == before


def test_learning_rate_panels_take_a_style_per_run():
    runs = {"a": run(0.5), "b": run(0.05)}
    styles = [{"color": "#CC79A7", "linestyle": ":"}, {"color": "#E69F00", "linestyle": "--", "marker": "s"}]
    axes = plot_learning_rate_panels(X, Y, runs, styles=styles)
    for ax, style in zip(axes, styles, strict=True):
        (path,) = [line for line in ax.lines if line.get_gid() == "path 0"]
        assert same_color(path.get_color(), style["color"]) and path.get_linestyle() == style["linestyle"]
    assert axes[1].lines[0].get_marker() == "s" and styles[1]["marker"] == "s"  # the caller's dict is untouched
    with pytest.raises(ValueError, match="styles has 1 entries"):
        plot_learning_rate_panels(X, Y, runs, styles=styles[:1])
    with pytest.raises(TypeError, match="non-empty dict"):
        plot_learning_rate_panels(X, Y, {})


def test_loss_curves_use_plain_labels_over_decades_only(ax):
    from matplotlib.ticker import FuncFormatter

    plot_loss_curves({"good": run(0.5)}, ax=ax, optimum_loss=OPTIMUM_LOSS)
    assert isinstance(ax.yaxis.get_major_formatter(), FuncFormatter)
    fig, narrow = subplots()
    flat = sgd(mse_gradient, X, Y, OPTIMUM + 0.01, learning_rate=0.001, n_epochs=5, loss_fn=mse_loss)
    plot_loss_curves({"flat": flat}, ax=narrow)  # less than a decade: matplotlib's own labels
    assert not isinstance(narrow.yaxis.get_major_formatter(), FuncFormatter)
    plt.close(fig)
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


def test_probability_curve_makes_one_figure_only_when_asked():
    before = len(plt.get_fignums())
    fig, ax = subplots()
    plot_probability_curve(XL, LABELS, [12.0, -8.0], ax=ax)
    assert len(plt.get_fignums()) == before + 1


def test_probability_curve_rejects_bad_input():
    with pytest.raises(ValueError, match="labels must contain only 0 and 1"):
        plot_probability_curve(XL, XL)
    with pytest.raises(ValueError, match="lengths do not match"):
        plot_probability_curve(XL[:5], LABELS)


# --- momentum_explorer ------------------------------------------------------



def test_step_factors_mark_each_product_on_the_line_of_one_minus_it():
    products = [0.4, 1.0, 1.6, 2.1]
    ax = plot_step_factors(products, styles=[{"color": c} for c in ("#CC79A7", "#0072B2", "#E69F00", "#D55E00")])
    markers = ax.lines[-4:]
    assert [float(m.get_xdata()[0]) for m in markers] == products
    np.testing.assert_allclose([m.get_ydata()[0] for m in markers], [0.6, 0.0, -0.6, -1.1])
    assert same_color(markers[3].get_color(), "#D55E00")
    # the regimes are named, and the band where the error shrinks runs from -1 to 1
    assert {t.get_text() for t in ax.texts} == {"creeps in", "zigzags in", "diverges"}
    assert ax.get_ylim() == (-1.6, 1.6) and ax.get_xlim() == (0.0, 2.5)
    assert plot_step_factors(ax=subplots()[1]).lines[0].get_ydata().tolist() == [1.0, -1.5]
    with pytest.raises(ValueError, match="styles has 1 entries for 2 products"):
        plot_step_factors([0.5, 1.5], styles=[{"color": "black"}])
    with pytest.raises(ValueError, match="at least 0"):
        plot_step_factors([-0.5])
