"""Plot helpers for the lessons.

Every helper takes ``ax=None`` (a new figure when None), draws on it and returns
it, with colours and sizes chosen here, explicitly: nothing touches rcParams or
a named style sheet, so the figures look the same on every matplotlib.

Lesson 1 (``01_fit_a_line``) draws the data, residuals and the loss landscape;
lesson 2 (``02_gradient_descent``) draws runs on it, loss curves and the
learning-rate panels; later lessons reuse them.
"""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import MaxNLocator

from . import _validate
from .convergence import describe_run
from .figures import (
    COLORS,
    CYCLE,
    DPI,
    FIGSIZE,
    LINESTYLES,
    MARGINS,
    MAX_WIDTH,
    METHOD_STYLES,
    MIN_FONT_SIZE,
    PALETTE,
    POINT_MARKERS,
    method_style,
    power_of_ten_label,
    run_style,
    subplots,
    use_plain_log_labels,
)
from .linear import least_squares, mse_loss
from .logistic import predict_proba


def _axes(ax, figsize=FIGSIZE):
    if ax is None:
        return subplots(figsize=figsize)[1]
    if not hasattr(ax, "plot") or not hasattr(ax, "figure"):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")
    return ax


def _run_styles(n, colors, styles, what):
    """Line properties for ``n`` runs: ``styles[i]``, else :func:`run_style` ``(i)`` in ``colors[i]``."""
    for name, given in (("colors", colors), ("styles", styles)):
        if given is not None and len(given) < n:
            raise ValueError(f"{name} has {len(given)} entries for {n} {what}")
    if styles is not None:
        return [dict(style) for style in styles[:n]]
    return [{**run_style(i), **({} if colors is None else {"color": colors[i]})} for i in range(n)]


def _params(name, params):
    return None if params is None else _validate.as_params(name, params)


def _xy(x, y):
    x = _validate.as_data("x", x)
    y = _validate.as_data("y", y)
    _validate.same_length(x=x, y=y)
    return x, y


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
        Draw here; default: a new 540 x 360 figure.
    residuals : bool, keyword-only, default False
        Draw each point's residual ``y_pred - y`` as a vertical segment (needs ``params``).
    true_params : array_like of shape (2,), keyword-only, optional
        The line the data came from, drawn dashed.
    highlight : array_like of int, keyword-only, optional
        Indices of points to emphasise (the minibatch that made the last step).
    label, title : str, keyword-only
        The line's legend label and the axes title.

    Returns
    -------
    matplotlib Axes
        One scatter collection for the data (two with ``highlight``), one
        line per drawn line, one line collection for the residuals.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> ax = plot_fit([0.0, 0.5, 1.0], [1.0, 2.2, 2.9], [2.0, 1.0], residuals=True)
    >>> len(ax.lines), len(ax.collections)
    (1, 2)
    >>> plt.close(ax.figure)
    """
    x, y = _xy(x, y)
    params, true_params = _params("params", params), _params("true_params", true_params)
    if residuals and params is None:
        raise ValueError("residuals=True needs params: the line whose residuals to draw")
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
    ax.legend(loc="upper left", frameon=False, fontsize=MIN_FONT_SIZE)
    return ax


def _mse_grid(x, y, slopes, intercepts):
    # The MSE is a quadratic in (slope, intercept): evaluate it from five means,
    # so a 100 x 100 grid costs the same for 50 points or a million.
    s, b = np.meshgrid(slopes, intercepts)
    mx, my, mxx, mxy, myy = x.mean(), y.mean(), np.mean(x * x), np.mean(x * y), np.mean(y * y)
    return s * s * mxx + 2 * s * b * mx + b * b - 2 * s * mxy - 2 * b * my + myy


def loss_grid(x, y, slopes, intercepts, loss_fn=None):
    """Loss at every (slope, intercept) of a grid, shape (len(intercepts), len(slopes)).

    ``loss_fn=None`` is the MSE (computed in closed form from five means of the
    data); any other ``loss_fn(params, x, y)`` is evaluated point by point.

    Examples
    --------
    >>> loss_grid([0.0, 1.0], [1.0, 3.0], [2.0], [1.0, 0.0]).tolist()
    [[0.0], [1.0]]
    """
    x, y = _xy(x, y)
    slopes = _validate.as_data("slopes", slopes)
    intercepts = _validate.as_data("intercepts", intercepts)
    if loss_fn is None:
        return _mse_grid(x, y, slopes, intercepts)
    if not callable(loss_fn):
        raise TypeError(f"loss_fn must be callable or None, got {type(loss_fn).__name__}")
    return np.array([[loss_fn(np.array([s, b]), x, y) for s in slopes] for b in intercepts])


def _window(points, pad=0.15):
    low, high = points.min(axis=0), points.max(axis=0)
    span = np.maximum(high - low, 1e-3 * (1.0 + np.abs(high)))
    return low - pad * span, high + pad * span


def _path(trajectory):
    path = np.asarray(getattr(trajectory, "params", trajectory), dtype=float)
    if path.ndim != 2 or path.shape[1] != 2 or len(path) == 0:
        raise ValueError(f"each trajectory must have params of shape (n, 2), got {path.shape}")
    return path


def _blows_up(trajectory, path):
    """Whether a run runs away (so it should not stretch the plotting window)."""
    if getattr(trajectory, "diverged", False):
        return True
    losses = getattr(trajectory, "losses", None)
    if losses is not None and len(losses) > 1:
        return not losses[-1] <= losses[0]
    return not np.isfinite(path).all()


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
    points=None,
    label_levels=False,
    styles=None,
):
    """Contour map of the loss over (slope, intercept), with runs drawn on it.

    Parameters
    ----------
    x, y : array_like of shape (n_samples,)
    trajectories : sequence of Trajectory or of (n, 2) arrays, keyword-only, optional
        Runs to draw as paths from start (open circle) to end (filled circle).
    labels : sequence of str, keyword-only, optional
        One legend label per trajectory.
    ax : matplotlib Axes, keyword-only, optional
    loss_fn : callable, keyword-only, optional
        ``loss_fn(params, x, y)``; default: the MSE.
    optimum : array_like of shape (2,), keyword-only, optional
        Marked with a star; default: :func:`least_squares` for the MSE.
    slope_range, intercept_range : (float, float), keyword-only, optional
        The window; default: around the optimum, the points and every
        trajectory (runs that blow up do not stretch it; they leave the frame).
    n_levels : int, keyword-only, default 14
        Contour lines, spaced evenly in log(loss - min loss): the rings get
        closer near the minimum, where the loss is flat.
    title : str, keyword-only
    markers : bool, keyword-only, default True
        Mark each update on the paths (only on paths of at most 400 points).
    colors : sequence of colours, keyword-only, optional
        One per trajectory; default: :data:`CYCLE`, each with its line style
        from :data:`LINESTYLES`.
    points : dict of str to array_like of shape (2,), keyword-only, optional
        Single parameter values to mark and label (a guess, the true line),
        drawn over the minimum's star.
    label_levels : bool, keyword-only, default False
        Write the loss value on the contour lines.
    styles : sequence of dict, keyword-only, optional
        Line properties per trajectory instead of ``colors``, such as
        :func:`method_style` ``("momentum")``; its marker marks the updates.

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
    x, y = _xy(x, y)
    trajectories = list(trajectories or [])
    paths = [_path(t) for t in trajectories]
    if labels is not None and len(labels) != len(paths):
        raise ValueError(f"labels has {len(labels)} entries for {len(paths)} trajectories")
    styles = _run_styles(len(paths), colors, styles, "trajectories")
    if points is not None and not isinstance(points, dict):
        raise TypeError(f"points must be a dict of label -> (slope, intercept), got {type(points).__name__}")
    marked = {label: _validate.as_params(f"points[{label!r}]", value) for label, value in (points or {}).items()}
    n_levels = _validate.integer("n_levels", n_levels, minimum=2)
    if optimum is None and loss_fn is None:
        optimum = least_squares(x, y)
    optimum = _params("optimum", optimum)

    anchors = [p[np.isfinite(p).all(axis=1)] for t, p in zip(trajectories, paths, strict=True)
               if not _blows_up(t, p)]
    anchors += [p[:1] for t, p in zip(trajectories, paths, strict=True) if _blows_up(t, p)]
    anchors += [value[None, :] for value in marked.values()]
    if optimum is not None:
        anchors.append(optimum[None, :])
    anchors = [a for a in anchors if len(a)]
    if not anchors and (slope_range is None or intercept_range is None):
        raise ValueError("nothing to centre the map on: give optimum, trajectories, points or both ranges")
    low, high = _window(np.vstack(anchors)) if anchors else (None, None)
    slope_range = _validate.interval("slope_range", slope_range) if slope_range is not None else (low[0], high[0])
    intercept_range = (_validate.interval("intercept_range", intercept_range) if intercept_range is not None
                       else (low[1], high[1]))
    slopes = np.linspace(*slope_range, 120)
    intercepts = np.linspace(*intercept_range, 120)
    grid = loss_grid(x, y, slopes, intercepts, loss_fn)
    floor = grid.min() if optimum is None else min(grid.min(), (loss_fn or mse_loss)(optimum, x, y))
    top = max(grid.max() - floor, 1e-12)
    levels = floor + np.geomspace(max(top * 1e-4, 1e-12), top, n_levels)

    ax = _axes(ax)
    contours = ax.contour(slopes, intercepts, grid, levels=levels, colors=COLORS["contour"], linewidths=0.8)
    if label_levels:
        # Label every other ring of the outer half: the rings crowd near the centre.
        ax.clabel(contours, contours.levels[n_levels // 2 + 1 :: 2], fontsize=MIN_FONT_SIZE, fmt=_level_format)
    for i, (path, style) in enumerate(zip(paths, styles, strict=True)):
        label = None if labels is None else labels[i]
        marker = style.pop("marker", "o")
        dots = dict(marker=marker, markersize=3) if markers and len(path) <= 400 else {}
        ax.plot(path[:, 0], path[:, 1], **{"linewidth": 1.3, **style, **dots}, label=label, gid=f"path {i}")
        color = style["color"]
        ax.plot(path[0, 0], path[0, 1], "o", color=color, markersize=6, markerfacecolor="white", zorder=4,
                gid=f"start {i}")
        end = path[np.isfinite(path).all(axis=1)][-1]
        ax.plot(end[0], end[1], "o", color=color, markersize=5, markeredgecolor="white", zorder=4, gid=f"end {i}")
    for i, (label, value) in enumerate(marked.items()):
        ax.plot(value[0], value[1], POINT_MARKERS[i % len(POINT_MARKERS)], linestyle="none",
                color=COLORS["guess"] if i == 0 else CYCLE[(i + 2) % len(CYCLE)],
                markersize=8, markeredgecolor="white", label=label, zorder=6)
    if optimum is not None:
        ax.plot(optimum[0], optimum[1], "*", color=COLORS["optimum"], markersize=14,
                markeredgecolor="white", label="minimum", zorder=5, gid="minimum")
    ax.set_xlim(slopes[0], slopes[-1])
    ax.set_ylim(intercepts[0], intercepts[-1])
    ax.set(xlabel="slope", ylabel="intercept", title=title or "")
    if labels is not None or optimum is not None or marked:
        ax.legend(loc="best", frameon=True, framealpha=0.85, fontsize=MIN_FONT_SIZE)
    return ax


def _level_format(value):
    return f"{value:.2g}" if value < 100 else f"{value:.0f}"


def plot_loss_surface(
    x,
    y,
    *,
    ax=None,
    slope_range=None,
    intercept_range=None,
    points=None,
    title="The loss surface",
):
    """The MSE over (slope, intercept) as a 3-D surface: a bowl, lowest at the optimum.

    Parameters
    ----------
    x, y : array_like of shape (n_samples,)
    ax : matplotlib 3-D Axes, keyword-only, optional
        Made with ``projection="3d"``; default: a new figure.
    slope_range, intercept_range : (float, float), keyword-only, optional
        Default: 6 either side of the least-squares optimum, or more to
        include every one of ``points``.
    points : dict of str to array_like of shape (2,), keyword-only, optional
        Parameter values to mark on the surface (the optimum always is).
    title : str, keyword-only

    Returns
    -------
    matplotlib 3-D Axes
    """
    x, y = _xy(x, y)
    optimum = least_squares(x, y)
    if points is not None and not isinstance(points, dict):
        raise TypeError(f"points must be a dict of label -> (slope, intercept), got {type(points).__name__}")
    marked = {label: _validate.as_params(f"points[{label!r}]", value) for label, value in (points or {}).items()}
    if ax is None:
        fig, ax = subplots(figsize=(5.0, 4.0), subplot_kw={"projection": "3d"})
        # A 3-D axes keeps room for its tick and axis labels inside its box.
        fig.subplots_adjust(left=0.0, right=1.0, bottom=0.0, top=0.95)
    elif getattr(ax, "name", None) != "3d":
        raise ValueError('ax must be a 3-D Axes, made with subplot_kw={"projection": "3d"}')
    reach = np.max(np.abs(np.vstack([optimum[None, :], *[v[None, :] for v in marked.values()]]) - optimum),
                   axis=0)
    half = np.maximum(6.0, 1.15 * reach)
    slope_range = (_validate.interval("slope_range", slope_range) if slope_range is not None
                   else (optimum[0] - half[0], optimum[0] + half[0]))
    intercept_range = (_validate.interval("intercept_range", intercept_range) if intercept_range is not None
                       else (optimum[1] - half[1], optimum[1] + half[1]))
    slopes = np.linspace(*slope_range, 40)
    intercepts = np.linspace(*intercept_range, 40)
    grid = _mse_grid(x, y, slopes, intercepts)
    s, b = np.meshgrid(slopes, intercepts)
    ax.plot_surface(s, b, grid, cmap="viridis", alpha=0.85, linewidth=0, antialiased=True, rcount=40, ccount=40)
    ax.plot([optimum[0]], [optimum[1]], [mse_loss(optimum, x, y)], "*", color=COLORS["optimum"],
            markersize=12, markeredgecolor="white", label="minimum", zorder=10)
    for i, (label, value) in enumerate(marked.items()):
        ax.plot([value[0]], [value[1]], [mse_loss(value, x, y)], POINT_MARKERS[i % len(POINT_MARKERS)],
                color=COLORS["guess"] if i == 0 else CYCLE[(i + 2) % len(CYCLE)], markersize=8,
                markeredgecolor="white", label=label, zorder=10)
    ax.set(xlabel="slope", ylabel="intercept", zlabel="loss (MSE)", title=title or "")
    for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
        axis.set_major_locator(MaxNLocator(nbins=5, integer=True))
    ax.view_init(elev=28, azim=-60)
    ax.legend(loc="upper left", frameon=False, fontsize=MIN_FONT_SIZE)
    return ax


def plot_loss_curves(
    runs,
    *,
    ax=None,
    optimum_loss=None,
    x_axis="updates",
    log=True,
    log_x=False,
    title=None,
    colors=None,
    styles=None,
):
    """Loss against updates (or samples processed) for one or several runs.

    Parameters
    ----------
    runs : dict of str to Trajectory
        Label -> run; each run must have been made with ``loss_fn``.
    ax : matplotlib Axes, keyword-only, optional
    optimum_loss : float, keyword-only, optional
        If given, plot the excess loss ``loss - optimum_loss`` instead of the
        loss: on a log axis it falls on a straight line while gradient descent
        converges at a constant rate.
    x_axis : {"updates", "samples"}, keyword-only, default "updates"
        "samples" compares methods fairly by the data they read.
    log : bool, keyword-only, default True
        Logarithmic y axis.
    log_x : bool, keyword-only, default False
        Logarithmic x axis too, for runs whose lengths differ by decades.
    title : str, keyword-only, optional
    colors : sequence of colours, keyword-only, optional
        One per run; default: :data:`CYCLE` and :data:`LINESTYLES`, in the order of ``runs``.
    styles : sequence of dict, keyword-only, optional
        Line properties per run instead of ``colors``, such as
        :func:`method_style` ``("Adam")``; its marker is drawn every tenth of the way.

    Returns
    -------
    matplotlib Axes
        One line per run.
    """
    if not isinstance(runs, dict) or not runs:
        raise TypeError("runs must be a non-empty dict of label -> Trajectory")
    if x_axis not in ("updates", "samples"):
        raise ValueError(f'x_axis must be "updates" or "samples", got {x_axis!r}')
    if optimum_loss is not None:
        optimum_loss = _validate.number("optimum_loss", optimum_loss)
    styles = _run_styles(len(runs), colors, styles, "runs")
    for label, run in runs.items():
        if getattr(run, "losses", None) is None:
            raise ValueError(f"run {label!r} has no losses; pass loss_fn to sgd()")
    ax = _axes(ax)
    drawn, positions = [], []
    for (label, run), style in zip(runs.items(), styles, strict=True):
        losses = np.asarray(run.losses, dtype=float)
        if optimum_loss is not None:
            losses = np.maximum(losses - optimum_loss, 1e-16)
        steps = np.asarray(run.samples_seen) if x_axis == "samples" else np.arange(len(losses))
        if "marker" in style:
            style.update(markevery=0.1, markersize=6)
        ax.plot(steps, losses, **{"linewidth": 1.6, **style}, label=label)
        drawn.append(losses[np.isfinite(losses) & (losses > 0)])
        positions.append(steps[steps > 0])
    # Log axes get plain-text tick labels (10⁻³), which draw faster than mathtext.
    if log:
        ax.set_yscale("log")
        _plain_log_labels_for(ax.yaxis, drawn)
    if log_x:
        ax.set_xscale("log")
        _plain_log_labels_for(ax.xaxis, positions)
    ylabel = "loss - minimum loss" if optimum_loss is not None else "loss"
    xlabel = "samples processed" if x_axis == "samples" else "update"
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title or "")
    ax.legend(loc="best", frameon=False, fontsize=MIN_FONT_SIZE)
    return ax


def _plain_log_labels_for(axis, arrays):
    values = np.concatenate(arrays)
    if values.size:
        use_plain_log_labels(axis, values.min(), values.max())


def plot_learning_rate_panels(x, y, runs, *, axes=None, optimum=None, titles=None):
    """One contour panel per run, side by side (learning rates too small ... divergent).

    Parameters
    ----------
    x, y : array_like of shape (n_samples,)
    runs : dict of str to Trajectory
        Panel title -> run, in the order to draw them (at most 6).
    axes : sequence of matplotlib Axes, keyword-only, optional
        One per run; default: a new row of panels, at most :data:`MAX_WIDTH` wide.
    optimum : array_like of shape (2,), keyword-only, optional
        Default: :func:`least_squares`.
    titles : sequence of str, keyword-only, optional
        Default: each label above :func:`describe_run` of its run.

    Returns
    -------
    ndarray of matplotlib Axes

    Notes
    -----
    Every panel shows the same window, around the runs that do not blow up, so
    the paths can be compared; a run that diverges leaves the frame. Run ``i``
    has :func:`run_style` ``(i)``, as in :func:`plot_loss_curves`.
    """
    if not isinstance(runs, dict) or not runs:
        raise TypeError("runs must be a non-empty dict of label -> Trajectory")
    if len(runs) > len(CYCLE):
        raise ValueError(f"at most {len(CYCLE)} runs fit side by side, got {len(runs)}")
    if titles is not None and len(titles) != len(runs):
        raise ValueError(f"titles has {len(titles)} entries for {len(runs)} runs")
    x, y = _xy(x, y)
    optimum = least_squares(x, y) if optimum is None else _validate.as_params("optimum", optimum)
    if axes is None:
        width = min(2.2 * len(runs) + 0.4, MAX_WIDTH)
        axes = subplots(1, len(runs), figsize=(width, 3.0), sharex=True, sharey=True)[1]
    axes = np.atleast_1d(axes)
    if len(axes) != len(runs):
        raise ValueError(f"axes has {len(axes)} panels for {len(runs)} runs")
    paths = {label: _path(run) for label, run in runs.items()}
    calm = [paths[label] for label, run in runs.items() if not _blows_up(run, paths[label])]
    starts = [path[:1] for path in paths.values()]
    low, high = _window(np.vstack(calm + starts + [optimum[None, :]]), pad=0.12)
    optimum_loss = mse_loss(optimum, x, y)
    for i, (ax, (label, run)) in enumerate(zip(axes, runs.items(), strict=True)):
        title = titles[i] if titles is not None else f"{label}\n{describe_run(run, optimum_loss=optimum_loss)}"
        plot_loss_contours(x, y, trajectories=[run], ax=ax, optimum=optimum,
                           slope_range=(low[0], high[0]), intercept_range=(low[1], high[1]),
                           title=title, styles=[run_style(i)], n_levels=10)
        ax.get_legend().remove()
        ax.title.set_fontsize("medium")
        if i:
            ax.set_ylabel("")
    return axes


def plot_probability_curve(
    x,
    labels,
    params=None,
    *,
    ax=None,
    true_params=None,
    threshold=0.5,
    jitter=0.03,
    label="fitted probability",
    title=None,
):
    """Labelled points at 0 and 1, the probability curve ``sigmoid(slope * x + intercept)``
    and the decision threshold (lesson 5).

    Parameters
    ----------
    x : array_like of shape (n_samples,)
    labels : array_like of shape (n_samples,), values 0 or 1
    params : array_like of shape (2,), optional
        ``[slope, intercept]`` of the fitted model; its curve, the threshold
        line and its decision boundary are drawn.
    ax : matplotlib Axes, keyword-only, optional
    true_params : array_like of shape (2,), keyword-only, optional
        The model the labels came from, drawn dashed.
    threshold : float, keyword-only, default 0.5
        Predict label 1 where the probability is at least this, in (0, 1).
    jitter : float, keyword-only, default 0.03
        Spread the points this far above and below 0 and 1 (evenly, not at
        random), so that overlapping points stay visible; 0 for none.
    label, title : str, keyword-only

    Returns
    -------
    matplotlib Axes
        Two scatter collections (label 0 and label 1); with ``params``, the
        curve, the threshold line and (if it falls inside the data) the boundary.

    Notes
    -----
    The decision boundary is where ``sigmoid(z) = threshold``, that is
    ``x = (log(threshold / (1 - threshold)) - intercept) / slope``:
    ``x = -intercept / slope`` for the threshold 0.5.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> ax = plot_probability_curve([0.1, 0.4, 0.6, 0.9], [0, 0, 1, 1], [10.0, -5.0])
    >>> len(ax.collections), len(ax.lines)  # points; curve, threshold, boundary at x = 0.5
    (2, 3)
    >>> plt.close(ax.figure)
    """
    x = _validate.as_data("x", x)
    labels = _validate.as_labels("labels", labels)
    _validate.same_length(x=x, labels=labels)
    params, true_params = _params("params", params), _params("true_params", true_params)
    threshold = _validate.number("threshold", threshold)
    if not 0.0 < threshold < 1.0:
        raise ValueError(f"threshold must be between 0 and 1, got {threshold}")
    jitter = _validate.number("jitter", jitter)
    if not 0.0 <= jitter <= 0.2:
        raise ValueError(f"jitter must be between 0 and 0.2, got {jitter}")
    ax = _axes(ax)
    # An even, repeatable spread (golden-ratio steps), not random noise.
    spread = ((np.arange(len(x)) * 0.6180339887) % 1.0 - 0.5) * 2.0 * jitter
    for value, name, color in ((0.0, "label 0", COLORS["data"]), (1.0, "label 1", COLORS["residual"])):
        mask = labels == value
        ax.scatter(x[mask], value + spread[mask], s=10, color=color, alpha=0.5, linewidths=0,
                   label=name, zorder=2)
    grid = np.linspace(x.min(), x.max(), 200)
    if true_params is not None:
        ax.plot(grid, predict_proba(true_params, grid), "--", color=COLORS["truth"], linewidth=1.2,
                label="true probability", zorder=3)
    if params is not None:
        ax.plot(grid, predict_proba(params, grid), color=COLORS["fit"], linewidth=2.0, label=label, zorder=4)
        ax.axhline(threshold, color=COLORS["contour"], linestyle=":", linewidth=1.0, zorder=1,
                   label=f"threshold {threshold:g}")
        if params[0] != 0.0:
            boundary = (np.log(threshold / (1.0 - threshold)) - params[1]) / params[0]
            if x.min() <= boundary <= x.max():
                ax.axvline(boundary, color=COLORS["optimum"], linewidth=1.2, zorder=1,
                           label=f"boundary x = {boundary:.3f}")
    ax.set_ylim(-0.1 - jitter, 1.1 + jitter)
    ax.set(xlabel="x", ylabel="P(label = 1)", title=title or "")
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False, fontsize=MIN_FONT_SIZE)
    return ax


# Importable from here, where the lessons import them: the figure set-up lives in
# ``figures``, the run analysis in ``convergence``.
__all__ = ["COLORS", "CYCLE", "DPI", "FIGSIZE", "LINESTYLES", "MARGINS", "MAX_WIDTH", "METHOD_STYLES",
           "MIN_FONT_SIZE", "PALETTE", "POINT_MARKERS", "describe_run", "method_style", "run_style",
           "loss_grid", "plot_fit", "plot_learning_rate_panels", "plot_loss_contours", "plot_loss_curves",
           "plot_loss_surface", "plot_probability_curve", "power_of_ten_label", "subplots",
           "use_plain_log_labels"]
