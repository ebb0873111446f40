"""The browser test's watcher (tests/browser/lab_e2e.py): which requests it blocks, and
which failures and console errors it blames on a notebook's outputs.

``make test-browser`` itself needs Chromium and takes a minute, so these rules are
checked here on stand-ins for Playwright's route, request, console message and page
error objects (the real thing caught each kind on a scratch notebook: see the commit).
"""

from __future__ import annotations

import importlib.util
import sys
from types import SimpleNamespace

from notebook_tools import REPO

spec = importlib.util.spec_from_file_location("lab_e2e", REPO / "tests" / "browser" / "lab_e2e.py")
lab_e2e = importlib.util.module_from_spec(spec)
sys.modules.setdefault("lab_e2e", lab_e2e)  # its dataclasses look their module up there
spec.loader.exec_module(lab_e2e)

SERVER = "http://127.0.0.1:40000"
BUNDLE = f"{SERVER}/static/lab/jlab_core.abc.js?v=abc"


class Log:
    def __init__(self):
        self.lines = []

    def write(self, text):
        self.lines.append(text)


class Route:
    def __init__(self, url):
        self.request = SimpleNamespace(url=url)
        self.outcome = None

    def abort(self, reason):
        self.outcome = f"abort {reason}"

    def continue_(self):
        self.outcome = "continue"


class PageError(Exception):
    def __init__(self, message, stack):
        super().__init__(message)
        self.stack = stack


def watcher():
    found = lab_e2e.Watcher(SERVER, Log())
    found.current = "02_x.ipynb"
    return found


def test_requests_to_other_hosts_are_blocked_and_local_ones_pass():
    seen = watcher()
    for url, outcome in [(f"{SERVER}/api/contents", "continue"), ("ws://127.0.0.1:40000/api/kernels/1", "continue"),
                         ("http://localhost:40000/x", "continue"), ("data:image/png;base64,AAAA", "continue"),
                         ("https://maxcdn.bootstrapcdn.com/font-awesome.css", "abort blockedbyclient"),
                         ("http://93.184.216.34/x.png", "abort blockedbyclient")]:
        route = Route(url)
        seen.route(route)
        assert route.outcome == outcome, url
    assert seen.failures("02_x.ipynb") == []  # blocking alone is not the failure: the failed request is


def test_a_failed_request_fails_the_notebook_open_at_the_time():
    seen = watcher()
    cdn = "https://maxcdn.bootstrapcdn.com/font-awesome.css"
    seen.route(Route(cdn))
    seen.request_failed(SimpleNamespace(url=cdn, failure="net::ERR_BLOCKED_BY_CLIENT"))
    seen.current = "03_y.ipynb"
    seen.request_failed(SimpleNamespace(url=f"{SERVER}/files/gone.png", failure="net::ERR_CONNECTION_RESET"))
    first, second = seen.failures("02_x.ipynb"), seen.failures("03_y.ipynb")
    assert len(first) == 1 and cdn in first[0] and "blocked: another host" in first[0]
    assert len(second) == 1 and "gone.png" in second[0] and "blocked" not in second[0]
    assert seen.failures("02_x.ipynb") == []  # handed out once


def test_console_errors_count_unless_they_come_from_jupyterlab_itself():
    seen = watcher()
    messages = [("error", "an output logs an error", f"{SERVER}/lab/tree/02_x.ipynb"),
                ("error", "Failed to load resource: net::ERR_BLOCKED_BY_CLIENT", "https://cdn.example/x.css"),
                ("error", "Failed to load resource: 404 (Not Found)", f"{SERVER}/files/missing.png"),
                ("error", "Could not restore the debugger state", BUNDLE),
                ("warning", "Connection lost, reconnecting", f"{SERVER}/lab"),
                ("log", "hello from an output", "")]
    for kind, text, url in messages:
        seen.console(SimpleNamespace(type=kind, text=text, location={"url": url}))
    blamed = seen.failures("02_x.ipynb")
    assert len(blamed) == 3, blamed
    assert [text in " ".join(blamed) for _, text, _ in messages] == [True, True, True, False, False, False]


def test_uncaught_errors_are_blamed_by_their_first_frame():
    seen = watcher()
    seen.page_error(PageError("an output throws", "Error: an output throws\n    at <anonymous>:1:7"))
    seen.page_error(PageError("lab's own", f"Error: lab's own\n    at t.dispose ({BUNDLE}:2:100)"))
    seen.page_error(PageError("Canceled future for create_subshell_request", ""))
    blamed = seen.failures("02_x.ipynb")
    assert len(blamed) == 1 and "an output throws" in blamed[0] and "<anonymous>" in blamed[0]
    assert len(seen.unattributed) == 1 and "Canceled future" in seen.unattributed[0]
