"""Check that the lessons can run here (``00_start_here``): their dependencies are present
and recent enough, and, in a notebook, figures show."""

from __future__ import annotations

import os
import re
import sys
from importlib import metadata

# matplotlib backends that show a figure in a notebook (inline PNGs, or ipympl's widget).
NOTEBOOK_BACKENDS = ("inline", "ipympl", "widget")


def _version_tuple(text):  # "1.24" is (1, 24, 0), the same as "1.24.0"
    parts = [int(part) for part in re.findall(r"\d+", text)[:3]]
    return tuple(parts + [0] * (3 - len(parts)))


def minimum_versions():
    """The runtime requirements' lower bounds, ``{"numpy": "1.24", ...}``, from the installed metadata."""
    matches = (re.match(r"\s*([A-Za-z0-9_.-]+)\s*>=\s*([0-9][0-9.]*)", requirement)
               for requirement in metadata.requires("sgd-lesson") or [] if ";" not in requirement)  # ";": an extra
    return {match.group(1).lower(): match.group(2) for match in matches if match}


def notebook_backend():
    """matplotlib's backend when this runs in a Jupyter kernel, else None (a script or a terminal)."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if getattr(shell, "kernel", None) is None:
        return None
    try:
        import matplotlib
    except ImportError:  # reported with the missing packages
        return None
    return matplotlib.get_backend()


def backend_problem(backend):
    """Why figures would not show in a notebook with ``backend`` (such as a server's MPLBACKEND=Agg), or None."""
    if backend is None or any(name in backend.lower() for name in NOTEBOOK_BACKENDS):
        return None
    variable = os.environ.get("MPLBACKEND", "")
    source = f" (MPLBACKEND={variable})" if variable.lower() == backend.lower() else ""
    return (f"matplotlib's backend is {backend!r}{source}, which shows no figures in a notebook. "
            "Run `%matplotlib inline` in a cell first (every lesson starts with it)")


def environment_problems():
    """What keeps the lessons from running here: a list of sentences, empty when all is well."""
    try:
        minimums = minimum_versions()
    except metadata.PackageNotFoundError:
        return ["sgd_lesson is imported from a folder but not installed"]
    problems = []
    for name, minimum in sorted(minimums.items()):
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            problems.append(f"{name} is missing (need {minimum} or newer)")
            continue
        if _version_tuple(installed) < _version_tuple(minimum):
            problems.append(f"{name} {installed} is too old (need {minimum} or newer)")
    return problems


def check_environment():
    """Print one line saying whether the lessons can run here, or what is missing, too old or would show no
    figures; never versions, which differ between machines (the notebook's stored output must not)."""
    problems = environment_problems()
    backend = notebook_backend()
    figures = backend_problem(backend)
    if problems:
        print("Not ready: " + "; ".join(problems) + ". Run `make lesson` or `pip install -e .` in the repository."
              + (f" Also: {figures}." if figures else ""))
    elif figures:
        print(f"Not ready: {figures}.")
    else:
        names = ", ".join(sorted(minimum_versions()))
        inline = ", and figures show in this notebook" if backend is not None else ""
        print(f"Ready: {names} and sgd_lesson are installed and recent enough{inline}.")
