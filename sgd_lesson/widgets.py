"""Explorers: a few sliders that redraw a figure, with a static figure as fallback.

An :class:`Explorer` shows its controls and then its figure as an ordinary PNG
output. A live Jupyter front end moves the sliders and the PNG is replaced in
place; anywhere without a widget front end (GitHub's viewer, nbval, nbconvert)
the reader still sees the figure for the default values.

Ready-made explorers: :func:`learning_rate_explorer` (lesson 2).
"""

from __future__ import annotations

import io
import math

import numpy as np
from matplotlib.figure import Figure

from . import _validate
from .linear import least_squares, mse_gradient, mse_hessian, mse_loss
from .plots import DPI, FIGSIZE, _window, describe_run, plot_loss_contours, plot_loss_curves


def render_png(fig):
    """The figure as PNG bytes (no software version in the metadata)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=fig.dpi, metadata={"Software": None})
    return buffer.getvalue()


class Explorer:
    """Sliders that redraw one figure.

    Parameters
    ----------
    draw : callable
        ``draw(fig, **values)`` draws a fresh :class:`matplotlib.figure.Figure`
        for the slider values.
    controls : dict of str to callable
        Name -> a function returning a new ipywidgets control (a fresh one each
        time the explorer is shown, so a rerun starts from the defaults).
    figsize : (float, float), keyword-only
    title : str, keyword-only, optional
        A line shown above the controls.
    layout : {"constrained", None}, keyword-only, default "constrained"
        The figure's layout engine. ``None`` skips the constrained layout,
        which costs about half of each redraw, for a ``draw`` that places its
        axes itself (``fig.subplots_adjust``).
    """

    def __init__(self, draw, controls, *, figsize=FIGSIZE, title=None, layout="constrained"):
        if not callable(draw):
            raise TypeError(f"draw must be callable, got {type(draw).__name__}")
        if not isinstance(controls, dict) or not controls:
            raise TypeError("controls must be a non-empty dict of name -> widget factory")
        self.draw = draw
        self.controls = controls
        if layout not in ("constrained", None):
            raise ValueError(f'layout must be "constrained" or None, got {layout!r}')
        self.figsize = figsize
        self.title = title
        self.layout = layout

    def defaults(self):
        """The controls' starting values."""
        return {name: make().value for name, make in self.controls.items()}

    def figure(self, **values):
        """A new Figure drawn for ``values`` (the defaults where not given)."""
        fig = Figure(figsize=self.figsize, dpi=DPI, layout=self.layout)
        self.draw(fig, **{**self.defaults(), **values})
        return fig

    def png(self, **values):
        """The figure for ``values`` as PNG bytes."""
        return render_png(self.figure(**values))

    def _ipython_display_(self):
        import ipywidgets
        from IPython.display import Image, display

        sliders = {name: make() for name, make in self.controls.items()}
        children = list(sliders.values())
        if self.title:
            children.insert(0, ipywidgets.HTML(f"<b>{self.title}</b>"))
        display(ipywidgets.VBox(children))
        values = {name: slider.value for name, slider in sliders.items()}
        handle = display(Image(data=self.png(**values), format="png"), display_id=True)

        def redraw(change):
            values = {name: slider.value for name, slider in sliders.items()}
            handle.update(Image(data=self.png(**values), format="png"))

        for slider in sliders.values():
            slider.observe(redraw, names="value")

    def __repr__(self):
        return f"<Explorer: {', '.join(self.controls)}>"


def learning_rate_explorer(x, y, *, params0=(10.0, 5.0), learning_rate=0.5, n_steps=50, max_steps=300):
    """Sliders for gradient descent's learning rate and number of steps (lesson 2).

    Left: the run's path on the loss contours; right: its excess loss on a log
    scale. Both keep fixed axes, so moving a slider shows what changed.

    Parameters
    ----------
    x, y : array_like of shape (n_samples,)
    params0 : array_like of shape (2,), keyword-only, default (10.0, 5.0)
        Where every run starts (lesson 1's guess).
    learning_rate : float, keyword-only, default 0.5
        The slider's starting value, between 0.001 and the slider's top,
        1.3 times the stability limit ``2 / lambda_max``.
    n_steps : int, keyword-only, default 50
        The starting number of full-batch updates, from 1 to ``max_steps``.
    max_steps : int, keyword-only, default 300
        The top of the steps slider.

    Returns
    -------
    Explorer
        Display it as the last expression of a cell; ``explorer.png(learning_rate=...)``
        draws one setting without a front end.

    Examples
    --------
    >>> from sgd_lesson import make_linear_data
    >>> x, y = make_linear_data(50, seed=0)
    >>> learning_rate_explorer(x, y)
    <Explorer: learning_rate, n_steps>
    """
    x = _validate.as_data("x", x)
    y = _validate.as_data("y", y)
    _validate.same_length(x=x, y=y)
    params0 = _validate.as_params("params0", params0)
    max_steps = _validate.integer("max_steps", max_steps)
    n_steps = _validate.integer("n_steps", n_steps)
    if n_steps > max_steps:
        raise ValueError(f"n_steps must be at most max_steps={max_steps}, got {n_steps}")
    limit = 2.0 / float(np.linalg.eigvalsh(mse_hessian(x)).max())
    top = math.log10(1.3 * limit)
    learning_rate = _validate.number("learning_rate", learning_rate, positive=True)
    if not 1e-3 <= learning_rate <= 10**top:
        raise ValueError(f"learning_rate must be between 0.001 and {10**top:.3g}, got {learning_rate}")

    optimum = least_squares(x, y)
    optimum_loss = mse_loss(optimum, x, y)
    # A fixed window: the start, the optimum and the start's mirror image
    # through the optimum, which an oscillating run swings towards.
    low, high = _window(np.vstack([params0, optimum, 2 * optimum - params0]), pad=0.15)
    start_excess = mse_loss(params0, x, y) - optimum_loss

    def draw(fig, *, learning_rate, n_steps):
        from .training import sgd

        run = sgd(mse_gradient, x, y, params0, learning_rate=learning_rate, n_epochs=n_steps,
                  loss_fn=mse_loss, on_divergence="quiet")
        # Fixed margins instead of a layout engine: the axes never move, and
        # a redraw takes half the time.
        fig.subplots_adjust(left=0.07, right=0.985, bottom=0.14, top=0.9, wspace=0.28)
        path_ax, loss_ax = fig.subplots(1, 2, width_ratios=[1.15, 1.0])
        verdict = describe_run(run, optimum_loss=optimum_loss)
        plot_loss_contours(x, y, trajectories=[run], ax=path_ax, optimum=optimum, markers=n_steps <= 100,
                           slope_range=(low[0], high[0]), intercept_range=(low[1], high[1]),
                           title=f"learning rate {learning_rate:.3g}: {verdict}")
        path_ax.legend(loc="upper right", frameon=True, framealpha=0.85, fontsize="small")
        plot_loss_curves({"run": run}, ax=loss_ax, optimum_loss=optimum_loss, title="excess loss, log scale")
        loss_ax.set_xlim(0, n_steps)
        loss_ax.set_ylim(max(start_excess, 1e-12) * 1e-10, max(start_excess, 1e-12) * 1e3)
        loss_ax.legend().remove()
        excess = run.losses[-1] - optimum_loss
        loss_ax.text(0.97, 0.95, f"blew up: stopped\nafter {run.n_updates} steps" if run.diverged
                     else f"after {run.n_updates} steps:\n{excess:.2e}", transform=loss_ax.transAxes,
                     ha="right", va="top", fontsize="small")

    def rate_slider():
        import ipywidgets

        return ipywidgets.FloatLogSlider(value=learning_rate, base=10, min=-3, max=top, step=0.02,
                                         description="learning rate", readout_format=".3g",
                                         continuous_update=False, style={"description_width": "initial"})

    def steps_slider():
        import ipywidgets

        return ipywidgets.IntSlider(value=n_steps, min=1, max=max_steps, description="steps",
                                    continuous_update=False, style={"description_width": "initial"})

    title = f"Gradient descent from {tuple(round(float(p), 3) for p in params0)}: stable below " \
            f"2 / lambda_max = {limit:.3f}"
    return Explorer(draw, {"learning_rate": rate_slider, "n_steps": steps_slider}, figsize=(8.4, 3.4),
                    title=title, layout=None)
