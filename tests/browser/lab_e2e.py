"""Run every lesson in real JupyterLab in headless Chromium, as a student would (``make test-browser``).

nbval runs a kernel, not a front end: it cannot tell whether a figure shows, whether
an animation's player works or whether a slider redraws its figure. This script starts
``jupyter lab`` on 127.0.0.1 (a free port, a token, throwaway settings, runtime and
config folders), drives Debian's Chromium with Playwright, and for every notebook:

1. opens it, clears its outputs, then restarts the kernel and runs all cells with
   JupyterLab's own command (``notebook:restart-run-all``);
2. waits until every code cell shows an execution count and the kernel is idle;
3. checks that no cell shows an error, writes to stderr or holds math MathJax cannot
   typeset; that every cell whose stored output has an image shows a loaded image, and
   no cell shows the same figure twice; that every animation (matplotlib's jshtml
   player) shows its controls and steps to its next frame on a click; and that every
   widget cell shows live controls and, where it has a slider and a figure, that
   dragging the slider replaces the figure; and that while it was open no request
   failed (every request to another host is blocked, so a stored output that loads
   anything from elsewhere fails here as it would offline) and none of the notebook's
   outputs logged an error to the browser console;
4. saves a screenshot of the whole notebook to ``build/screenshots/<name>.png``
   (``--pages`` also cuts it into screen-sized pages and saves each figure cell alone),
   and prints notes for a reviewer: figures shrunk to fit the page, code or output
   that scrolls sideways, TeX left as text.

Which cells to check comes from the outputs stored in the notebook file (``image/png``,
jshtml ``text/html``, widget views) and from what the fresh run shows, so a new lesson
needs no configuration here. The server, its kernels and the browser are shut down
whatever happens (a failure, Ctrl-C or SIGTERM).

Usage: ``python tests/browser/lab_e2e.py [--pages] [--verbose] [NOTEBOOK ...]`` (default: every
``notebooks/[0-9][0-9]_*.ipynb``). Exit status 0 when every check passed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
    # Nothing outside this machine: no name resolves but the server's (requests to an
    # address are blocked by Watcher.route).
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
VIEWPORT = {"width": 1280, "height": 800}  # a student's laptop, file browser open
MAX_SCREENSHOT_HEIGHT = 30000
PAGE_HEIGHT = 1000

# Timeouts, in seconds; each names what it waits for when it runs out.
SERVER_START = 90
PAGE_LOAD = 90
NOTEBOOK_OPEN = 60
RUN_ALL = 300
ASSET_LOAD = 20
WIDGET_REDRAW = 20

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
USER_SETTINGS = {
    # No "Jupyter news" question covering the page, no update check (no network here).
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/apputils-extension/sessionDialogs": {"skipKernelRestartDialog": True},
    # Never write the executed notebooks back to the repository.
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    # Every cell in the DOM, rendered, so every output can be checked and photographed
    # (and no empty screen of padding after the last cell in the screenshots).
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none", "scrollPastEnd": False},
}


class CheckError(Exception):
    """A check that did not hold, or a wait that ran out."""


@dataclass
class Expected:
    """What the stored outputs say one notebook should show."""

    n_cells: int
    plots: dict = field(default_factory=dict)  # cell index -> number of stored images
    animations: list = field(default_factory=list)
    widgets: list = field(default_factory=list)
    has_outputs: bool = False


def expected_outputs(path):
    """Read the checks to make from the outputs stored in the notebook file."""
    notebook = json.loads(Path(path).read_text(encoding="utf-8"))
    expected = Expected(n_cells=len(notebook["cells"]))
    for index, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] != "code":
            continue
        outputs = cell.get("outputs", [])
        expected.has_outputs |= bool(outputs)
        data = [output.get("data", {}) for output in outputs]
        images = sum("image/png" in item or "image/jpeg" in item for item in data)
        if any(WIDGET_MIME in item for item in data):
            expected.widgets.append(index)
        if any('class="animation"' in "".join(item.get("text/html", "")) for item in data):
            expected.animations.append(index)
        if images:
            expected.plots[index] = images
    return expected


# ---------------------------------------------------------------- the server

def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_settings(settings_dir):
    for name, values in USER_SETTINGS.items():
        path = Path(settings_dir, name + ".jupyterlab-settings")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))


class LabServer:
    """``jupyter lab`` on 127.0.0.1 in its own process group, with throwaway folders."""

    def __init__(self, root_dir, scratch, log_path):
        self.root_dir = root_dir
        self.port = free_port()
        self.token = secrets.token_hex(24)
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        folders = {name: Path(scratch, name) for name in ("config", "data", "runtime", "settings",
                                                           "workspaces", "ipython", "checkpoints")}
        for folder in folders.values():
            folder.mkdir(parents=True)
        write_settings(folders["settings"])
        self.env = {
            **os.environ,
            "JUPYTER_CONFIG_DIR": str(folders["config"]),
            "JUPYTER_DATA_DIR": str(folders["data"]),
            "JUPYTER_RUNTIME_DIR": str(folders["runtime"]),
            "JUPYTERLAB_SETTINGS_DIR": str(folders["settings"]),
            "JUPYTERLAB_WORKSPACES_DIR": str(folders["workspaces"]),
            "IPYTHONDIR": str(folders["ipython"]),
            "JUPYTER_PLATFORM_DIRS": "1",
            "PYTHONUNBUFFERED": "1",
        }
        self.env.pop("MPLBACKEND", None)
        self.checkpoints = folders["checkpoints"]
        self.process = None
        self.descendants = {}

    def start(self):
        command = [
            sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
            "--ip=127.0.0.1", f"--port={self.port}", "--port-retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root_dir}",
            "--ServerApp.terminals_enabled=False",
            # JupyterLab checkpoints every notebook it opens: not in the repository.
            f"--FileCheckpoints.checkpoint_dir={self.checkpoints}",
            "--LabApp.expose_app_in_browser=True",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.news_url=",
        ]
        self.log = open(self.log_path, "w")  # closed in stop()
        self.process = subprocess.Popen(command, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + SERVER_START
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise CheckError(f"jupyter lab exited with status {self.process.returncode} while starting; "
                                 f"see {self.log_path}")
            with contextlib.suppress(OSError, urllib.error.URLError):
                if self.api("/api/status") is not None:
                    return
            time.sleep(0.2)
        raise CheckError(f"timed out after {SERVER_START} s waiting for jupyter lab to answer on {self.url}")

    def api(self, path, method="GET"):
        request = urllib.request.Request(self.url + path, method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else {}

    def kernels(self):
        return self.api("/api/kernels")

    def remember_descendants(self):
        """Note the server's children: its kernels run in process groups of their own."""
        if self.process is not None and self.process.poll() is None:
            self.descendants.update(_descendants(self.process.pid))

    def stop(self):
        """Ask the server to shut down (with its kernels); then kill what is left of it."""
        if self.process is None:
            return
        self.remember_descendants()
        if self.process.poll() is None:
            with contextlib.suppress(OSError, urllib.error.URLError, ValueError):
                self.api("/api/shutdown", method="POST")
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=10)
        for sig in (signal.SIGTERM, signal.SIGKILL):
            if self.process.poll() is None:  # not reaped yet, so its group id is still ours
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, sig)
            # Only processes that are still the ones we saw (a pid can be reused).
            alive = [pid for pid, started in self.descendants.items() if _start_time(pid) == started]
            for pid in alive:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, sig)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=5)
            if self.process.poll() is not None and not alive:
                break
        self.log.close()


def _start_time(pid):
    """When ``pid`` started (clock ticks since boot), or None when it is gone."""
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19])
    except (OSError, ValueError, IndexError):
        return None


def _descendants(pid):
    """Every process under ``pid``, as {pid: start time}."""
    children = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append((int(stat.parent.name), int(fields[19])))
    found, todo = {}, [pid]
    while todo:
        for child, started in children.get(todo.pop(), []):
            if child not in found:
                found[child] = started
                todo.append(child)
    return found


# ---------------------------------------------------------------- the page

def wait_js(page, expression, what, timeout, arg=None):
    """Wait until ``expression`` (a JS function) returns something truthy; fail saying ``what``."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        return page.wait_for_function(expression, arg=arg, timeout=timeout * 1000, polling=100).json_value()
    except PlaywrightTimeout:
        raise CheckError(f"timed out after {timeout} s waiting for {what}") from None


# Open the notebook, then close everything else (the last notebook: marked clean so that
# no "save changes?" dialog asks, and its kernel shut down).
OPEN_NOTEBOOK = """async (path) => {
  const app = window.jupyterapp;
  const others = Array.from(app.shell.widgets('main'));
  const panel = await app.commands.execute('docmanager:open', {path, factory: 'Notebook'});
  window.__labTest = {panel, error: null};
  app.shell.activateById(panel.id);
  for (const widget of others) {
    if (widget === panel) continue;
    if (widget.context && widget.context.model) widget.context.model.dirty = false;
    if (widget.sessionContext) await widget.sessionContext.shutdown();
    widget.dispose();
  }
  await panel.context.ready;
  await panel.sessionContext.ready;
  return panel.content.widgets.length;
}"""

NOTEBOOK_READY = """(nCells) => {
  const panel = window.__labTest.panel;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  const rendered = panel.content.node.querySelectorAll('.jp-Cell').length;
  return rendered === nCells && panel.content.widgets.length === nCells
    && kernel && kernel.connectionStatus === 'connected' && kernel.status === 'idle';
}"""

RUN_ALL_CELLS = """async () => {
  const app = window.jupyterapp;
  const state = window.__labTest;
  app.shell.activateById(state.panel.id);
  await app.commands.execute('notebook:clear-all-cell-outputs');
  app.commands.execute('notebook:restart-run-all').then(
    (result) => { state.ran = result; },
    (error) => { state.error = String(error); });
  return true;
}"""

# 'done' when every non-empty code cell shows [n] and the kernel is idle; 'stopped' when
# a cell failed and Run All stopped there (the later cells never get a number).
RUN_STATE = """() => {
  const state = window.__labTest;
  if (state.error) return 'command failed: ' + state.error;
  const panel = state.panel;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  if (!kernel || kernel.status !== 'idle') return false;
  let pending = 0, failed = false;
  for (const cell of panel.content.widgets) {
    if (cell.model.type !== 'code' || cell.model.sharedModel.getSource().trim() === '') continue;
    const prompt = cell.node.querySelector('.jp-InputPrompt');
    const shown = prompt ? prompt.textContent.trim() : '';
    if (cell.model.executionCount === null || !/^\\[\\d+\\]:?$/.test(shown)) pending += 1;
    if (cell.model.outputs.toJSON().some((o) => o.output_type === 'error')) failed = true;
  }
  if (pending === 0) return 'done';
  return failed && state.ran !== undefined ? 'stopped' : false;
}"""

# What the page shows, cell by cell.
CELL_REPORT = """() => {
  const panel = window.__labTest.panel;
  const text = (node) => (node ? node.textContent : '').trim();
  return panel.content.widgets.map((cell, index) => {
    const node = cell.node;
    const outputs = cell.model.type === 'code' ? cell.model.outputs.toJSON() : [];
    const problems = outputs
      .filter((o) => o.output_type === 'error' || (o.output_type === 'stream' && o.name === 'stderr'))
      .map((o) => o.output_type === 'error' ? `${o.ename}: ${o.evalue}` : [].concat(o.text).join(''));
    for (const shown of node.querySelectorAll('[data-mime-type="application/vnd.jupyter.stderr"]')) {
      if (!problems.length) problems.push(text(shown));
    }
    // MathJax: a TeX error, or an undefined macro (which it shows in red).
    for (const math of node.querySelectorAll('mjx-merror, mjx-assistive-mml mtext[mathcolor="red"]')) {
      problems.push('math that MathJax cannot typeset: ' + (math.getAttribute('data-mjx-error') || text(math)));
    }
    // TeX left as text (unbalanced braces hide a formula from MathJax), outside code.
    let prose = '';
    for (const block of node.querySelectorAll('.jp-RenderedMarkdown')) {
      const copy = block.cloneNode(true);
      copy.querySelectorAll('code, pre, mjx-container').forEach((el) => el.remove());
      prose += copy.textContent;
    }
    const rawTex = prose.match(/\\$\\$|\\\\(frac|sum|partial|nabla|mathbf|left|right|cdot|eta|theta|lambda)\\b/);
    const area = node.querySelector('.jp-OutputArea');
    const images = Array.from(node.querySelectorAll('.jp-OutputArea-output img'))
      .filter((img) => !img.closest('.animation'))
      .map((img) => ({
        src: img.src.length + ':' + img.src.slice(-64),
        inWidget: !!img.closest('.jupyter-widgets'),
        loaded: img.complete && img.naturalWidth > 0,
        natural: [img.naturalWidth, img.naturalHeight],
        shown: [Math.round(img.getBoundingClientRect().width), Math.round(img.getBoundingClientRect().height)],
      }));
    const animations = Array.from(node.querySelectorAll('.animation')).map((player) => {
      const img = player.querySelector('img');
      return {
        buttons: player.querySelectorAll('button').length,
        slider: !!player.querySelector('input.anim-slider'),
        frameShown: !!img && img.complete && img.naturalWidth > 0,
      };
    });
    return {
      index,
      type: cell.model.type,
      prompt: text(node.querySelector('.jp-InputPrompt')),
      problems,
      images,
      animations,
      rawTex: rawTex ? rawTex[0] : null,
      widgets: node.querySelectorAll('.jupyter-widgets').length,
      sliders: node.querySelectorAll('.widget-slider .noUi-handle').length,
      widgetErrors: Array.from(node.querySelectorAll('.jupyter-widgets, .jp-OutputArea-output'))
        .map(text).filter((t) => /Error displaying widget|Loading widget/.test(t)),
      // What a reader has to scroll sideways to see: [what, content width, visible width].
      sideways: [['code', '.jp-InputArea .cm-scroller'], ['text', '.jp-RenderedMarkdown'],
                 ['output', '.jp-OutputArea-output']]
        .flatMap(([what, selector]) => Array.from(node.querySelectorAll(selector))
          .filter((el) => el.scrollWidth > el.clientWidth + 1)
          .map((el) => [what, el.scrollWidth, el.clientWidth])),
    };
  });
}"""

ALL_IMAGES_LOADED = """() => Array.from(window.__labTest.panel.content.node.querySelectorAll('img'))
  .every((img) => img.complete)"""

# The figures a cell shows outside any player, as one string (the explorer's PNG).
FIGURE_FINGERPRINT = """(index) => {
  const node = window.__labTest.panel.content.widgets[index].node;
  return Array.from(node.querySelectorAll('.jp-OutputArea-output img'))
    .filter((img) => !img.closest('.animation') && !img.closest('.jupyter-widgets'))
    .map((img) => img.src).join('|');
}"""

FIGURE_CHANGED = """([index, before]) => {
  const node = window.__labTest.panel.content.widgets[index].node;
  const images = Array.from(node.querySelectorAll('.jp-OutputArea-output img'))
    .filter((img) => !img.closest('.animation') && !img.closest('.jupyter-widgets'));
  const now = images.map((img) => img.src).join('|');
  const kernel = window.__labTest.panel.sessionContext.session.kernel;
  return now !== before && images.length > 0 && images.every((img) => img.complete && img.naturalWidth > 0)
    && kernel.status === 'idle';
}"""

ANIMATION_FRAME = """(index) => {
  const img = window.__labTest.panel.content.widgets[index].node.querySelector('.animation img');
  return img && img.complete && img.naturalWidth > 0 ? img.src : null;
}"""

SCROLLER = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer"


def check_notebook(page, server, path, rel_path, screenshot, pages, phases):
    """Run one notebook in the page; return what went wrong (empty when it passed) and notes."""
    expected = expected_outputs(path)
    failures = []
    summary = "did not finish"
    clock = time.perf_counter()

    def phase(name):
        nonlocal clock
        now = time.perf_counter()
        phases.append(f"{name} {now - clock:.1f} s")
        clock = now

    n_cells = page.evaluate(OPEN_NOTEBOOK, rel_path)
    if n_cells != expected.n_cells:
        raise CheckError(f"JupyterLab opened {n_cells} cells, the file has {expected.n_cells}")
    wait_js(page, NOTEBOOK_READY, f"all {n_cells} cells to render and the kernel to be idle", NOTEBOOK_OPEN,
            arg=n_cells)
    phase("open")
    page.evaluate(RUN_ALL_CELLS)
    state = wait_js(page, RUN_STATE, "every code cell to show an execution count and the kernel to go idle",
                    RUN_ALL)
    phase("restart and run all")
    server.remember_descendants()
    if state == "done":
        busy = [k["execution_state"] for k in server.kernels() if k["execution_state"] != "idle"]
        if busy:
            failures.append(f"the server reports kernels not idle after Run All: {busy}")
        wait_js(page, ALL_IMAGES_LOADED, "the notebook's images to load", ASSET_LOAD)
    else:
        failures.append(f"Run All did not finish: {state}")
    cells = page.evaluate(CELL_REPORT)

    for cell in cells:
        where = f"cell {cell['index']}"
        for problem in cell["problems"]:
            failures.append(f"{where} shows an error or stderr: {problem.strip()[:400]}")
        for message in cell["widgetErrors"]:
            failures.append(f"{where}: {message[:200]}")

    if state == "done":
        failures += duplicate_figures(cells)
        for index, count in expected.plots.items():
            shown = [image for image in cells[index]["images"] if image["loaded"]]
            if len(shown) < count:
                failures.append(f"cell {index} should show {count} image(s) (its stored output has them), "
                                f"shows {len(shown)}")
        # What the stored outputs promise, and whatever else the fresh run shows, must work.
        players = sorted({*expected.animations, *(cell["index"] for cell in cells if cell["animations"])})
        widgets = sorted({*expected.widgets, *(cell["index"] for cell in cells if cell["widgets"])})
        figures = [cell for cell in cells if cell["images"] and cell["index"] not in widgets]
        summary = f"{len(figures)} cells with figures, {len(players)} animations, {len(widgets)} widget cells"
        for index in players:
            failures += checked(check_animation, page, index, cells[index])
        for index in widgets:
            with_figure = index in expected.plots or any(image["loaded"] and not image["inWidget"]
                                                         for image in cells[index]["images"])
            failures += checked(check_widget, page, index, cells[index], expects_figure=with_figure)
        phase("checks")

    notes = figure_notes(cells)
    take_screenshot(page, screenshot, pages)
    phase("screenshot")
    return failures, notes, expected, summary


def checked(check, *args, **kwargs):
    """The failures ``check`` returns, or the wait that ran out in it."""
    try:
        return check(*args, **kwargs)
    except CheckError as error:
        return [str(error)]


def check_animation(page, index, cell):
    where = f"cell {index}"
    players = cell["animations"]
    if not players:
        return [f"{where} should show an animation player (jshtml) and shows none"]
    player = players[0]
    failures = []
    if player["buttons"] < 5 or not player["slider"]:
        failures.append(f"{where}: the animation player shows {player['buttons']} buttons and "
                        f"{'a' if player['slider'] else 'no'} frame slider")
    first = wait_js(page, ANIMATION_FRAME, f"{where}'s animation to show its first frame", ASSET_LOAD, arg=index)
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").nth(index).locator(
        ".animation button[title='Next frame']").click(timeout=ASSET_LOAD * 1000)
    wait_js(page, "([index, first]) => { const img = window.__labTest.panel.content.widgets[index]"
                  ".node.querySelector('.animation img'); return img && img.src !== first; }",
            f"{where}'s animation to step to its next frame after a click on 'Next frame'", ASSET_LOAD,
            arg=[index, first])
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").nth(index).locator(
        ".animation button[title='First frame']").click(timeout=ASSET_LOAD * 1000)
    return failures


def check_widget(page, index, cell, *, expects_figure):
    where = f"cell {index}"
    if not cell["widgets"]:
        return [f"{where} should show live widget controls and shows none (no widget front end?)"]
    if not cell["sliders"]:
        return [] if not expects_figure else [f"{where} shows widgets but no slider to move"]
    before = page.evaluate(FIGURE_FINGERPRINT, index)
    if expects_figure and not before:
        return [f"{where} shows a slider but no figure under it"]
    slider = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").nth(index).locator(
        ".widget-slider").first
    readout = slider.locator(".widget-readout")
    value = readout.inner_text(timeout=ASSET_LOAD * 1000)
    move_slider(page, slider, 0.8)
    if readout.inner_text() == value:
        move_slider(page, slider, 0.2)
    moved = readout.inner_text()
    if moved == value:
        return [f"{where}: dragging the slider did not change its value ({value})"]
    if not expects_figure:
        return []
    wait_js(page, FIGURE_CHANGED, f"{where}'s figure to change after its slider moved from {value} to {moved}",
            WIDGET_REDRAW, arg=[index, before])
    return []


def move_slider(page, slider, fraction):
    """Drag the slider's handle with the mouse to ``fraction`` of its track."""
    handle = slider.locator(".noUi-handle").first
    handle.scroll_into_view_if_needed(timeout=ASSET_LOAD * 1000)
    track = slider.locator(".noUi-target").first.bounding_box()
    knob = handle.bounding_box()
    if track is None or knob is None:
        raise CheckError("the slider has no size on the page (hidden?)")
    y = knob["y"] + knob["height"] / 2
    page.mouse.move(knob["x"] + knob["width"] / 2, y)
    page.mouse.down()
    page.mouse.move(track["x"] + fraction * track["width"], y, steps=5)
    page.mouse.up()


def figure_notes(cells):
    """What a reader may find wrong with sizes on the page (reported, not failed)."""
    notes, wide_code = [], []
    for cell in cells:
        where = f"cell {cell['index']}"
        for number, image in enumerate(cell["images"], start=1):
            (width, height), (shown_width, _) = image["natural"], image["shown"]
            if image["loaded"] and shown_width and shown_width < width - 1:
                notes.append(f"{where}: figure {number} ({width}x{height} px) is shrunk to {shown_width} px wide "
                             f"to fit the page (its text shrinks with it)")
        if cell["rawTex"]:
            notes.append(f"{where}: its text shows raw TeX ({cell['rawTex']}): a formula MathJax did not find")
        for what, wide, visible in cell["sideways"]:
            if what == "code":
                wide_code.append((cell["index"], wide, visible))
            else:
                notes.append(f"{where}: its {what} is {wide} px wide in a {visible} px column; the reader "
                             f"scrolls sideways to see the rest")
    if wide_code:
        widest = max(wide_code, key=lambda item: item[1])
        notes.append(f"code wider than its cell (scrolls sideways) in cells "
                     f"{', '.join(str(index) for index, _, _ in wide_code)}; widest: cell {widest[0]}, "
                     f"{widest[1]} px in {widest[2]} px")
    return notes


def duplicate_figures(cells):
    """A cell showing the same picture twice: a figure both returned (``fig`` as the last line)
    and shown by pyplot's inline backend at the end of the cell."""
    failures = []
    for cell in cells:
        sources = [image["src"] for image in cell["images"] if image["loaded"]]
        if len(set(sources)) < len(sources):
            failures.append(f"cell {cell['index']} shows the same figure twice (a pyplot figure that is also "
                            f"the cell's last expression is displayed twice)")
    return failures


# Where each cell that shows a figure, a player or widgets is on the page: [index, box].
OUTPUT_BOXES = """() => window.__labTest.panel.content.widgets
  .map((cell, index) => [index, cell.node])
  .filter(([, node]) => node.querySelector('.jp-OutputArea-output img, .animation, .jupyter-widgets'))
  .map(([index, node]) => {
    const box = node.querySelector('.jp-OutputArea').getBoundingClientRect();
    return [index, [box.left, box.top, box.right, box.bottom].map(Math.round)];
  })"""


def take_screenshot(page, path, pages):
    """The whole notebook in one picture: the window made as tall as the notebook, then put back."""
    scroller = page.locator(SCROLLER)
    page.evaluate("() => window.__labTest.panel.content.activeCellIndex = 0")
    scroller.evaluate("node => node.scrollTo(0, 0)")
    sizes = scroller.evaluate("node => [node.scrollHeight, node.clientHeight]")
    height = min(VIEWPORT["height"] + sizes[0] - sizes[1], MAX_SCREENSHOT_HEIGHT)
    page.set_viewport_size({"width": VIEWPORT["width"], "height": height})
    try:
        with contextlib.suppress(CheckError):  # a notebook taller than the limit is cut, not failed
            wait_js(page, f"() => {{ const n = document.querySelector('{SCROLLER}'); "
                          "return n && n.scrollHeight <= n.clientHeight + 2; }",
                    "the notebook to fit the enlarged window", 5)
        page.screenshot(path=str(path))
        boxes = page.evaluate(OUTPUT_BOXES) if pages else []
    finally:
        page.set_viewport_size(VIEWPORT)
    if pages:
        save_pages(path, boxes)


def save_pages(path, boxes):
    """Cut a tall screenshot into window-sized pages, and each figure's output into its own file."""
    from PIL import Image

    folder = path.with_suffix("")
    folder.mkdir(exist_ok=True)
    for old in [*folder.glob("page-*.png"), *folder.glob("cell-*.png")]:
        old.unlink()
    with Image.open(path) as image:
        for number, top in enumerate(range(0, image.height, PAGE_HEIGHT), start=1):
            image.crop((0, top, image.width, min(top + PAGE_HEIGHT, image.height))).save(
                folder / f"page-{number:02d}.png")
        for index, (left, top, right, bottom) in boxes:
            if bottom > top and bottom <= image.height:
                image.crop((left, top, right, bottom)).save(folder / f"cell-{index:02d}.png")


# ---------------------------------------------------------------- requests and console

class Watcher:
    """What the page loads and logs, noted against the notebook open at the time.

    Every request to another host is blocked (a lecture hall has no network; stored
    outputs must load nothing from elsewhere). A failure is noted for any request that
    failed, blocked ones included, and for any console error or uncaught error that does
    not come from JupyterLab's own code (its bundles under ``/static/``): an output's
    script, or a resource an output asked for. Everything also goes to the console log.
    """

    def __init__(self, server_url, log):
        self.own_code = server_url + "/static/"
        self.log = log
        self.current = "JupyterLab"  # the notebook being checked, or JupyterLab while it loads
        self.blocked = set()
        self.found = {}
        self.unattributed = []  # reported as notes at the end

    def note(self, problem):
        self.found.setdefault(self.current, []).append(problem)

    def failures(self, name):
        return self.found.pop(name, [])

    def route(self, route):
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in LOCAL_HOSTS:
            self.blocked.add(url)
            self.log.write(f"[blocked] {url}\n")
            route.abort("blockedbyclient")
        else:
            route.continue_()

    def request_failed(self, request):
        url, why = request.url, request.failure or "failed"
        self.log.write(f"[requestfailed] {url}: {why}\n")
        elsewhere = " (blocked: another host; stored outputs must load nothing from elsewhere)"
        self.note(f"a request failed: {url[:200]}: {why}{elsewhere if url in self.blocked else ''}")

    def console(self, message):
        where = message.location.get("url", "") if message.location else ""
        self.log.write(f"[{message.type}] {message.text} ({where})\n")
        if message.type == "error" and not where.startswith(self.own_code):
            self.note(f"console error from an output: {message.text[:300]} (at {where[:200] or 'the page'})")

    def page_error(self, error):
        stack = getattr(error, "stack", "") or ""
        self.log.write(f"[pageerror] {error}\n{stack}\n")
        frames = [line.strip() for line in stack.splitlines() if line.strip().startswith("at ")]
        if not frames:  # no stack (a rejected promise, say): its origin is unknown, so not blamed
            self.unattributed.append(f"{self.current}: uncaught error without a stack: {str(error)[:200]}")
        elif self.own_code not in frames[0]:
            self.note(f"uncaught error from an output: {str(error)[:300]} ({frames[0][:200]})")


# ---------------------------------------------------------------- main

def run(notebooks, out_dir, pages, verbose):
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    notebooks = [Path(name).resolve() for name in notebooks]
    root_dir = Path(os.path.commonpath([path.parent for path in notebooks]))
    shots = out_dir / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    results = {}
    with tempfile.TemporaryDirectory(prefix="lab-e2e-") as scratch:
        server = LabServer(root_dir, scratch, out_dir / "jupyter-server.log")
        console = open(out_dir / "browser-console.log", "w")
        try:
            server.start()
            print(f"jupyter lab answered on {server.url} after {time.perf_counter() - started:.1f} s", flush=True)
            with sync_playwright() as playwright:
                try:  # a fresh profile in the scratch folder
                    context = playwright.chromium.launch_persistent_context(
                        str(Path(scratch, "chromium-profile")), executable_path=CHROMIUM, headless=True,
                        args=CHROMIUM_FLAGS, viewport=VIEWPORT, device_scale_factor=1, timeout=PAGE_LOAD * 1000)
                except PlaywrightError as error:
                    raise CheckError(f"could not start {CHROMIUM}: {' '.join(str(error).split()[:60])}") from None
                try:
                    watcher = Watcher(server.url, console)
                    context.route("**/*", watcher.route)
                    page = context.pages[0] if context.pages else context.new_page()
                    page.on("console", watcher.console)
                    page.on("pageerror", watcher.page_error)
                    page.on("requestfailed", watcher.request_failed)
                    loading = time.perf_counter()
                    try:
                        page.goto(f"{server.url}/lab?reset&token={server.token}", timeout=PAGE_LOAD * 1000)
                    except PlaywrightError as error:
                        raise CheckError(f"could not load JupyterLab's page: {str(error).splitlines()[0]}") from None
                    wait_js(page, "() => window.jupyterapp && window.jupyterapp.shell"
                                  " && document.querySelector('#jp-main-dock-panel')",
                            "JupyterLab to load in the page", PAGE_LOAD)
                    page.evaluate("() => window.jupyterapp.restored")
                    print(f"JupyterLab loaded in the page in {time.perf_counter() - loading:.1f} s", flush=True)
                    loading_problems = watcher.failures("JupyterLab")
                    if loading_problems:
                        raise CheckError("while JupyterLab loaded: " + "; ".join(loading_problems))
                    for path in notebooks:
                        results[path] = run_one(page, server, path, root_dir, shots, pages, PlaywrightError,
                                                verbose, watcher)
                    for note in watcher.unattributed:
                        print(f"note: {note} (see {console.name})")
                finally:
                    context.close()
        finally:
            server.stop()
            console.close()
    return results, time.perf_counter() - started


def run_one(page, server, path, root_dir, shots, pages, playwright_error, verbose, watcher):
    began = time.perf_counter()
    screenshot = shots / (path.stem + ".png")
    phases = []
    watcher.current = path.name
    try:
        failures, notes, expected, summary = check_notebook(
            page, server, path, path.relative_to(root_dir).as_posix(), screenshot, pages, phases)
    except (CheckError, playwright_error) as error:
        failures, notes, expected = [str(error).splitlines()[0]], [], expected_outputs(path)
        summary = "stopped"
        with contextlib.suppress(playwright_error):
            page.screenshot(path=str(screenshot))
    failures += watcher.failures(path.name)
    elapsed = time.perf_counter() - began
    status = "ok" if not failures else "FAILED"
    shown = screenshot.relative_to(ROOT) if screenshot.is_relative_to(ROOT) else screenshot
    print(f"{path.name}: {status} in {elapsed:.1f} s ({summary}) -> {shown}", flush=True)
    if verbose:
        print(f"  time: {', '.join(phases)}")
    if not expected.has_outputs:
        print("  note: no stored outputs, so only errors were checked (run `make notebooks` on it)")
    for failure in failures:
        print(f"  FAIL {failure}")
    for note in notes:
        print(f"  note: {note}")
    return failures


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="notebooks to run (default: notebooks/[0-9][0-9]_*.ipynb)")
    parser.add_argument("--out", default=str(ROOT / "build"), help="where screenshots and logs go")
    parser.add_argument("--pages", action="store_true",
                        help="also cut each screenshot into 1280x1000 pages, and save each cell's figures, "
                             "player or widgets, under build/screenshots/<name>/")
    parser.add_argument("--verbose", action="store_true", help="say how long each step of each notebook took")
    args = parser.parse_args(argv)
    notebooks = args.notebooks or sorted(str(p) for p in ROOT.glob("notebooks/[0-9][0-9]_*.ipynb"))
    if not notebooks:
        raise SystemExit("no notebooks to run")
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing: `apt-get install -y chromium` (make test-browser does it)")
    out_dir = Path(args.out).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)

    def stop(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, stop)  # so the server is shut down on a CI cancel too
    try:
        results, elapsed = run(notebooks, out_dir, args.pages, args.verbose)
    except KeyboardInterrupt as stopped:
        print(f"interrupted ({stopped or 'Ctrl-C'}); the server and the browser were shut down")
        return 130
    except CheckError as error:
        print(f"FAILED before any notebook ran: {error} (server log: {out_dir / 'jupyter-server.log'})")
        return 1
    failed = [path.name for path, failures in results.items() if failures]
    print(f"{len(results) - len(failed)} of {len(results)} notebooks passed in real JupyterLab "
          f"in {elapsed:.1f} s; screenshots in {out_dir / 'screenshots'}")
    if failed:
        print(f"failed: {', '.join(failed)} (server log: {out_dir / 'jupyter-server.log'}, "
              f"browser console: {out_dir / 'browser-console.log'})")
    return 1 if failed or len(results) < len(notebooks) else 0


if __name__ == "__main__":
    sys.exit(main())
