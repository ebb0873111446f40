"""Ready-made explorers: sliders for one optimiser's settings, and what its run does.

:func:`learning_rate_explorer` (lesson 2), :func:`batch_size_explorer` (lesson 3) and
:func:`momentum_explorer` (lesson 4) share one layout: left, the run's path on the loss contours; right, how
close it gets to the answer, on a log scale. Both panels keep fixed axes, so moving a slider shows what
changed. Each returns an :class:`Explorer`: display it as the last expression of a cell;
``explorer.png(learning_rate=...)`` draws one setting without a front end. The data ``x, y`` are arrays of
shape (n_samples,).
"""

import functools
import math

import ipywidgets
import numpy as np

from ._validate import Data, Flag, Integer, Number, Params, validate
from .convergence import describe_run, param_errors, updates_to_reach
from .figures import COLORS, MIN_FONT_SIZE, method_style, use_plain_log_labels
from .linear import least_squares, mse_gradient, mse_hessian, mse_loss
from .optimizers import Momentum, Nesterov
from .plots import _anchors, _excess_mse, _window, plot_loss_contours, plot_loss_curves
from .training import sgd
from .widgets import Explorer

# Every run is made afresh when a slider moves: at most this many updates, so a redraw stays quick.
MAX_UPDATES = 20_000
FIGSIZE = (8.4, 3.4)
DATA = dict(x=Data(), y=Data(same_length_as="x"))


def _until_outside(path, low, high):
    """``path`` up to and including its first point outside the box ``low`` to ``high`` (or not finite)."""
    with np.errstate(invalid="ignore"):
        outside = np.flatnonzero(~np.all((path >= low) & (path <= high), axis=1))
    return path if outside.size == 0 else path[: outside[0] + 1]


def _lambda_max(x):
    return float(np.linalg.eigvalsh(mse_hessian(x)).max())


def _slider(kind, **options):
    """A factory of fresh ``ipywidgets.<kind>`` controls, all in one style."""
    # Labels of one width, so that the slider tracks of an explorer line up.
    style = {"description_width": "100px"}
    return lambda: getattr(ipywidgets, kind)(continuous_update=False, style=style, **options)


def _rate_slider(value, limit, low=None, high=None):
    """A log-scale slider's factory for the learning rate ``value``, by default from a power of ten about
    three decades below the stability limit ``limit = 2 / lambda_max`` to 1.3 times it, past divergence."""
    low, high = low or 10.0 ** (round(math.log10(limit)) - 3), high or 1.3 * limit
    if not low <= value <= high:
        raise ValueError(f"learning_rate must be between {low:.3g} and {high:.3g} for these data, got {value}")
    return _slider("FloatLogSlider", value=value, base=10, min=math.log10(low), max=math.log10(high),
                   step=0.02, description="learning rate", readout_format=".3g")


def _panels(fig, x, y, runs, window, width_ratios=(1.15, 1.0), bottom=0.14, legend=None, **contours):
    """Two panels with fixed margins, ``runs`` on the loss contours over ``window = (low, high)`` in the left
    one; the right one."""
    fig.subplots_adjust(left=0.07, right=0.96, bottom=bottom, top=0.9, wspace=0.28)
    path_ax, right_ax = fig.subplots(1, 2, width_ratios=width_ratios)
    (low, high) = window
    plot_loss_contours(x, y, trajectories=runs, ax=path_ax, slope_range=(low[0], high[0]),
                       intercept_range=(low[1], high[1]), **contours)
    path_ax.legend(**(legend or dict(loc="upper right", frameon=True, framealpha=0.85, fontsize=MIN_FONT_SIZE)))
    return right_ax


def _note(ax, run, unit, result):
    """How the run ended, in the top right corner of ``ax``."""
    ax.text(0.97, 0.95, f"blew up: stopped\nafter {run.n_updates:,} {unit}" if run.diverged else
            f"after {run.n_updates:,} {unit}:\n{result}", transform=ax.transAxes, ha="right", va="top",
            fontsize=MIN_FONT_SIZE)


@validate(**DATA)
def learning_rate_explorer(x, y):
    """Sliders for gradient descent's learning rate and number of steps (lesson 2); right, its excess loss.

    Every run starts from lesson 1's guess (10, 5). The rate starts at two thirds of the stability limit
    ``2 / lambda_max`` of :func:`mse_hessian`, to one digit; its slider reaches 1.3 times the limit, where
    runs diverge. The steps slider starts at 50 full-batch updates and reaches 300.
    """
    params0, limit = np.array([10.0, 5.0]), 2.0 / _lambda_max(x)
    rate_slider = _rate_slider(float(f"{limit / 1.5:.1g}"), limit)
    optimum = least_squares(x, y)
    optimum_loss = mse_loss(optimum, x, y)
    # A fixed window: the start, the optimum and the start's mirror image
    # through the optimum, which an oscillating run swings towards.
    window = _window(np.vstack([params0, optimum, 2 * optimum - params0]), pad=0.15)
    start_excess = max(mse_loss(params0, x, y) - optimum_loss, 1e-12)
    gradient_descent = method_style("gradient descent")

    def draw(fig, *, learning_rate, n_steps):
        run = sgd(mse_gradient, x, y, params0, learning_rate=learning_rate, n_epochs=n_steps,
                  loss_fn=mse_loss, on_divergence="quiet")
        verdict = describe_run(run, optimum_loss=optimum_loss)
        loss_ax = _panels(fig, x, y, [run], window, optimum=optimum, markers=n_steps <= 100, styles=[gradient_descent],
                          title=f"learning rate {learning_rate:.3g}: {verdict}")
        plot_loss_curves({"run": run}, ax=loss_ax, optimum_loss=optimum_loss, title="excess loss, log scale",
                         styles=[{**gradient_descent, "marker": None}])
        loss_ax.set(xlim=(0, n_steps), ylim=(start_excess * 1e-10, start_excess * 1e3))
        use_plain_log_labels(loss_ax.yaxis, *loss_ax.get_ylim())
        loss_ax.legend().remove()
        _note(loss_ax, run, "steps", f"{run.losses[-1] - optimum_loss:.2e}")

    controls = {"learning_rate": rate_slider,
                "n_steps": _slider("IntSlider", value=50, min=1, max=300, description="steps")}
    title = f"Gradient descent from (10.0, 5.0): stable below 2 / lambda_max = {limit:.3f}"
    return Explorer(draw, controls, figsize=FIGSIZE, title=title)


@validate(**DATA, learning_rate=None | Number(above=0), n_updates=Integer(at_most=MAX_UPDATES),
          nesterov=Flag())
def momentum_explorer(x, y, *, learning_rate=None, n_updates=2000, nesterov=False):
    """Sliders for momentum's ``beta`` (from 0.9) and the learning rate (lesson 4).

    Each redraw runs full-batch gradient descent on the MSE of ``(x, y)`` from (0, 0) with
    :class:`Momentum` (heavy ball), without it, and with ``nesterov`` also with :func:`Nesterov`, all at the
    same learning rate. Left: the paths on the loss contours; right: each run's distance to the closed form,
    ``max |params - least_squares(x, y)|``, on a log scale, and the update from which it stays within 1e-3.

    Parameters
    ----------
    learning_rate : float, keyword-only, optional
        The learning-rate slider's starting value; default ``1 / lambda_max`` of :func:`mse_hessian` (to two
        significant digits). The slider spans ``0.03 / lambda_max`` to ``4 / lambda_max``.
    n_updates : int, keyword-only, default 2000
        Updates per run, from 1 to 20,000.
    nesterov : bool, keyword-only, default False
        Run Nesterov's momentum too.

    Notes
    -----
    Along an eigenvector of the Hessian with eigenvalue ``lambda`` each method is stable while
    ``learning_rate * lambda`` stays below its limit: 2 for plain gradient descent, ``2 (1 + beta)`` for heavy
    ball and ``2 (1 + beta) / (1 + 2 beta)`` for Nesterov (1.36 at beta = 0.9), whose look-ahead damps the
    swings but tolerates less.
    """
    params0, beta, tolerance, lambda_max = np.zeros(2), 0.9, 1e-3, _lambda_max(x)
    learning_rate = float(f"{1.0 / lambda_max:.2g}") if learning_rate is None else learning_rate
    limit = 2.0 / lambda_max
    rate_slider = _rate_slider(learning_rate, limit, 0.03 / lambda_max, 4.0 / lambda_max)
    optimum = least_squares(x, y)
    # Drawn in this order: heavy ball wide and light underneath, plain gradient descent
    # thin on top, so that where the paths run together (the first updates) all stay visible.
    nesterov_width = {"Nesterov": dict(linewidth=1.8)} if nesterov else {}
    methods = {"heavy ball": dict(linewidth=2.6, alpha=0.6), **nesterov_width,
               "gradient descent": dict(linewidth=1.1)}
    styles = [{**method_style(name), **width} for name, width in methods.items()]

    @functools.lru_cache(maxsize=32)  # the first draw, and a slider moved back, reuse the runs
    def runs_for(beta, learning_rate):
        optimizers = {"heavy ball": Momentum(beta=beta), "Nesterov": Nesterov(beta=beta), "gradient descent": None}
        return {name: sgd(mse_gradient, x, y, params0, learning_rate=learning_rate, n_epochs=n_updates,
                          on_divergence="quiet", optimizer=optimizers[name]) for name in methods}

    # A fixed window around the runs at the starting values (only the start of one that
    # blows up), so moving a slider shows what changed; paths that swing further leave the frame.
    start_paths = _anchors(runs_for(beta, learning_rate).values())[1]
    window = _window(np.vstack([*start_paths, optimum[None, :]]), pad=0.08)
    errors_shown = (1e-6, 1e3)
    # Legends under the panels, where they cover no path and no curve, whatever the sliders say.
    below = dict(loc="upper center", bbox_to_anchor=(0.5, -0.2), frameon=False, fontsize=MIN_FONT_SIZE)

    def draw(fig, *, beta, learning_rate):
        runs = runs_for(beta, learning_rate)
        labels = [f"plain {name}" if name == "gradient descent" else f"{name}, beta = {beta:.2f}"
                  for name in runs]
        # A run that blew up is drawn until it first leaves the window: its later swings would cross the
        # whole frame, over the contours and the other paths.
        paths = [_until_outside(run.params, *window) if run.diverged else run for run in runs.values()]
        error_ax = _panels(fig, x, y, paths, window, (1.0, 1.0), bottom=0.3, legend=dict(ncol=2, **below),
                           labels=labels, optimum=optimum, markers=False, styles=styles,
                           title=f"learning rate {learning_rate:.3g}")
        error_ax.set_yscale("log")
        use_plain_log_labels(error_ax.yaxis, *errors_shown)
        for (name, run), style in zip(runs.items(), styles, strict=True):
            arrived = updates_to_reach(run, optimum, tolerance=tolerance)
            note = ("diverged" if run.diverged else f"not within {n_updates:,} updates" if arrived is None
                    else f"within {tolerance:g} after {arrived:,} updates")
            # plot, not semilogy: semilogy sets the log scale again, and with it matplotlib's
            # mathtext tick labels, which cost a parse per redraw.
            error_ax.plot(np.minimum(param_errors(run, optimum), errors_shown[1] * 10), linewidth=1.4,
                          color=style["color"], linestyle=style["linestyle"],
                          label=f"{'plain' if name == 'gradient descent' else name}: {note}")
        error_ax.axhline(tolerance, color=COLORS["contour"], linestyle=":", linewidth=1.0)
        error_ax.set(xlim=(0, n_updates), ylim=errors_shown, xlabel="update",
                     ylabel="largest |param - closed form|", title="distance to the answer")
        error_ax.legend(**below)

    controls = {"beta": _slider("FloatSlider", value=beta, min=0.0, max=0.99, step=0.01,
                                description="momentum beta", readout_format=".2f"),
                "learning_rate": rate_slider}
    title = f"Momentum from (0.0, 0.0): plain gradient descent is stable below 2 / lambda_max = {limit:.3f}"
    return Explorer(draw, controls, figsize=(9.0, 4.6), title=title)


@validate(**DATA, params0=Params(length=2))
def batch_size_explorer(x, y, *, params0=(10.0, 5.0)):
    """Sliders for the batch size and learning rate of SGD, on a fixed sample budget (lesson 3).

    Every setting reads the same number of samples from the same start, with the same shuffles (seed 0), so
    settings compare fairly; right, the excess loss against samples processed. The batch sizes offered are
    1, 2, 5, 10 ... 1000 up to ``n_samples``, from the largest at most 10; the rate starts at an eighth of
    the stability limit ``2 / lambda_max``, to one digit, on the slider of :func:`learning_rate_explorer`.
    The budget is one epoch, or 20,000 samples if fewer, so that batch size 1 needs at most 20,000 updates.

    Parameters
    ----------
    params0 : array_like of shape (2,), keyword-only, default (10.0, 5.0)
        Lesson 1's guess.

    Examples
    --------
    >>> from sgd_lesson import make_linear_data
    >>> x, y = make_linear_data(1_000, seed=0)
    >>> batch_size_explorer(x, y).defaults()
    {'batch_size': 10, 'learning_rate': 0.1}
    """
    n_samples = len(x)
    batch_sizes = [size for size in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000) if size <= n_samples]
    limit = 2.0 / _lambda_max(x)
    rate_slider = _rate_slider(float(f"{limit / 8:.1g}"), limit)
    sample_budget = min(n_samples, MAX_UPDATES)

    optimum = least_squares(x, y)
    start_excess = max(float(_excess_mse(x, optimum, *params0)), 1e-12)
    window = _window(np.vstack([params0, optimum]), pad=0.2)

    def draw(fig, *, batch_size, learning_rate):
        batch_size = Integer(at_most=n_samples).convert("batch_size", batch_size, {})
        n_updates = -(-sample_budget // batch_size)
        run = sgd(mse_gradient, x, y, params0, learning_rate=learning_rate, batch_size=batch_size,
                  n_epochs=-(-sample_budget // n_samples), max_updates=n_updates, seed=0,
                  on_divergence="quiet")
        picks = np.unique(np.linspace(0, run.n_updates, 300).astype(int))
        excess = _excess_mse(x, optimum, *run.params[picks].T)
        style = method_style("SGD", batch_size=batch_size)
        loss_ax = _panels(fig, x, y, [run], window, optimum=optimum, styles=[style],
                          title=f"batch size {batch_size}, learning rate {learning_rate:.3g}")
        loss_ax.set_yscale("log")
        # Plain-text tick labels (10⁻³) and no minor ticks: mathtext would double the drawing time.
        use_plain_log_labels(loss_ax.yaxis, start_excess * 1e-6, start_excess * 10)
        loss_ax.set(xlim=(0, sample_budget), ylim=(start_excess * 1e-6, start_excess * 10),
                    xlabel="samples processed", ylabel="loss - minimum loss", title="excess loss, log scale")
        # Clipped to just past the axes, so that a run that blew up leaves the frame without overflowing it.
        loss_ax.plot(run.samples_seen[picks], np.clip(excess, 1e-16, start_excess * 1e3), linewidth=1.4,
                     color=style["color"], linestyle=style["linestyle"])
        _note(loss_ax, run, "updates", f"{excess[-1]:.2e}")

    controls = {"batch_size": _slider("SelectionSlider", options=batch_sizes, description="batch size",
                                      value=max(size for size in batch_sizes if size <= 10)),
                "learning_rate": rate_slider}
    start = tuple(round(float(p), 3) for p in params0)
    title = f"Minibatch SGD from {start}, {sample_budget:,} samples per run"
    return Explorer(draw, controls, figsize=FIGSIZE, title=title)
