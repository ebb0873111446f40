"""Shared helpers for the notebook gates (rerun safety, hygiene) and bench_notebooks.

Outputs are compared the way strict nbval compares them, with nbval's own
functions where it has them: the sanitizer patterns are read from
``tests/nbval_sanitize.cfg``; streams are coalesced; ``image/png`` and
``image/jpeg`` are not compared (only their presence is), nor metadata,
tracebacks, execution counts or a widget view's model id. Cells run with
``store_history=False`` as under nbval, so a trailing ``;`` suppresses nothing
here either.
"""

from __future__ import annotations

import difflib
import re
import subprocess
import time
from collections import defaultdict
from pathlib import Path
from queue import Empty

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbformat.v4 import new_output

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = REPO / "notebooks"
NOTEBOOK_GLOB = "[0-9][0-9]_*.ipynb"
SANITIZE_FILE = REPO / "tests" / "nbval_sanitize.cfg"

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
IMAGES = ("image/png", "image/jpeg")
# What strict nbval never compares (nbval.plugin.IPyNbFile.skip_compare, images included).
NOT_COMPARED = ("metadata", "traceback", "prompt_number", "output_type", "name", "execution_count",
                "transient", WIDGET_VIEW)
CELL_TIMEOUT = 120


def notebook_paths(folder=NOTEBOOK_DIR):
    """Every notebook of the series, ``notebooks/NN_*.ipynb``, in order."""
    return sorted(Path(folder).glob(NOTEBOOK_GLOB))


def read(path):
    return nbformat.read(str(path), as_version=4)


def code_cells(notebook):
    """``(index in notebook.cells, code-cell number as nbval counts it, cell)`` for each code cell."""
    number = 0
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code":
            yield index, number, cell
            number += 1


def describe(index, cell):
    """A cell's name in a failure message: its position and its first line."""
    lines = [line.strip() for line in cell.source.splitlines() if line.strip()]
    first = lines[0] if lines else "<empty>"
    return f"cell {index} ({first[:70]!r})"


# ---------------------------------------------------------------------------
# nbval's semantics: markers, sanitizing, comparison
# ---------------------------------------------------------------------------

def _nbval():
    from nbval import plugin  # imported late: it imports pytest

    return plugin


def cell_options(cell):
    """nbval's options for a cell: ``check``, ``skip``, ``check_exception`` (comments win over tags)."""
    plugin = _nbval()
    options = {"check": True, "skip": False, "check_exception": False}
    options.update(dict(plugin.find_metadata_tags(cell.metadata)))
    options.update(dict(plugin.find_comment_markers(cell.source)))
    return options


def ignores_output(cell):
    """Whether nbval skips comparing this cell's outputs (its ``nbval-ignore-output`` tag, or the comment)."""
    return not cell_options(cell)["check"]


_patterns = None


def sanitize_patterns():
    """The ``(regex, replacement)`` pairs of tests/nbval_sanitize.cfg, parsed as nbval parses them."""
    global _patterns
    if _patterns is None:
        _patterns = _nbval().get_sanitize_patterns(SANITIZE_FILE.read_text())
    return _patterns


def sanitize(value):
    if not isinstance(value, str):
        return value
    for regex, replace in sanitize_patterns():
        value = re.sub(regex, replace, value)
    return value


def coalesce(outputs):
    """Merge stream outputs by name and apply ``\\r``/``\\b``, as nbval does (copies, input untouched)."""
    return _nbval().coalesce_streams([nbformat.from_dict(dict(output)) for output in outputs])


def fields(outputs):
    """Outputs as nbval compares them: field -> list of sanitized values.

    A stream becomes its name (``stdout``/``stderr``) -> text; rich outputs are
    flattened to MIME type -> value; an error gives ``ename`` and ``evalue``.
    Images are kept as a placeholder, so their number is compared but not
    their bytes. The order between different fields is not compared (nbval
    does not compare it either); the order within one field is.
    """
    flat = defaultdict(list)
    for output in coalesce(outputs):
        kind = output.get("output_type")
        if kind == "stream":
            flat[output["name"]].append(sanitize(output["text"]))
            continue
        for key, value in output.items():
            if key in NOT_COMPARED:
                continue
            if key == "data":
                for mime, content in value.items():
                    if mime in NOT_COMPARED:
                        continue
                    flat[mime].append("<image>" if mime in IMAGES else sanitize(content))
            else:
                flat[key].append(sanitize(value))
    return dict(flat)


def _short(value, limit=600):
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} characters)"


def difference(expected, actual, *, expected_name="first run", actual_name="second run"):
    """'' when two :func:`fields` dicts agree, else a short readable account of the first difference."""
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"missing in the {actual_name}: {missing}")
        if extra:
            shown = {key: [_short(v, 300) for v in actual[key]] for key in extra}
            parts.append(f"new in the {actual_name}: {shown}")
        return "; ".join(parts)
    for key in sorted(expected):
        want, got = expected[key], actual[key]
        if len(want) != len(got):
            return f"{key}: {len(want)} output(s) in the {expected_name}, {len(got)} in the {actual_name}"
        for one, other in zip(want, got, strict=True):
            if one != other:
                if isinstance(one, str) and isinstance(other, str):
                    diff = difflib.unified_diff(one.splitlines(), other.splitlines(), expected_name,
                                                actual_name, lineterm="", n=1)
                    return f"{key} differs:\n" + _short("\n".join(diff), 1500)
                return f"{key} differs: {_short(one)} != {_short(other)}"
    return ""


def errors(outputs):
    return [f"{output['ename']}: {output['evalue']}" for output in outputs
            if output.get("output_type") == "error"]


# ---------------------------------------------------------------------------
# A kernel in this environment, fed one cell at a time
# ---------------------------------------------------------------------------

CURRENT_ENV = ":current-env"


class _CurrentEnvSpecs(KernelSpecManager):
    """The python kernel of the environment running the tests (like ``--nbval-current-env``)."""

    def get_kernel_spec(self, kernel_name):
        if kernel_name == CURRENT_ENV:
            import ipykernel.kernelspec

            return self.kernel_spec_class(resource_dir=ipykernel.kernelspec.RESOURCES,
                                          **ipykernel.kernelspec.get_kernel_dict())
        return super().get_kernel_spec(kernel_name)


class Kernel:
    """A fresh IPython kernel started in ``cwd``; :meth:`run` executes code as nbval does.

    Use as a context manager, so the kernel is shut down however the test ends.
    """

    def __init__(self, cwd, *, timeout=CELL_TIMEOUT, startup_timeout=60):
        self.timeout = timeout
        self.started = time.perf_counter()
        self.manager = KernelManager(kernel_name=CURRENT_ENV, kernel_spec_manager=_CurrentEnvSpecs())
        self.manager.start_kernel(cwd=str(cwd), stderr=subprocess.DEVNULL)
        self.client = self.manager.client()
        self.client.start_channels()
        try:
            self.client.wait_for_ready(timeout=startup_timeout)
            self._ensure_iopub()
        except BaseException:
            self.close()
            raise
        self.ready = time.perf_counter()

    def _ensure_iopub(self):
        # A message published before the iopub socket connects is lost: wait for
        # the idle status of a request, as nbval does.
        for _ in range(30):
            try:
                self.client.execute_interactive("", store_history=False, timeout=2, output_hook=lambda msg: None)
                return
            except TimeoutError:
                continue
        raise RuntimeError("could not connect to the kernel's iopub channel")

    def run(self, source):
        """Execute ``source``; its outputs as notebook output nodes (streams coalesced)."""
        outputs = []

        def hook(msg):
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                outputs.append(new_output("stream", name=content["name"], text=content["text"]))
            elif kind in ("display_data", "execute_result"):
                outputs.append(nbformat.from_dict({"output_type": kind, "data": content["data"],
                                                   "metadata": content.get("metadata", {})}))
            elif kind == "error":
                outputs.append(new_output("error", ename=content["ename"], evalue=content["evalue"],
                                          traceback=content["traceback"]))

        try:
            self.client.execute_interactive(source, store_history=False, allow_stdin=False,
                                            stop_on_error=False, output_hook=hook, timeout=self.timeout)
        except (TimeoutError, Empty):
            self.manager.interrupt_kernel()
            outputs.append(new_output("error", ename="Timeout", traceback=[],
                                      evalue=f"no reply within {self.timeout} s"))
        return coalesce(outputs)

    def close(self):
        try:
            self.client.stop_channels()
        finally:
            self.manager.shutdown_kernel(now=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


# ---------------------------------------------------------------------------
# Runs used by the gates
# ---------------------------------------------------------------------------

def runnable_cells(notebook):
    """The code cells nbval runs: ``(index, cell, options)``, ``nbval-skip`` cells left out."""
    for index, _, cell in code_cells(notebook):
        options = cell_options(cell)
        if not options["skip"]:
            yield index, cell, options


def unexpected_errors(index, cell, options, outputs):
    found = errors(outputs)
    if found and not options["check_exception"]:
        return [f"{describe(index, cell)} raised {found[0]}"]
    if options["check_exception"] and not found:
        return [f"{describe(index, cell)} is marked to raise but did not"]
    return []


def compare_with_stored(index, cell, options, outputs, *, context=""):
    """Problems (a list of sentences) comparing a fresh run of ``cell`` with its stored outputs, as nbval does.

    ``context`` (such as " run from another folder") follows the cell's name in each sentence.
    """
    if cell.execution_count is None:
        return [f"{describe(index, cell)} is stored unexecuted but has outputs"] if cell.outputs else []
    if not options["check"]:
        # nbval compares nothing here; the kinds and number of outputs must still agree, so that
        # a widget cell's stored static figure is there and is what a fresh run shows.
        stored = {key: len(values) for key, values in fields(cell.outputs).items()}
        fresh = {key: len(values) for key, values in fields(outputs).items()}
        if stored != fresh:
            return [f"{describe(index, cell)}{context} (output ignored by nbval): stored outputs {stored}, "
                    f"a fresh run shows {fresh}"]
        return []
    problem = difference(fields(cell.outputs), fields(outputs), expected_name="stored outputs",
                         actual_name="fresh run")
    return [f"{describe(index, cell)}{context}: {problem}"] if problem else []

