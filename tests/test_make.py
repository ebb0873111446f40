"""The Makefile's front door: ``make lesson`` starts JupyterLab for root and other users
alike, and ``make help`` lists every target.

``make lesson`` is asked (``make -n``) for exactly the command it runs, with this test
environment as its ``VENV`` and, through ``LAB_ARGS``, no browser, a free port and a
token; that command starts in a shell, and the test waits until the server lists the
notebooks through its contents API, then shuts it down. JupyterLab refuses to start
when ``os.geteuid()`` is 0 unless given ``--allow-root``: each test runs the command
once as whoever runs the tests, and once with ``os.geteuid`` answering as the other
kind of user (a ``sitecustomize`` module on ``PYTHONPATH``), so root and non-root are
both covered on any machine.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted(path.name for path in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SERVER_START = 90  # seconds: a generous bound on a busy machine, not a speed test
IS_ROOT = os.geteuid() == 0


def make(*arguments, makefiles=()):
    files = [option for makefile in makefiles for option in ("-f", str(makefile))]
    result = subprocess.run(["make", "--no-print-directory", *files, *arguments], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"make {' '.join(arguments)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def lesson_command(lab_args):
    """The one shell command ``make lesson LAB_ARGS=...`` runs, with this environment as its VENV
    (``-o`` keeps make from reinstalling it: a dry run prints only the lesson recipe)."""
    venv = Path(sys.prefix)
    lines = make("-n", "-o", str(venv / ".installed-lesson"), "lesson", f"VENV={venv}",
                 f"LAB_ARGS={lab_args}").strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url, token):
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=5) as response:
        body = response.read()
    return json.loads(body) if body else {}


def wait_for_contents(process, url, token, log):
    """The names the contents API lists at the server's root, once it answers."""
    deadline = time.monotonic() + SERVER_START
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"make lesson's command exited with status {process.returncode} "
                                 f"before answering:\n{log.read_text()[-3000:]}")
        with contextlib.suppress(OSError, urllib.error.URLError, ValueError):
            listing = get(f"{url}/api/contents?content=1", token)
            return sorted(item["name"] for item in listing["content"])
        time.sleep(0.2)
    raise AssertionError(f"no answer from {url}/api/contents within {SERVER_START} s:\n{log.read_text()[-3000:]}")


def stop(process):
    """What Ctrl-C does for a user, without the question: SIGTERM (JupyterLab shuts down
    cleanly), then SIGKILL, to the shell and the server in their own process group."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        if process.poll() is None:  # not reaped yet, so the group id is still ours
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, sig)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=10)


@pytest.mark.parametrize("as_root", [True, False], ids=["as root", "as another user"])
def test_make_lesson_serves_the_notebooks(as_root, tmp_path):
    port, token = free_port(), secrets.token_hex(16)
    url = f"http://127.0.0.1:{port}"
    command = lesson_command(f"--no-browser --ServerApp.ip=127.0.0.1 --port={port} --port-retries=0 "
                             f"--IdentityProvider.token={token}")
    env = {**os.environ, "JUPYTER_PLATFORM_DIRS": "1", "PYTHONUNBUFFERED": "1"}
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR", "JUPYTERLAB_SETTINGS_DIR",
                 "JUPYTERLAB_WORKSPACES_DIR"):  # nothing read from or written to the user's folders
        env[name] = str(tmp_path / name.lower())
    marker = tmp_path / "geteuid-replaced"
    if as_root != IS_ROOT:
        site = tmp_path / "site"
        site.mkdir()
        (site / "sitecustomize.py").write_text(
            f"import os\nos.geteuid = lambda: {0 if as_root else 1000}\nopen({str(marker)!r}, 'a').close()\n")
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(site), env.get("PYTHONPATH")]))
    log = tmp_path / "lab.log"
    with log.open("w") as output:
        process = subprocess.Popen(["sh", "-c", command], cwd=ROOT, env=env, stdout=output,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            names = wait_for_contents(process, url, token, log)
        finally:
            stop(process)
    assert set(NOTEBOOKS) <= set(names), f"the server lists {names}, not the notebooks {NOTEBOOKS}"
    assert marker.exists() == (as_root != IS_ROOT), "the other user's geteuid was not in effect"
    assert process.poll() is not None, "the server outlived the test"


def test_lesson_passes_lab_args_after_its_own():
    command = lesson_command("--port=8890 --no-browser")
    assert command.split()[1:] == ["lab", "notebooks", "--allow-root", "--port=8890", "--no-browser"], command
    assert command.split()[0] == str(Path(sys.prefix, "bin", "jupyter"))


def documented_targets(*makefiles):
    """Target -> description from ``make help``."""
    lines = make("help", makefiles=makefiles).splitlines()[1:]
    return dict(line.strip().split(None, 1) for line in lines)


def test_make_help_lists_every_target_with_what_it_does():
    targets = documented_targets()
    for target in ("help", "lesson", "test", "unit", "nbval", "lint", "notebooks", "bench", "bench-notebooks",
                   "test-oldest", "test-browser", "clean"):
        assert target in targets, f"make help does not list {target}: {targets}"
    assert "Ctrl-C" in targets["lesson"] and "LAB_ARGS" in targets["lesson"]
    assert "NOTEBOOKS=" in targets["nbval"]
    assert make() == make("help"), "plain make should print the help, not build something"


def test_make_help_picks_up_a_target_added_later(tmp_path):
    extra = tmp_path / "more.mk"
    extra.write_text("site: ## Build the static website\n\t@true\n\nundocumented:\n\t@true\n")
    targets = documented_targets(ROOT / "Makefile", extra)
    assert targets["site"] == "Build the static website"
    assert "undocumented" not in targets and "lesson" in targets
