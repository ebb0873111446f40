"""Draw a computation graph (lesson 6): each Value a box with its value and gradient, arrows from inputs
to outputs. :func:`sgd_lesson.autodiff.describe_graph` prints the same graph as a table, with the same labels.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from .autodiff import _number, _rows
from .figures import DPI, MAX_WIDTH

FONT_SIZE = 11  # points: readable on a projector
FONT = "DejaVu Sans Mono"  # ships with matplotlib; every character as wide as the next
COLORS = {  # fill and border: inputs blue, the result orange (a colour-blind-safe pair), the rest grey
    "input": ("#DCE9F5", "#30638E"),
    "computed": ("#F2F2F2", "#6E6E6E"),
    "result": ("#FBE3C7", "#B35C00"),
    "edge": "#4D4D4D",
}
_EM = FONT_SIZE / 72  # inches
_CHAR_WIDTH, _LINE_HEIGHT = 0.602 * _EM, 1.2 * _EM  # DejaVu Sans Mono's advance; matplotlib's line spacing
_PAD, _MARGIN = 0.6 * _EM, 0.1  # inches: inside a box, around the drawing
_GAP, _GAP_ACROSS = 2.5 * _EM, 1.2 * _EM  # between columns (room for arrows), between boxes in a column
# An arrow that would pass through another box (an input used again two columns
# on) bends around it: the first of these curvatures (matplotlib's arc3) that
# keeps it _CLEARANCE inches from every other box.
_BENDS = (0.0, -0.25, 0.25, -0.4, 0.4, -0.6, 0.6)
_CLEARANCE = 0.04


def draw_graph(root, *, ax=None):
    """Draw the graph under ``root``: one box per Value, an arrow from each parent to its child.

    Each box shows the Value's label and how it was computed (as
    :func:`~sgd_lesson.autodiff.describe_graph` prints them), its value and
    its ``grad``. Inputs are blue, ``root`` is orange. Boxes are laid out in
    columns by depth, inputs on the left and arrows to the right if that fits
    :data:`MAX_WIDTH`, else inputs at the top and arrows down.

    Parameters
    ----------
    root : Value
        Usually a loss after ``backward()``; any object with ``data``, ``grad``, ``parents``,
        ``op`` and ``name`` will do (lesson 6's inline Value too).
    ax : matplotlib Axes, keyword-only, optional
        Drawn on if given; else a new figure sized to the graph. Text is always
        :data:`FONT_SIZE` points, so an Axes smaller than the graph crowds its boxes.

    Raises
    ------
    ValueError
        If the graph is too wide to draw readably within :data:`MAX_WIDTH`.

    Examples
    --------
    >>> from sgd_lesson.autodiff import Value
    >>> a, b = Value(2.0, name="a"), Value(-3.0, name="b")
    >>> loss = a * b
    >>> loss.backward()
    >>> ax = draw_graph(loss)
    >>> len(ax.patches)  # three boxes, two arrows
    5
    >>> plt.close(ax.figure)
    """
    rows = _rows(root)
    labels = {id(node): label for node, label, _ in rows}
    texts = {id(node): _box_text(node, label, formula) for node, label, formula in rows}
    box_width = max(len(line) for text in texts.values() for line in text.splitlines()) * _CHAR_WIDTH + 2 * _PAD
    box_height = 3 * _LINE_HEIGHT + 2 * _PAD
    columns = _columns([node for node, _, _ in rows])
    deepest, widest = len(columns), max(len(column) for column in columns)
    direction = "right" if _span(deepest, box_width, _GAP) <= MAX_WIDTH else "down"
    if direction == "right":
        width, height = _span(deepest, box_width, _GAP), _span(widest, box_height, _GAP_ACROSS)
    else:
        width, height = _span(widest, box_width, _GAP_ACROSS), _span(deepest, box_height, _GAP)
    if width > MAX_WIDTH:
        raise ValueError(f"this graph of {len(rows)} Values is too wide to draw readably within {MAX_WIDTH} "
                         f"inches ({width:.1f} needed); print it with describe_graph instead")
    if ax is None:
        _, ax = plt.subplots(figsize=(width, height), dpi=DPI)
        ax.set_position((0.0, 0.0, 1.0, 1.0))
    ax.set(xlim=(0.0, width), ylim=(0.0, height), aspect="equal")
    ax.set_axis_off()

    boxes = {}
    for k, column in enumerate(columns):
        for j, node in enumerate(column):
            offset = j - (len(column) - 1) / 2  # from the middle of the column
            if direction == "right":
                x = _MARGIN + box_width / 2 + k * (box_width + _GAP)
                y = height / 2 - offset * (box_height + _GAP_ACROSS)
            else:
                x = width / 2 + offset * (box_width + _GAP_ACROSS)
                y = height - _MARGIN - box_height / 2 - k * (box_height + _GAP)
            kind = "result" if node is root else "computed" if node.parents else "input"
            fill, border = COLORS[kind]
            box = FancyBboxPatch((x - box_width / 2, y - box_height / 2), box_width, box_height,
                                 boxstyle="round,pad=0,rounding_size=0.06", facecolor=fill, edgecolor=border,
                                 linewidth=2.0 if kind == "result" else 1.2, zorder=2)
            box.set_gid(labels[id(node)])  # the node's label, for tests and for svg output
            ax.add_patch(box)
            ax.text(x, y, texts[id(node)], ha="center", va="center", multialignment="left", fontsize=FONT_SIZE,
                    family=FONT, linespacing=1.2, color="#1A1A1A", zorder=3)
            boxes[id(node)] = (box, (x, y))
    half = (box_width / 2 + _CLEARANCE, box_height / 2 + _CLEARANCE)
    for node, _, _ in rows:
        for slot, parent in enumerate(node.parents):
            (parent_box, start), (child_box, end) = boxes[id(parent)], boxes[id(node)]
            others = [centre for key, (_, centre) in boxes.items() if key not in (id(parent), id(node))]
            if node.parents.count(parent) == 1:  # straight, or bent around any box in the way
                bend = next((rad for rad in _BENDS if not _crosses(start, end, rad, others, half)), _BENDS[0])
            else:  # a parent used twice by one child (a * a): two arrows, bent apart
                bend = 0.3 if node.parents.index(parent) == slot else -0.3
            arrow = FancyArrowPatch(start, end, patchA=parent_box, patchB=child_box, arrowstyle="-|>",
                                    mutation_scale=14, shrinkA=1, shrinkB=2, color=COLORS["edge"], linewidth=1.3,
                                    connectionstyle=f"arc3,rad={bend}", zorder=1)
            arrow.set_gid(f"{labels[id(parent)]} -> {labels[id(node)]}")
            ax.add_patch(arrow)
    return ax


def _crosses(start, end, rad, centres, half):
    """Whether the arc3 curve from ``start`` to ``end`` passes within ``half`` (half a box) of ``centres``."""
    (x0, y0), (x1, y1) = start, end
    control = ((x0 + x1) / 2 + rad * (y1 - y0), (y0 + y1) / 2 - rad * (x1 - x0))  # as matplotlib's arc3
    t = np.linspace(0.0, 1.0, 101)[:, None]
    curve = (1 - t) ** 2 * np.array(start) + 2 * t * (1 - t) * np.array(control) + t**2 * np.array(end)
    return any(np.any((np.abs(curve[:, 0] - cx) < half[0]) & (np.abs(curve[:, 1] - cy) < half[1]))
               for cx, cy in centres)


def _box_text(node, label, formula):
    """Three lines: the label (and formula) centred, then the value and the gradient, right-aligned."""
    value, grad = _number(node.data), _number(node.grad)
    digits = max(len(value), len(grad))
    lines = [f"value {value:>{digits}}", f"grad  {grad:>{digits}}"]
    title = label if formula == "input" else f"{label} = {formula}"
    width = max(len(title), len(lines[0]))
    return "\n".join(line.center(width).rstrip() if k == 0 else line.ljust(width).rstrip()
                     for k, line in enumerate([title, *lines]))


def _columns(order):
    """The Values in columns by depth: each after its deepest parent, an input just before its first use."""
    depth, first_use = {}, {}
    for node in order:  # parents first
        depth[id(node)] = 1 + max((depth[id(p)] for p in node.parents), default=-1)
        for parent in node.parents:
            first_use[id(parent)] = min(first_use.get(id(parent), depth[id(node)]), depth[id(node)])
    for node in order:
        if not node.parents and id(node) in first_use:
            depth[id(node)] = first_use[id(node)] - 1
    columns = [[] for _ in range(max(depth.values()) + 1)]
    for node in order:
        columns[depth[id(node)]].append(node)
    return [column for column in columns if column]


def _span(count, size, gap):
    """Inches taken by ``count`` boxes of ``size`` in a line, ``gap`` apart, with a margin at each end."""
    return 2 * _MARGIN + count * size + (count - 1) * gap
