"""The site builder (docs/build_site.py) on a small notebook of its own, built as ``make site`` builds.

The lessons do not (yet) hold every kind of cell the site must handle, so this notebook
does: a code cell and a Markdown cell tagged ``solution``, a ``<details>`` solution, a
speaker note (slide type ``notes``), a widget output with its static figure, streams split by the kernel, an nbval marker, a
JupyterLab-style anchor link and a link out of the notebooks folder. It is built twice,
without and with a sample repository address, and the second site is also checked in
Chromium by ``site_e2e.py``, as ``make test-site`` checks the real one.
"""

from __future__ import annotations

import base64
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "docs"), str(ROOT / "tools")]
import build_site  # noqa: E402
import launch_links  # noqa: E402

SAMPLE = "https://github.com/example-owner/sgd-lesson"
NAME = "01_synthetic.ipynb"
# A 2 x 2 PNG, enough for an image that loads.
PNG = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000002000000020802000000fdd49a73000000164944415478"
    "9c63f8cfc0f01f0418fe33fcff0f00001cf403fd3fd7c7f50000000049454e44ae426082")).decode()


def synthetic_notebook():
    widget = new_output("display_data", data={
        "application/vnd.jupyter.widget-view+json": {"model_id": "0" * 32, "version_major": 2, "version_minor": 0},
        "text/plain": "VBox(children=(FloatSlider(value=0.5),))"})
    figure = new_output("display_data", data={"image/png": PNG, "text/plain": "<IPython.core.display.Image object>"})
    cells = [
        new_markdown_cell("# A synthetic lesson\n\nSee [the section](#A-section-of-it) and the "
                          "[README](../README.md); `[not a link](../code.md)`."),
        new_markdown_cell("## A section of it\n\nSome math: $x^2$."),
        new_code_cell("# NBVAL_IGNORE_OUTPUT\nexplorer = make_explorer()\nexplorer", execution_count=1,
                      outputs=[widget, figure]),
        new_code_cell("print('first')\nprint('second')", execution_count=2, outputs=[
            new_output("stream", name="stdout", text="first"), new_output("stream", name="stdout", text="\n"),
            new_output("stream", name="stdout", text="second\n"), new_output("stream", name="stdout", text=" \n")]),
        new_markdown_cell("**Exercise 1.1.** What is six times seven?"),
        new_code_cell("# your answer\n### BEGIN SOLUTION\nanswer = 6 * 7  # forty-two\n### END SOLUTION\n"
                      "check_product(answer)", execution_count=3, metadata={"tags": ["solution"]},
                      outputs=[new_output("stream", name="stdout", text="Exercise 1.1: right! Multiplied.\n")]),
        new_markdown_cell("Because six sevens make forty-two, the tablet says.", metadata={"tags": ["solution"]}),
        new_markdown_cell("<details><summary>Solution, explained</summary>\n\nThe old way, already folded.\n"
                          "</details>", metadata={"tags": ["solution"]}),
        new_markdown_cell("<details><summary>Solution</summary>\n\nAn untagged fold.\n</details>"),
        new_markdown_cell("**Time: 1 min.** Ask the class for 6 x 7 before you run it (the abacus says 42).",
                          metadata={"slideshow": {"slide_type": "notes"}}),
    ]
    notebook = new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return notebook


def build(tmp_path, repository):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    nbformat.write(synthetic_notebook(), str(folder / NAME))
    out = tmp_path / "site"
    result = subprocess.run([sys.executable, str(ROOT / "docs" / "build_site.py"), "--out", str(out),
                             "--repository", repository, str(folder / NAME)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return out, folder


@pytest.fixture(scope="module")
def unset(tmp_path_factory):
    return build(tmp_path_factory.mktemp("unset"), "")


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return build(tmp_path_factory.mktemp("sample"), SAMPLE)


def page(site, name=NAME):
    """The page's HTML, every run of white space one space (so that prose can be searched)."""
    return " ".join((site / name.replace(".ipynb", ".html")).read_text(encoding="utf-8").split())


def prose(text):
    """What a reader reads: the HTML without its tags, every run of white space one space."""
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())


def details_blocks(text):
    """``(opening tag, content)`` of every top-level ``<details>`` in the article."""
    article = text[text.index('<article class="bd-article">'):]
    blocks, depth, start = [], 0, None
    for match in re.finditer(r"<(/?)details\b[^>]*>", article):
        if not match.group(1):
            depth += 1
            if depth == 1:
                start = match
        else:
            depth -= 1
            if depth == 0:
                blocks.append((start.group(0), article[start.end():match.start()]))
    return blocks


def test_solutions_and_speaker_notes_fold(unset):
    site, _ = unset
    text = page(site)
    blocks = details_blocks(text)
    code = [content for tag, content in blocks if "forty-two" in content and "check_product" in content]
    assert len(code) == 1, blocks
    assert "Show the solution" in code[0] and "right! Multiplied." in code[0]
    assert "open" not in [tag for tag, content in blocks if "forty-two" in content][0]
    explained = [(tag, content) for tag, content in blocks if "six sevens" in content]
    assert len(explained) == 1 and 'class="solution"' in explained[0][0], blocks
    assert sum("already folded" in content for _, content in blocks) == 1
    assert sum("An untagged fold" in content for _, content in blocks) == 1
    notes = [(tag, content) for tag, content in blocks if "abacus" in content]
    assert len(notes) == 1 and 'class="speaker-notes"' in notes[0][0] and "Notes for the lecturer" in notes[0][1]
    outside = re.sub(r"<details\b.*?</details>", "", text[text.index('<article class="bd-article">'):], flags=re.S)
    for secret in ("forty-two", "right! Multiplied", "six sevens", "already folded", "abacus"):
        assert secret not in outside


def test_widgets_show_their_figure_and_a_note_not_their_repr(unset):
    text = page(unset[0])
    assert "VBox(children" not in text and "IPython.core.display" not in text
    figure, note = text.index("<img"), text.index("explorer-note")
    assert figure < note, "the note comes right under the explorer's figure"
    assert "A static page cannot run widgets" in prose(text) and "make lesson" in prose(text)
    assert "Binder or Colab" not in prose(text)  # no launch buttons to point at while the address is unset


def test_streams_are_joined_and_blank_ones_dropped_and_markers_gone(unset):
    text = page(unset[0])
    assert "<pre><span></span>first second </pre>" in text
    assert not re.search(r"<pre>(<span></span>)?\s*</pre>", text)
    assert "NBVAL" not in text


def test_links_out_of_the_notebooks_folder_are_plain_text_while_unset(unset):
    text = page(unset[0])
    assert "README" in prose(text) and "README.md" not in text
    assert "../code.md" in prose(text)  # code stays code
    assert not re.search(r"mybinder\.org|colab\.research", text)
    assert not re.search(r"mybinder\.org|colab\.research|In the cloud", page(unset[0], "index.html"))


def test_anchor_links_in_jupyterlab_style_resolve(unset):
    site = unset[0]
    sys.path.insert(0, str(ROOT / "tests" / "site"))
    import site_e2e

    problems, checked, _ = site_e2e.link_problems(site)
    assert not problems and checked > 100
    assert re.search(r'href="#a-section-of-it"', page(site)), "the [link](#A-section-of-it) goes to its heading"


def test_with_an_address_each_page_has_exactly_the_documented_launch_links(sample):
    site, folder = sample
    repo = launch_links.parse_repository(SAMPLE)
    text = page(site)
    links = set(re.findall(r'href="(https://(?:mybinder\.org|colab\.research\.google\.com)[^"]*)"', text))
    assert links == {
        "https://mybinder.org/v2/gh/example-owner/sgd-lesson/main?urlpath=lab/tree/student/01_synthetic.ipynb",
        "https://colab.research.google.com/github/example-owner/sgd-lesson/blob/main/student/01_synthetic.ipynb",
    } == {repo.binder_url(folder / NAME), repo.colab_url(folder / NAME)}
    assert 'href="https://github.com/example-owner/sgd-lesson/blob/main/README.md"' in text
    assert "Binder or Colab button" in prose(text)
    index = page(site, "index.html")
    assert "In the cloud" in prose(index) and not re.search(r"mybinder\.org|colab\.research", index)


def test_the_sample_site_passes_the_browser_check(sample, tmp_path):
    site, folder = sample
    result = subprocess.run([sys.executable, str(ROOT / "tests" / "site" / "site_e2e.py"), str(site),
                             "--notebooks", str(folder), "--repository", SAMPLE,
                             "--screenshots", str(tmp_path), "--search", "tablet:01_synthetic.html"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert re.search(r"01_synthetic\.html: ok .*5 folded", result.stdout), result.stdout
    assert "launch links: ok (exactly Binder and Colab" in result.stdout
    assert (tmp_path / "01_synthetic.png").exists()


def test_a_widget_without_a_static_figure_stops_the_build(tmp_path):
    notebook = synthetic_notebook()
    notebook.cells[2].outputs = notebook.cells[2].outputs[:1]
    path = tmp_path / NAME
    nbformat.write(notebook, str(path))
    with pytest.raises(build_site.SiteError, match="no static figure"):
        build_site.prepare_notebook(path, None)


def test_the_api_reference_documents_each_public_name_once_where_it_is_defined(tmp_path, monkeypatch):
    package = tmp_path / "fakepkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text(
        '"""A package."""\nfrom ._hidden import helper\nfrom .alpha import shown\n__all__ = ["helper", "shown"]\n')
    (package / "_hidden.py").write_text('def helper():\n    """Help."""\n')
    (package / "alpha.py").write_text('__all__ = ["shown"]\ndef shown():\n    """Shown."""\ndef _private():\n    pass\n')
    (package / "beta.py").write_text(
        'from .alpha import shown\nclass Thing:\n    """A thing."""\ndef util():\n    """Util."""\n')
    (package / "sub" / "__init__.py").write_text('"""Sub."""\ndef deep():\n    """Deep."""\n')
    monkeypatch.syspath_prepend(str(tmp_path))
    modules, listed, homes = build_site.api_homes("fakepkg")
    assert sorted(modules) == ["fakepkg", "fakepkg.alpha", "fakepkg.beta", "fakepkg.sub"]
    assert homes == {"fakepkg": ["helper"], "fakepkg.alpha": ["shown"], "fakepkg.beta": ["Thing", "util"],
                     "fakepkg.sub": ["deep"]}
    documented = build_site.write_api(tmp_path / "api", "fakepkg")
    assert documented == {"fakepkg.helper", "fakepkg.alpha.shown", "fakepkg.beta.Thing", "fakepkg.beta.util",
                          "fakepkg.sub.deep"}
    top = (tmp_path / "api" / "fakepkg.rst").read_text()
    assert ":py:func:`shown <fakepkg.alpha.shown>`" in top and ".. autofunction:: fakepkg.helper" in top


def test_links_go_to_pages_to_the_repository_or_become_text():
    pages = {"02_gradient_descent.ipynb", "CONVENTIONS.md", "index.md"}
    repo = launch_links.parse_repository(SAMPLE)
    target = build_site.site_target
    assert target("../notebooks/02_gradient_descent.ipynb#The-gradient", "docs", None, pages) == (
        "02_gradient_descent.ipynb#The-gradient")
    assert target("CONVENTIONS.md", "docs", None, pages) == "CONVENTIONS.md"
    assert target("02_gradient_descent.ipynb", "notebooks", None, pages) == "02_gradient_descent.ipynb"
    assert target("#Next", "notebooks", None, pages) == "#Next"
    assert target("https://example.org/x.md", "docs", None, pages) == "https://example.org/x.md"
    assert target("../Makefile", "docs", None, pages) is None
    assert target("../Makefile", "docs", repo, pages) == f"{SAMPLE}/blob/main/Makefile"
    assert target("../student/", "notebooks", repo, pages) == f"{SAMPLE}/tree/main/student/"
    assert target("../../outside.md", "docs", repo, pages) is None
    text = ("A [`loss.backward()` lesson](../notebooks/02_gradient_descent.ipynb), the [Makefile](../Makefile), "
            "`[code](../x.md)` and\n```\n[fenced](../y.md)\n```\n")
    assert build_site.rewrite_links(text, lambda link: target(link, "docs", None, pages)) == (
        "A [`loss.backward()` lesson](02_gradient_descent.ipynb), the Makefile, "
        "`[code](../x.md)` and\n```\n[fenced](../y.md)\n```\n")
