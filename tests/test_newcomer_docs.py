"""What a newcomer reads first tells them what they need.

- The README's quick start says that ``make lesson`` keeps running until Ctrl-C, points
  to ``make help``, says how to check one lesson and how to install with pip alone; its
  Troubleshooting section covers root, MPLBACKEND, a port in use and no network.
- Every ``make TARGET`` the README names is one that ``make help`` lists.
- "The lecture" the lessons compare themselves with is named where a reader of the
  series (in lesson order) first meets the word.
"""

from __future__ import annotations

import re
import subprocess

import pytest
from notebook_tools import REPO, notebook_paths, read

README = (REPO / "README.md").read_text(encoding="utf-8")


def section(markdown, title):
    """The text under ``## title`` up to the next level-2 heading ('' when there is none)."""
    match = re.search(rf"^## {re.escape(title)}[ \t]*\n(.*?)(?=^## |\Z)", markdown, re.MULTILINE | re.DOTALL)
    return match.group(1) if match else ""


QUICK_START = {
    "that make lesson runs until Ctrl-C": r"Ctrl-C",
    "make help": r"`make help`",
    "how to check one lesson": r"make nbval NOTEBOOKS=notebooks/\S+\.ipynb",
    "the pip route": r"pip install '?\.\[lesson\]'?",
    "how to pass JupyterLab arguments": r"LAB_ARGS=",
}
TROUBLESHOOTING = {
    "root": r"--allow-root",
    "MPLBACKEND": r"MPLBACKEND=Agg",
    "a port in use": r"port",
    "no network": r"(?i)no network|offline",
}


@pytest.mark.parametrize(("title", "expected"), [("Quick start", QUICK_START), ("Troubleshooting", TROUBLESHOOTING)])
def test_readme_section_says_what_a_newcomer_needs(title, expected):
    text = section(README, title)
    assert text, f"README.md has no '## {title}' section"
    missing = [what for what, pattern in expected.items() if not re.search(pattern, text)]
    assert not missing, f"README.md's '## {title}' does not say: {', '.join(missing)}"


def test_readme_names_only_targets_that_make_help_lists():
    shown = subprocess.run(["make", "--no-print-directory", "help"], cwd=REPO, capture_output=True, text=True,
                           check=True).stdout.splitlines()[1:]
    listed = {line.split()[0] for line in shown if line.strip()}
    named = set(re.findall(r"\bmake ([a-z][a-z0-9_-]*)", README))
    unknown = sorted(named - listed)
    assert not unknown, (f"README.md names make {', make '.join(unknown)}, which `make help` does not list: "
                         "give each target's rule a '## what it does' comment, or fix the name")


LECTURE = re.compile(r"\blecture\b", re.IGNORECASE)
NAMES_IT = (r"fast\.ai", r"lesson6-sgd\.ipynb")


def first_mention(paths):
    """(notebook, cell index, text) of the first Markdown cell, in lesson order, that says 'lecture'.

    Speaker notes (slide type ``notes``) are skipped: they speak to the lecturer about
    the lecture they are giving, not about the old one.
    """
    for path in paths:
        for index, cell in enumerate(read(path).cells):
            if cell.metadata.get("slideshow", {}).get("slide_type") == "notes":
                continue
            if cell.cell_type == "markdown" and LECTURE.search(cell.source):
                return path, index, cell.source
    return None


def test_the_lecture_is_named_where_a_reader_first_meets_it():
    found = first_mention(notebook_paths())
    assert found, "no lesson mentions the lecture any more: drop this test"
    path, index, text = found
    missing = [pattern for pattern in NAMES_IT if not re.search(pattern, text)]
    assert not missing, (f"{path.name} cell {index} is the first to speak of the lecture but does not say which "
                         f"one (no {missing}): {LECTURE.search(text).group(0)!r} in {text[:300]!r}")
