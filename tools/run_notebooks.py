"""Re-execute notebooks in place in a fresh kernel, then clean them (``make notebooks``).

Each notebook runs top to bottom from its own folder; afterwards nbstripout
drops widget state and execution timestamps but keeps outputs and counts, which
strict nbval compares.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def execute(path):
    notebook = nbformat.read(path, as_version=4)
    started = time.perf_counter()
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    elapsed = time.perf_counter() - started
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error" or output.get("name") == "stderr":
                raise SystemExit(f"{path}: a cell wrote an error or to stderr:\n{output}")
    nbformat.write(notebook, path)
    subprocess.run([sys.executable, "-m", "nbstripout", "--keep-output", "--keep-count",
                    "--extra-keys", "metadata.language_info.version", str(path)], check=True)
    return elapsed


def main(paths):
    for name in paths:
        path = Path(name)
        print(f"{path}: executed in {execute(path):.1f} s, {path.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main(sys.argv[1:])
