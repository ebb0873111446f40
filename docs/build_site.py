"""Build the static website of the series from the stored notebooks (``make site``).

Usage: ``python docs/build_site.py [--out DIR] [--repository URL] [NOTEBOOK ...]``
(default: every ``notebooks/NN_*.ipynb`` into ``build/site/``).

Nothing is executed: every output on the site is the one stored in the notebook, the
one strict nbval checked. The build has two steps.

1. **Stage** the pages into ``<out>-work/src/`` (next to the site): the hand-written pages
   of ``docs/`` (home, instructors), each notebook prepared for a static page, a
   lesson list for the home page, the run-time table for the instructors' page and
   the API reference, all generated from what is in the repository now:

   - cells tagged ``solution`` fold: a code cell behind "Show the solution" (its source
     and its output, where the check's "right!" and remark would tell the answer too), a
     Markdown cell inside a ``<details>`` block (one already written as ``<details>`` is
     left as it is); so do the lecture's speaker notes (Markdown cells of slide type
     ``notes``), which hold the answers to the questions put to the class;
   - a widget's output keeps only its static figure (a page has no kernel to draw the
     widget: its text repr, ``VBox(children=...)``, would be all that shows), and a note
     under it says so and how to get the explorer live;
   - consecutive stream outputs are joined and blank ones dropped, so no empty output
     box appears;
   - a relative link to a file that is not a page of the site (``../README.md``) points
     at that file in the repository when the repository's address is set, and is plain
     text otherwise.

   Any other Markdown file in ``docs/`` (the instructors' guide, the conventions) becomes
   a page too, its links treated the same way.

2. **Build** with Sphinx, MyST-NB and sphinx-book-theme (``docs/conf.py``), warnings as
   errors, into ``<out>/``. The site loads nothing from another host: MathJax is served
   from the site (``sphinx-mathjax-offline``), and so are the theme's fonts and icons.

``make test-site`` checks the result in a browser (``tests/site/site_e2e.py``).
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import pkgutil
import re
import shutil
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(ROOT / "tools"))
import launch_links  # noqa: E402

NOTEBOOK_GLOB = launch_links.NOTEBOOK_GLOB
PAGES = ("index.md", "instructors.md")
TIMES_FILE = ROOT / "benchmarks" / "notebook_times.json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
IMAGES = ("image/png", "image/jpeg", "image/svg+xml")
SOLUTION_TAG = "solution"
EXPLORER_NOTE_CLASS = "explorer-note"
INLINE_LINK = re.compile(r"(!?\[(?:[^\[\]]|\[[^\]]*\])*\])\(\s*<?([^)\s>]+)>?((?:\s+\"[^\"]*\")?)\s*\)")
NBVAL_MARKER = re.compile(r"^[ \t]*#[ \t]*NBVAL_\w+[ \t]*\n?", re.MULTILINE)
CODE = re.compile(r"^(```|~~~).*?^\1[^\n]*$|(`+).+?\2", re.MULTILINE | re.DOTALL)  # fenced blocks, code spans


class SiteError(Exception):
    """Something in the notebooks that the site cannot show as the issue asks."""


# ---------------------------------------------------------------- notebooks for a static page

def jupyterlab_slug(text):
    """The anchor JupyterLab gives a heading (its text, every space a '-'), for MyST's heading anchors."""
    return text.strip().replace(" ", "-")


def fold_solutions(notebook):
    """Fold every cell tagged ``solution``: code and output behind a button, Markdown in ``<details>``."""
    for cell in notebook.cells:
        if SOLUTION_TAG not in cell.metadata.get("tags", []):
            continue
        if cell.cell_type == "code":
            tags = cell.metadata.setdefault("tags", [])
            if "hide-cell" not in tags:
                tags.append("hide-cell")  # the code and its output: "right!" and the check's remark tell too
            cell.metadata["mystnb"] = {"code_prompt_show": "Show the solution",
                                       "code_prompt_hide": "Hide the solution"}
        elif cell.cell_type == "markdown" and "<details" not in cell.source:
            cell.source = ('<details class="solution">\n<summary>Solution</summary>\n\n'
                           f"{cell.source.strip()}\n\n</details>")


def fold_speaker_notes(notebook):
    """Fold the lecture's speaker notes (slide type ``notes``): what to say and ask, with the answers."""
    for cell in notebook.cells:
        if (cell.cell_type == "markdown" and cell.metadata.get("slideshow", {}).get("slide_type") == "notes"
                and "<details" not in cell.source):
            cell.source = ('<details class="speaker-notes">\n<summary>Notes for the lecturer</summary>\n\n'
                           f"{cell.source.strip()}\n\n</details>")


def explorer_note(launch):
    how = ("open this lesson with the Binder or Colab button at the top of the page, or "
           if launch else "")
    return (f":::{{admonition}} This explorer needs a running notebook\n:class: note {EXPLORER_NOTE_CLASS}\n\n"
            "A static page cannot run widgets: the figure above is the explorer at its starting "
            f"values, and it has no sliders here. To move them, {how}run the lesson in JupyterLab "
            "on your machine (`make lesson`, see the [home page](index.md)).\n:::")


def static_widgets(notebook, launch):
    """Keep each widget's static figure, drop its text repr, and add a note beside it."""
    cells = []
    for cell in notebook.cells:
        cells.append(cell)
        if cell.cell_type != "code":
            continue
        outputs = cell.get("outputs", [])
        if not any(WIDGET_VIEW in output.get("data", {}) for output in outputs):
            continue
        kept = [output for output in outputs if WIDGET_VIEW not in output.get("data", {})]
        if not any(mime in output.get("data", {}) for output in kept for mime in IMAGES):
            raise SiteError(f"{notebook.metadata.get('site_name')}: a widget cell has no static figure "
                            f"to show on a page: {cell.source.strip().splitlines()[-1]!r}")
        cell.outputs = kept
        cells.append(nbformat.v4.new_markdown_cell(explorer_note(launch)))
    notebook.cells = cells


def tidy_streams(notebook):
    """Join consecutive stream outputs of one name and drop blank ones (no empty output boxes)."""
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        joined = []
        for output in cell.get("outputs", []):
            previous = joined[-1] if joined else None
            if (output.output_type == "stream" and previous is not None
                    and previous.output_type == "stream" and previous.name == output.name):
                previous.text += output.text
            else:
                joined.append(output)
        cell.outputs = [output for output in joined
                        if not (output.output_type == "stream" and not output.text.strip())]


def rewrite_links(markdown, resolve):
    """``markdown`` with each inline link's target passed through ``resolve`` (code left alone).

    ``resolve(target)`` returns the new target, or ``None`` to leave the link's text alone.
    """

    def replace(match):
        label, target, title = match.groups()
        new = resolve(target)
        if new is None:
            return label[1:-1] if not label.startswith("!") else ""
        return f"{label}({new}{title})"

    # A link inside a code block or code span is code: hide the code while the links are
    # rewritten (a code span inside a link's text, [`loss.backward()`](...), stays in its link).
    code = []

    def hide(match):
        code.append(match.group(0))
        return f"\0{len(code) - 1}\0"

    rewritten = INLINE_LINK.sub(replace, CODE.sub(hide, markdown))
    return re.sub(r"\0(\d+)\0", lambda match: code[int(match.group(1))], rewritten)


def repository_link(repo, path):
    """``path`` (from the repository's root) on the repository's host, or ``None`` while unset."""
    if repo is None:
        return None
    kind = "tree" if path.endswith("/") or (ROOT / path).is_dir() else "blob"
    return f"{repo.url}/{kind}/{repo.branch}/{path}"


def site_target(target, folder, repo, pages):
    """Where a relative link written in the repository's ``folder`` goes on the site.

    A page of the site (a staged notebook or docs page, by its name in ``pages``) keeps its
    link; any other file in the repository is linked on the repository's host when the
    address is set, and left as plain text otherwise; web addresses and anchors stay.
    """
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path:
        return target
    path = (ROOT / folder / unquote(parts.path)).resolve()
    if path.name in pages and path.parent in (ROOT / "notebooks", DOCS):
        return path.name + (f"#{parts.fragment}" if parts.fragment else "")
    if not path.is_relative_to(ROOT):
        return None
    relative = path.relative_to(ROOT).as_posix() + ("/" if parts.path.endswith("/") else "")
    return repository_link(repo, relative)


def outside_links(notebook, repo, pages):
    """Links in the lesson's Markdown to files that are not pages: to the repository, or plain text."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source = rewrite_links(cell.source, lambda target: site_target(target, "notebooks", repo, pages))


def without_test_markers(notebook):
    """Drop ``# NBVAL_...`` comment lines: they tell nbval what to compare, and say nothing to a reader."""
    for cell in notebook.cells:
        if cell.cell_type == "code" and NBVAL_MARKER.search(cell.source):
            cell.source = NBVAL_MARKER.sub("", cell.source)


def prepare_notebook(path, repo, pages=()):
    """The notebook at ``path`` as the site shows it; ``pages``: the file names the site has pages for."""
    notebook = nbformat.read(str(path), as_version=4)
    notebook.metadata["site_name"] = Path(path).name
    without_test_markers(notebook)
    fold_solutions(notebook)
    fold_speaker_notes(notebook)
    static_widgets(notebook, launch=repo is not None)
    tidy_streams(notebook)
    outside_links(notebook, repo, set(pages) | {Path(path).name})
    del notebook.metadata["site_name"]
    return notebook


# ---------------------------------------------------------------- generated pages

def title_of(notebook, fallback):
    return launch_links.notebook_title(notebook) or fallback


def index_summaries(paths):
    """File name -> "what it teaches", from the lesson table of the ``00_`` notebook."""
    summaries = {}
    for path in paths:
        if not path.name.startswith("00_"):
            continue
        for cell in nbformat.read(str(path), as_version=4).cells:
            if cell.cell_type != "markdown":
                continue
            for row in cell.source.splitlines():
                columns = [column.strip() for column in row.strip().strip("|").split("|")]
                links = [INLINE_LINK.search(column) for column in columns]
                for position, link in enumerate(links):
                    if link and re.fullmatch(r"\d\d_[^/]*\.ipynb", link.group(2)) and position + 1 < len(columns):
                        summaries[link.group(2)] = columns[position + 1]
    return summaries


def lesson_list(paths):
    """The home page's list of notebooks, one line each, in series order."""
    summaries = index_summaries(paths)
    lines = []
    for path in paths:
        title = title_of(nbformat.read(str(path), as_version=4), path.stem)
        summary = summaries.get(path.name)
        lines.append(f"{int(path.name[:2])}. [{title}]({path.name})" + (f": {summary}" if summary else ""))
    return "\n".join(lines) + "\n"


def seconds(value):
    return f"{value:.1f} s" if value >= 1 else f"{value * 1000:.0f} ms"


def times_table(paths, times_file=TIMES_FILE):
    """The instructors' page table: each notebook's run time as bench_notebooks measured it."""
    measured = json.loads(times_file.read_text()) if times_file.exists() else {"notebooks": {}}
    rows = ["| Notebook | Run time | Slowest cell | Median cell |", "|---|--:|--:|--:|"]
    missing = []
    for path in paths:
        title = title_of(nbformat.read(str(path), as_version=4), path.stem)
        entry = measured["notebooks"].get(path.name)
        if entry:
            rows.append(f"| [{title}]({path.name}) | {seconds(entry['total'])} | {seconds(entry['slowest'])} "
                        f"| {seconds(entry['median'])} |")
        else:
            missing.append(path.name)
            rows.append(f"| [{title}]({path.name}) | not measured yet | | |")
    text = "\n".join(rows) + "\n"
    if measured.get("series") is not None:
        load = f", load average {measured['load']}" if "load" in measured else ""
        text += (f"\nThe whole series: {seconds(measured['series'])}, against {seconds(measured['floor'])} for as "
                 "many kernels that only start and import numpy, matplotlib and `sgd_lesson`. Measured on "
                 f"{measured['date']}, {measured['machine']}{load}, with `make bench-notebooks`: on a busier "
                 "machine every number is larger.\n")
    if missing:
        text += (f"\n{', '.join(missing)}: not measured yet. `make bench-notebooks` measures every notebook and "
                 "writes `benchmarks/notebook_times.json`, which this table reads.\n")
    return text


def public_modules(package):
    """Every public module of ``package`` (no part of its name starts with ``_``), the package first."""
    names = [package.__name__]
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            names.append(info.name)
    return names


def public_names(module):
    """The public names ``module`` defines: its ``__all__``, or every function and class defined there."""
    if hasattr(module, "__all__"):
        return list(module.__all__)
    return [name for name, value in vars(module).items()
            if not name.startswith("_") and (inspect.isfunction(value) or inspect.isclass(value))
            and value.__module__ == module.__name__]


def api_homes(package_name="sgd_lesson"):
    """Module name -> the names documented on its page; each object once, where it is defined.

    A name goes to the page of the module that defines it when that module is public and
    lists it; a name re-exported from a private module stays on the package's own page.
    """
    package = importlib.import_module(package_name)
    modules = {name: importlib.import_module(name) for name in public_modules(package)}
    listed = {name: public_names(module) for name, module in modules.items()}
    homes = {name: [] for name in modules}
    placed = set()
    for module_name in [*sorted(set(modules) - {package_name}), package_name]:
        for name in listed[module_name]:
            value = getattr(modules[module_name], name)
            defined_in = getattr(value, "__module__", None)
            home = defined_in if defined_in in modules and name in listed[defined_in] else module_name
            if id(value) not in placed and home == module_name:
                homes[module_name].append(name)
                placed.add(id(value))
    return modules, listed, homes


def directive(module, name):
    value = getattr(module, name)
    if inspect.isclass(value):
        return f".. autoclass:: {module.__name__}.{name}\n   :members:\n"
    if inspect.isfunction(value) or callable(value):
        return f".. autofunction:: {module.__name__}.{name}\n"
    return f".. autodata:: {module.__name__}.{name}\n"


def summary(value):
    doc = inspect.getdoc(value) or ""
    return doc.strip().split("\n\n")[0].replace("\n", " ")


def write_api(folder, package_name="sgd_lesson"):
    """The API reference: a page for the package and one per public module, generated from the code."""
    modules, listed, homes = api_homes(package_name)
    where = {}
    for module_name, names in homes.items():
        for name in names:
            where[id(getattr(modules[module_name], name))] = f"{module_name}.{name}"
    folder.mkdir(parents=True, exist_ok=True)
    package = modules[package_name]
    rows = []
    for name in listed[package_name]:
        value = getattr(package, name)
        target = where[id(value)]
        role = "class" if inspect.isclass(value) else "func" if callable(value) else "data"
        rows.append(f"   * - :py:{role}:`{name} <{target}>`\n     - {summary(value) or ' '}")
    submodules = [name for name in modules if name != package_name]
    title = f"API reference: ``{package_name}``"
    text = [title, "=" * len(title), "",
            f".. automodule:: {package_name}", "   :no-members:", "",
            f"Every name a lesson imports with ``from {package_name} import ...``, and where it is documented:",
            "", ".. list-table::", "   :header-rows: 1", "   :widths: 30 70", "", "   * - Name", "     - What it does",
            *rows, ""]
    if homes[package_name]:
        text += ["Defined in the package itself", "-" * 30, "", f".. currentmodule:: {package_name}", ""]
        text += [directive(package, name) for name in homes[package_name]]
    text += ["Modules", "-------", "", ".. toctree::", "   :maxdepth: 1", ""]
    text += [f"   {name}" for name in submodules]
    (folder / f"{package_name}.rst").write_text("\n".join(text) + "\n")
    for name in submodules:
        module = modules[name]
        page = [f"``{name}``", "=" * (len(name) + 4), "", f".. automodule:: {name}", "   :no-members:", "",
                f".. currentmodule:: {name}", ""]
        page += [directive(module, item) for item in homes[name]]
        if not homes[name]:
            page += ["This module defines no public names of its own."]
        (folder / f"{name}.rst").write_text("\n".join(page) + "\n")
    return {f"{module_name}.{name}" for module_name, names in homes.items() for name in names}


# ---------------------------------------------------------------- staging and building

def extra_pages():
    """The other Markdown files of docs/ (the instructors' guide, the conventions): pages too."""
    return sorted(path for path in DOCS.glob("*.md") if path.name not in PAGES)


def more_pages(extra):
    """The instructors' page's pointer to the other docs pages, by their titles (nothing if none)."""
    titles = []
    for path in extra:
        match = re.search(r"^#\s+(.+?)\s*$", path.read_text(encoding="utf-8"), re.MULTILINE)
        titles.append(f"[{match.group(1) if match else path.stem}]({path.name})")
    return f"\nMore for instructors: {', '.join(titles)}.\n" if titles else ""


def reference_toctree(extra):
    """The home page's "Reference" part of the navigation: instructors, the extra pages, the API."""
    entries = ["instructors", *(path.stem for path in extra), "api/sgd_lesson"]
    return "```{toctree}\n:hidden:\n:caption: Reference\n\n" + "\n".join(entries) + "\n```\n"


def stage(source, notebooks, repo, times_file=TIMES_FILE):
    """Write every page of the site into ``source`` (emptied first)."""
    if source.exists():
        shutil.rmtree(source)
    source.mkdir(parents=True)
    extra = extra_pages()
    pages = {*PAGES, *(path.name for path in extra), *(path.name for path in notebooks)}
    for page in PAGES:
        shutil.copy2(DOCS / page, source / page)
    for page in extra:
        text = rewrite_links(page.read_text(encoding="utf-8"), lambda target: site_target(target, "docs", repo, pages))
        (source / page.name).write_text(text, encoding="utf-8")
    generated = source / "_generated"
    generated.mkdir()
    for path in notebooks:
        nbformat.write(prepare_notebook(path, repo, pages), str(source / path.name))
    (generated / "lessons.md").write_text(lesson_list(notebooks))
    (generated / "times.md").write_text(times_table(notebooks, times_file))
    (generated / "reference.md").write_text(reference_toctree(extra))
    (generated / "more.md").write_text(more_pages(extra))
    return write_api(source / "api")


def build(out, notebooks, repository=None, quiet=True):
    """Stage and build the site into ``out``; returns the Sphinx exit status.

    The staged pages, Sphinx's doctrees and MyST-NB's ``jupyter_execute`` folder (it puts
    one beside the HTML folder) go to ``<out>-work/``; ``out`` holds the site only if the
    build succeeded.
    """
    from sphinx.cmd.build import build_main

    out = Path(out).resolve()
    work = out.with_name(out.name + "-work")
    for old in (out, work):
        if old.exists():
            shutil.rmtree(old)
    address = launch_links.read_setting() if repository is None else repository
    repo = launch_links.parse_repository(address)
    stage(work / "src", [Path(path).resolve() for path in notebooks], repo)
    args = ["-b", "html", "-W", "--keep-going", "-E", "-c", str(DOCS), "-d", str(work / "doctrees"),
            "-D", f"sgd_repository={address or ''}", *(["-t", "launch_links"] if repo else [])]
    status = build_main([*args, *(["-q"] if quiet else []), str(work / "src"), str(work / "html")])
    if status == 0:
        shutil.move(work / "html", out)
    return status


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every notebooks/NN_*.ipynb")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "site")
    parser.add_argument("--repository", default=None,
                        help="the repository's address for the launch buttons "
                             "(default: [project.urls] Repository in pyproject.toml)")
    args = parser.parse_args(argv)
    notebooks = args.notebooks or sorted((ROOT / "notebooks").glob(NOTEBOOK_GLOB))
    started = time.perf_counter()
    status = build(args.out, notebooks, args.repository)
    pages = sum(not path.relative_to(args.out).parts[0].startswith("_")  # _static holds theme fragments
                for path in args.out.rglob("*.html")) if status == 0 else 0
    print(f"site: {'built' if status == 0 else 'FAILED'} in {time.perf_counter() - started:.1f} s"
          + (f", {pages} pages in {args.out}" if status == 0 else ""))
    return status


if __name__ == "__main__":
    sys.exit(main())
