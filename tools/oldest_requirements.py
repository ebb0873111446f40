"""Print the oldest supported versions as pip requirements, for ``make test-oldest``.

pyproject.toml declares lower bounds only (``numpy>=1.24``). This turns each
runtime dependency and each dependency of the given extras (``test`` by
default) into an exact pin of its lower bound (``numpy==1.24``), one a line.
Installed into a fresh environment with the package on top (``--no-deps``),
they let the unit tests and strict nbval show that the lower bounds are
honest. Transitive dependencies are left to pip's resolver; they must be
compatible with these pins, or pip says so.

Usage: ``python tools/oldest_requirements.py [--extra test ...] [pyproject.toml]``
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

try:
    import tomllib
except ImportError:  # Python 3.10: pip vendors a TOML reader
    from pip._vendor import tomli as tomllib

REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*?)\s*(;.*)?$")
LOWER_BOUND = re.compile(r"^>=\s*([0-9][0-9a-zA-Z.]*)$")


def pin_lower_bound(requirement):
    """``'numpy>=1.24'`` -> ``'numpy==1.24'``; a requirement without a single lower bound is an error."""
    match = REQUIREMENT.match(requirement)
    if not match:
        raise ValueError(f"cannot read the requirement {requirement!r}")
    name, extras, specifier, marker = match.groups()
    bounds = [part.strip() for part in specifier.split(",") if part.strip()]
    lower = [LOWER_BOUND.match(bound) for bound in bounds]
    if len(bounds) != 1 or not lower[0]:
        raise ValueError(f"{requirement!r}: expected exactly one lower bound, like 'name>=1.2'")
    return f"{name}{extras or ''}=={lower[0].group(1)}{marker or ''}"


def oldest(pyproject, extras=("test",)):
    """The pinned lower bounds of the runtime dependencies and of ``extras``, in declaration order."""
    project = tomllib.loads(Path(pyproject).read_text())["project"]
    requirements = list(project.get("dependencies", []))
    optional = project.get("optional-dependencies", {})
    for extra in extras:
        if extra not in optional:
            raise ValueError(f"pyproject.toml has no extra {extra!r} (it has {sorted(optional)})")
        requirements += optional[extra]
    return [pin_lower_bound(requirement) for requirement in requirements]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pyproject", nargs="?", default=Path(__file__).resolve().parents[1] / "pyproject.toml")
    parser.add_argument("--extra", action="append", help="an extra whose dependencies to pin too (default: test)")
    args = parser.parse_args(argv)
    print("\n".join(oldest(args.pyproject, extras=args.extra or ["test"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
