"""pyproject.toml is the one list of dependencies: environment.yml must mirror it,
and check_environment must say clearly what is missing or too old."""

import re
import types
from importlib import metadata
from pathlib import Path

import pytest

from sgd_lesson import check_environment, environment

ROOT = Path(__file__).resolve().parent.parent

# Extras that environment.yml installs (bench is optional: scikit-learn for benchmarks/bench_sgd.py).
CONDA_EXTRAS = {"lesson", "test"}
# pip name -> conda-forge name, where they differ.
CONDA_NAMES = {"jupyterlab-rise": "jupyterlab_rise"}


def read_toml(path):
    try:
        import tomllib  # Python 3.11+
    except ModuleNotFoundError:  # pragma: no cover - Python 3.10
        try:
            import tomli as tomllib
        except ModuleNotFoundError:
            return tiny_toml(path.read_text())
    with path.open("rb") as file:
        return tomllib.load(file)


def tiny_toml(text):
    """Enough TOML for pyproject.toml's string values and arrays of strings."""
    data, table = {}, None
    lines = iter(text.splitlines())
    for line in lines:
        line = line.split(" #")[0].strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            table = data
            for part in line.strip("[]").split("."):
                table = table.setdefault(part, {})
            continue
        key, _, value = (part.strip() for part in line.partition("="))
        if value.startswith("[") and not value.endswith("]"):
            while not value.endswith("]"):
                value += " " + next(lines).split(" #")[0].strip()
        strings = re.findall(r'"([^"]*)"', value)
        table[key] = strings if value.startswith("[") else (strings[0] if strings else value)
    return data


def read_environment_yml(path):
    """The conda dependencies and the pip lines of environment.yml (a line parser: no PyYAML)."""
    conda, pip, section = [], [], None
    for raw in path.read_text().splitlines():
        line = raw.split(" #")[0].rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        indent = len(line) - len(line.lstrip())
        text = line.strip()
        if indent == 0:
            section = text.rstrip(":") if text.endswith(":") else None
        elif section == "dependencies" and text == "- pip:":
            section = "pip"
        elif section == "dependencies" and text.startswith("- "):
            conda.append(text[2:].strip())
        elif section == "pip" and text.startswith("- "):
            pip.append(text[2:].strip())
    return conda, pip


def lower_bounds(requirements):
    """{'numpy': '1.24', ...} from ['numpy>=1.24', ...]; each must be a plain lower bound."""
    bounds = {}
    for requirement in requirements:
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)\s*>=\s*([0-9][0-9.]*)", requirement.strip())
        assert match, f"{requirement!r} is not a plain lower bound 'name>=version'"
        bounds[match.group(1).lower()] = match.group(2)
    return bounds


PYPROJECT = read_toml(ROOT / "pyproject.toml")
CONDA, PIP = read_environment_yml(ROOT / "environment.yml")


def test_the_tiny_parsers_read_what_they_must():
    assert tiny_toml(PYPROJECT_SAMPLE) == {
        "project": {"name": "x", "dependencies": ["numpy>=1.24", "matplotlib>=3.7"],
                    "optional-dependencies": {"test": ["pytest>=7.4"]}}
    }
    assert tiny_toml((ROOT / "pyproject.toml").read_text())["project"]["dependencies"] == (
        PYPROJECT["project"]["dependencies"])
    assert "numpy>=1.24" in CONDA or any(item.startswith("numpy") for item in CONDA)


PYPROJECT_SAMPLE = """
[project]
name = "x"  # a comment
dependencies = [
    "numpy>=1.24",
    "matplotlib>=3.7",
]
[project.optional-dependencies]
test = ["pytest>=7.4"]
"""


def test_pyproject_has_lower_bounds_only():
    project = PYPROJECT["project"]
    lower_bounds(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        lower_bounds(extra)
    assert project["requires-python"] == ">=3.10"


def test_environment_yml_installs_the_same_packages_with_the_same_lower_bounds():
    project = PYPROJECT["project"]
    expected = lower_bounds(project["dependencies"])
    for extra in sorted(CONDA_EXTRAS):
        expected.update(lower_bounds(project["optional-dependencies"][extra]))
    expected = {CONDA_NAMES.get(name, name): version for name, version in expected.items()}
    conda = lower_bounds(item for item in CONDA if item != "pip")
    assert conda.pop("python") == project["requires-python"].removeprefix(">=")
    assert conda == expected


def test_environment_yml_installs_the_package_itself_with_those_extras():
    assert "pip" in CONDA
    assert len(PIP) == 1
    match = re.fullmatch(r"-e \.\[([a-z,\s-]+)\]", PIP[0])
    assert match, PIP[0]
    assert {extra.strip() for extra in match.group(1).split(",")} == CONDA_EXTRAS
    assert CONDA_EXTRAS <= set(PYPROJECT["project"]["optional-dependencies"])


def test_installed_metadata_agrees_with_pyproject():
    # check_environment reads the installed metadata: it must hold pyproject's runtime bounds.
    assert environment.minimum_versions() == lower_bounds(PYPROJECT["project"]["dependencies"])


# ---- check_environment ----

def fake_metadata(installed, requires=("numpy>=1.24", "matplotlib>=3.7", 'pytest>=7.4; extra == "test"')):
    """A stand-in for importlib.metadata with the given installed versions."""

    def version(name):
        if name not in installed:
            raise metadata.PackageNotFoundError(name)
        return installed[name]

    def requirements(distribution):
        if requires is None:
            raise metadata.PackageNotFoundError(distribution)
        return list(requires)

    return types.SimpleNamespace(version=version, requires=requirements,
                                 PackageNotFoundError=metadata.PackageNotFoundError)


def test_ready_when_everything_is_there(capsys):
    assert check_environment() is None
    out = capsys.readouterr().out
    assert out.startswith("Ready: ") and out.count("\n") == 1
    assert not re.search(r"\d", out)  # no version numbers: the stored notebook output is the same everywhere


def test_ready_lists_the_runtime_packages(monkeypatch, capsys):
    monkeypatch.setattr(environment, "metadata", fake_metadata({"numpy": "2.4.0", "matplotlib": "3.7"}))
    check_environment()
    assert capsys.readouterr().out == "Ready: matplotlib, numpy and sgd_lesson are installed and recent enough.\n"


def test_a_missing_package_is_named(monkeypatch, capsys):
    monkeypatch.setattr(environment, "metadata", fake_metadata({"matplotlib": "3.10.1"}))
    check_environment()
    out = capsys.readouterr().out
    assert out.startswith("Not ready: numpy is missing (need 1.24 or newer).")
    assert "make lesson" in out and "matplotlib" not in out and "pytest" not in out


def test_a_too_old_package_is_named_with_both_versions(monkeypatch, capsys):
    monkeypatch.setattr(environment, "metadata", fake_metadata({"numpy": "1.23.5", "matplotlib": "3.6.3"}))
    check_environment()
    out = capsys.readouterr().out
    assert "matplotlib 3.6.3 is too old (need 3.7 or newer); numpy 1.23.5 is too old (need 1.24 or newer)" in out


@pytest.mark.parametrize("installed", ["1.24", "1.24.0", "1.24.1", "1.26.4", "2.0.0rc1", "2.4.0"])
def test_recent_enough_versions_pass(monkeypatch, installed):
    monkeypatch.setattr(environment, "metadata", fake_metadata({"numpy": installed, "matplotlib": "3.7.0"}))
    assert environment.environment_problems() == []


def test_an_uninstalled_package_is_explained(monkeypatch, capsys):
    monkeypatch.setattr(environment, "metadata", fake_metadata({}, requires=None))
    check_environment()
    assert "sgd_lesson is imported from a folder but not installed" in capsys.readouterr().out


# ---- check_environment in a notebook: does matplotlib show figures? ----
# The real thing (a kernel started with MPLBACKEND=...) is tests/test_notebook_backends.py.

@pytest.mark.parametrize("backend", ["module://matplotlib_inline.backend_inline", "inline", "widget",
                                     "module://ipympl.backend_nbagg", "ipympl"])
def test_a_notebook_backend_is_ready(monkeypatch, capsys, backend):
    monkeypatch.setattr(environment, "notebook_backend", lambda: backend)
    check_environment()
    out = capsys.readouterr().out
    assert out.startswith("Ready: ") and out.endswith(", and figures show in this notebook.\n"), out


@pytest.mark.parametrize("backend", ["Agg", "TkAgg", "QtAgg", "svg", "pdf", "agg"])
def test_a_backend_that_draws_nowhere_is_named_with_its_cause(monkeypatch, capsys, backend):
    monkeypatch.setattr(environment, "notebook_backend", lambda: backend)
    monkeypatch.setenv("MPLBACKEND", backend)
    check_environment()
    out = capsys.readouterr().out
    assert out == (f"Not ready: matplotlib's backend is '{backend}' (MPLBACKEND={backend}), which shows no "
                   "figures in a notebook. Run `%matplotlib inline` in a cell first (every lesson starts "
                   "with it).\n")


def test_a_backend_chosen_in_code_is_not_blamed_on_mplbackend(monkeypatch, capsys):
    # ipykernel itself sets MPLBACKEND to its inline backend; matplotlib.use("agg") then changed it.
    monkeypatch.setattr(environment, "notebook_backend", lambda: "agg")
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    check_environment()
    out = capsys.readouterr().out
    assert out.startswith("Not ready: matplotlib's backend is 'agg', which shows no figures") and "MPLBACKEND" not in out


def test_missing_packages_and_the_backend_are_both_named(monkeypatch, capsys):
    monkeypatch.setattr(environment, "metadata", fake_metadata({"matplotlib": "3.10.1"}))
    monkeypatch.setattr(environment, "notebook_backend", lambda: "pdf")
    monkeypatch.delenv("MPLBACKEND", raising=False)
    check_environment()
    out = capsys.readouterr().out
    assert out.startswith("Not ready: numpy is missing (need 1.24 or newer). Run `make lesson`")
    assert out.endswith("Also: matplotlib's backend is 'pdf', which shows no figures in a notebook. "
                        "Run `%matplotlib inline` in a cell first (every lesson starts with it).\n")


def test_outside_a_notebook_the_backend_is_not_judged():
    # pytest is no Jupyter kernel: a script may well draw with Agg into files.
    assert environment.notebook_backend() is None
    assert environment.backend_problem(None) is None
