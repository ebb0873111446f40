"""Rerun safety: every cell of every notebook gives the same output when run again.

Lecturers rerun cells out of order and students rerun them on laptops, so for
each ``notebooks/NN_*.ipynb``, each in one fresh kernel per test:

- every code cell runs twice in a row and both runs must agree;
- the whole notebook runs twice, from a working directory that is neither
  ``notebooks/`` nor the repository root: the first pass must match the stored
  outputs (as strict nbval compares them) and the second pass the first.

Outputs are compared as strict nbval compares them (``notebook_tools.fields``:
the same sanitizer file; images only counted). Widget cells are included: their
static figure's presence and their other outputs are compared, their model ids
are not. Cells marked ``# NBVAL_SKIP`` are not run, as under nbval.
"""

from __future__ import annotations

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook
from notebook_tools import (
    Kernel,
    compare_with_stored,
    describe,
    difference,
    fields,
    notebook_paths,
    read,
    runnable_cells,
    unexpected_errors,
)

NOTEBOOKS = notebook_paths()


def report(path, problems):
    return f"{path.name}: {len(problems)} problem(s)\n  " + "\n  ".join(problems)


def immediate_rerun_problems(path):
    """Run each code cell, then again at once; what differs (a list of sentences)."""
    notebook = read(path)
    problems = []
    with Kernel(path.parent) as kernel:
        for index, cell, options in runnable_cells(notebook):
            first = kernel.run(cell.source)
            problems += unexpected_errors(index, cell, options, first)
            second = kernel.run(cell.source)
            problem = difference(fields(first), fields(second), expected_name="first run",
                                 actual_name="immediate rerun")
            if problem:
                problems.append(f"{describe(index, cell)} gives other output when rerun at once: {problem}")
    return problems


def two_pass_problems(path, folder):
    """Run the whole notebook twice in one kernel started in ``folder``; what differs."""
    notebook = read(path)
    cells = list(runnable_cells(notebook))
    problems = []
    with Kernel(folder) as kernel:
        first = [kernel.run(cell.source) for _, cell, _ in cells]
        second = [kernel.run(cell.source) for _, cell, _ in cells]
    for (index, cell, options), once, twice in zip(cells, first, second, strict=True):
        problems += unexpected_errors(index, cell, options, once)
        problems += compare_with_stored(index, cell, options, once, context=" run from another folder")
        problem = difference(fields(once), fields(twice), expected_name="first pass", actual_name="second pass")
        if problem:
            problems.append(f"{describe(index, cell)} gives other output after the whole notebook ran: {problem}")
    left = sorted(item.name for item in folder.iterdir())
    if left:
        problems.append(f"the notebook wrote files into the working directory: {left}")
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_every_cell_gives_the_same_output_when_rerun_at_once(path):
    problems = immediate_rerun_problems(path)
    assert not problems, report(path, problems)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_whole_notebook_runs_twice_from_another_folder(path, tmp_path):
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    problems = two_pass_problems(path, folder)
    assert not problems, report(path, problems)


def test_the_rerun_gates_catch_state_carried_between_runs(tmp_path):
    """The gates themselves: each kind of unsafe cell below must be reported, the safe ones not."""
    cells = [
        "import numpy as np\nweights = np.zeros(2)",                        # 0 safe
        "weights += 1\nprint(f'{weights[0]:.1f}')",                          # 1 mutates an earlier array
        "rng = np.random.default_rng(0)",                                    # 2 safe alone
        "print(f'{rng.normal():.3f}')",                                      # 3 continues a generator
        "total = 0",                                                         # 4 safe
        "total = total + 1\nprint(total)",                                   # 5 continues a loop's state
        "print(f'{np.float64(0.5):.2f}')",                                   # 6 safe
        "value = 2.5\nvalue;",                                               # 7 nbval ignores the ';' ...
        "import sys\nprint('careful', file=sys.stderr)",                     # 8 stderr, compared like stdout
        "np.set_printoptions(precision=2)",                                  # 9 changes global state ...
        "with open('litter.txt', 'w') as f:\n    f.write('x')",             # 10 writes into the cwd
    ]
    notebook = new_notebook(cells=[new_code_cell(source) for source in cells])
    notebook.cells.insert(7, new_code_cell("print(np.array([1/3]))"))       # ... that an earlier cell shows
    path = tmp_path / "99_unsafe.ipynb"
    nbformat.write(notebook, str(path))

    immediate = "\n".join(immediate_rerun_problems(path))
    assert "cell 1 (" in immediate and "cell 3 (" in immediate and "cell 5 (" in immediate
    for safe in (0, 2, 4, 6, 7, 8, 9, 10, 11):
        assert f"cell {safe} (" not in immediate, immediate

    folder = tmp_path / "elsewhere"
    folder.mkdir()
    # Stored outputs: none were stored (execution_count None), so only the passes are compared.
    twice = "\n".join(two_pass_problems(path, folder))
    assert "cell 7 ('print(np.array([1/3]))')" in twice, twice
    assert "litter.txt" in twice
    assert "cell 6 (" not in twice and "cell 0 (" not in twice, twice


def test_the_rerun_gate_compares_with_the_stored_outputs(tmp_path):
    """From another folder, a stale stored output must be reported, a matching one not; where nbval
    ignores the output, only a different kind or number of outputs is reported."""
    notebook = new_notebook(cells=[new_code_cell("print(f'{1 / 4:.2f}')", execution_count=1),
                                   new_code_cell("print(f'{1 / 8:.3f}')", execution_count=2),
                                   new_code_cell("# NBVAL_IGNORE_OUTPUT\nprint('anything')", execution_count=3),
                                   new_code_cell("# NBVAL_IGNORE_OUTPUT\nprint('a figure')", execution_count=4)])
    notebook.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text="0.25\n")]
    notebook.cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout", text="0.12\n")]
    notebook.cells[2].outputs = [nbformat.v4.new_output("stream", name="stdout", text="something else\n")]
    notebook.cells[3].outputs = [nbformat.v4.new_output("display_data", data={"image/png": "iVBOR", "text/plain": "x"})]
    path = tmp_path / "98_stale.ipynb"
    nbformat.write(notebook, str(path))
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    problems = two_pass_problems(path, folder)
    assert len(problems) == 2, problems
    assert problems[0].startswith("cell 1 (") and "0.125" in problems[0]
    assert problems[1].startswith("cell 3 (") and "'image/png': 1" in problems[1] and "'stdout': 1" in problems[1]
