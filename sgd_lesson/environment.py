"""Check that the lessons' dependencies are present and recent enough (``00_start_here``)."""

from __future__ import annotations

import re
from importlib import metadata

DISTRIBUTION = "sgd-lesson"


def _version_tuple(text):
    # "1.24" and "1.24.0" are the same version: pad to three numbers.
    parts = [int(part) for part in re.findall(r"\d+", text)[:3]]
    return tuple(parts + [0] * (3 - len(parts)))


def minimum_versions(distribution=DISTRIBUTION):
    """The runtime requirements' lower bounds from the installed package metadata.

    Returns
    -------
    dict of str to str
        Package name -> lowest supported version (for example ``{"numpy": "1.24"}``).
    """
    minimums = {}
    for requirement in metadata.requires(distribution) or []:
        if ";" in requirement:  # an extra, such as 'pytest>=7.4; extra == "test"'
            continue
        match = re.match(r"\s*([A-Za-z0-9_.-]+)\s*>=\s*([0-9][0-9.]*)", requirement)
        if match:
            minimums[match.group(1).lower()] = match.group(2)
    return minimums


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
    """Print one line saying whether the lessons can run here.

    The message names what is missing or too old, and never prints versions
    that differ between machines, so the notebook's stored output is the same
    everywhere. It returns None, so the cell shows only that line.
    """
    problems = environment_problems()
    if problems:
        print("Not ready: " + "; ".join(problems) + ". Run `make lesson` or `pip install -e .` in the repository.")
    else:
        names = ", ".join(sorted(minimum_versions()))
        print(f"Ready: {names} and sgd_lesson are installed and recent enough.")
