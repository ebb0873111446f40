"""Lecture metadata (docs/CONVENTIONS.md, "Slides" and "Speaker notes") and the instructors' guide.

For every lesson, from the file alone: every cell has a valid slide type and the first
shown starts a slide; every section's notes give its minutes once; notes are Markdown; every
figure shown on a slide has alternative text; ``slides-hide-input`` only on figure
cells; solutions stay off the slides; RISE gets a theme whose fonts ship with it; and
docs/INSTRUCTORS.md is what ``make guide`` writes from the notes.
"""

from __future__ import annotations

import sys

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from notebook_tools import REPO, notebook_paths, read

sys.path.insert(0, str(REPO / "tools"))
import lecture  # noqa: E402

NOTEBOOKS = notebook_paths()
ids = [path.stem for path in NOTEBOOKS]
FIGURE_MIMES = ("image/png", "image/jpeg")


def shows_figure(cell):
    return cell.cell_type == "code" and any(
        any(mime in output.get("data", {}) for mime in FIGURE_MIMES)
        or 'class="animation"' in "".join(output.get("data", {}).get("text/html", ""))
        for output in cell.get("outputs", []))


def metadata_problems(notebook):
    problems = []
    try:
        plan = lecture.sections(notebook)
    except ValueError as error:
        return [str(error)]
    problems += [problem for section in plan for problem in section.problems]
    for index, cell in enumerate(notebook.cells):
        kind = cell.get("metadata", {}).get("slideshow", {}).get("slide_type")
        tags = cell.metadata.get("tags", [])
        if kind is None:
            problems.append(f"cell {index} has no slide type (metadata.slideshow.slide_type)")
        shown_before = any(c.get("metadata", {}).get("slideshow", {}).get("slide_type") not in ("skip", "notes")
                           for c in notebook.cells[:index])
        if not shown_before and kind not in ("skip", "notes") and kind != "slide":
            problems.append("the first cell shown should start a slide")
        if kind == "notes" and cell.cell_type != "markdown":
            problems.append(f"cell {index}: speaker notes must be a Markdown cell")
        if shows_figure(cell) and kind != "skip" and not cell.metadata.get("alt", "").strip():
            problems.append(f"cell {index} shows a figure on a slide but has no metadata.alt")
        if "slides-hide-input" in tags and not shows_figure(cell):
            problems.append(f"cell {index} hides its code on the slides but shows no figure")
        if "solution" in tags and kind != "skip":
            problems.append(f"cell {index} holds a solution but is shown on the slides (make it 'skip')")
    if notebook.metadata.get("rise", {}).get("theme") != "white":
        problems.append("notebook metadata rise.theme should be 'white' (the default theme loads Google's fonts)")
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_lesson_follows_the_slide_conventions(path):
    problems = metadata_problems(read(path))
    assert not problems, f"{path.name}:\n  " + "\n  ".join(problems)


def test_instructors_guide_is_current():
    text = lecture.guide(NOTEBOOKS)
    assert lecture.GUIDE.read_text(encoding="utf-8") == text, "docs/INSTRUCTORS.md is out of date: run `make guide`"


def test_minutes_questions_and_optional_sections_are_read_from_the_notes():
    def notes(text):
        return new_markdown_cell(text, metadata={"slideshow": {"slide_type": "notes"}})

    def typed(cell, kind):
        cell.metadata["slideshow"] = {"slide_type": kind}
        return cell

    cells = [
        typed(new_markdown_cell("# Title"), "slide"), notes("**Time: 2 min**\n\n- say hello"),
        typed(new_code_cell("import numpy as np"), "skip"),
        typed(new_markdown_cell("## First"), "slide"),
        notes('**Time: 5 min**\n\n- **Ask:** "Which way?" (Down.)\n- **Live:** drive the explorer'),
        typed(new_code_cell("x = 1"), "-"), typed(new_markdown_cell("more"), "subslide"),
        typed(new_markdown_cell("## Second"), "slide"), notes("**Time: 3 min, optional**"),
    ]
    plan = lecture.sections(new_notebook(cells=cells))
    assert [(s.title, s.minutes, s.optional, s.slides) for s in plan] == [
        ("Title", 2, False, 1), ("First", 5, False, 2), ("Second", 3, True, 1)]
    assert plan[1].asks == ['"Which way?" (Down.)'] and plan[1].lives == ["drive the explorer"]
    assert not any(section.problems for section in plan)


def test_the_slide_gate_catches_broken_metadata():
    figure = new_code_cell("plot()", execution_count=1, metadata={"slideshow": {"slide_type": "-"},
                                                                 "tags": ["solution"]})
    figure.outputs = [new_output("display_data", data={"image/png": "iVBOR", "text/plain": "<Figure>"})]
    cells = [
        new_markdown_cell("# Title", metadata={"slideshow": {"slide_type": "subslide"}}),
        new_markdown_cell("## A", metadata={"slideshow": {"slide_type": "slide"}}),
        new_code_cell("x = 1", metadata={"slideshow": {"slide_type": "notes"}, "tags": ["slides-hide-input"]}),
        figure,
        new_markdown_cell("## B"),
    ]
    text = "\n".join(metadata_problems(new_notebook(cells=cells)))
    for expected in ("first cell shown should start a slide", "has no '**Time: N min**'", "notes must be a Markdown",
                     "no metadata.alt", "hides its code", "holds a solution", "has no slide type", "rise.theme"):
        assert expected in text, (expected, text)
    with pytest.raises(ValueError, match="slide type 'bogus'"):
        lecture.sections(new_notebook(cells=[new_markdown_cell("x", metadata={"slideshow": {"slide_type": "bogus"}})]))
    assert nbformat.validate(new_notebook(cells=cells)) is None
