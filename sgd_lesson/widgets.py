"""Explorers: a few sliders that redraw a figure, with a static figure as fallback.

An :class:`Explorer` shows its controls and then its figure as an ordinary PNG output. A live Jupyter front
end moves the sliders and the PNG is replaced in place; anywhere without a widget front end (GitHub's viewer,
nbval, nbconvert) the reader still sees the figure for the default values. The lessons' ready-made
explorers (:mod:`sgd_lesson.explorers`) can be imported from here too.
"""

import IPython.display
import ipywidgets
from matplotlib.figure import Figure

from ._figure_args import TEXT, Each, drawn
from ._validate import Callable, validate
from .figures import DPI, FIGSIZE, FIGSIZE_ARG, _png


class Explorer:
    """Sliders that redraw one figure.

    Parameters
    ----------
    draw : callable
        ``draw(fig, **values)`` draws a fresh :class:`matplotlib.figure.Figure` for the slider values.
        It places its axes itself (``fig.subplots_adjust``): the figure has no layout engine.
    controls : dict of str to callable
        Name -> a function returning a new ipywidgets control (a fresh one each time the explorer is
        shown, so a rerun starts from the defaults).
    figsize : (float, float), keyword-only
    title : str, keyword-only, optional
        A line shown above the controls.
    """

    @validate(draw=Callable(example=lambda fig, **values: fig.subplots()),
              controls=Each(Callable(example=lambda: ipywidgets.FloatSlider()), keyed=True, min_length=1),
              figsize=FIGSIZE_ARG, title=None | TEXT)
    def __init__(self, draw, controls, *, figsize=FIGSIZE, title=None):
        self.draw, self.controls, self.figsize, self.title = draw, controls, figsize, title
        self._defaults = None

    def defaults(self):
        """The controls' starting values, read once from one set of controls (then closed)."""
        if self._defaults is None:
            controls = {name: make() for name, make in self.controls.items()}
            self._defaults = {name: control.value for name, control in controls.items()}
            for control in controls.values():
                control.close()
        return dict(self._defaults)

    def figure(self, **values):
        """A new Figure drawn for ``values`` (the defaults where not given)."""
        unknown = set(values) - set(self.controls)
        if unknown:
            raise TypeError(f"no control named {', '.join(sorted(unknown))}; "
                            f"the controls are {', '.join(self.controls)}")
        if len(values) < len(self.controls):
            values = {**self.defaults(), **values}
        fig = Figure(figsize=self.figsize, dpi=DPI)
        self.draw(fig, **values)
        return fig

    def png(self, **values):
        """The figure for ``values`` as PNG bytes."""
        return _png(drawn(self.figure(**values)), 128)

    def _ipython_display_(self):
        sliders = {name: make() for name, make in self.controls.items()}
        title = [ipywidgets.HTML(f"<b>{self.title}</b>")] if self.title else []
        IPython.display.display(ipywidgets.VBox(title + list(sliders.values())))

        def image():
            values = {name: slider.value for name, slider in sliders.items()}
            if self._defaults is None:
                self._defaults = dict(values)
            return IPython.display.Image(data=self.png(**values), format="png")

        handle = IPython.display.display(image(), display_id=True)
        for slider in sliders.values():
            slider.observe(lambda change: handle.update(image()), names="value")

    def __repr__(self):
        return f"<Explorer: {', '.join(self.controls)}>"


_EXPLORERS = ("batch_size_explorer", "learning_rate_explorer", "momentum_explorer")
__all__ = ["Explorer", *_EXPLORERS]


def __getattr__(name):  # the lessons' explorers, from ``explorers`` (which imports this module) on first use
    if name in _EXPLORERS:
        from . import explorers

        return getattr(explorers, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
