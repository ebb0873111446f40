"""How long the notebooks take to run, cell by cell, against the floor of a kernel start and the imports.

Run ``.venv/bin/python benchmarks/bench_notebooks.py [NOTEBOOK ...]`` (default:
every ``notebooks/NN_*.ipynb``). Each notebook is executed with nbclient in a
fresh kernel from its own folder, as ``make notebooks`` does, and every cell's
wall time is recorded. In the same run, interleaved with the notebooks, as many
"floor" kernels start and only import numpy, matplotlib.pyplot and sgd_lesson:
what any notebook costs before its first line of teaching.

The table gives, per notebook, its total (kernel start to the last cell), its
slowest cell with that cell's first line, and its median cell; then the
series total, the floor and their ratio, and which targets are met on this
2-core machine: series at most 2 x the floor, every cell at most 1.5 s, every
median cell at most 100 ms (over the series, and in every notebook of
three or more code cells). ``--check`` exits 1 when a target is
missed. ``--json FILE`` also writes each notebook's times (``make bench-notebooks``
writes benchmarks/notebook_times.json, which the site's instructors' page shows). This
is a benchmark, not a test: timings shift with the machine's load.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook

REPO = Path(__file__).resolve().parents[1]
FLOOR_SOURCE = "import numpy\nimport matplotlib.pyplot\nimport sgd_lesson"
MAX_RATIO = 2.0
MAX_CELL = 1.5
MAX_MEDIAN = 0.100
MIN_CELLS_FOR_MEDIAN = 3


def first_line(cell):
    """The cell's first line of code (nbval's markers are cell tags, not lines of code)."""
    lines = [line.strip() for line in cell.source.splitlines() if line.strip()]
    return lines[0] if lines else "<empty>"


def execute(notebook, folder):
    """Run ``notebook`` in a fresh kernel in ``folder``: (total seconds, [(seconds, cell index, first line)])."""
    client = NotebookClient(notebook, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(folder)}})
    cells = []
    started = time.perf_counter()
    with client.setup_kernel(stderr=subprocess.DEVNULL):  # the kernel's own log, not the cells' stderr
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type != "code":
                continue
            before = time.perf_counter()
            client.execute_cell(cell, index)
            cells.append((time.perf_counter() - before, index, first_line(cell)))
        total = time.perf_counter() - started
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                raise SystemExit(f"a cell raised {output['ename']}: {output['evalue']}")
    return total, cells


def floor(folder):
    total, _ = execute(new_notebook(cells=[new_code_cell(FLOOR_SOURCE)]), folder)
    return total


def seconds(value):
    return f"{value:6.2f} s" if value >= 1 else f"{value * 1000:5.0f} ms"


def write_json(path, rows, series, floor_total):
    """Each notebook's total, median and slowest cell in seconds, with when and where they were measured."""
    record = {
        "date": datetime.date.today().isoformat(),
        "machine": f"{os.cpu_count()} cores, Python {platform.python_version()}",
        "load": round(os.getloadavg()[0], 1),  # other work on the machine slows every number here
        "series": round(series, 3),
        "floor": round(floor_total, 3),
        "notebooks": {name: {"total": round(total, 3),
                             "median": round(statistics.median(time for time, _, _ in cells), 4),
                             "slowest": round(max(cells)[0], 3)}
                      for name, total, cells in rows},
    }
    path.write_text(json.dumps(record, indent=1) + "\n")
    print(f"wrote {path}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="notebooks to run (default: every notebooks/NN_*.ipynb)")
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    parser.add_argument("--cells", action="store_true", help="also list every cell's time")
    parser.add_argument("--json", type=Path, metavar="FILE",
                        help="also write each notebook's times to FILE (the site's instructors' page reads "
                             "benchmarks/notebook_times.json)")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    if not paths:
        raise SystemExit("no notebooks to run")

    floor(REPO)  # warm the disk cache: the first kernel of a run is slower, and is not counted
    rows, floors = [], []
    for path in paths:
        floors.append(floor(path.parent))
        total, cells = execute(nbformat.read(str(path), as_version=4), path.parent)
        rows.append((path.name, total, cells))

    width = max(len(name) for name, _, _ in rows) + 2
    print(f"{'notebook':<{width}}{'total':>9}  {'median':>8}  {'slowest cell':>9}")
    for name, total, cells in rows:
        slowest = max(cells)
        median = statistics.median(time for time, _, _ in cells)
        print(f"{name:<{width}}{seconds(total):>9}  {seconds(median):>8}  {seconds(slowest[0]):>9}  "
              f"cell {slowest[1]}: {slowest[2][:60]}")
    if args.cells:
        for name, _, cells in rows:
            print(f"\n{name}")
            for time_taken, index, line in cells:
                print(f"  {seconds(time_taken):>9}  cell {index}: {line[:70]}")
        print()
    series, floor_total = sum(total for _, total, _ in rows), sum(floors)
    n_cells = sum(len(cells) for _, _, cells in rows)
    ratio = series / floor_total
    print(f"{'series':<{width}}{seconds(series):>9}  ({len(rows)} notebooks, {n_cells} code cells)")
    print(f"{'floor':<{width}}{seconds(floor_total):>9}  ({len(floors)} kernels that start and import numpy, "
          "matplotlib.pyplot and sgd_lesson)")
    print(f"{'ratio':<{width}}{ratio:7.2f} x  series / floor")

    slow = [(time, name, index, line) for name, _, cells in rows for time, index, line in cells if time > MAX_CELL]
    all_times = [time for _, _, cells in rows for time, _, _ in cells]
    series_median = statistics.median(all_times)
    # A notebook of one or two cells (the index) has only its import cell: its median says nothing.
    slow_medians = [(statistics.median(time for time, _, _ in cells), name) for name, _, cells in rows
                    if len(cells) >= MIN_CELLS_FOR_MEDIAN
                    and statistics.median(time for time, _, _ in cells) > MAX_MEDIAN]
    targets = [
        (f"series at most {MAX_RATIO:g} x the floor", ratio <= MAX_RATIO, f"{ratio:.2f} x"),
        (f"every cell at most {MAX_CELL:g} s", not slow,
         "; ".join(f"{name} cell {index} ({line[:40]}) {seconds(time).strip()}" for time, name, index, line in slow)
         or f"slowest {seconds(max(all_times)).strip()}"),
        (f"median cell at most {MAX_MEDIAN * 1000:.0f} ms (the series, and every notebook of "
         f"{MIN_CELLS_FOR_MEDIAN}+ code cells)", series_median <= MAX_MEDIAN and not slow_medians,
         f"series median {seconds(series_median).strip()}"
         + "".join(f"; {name} {seconds(median).strip()}" for median, name in slow_medians)),
    ]
    if args.json:
        write_json(args.json, rows, series, floor_total)
    print("\nTargets (2-core machine):")
    for label, met, detail in targets:
        print(f"  {'met    ' if met else 'MISSED '} {label}: {detail}")
    return 0 if all(met for _, met, _ in targets) or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
