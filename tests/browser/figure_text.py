"""The smallest text matplotlib draws in each cell's figures, in PNG pixels.

A PNG does not say how large its text is, so run the lesson in a fresh kernel with
``matplotlib.text.Text.draw`` wrapped: every non-empty text drawn while a figure is
saved (the inline backend's PNG, an animation's frames, an explorer's static figure)
records its font size in pixels, ``renderer.points_to_pixels(fontsize)``. The smallest
per cell, times the figure's scale on a slide, is the smallest text a room sees.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

RECORD = r"""
import matplotlib.text as _text_module

_SGD_SIZES = []
_sgd_draw = _text_module.Text.draw


def _sgd_recording_draw(self, renderer, *args, **kwargs):
    if self.get_visible() and self.get_text().strip() and hasattr(renderer, "points_to_pixels"):
        _SGD_SIZES.append(float(renderer.points_to_pixels(self.get_fontsize())))
    return _sgd_draw(self, renderer, *args, **kwargs)


_text_module.Text.draw = _sgd_recording_draw
"""
REPORT = "print('__SIZES__', min(_SGD_SIZES) if _SGD_SIZES else 0); _SGD_SIZES.clear()"


def smallest_text_by_cell(path):
    """``{cell id as nbconvert names it: smallest text in px}`` for each cell that draws text."""
    notebook = nbformat.read(str(path), as_version=4)
    cells = [nbformat.v4.new_code_cell(RECORD)]
    owners = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        cells += [nbformat.v4.new_code_cell(cell.source), nbformat.v4.new_code_cell(REPORT)]
        owners.append(cell.get("id"))
    run = nbformat.v4.new_notebook(cells=cells, metadata=notebook.metadata)
    NotebookClient(run, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(Path(path).parent)}}).execute()
    sizes = {}
    for owner, report in zip(owners, run.cells[2::2], strict=True):
        text = "".join(output.get("text", "") for output in report.outputs)
        value = float(text.split("__SIZES__")[1]) if "__SIZES__" in text else 0.0
        if value:
            sizes[f"cell-id={owner}"] = value
    return sizes


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(name, json.dumps(smallest_text_by_cell(name), indent=1))
