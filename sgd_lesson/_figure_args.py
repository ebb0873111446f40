"""What the drawing helpers' arguments must be, declared with ``_validate``'s constraints:
figures, axes and runs (their examples made on demand), lists and dicts of items, a figure
size, and rules between arguments."""

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ._validate import Constraint, Is, Params


class Made(Is):
    """Whatever passes ``test`` (a figure, an axes, a run ...), its example made on demand by ``make()``."""

    def __init__(self, test, what, make):
        super().__init__(test, what, bad=("text", 3))
        self.make = make


class Each(Constraint):
    """A list (``keyed``: a dict of label -> item) of at least ``min_length`` items that each meet ``item``."""

    def __init__(self, item, *, keyed=False, min_length=0):
        self.item, self.keyed, self.min_length, self.refers = item, keyed, min_length, item.refers
        self.what = f"{'a non-empty ' if min_length else 'a '}{'dict of label -> item' if keyed else 'list'}"

    def convert(self, name, value, args):
        if not isinstance(value, dict if self.keyed else (list, tuple, np.ndarray)) or len(value) < self.min_length:
            raise TypeError(f"{name} must be {self.what}, each item {self.item.what}, got {type(value).__name__}"
                            + (f" of length {len(value)}" if hasattr(value, "__len__") else ""))
        items = value.items() if self.keyed else enumerate(value)
        converted = {key: self.item.convert(f"{name}[{key!r}]", item, args) for key, item in items}
        return converted if self.keyed else list(converted.values())


class FigSize(Params):
    """``(width, height)`` in inches, both positive, at most ``max_width`` wide."""

    def __init__(self, max_width, *, example):
        super().__init__(length=2, example=example)
        self.max_width = max_width

    def convert(self, name, value, args):
        width, height = super().convert(name, value, args).tolist()
        if not (0 < width <= self.max_width and height > 0):
            raise ValueError(f"{name} must be (width, height) in inches, positive and at most {self.max_width} wide "
                             f"to fit a notebook page, got {(width, height)}")
        return width, height


def rule(test, message):
    """A rule between arguments for ``@validate``: ``test(args)`` holds, else a ValueError saying
    ``message.format(**args)`` (or ``message(args)``)."""
    def check(args):
        if not test(args):
            raise ValueError(message(args) if callable(message) else message.format(**args))
    return check


def drawn(fig):
    """An Agg canvas of ``fig``, drawn."""
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return canvas


TEXT = Is(lambda value: isinstance(value, str), "text (a str)", bad=(3, b"x"), example="a label")
FIGURE = Made(lambda value: hasattr(value, "savefig"), "a matplotlib Figure", Figure)
AXES = Made(lambda value: hasattr(value, "plot") and hasattr(value, "figure"), "a matplotlib Axes",
            lambda: Figure().subplots())
AXIS = Made(lambda value: hasattr(value, "set_major_formatter"), "a matplotlib Axis, such as ax.yaxis",
            lambda: Figure().subplots().yaxis)
