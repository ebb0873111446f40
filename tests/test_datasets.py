"""sgd_lesson.datasets: the shipped penguins measurements, checked against the file they come from."""

import hashlib
import sys
from pathlib import Path

import numpy as np

import sgd_lesson
from sgd_lesson.datasets import PENGUINS_FILE, load_penguins

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: pip vendors a TOML reader
    from pip._vendor import tomli as tomllib

CSV = Path(sgd_lesson.__file__).with_name(PENGUINS_FILE)


def test_shapes_names_and_units():
    penguins = load_penguins()
    assert penguins.X.shape == (333, 3) and penguins.X.dtype == np.float64
    assert penguins.y.shape == penguins.species.shape == penguins.sex.shape == (333,)
    assert penguins.feature_names == ("flipper length", "bill length", "bill depth")
    assert np.isfinite(penguins.X).all() and np.isfinite(penguins.y).all()


def test_pinned_rows():
    penguins = load_penguins()
    rows = {0: ([181.0, 39.1, 18.7], 3750.0, "Adelie", "male"),  # the file's first row
            146: ([211.0, 46.1, 13.2], 4500.0, "Gentoo", "female"),  # the file's first Gentoo, after 146 Adelie
            332: ([198.0, 50.2, 18.7], 3775.0, "Chinstrap", "female")}  # the file's last row
    for i, (features, mass, species, sex) in rows.items():
        assert penguins.X[i].tolist() == features
        assert (float(penguins.y[i]), str(penguins.species[i]), str(penguins.sex[i])) == (mass, species, sex)


def test_the_eleven_rows_with_a_missing_value_are_dropped():
    lines = CSV.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "species,island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex,year"
    assert len(lines) - 1 == 344
    assert sum("NA" in line.split(",") for line in lines[1:]) == 11
    penguins = load_penguins()
    assert len(penguins.y) == 344 - 11


def test_counts_and_ranges():
    penguins = load_penguins()
    species, counts = np.unique(penguins.species, return_counts=True)
    assert dict(zip(species.tolist(), counts.tolist(), strict=True)) == {"Adelie": 146, "Chinstrap": 68, "Gentoo": 119}
    assert (penguins.sex == "female").sum() == 165 and (penguins.sex == "male").sum() == 168
    np.testing.assert_array_equal(penguins.X.min(axis=0), [172.0, 32.1, 13.1])
    np.testing.assert_array_equal(penguins.X.max(axis=0), [231.0, 59.6, 21.5])
    assert (penguins.y.min(), penguins.y.max()) == (2700.0, 6300.0)


def test_the_file_is_the_one_the_docstring_names_and_small():
    digest = hashlib.sha256(CSV.read_bytes()).hexdigest()
    assert digest in load_penguins.__doc__.replace("\n    ", "")
    assert CSV.stat().st_size < 100_000


def test_the_file_is_installed_with_the_package():
    """pyproject's package-data must match the CSV, or `pip install .` (not editable) leaves it behind."""
    pyproject = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["sgd_lesson"]
    assert any(CSV.match(pattern) for pattern in patterns)


def test_each_call_returns_fresh_arrays():
    first = load_penguins()
    first.X[:] = 0.0
    assert load_penguins().X[0, 0] == 181.0


def test_repr_names_the_columns():
    assert repr(load_penguins()) == ("Penguins(333 penguins; X: flipper length, bill length, bill depth (mm); "
                                     "y: body mass (g); also species and sex)")
