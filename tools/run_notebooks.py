"""Re-execute notebooks in place in a fresh kernel, then clean them (``make notebooks``).

Each notebook runs top to bottom from its own folder; afterwards adjacent
outputs to the same stream are joined (where the kernel's output buffer happened
to flush, on a busy machine, does not show as gaps in a printout; nbval joins
them too before it compares), and nbstripout drops widget state and execution
timestamps but keeps outputs and counts, which strict nbval compares.
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
        if "outputs" in cell:
            cell.outputs = join_streams(cell.outputs)
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error" or output.get("name") == "stderr":
                raise SystemExit(f"{path}: a cell wrote an error or to stderr:\n{output}")
    nbformat.write(notebook, path)
    subprocess.run([sys.executable, "-m", "nbstripout", "--keep-output", "--keep-count",
                    "--extra-keys", "metadata.language_info.version", str(path)], check=True)
    return elapsed


def join_streams(outputs):
    """``outputs`` with each run of adjacent stdout (or stderr) outputs joined into one."""
    joined = []
    for output in outputs:
        previous = joined[-1] if joined else None
        if (output.get("output_type") == "stream" and previous is not None
                and previous.get("output_type") == "stream" and previous.get("name") == output.get("name")):
            joined[-1] = nbformat.from_dict({**previous, "text": previous["text"] + output["text"]})
        else:
            joined.append(output)
    return joined


def main(paths):
    for name in paths:
        path = Path(name)
        print(f"{path}: executed in {execute(path):.1f} s, {path.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main(sys.argv[1:])
