"""Real measurements for lesson 7 (``07_fit_many_features``): a CSV file next to this module, no network."""

from __future__ import annotations

import csv
import dataclasses
from importlib import resources

import numpy as np

PENGUINS_FILE = "penguins.csv"
_FEATURES = {"flipper_length_mm": "flipper length", "bill_length_mm": "bill length",  # column: name
             "bill_depth_mm": "bill depth"}


@dataclasses.dataclass(frozen=True, kw_only=True, repr=False)
class Penguins:
    """The Palmer penguins measurements, as returned by :func:`load_penguins`.

    Attributes
    ----------
    X : ndarray of shape (333, 3)
        Flipper length, bill length and bill depth, in mm, one row per penguin.
    y : ndarray of shape (333,)
        Body mass, in g.
    feature_names : tuple of str
        The names of ``X``'s columns.
    species, sex : ndarray of str, shape (333,)
        ``"Adelie"``, ``"Chinstrap"`` or ``"Gentoo"``; ``"female"`` or ``"male"``.
    """

    X: np.ndarray
    y: np.ndarray
    feature_names: tuple
    species: np.ndarray
    sex: np.ndarray

    def __repr__(self):
        return (f"Penguins({len(self.y)} penguins; X: {', '.join(self.feature_names)} (mm); y: body mass (g); "
                "also species and sex)")


def load_penguins():
    """Body mass and three size measurements of 333 penguins: a real data set for many features.

    Returns
    -------
    Penguins
        Row ``i`` of every array is the same penguin, in the file's order.

    Notes
    -----
    **Source.** Gorman KB, Williams TD, Fraser WR (2014). Ecological sexual
    dimorphism and environmental variability within a community of Antarctic
    penguins (genus *Pygoscelis*). PLoS ONE 9(3): e90081,
    doi:10.1371/journal.pone.0090081. Data collected by Dr. Kristen Gorman
    with the Palmer Station Antarctica Long Term Ecological Research (LTER)
    Program, and prepared as the palmerpenguins R package by Horst AM, Hill
    AP, Gorman KB (2020), doi:10.5281/zenodo.3960218.

    **License.** CC0 1.0 (public domain dedication), per the Palmer Station
    LTER data policy and the palmerpenguins package.

    **The copy.** ``sgd_lesson/penguins.csv`` is the file
    ``palmerpenguins/data/penguins.csv`` of the PyPI package palmerpenguins
    0.1.6, byte for byte (sha256
    ``f204db2c753b0937caac3cb35258562c14f073e4bbc76be24b4c51ce22767a93``):
    344 rows, of which the 11 with a missing value (``NA``) are dropped.

    Examples
    --------
    >>> penguins = load_penguins()
    >>> penguins.X[0].tolist(), float(penguins.y[0]), str(penguins.species[0])
    ([181.0, 39.1, 18.7], 3750.0, 'Adelie')
    """
    with resources.files("sgd_lesson").joinpath(PENGUINS_FILE).open(encoding="utf-8", newline="") as file:
        complete = [row for row in csv.DictReader(file) if "NA" not in row.values()]
    return Penguins(
        X=np.array([[float(row[column]) for column in _FEATURES] for row in complete]),
        y=np.array([float(row["body_mass_g"]) for row in complete]),
        feature_names=tuple(_FEATURES.values()),
        species=np.array([row["species"] for row in complete]),
        sex=np.array([row["sex"] for row in complete]),
    )
