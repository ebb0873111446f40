"""Write the student edition: ``student/`` from ``notebooks/`` (``make student``).

The lessons in ``notebooks/`` are the instructors' edition: each exercise cell holds
its solution between nbgrader's markers, and a Markdown cell explains it. The rules
(docs/CONVENTIONS.md, "Exercises"):

- a code cell tagged ``solution`` holds one or more regions from a line
  ``### BEGIN SOLUTION`` to a line ``### END SOLUTION``;
- the student edition replaces each region, markers included, by one stub line at
  the indentation of its ``### BEGIN SOLUTION`` line: ``answer = ...`` at the top
  level (an answer exercise), ``...`` inside a block (a function body the student
  writes); the rest of the cell (the ``check_...`` call) stays, and the cell's
  outputs and execution count are cleared;
- Markdown cells tagged ``solution`` are dropped, and so are speaker notes (slide type
  ``notes``): they hold the answers to the questions an instructor asks the class;
- a code cell tagged ``reveals-answer`` (one that shows an exercise's answer, such as
  the cell that confirms a prediction) keeps its code, and its outputs and execution
  count are cleared: the student runs it after answering;
- every other cell is copied unchanged, outputs included.

Usage: ``python tools/student_edition.py [--check] NOTEBOOK ... --out student``.
``--check`` writes nothing and exits 1 when ``student/`` differs from what it would write.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
TAG = "solution"
REVEALS = "reveals-answer"
ANSWER_STUB = "answer = ..."
BODY_STUB = "..."
_MARKER = re.compile(r"^([ \t]*)(### (?:BEGIN|END) SOLUTION)[ \t]*$")


class MarkerError(ValueError):
    """A solution region that is not well formed."""


def is_notes(cell):
    return cell.get("metadata", {}).get("slideshow", {}).get("slide_type") == "notes"


def is_solution(cell):
    return TAG in cell.get("metadata", {}).get("tags", [])


def reveals_answer(cell):
    return REVEALS in cell.get("metadata", {}).get("tags", [])


def regions(source):
    """``(start, end, indent)`` line numbers (end inclusive) of each marked region of ``source``."""
    found, start = [], None
    for number, line in enumerate(source.splitlines()):
        match = _MARKER.match(line)
        if not match:
            if BEGIN in line or END in line:
                raise MarkerError(f"line {number + 1}: a solution marker must stand alone on its line: {line!r}")
            continue
        indent, marker = match.groups()
        if marker == BEGIN:
            if start is not None:
                raise MarkerError(f"line {number + 1}: {BEGIN} inside another region")
            start = (number, indent)
        else:
            if start is None:
                raise MarkerError(f"line {number + 1}: {END} without {BEGIN}")
            if indent != start[1]:
                raise MarkerError(f"line {number + 1}: {END} is not indented like its {BEGIN}")
            found.append((start[0], number, start[1]))
            start = None
    if start is not None:
        raise MarkerError(f"line {start[0] + 1}: {BEGIN} without {END}")
    return found


def stub_line(indent):
    """The stub that replaces a region whose markers are indented by ``indent``."""
    return indent + (BODY_STUB if indent else ANSWER_STUB)


def solutions(source):
    """The text of each region of ``source``, markers left out."""
    lines = source.splitlines()
    return ["\n".join(lines[start + 1:end]) for start, end, _ in regions(source)]


def stubbed(source):
    """``source`` with every region replaced by its stub line."""
    lines = source.splitlines()
    for start, end, indent in reversed(regions(source)):
        lines[start:end + 1] = [stub_line(indent)]
    return "\n".join(lines)


def filled(source, texts):
    """The inverse of :func:`stubbed` for a cell: put the region ``texts`` back in place of its stubs.

    The stubs are found at the places :func:`stubbed` put them, given the
    instructors' cell; used by the tests to answer a student notebook.
    """
    lines, texts = source.splitlines(), list(texts)
    out = []
    for line in lines:
        indent = line[: len(line) - len(line.lstrip())]
        if texts and line == stub_line(indent):
            out.append(texts.pop(0))
        else:
            out.append(line)
    if texts:
        raise MarkerError(f"{len(texts)} solution(s) left over: fewer stubs than regions")
    return "\n".join(out)


def student_notebook(notebook):
    """A copy of ``notebook`` as the student edition has it."""
    notebook = nbformat.from_dict(notebook)  # a deep copy
    cells = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown" and (is_solution(cell) or is_notes(cell)):
            continue
        if cell.cell_type == "code":
            try:
                found = regions(cell.source)
            except MarkerError as error:
                raise MarkerError(f"cell {index}: {error}") from None
            if found and not is_solution(cell):
                raise MarkerError(f"cell {index} has solution markers but no '{TAG}' tag")
            if is_solution(cell):
                if not found:
                    raise MarkerError(f"cell {index} is tagged '{TAG}' but has no {BEGIN} ... {END} region")
                cell.source = stubbed(cell.source)
            if is_solution(cell) or reveals_answer(cell):
                cell.outputs = []
                cell.execution_count = None
        cells.append(cell)
    notebook.cells = cells
    return notebook


def write_edition(paths, out_dir, *, check=False):
    """Write (or, with ``check``, compare) the student edition of ``paths`` in ``out_dir``; the stale names."""
    out_dir = Path(out_dir)
    stale = []
    for path in map(Path, paths):
        text = nbformat.writes(student_notebook(nbformat.read(str(path), as_version=4)))
        text += "" if text.endswith("\n") else "\n"  # as nbformat.write ends a file
        target = out_dir / path.name
        if target.exists() and target.read_text(encoding="utf-8") == text:
            continue
        stale.append(target)
        if not check:
            out_dir.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    wanted = {Path(path).name for path in paths}
    extra = [path for path in sorted(out_dir.glob("*.ipynb")) if path.name not in wanted]
    stale += extra
    if not check:
        for path in extra:
            path.unlink()
    return stale


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+")
    parser.add_argument("--out", default="student")
    parser.add_argument("--check", action="store_true", help="compare only; exit 1 if out of date")
    args = parser.parse_args(argv)
    stale = write_edition(args.notebooks, args.out, check=args.check)
    verb = "out of date" if args.check else "written"
    for path in stale:
        print(f"{path}: {verb}")
    if not stale:
        print(f"{args.out}/: up to date ({len(args.notebooks)} notebooks)")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
