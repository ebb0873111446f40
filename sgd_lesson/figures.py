"""Figure set-up shared by the plots, explorers and animations: sizes, colours, speed tricks.

Nothing touches rcParams or a named style sheet: every figure gets its dpi, margins, colours and
font sizes explicitly, so it looks the same on every matplotlib and in every front end.
"""

import functools
import io
import math

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import FuncFormatter, NullFormatter, NullLocator
from PIL import Image

from ._figure_args import AXIS, FigSize, rule
from ._validate import Integer, Number, OneOf, validate

# The Okabe-Ito palette, told apart by readers with any common colour-vision
# deficiency (its yellow left out: too pale on white), and a mid grey.
PALETTE = {"black": "#000000", "orange": "#E69F00", "sky blue": "#56B4E9", "bluish green": "#009E73",
           "blue": "#0072B2", "vermillion": "#D55E00", "reddish purple": "#CC79A7", "grey": "#999999"}
# One colour per role, the same in every lesson; where two roles meet in a
# figure they differ in shape too (points, lines, stars, crosses).
COLORS = {"data": PALETTE["blue"], "fit": PALETTE["vermillion"], "truth": PALETTE["black"],
          "residual": PALETTE["orange"], "optimum": PALETTE["bluish green"], "highlight": PALETTE["vermillion"],
          "contour": PALETTE["grey"], "guess": PALETTE["reddish purple"]}
# Several runs of one method drawn together (learning rates, starts): run i gets
# colour CYCLE[i] and line style LINESTYLES[i], a second cue besides the colour.
CYCLE = tuple(PALETTE[name] for name in ("blue", "vermillion", "bluish green", "orange", "reddish purple",
                                         "sky blue"))
LINESTYLES = ("-", "--", "-.", ":", (0, (5, 1, 1, 1, 1, 1)), (0, (1, 1)))
# One colour, line style and marker per method across the series. Methods that
# meet in a figure never differ by colour alone.
METHOD_STYLES = {
    "gradient descent": {"color": PALETTE["black"], "linestyle": "-", "marker": "o"},
    "SGD, batch 1": {"color": PALETTE["orange"], "linestyle": ":", "marker": "v"},
    "SGD, batch 10": {"color": PALETTE["sky blue"], "linestyle": "--", "marker": "^"},
    "SGD, batch 100": {"color": PALETTE["bluish green"], "linestyle": "-.", "marker": "s"},
    "SGD, batch 1000": {"color": PALETTE["grey"], "linestyle": (0, (5, 1, 1, 1, 1, 1)), "marker": "D"},
    "heavy ball": {"color": PALETTE["vermillion"], "linestyle": "-", "marker": "P"},
    "Nesterov": {"color": PALETTE["blue"], "linestyle": "--", "marker": "X"},
    "Adam": {"color": PALETTE["reddish purple"], "linestyle": "-.", "marker": "*"},
}
# Markers for single points marked on a loss map (a guess, the true line ...).
POINT_MARKERS = ("X", "D", "P", "s", "^", "v")
# Text sizes in points. Nothing in a figure is smaller than MIN_FONT_SIZE (12.5
# pixels at DPI, readable on a projector from a lecture hall's back row).
MIN_FONT_SIZE = 10.0
# Figures are drawn at this dpi, so the stored "<Figure size WxH>" never depends
# on the front end's defaults; 6 x 4 inches is 540 x 360 pixels.
DPI = 90
FIGSIZE = (6.0, 4.0)
# No figure wider than this many inches (828 pixels at DPI): JupyterLab shows
# about 850 pixels of a cell's output before it shrinks the figure.
MAX_WIDTH = 9.2
FIGSIZE_ARG = FigSize(MAX_WIDTH, example=FIGSIZE)
# Room around the axes, in inches: tick labels and an axis label on the left and below, a title above; between
# panels, room for the right panel's tick labels and axis label (less where the panels share that axis).
MARGINS = {"left": 0.85, "right": 0.2, "bottom": 0.55, "top": 0.4, "gap": 0.95, "shared_gap": 0.45}


@validate(i=Integer(at_least=0))
def run_style(i):
    """Colour and line style of the ``i``-th of several runs of one method."""
    return {"color": CYCLE[i % len(CYCLE)], "linestyle": LINESTYLES[i % len(LINESTYLES)]}


@validate(rule(lambda args: args["method"] != "SGD" or args["batch_size"] is not None,
               'method="SGD" needs its batch_size'), method=OneOf(*METHOD_STYLES, "SGD"), batch_size=None | Integer())
def method_style(method, *, batch_size=None):
    """The colour, line style and marker of a method, from :data:`METHOD_STYLES`.

    ``method`` is a key of :data:`METHOD_STYLES`, or ``"SGD"`` with a ``batch_size``, which takes the style of
    the nearest of 1, 10, 100 and 1000 on a log scale.

    Examples
    --------
    >>> method_style("heavy ball")["color"], method_style("SGD", batch_size=8)["linestyle"]
    ('#D55E00', '--')
    """
    if method == "SGD":
        method = f"SGD, batch {10 ** min(3, round(math.log10(batch_size)))}"
    return dict(METHOD_STYLES[method])


@validate(nrows=Integer(), ncols=Integer(), figsize=FIGSIZE_ARG, layout=None | OneOf("constrained"))
def subplots(nrows=1, ncols=1, *, figsize=FIGSIZE, layout=None, **kwargs):
    """``plt.subplots`` with the lessons' dpi and fixed margins.

    Parameters
    ----------
    nrows, ncols : int, default 1
    figsize : (float, float), keyword-only, default (6.0, 4.0)
        Inches; at most :data:`MAX_WIDTH` wide.
    layout : {None, "constrained"}, keyword-only, default None
        None places the axes with the fixed :data:`MARGINS`; "constrained" lets matplotlib fit them,
        for figures that need it (colorbars, legends outside the axes).
    **kwargs
        Passed on to ``plt.subplots`` (``sharex``, ``sharey``, ``subplot_kw`` ...).

    Returns
    -------
    (Figure, Axes or ndarray of Axes)
    """
    margins = None if layout else _margins(nrows, ncols, *figsize, kwargs.get("sharex"), kwargs.get("sharey"))
    fig, axes = plt.subplots(nrows, ncols, figsize=figsize, dpi=DPI, layout=layout, **kwargs)
    if margins:
        fig.subplots_adjust(**margins)
    if "inline" in matplotlib.get_backend():
        # Jupyter's inline backend draws each figure once, into the cell's output, when the cell ends; pyplot
        # would first draw it once more for a screen that is not there (a third of the figure's cost).
        fig.canvas.draw_idle = lambda *args, **kwargs: None
        # It saves the figure with bbox_inches="tight", which lays the figure out once more, unseen, to find
        # the box round its ink (a third of the cost again). The margins already hold every label: save it whole.
        fig.canvas.print_figure = functools.partial(_print_whole, fig.canvas.print_figure)
    return fig, axes


def _print_whole(print_figure, *args, **kwargs):
    return print_figure(*args, **{**kwargs, "bbox_inches": None})


def _margins(nrows, ncols, width, height, sharex, sharey):
    """``subplots_adjust`` fractions for :data:`MARGINS` on a figure of this size."""
    m = MARGINS
    wgap = m["shared_gap"] if sharey in (True, "all", "row") else m["gap"]
    hgap = m["shared_gap"] if sharex in (True, "all", "col") else m["gap"]
    axes_width = (width - m["left"] - m["right"] - (ncols - 1) * wgap) / ncols
    axes_height = (height - m["bottom"] - m["top"] - (nrows - 1) * hgap) / nrows
    if axes_width <= 0 or axes_height <= 0:
        raise ValueError(f"figsize {(width, height)} is too small for {nrows} x {ncols} panels")
    return dict(left=m["left"] / width, right=1 - m["right"] / width, bottom=m["bottom"] / height,
                top=1 - m["top"] / height, wspace=wgap / axes_width, hspace=hgap / axes_height)


_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _power_of_ten_label(value, position=None):
    """A log-axis tick label in plain text (mathtext is a parse per figure): ``10⁻³``, ``2×10⁻³``."""
    if not value > 0:
        return ""
    exponent = math.floor(math.log10(value) + 1e-9)
    mantissa = value / 10.0**exponent
    power = "10" + str(exponent).translate(_SUPERSCRIPTS)
    return power if abs(mantissa - 1.0) < 1e-6 else f"{mantissa:.3g}×{power}"


@validate(axis=AXIS, low=Number(), high=Number())
def use_plain_log_labels(axis, low, high):
    """Label a log ``axis`` (``ax.yaxis``) in plain text, such as ``2×10⁻³``, when the data, from ``low``
    to ``high``, span a decade or more (minor ticks unlabelled, and undrawn over four decades);
    over less, matplotlib's own labels stay."""
    if low > 0 and high >= 10.0 * low:
        axis.set_major_formatter(FuncFormatter(_power_of_ten_label))
        axis.set_minor_formatter(NullFormatter())
    if low > 0 and high >= 1e4 * low:
        # Over many decades the minor ticks are a blur, and each one costs a
        # few milliseconds to lay out: keep only the labelled powers of ten.
        axis.set_minor_locator(NullLocator())


def _png(canvas, colors):
    """What an Agg ``canvas`` shows now, as a palette PNG: as good as full colour for a plot of lines, a third
    of the bytes. No dithering: flat colours stay flat, and the same picture gives the same bytes."""
    image = Image.fromarray(np.asarray(canvas.buffer_rgba())[:, :, :3])
    buffer = io.BytesIO()
    image.quantize(colors=colors, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(buffer, "png")
    return buffer.getvalue()
