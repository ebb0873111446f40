"""A pytest plugin that records what each exercise check said to the tests' answers.

The hygiene gate (``tests/test_notebook_hygiene.py``) runs a lesson's check tests in a
subprocess with ``-p check_recorder``. Before the tests are collected, the plugin
wraps the named ``check_...`` functions in their module, so that a test which
imported them gets the wrapper; each call's printed text still reaches the test (its
``capsys`` sees it), and is sorted as the check's verdict:

- ``right``: it printed "right!";
- ``wrong``: it printed "not yet" (a wrong answer, with a hint);
- ``unanswered``: it printed "no answer yet";
- ``other``: anything else.

At the end the verdicts and the printed text of each call go to a JSON file, keyed
``module:name``. This
judges what the tests did, whatever a check is made of (a function, a closure from a
shared helper, a callable object with a catalogue of mistakes).

Environment: ``CHECK_RECORDER_CHECKS``, JSON ``[[name, module, file], ...]`` (the module's
file is loaded under that module's name when it is not the one an import would find,
so a gate test can stand in a module of its own); ``CHECK_RECORDER_OUT``, the JSON file
to write.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import importlib.util
import io
import json
import os
import sys
from pathlib import Path

VERDICTS = (("right", "right!"), ("wrong", "not yet"), ("unanswered", "no answer yet"))


def verdict(text):
    for name, words in VERDICTS:
        if words in text:
            return name
    return "other"


def load(module_name, file):
    """The module ``module_name``, from ``file`` if that is not what an import would give."""
    package = module_name.rpartition(".")[0]
    if package:
        importlib.import_module(package)
    spec = importlib.util.find_spec(module_name)
    if spec is not None and spec.origin and Path(spec.origin).resolve() == Path(file).resolve():
        return importlib.import_module(module_name)
    spec = importlib.util.spec_from_file_location(module_name, file)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    if package:
        setattr(sys.modules[package], module_name.rpartition(".")[2], module)
    return module


def recording(check, record):
    @functools.wraps(check)
    def recorded(*args, **kwargs):
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            result = check(*args, **kwargs)
        text = printed.getvalue()
        sys.stdout.write(text)
        record.append([verdict(text), text])
        return result

    return recorded


RECORDS = {}


def _install():
    for name, module_name, file in json.loads(os.environ.get("CHECK_RECORDER_CHECKS", "[]")):
        module = load(module_name, file)
        record = RECORDS.setdefault(f"{module_name}:{name}", [])
        setattr(module, name, recording(getattr(module, name), record))


_install()


def pytest_sessionfinish(session, exitstatus):
    out = os.environ.get("CHECK_RECORDER_OUT")
    if out:
        Path(out).write_text(json.dumps(RECORDS))
