"""Explorers: a few sliders that redraw a figure, with a static figure as fallback.

An :class:`Explorer` shows its controls and then its figure as an ordinary PNG
output. A live Jupyter front end moves the sliders and the PNG is replaced in
place; anywhere without a widget front end (GitHub's viewer, nbval, nbconvert)
the reader still sees the figure for the default values.
"""

from __future__ import annotations

import io

from matplotlib.figure import Figure

from .plots import DPI, FIGSIZE


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
    """

    def __init__(self, draw, controls, *, figsize=FIGSIZE, title=None):
        if not callable(draw):
            raise TypeError(f"draw must be callable, got {type(draw).__name__}")
        if not isinstance(controls, dict) or not controls:
            raise TypeError("controls must be a non-empty dict of name -> widget factory")
        self.draw = draw
        self.controls = controls
        self.figsize = figsize
        self.title = title

    def defaults(self):
        """The controls' starting values."""
        return {name: make().value for name, make in self.controls.items()}

    def figure(self, **values):
        """A new Figure drawn for ``values`` (the defaults where not given)."""
        fig = Figure(figsize=self.figsize, dpi=DPI, layout="constrained")
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
