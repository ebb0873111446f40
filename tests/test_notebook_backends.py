"""Figures show whatever MPLBACKEND says.

Servers, HPC login nodes and containers often export ``MPLBACKEND=Agg`` (or a GUI
backend such as TkAgg that falls back to Agg without a display). ipykernel then keeps
that backend instead of its inline one, and a figure left for the inline backend to
show at the end of a cell is never shown, without a message. Every lesson therefore
starts with ``%matplotlib inline``, and ``check_environment()`` says when the running
kernel would not show figures.

- Every notebook runs in a fresh kernel with ``MPLBACKEND=Agg`` in its environment and
  its outputs must match the stored ones, as strict nbval compares them (the same
  comparison as the rerun gate: a figure that vanished is a missing ``image/png``).
- For each backend such an environment names (Agg, TkAgg, QtAgg, svg, pdf), in a fresh
  kernel: ``check_environment()`` says "Not ready" and names the backend, a lesson's
  first line ``%matplotlib inline`` makes a figure show, and then it says "Ready".
"""

from __future__ import annotations

import pytest
from notebook_tools import (
    Kernel,
    compare_with_stored,
    fields,
    notebook_paths,
    read,
    runnable_cells,
    unexpected_errors,
)

NOTEBOOKS = notebook_paths()
BACKENDS = ["Agg", "TkAgg", "QtAgg", "svg", "pdf"]
FIRST_LINE = "%matplotlib inline"
HINT = (f"(a figure that vanished under MPLBACKEND=Agg: the notebook's first code cell should start "
        f"with `{FIRST_LINE}`)")


def problems_with_backend(path, backend):
    """Run ``path`` top to bottom in a kernel whose environment says ``MPLBACKEND=backend``; what differs
    from the stored outputs (a list of sentences)."""
    notebook = read(path)
    problems = []
    with Kernel(path.parent, env={"MPLBACKEND": backend}) as kernel:
        for index, cell, options in runnable_cells(notebook):
            outputs = kernel.run(cell.source)
            problems += unexpected_errors(index, cell, options, outputs)
            problems += compare_with_stored(index, cell, options, outputs, context=f" with MPLBACKEND={backend}")
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_every_figure_shows_with_mplbackend_agg(path):
    problems = problems_with_backend(path, "Agg")
    lost = any("image/png" in problem for problem in problems)
    assert not problems, (f"{path.name}: {len(problems)} problem(s)\n  " + "\n  ".join(problems)
                          + (f"\n{HINT}" if lost else ""))


FIGURE = "import matplotlib.pyplot as plt\nfig, ax = plt.subplots(figsize=(2, 2))\nline = ax.plot([0, 1])"
CHECK = "from sgd_lesson import check_environment\ncheck_environment()"


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_lessons_first_line_shows_figures_and_check_environment_tells(backend, tmp_path):
    with Kernel(tmp_path, env={"MPLBACKEND": backend}) as kernel:
        before = fields(kernel.run(CHECK))
        switched = fields(kernel.run(FIRST_LINE))
        figure = fields(kernel.run(FIGURE))
        after = fields(kernel.run(CHECK))
    said = "".join(before.get("stdout", []))
    assert said.startswith("Not ready: ") and f"'{backend.lower()}'" in said.lower(), said
    assert f"MPLBACKEND={backend}" in said and FIRST_LINE in said, said
    assert switched == {}, switched
    assert figure.get("image/png") == ["<image>"], f"with MPLBACKEND={backend} the figure did not show: {figure}"
    assert figure.get("text/plain") == ["<Figure size 200x200 with 1 Axes>"], figure
    assert "".join(after.get("stdout", [])).startswith("Ready: "), after
