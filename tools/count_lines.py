"""Count the package's lines by kind: code, docstrings, comments and blank lines.

    .venv/bin/python tools/count_lines.py [--rev REV] [--exclude MODULE,MODULE]

Reads ``sgd_lesson/*.py`` (``sgd_lesson/checks/`` is left out) from the working tree, or
from commit REV with ``--rev``, and prints one row per module and the total. A docstring
is the first statement of a module, class or function when it is a string; a comment
line is one that holds only a comment.
"""

from __future__ import annotations

import argparse
import ast
import io
import subprocess
import tokenize
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
KINDS = ("code", "doc", "comment", "blank")


def kinds(source):
    """The kind of every line of ``source``."""
    lines = source.splitlines()
    kind = ["blank" if not line.strip() else "code" for line in lines]
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT and lines[token.start[0] - 1].strip().startswith("#"):
            kind[token.start[0] - 1] = "comment"
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                kind[first.lineno - 1 : first.end_lineno] = ["doc"] * (first.end_lineno - first.lineno + 1)
    return kind


def sources(rev):
    """``{path: source}`` of the package's modules, in the working tree or at ``rev``."""
    if rev is None:
        return {str(path.relative_to(REPO)): path.read_text() for path in sorted((REPO / "sgd_lesson").glob("*.py"))}
    names = subprocess.run(["git", "-C", str(REPO), "ls-tree", "--name-only", rev, "sgd_lesson/"],
                           capture_output=True, text=True, check=True).stdout.split()
    return {name: subprocess.run(["git", "-C", str(REPO), "show", f"{rev}:{name}"], capture_output=True, text=True,
                                 check=True).stdout for name in sorted(names) if name.endswith(".py")}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rev", help="a commit to read instead of the working tree")
    parser.add_argument("--exclude", default="", help="modules to leave out, comma-separated (e.g. autodiff,graphs)")
    args = parser.parse_args(argv)
    excluded = set(filter(None, args.exclude.split(",")))
    totals = dict.fromkeys(KINDS, 0)
    for name, source in sources(args.rev).items():
        if Path(name).stem in excluded:
            continue
        kind = kinds(source)
        counts = {k: kind.count(k) for k in KINDS}
        for k in KINDS:
            totals[k] += counts[k]
        print(f"{len(kind):5d}  " + "  ".join(f"{k} {counts[k]:4d}" for k in KINDS) + f"  {name}")
    print(f"{sum(totals.values()):5d}  " + "  ".join(f"{k} {totals[k]:4d}" for k in KINDS) + "  total")


if __name__ == "__main__":
    main()
