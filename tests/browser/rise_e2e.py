"""Live slides: lesson 02 as a RISE slideshow in real JupyterLab (``make test-slides``).

What a lecturer does, in headless Chromium with every host but 127.0.0.1 blocked:

1. open ``notebooks/02_gradient_descent.ipynb`` in JupyterLab (with jupyterlab-rise, the
   ``lesson`` extra) and run all cells, as the speaker notes say to before a lecture;
2. start the slideshow (RISE's ``RISE:preview`` command, the toolbar's slideshow button);
3. step through at least ``MIN_SLIDES`` slides with the keyboard (Space, as a clicker does);
4. go back to the slide with the start-and-goal cell, run it on the slide (Shift+Enter)
   and see its new output (a new execution count and the printed start and goal);
5. leave the slideshow (close it) and find the notebook as it was.

The server serves a copy of the lesson: RISE's page saves the notebook it runs.

It fails on any request to another host or failed local request (RISE also looks for an
optional ``<notebook name>.css`` beside the notebook; that probe's 404 is allowed, and
``notebooks/rise.css`` exists so the other probe finds its file). The JupyterLab
server code is ``tests/browser/lab_e2e.py``'s. A screenshot of the slideshow goes to
``build/slide-screenshots/rise-02.png``.

Usage: ``python tests/browser/rise_e2e.py``. Exit status 0 when every check passed.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lab_e2e as lab  # noqa: E402  (the server, the browser flags, the notebook helpers)

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = "notebooks/02_gradient_descent.ipynb"
RUN_ON_SLIDE = "x, y = make_linear_data(50, seed=0)"  # the cell to run on its slide
EXPECTED_OUTPUT = "goal, least squares:"
MATH_HEADING = "The edge of stability"
MIN_SLIDES = 10
SHOT = ROOT / "build" / "slide-screenshots" / "rise-02.png"

SLIDESHOW = """() => {
  const frame = document.querySelector('iframe[src*="/rise/"]');
  const doc = frame && frame.contentDocument;
  return !!(doc && doc.querySelector('.reveal .slides section.present'));
}"""


def present(frame):
    """The slide shown: (its hash, the start of its text)."""
    return frame.evaluate("""() => {
      const all = document.querySelectorAll('.reveal .slides section.present');
      const slide = all[all.length - 1];
      return [location.hash, slide ? slide.textContent.trim().slice(0, 50) : ''];
    }""")


def goto(frame, text, selector="*"):
    """Show the slide on which an element matching ``selector`` holds ``text``; False if none does."""
    where = frame.evaluate("""([text, selector]) => {
      const stacks = Array.from(document.querySelectorAll('.reveal .slides > section'));
      for (const [h, stack] of stacks.entries()) {
        const inner = stack.querySelectorAll(':scope > section');
        for (const [v, slide] of (inner.length ? Array.from(inner) : [stack]).entries()) {
          if (Array.from(slide.querySelectorAll(selector)).some((el) => el.textContent.includes(text))) {
            return `#/slide-${h}-${v}`;
          }
        }
      }
      return null;
    }""", [text, selector])
    if where is None:
        return False
    frame.evaluate("(hash) => { location.hash = hash; }", where)
    frame.wait_for_function("(hash) => location.hash === hash", arg=where, timeout=10_000)
    return True


def check(page, server):
    problems = []
    n_cells = page.evaluate(lab.OPEN_NOTEBOOK, NOTEBOOK)
    lab.wait_js(page, lab.NOTEBOOK_READY, "the notebook to open with an idle kernel", lab.NOTEBOOK_OPEN, arg=n_cells)
    page.evaluate(lab.RUN_ALL_CELLS)
    state = lab.wait_js(page, lab.RUN_STATE, "Run All to finish", lab.RUN_ALL)
    if state != "done":
        return [f"Run All in JupyterLab did not finish: {state}"]
    page.evaluate("() => window.jupyterapp.commands.execute('RISE:preview')")
    lab.wait_js(page, SLIDESHOW, "the RISE slideshow to show a slide", lab.PAGE_LOAD)
    frame = next(f for f in page.frames if "/rise/" in f.url)
    frame.wait_for_function("() => document.querySelectorAll('.reveal .slides section').length > 10")
    frame.locator(".reveal").click(position={"x": 5, "y": 5})
    seen = [present(frame)]
    for _ in range(3 * MIN_SLIDES):
        page.keyboard.press("Space")
        frame.wait_for_function("(before) => location.hash !== before", arg=seen[-1][0], timeout=10_000)
        seen.append(present(frame))
        if len({hash_ for hash_, _ in seen}) > MIN_SLIDES:
            break
    visited = len({hash_ for hash_, _ in seen})
    print(f"stepped through {visited} slides: " + "; ".join(text[:30] for _, text in seen))
    if visited <= MIN_SLIDES:
        problems.append(f"stepped through only {visited} slides")
    # The slide with math in its heading: not in the theme's capitals (a lambda would turn capital).
    goto(frame, MATH_HEADING)
    frame.wait_for_function("() => document.querySelector('.reveal section.present h2 mjx-container')",
                            timeout=20_000)
    shouting = frame.evaluate("() => Array.from(document.querySelectorAll('.reveal section.present mjx-container'))"
                              ".filter((math) => getComputedStyle(math).textTransform !== 'none').length")
    if shouting:
        problems.append(f"{shouting} formula(s) set in the theme's capitals (a lambda turns into a capital one)")
    print("the heading with math: text-transform " + frame.evaluate(
        "() => getComputedStyle(document.querySelector('.reveal section.present h2')).textTransform"))
    # Back to the slide that holds the cell to run (by its place in the deck), and run it there.
    if not goto(frame, RUN_ON_SLIDE, ".jp-CodeCell"):
        return [*problems, f"no slide holds the cell {RUN_ON_SLIDE!r}"]
    frame.wait_for_function("""(code) => {
      const cell = Array.from(document.querySelectorAll('.reveal section.present .jp-CodeCell'))
        .find((c) => c.textContent.includes(code));
      if (cell) cell.dataset.riseTest = 'run-me';
      return !!cell;
    }""", arg=RUN_ON_SLIDE, timeout=10_000)
    cell = frame.locator('[data-rise-test="run-me"]')
    before = cell.locator(".jp-InputPrompt").inner_text().strip()
    cell.locator(".jp-InputArea-editor").click()
    page.keyboard.press("Shift+Enter")
    try:
        frame.wait_for_function(
            """([code, before, expected]) => {
              const cell = Array.from(document.querySelectorAll('.jp-CodeCell'))
                .find((c) => c.textContent.includes(code));
              const prompt = cell.querySelector('.jp-InputPrompt').textContent.trim();
              const out = cell.querySelector('.jp-OutputArea').textContent;
              return /\\[\\d+\\]/.test(prompt) && prompt !== before && out.includes(expected);
            }""", arg=[RUN_ON_SLIDE, before, EXPECTED_OUTPUT], timeout=60_000)
        after = cell.locator(".jp-InputPrompt").inner_text().strip()
        output = cell.locator(".jp-OutputArea").inner_text()
        print(f"ran the cell on its slide: prompt {before} -> {after}; output {output.strip()[:80]!r}")
        if "Error" in output:
            problems.append(f"the cell run on its slide shows an error: {output[:200]}")
    except lab.CheckError:
        raise
    except Exception as error:  # noqa: BLE001 - a time-out is the finding
        problems.append(f"running the cell on its slide showed no new output: {str(error).splitlines()[0]}")
    SHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOT))
    # Leave the slideshow: close its panel; the notebook is still open and shown.
    page.evaluate("""() => {
      for (const widget of Array.from(window.jupyterapp.shell.widgets('main'))) {
        if (widget.node.querySelector('iframe[src*="/rise/"]')) widget.close();
      }
    }""")
    lab.wait_js(page, "() => !document.querySelector('iframe[src*=\"/rise/\"]')", "the slideshow to close", 20)
    still = page.evaluate("() => { const p = window.__labTest.panel; return !p.isDisposed && p.isVisible; }")
    if not still:
        problems.append("after leaving the slideshow the notebook is not shown")
    return problems


def main():
    from playwright.sync_api import sync_playwright

    outside, failed = [], []
    with tempfile.TemporaryDirectory(prefix="rise-e2e-") as scratch:
        # A copy of the lesson (and rise.css) as the server's root: RISE's page saves the
        # notebook it runs, and the repository's copy must stay as committed.
        copy = Path(scratch, "lesson")
        (copy / "notebooks").mkdir(parents=True)
        for name in (NOTEBOOK, "notebooks/rise.css"):
            shutil.copy(ROOT / name, copy / name)
        server = lab.LabServer(copy, scratch, ROOT / "build" / "rise-server.log")
        (ROOT / "build").mkdir(exist_ok=True)
        try:
            server.start()
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=lab.CHROMIUM, args=lab.CHROMIUM_FLAGS)
                try:
                    page = browser.new_page(viewport={"width": 1280, "height": 720})
                    page.on("request", lambda request: outside.append(request.url)
                            if urlsplit(request.url).hostname not in ("127.0.0.1", None)
                            and not request.url.startswith(("data:", "blob:")) else None)
                    page.on("requestfailed", lambda request: failed.append(request.url))
                    page.goto(f"{server.url}/lab?reset&token={server.token}")
                    lab.wait_js(page, "() => window.jupyterapp && window.jupyterapp.shell",
                                "JupyterLab to load", lab.PAGE_LOAD)
                    page.evaluate("() => window.jupyterapp.restored")
                    problems = check(page, server)
                finally:
                    browser.close()
        except lab.CheckError as error:
            problems = [str(error)]
        finally:
            server.stop()
    probe = re.compile(r"/files/notebooks/\d\d_\w+\.css$")
    problems += [f"request to another host: {url}" for url in sorted(set(outside))]
    problems += [f"failed request: {url}" for url in sorted(set(failed))
                 if url not in outside and not probe.search(urlsplit(url).path)]
    for problem in problems:
        print("FAIL", problem)
    print("RISE slideshow of lesson 02: " + ("all checks passed" if not problems else f"{len(problems)} problem(s)"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
