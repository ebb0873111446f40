"""A newcomer's first install is quiet: ``pip install -e .`` and ``pip install .`` print no warning.

Each test copies the project (its top-level files and the package) to a temporary
folder, so that the build's ``build/`` and ``*.egg-info`` stay out of the repository,
and installs it without dependencies into a fresh, empty virtual environment with this
environment's pip (``pip --python``), building in pip's usual isolated environment with
the newest setuptools the index offers, as a newcomer's install does.

The warning this guards against: setuptools' editable install through an import hook
(its choice for a flat layout whose package folders it cannot just put on ``sys.path``)
prints a ``BuildBackendWarning`` about "folders in your working directory with the same
name as your package" on every ``pip install -e .``; pyproject.toml's ``package-dir``
lets it use a plain ``.pth`` file instead.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "sgd_lesson"
# A Python warning as pip relays it from the build backend ("...: BuildBackendWarning: ..."),
# or the "!!" banner setuptools frames its warnings with. pip's own "WARNING: ..." lines
# (about this machine's index configuration, say) are not the build's.
BUILD_WARNING = re.compile(r"\b[A-Z]\w*Warning\b|^\s*!!\s*$", re.MULTILINE)


def copy_project(folder):
    folder.mkdir()
    for path in ROOT.iterdir():
        if path.is_file():
            shutil.copy2(path, folder / path.name)
    shutil.copytree(ROOT / PACKAGE, folder / PACKAGE, ignore=shutil.ignore_patterns("__pycache__"))
    return folder


def install(tmp_path, *how):
    project = copy_project(tmp_path / "project")
    target = tmp_path / "env"
    venv.create(target, with_pip=False)
    command = [sys.executable, "-m", "pip", "--python", str(target / "bin" / "python"), "install",
               "--no-deps", "--no-input", "--disable-pip-version-check", *how, str(project)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout + result.stderr, target


@pytest.mark.parametrize("how", [["-e"], []], ids=["pip install -e .", "pip install ."])
def test_installing_prints_no_warning(how, tmp_path):
    output, target = install(tmp_path, *how)
    warnings = [line for line in output.splitlines() if BUILD_WARNING.search(line)]
    assert not warnings, "the install printed a warning:\n" + "\n".join(warnings) + "\n\nWhole output:\n" + output
    # The installed package, and its checks subpackage, are found from another folder (its
    # dependencies are not installed: find the files, do not import them).
    found = subprocess.run([str(target / "bin" / "python"), "-c",
                            f"import importlib.util; print(*importlib.util.find_spec('{PACKAGE}')"
                            ".submodule_search_locations)"], capture_output=True, text=True, cwd=target)
    assert found.returncode == 0, found.stderr
    installed = Path(found.stdout.strip())
    assert (installed / "checks" / "__init__.py").is_file(), found.stdout
    # A plain install (the README's pip route) copies the package: every file in it, data
    # files included, must be there, or a lesson that reads one fails only after pip install .
    files = {path.relative_to(ROOT / PACKAGE) for path in (ROOT / PACKAGE).rglob("*")
             if path.is_file() and "__pycache__" not in path.parts}
    missing = sorted(str(name) for name in files if not (installed / name).is_file())
    assert not missing, f"{' '.join(how) or 'pip install'} left out {missing}: list them as package data"


def test_the_warning_pattern_finds_what_setuptools_prints():
    relayed = ("  /tmp/pip-build-env-x/overlay/lib/python3.11/site-packages/setuptools/command/"
               "editable_wheel.py:354: BuildBackendWarning: Editable installation.\n  !!\n")
    assert len(BUILD_WARNING.findall(relayed)) == 2
    assert not BUILD_WARNING.search("WARNING: Location 'file:///opt/x/simple/y/' is ignored")
