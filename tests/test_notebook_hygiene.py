"""Hygiene: every notebook is committed clean, small, well linked and complete.

For each ``notebooks/NN_*.ipynb`` (no kernel needed, these read the file):
executed in order in one fresh kernel (counts 1, 2, 3 ...); no error or stderr
output; no widget state or execution timestamps; at most 1 MiB; every link to
a notebook, a section anchor (slugged as JupyterLab does) or a repository file
resolves; the lesson template's sections are there (the index, 00, lists and
links the lessons instead); every exercise cell holds a marked solution whose
stored check says right; every ``check_...`` an exercise calls exists, says
"no answer yet" to ``...``, and its unit tests call it with an answer it calls right and
one it calls wrong (``tests/check_recorder.py``); the ``nbval-ignore-output`` cell tag only on
widget explorers (and one optional torch cell in the autodiff lesson), and no ``# NBVAL_...``
comment in the code a student reads; no figure cut off at its edges.
"""

from __future__ import annotations

import ast
import base64
import contextlib
import html
import importlib
import importlib.util
import io
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import numpy as np
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from notebook_tools import (
    REPO,
    WIDGET_VIEW,
    code_cells,
    describe,
    notebook_paths,
    read,
)
from PIL import Image

NOTEBOOKS = notebook_paths()
LESSONS = [path for path in NOTEBOOKS if not path.name.startswith("00_")]
INDEX = REPO / "notebooks" / "00_start_here.ipynb"
MAX_BYTES = 1024 * 1024
NO_ANSWER = "no answer yet"
RIGHT = "right!"
TEMPLATE_SECTIONS = ("What you'll learn", "What you need", "Summary", "Exercises", "Next")
MIN_EXERCISES = 3
# Cells allowed to carry the nbval-ignore-output tag besides widget explorers: lesson number -> torch cells.
OPTIONAL_TORCH_CELLS = {6: 1}

sys.path.insert(0, str(REPO / "tools"))
import student_edition  # noqa: E402  (tools/student_edition.py: the solution markers)

ids = [path.stem for path in NOTEBOOKS]
lesson_ids = [path.stem for path in LESSONS]


def number(path):
    """The lesson number of ``NN_name.ipynb``."""
    return int(Path(path).name[:2])


def report(path, problems):
    return f"{Path(path).name}: {len(problems)} problem(s)\n  " + "\n  ".join(problems)


# ---------------------------------------------------------------------------
# Committed state: order, outputs, metadata, size
# ---------------------------------------------------------------------------

def order_problems(notebook):
    problems = []
    expected = 1
    for index, _, cell in code_cells(notebook):
        if not cell.source.strip():
            problems.append(f"cell {index} is an empty code cell")
            continue
        if cell.execution_count != expected:
            problems.append(f"{describe(index, cell)} has execution count {cell.execution_count}, "
                            f"expected {expected} (run the notebook top to bottom in a fresh kernel)")
            expected = (cell.execution_count or expected) + 1
        else:
            expected += 1
    return problems


def output_problems(notebook):
    problems = []
    for index, _, cell in code_cells(notebook):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                problems.append(f"{describe(index, cell)} has an error output: {output.get('ename')}: "
                                f"{output.get('evalue', '')[:200]}")
            elif output.get("output_type") == "stream" and output.get("name") == "stderr":
                first = output.get("text", "").strip().splitlines()[:1]
                problems.append(f"{describe(index, cell)} writes to stderr: {first[0][:200] if first else ''!r}")
    return problems


def cut_off_problems(notebook):
    """Figures are saved whole, at their own size (no tight bounding box), so a title, label or legend
    that does not fit the figure is cut at its edge: ink on the image's outermost rows or columns."""
    problems = []
    for index, _, cell in code_cells(notebook):
        for output in cell.get("outputs", []):
            png = output.get("data", {}).get("image/png")
            if not png:
                continue
            image = np.asarray(Image.open(io.BytesIO(base64.b64decode(png))).convert("RGB")).astype(int)
            edges = {"top": image[0], "bottom": image[-1], "left": image[:, 0], "right": image[:, -1]}
            inked = {side: int((np.abs(pixels - image[0, 0]).sum(axis=1) > 60).sum()) for side, pixels in edges.items()}
            for side, count in inked.items():
                if count:
                    problems.append(f"{describe(index, cell)} draws a figure cut off at its {side} edge "
                                    f"({count} pixels of ink there): widen that margin, or use "
                                    "subplots(layout='constrained') and a legend inside the figure")
    return problems


# A cell's value shown by accident: matplotlib's return values (``ax.set(...)`` gives a list
# of Text objects, ``ax.plot`` a list of Line2D), which say nothing to a student. nbval
# accepts them once they are stored, so only a look at the stored text catches them.
STRAY_VALUE = re.compile(r"^\[?<?(matplotlib\.|Text\(|Line2D|<matplotlib|Axes|AxesSubplot)")


def stray_value_problems(notebook):
    problems = []
    for index, _, cell in code_cells(notebook):
        for output in cell.get("outputs", []):
            if output.get("output_type") != "execute_result":
                continue
            text = output.get("data", {}).get("text/plain", "")
            if STRAY_VALUE.match(text):
                problems.append(f"{describe(index, cell)} shows a stray return value {text[:60]!r}: "
                                "assign it (ax = ...) so the cell shows only what it draws or prints")
    return problems


def metadata_problems(notebook):
    problems = []
    if "widgets" in notebook.metadata:
        problems.append("the notebook metadata holds widget state (metadata.widgets): run nbstripout")
    for index, cell in enumerate(notebook.cells):
        for key in ("execution", "ExecuteTime"):
            if key in cell.get("metadata", {}):
                problems.append(f"{describe(index, cell)} holds execution timestamps (metadata.{key}): run nbstripout")
    return problems


def trailing_semicolon_problems(notebook):
    """nbval ignores a trailing ``;``: a cell ending in one shows the value under nbval."""
    problems = []
    for index, _, cell in code_cells(notebook):
        lines = [line.split("#")[0].rstrip() for line in cell.source.splitlines()]
        lines = [line for line in lines if line]
        if lines and lines[-1].endswith(";"):
            problems.append(f"{describe(index, cell)} ends with ';', which nbval ignores: assign the value "
                            "or call something that returns None")
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_committed_executed_in_order(path):
    problems = order_problems(read(path))
    assert not problems, report(path, problems)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_no_error_or_stderr_output(path):
    problems = output_problems(read(path))
    assert not problems, report(path, problems)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_no_widget_state_or_timestamps(path):
    problems = metadata_problems(read(path))
    assert not problems, report(path, problems)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_at_most_one_mebibyte(path):
    size = path.stat().st_size
    assert size <= MAX_BYTES, f"{path.name} is {size / 1024:.0f} KiB, more than {MAX_BYTES // 1024} KiB"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_no_stray_return_values(path):
    problems = stray_value_problems(read(path))
    assert not problems, report(path, problems)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_no_figure_is_cut_off_at_its_edges(path):
    problems = cut_off_problems(read(path))
    assert not problems, report(path, problems)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_no_cell_ends_with_a_semicolon(path):
    problems = trailing_semicolon_problems(read(path))
    assert not problems, report(path, problems)


# ---------------------------------------------------------------------------
# Markdown: headings, anchors, links
# ---------------------------------------------------------------------------

FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.DOTALL)
HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$", re.MULTILINE)
HTML_HEADING = re.compile(r"<h([1-6])[^>]*>(.*?)</h\1>", re.IGNORECASE | re.DOTALL)
HTML_ANCHOR = re.compile(r"<a\s[^>]*\b(?:id|name)\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)
INLINE_LINK = re.compile(r"!?\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")
REFERENCE_LINK = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+[\"'(].*)?$", re.MULTILINE)
HTML_LINK = re.compile(r"<(?:a|img)\s[^>]*\b(?:href|src)\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)


def without_code(markdown):
    """Markdown with fenced blocks removed (a link or a heading in code is not one)."""
    return FENCE.sub("", markdown)


def text_content(inline):
    """Roughly what the browser's ``textContent`` of a rendered Markdown heading is."""
    text = CODE_SPAN.sub(lambda match: match.group(2).strip(), inline)
    text = INLINE_LINK.sub(lambda match: match.group(1), text)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)
    text = re.sub(r"(?<![\w])_(?!\s)(.+?)(?<!\s)_(?![\w])", r"\1", text)
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!])", r"\1", text)
    return html.unescape(text).strip()


def jupyterlab_slug(heading_text):
    """The anchor JupyterLab gives a heading: its text with every space replaced by '-'."""
    return text_content(heading_text).replace(" ", "-")


def headings(notebook):
    """``(level, text)`` of every Markdown heading, in order."""
    found = []
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        source = without_code(cell.source)
        for match in sorted([*HEADING.finditer(source), *HTML_HEADING.finditer(source)], key=lambda m: m.start()):
            level = len(match.group(1)) if match.group(1).startswith("#") else int(match.group(1))
            found.append((level, match.group(2)))
    return found


def anchors(notebook):
    """Every anchor a link can point to in this notebook."""
    names = {jupyterlab_slug(text) for _, text in headings(notebook)}
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            names.update(HTML_ANCHOR.findall(cell.source))
    return names


def links(cell):
    """The link targets of a Markdown cell, code spans and fenced code left out."""
    source = CODE_SPAN.sub("", without_code(cell.source))
    return [*(match.group(2) for match in INLINE_LINK.finditer(source)),
            *REFERENCE_LINK.findall(source), *HTML_LINK.findall(source)]


def link_problems(path, *, root=REPO):
    """Every relative link must reach a file in the repository ``root``, and every anchor a heading."""
    path = Path(path).resolve()
    notebook = read(path)
    own_anchors = anchors(notebook)
    problems = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "markdown":
            continue
        for target in links(cell):
            parts = urlsplit(target)
            if parts.scheme or parts.netloc:
                continue  # a web address: not checked (no network in the tests)
            where = f"cell {index}: link {target!r}"
            anchor = unquote(parts.fragment)
            if not parts.path:
                if anchor not in own_anchors:
                    problems.append(f"{where}: no heading here has the anchor {anchor!r} "
                                    f"(JupyterLab anchors: {sorted(own_anchors)[:12]})")
                continue
            linked = (path.parent / unquote(parts.path)).resolve()
            if not linked.is_relative_to(root):
                problems.append(f"{where}: points outside the repository")
            elif not linked.exists():
                problems.append(f"{where}: {linked.relative_to(root)} does not exist")
            elif anchor and linked.suffix == ".ipynb":
                if anchor not in anchors(read(linked)):
                    problems.append(f"{where}: {linked.name} has no heading with the anchor {anchor!r}")
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_links_resolve(path):
    problems = link_problems(path)
    assert not problems, report(path, problems)


# ---------------------------------------------------------------------------
# The lesson template, and the index
# ---------------------------------------------------------------------------

def normalise(title):
    return text_content(title).replace("\u2019", "'").strip().rstrip(":").casefold()


def linked_notebooks(cells, folder):
    """Names of the series' notebooks linked from ``cells``."""
    names = []
    for cell in cells:
        if cell.cell_type == "markdown":
            for target in links(cell):
                parts = urlsplit(target)
                name = Path(unquote(parts.path)).name
                if not parts.scheme and re.fullmatch(r"\d\d_.*\.ipynb", name):
                    names.append(name)
    return names


def section(notebook, title):
    """The cells from the level-2 heading ``title`` up to the next heading of level 1 or 2."""
    cells, inside = [], False
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for level, text in headings(new_notebook(cells=[cell])):
                if level <= 2:
                    inside = normalise(text) == normalise(title)
        if inside:
            cells.append(cell)
    return cells


def lessons_listed_in_index():
    """Lesson number -> file name, as the start-here notebook links them."""
    return {number(name): name for name in linked_notebooks(read(INDEX).cells, INDEX.parent)
            if not name.startswith("00_")}


def template_problems(path, listed=None):
    notebook = read(path)
    problems = []
    found = headings(notebook)
    if not found or found[0][0] != 1:
        problems.append("the first heading is not a level-1 title")
    titles = {normalise(text) for level, text in found if level == 2}
    for title in TEMPLATE_SECTIONS:
        if normalise(title) not in titles:
            problems.append(f"no '## {title}' section")
    linked = linked_notebooks(notebook.cells, Path(path).parent)
    if "00_start_here.ipynb" not in linked:
        problems.append("no link back to 00_start_here.ipynb")
    listed = lessons_listed_in_index() if listed is None else listed
    onward = listed.get(number(path) + 1)
    next_links = linked_notebooks(section(notebook, "Next"), Path(path).parent)
    if onward and onward not in next_links:
        problems.append(f"the Next section does not link onward to {onward}")
    if not onward and not next_links:
        problems.append("the Next section links to no other notebook (the last lesson links back)")
    exercises = exercise_cells(section(notebook, "Exercises"))
    if len(exercises) < MIN_EXERCISES:
        problems.append(f"{len(exercises)} exercise check cell(s) under '## Exercises', at least {MIN_EXERCISES} expected")
    return problems


def exercise_cells(cells):
    """The code cells among ``cells`` that call a ``check_...`` helper, each with the cell after it."""
    found = []
    for position, cell in enumerate(cells):
        if cell.cell_type == "code" and called_checks(cell.source):
            found.append((cell, cells[position + 1] if position + 1 < len(cells) else None))
    return found


def exercise_problems(path):
    """Each exercise cell holds a marked solution (docs/CONVENTIONS.md) and its stored check says right.

    The lesson is the instructors' edition: its exercise cells carry the ``solution``
    tag and a ``### BEGIN SOLUTION`` ... ``### END SOLUTION`` region (the student
    edition stubs it out), so the stored output of each check says "right!".
    """
    notebook = read(path)
    problems = []
    for cell, _ in exercise_cells(section(notebook, "Exercises")):
        index = notebook.cells.index(cell)
        if "solution" not in cell.metadata.get("tags", []):
            problems.append(f"{describe(index, cell)}: an exercise cell should carry the 'solution' tag")
        try:
            found = student_edition.regions(cell.source)
        except student_edition.MarkerError as error:
            problems.append(f"{describe(index, cell)}: {error}")
            found = [None]
        if not found:
            problems.append(f"{describe(index, cell)}: no {student_edition.BEGIN} ... {student_edition.END} region")
        for region in found:
            if region and not region[2] and not re.search(r"^answer\s*=", "\n".join(
                    cell.source.splitlines()[region[0]:region[1]]), re.MULTILINE):
                problems.append(f"{describe(index, cell)}: a top-level solution region must assign 'answer' "
                                "(its stub is 'answer = ...')")
        text = "".join(output.get("text", "") for output in cell.get("outputs", []))
        if RIGHT not in text:
            problems.append(f"{describe(index, cell)}: as committed its check should say '{RIGHT}', "
                            f"not {text.strip()[:80]!r}")
    for index, cell in enumerate(notebook.cells):
        tagged = "solution" in cell.metadata.get("tags", [])
        if cell.cell_type == "markdown" and "<details" in cell.source and not tagged:
            problems.append(f"{describe(index, cell)}: a folded solution should carry the 'solution' tag")
        if cell.cell_type == "code" and student_edition.BEGIN in cell.source and not tagged:
            problems.append(f"{describe(index, cell)}: solution markers in a cell without the 'solution' tag")
    return problems


def index_problems(path=INDEX):
    notebook = read(path)
    problems = []
    listed = lessons_listed_in_index()
    missing = sorted(set(range(1, 7)) - set(listed))
    if missing:
        problems.append(f"lessons {missing} are not linked from the lesson list")
    for lesson in notebook_paths(Path(path).parent):
        if lesson.name != Path(path).name and listed.get(number(lesson)) != lesson.name:
            problems.append(f"{lesson.name} exists but the index links {listed.get(number(lesson))!r} for lesson "
                            f"{number(lesson)}")
    if not any(normalise(text) == normalise("The lessons") for _, text in headings(notebook)):
        problems.append("no '## The lessons' section")
    return problems


@pytest.mark.parametrize("path", LESSONS, ids=lesson_ids)
def test_lesson_follows_the_template(path):
    problems = template_problems(path)
    assert not problems, report(path, problems)


@pytest.mark.parametrize("path", LESSONS, ids=lesson_ids)
def test_exercises_hold_marked_solutions_that_check_right(path):
    problems = exercise_problems(path)
    assert not problems, report(path, problems)


def test_index_lists_and_links_every_lesson():
    problems = index_problems()
    assert not problems, report(INDEX, problems)


# ---------------------------------------------------------------------------
# Exercise checks: they exist, answer '...' with 'no answer yet', are tested
# ---------------------------------------------------------------------------

def parse(source):
    """A cell's AST, IPython magics and shell escapes blanked out."""
    lines = ["" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()]
    try:
        return ast.parse("\n".join(lines))
    except SyntaxError:
        return ast.parse("")


def called_checks(source):
    return sorted({node.func.id for node in ast.walk(parse(source))
                   if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                   and node.func.id.startswith("check_")})


def imported_checks(notebook):
    """Name -> module of every ``check_...`` imported in the notebook's code cells."""
    imported = {}
    for _, _, cell in code_cells(notebook):
        for node in ast.walk(parse(cell.source)):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("sgd_lesson"):
                for alias in node.names:
                    if (alias.asname or alias.name).startswith("check_"):
                        imported[alias.asname or alias.name] = (node.module, alias.name)
    return imported


def check_problems(path, *, tests_folder=REPO / "tests", to_test=None):
    """What is wrong with the checks ``path`` calls. Given a dict ``to_test``, the checks go into it
    as {test file: [(name, module, module file)]} for one :func:`verdict_problems` run for every
    lesson, instead of a run here."""
    notebook = read(path)
    imported = imported_checks(notebook)
    problems = []
    collect = {} if to_test is None else to_test
    called = sorted({name for _, _, cell in code_cells(notebook) for name in called_checks(cell.source)})
    for name in called:
        if name not in imported:
            problems.append(f"{name} is called but not imported from sgd_lesson (a private copy in the notebook?)")
            continue
        module_name, real_name = imported[name]
        if real_name == "check_environment":
            continue
        expected_module = f"sgd_lesson.checks.lesson{number(path)}"
        if module_name != expected_module:
            problems.append(f"{name} comes from {module_name}, expected the lesson's own {expected_module}")
        try:
            module = importlib.import_module(module_name)
            function = getattr(module, real_name)
        except (ImportError, AttributeError) as error:
            problems.append(f"{name}: cannot import it from {module_name} ({error})")
            continue
        printed = io.StringIO()
        try:
            with contextlib.redirect_stdout(printed):
                returned = function(...)
        except Exception as error:  # noqa: BLE001 - any failure is the finding
            problems.append(f"{real_name}(...) raised {type(error).__name__}: {error}")
            returned = None
        if NO_ANSWER not in printed.getvalue():
            problems.append(f"{real_name}(...) printed {printed.getvalue()[:120]!r}, expected '{NO_ANSWER}'")
        if returned is not None:
            problems.append(f"{real_name}(...) returned {returned!r}: a check must print and return None")
        test_file = tests_folder / f"test_checks_{module_name.rsplit('.', 1)[-1]}.py"
        collect.setdefault(test_file, []).append((real_name, module_name, module.__file__))
    if to_test is None:
        problems += verdict_problems(collect)
    return problems


def recorded_verdicts(test_files, checks):
    """Run ``test_files`` in one pytest with every check in ``checks`` (``[(name, module, module
    file)]``) recorded: ``(pytest's exit status and output, {"module:name": [[verdict, text], ...]})``."""
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch, "verdicts.json")
        env = {**os.environ, "CHECK_RECORDER_CHECKS": json.dumps(checks), "CHECK_RECORDER_OUT": str(out),
               "PYTHONPATH": os.pathsep.join(filter(None, [str(Path(__file__).parent), os.environ.get("PYTHONPATH")]))}
        run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "check_recorder", "-p", "no:xdist",
                              "-p", "no:cacheprovider", "--rootdir", str(REPO), *map(str, test_files)],
                             cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
        recorded = json.loads(out.read_text()) if out.exists() else {}
    return (run.returncode, run.stdout + run.stderr), recorded


def verdict_problems(to_test):
    """Each check must be called by its tests with an answer it calls right and one it calls wrong.

    ``to_test``: {test file: [(name, module, module file)]}, as :func:`check_problems` collects it.
    """
    problems = [f"{name} has no tests: tests/{test_file.name} does not exist"
                for test_file, checks in to_test.items() if not test_file.exists() for name, _, _ in checks]
    present = {test_file: checks for test_file, checks in to_test.items() if test_file.exists()}
    if not present:
        return problems
    (status, output), recorded = recorded_verdicts(sorted(present), [c for cs in present.values() for c in cs])
    if status != 0:
        names = ", ".join(f"tests/{test_file.name}" for test_file in sorted(present))
        return [*problems, f"{names} fail when run on their own (exit status {status}):\n{output[-2000:]}"]
    for test_file, checks in present.items():
        for name, module_name, _ in checks:
            said = {verdict for verdict, _ in recorded.get(f"{module_name}:{name}", [])}
            for verdict, words in (("right", "right!"), ("wrong", "not yet")):
                if verdict not in said:
                    problems.append(f"{name} is never given, in tests/{test_file.name}, an answer it calls {verdict} "
                                    f"(it never prints '{words}'; it said {sorted(said) or 'nothing'}): test it "
                                    "with a right and a wrong answer")
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_exercise_checks_exist_and_answer_no_answer_yet(path):
    problems = check_problems(path, to_test={})
    assert not problems, report(path, problems)


def test_every_check_is_tested_with_a_right_and_a_wrong_answer():
    """One pytest run of every lesson's check tests, each check a notebook calls recorded."""
    to_test = {}
    for path in NOTEBOOKS:
        check_problems(path, to_test=to_test)
    assert to_test, "no notebook calls a check: is the gate looking in the right place?"
    problems = verdict_problems(to_test)
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------------------
# nbval markers: which cells escape the comparison, and why
# ---------------------------------------------------------------------------

MARKERS = re.compile(r"^\s*#\s*(NBVAL_\w+|PYTEST_VALIDATE_IGNORE_OUTPUT)\s*$", re.MULTILINE)
TAGS = {"nbval-ignore-output", "nbval-skip", "nbval-raises-exception", "raises-exception", "nbval-check-output"}


def marked_cells(notebook):
    """``(index, cell, markers)`` for each code cell with an nbval comment marker or tag."""
    found = []
    for index, _, cell in code_cells(notebook):
        markers = sorted(set(MARKERS.findall(cell.source)) | (set(cell.metadata.get("tags", [])) & TAGS))
        if markers:
            found.append((index, cell, markers))
    return found


def is_explorer(cell):
    return "Explorer(" in cell.source or any(WIDGET_VIEW in output.get("data", {}) for output in cell.outputs)


def marker_problems(path):
    notebook = read(path)
    problems = []
    torch_cells = 0
    for index, cell, markers in marked_cells(notebook):
        comments = MARKERS.findall(cell.source)
        if comments:
            problems.append(f"{describe(index, cell)} carries {comments} as a comment in the code students read: "
                            "use the cell tag (nbval-ignore-output ...) instead")
        elif markers != ["nbval-ignore-output"]:
            problems.append(f"{describe(index, cell)} carries {markers}: only the nbval-ignore-output tag is allowed")
        elif is_explorer(cell):
            continue
        elif re.search(r"\btorch\b", cell.source) and torch_cells < OPTIONAL_TORCH_CELLS.get(number(path), 0):
            torch_cells += 1
        else:
            problems.append(f"{describe(index, cell)} ignores its output but is neither a widget explorer "
                            "nor the optional torch cell")
    return problems


def test_list_cells_whose_output_nbval_ignores():
    """The list of cells that escape nbval's comparison, printed (``pytest -s``) and checked."""
    listing, problems = [], []
    for path in NOTEBOOKS:
        notebook = read(path)
        for index, cell, markers in marked_cells(notebook):
            kind = (" (widget explorer)" if is_explorer(cell)
                    else " (torch cell)" if re.search(r"\btorch\b", cell.source) else "")
            listing.append(f"{path.name} {describe(index, cell)}: {', '.join(markers)}{kind}")
        problems += [f"{path.name}: {problem}" for problem in marker_problems(path)]
    print("Cells whose output nbval ignores:\n  " + ("\n  ".join(listing) or "none"))
    assert not problems, "\n".join(problems) + "\nAll marked cells:\n  " + "\n  ".join(listing)


# ---------------------------------------------------------------------------
# The gates themselves catch what they are for
# ---------------------------------------------------------------------------

def test_jupyterlab_slugs():
    assert jupyterlab_slug("What you'll learn") == "What-you'll-learn"
    assert jupyterlab_slug("The `2 / lambda_max` limit") == "The-2-/-lambda_max-limit"
    assert jupyterlab_slug("**Step 2:** a [loop](x.ipynb)") == "Step-2:-a-loop"


def test_the_hygiene_gates_catch_a_broken_notebook(tmp_path):
    cells = [
        new_markdown_cell("# Break things\n[Start](00_start_here.ipynb) | [gone](07_missing.ipynb) | "
                          "[up](#Break-things) | [nowhere](#break-things) | [web](https://example.org) | "
                          "[file](../pyproject.toml) | `[code](not_a_link.ipynb)`"),
        new_code_cell("x = 1", execution_count=1),
        new_code_cell("import sys\nprint('oops', file=sys.stderr)\nx;", execution_count=3),
        new_code_cell("# NBVAL_IGNORE_OUTPUT\nprint('hidden')", execution_count=4),
        new_code_cell("1 / 0", execution_count=5),
    ]
    cells[2].outputs = [new_output("stream", name="stderr", text="oops\n")]
    cells[2].metadata["execution"] = {"iopub.execute_input": "2024-01-01T00:00:00Z"}
    cells[4].outputs = [new_output("error", ename="ZeroDivisionError", evalue="division by zero", traceback=[])]
    notebook = new_notebook(cells=cells, metadata={"widgets": {"state": {}}})
    folder = tmp_path / "notebooks"
    folder.mkdir()
    (folder / "00_start_here.ipynb").write_text(nbformat.writes(new_notebook()))
    path = folder / "07_break.ipynb"
    nbformat.write(notebook, str(path))

    order = order_problems(notebook)
    assert len(order) == 1 and "execution count 3, expected 2" in order[0]
    outputs = output_problems(notebook)
    assert len(outputs) == 2 and "stderr" in outputs[0] and "ZeroDivisionError" in outputs[1]
    meta = metadata_problems(notebook)
    assert len(meta) == 2 and "widget state" in meta[0] and "timestamps" in meta[1]
    assert len(trailing_semicolon_problems(notebook)) == 1
    stray = new_notebook(cells=[new_code_cell("ax.set(xlabel='x')", execution_count=1)])
    stray.cells[0].outputs = [new_output("execute_result", data={"text/plain": "[Text(0.5, 0, 'x')]"},
                                         execution_count=1)]
    assert len(stray_value_problems(stray)) == 1 and "stray return value" in stray_value_problems(stray)[0]
    assert not stray_value_problems(notebook)
    link = link_problems(path, root=tmp_path)
    assert len(link) == 3, link  # 07_missing, #break-things and ../pyproject.toml (outside this tmp repo)
    assert "07_missing.ipynb" in link[0] and "'break-things'" in link[1]
    template = "\n".join(template_problems(path, listed={7: "07_break.ipynb", 8: "08_more.ipynb"}))
    for title in TEMPLATE_SECTIONS:
        assert f"'## {title}'" in template
    assert "onward to 08_more.ipynb" in template and "0 exercise" in template
    markers = marker_problems(path)
    assert len(markers) == 1 and "cell 3 (" in markers[0] and "as a comment" in markers[0]


def test_the_cut_off_gate_finds_a_legend_outside_the_figure():
    import matplotlib
    matplotlib.use("agg")
    from sgd_lesson.figures import subplots

    def stored(legend_outside):
        fig, ax = subplots()
        ax.plot([0, 1], [0, 1], label="a label long enough to reach past the edge")
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0) if legend_outside else None)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")  # whole, as the inline backend now saves the lessons' figures
        matplotlib.pyplot.close(fig)
        cell = new_code_cell("plot()", execution_count=1)
        cell.outputs = [new_output("display_data", data={"image/png": base64.b64encode(buffer.getvalue()).decode(),
                                                         "text/plain": "<Figure>"})]
        return new_notebook(cells=[cell])

    problems = cut_off_problems(stored(legend_outside=True))
    assert len(problems) == 1 and "cut off at its right edge" in problems[0]
    assert cut_off_problems(stored(legend_outside=False)) == []


def test_the_marker_gate_wants_tags_and_only_on_explorers(tmp_path):
    cells = [new_code_cell("print('hidden')", metadata={"tags": ["nbval-ignore-output"]}),
             new_code_cell("explorer = Explorer(draw, controls)\nexplorer",
                           metadata={"tags": ["nbval-ignore-output"]}),
             new_code_cell("1 / 0", metadata={"tags": ["raises-exception"]})]
    path = tmp_path / "07_tags.ipynb"
    nbformat.write(new_notebook(cells=cells), str(path))
    problems = marker_problems(path)
    assert len(problems) == 2, problems
    assert "cell 0 (" in problems[0] and "neither a widget explorer" in problems[0]
    assert "cell 2 (" in problems[1] and "only the nbval-ignore-output tag" in problems[1]


FAKE_CHECKS = """
from sgd_lesson.checks import verdict


def check_good(answer):
    verdict("Exercise 1.1", answer, correct=lambda a: a == 2, right="Yes.", hint="Add them.")


def check_only_right(answer):
    verdict("Exercise 1.2", answer, correct=lambda a: a == 4, right="Yes.", hint="Square it.")


def check_only_wrong(answer):
    verdict("Exercise 1.3", answer, correct=lambda a: a == 8, right="Yes.", hint="Cube it.")


def check_chatty(answer):
    print("Exercise 1.4: try again")
    return False
"""

FAKE_TESTS = """
import pytest

from sgd_lesson.checks.lesson1 import check_chatty, check_good, check_only_right, check_only_wrong


def test_good():
    check_good(2)
    check_good(3)


@pytest.mark.parametrize("check", [check_only_right, check_only_wrong, check_chatty])
def test_unanswered(check):
    check(...)


def test_only_right():  # names check_only_wrong in a comment, as an import would: not a test of it
    check_only_right(4)


def test_only_wrong():
    check_only_wrong(7)
    check_chatty(1)
"""


def test_the_check_gate_catches_untested_and_missing_checks(tmp_path, monkeypatch):
    """A stand-in lesson module (a file, so the recorder's subprocess loads it too) and its tests."""
    module_file = tmp_path / "fake_lesson1.py"
    module_file.write_text(FAKE_CHECKS)
    spec = importlib.util.spec_from_file_location("sgd_lesson.checks.lesson1", module_file)
    lesson = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(lesson)
    monkeypatch.setitem(sys.modules, "sgd_lesson.checks.lesson1", lesson)
    folder = tmp_path / "tests"
    folder.mkdir()
    (folder / "test_checks_lesson1.py").write_text(FAKE_TESTS)
    names = ["check_chatty", "check_good", "check_only_right", "check_only_wrong"]
    notebook = new_notebook(cells=[
        new_code_cell("from sgd_lesson import check_environment\n\ncheck_environment()"),
        new_code_cell(f"from sgd_lesson.checks.lesson1 import {', '.join(names)}\n"
                      "from sgd_lesson.checks import verdict as check_private"),
        *[new_code_cell(f"answer = ...\n{name}(answer)") for name in names],
        new_code_cell("answer = ...\ncheck_private(answer)"),
        new_code_cell("answer = ...\ncheck_unknown(answer)"),
    ])
    path = tmp_path / "01_checks.ipynb"
    nbformat.write(notebook, str(path))
    problems = check_problems(path, tests_folder=folder)
    text = "\n".join(problems)
    assert "check_good" not in text, text
    assert "check_chatty(...) printed 'Exercise 1.4: try again" in text
    assert "check_chatty(...) returned False" in text
    assert "check_chatty is never given, in tests/test_checks_lesson1.py, an answer it calls right" in text
    assert "check_chatty is never given, in tests/test_checks_lesson1.py, an answer it calls wrong" in text
    assert "check_only_right is never given, in tests/test_checks_lesson1.py, an answer it calls wrong" in text
    assert "check_only_wrong is never given, in tests/test_checks_lesson1.py, an answer it calls right" in text
    assert "check_private comes from sgd_lesson.checks, expected the lesson's own" in text
    assert "verdict(...) raised TypeError" in text
    assert "check_unknown is called but not imported" in text
    assert "verdict has no tests: tests/test_checks_checks.py does not exist" in text
    assert len(problems) == 11, text
    # The old gate counted mentions of the name: each of these is named at least twice above.
    for name in ("check_only_right", "check_only_wrong"):
        assert FAKE_TESTS.count(name) >= 2


def test_the_check_gate_says_when_the_tests_fail_or_are_missing(tmp_path, monkeypatch):
    module_file = tmp_path / "fake_lesson1.py"
    module_file.write_text(FAKE_CHECKS)
    checks = [("check_good", "sgd_lesson.checks.lesson1", str(module_file))]
    failing = tmp_path / "test_checks_lesson1.py"
    failing.write_text("from sgd_lesson.checks.lesson1 import check_good\n\n\n"
                       "def test_good():\n    check_good(2)\n    check_good(3)\n    assert False\n")
    problems = verdict_problems({failing: checks})
    assert len(problems) == 1 and "fail when run on their own" in problems[0], problems
    assert verdict_problems({tmp_path / "test_checks_lesson9.py": checks}) == [
        "check_good has no tests: tests/test_checks_lesson9.py does not exist"]


def test_the_exercise_gate_wants_a_marked_solution_that_checks_right(tmp_path):
    unmarked = new_code_cell("answer = ...\ncheck_x(answer)", execution_count=1)
    unmarked.outputs = [new_output("stream", name="stdout", text="Exercise 1.1: no answer yet.\n")]
    wrong = new_code_cell("### BEGIN SOLUTION\nvalue = 3\n### END SOLUTION\ncheck_y(value)", execution_count=2,
                          metadata={"tags": ["solution"]})
    wrong.outputs = [new_output("stream", name="stdout", text="Exercise 1.2: not yet.\n")]
    good = new_code_cell("# a float\n### BEGIN SOLUTION\nanswer = 2\n### END SOLUTION\ncheck_z(answer)",
                         execution_count=3, metadata={"tags": ["solution"]})
    good.outputs = [new_output("stream", name="stdout", text="Exercise 1.3: right! Yes.\n")]
    notebook = new_notebook(cells=[new_markdown_cell("## Exercises"), unmarked, wrong, good,
                                   new_markdown_cell("<details>why</details>")])
    path = tmp_path / "01_x.ipynb"
    nbformat.write(notebook, str(path))
    text = "\n".join(exercise_problems(path))
    for expected in ("cell 1 ('answer = ...'): an exercise cell should carry the 'solution' tag",
                     "cell 1 ('answer = ...'): no ### BEGIN SOLUTION", "should say 'right!', not 'Exercise 1.1",
                     "must assign 'answer'", "should say 'right!', not 'Exercise 1.2",
                     "cell 4 ('<details>why</details>'): a folded solution should carry the 'solution' tag"):
        assert expected in text, (expected, text)
    assert "cell 3" not in text, text
