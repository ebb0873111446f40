"""Printed tables: a lesson's numbers in columns that line up, so that its cell shows the numbers
it computes and not the formatting."""

from __future__ import annotations

from ._figure_args import TEXT, Each, rule
from ._validate import Is, validate

ROW = Is(lambda row: isinstance(row, (list, tuple)), "a row: a list or tuple of cells", example=[0.5])
GAP = "   "


def _cell(value, spec):
    """One cell as text: text as it is, a number in its column's format ``spec``."""
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        value += 0.0  # -0.0 (numpy's -log(1.0), say) prints as 0
    return format(value, spec) if spec else str(value)


@validate(rule(lambda args: all(len(row) == len(args["header"]) for row in args["rows"]),
               lambda args: f"every row needs {len(args['header'])} cells, one per header"),
          rule(lambda args: args["formats"] is None or len(args["formats"]) == len(args["header"]),
               lambda args: f"formats has {len(args['formats'])} entries for {len(args['header'])} columns"),
          rows=Each(ROW), header=Each(TEXT, min_length=1), formats=None | Each(TEXT))
def print_table(rows, *, header, formats=None):
    """Print ``rows`` under ``header``, one column per header, the columns lined up.

    A column of text only is aligned left, any other right. Nothing is returned, so that a cell
    ending in ``print_table(...)`` shows only the table.

    Parameters
    ----------
    rows : list of list or tuple
        One entry per column in each row: a number, or text printed as it is ("never", "blew up").
    header : list of str, keyword-only
        The columns' titles.
    formats : list of str, keyword-only, optional
        One format spec per column for its numbers, as in ``format(value, spec)``: ``","`` for
        10,000, ``".2f"``, ``".1e"``, ``".2%"``, ``""`` for ``str()``. Default: ``str()`` for all.

    Examples
    --------
    >>> print_table([["one sample", 1, 0.5], ["a batch", 10, 0.25]], header=["", "batch size", "error"],
    ...             formats=["", ",", ".2f"])
                 batch size   error
    one sample            1    0.50
    a batch              10    0.25
    """
    formats = formats or [""] * len(header)
    cells = [list(header)] + [[_cell(value, spec) for value, spec in zip(row, formats, strict=True)] for row in rows]
    columns = range(len(header))
    widths = [max(len(line[column]) for line in cells) for column in columns]
    # Labels (a column of text only) line up on the left, numbers on the right.
    left = [bool(rows) and all(isinstance(row[column], str) for row in rows) for column in columns]
    for line in cells:
        print(GAP.join(text.ljust(width) if on_left else text.rjust(width)
                       for text, width, on_left in zip(line, widths, left, strict=True)).rstrip())
