"""Plot helpers for the lessons.

Every helper takes ``ax=None`` (a new figure when None), draws on it and returns
it, with colours and sizes chosen here, explicitly: nothing touches rcParams or
a named style sheet, so the figures look the same on every matplotlib.
"""

from __future__ import annotations

import numpy as np

from . import _validate
from .linear import least_squares

# One colour per role, the same in every lesson.
COLORS = {
    "data": "#5B8DB8",
    "fit": "#D1495B",
    "truth": "#3A3A3A",
    "residual": "#EDAE49",
    "optimum": "#00798C",
    "highlight": "#D1495B",
    "contour": "#8C96A8",
}
# Colours for several runs drawn together (trajectories, loss curves, panels).
CYCLE = ("#D1495B", "#00798C", "#EDAE49", "#66A182", "#8D5A97", "#30638E")
# Figures are drawn at this dpi, so the stored "<Figure size WxH>" never depends
# on the front end's defaults; 6 x 4 inches is 540 x 360 pixels.
DPI = 90
FIGSIZE = (6.0, 4.0)


def subplots(nrows=1, ncols=1, *, figsize=FIGSIZE, **kwargs):
    """``plt.subplots`` with the lessons' dpi and a constrained layout (no clipped labels)."""
    import matplotlib.pyplot as plt

    return plt.subplots(nrows, ncols, figsize=figsize, dpi=DPI, layout="constrained", **kwargs)


def _axes(ax, figsize=FIGSIZE):
    if ax is None:
        return subplots(figsize=figsize)[1]
    return ax


def _params(name, params):
    return None if params is None else _validate.as_params(name, params)


def plot_fit(
    x,
    y,
    params=None,
    *,
    ax=None,
    residuals=False,
    true_params=None,
    highlight=None,
    label="fitted line",
    title=None,
):
    """Scatter the data and draw a line ``params = [slope, intercept]`` through it.

    Parameters
    ----------
    x, y : array_like of shape (n_samples,)
    params : array_like of shape (2,), optional
        The line to draw.
    ax : matplotlib Axes, keyword-only, optional
    residuals : bool, keyword-only, default False
        Draw each point's residual ``y_pred - y`` as a vertical segment.
    true_params : array_like of shape (2,), keyword-only, optional
        The line the data came from, drawn dashed.
    highlight : array_like of int, keyword-only, optional
        Indices of points to emphasise (the minibatch that made the last step).
    label, title : str, keyword-only

    Returns
    -------
    matplotlib Axes
    """
    x = _validate.as_data("x", x)
    y = _validate.as_data("y", y)
    _validate.same_length(x=x, y=y)
    params, true_params = _params("params", params), _params("true_params", true_params)
    ax = _axes(ax)
    size = 18 if len(x) <= 200 else 6
    ax.scatter(x, y, s=size, color=COLORS["data"], alpha=0.8 if len(x) <= 200 else 0.35,
               linewidths=0, label="data", zorder=2)
    grid = np.array([x.min(), x.max()])
    if true_params is not None:
        ax.plot(grid, true_params[0] * grid + true_params[1], "--", color=COLORS["truth"],
                linewidth=1.2, label="true line", zorder=3)
    if params is not None:
        y_pred = params[0] * x + params[1]
        if residuals:
            ax.vlines(x, y, y_pred, color=COLORS["residual"], linewidth=1.0, label="residuals", zorder=1)
        ax.plot(grid, params[0] * grid + params[1], color=COLORS["fit"], linewidth=2.0, label=label, zorder=4)
    if highlight is not None:
        index = np.asarray(highlight, dtype=int)
        ax.scatter(x[index], y[index], s=40, facecolors="none", edgecolors=COLORS["highlight"],
                   linewidths=1.5, label="minibatch", zorder=5)
    ax.set(xlabel="x", ylabel="y", title=title or "")
    ax.legend(loc="upper left", frameon=False, fontsize="small")
    return ax


def _mse_grid(x, y, slopes, intercepts):
    # The MSE is a quadratic in (slope, intercept): evaluate it from five means,
    # so a 100 x 100 grid costs the same for 50 points or a million.
    s, b = np.meshgrid(slopes, intercepts)
    mx, my, mxx, mxy, myy = x.mean(), y.mean(), np.mean(x * x), np.mean(x * y), np.mean(y * y)
    return s * s * mxx + 2 * s * b * mx + b * b - 2 * s * mxy - 2 * b * my + myy


def loss_grid(x, y, slopes, intercepts, loss_fn=None):
    """Loss at every (slope, intercept) of a grid, shape (len(intercepts), len(slopes)).

    ``loss_fn=None`` is the MSE (computed in closed form); any other
    ``loss_fn(params, x, y)`` is evaluated point by point.
    """
    slopes = _validate.as_data("slopes", slopes)
    intercepts = _validate.as_data("intercepts", intercepts)
    if loss_fn is None:
        return _mse_grid(x, y, slopes, intercepts)
    return np.array([[loss_fn(np.array([s, b]), x, y) for s in slopes] for b in intercepts])


def _window(points, pad=0.15):
    low, high = points.min(axis=0), points.max(axis=0)
    span = np.maximum(high - low, 1e-3 * (1.0 + np.abs(high)))
    return low - pad * span, high + pad * span


def plot_loss_contours(
    x,
    y,
    *,
    trajectories=None,
    labels=None,
    ax=None,
    loss_fn=None,
    optimum=None,
    slope_range=None,
    intercept_range=None,
    n_levels=14,
    title="Loss over (slope, intercept)",
    markers=True,
    colors=None,
):
    """Contour map of the loss over (slope, intercept), with runs drawn on it.

    Parameters
    ----------
    x, y : array_like of shape (n_samples,)
    trajectories : sequence of Trajectory or of (n, 2) arrays, keyword-only, optional
        Runs to draw as paths from start (circle) to end.
    labels : sequence of str, keyword-only, optional
        One legend label per trajectory.
    ax : matplotlib Axes, keyword-only, optional
    loss_fn : callable, keyword-only, optional
        ``loss_fn(params, x, y)``; default: the MSE.
    optimum : array_like of shape (2,), keyword-only, optional
        Marked with a star; default: :func:`least_squares` for the MSE.
    slope_range, intercept_range : (float, float), keyword-only, optional
        The window; default: around the optimum and every trajectory.
    n_levels : int, keyword-only, default 14
        Contour lines, spaced evenly in log(loss - min loss).
    title : str, keyword-only
    markers : bool, keyword-only, default True
        Mark each update on the paths (turn off for runs with thousands of steps).
    colors : sequence of colours, keyword-only, optional
        One per trajectory; default: the lessons' colour cycle.

    Returns
    -------
    matplotlib Axes
    """
    x = _validate.as_data("x", x)
    y = _validate.as_data("y", y)
    _validate.same_length(x=x, y=y)
    paths = [np.asarray(getattr(t, "params", t), dtype=float) for t in (trajectories or [])]
    for path in paths:
        if path.ndim != 2 or path.shape[1] != 2:
            raise ValueError(f"each trajectory must have params of shape (n, 2), got {path.shape}")
    if labels is not None and len(labels) != len(paths):
        raise ValueError(f"labels has {len(labels)} entries for {len(paths)} trajectories")
    if optimum is None and loss_fn is None:
        optimum = least_squares(x, y)
    optimum = _params("optimum", optimum)
    finite = [p[np.isfinite(p).all(axis=1)] for p in paths]
    anchor = np.vstack([p for p in finite if len(p)] + ([optimum[None, :]] if optimum is not None else []))
    low, high = _window(anchor)
    slopes = np.linspace(*(slope_range or (low[0], high[0])), 120)
    intercepts = np.linspace(*(intercept_range or (low[1], high[1])), 120)
    grid = loss_grid(x, y, slopes, intercepts, loss_fn)
    floor = grid.min() if optimum is None else min(grid.min(), (loss_fn or _mse_point)(optimum, x, y))
    excess = grid - floor
    top = max(excess.max(), 1e-12)
    levels = np.geomspace(max(top * 1e-4, 1e-12), top, n_levels)
    ax = _axes(ax)
    ax.contour(slopes, intercepts, excess + floor, levels=levels + floor, colors=COLORS["contour"], linewidths=0.8)
    for i, path in enumerate(paths):
        color = colors[i] if colors is not None else CYCLE[i % len(CYCLE)]
        label = None if labels is None else labels[i]
        style = dict(marker="o", markersize=2.5) if markers and len(path) <= 400 else {}
        ax.plot(path[:, 0], path[:, 1], color=color, linewidth=1.3, label=label, **style)
        ax.plot(path[0, 0], path[0, 1], "o", color=color, markersize=6, markerfacecolor="white")
    if optimum is not None:
        ax.plot(optimum[0], optimum[1], "*", color=COLORS["optimum"], markersize=14,
                markeredgecolor="white", label="minimum", zorder=5)
    ax.set_xlim(slopes[0], slopes[-1])
    ax.set_ylim(intercepts[0], intercepts[-1])
    ax.set(xlabel="slope", ylabel="intercept", title=title)
    if labels is not None or optimum is not None:
        ax.legend(loc="best", frameon=True, framealpha=0.85, fontsize="small")
    return ax


def _mse_point(params, x, y):
    residual = params[0] * x + params[1] - y
    return float(np.mean(residual * residual))


def plot_loss_curves(
    runs,
    *,
    ax=None,
    optimum_loss=None,
    x_axis="updates",
    log=True,
    title=None,
):
    """Loss against updates (or samples processed) for one or several runs.

    Parameters
    ----------
    runs : dict of str to Trajectory
        Each Trajectory must have been run with ``loss_fn``.
    ax : matplotlib Axes, keyword-only, optional
    optimum_loss : float, keyword-only, optional
        If given, plot the excess loss ``loss - optimum_loss`` instead of the loss.
    x_axis : {"updates", "samples"}, keyword-only, default "updates"
        "samples" compares methods fairly by the data they read.
    log : bool, keyword-only, default True
        Logarithmic y axis.
    title : str, keyword-only, optional

    Returns
    -------
    matplotlib Axes
    """
    if not isinstance(runs, dict) or not runs:
        raise TypeError("runs must be a non-empty dict of label -> Trajectory")
    if x_axis not in ("updates", "samples"):
        raise ValueError(f'x_axis must be "updates" or "samples", got {x_axis!r}')
    ax = _axes(ax)
    for i, (label, run) in enumerate(runs.items()):
        if getattr(run, "losses", None) is None:
            raise ValueError(f"run {label!r} has no losses; pass loss_fn to sgd()")
        losses = np.asarray(run.losses, dtype=float)
        if optimum_loss is not None:
            losses = np.maximum(losses - optimum_loss, 1e-16)
        steps = run.samples_seen if x_axis == "samples" else np.arange(len(losses))
        ax.plot(steps, losses, color=CYCLE[i % len(CYCLE)], linewidth=1.6, label=label)
    if log:
        ax.set_yscale("log")
    ylabel = "loss - minimum loss" if optimum_loss is not None else "loss"
    xlabel = "samples processed" if x_axis == "samples" else "update"
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title or "")
    ax.legend(loc="best", frameon=False, fontsize="small")
    return ax


def describe_run(run):
    """A few words on how a run ended: "diverged", "oscillating", "converging", "too slow"."""
    if run.diverged:
        return "diverged"
    path = np.asarray(run.params)
    steps = np.diff(path, axis=0)
    if len(steps) >= 3 and np.mean(np.sum(steps[1:] * steps[:-1], axis=1) < 0) > 0.5:
        return "oscillating"
    if run.losses is not None and run.losses[-1] > 0.5 * run.losses[0]:
        return "too slow"
    return "converging"


def plot_learning_rate_panels(x, y, runs, *, axes=None, optimum=None, titles=None):
    """One contour panel per run, side by side (learning rates too small ... divergent).

    Parameters
    ----------
    x, y : array_like of shape (n_samples,)
    runs : dict of str to Trajectory
        Panel title -> run.
    axes : sequence of matplotlib Axes, keyword-only, optional
        One per run; default: a new row of panels.
    optimum : array_like of shape (2,), keyword-only, optional
        Default: :func:`least_squares`.
    titles : ignored unless given; default: each label plus :func:`describe_run`.

    Returns
    -------
    ndarray of matplotlib Axes
    """
    if not isinstance(runs, dict) or not runs:
        raise TypeError("runs must be a non-empty dict of label -> Trajectory")
    if axes is None:
        axes = subplots(1, len(runs), figsize=(2.6 * len(runs) + 0.6, 3.0), sharex=True, sharey=True)[1]
    axes = np.atleast_1d(axes)
    if len(axes) != len(runs):
        raise ValueError(f"axes has {len(axes)} panels for {len(runs)} runs")
    x = _validate.as_data("x", x)
    y = _validate.as_data("y", y)
    optimum = least_squares(x, y) if optimum is None else optimum
    paths = [np.asarray(run.params) for run in runs.values()]
    finite = np.vstack([p[np.isfinite(p).all(axis=1)] for p in paths] + [np.asarray(optimum)[None, :]])
    low, high = _window(np.clip(finite, np.asarray(optimum) - 20, np.asarray(optimum) + 20))
    for i, (ax, (label, run)) in enumerate(zip(axes, runs.items(), strict=True)):
        title = titles[i] if titles is not None else f"{label}\n{describe_run(run)}"
        plot_loss_contours(x, y, trajectories=[run], ax=ax, optimum=optimum,
                           slope_range=(low[0], high[0]), intercept_range=(low[1], high[1]),
                           title=title, colors=[CYCLE[i % len(CYCLE)]])
        ax.get_legend().remove()
        if i:
            ax.set_ylabel("")
    return axes
