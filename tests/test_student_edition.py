"""The student edition (``student/``, written by ``make student`` from ``notebooks/``).

- it is current: regenerating it would change nothing;
- every student notebook runs top to bottom in a fresh kernel with no error and
  nothing on stderr, and each exercise's check says it is not answered yet;
- filling every stub with the lesson's solution makes every check say right;
- no student notebook holds solution text (code of a solution region, or a
  ``solution`` Markdown cell), a solution marker or speaker notes (they hold the
  answers to the questions asked in class);
- the stub rule itself (tools/student_edition.py), on small made-up cells.
"""

from __future__ import annotations

import re
import sys

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from notebook_tools import REPO, notebook_paths, read

sys.path.insert(0, str(REPO / "tools"))
import student_edition as edition  # noqa: E402

STUDENT = REPO / "student"
LESSONS = notebook_paths()
NO_ANSWER = "no answer yet"
RIGHT = "right!"
ids = [path.stem for path in LESSONS]


def run(notebook, folder):
    """Execute ``notebook`` in a fresh kernel started in ``folder``; return it with its outputs."""
    NotebookClient(notebook, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(folder)}}).execute()
    return notebook


def printed(cell):
    return "".join(output.get("text", "") for output in cell.outputs if output.get("output_type") == "stream")


def error_problems(notebook):
    problems = []
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                problems.append(f"cell {index}: {output['ename']}: {output['evalue'][:200]}")
            elif output.get("name") == "stderr":
                problems.append(f"cell {index} wrote to stderr: {output['text'][:200]!r}")
    return problems


def stub_cells(notebook):
    return [(index, cell) for index, cell in enumerate(notebook.cells)
            if cell.cell_type == "code" and edition.is_solution(cell)]


def test_student_edition_is_current():
    stale = edition.write_edition(LESSONS, STUDENT, check=True)
    assert not stale, f"student/ is out of date, run `make student`: {[str(path) for path in stale]}"


@pytest.mark.parametrize("path", LESSONS, ids=ids)
def test_student_notebook_runs_unanswered(path):
    notebook = run(read(STUDENT / path.name), STUDENT)
    problems = error_problems(notebook)
    for index, cell in stub_cells(notebook):
        if NO_ANSWER not in printed(cell):
            problems.append(f"cell {index}: the check printed {printed(cell)[:120]!r}, expected {NO_ANSWER!r}")
    assert not problems, f"{path.name}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("path", [path for path in LESSONS if stub_cells(read(path))],
                         ids=[path.stem for path in LESSONS if stub_cells(read(path))])
def test_filling_every_stub_with_its_solution_says_right(path):
    answers = [edition.solutions(cell.source) for _, cell in stub_cells(read(path))]
    notebook = read(STUDENT / path.name)
    stubs = stub_cells(notebook)
    assert len(stubs) == len(answers), f"{len(stubs)} stub cells in student/{path.name}, {len(answers)} in the lesson"
    for (_, cell), texts in zip(stubs, answers, strict=True):
        cell.source = edition.filled(cell.source, texts)
    notebook = run(notebook, STUDENT)
    problems = error_problems(notebook)
    for index, cell in stub_cells(notebook):
        if RIGHT not in printed(cell):
            problems.append(f"cell {index}: filled with the lesson's solution, the check printed "
                            f"{printed(cell)[:160]!r}")
    assert not problems, f"{path.name}:\n  " + "\n  ".join(problems)


def solution_text(notebook):
    """Lines of solution code and paragraphs of solution Markdown that the rest of ``notebook`` does not hold."""
    secret, public = set(), []
    for cell in notebook.cells:
        if cell.cell_type == "code" and edition.is_solution(cell):
            for text in edition.solutions(cell.source):
                secret.update(line.strip() for line in text.splitlines())
            public.append(edition.stubbed(cell.source))
        elif cell.cell_type == "markdown" and edition.is_solution(cell):
            secret.update(paragraph.strip() for paragraph in cell.source.split("\n\n"))
        else:
            public.append(cell.source)
    public = "\n".join(public)
    return {text for text in secret if len(text) > 3 and text != "</details>" and text not in public}


@pytest.mark.parametrize("path", LESSONS, ids=ids)
def test_no_student_notebook_contains_solution_text(path):
    cells = read(STUDENT / path.name).cells
    student_text = "\n".join(cell.source for cell in cells)
    found = [text for text in solution_text(read(path)) if text in student_text]
    found += [f"cell {index}: {edition.BEGIN}" for index, cell in enumerate(cells)
              if cell.cell_type == "code" and edition.BEGIN in cell.source]
    found += [f"cell {index}: a 'solution' Markdown cell" for index, cell in enumerate(cells)
              if cell.cell_type == "markdown" and edition.is_solution(cell)]
    found += [f"cell {index}: speaker notes" for index, cell in enumerate(cells) if edition.is_notes(cell)]
    assert not found, f"student/{path.name} holds solution text: {found[:5]}"


# ---------------------------------------------------------------------------
# The stub rule
# ---------------------------------------------------------------------------

ANSWER_CELL = "# your answer: a float\n### BEGIN SOLUTION\nanswer = 2 / 4\n### END SOLUTION\ncheck_half(answer)"
CODE_CELL = ('def step(params, gradient):\n    """One update."""\n    ### BEGIN SOLUTION\n'
             "    new = params - 0.1 * gradient\n    return new\n    ### END SOLUTION\n\n\ncheck_step(step)")


def test_an_answer_region_becomes_answer_dots_and_a_function_body_becomes_dots():
    assert edition.stubbed(ANSWER_CELL) == "# your answer: a float\nanswer = ...\ncheck_half(answer)"
    assert edition.stubbed(CODE_CELL) == 'def step(params, gradient):\n    """One update."""\n    ...\n\n\ncheck_step(step)'
    for cell in (ANSWER_CELL, CODE_CELL):
        unmarked = "\n".join(line for line in cell.splitlines() if "### " not in line)
        assert edition.filled(edition.stubbed(cell), edition.solutions(cell)) == unmarked


def test_the_student_notebook_drops_solution_markdown_and_clears_stubbed_outputs():
    solved = new_code_cell(ANSWER_CELL, execution_count=3, metadata={"tags": ["solution"]})
    solved.outputs = [nbformat.v4.new_output("stream", name="stdout", text="Exercise: right!\n")]
    other = new_code_cell("x = 1", execution_count=2)
    other.outputs = [nbformat.v4.new_output("stream", name="stdout", text="kept\n")]
    notes = new_markdown_cell("**Ask:** ... (Answer: 2)", metadata={"slideshow": {"slide_type": "notes"}})
    notebook = new_notebook(cells=[new_markdown_cell("# Title"), notes, other, solved,
                                   new_markdown_cell("<details>why</details>", metadata={"tags": ["solution"]}),
                                   new_markdown_cell("## Next")])
    student = edition.student_notebook(notebook)
    assert [cell.source for cell in student.cells] == ["# Title", "x = 1", edition.stubbed(ANSWER_CELL), "## Next"]
    assert student.cells[1].outputs == other.outputs and student.cells[1].execution_count == 2
    assert student.cells[2].outputs == [] and student.cells[2].execution_count is None
    assert notebook.cells[3].source == ANSWER_CELL  # the lesson itself is untouched


@pytest.mark.parametrize(("source", "tags", "message"), [
    ("### BEGIN SOLUTION\nanswer = 1\ncheck(answer)", ["solution"], "without ### END"),
    ("answer = 1\n### END SOLUTION", ["solution"], "without ### BEGIN"),
    ("### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION", ["solution"], "inside another"),
    ("def f():\n    ### BEGIN SOLUTION\n    pass\n### END SOLUTION", ["solution"], "not indented like"),
    ("x = 1  ### BEGIN SOLUTION", ["solution"], "stand alone"),
    ("### BEGIN SOLUTION\nanswer = 1\n### END SOLUTION", [], "no 'solution' tag"),
    ("answer = 1", ["solution"], "has no ### BEGIN"),
])
def test_malformed_solution_cells_are_refused(source, tags, message):
    notebook = new_notebook(cells=[new_code_cell(source, metadata={"tags": tags})])
    with pytest.raises(edition.MarkerError, match=message):
        edition.student_notebook(notebook)


def test_a_stale_or_extra_student_notebook_is_reported(tmp_path):
    lesson = tmp_path / "notebooks" / "01_x.ipynb"
    lesson.parent.mkdir()
    nbformat.write(new_notebook(cells=[new_code_cell(ANSWER_CELL, metadata={"tags": ["solution"]})]), str(lesson))
    out = tmp_path / "student"
    assert edition.write_edition([lesson], out) == [out / "01_x.ipynb"]
    assert edition.write_edition([lesson], out, check=True) == []
    (out / "09_old.ipynb").write_text("{}")
    (out / "01_x.ipynb").write_text("{}")
    assert edition.write_edition([lesson], out, check=True) == [out / "01_x.ipynb", out / "09_old.ipynb"]
    edition.write_edition([lesson], out)
    assert sorted(path.name for path in out.iterdir()) == ["01_x.ipynb"]


def test_a_cell_that_reveals_an_answer_keeps_its_code_and_loses_its_output():
    reveal = new_code_cell("print(2 / 4)", execution_count=2, metadata={"tags": ["reveals-answer"]})
    reveal.outputs = [nbformat.v4.new_output("stream", name="stdout", text="0.5\n")]
    student = edition.student_notebook(new_notebook(cells=[reveal]))
    assert student.cells[0].source == "print(2 / 4)"
    assert student.cells[0].outputs == [] and student.cells[0].execution_count is None


def answer_strings(value):
    """How a cell might print an exercise's numeric answer: 3 or 4 significant figures, or 4 decimals."""
    value = abs(float(value))
    if value == round(value) or value < 1e-3:
        return set()  # whole numbers and tiny values turn up in too many other outputs to search for
    forms = {f"{value:.3g}", f"{value:.4g}", f"{value:.4f}"}
    return {form for form in forms if sum(ch.isdigit() for ch in form.lstrip("0.")) >= 3}


@pytest.mark.parametrize("path", LESSONS, ids=[path.stem for path in LESSONS])
def test_no_student_output_in_the_exercises_shows_an_answer(path):
    """A cell after an exercise that prints its answer (one that confirms a prediction) must
    carry the tag 'reveals-answer', so the student edition clears its output."""
    import importlib

    number = int(path.name[:2])
    try:
        checks = importlib.import_module(f"sgd_lesson.checks.lesson{number}")
    except ModuleNotFoundError:
        pytest.skip("a notebook with no exercises")
    wanted = set()
    for build in checks.EXERCISES.values():
        expected = build().expected
        if expected is not None:
            for value in np.atleast_1d(np.asarray(expected, dtype=float)):
                wanted |= answer_strings(value)
    cells = read(STUDENT / path.name).cells
    start = next(index for index, cell in enumerate(cells)
                 if cell.cell_type == "markdown" and re.search(r"^## Exercises", cell.source, re.MULTILINE))
    found = [(index, form) for index, cell in enumerate(cells[start:], start) if cell.cell_type == "code"
             for form in sorted(wanted) if form in printed(cell)]
    assert not found, (f"student/{path.name} shows an exercise's answer in a stored output of its exercises "
                       f"(tag the cell 'reveals-answer'): {found}")
