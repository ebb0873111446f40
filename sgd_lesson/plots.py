"""Plot helpers for the lessons: what to draw (the set-up they share is in ``figures``).

Every helper takes the data ``x, y`` as arrays of shape (n_samples,) and
``ax=None`` (a new figure when None), draws on it and returns it.
"""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import MaxNLocator

from ._figure_args import AXES, FIGURE, TEXT, Each, Made, rule
from ._validate import Data, Flag, Integer, Interval, Is, Number, OneOf, Params, validate
from .convergence import describe_run
from .figures import (
    COLORS,
    CYCLE,
    MAX_WIDTH,
    MIN_FONT_SIZE,
    PALETTE,
    POINT_MARKERS,
    method_style,
    run_style,
    subplots,
    use_plain_log_labels,
)
from .linear import least_squares, mse_gradient, mse_hessian, mse_loss
from .logistic import predict_proba
from .training import sgd

LINE = Params(length=2)
# A run: a Trajectory of a line, or its params, of shape (n, 2) (NaN and inf allowed: a run may blow up).
RUN = Made(lambda run: np.ndim(getattr(run, "params", run)) == 2 and np.shape(getattr(run, "params", run))[1:] == (2,)
           and len(getattr(run, "params", run)) > 0, "a Trajectory of a line (params of shape (n, 2))",
           lambda: sgd(mse_gradient, [0.0, 1.0], [1.0, 3.0], [0.0, 0.0], learning_rate=0.1, n_epochs=3,
                       loss_fn=mse_loss))
RUN_WITH_LOSSES = Made(lambda run: getattr(run, "losses", None) is not None, "a Trajectory with losses (pass "
                       "loss_fn to sgd())", RUN.make)
STYLE = Is(lambda style: isinstance(style, dict) and "color" in style, "a dict of line properties with a color",
           example={"color": "black"})
COLOR = Is(lambda color: isinstance(color, (str, tuple)), "a matplotlib colour", example="black")


def _matches(name, other, *, exact=True):
    """A rule: ``name``, if given, has one entry for each of ``other`` (or more, unless ``exact``)."""
    return rule(lambda args: args[name] is None or (len(args[name]) == len(args[other] or ()) if exact else
                                                    len(args[name]) >= len(args[other] or ())),
                lambda args: f"{name} has {len(args[name])} entries for {len(args[other] or ())} {other}")


def _run_styles(n, styles):
    """Line properties for ``n`` runs: ``styles[i]``, else :func:`run_style` ``(i)``."""
    return [dict(style) for style in styles[:n]] if styles is not None else [run_style(i) for i in range(n)]


@validate(rule(lambda args: args["params"] is not None or not args["residuals"],
               "residuals=True needs params: the line whose residuals to draw"),
          x=Data(), y=Data(same_length_as="x"), params=None | LINE, ax=None | AXES, residuals=Flag(),
          true_params=None | LINE, label=TEXT, title=None | TEXT, color=None | COLOR)
def plot_fit(x, y, params=None, *, ax=None, residuals=False, true_params=None, label="fitted line",
             title=None, color=None):
    """Scatter the data and draw a line ``params = [slope, intercept]`` through it.

    Parameters
    ----------
    params, true_params : array_like of shape (2,), optional
        The line to draw, and the line the data came from (dashed; keyword-only).
    residuals : bool, keyword-only, default False
        Draw each point's residual ``y_pred - y`` as a vertical segment (needs ``params``).
    label, title : str, keyword-only
        The line's legend label and the axes title.
    color : matplotlib colour, keyword-only, optional
        The line's colour; default ``COLORS["fit"]``.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> ax = plot_fit([0.0, 0.5, 1.0], [1.0, 2.2, 2.9], [2.0, 1.0], residuals=True)
    >>> len(ax.lines), len(ax.collections)
    (1, 2)
    >>> plt.close(ax.figure)
    """
    ax = ax or subplots()[1]
    few = len(x) <= 200
    ax.scatter(x, y, s=18 if few else 6, color=COLORS["data"], alpha=0.8 if few else 0.35, linewidths=0,
               label="data", zorder=2)
    grid = np.array([x.min(), x.max()])
    if true_params is not None:
        ax.plot(grid, true_params[0] * grid + true_params[1], "--", color=COLORS["truth"], linewidth=1.2,
                label="true line", zorder=3)
    if params is not None:
        if residuals:
            ax.vlines(x, y, params[0] * x + params[1], color=COLORS["residual"], linewidth=1.0, label="residuals",
                      zorder=1)
        ax.plot(grid, params[0] * grid + params[1], color=color or COLORS["fit"], linewidth=2.0, label=label,
                zorder=4)
    ax.set(xlabel="x", ylabel="y", title=title or "")
    ax.legend(loc="upper left", frameon=False, fontsize=MIN_FONT_SIZE)
    return ax


def _excess_mse(x, optimum, slopes, intercepts):
    """``mse_loss(p) - mse_loss(optimum)`` = ``var(x) ds**2 + (mean(x) ds + db)**2``, ``(ds, db) = p - p*``"""
    ds, db = np.asarray(slopes) - optimum[0], np.asarray(intercepts) - optimum[1]
    with np.errstate(over="ignore", invalid="ignore"):
        return np.nan_to_num(x.var() * ds * ds + (x.mean() * ds + db) ** 2, nan=np.inf)


def _window(points, pad=0.15):
    low, high = points.min(axis=0), points.max(axis=0)
    span = np.maximum(high - low, 1e-3 * (1.0 + np.abs(high)))
    return low - pad * span, high + pad * span


def _anchors(runs):
    """Each run's params, and where the window must reach: the path, or the start of a run that blows up."""
    paths, anchors = [], []
    for run in runs:
        path, losses = np.asarray(getattr(run, "params", run), dtype=float), getattr(run, "losses", None)
        away = getattr(run, "diverged", False) or not np.isfinite(path).all() or (
            losses is not None and len(losses) > 1 and not losses[-1] <= losses[0])
        paths.append(path)
        anchors.append(path[:1] if away else path)
    return paths, anchors


@validate(_matches("labels", "trajectories"), _matches("styles", "trajectories", exact=False),
          x=Data(), y=Data(same_length_as="x"), trajectories=None | Each(RUN), labels=None | Each(TEXT),
          ax=None | AXES, optimum=None | LINE, slope_range=None | Interval(),
          intercept_range=None | Interval(), n_levels=Integer(at_least=2), title=None | TEXT, markers=Flag(),
          points=None | Each(LINE, keyed=True), label_levels=Flag(), styles=None | Each(STYLE),
          optimum_color=None | COLOR)
def plot_loss_contours(x, y, *, trajectories=None, labels=None, ax=None, optimum=None, slope_range=None,
                       intercept_range=None, n_levels=14, title="Loss over (slope, intercept)", markers=True,
                       points=None, label_levels=False, styles=None, optimum_color=None):
    """Contour map of the MSE over (slope, intercept), with runs drawn on it.

    Parameters
    ----------
    trajectories : sequence of Trajectory or of (n, 2) arrays, keyword-only, optional
        Runs to draw as paths from start (open circle) to end (filled circle), with
        ``labels`` (one each) in the legend.
    optimum : array_like of shape (2,), keyword-only, optional
        Marked with a star; default: :func:`least_squares`.
    slope_range, intercept_range : (float, float), keyword-only, optional
        The window; default: around the optimum, the points and every
        trajectory (runs that blow up do not stretch it; they leave the frame).
    n_levels : int, keyword-only, default 14
        Contour lines, spaced evenly in log(loss - min loss). ``label_levels`` writes their values.
    markers : bool, keyword-only, default True
        Mark each update on the paths (only on paths of at most 400 points).
    styles : sequence of dict, keyword-only, optional
        One per trajectory: its line properties such as :func:`method_style` ``("heavy ball")``
        (whose marker marks the updates); default :func:`run_style`.
    points : dict of str to array_like of shape (2,), keyword-only, optional
        Single parameter values to mark and label, over the minimum's star, in :data:`POINT_COLORS` order.
    optimum_color : colour, keyword-only, optional
        The minimum's star; default ``COLORS["optimum"]``.

    Returns
    -------
    matplotlib Axes
        One contour set; per trajectory ``i`` three lines, named (``gid``)
        ``"path i"``, ``"start i"`` and ``"end i"``; the minimum, ``"minimum"``.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> x, y = [0.0, 0.5, 1.0], [1.0, 2.2, 2.9]
    >>> ax = plot_loss_contours(x, y, trajectories=[[[0.0, 0.0], [1.0, 1.0]]])
    >>> len(ax.lines)  # path, start, end, minimum
    4
    >>> plt.close(ax.figure)
    """
    marked, least = points or {}, least_squares(x, y)
    optimum = least if optimum is None else optimum
    paths, anchors = _anchors(trajectories or [])
    low, high = _window(np.vstack([*anchors, *(value[None, :] for value in marked.values()),
                                   optimum[None, :]]))
    slopes = np.linspace(*(slope_range or (low[0], high[0])), 120)
    intercepts = np.linspace(*(intercept_range or (low[1], high[1])), 120)
    grid = mse_loss(least, x, y) + _excess_mse(x, least, *np.meshgrid(slopes, intercepts))
    floor = min(grid.min(), mse_loss(optimum, x, y))
    top = max(grid.max() - floor, 1e-12)
    levels = floor + np.geomspace(max(top * 1e-4, 1e-12), top, n_levels)

    ax = ax or subplots()[1]
    contours = ax.contour(slopes, intercepts, grid, levels=levels, colors=COLORS["contour"], linewidths=0.8)
    if label_levels:
        # Label every other ring of the outer half: the rings crowd near the centre.
        labelled = contours.levels[n_levels // 2 + 1 :: 2]
        ax.clabel(contours, labelled, fontsize=LEVEL_LABEL_SIZE, colors=LEVEL_LABEL_COLOR, fmt=_level_format(labelled))
    for i, (path, style) in enumerate(zip(paths, _run_styles(len(paths), styles), strict=True)):
        marker = style.pop("marker", "o")
        dots = dict(marker=marker, markersize=3) if markers and len(path) <= 400 else {}
        ax.plot(path[:, 0], path[:, 1], **{"linewidth": 1.3, **style, **dots}, label=labels and labels[i],
                gid=f"path {i}")
        ax.plot(*path[0], "o", color=style["color"], markersize=6, markerfacecolor="white", zorder=4,
                gid=f"start {i}")
        ax.plot(*path[np.isfinite(path).all(axis=1)][-1], "o", color=style["color"], markersize=5,
                markeredgecolor="white", zorder=4, gid=f"end {i}")
    _mark(ax, marked, lambda value: value[:, None])
    ax.plot(*optimum, "*", color=optimum_color or COLORS["optimum"], markersize=14, markeredgecolor="white",
            label="minimum", zorder=5, gid="minimum")
    ax.set(xlim=(slopes[0], slopes[-1]), ylim=(intercepts[0], intercepts[-1]), xlabel="slope", ylabel="intercept",
           title=title or "")
    ax.legend(loc="best", frameon=True, framealpha=0.85, fontsize=MIN_FONT_SIZE)
    return ax


@validate(_matches("styles", "runs", exact=False), x=Data(), y=Data(same_length_as="x"),
          runs=Each(RUN, keyed=True, min_length=1), last=Integer(), ax=None | AXES, styles=None | Each(STYLE),
          title=None | TEXT, optimum_color=None | COLOR)
def plot_last_points(x, y, runs, *, last=300, ax=None, styles=None, title=None, optimum_color=None):
    """The last points of each run on a close-up of the MSE's contours: the noise ball of lesson 3.

    Parameters
    ----------
    runs : dict of str to Trajectory
        Label -> run; the points of each are drawn in this order, so list the widest cloud first.
    last : int, keyword-only, default 300
        How many of each run's last points to draw.
    styles : sequence of dict, keyword-only, optional
        One per run, as in :func:`plot_loss_contours`; default :func:`run_style` with round markers.
    title : str, keyword-only, optional
    optimum_color : colour, keyword-only, optional
        The lines that cross at the minimum; default ``COLORS["optimum"]``.

    Returns
    -------
    matplotlib Axes
        The contours; one line of markers per run (``gid`` ``"points i"``); the minimum
        (``gid`` ``"minimum"``, and its partner), two dashed lines that cross at the minimum.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> x, y = [0.0, 0.5, 1.0], [1.0, 2.2, 2.9]
    >>> ax = plot_last_points(x, y, {"a run": [[1.0, 1.0], [2.0, 1.0], [1.9, 1.1]]}, last=2)
    >>> [line.get_gid() for line in ax.lines]
    ['points 0', 'minimum', None]
    >>> plt.close(ax.figure)
    """
    optimum = least_squares(x, y)
    points = [np.asarray(getattr(run, "params", run), dtype=float)[-last:] for run in runs.values()]
    reach = 1.1 * max(max(np.abs(p - optimum).max() for p in points), 1e-6 * (1.0 + np.abs(optimum).max()))
    # Room above the points for the legend, so that it covers none of them.
    ax = plot_loss_contours(x, y, ax=ax, n_levels=8, title=title, slope_range=(optimum[0] - reach, optimum[0] + reach),
                            intercept_range=(optimum[1] - reach, optimum[1] + (1.0 + 0.2 * (len(runs) + 2)) * reach))
    next(line for line in ax.lines if line.get_gid() == "minimum").remove()
    for i, (label, p, style) in enumerate(zip(runs, points, _run_styles(len(points), styles), strict=True)):
        ax.plot(p[:, 0], p[:, 1], linestyle="none", marker=style.get("marker", "o"), markersize=4,
                color=style["color"], markeredgewidth=0, alpha=0.8, label=label, zorder=3, gid=f"points {i}")
    # Two thin lines cross at the minimum, under the points: a star there would hide the tightest clouds.
    cross = dict(color=optimum_color or COLORS["optimum"], linestyle="--", linewidth=1.0, zorder=2.5)
    ax.plot([optimum[0]] * 2, [optimum[1] - reach, optimum[1] + reach], **cross, gid="minimum", label="minimum")
    ax.plot([optimum[0] - reach, optimum[0] + reach], [optimum[1]] * 2, **cross)
    # A frame, so that the contour lines behind the legend do not run through its text.
    ax.legend(loc="upper center", ncol=2, frameon=True, framealpha=0.9, fontsize=MIN_FONT_SIZE, markerscale=1.6,
              columnspacing=1.0, handletextpad=0.3)
    return ax


# Contour labels: darker and a little larger than the rings they sit on, readable from the back row.
LEVEL_LABEL_COLOR = "#4D4D4D"
LEVEL_LABEL_SIZE = MIN_FONT_SIZE + 1


def _level_format(levels):
    """A label format for ``levels``: the fewest significant figures (at least 2) that tell them apart."""
    digits = next((d for d in range(2, 7) if len({f"{v:.{d}g}" for v in levels if v < 100}) ==
                   sum(1 for v in levels if v < 100)), 7)
    return lambda value: f"{value:.{digits}g}" if value < 100 else f"{value:.0f}"


# The colours of the labelled points on a loss map: a guess, the true line (black, as plot_fit draws it), others.
POINT_COLORS = (COLORS["guess"], COLORS["truth"], *CYCLE[3:])


def _mark(ax, points, where, *, edge="white"):
    """Each labelled point at ``where(value)`` in :data:`POINT_COLORS` order: over the minimum's star."""
    for i, (label, value) in enumerate(points.items()):
        ax.plot(*where(value), POINT_MARKERS[i % len(POINT_MARKERS)], linestyle="none", markersize=8, zorder=10,
                color=POINT_COLORS[i % len(POINT_COLORS)], markeredgecolor=edge, label=label)


def _bowl(x, optimum, floor, rim, n_rings=25, n_angles=73):
    """``(slopes, intercepts, losses)``: the MSE on the ellipse where it is at most ``rim``, ring by ring."""
    curvatures, axes = np.linalg.eigh(mse_hessian(x))
    radius = np.linspace(0.0, 1.0, n_rings)[:, None]
    angle = np.linspace(0.0, 2.0 * np.pi, n_angles)[None, :]
    # Along eigenvector k the loss rises by curvature_k * u_k**2 / 2: it reaches the rim at this u_k.
    reach = np.sqrt(2.0 * (rim - floor) / np.maximum(curvatures, 1e-12))
    u = [reach[0] * radius * np.cos(angle), reach[1] * radius * np.sin(angle)]
    slopes = optimum[0] + axes[0, 0] * u[0] + axes[0, 1] * u[1]
    intercepts = optimum[1] + axes[1, 0] * u[0] + axes[1, 1] * u[1]
    return slopes, intercepts, floor + 0.5 * (curvatures[0] * u[0] ** 2 + curvatures[1] * u[1] ** 2)


AXES_3D = Made(lambda ax: getattr(ax, "name", None) == "3d", 'a 3-D Axes, made with subplot_kw={"projection": "3d"}',
               lambda: subplots(subplot_kw={"projection": "3d"})[1])


@validate(x=Data(), y=Data(same_length_as="x"), ax=None | AXES_3D, points=None | Each(LINE, keyed=True))
def plot_loss_surface(x, y, *, ax=None, points=None):
    """The MSE over (slope, intercept) as a 3-D surface: a bowl, lowest at the optimum.

    Parameters
    ----------
    ax : matplotlib 3-D Axes, keyword-only, optional
        Made with ``projection="3d"``; default: a new figure.
    points : dict of str to array_like of shape (2,), keyword-only, optional
        Parameter values to mark on the surface (the optimum always is), each with a dotted
        line down to the floor. The rim is twice the highest loss of ``points`` (at least the
        minimum loss + 1), so that a marked point sits halfway up the wall.

    Notes
    -----
    The MSE is ``L(p) = L(p*) + (1/2) (p - p*)^T H (p - p*)`` with ``H`` = :func:`mse_hessian`
    (lesson 2), so the lines with ``L(p)`` at most the rim fill an ellipse whose axes are the
    eigenvectors of ``H``: the surface is drawn on that ellipse, and its rim is level.
    """
    optimum, marked = least_squares(x, y), points or {}
    floor = mse_loss(optimum, x, y)
    heights = {label: mse_loss(value, x, y) for label, value in marked.items()}
    rim = 2.0 * max([floor + 1.0, *heights.values()])
    if ax is None:
        fig, ax = subplots(figsize=(5.0, 4.0), subplot_kw={"projection": "3d"})
        # A 3-D axes keeps room for its tick and axis labels inside its box.
        fig.subplots_adjust(left=0.0, right=1.0, bottom=0.0, top=0.9)
    ax.plot_surface(*_bowl(x, optimum, floor, rim), cmap="viridis", vmin=0.0, vmax=rim, alpha=0.85,
                    linewidth=0.3, edgecolor=(1.0, 1.0, 1.0, 0.3), rcount=25, ccount=73)
    ax.plot(*optimum[:, None], [floor], "*", color=COLORS["optimum"], markersize=14, markeredgecolor="black",
            label="minimum", zorder=10)
    _mark(ax, marked, lambda value: [*value[:, None], [mse_loss(value, x, y)]], edge="black")
    for label, value in marked.items():
        ax.plot([value[0]] * 2, [value[1]] * 2, [0.0, heights[label]], ":", color=COLORS["truth"], linewidth=1.2)
    ax.set(xlabel="slope", ylabel="intercept", zlabel="loss (MSE)", zlim=(0.0, rim), title="The loss surface")
    for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
        axis.set_major_locator(MaxNLocator(nbins=5, integer=True))
    # Seen across the valley (its long axis runs left to right), so a marked point shows its height.
    ax.view_init(elev=25, azim=-120)
    ax.legend(loc="upper left", frameon=False, fontsize=MIN_FONT_SIZE)
    return ax


@validate(_matches("styles", "runs", exact=False), runs=Each(RUN_WITH_LOSSES, keyed=True, min_length=1),
          ax=None | AXES, optimum_loss=None | Number(), x_axis=OneOf("updates", "samples"), log_x=Flag(),
          title=None | TEXT, styles=None | Each(STYLE), smooth=None | Integer(at_least=2))
def plot_loss_curves(runs, *, ax=None, optimum_loss=None, x_axis="updates", log_x=False, title=None,
                     styles=None, smooth=None):
    """Loss against updates (or samples processed) for one or several runs, on a log y axis.

    Parameters
    ----------
    runs : dict of str to Trajectory
        Label -> run; each run must have been made with ``loss_fn``.
    optimum_loss : float, keyword-only, optional
        If given, plot the excess loss ``loss - optimum_loss``.
    x_axis : {"updates", "samples"}, keyword-only, default "updates"
        "samples" compares methods fairly by the data they read.
    log_x : bool, keyword-only, default False
        A log x axis too, for runs whose lengths differ by decades; the start is drawn at 1.
    title : str, keyword-only, optional
    styles : sequence of dict, keyword-only, optional
        One per run: its line properties such as :func:`method_style` ``("Adam")`` (whose marker is
        drawn every tenth of the way); default :func:`run_style`.
    smooth : int, keyword-only, optional
        Draw each curve as its mean over this many blocks of updates (at least 2), evenly spaced
        along the x axis (log-spaced on a log axis), each at its last update; the start is kept.
    """
    ax = ax or subplots()[1]
    drawn, positions = [], []
    for (label, run), style in zip(runs.items(), _run_styles(len(runs), styles), strict=True):
        losses = np.asarray(run.losses, dtype=float)
        if optimum_loss is not None:
            losses = np.maximum(losses - optimum_loss, 1e-16)
        steps = np.asarray(run.samples_seen) if x_axis == "samples" else np.arange(len(losses))
        if smooth is not None:
            steps, losses = _block_means(steps, losses, smooth, log_x)
        if log_x:
            steps = np.maximum(steps, 1)  # the start, at 0, would be off a log axis
        if style.get("marker"):
            style.update(markevery=0.1, markersize=6)
        ax.plot(steps, losses, **{"linewidth": 1.6, **style}, label=label)
        drawn.append(losses[np.isfinite(losses) & (losses > 0)])
        positions.append(steps[steps > 0])
    # Log axes get plain-text tick labels (10⁻³), which draw faster than mathtext.
    for letter, logarithmic, values in (("y", True, drawn), ("x", log_x, positions)):
        values = np.concatenate(values)
        if logarithmic:
            getattr(ax, f"set_{letter}scale")("log")
            if values.size:
                use_plain_log_labels(getattr(ax, f"{letter}axis"), values.min(), values.max())
    ax.set(xlabel="samples processed" if x_axis == "samples" else "update",
           ylabel="loss - minimum loss" if optimum_loss is not None else "loss", title=title or "")
    ax.legend(loc="best", frameon=False, fontsize=MIN_FONT_SIZE)
    return ax


def _block_means(steps, losses, n_blocks, log):
    """The start, then the mean loss of each block of updates, at the step of its last update."""
    n_updates = len(losses) - 1
    if n_updates <= n_blocks:
        return steps, losses
    spaced = np.geomspace if log else np.linspace
    edges = np.unique(np.round(spaced(1, n_updates + 1, n_blocks + 1)).astype(int))
    means = np.add.reduceat(losses[1:], edges[:-1] - 1) / np.diff(edges)
    return np.concatenate([steps[:1], steps[edges[1:] - 1]]), np.concatenate([losses[:1], means])


@validate(rule(lambda args: len(args["runs"]) <= len(CYCLE), f"runs: at most {len(CYCLE)} fit side by side"),
          _matches("styles", "runs"), x=Data(), y=Data(same_length_as="x"),
          runs=Each(RUN, keyed=True, min_length=1), styles=None | Each(STYLE))
def plot_learning_rate_panels(x, y, runs, *, styles=None):
    """One contour panel per run, side by side, in one window (a run that diverges leaves the frame).

    Parameters
    ----------
    runs : dict of str to Trajectory
        Label -> run, in the order to draw them (at most 6); each panel's title is the label
        above :func:`describe_run` of its run.
    styles : sequence of dict, keyword-only, optional
        One per run, as in :func:`plot_loss_contours`.

    Returns
    -------
    ndarray of matplotlib Axes
    """
    optimum = least_squares(x, y)
    fig, axes = subplots(1, len(runs), figsize=(min(2.2 * len(runs) + 0.4, MAX_WIDTH), 3.2), sharex=True, sharey=True)
    fig.subplots_adjust(top=1 - 0.6 / 3.2)  # 0.6 inches above the panels for their two-line titles
    axes = np.atleast_1d(axes)
    low, high = _window(np.vstack(_anchors(list(runs.values()))[1] + [optimum[None, :]]), pad=0.12)
    optimum_loss = mse_loss(optimum, x, y)
    for i, (ax, (label, run)) in enumerate(zip(axes, runs.items(), strict=True)):
        title = f"{label}\n{describe_run(run, optimum_loss=optimum_loss)}"
        plot_loss_contours(x, y, trajectories=[run], ax=ax, optimum=optimum, slope_range=(low[0], high[0]),
                           intercept_range=(low[1], high[1]), title=title, n_levels=10,
                           styles=[run_style(i) if styles is None else styles[i]])
        ax.get_legend().remove()
        ax.title.set_fontsize("medium")
        if i:
            ax.set_ylabel("")
    return axes


@validate(_matches("styles", "products"), products=None | Each(Number(at_least=0)), ax=None | AXES,
          styles=None | Each(STYLE))
def plot_step_factors(products=None, *, ax=None, styles=None):
    """The factor ``1 - learning_rate * curvature`` that one step multiplies the error by, against
    ``learning_rate * curvature``, and its regimes; one marker per product (the last lines).

    Parameters
    ----------
    products : sequence of float, optional
        Values of ``learning_rate * curvature`` (at least 0) to mark on the line.
    ax : matplotlib Axes, keyword-only, optional
    styles : sequence of dict, keyword-only, optional
        One per product: the colour of its marker (:func:`run_style` ``(i)`` by default).

    Notes
    -----
    On ``L(b) = L* + (curvature / 2) (b - b*)**2`` the gradient is ``curvature * (b - b*)``, so one step
    takes the error ``e = b - b*`` to ``(1 - learning_rate * curvature) e`` (lesson 2): the band
    ``|factor| < 1`` is where gradient descent converges.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> ax = plot_step_factors([0.4, 1.6])
    >>> [round(float(line.get_ydata()[0]), 2) for line in ax.lines[-2:]]  # the factors 1 - 0.4, 1 - 1.6
    [0.6, -0.6]
    >>> plt.close(ax.figure)
    """
    products = [] if products is None else list(products)
    styles = _run_styles(len(products), styles)
    ax = ax or subplots()[1]
    top = max(2.5, 1.1 * max(products, default=0.0))
    ax.axhspan(-1.0, 1.0, color=COLORS["contour"], alpha=0.18, linewidth=0, zorder=0)
    ax.plot([0.0, top], [1.0, 1.0 - top], color=COLORS["truth"], linewidth=1.5, zorder=2)
    for edge in (1.0, 2.0):
        ax.axvline(edge, color=COLORS["contour"], linestyle=":", linewidth=1.0, zorder=1)
    ax.axhline(0.0, color=COLORS["contour"], linewidth=0.8, zorder=1)
    for low, high, words in ((0.0, 1.0, "creeps in"), (1.0, 2.0, "zigzags in"), (2.0, top, "diverges")):
        ax.text((low + high) / 2, 1.25, words, ha="center", va="center", fontsize=MIN_FONT_SIZE)
    for product, style in zip(products, styles, strict=True):
        ax.plot([product], [1.0 - product], "o", color=style["color"], markersize=9, markeredgecolor="black",
                zorder=3)
    ax.set(xlim=(0.0, top), ylim=(-1.6, 1.6), xlabel="learning rate x curvature",
           ylabel="factor on the error", title="What one step does to the error")
    return ax


@validate(x=Data(), labels=Data(same_length_as="x", only=(0.0, 1.0)), params=None | LINE, ax=None | AXES,
          true_params=None | LINE, title=None | TEXT)
def plot_probability_curve(x, labels, params=None, *, ax=None, true_params=None, title=None):
    """Labelled points at 0 and 1 (spread a little, evenly), the probability curve
    ``sigmoid(slope * x + intercept)`` and the decision threshold 0.5 (lesson 5).

    Parameters
    ----------
    labels : array_like of shape (n_samples,), values 0 or 1
        The labels of ``x``.
    params, true_params : array_like of shape (2,), optional
        ``[slope, intercept]`` of the fitted model (its curve, the threshold line and the decision
        boundary are drawn) and of the model the labels came from (dashed; keyword-only).
    title : str, keyword-only, optional

    Notes
    -----
    The boundary is where ``sigmoid(z) = 0.5``: ``x = -intercept / slope``.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> ax = plot_probability_curve([0.1, 0.4, 0.6, 0.9], [0, 0, 1, 1], [10.0, -5.0])
    >>> len(ax.collections), len(ax.lines)  # points; curve, threshold, boundary at x = 0.5
    (2, 3)
    >>> plt.close(ax.figure)
    """
    # The legend sits right of the axes: a figure laid out to hold it (it is saved whole, not cropped to its ink).
    ax = ax or subplots(figsize=(7.7, 3.9), layout="constrained")[1]
    jitter = 0.03
    # An even, repeatable spread (golden-ratio steps), not random noise.
    spread = ((np.arange(len(x)) * 0.6180339887) % 1.0 - 0.5) * 2.0 * jitter
    for value, name, color in ((0.0, "label 0", COLORS["data"]), (1.0, "label 1", COLORS["residual"])):
        mask = labels == value
        ax.scatter(x[mask], value + spread[mask], s=10, color=color, alpha=0.5, linewidths=0, label=name, zorder=2)
    grid = np.linspace(x.min(), x.max(), 200)
    if true_params is not None:
        ax.plot(grid, predict_proba(true_params, grid), "--", color=COLORS["truth"], linewidth=1.2,
                label="true probability", zorder=3)
    if params is not None:
        ax.plot(grid, predict_proba(params, grid), color=COLORS["fit"], linewidth=2.0,
                label="fitted probability", zorder=4)
        ax.axhline(0.5, color=COLORS["contour"], linestyle=":", linewidth=1.0, zorder=1,
                   label="threshold 0.5")
        boundary = -params[1] / params[0] if params[0] else np.inf
        if x.min() <= boundary <= x.max():
            ax.axvline(boundary, color=COLORS["optimum"], linewidth=1.2, zorder=1, label=f"boundary x = {boundary:.3f}")
    ax.set_ylim(-0.1 - jitter, 1.1 + jitter)
    ax.set(xlabel="x", ylabel="P(label = 1)", title=title or "")
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False, fontsize=MIN_FONT_SIZE)
    return ax


@validate(fig=FIGURE, axes=Each(AXES, min_length=1), ncol=Integer(at_least=1))
def legend_below(fig, axes, *, ncol):
    """One legend for every panel's labelled lines (each once), under the panels, where it covers nothing.

    The figure's bottom margin grows to make room. Nothing is returned (the legend is ``fig.legends[-1]``),
    so that a cell ending in ``legend_below(...)`` shows only the figure.
    """
    entries = {label: handle for ax in axes for handle, label in zip(*ax.get_legend_handles_labels(), strict=True)}
    rows = -(-len(entries) // ncol)
    fig.subplots_adjust(bottom=(0.7 + 0.25 * rows) / fig.get_figheight())
    fig.legend(list(entries.values()), list(entries), loc="lower center", ncol=ncol, fontsize=MIN_FONT_SIZE,
               frameon=False)


# The lessons import these from here too (the set-up lives in ``figures``, describe_run in ``convergence``).
__all__ = ["COLORS", "CYCLE", "MIN_FONT_SIZE", "PALETTE", "describe_run", "legend_below", "method_style",
           "plot_fit", "plot_last_points", "plot_learning_rate_panels", "plot_loss_contours", "plot_loss_curves",
           "plot_loss_surface", "plot_probability_curve", "plot_step_factors", "subplots",
           "use_plain_log_labels"]
