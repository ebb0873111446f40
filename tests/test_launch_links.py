"""Launch links (tools/launch_links.py): one setting, the documented URL forms, a quiet Colab cell.

For a sample address the generated links are exactly the documented Binder and Colab
forms for every notebook; applying the setting to a copy of the repository writes the
README table, the table in 00_start_here and a Colab cell in every notebook, twice the
same; unsetting it takes them all away again; the repository itself is in step with its
setting. The Colab cell does nothing visible outside Colab (run in a real kernel, and
under strict nbval) and, in a kernel made to look like Colab's, installs with %pip and
says so.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import launch_links  # noqa: E402

SAMPLE = "https://github.com/example-owner/sgd-lesson"
NOTEBOOKS = sorted((ROOT / "notebooks").glob(launch_links.NOTEBOOK_GLOB))


# ---------------------------------------------------------------- the setting and the URL forms

@pytest.mark.parametrize("address, expected", [
    ("https://github.com/example-owner/sgd-lesson", ("example-owner", "sgd-lesson", "main")),
    ("https://github.com/example-owner/sgd-lesson/", ("example-owner", "sgd-lesson", "main")),
    ("https://github.com/example-owner/sgd-lesson.git", ("example-owner", "sgd-lesson", "main")),
    ("https://github.com/a/b/tree/spring-2027", ("a", "b", "spring-2027")),
])
def test_an_address_names_owner_repository_and_branch(address, expected):
    repo = launch_links.parse_repository(address)
    assert (repo.owner, repo.name, repo.branch) == expected


@pytest.mark.parametrize("address", ["https://gitlab.com/a/b", "http://github.com/a/b", "github.com/a/b",
                                     "https://github.com/a", "https://github.com/a/b/blob/main/README.md"])
def test_an_address_colab_cannot_open_is_refused_with_the_form_it_needs(address):
    with pytest.raises(ValueError, match=r"https://github\.com/OWNER/NAME"):
        launch_links.parse_repository(address)


def test_unset_means_no_repository():
    assert launch_links.parse_repository(None) is None
    assert launch_links.parse_repository("  ") is None


def test_the_setting_is_read_from_project_urls(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\nname = "x"\n\n[project.urls]\nHomepage = "https://example.org"\n'
                         f'Repository = "{SAMPLE}"  # the launch links\n\n[tool.x]\nRepository = "no"\n')
    assert launch_links.read_setting(pyproject) == SAMPLE
    assert launch_links.urls_table_value(pyproject.read_text(), "Repository") == SAMPLE  # the Python 3.10 reader
    pyproject.write_text('[project]\nname = "x"\n\n[tool.x]\nRepository = "no"\n')
    assert launch_links.read_setting(pyproject) is None
    assert launch_links.urls_table_value(pyproject.read_text(), "Repository") is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_links_are_exactly_the_documented_forms_and_open_the_student_edition(path):
    repo = launch_links.parse_repository(SAMPLE + "/tree/spring")
    assert repo.binder_url(path) == (
        f"https://mybinder.org/v2/gh/example-owner/sgd-lesson/spring?urlpath=lab/tree/student/{path.name}")
    assert repo.colab_url(path) == (
        f"https://colab.research.google.com/github/example-owner/sgd-lesson/blob/spring/student/{path.name}")
    assert repo.pip_requirement() == "sgd-lesson @ git+https://github.com/example-owner/sgd-lesson@spring"


# ---------------------------------------------------------------- applying the setting

def copy_repository(tmp_path, address):
    for name in ("notebooks",):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy2(ROOT / "README.md", tmp_path / "README.md")
    text = (ROOT / "pyproject.toml").read_text()
    if address:
        text += f'\n[project.urls]\nRepository = "{address}"\n'
    (tmp_path / "pyproject.toml").write_text(text)
    return tmp_path


def apply(root):
    changes, rerun = launch_links.plan(root)
    for path, text in changes.items():
        path.write_text(text, encoding="utf-8")
    return changes, rerun


def test_the_repository_is_in_step_with_its_setting():
    changes, _ = launch_links.plan(ROOT)
    assert not changes, (f"{sorted(str(path.relative_to(ROOT)) for path in changes)} are out of date with "
                         "[project.urls] Repository: run `make launch-links`")


def test_applying_an_address_writes_every_link_and_cell_once(tmp_path):
    root = copy_repository(tmp_path, SAMPLE)
    repo = launch_links.parse_repository(SAMPLE)
    changes, rerun = apply(root)
    paths = sorted((root / "notebooks").glob(launch_links.NOTEBOOK_GLOB))
    assert set(changes) == {*paths, root / "README.md"} and rerun == paths
    readme = (root / "README.md").read_text()
    for path in paths:
        assert readme.count(repo.binder_url(path)) == readme.count(repo.colab_url(path)) == 1
        notebook = nbformat.read(str(path), as_version=4)
        colab = [cell for cell in notebook.cells if "colab-install" in cell.metadata.get("tags", [])]
        first_code = next(cell for cell in notebook.cells if cell.cell_type == "code")
        assert colab == [first_code], f"{path.name}: the Colab cell comes before every other code cell"
        assert f'%pip install --quiet "sgd-lesson @ git+{SAMPLE}@main"' in colab[0].source
        assert notebook.cells[0].cell_type == "markdown" and notebook.cells[0].source.startswith("# ")
    index = nbformat.read(str(paths[0]), as_version=4)
    table = [cell for cell in index.cells if "launch-links" in cell.metadata.get("tags", [])]
    assert len(table) == 1
    assert all(repo.binder_url(path) in table[0].source and repo.colab_url(path) in table[0].source
               for path in paths)
    heading = next(i for i, cell in enumerate(index.cells) if "## How to run" in cell.source)
    assert index.cells[heading + 1] is table[0]
    assert launch_links.plan(root) == ({}, []), "applying it again changes nothing"


def test_unsetting_the_address_takes_everything_away(tmp_path):
    root = copy_repository(tmp_path, SAMPLE)
    apply(root)
    (root / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text())
    changes, rerun = apply(root)
    assert changes and rerun
    for path in [*NOTEBOOKS, ROOT / "README.md"]:
        copy = root / path.relative_to(ROOT)
        assert copy.read_text() == path.read_text(), f"{copy.name} is not back as it was"


def test_no_markers_in_the_readme_is_an_error(tmp_path):
    root = copy_repository(tmp_path, SAMPLE)
    (root / "README.md").write_text("# A README without the launch-links markers\n")
    with pytest.raises(SystemExit, match="no launch-links markers"):
        launch_links.plan(root)


# ---------------------------------------------------------------- the Colab cell, run

def run_cells(*sources):
    notebook = new_notebook(cells=[new_code_cell(source) for source in sources])
    NotebookClient(notebook, timeout=60, kernel_name="python3").execute()
    return [cell.outputs for cell in notebook.cells]


def text_of(outputs):
    return "".join(output.get("text", "") for output in outputs)


def test_the_colab_cell_does_nothing_visible_outside_colab():
    colab = launch_links.colab_cell_source(launch_links.parse_repository(SAMPLE))
    outputs = run_cells(colab, "print(sorted(name for name in sys.modules if name.startswith('google')))")
    assert outputs[0] == []
    assert text_of(outputs[1]) == "[]\n"


LOOK_LIKE_COLAB = """
import sys, types
sys.modules["google.colab"] = types.ModuleType("google.colab")
pip_calls = []
get_ipython().register_magic_function(pip_calls.append, "line", "pip")
"""


def test_in_colab_the_cell_installs_from_the_address_and_says_so():
    colab = launch_links.colab_cell_source(launch_links.parse_repository(SAMPLE))
    outputs = run_cells(LOOK_LIKE_COLAB, colab, "print(pip_calls)")
    assert text_of(outputs[1]) == f"Colab: installed sgd_lesson from {SAMPLE}\n"
    assert text_of(outputs[2]) == f"""['install --quiet "sgd-lesson @ git+{SAMPLE}@main"']\n"""


def test_the_colab_cell_passes_strict_nbval(tmp_path):
    colab = launch_links.colab_cell_source(launch_links.parse_repository(SAMPLE))
    notebook = new_notebook(cells=[new_code_cell(colab, execution_count=1), new_code_cell("print(1 + 1)")])
    NotebookClient(notebook, timeout=60, kernel_name="python3").execute()
    assert notebook.cells[0].outputs == [] and notebook.cells[0].execution_count == 1
    path = tmp_path / "colab_cell.ipynb"
    nbformat.write(notebook, str(path))
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval",
                             "--nbval-current-env", str(path)], capture_output=True, text=True, timeout=120,
                            cwd=tmp_path)
    assert result.returncode == 0 and "2 passed" in result.stdout, result.stdout + result.stderr
