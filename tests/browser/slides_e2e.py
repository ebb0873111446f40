"""Check the static decks of ``build/slides/`` in headless Chromium (``make test-slides``).

For every ``build/slides/NN_*.slides.html`` (built by ``make slides`` from the stored
outputs), served from 127.0.0.1 with every other host blocked, at a 1280x720 viewport:

- every slide is visited (``Reveal.slide``), with zero failed requests, zero requests to
  another host and zero console errors or page errors over the whole deck;
- no slide's content overflows the slide, and nothing on it scrolls sideways; no formula
  is set in the theme's capitals (which would turn a lambda into a capital lambda);
- every figure has loaded (natural width > 0) and has alternative text;
- text is projector-sized (docs/CONVENTIONS.md, "Slides"): prose and code at least
  ``MIN_PROSE_PX`` and ``MIN_CODE_PX`` CSS pixels as shown, and the smallest text drawn in
  each figure at least ``MIN_FIGURE_TEXT_PX`` as shown (its size in the PNG, measured by
  running the lesson with matplotlib's text drawing recorded, times the figure's scale
  on the slide);
- a screenshot of every slide of one lesson (``--screenshots``, default lesson 02) goes to
  ``build/slide-screenshots/``.

Requests that the "figures" helper has not fixed yet (matplotlib's jshtml player links
an icon stylesheet on a CDN) are reported, not hidden: they fail the test like any other.

Usage: ``python tests/browser/slides_e2e.py [--screenshots 02] [--no-figure-text] [DECK ...]``.
Exit status 0 when every check passed.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from figure_text import smallest_text_by_cell  # noqa: E402

SLIDES = ROOT / "build" / "slides"
SHOTS = ROOT / "build" / "slide-screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                  "--disable-dev-shm-usage", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
VIEWPORT = {"width": 1280, "height": 720}
# Projector-ready sizes, CSS pixels on the 1280x720 slide (docs/CONVENTIONS.md).
MIN_PROSE_PX = 20
MIN_CODE_PX = 18
MIN_FIGURE_TEXT_PX = 14

READY = """() => window.Reveal && Reveal.isReady() && window.MathJax && MathJax.startup
  && MathJax.startup.document && MathJax.startup.promise && true"""

SLIDE_LIST = """() => Reveal.getSlides().map((slide) => {
  const i = Reveal.getIndices(slide);
  return [i.h, i.v || 0];
})"""

# What the current slide shows, measured in CSS pixels of the viewport.
SLIDE_REPORT = """() => {
  const slide = Reveal.getCurrentSlide();
  const box = document.querySelector('.reveal .slides').getBoundingClientRect();
  const scale = Reveal.getScale();
  const visible = (el) => {
    const style = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return style.display !== 'none' && style.visibility !== 'hidden' && r.width > 0 && r.height > 0
      && !el.closest('aside.notes');
  };
  const all = Array.from(slide.querySelectorAll('*')).filter(visible);
  let bottom = 0, right = 0;
  for (const el of all) {
    const r = el.getBoundingClientRect();
    bottom = Math.max(bottom, r.bottom);
    right = Math.max(right, r.right);
  }
  const scrolls = all.filter((el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX)
      && el.scrollWidth > el.clientWidth + 1)
    .map((el) => `${el.className || el.tagName}: ${el.scrollWidth} > ${el.clientWidth}`);
  const textOf = (selector) => all.filter((el) => el.matches(selector) && el.textContent.trim())
    .map((el) => parseFloat(getComputedStyle(el).fontSize) * scale);
  const images = Array.from(slide.querySelectorAll('img')).filter((img) => !img.closest('aside.notes'))
    .map((img) => {
      const cell = img.closest('.jp-Cell');
      return {
        cell: cell ? cell.id : null,
        loaded: img.complete && img.naturalWidth > 0,
        alt: img.getAttribute('alt') || '',
        animation: !!img.closest('.animation'),
        scale: img.naturalWidth ? img.getBoundingClientRect().width / img.naturalWidth : 0,
        shown: visible(img),
      };
    });
  // The theme's capitals turn math into other symbols (a lambda into a capital one).
  const shouting = Array.from(slide.querySelectorAll('mjx-container'))
    .filter((math) => getComputedStyle(math).textTransform !== 'none').length;
  return {
    shouting,
    title: (Array.from(slide.querySelectorAll('h1, h2, h3, p, pre')).find((el) => !el.closest('aside.notes'))
      || {textContent: ''}).textContent.trim().slice(0, 60),
    overflow: [Math.round(bottom - box.bottom), Math.round(right - box.right)],
    scrolls,
    prose: Math.min(...textOf('.jp-RenderedMarkdown p, .jp-RenderedMarkdown li'), 1e9),
    code: Math.min(...textOf('.jp-InputArea pre, .jp-OutputArea-output pre'), 1e9),
    images,
  };
}"""


def serve(folder):
    """A static file server for ``folder`` on 127.0.0.1 (a free port), in a thread."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def check_deck(page, url, deck, figure_text, screenshots):
    """Visit every slide of one deck; return (problems, number of slides)."""
    problems, failed, outside, console = [], [], [], []

    def on_request(route):
        host = urlsplit(route.request.url).hostname
        if route.request.url.startswith("data:") or host == "127.0.0.1":
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", on_request)
    page.on("requestfailed", lambda request: failed.append(f"{request.url} ({request.failure})"))
    page.on("console", lambda msg: console.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda error: console.append(f"page error: {error}"))
    page.goto(url, wait_until="load")
    page.wait_for_function(READY, timeout=60_000)
    page.evaluate("() => MathJax.startup.promise")
    slides = page.evaluate(SLIDE_LIST)
    for number, (h, v) in enumerate(slides, start=1):
        page.evaluate(f"() => Reveal.slide({h}, {v})")
        page.wait_for_function("() => Array.from(Reveal.getCurrentSlide().querySelectorAll('img'))"
                               ".every((img) => img.complete)", timeout=20_000)
        report = page.evaluate(SLIDE_REPORT)
        where = f"{deck} slide {number} ({h}/{v}, {report['title']!r})"
        down, across = report["overflow"]
        if down > 0 or across > 0:
            problems.append(f"{where}: content overflows the slide by {down} px down, {across} px across")
        if report["shouting"]:
            problems.append(f"{where}: {report['shouting']} formula(s) set in capitals (text-transform)")
        for scroll in report["scrolls"]:
            problems.append(f"{where}: scrolls sideways: {scroll}")
        if report["prose"] < MIN_PROSE_PX:
            problems.append(f"{where}: prose at {report['prose']:.1f} px, below {MIN_PROSE_PX}")
        if report["code"] < MIN_CODE_PX:
            problems.append(f"{where}: code at {report['code']:.1f} px, below {MIN_CODE_PX}")
        for image in report["images"]:
            if not image["loaded"]:
                problems.append(f"{where}: a figure did not load (cell {image['cell']})")
            if not image["alt"].strip():
                problems.append(f"{where}: a figure has no alternative text (cell {image['cell']})")
            smallest = figure_text.get(image["cell"]) if figure_text is not None else None
            if smallest and image["shown"] and image["scale"]:
                shown = smallest * image["scale"]
                if shown < MIN_FIGURE_TEXT_PX:
                    problems.append(f"{where}: figure text at {shown:.1f} px ({smallest:.1f} px in the PNG x "
                                    f"{image['scale']:.2f}), below {MIN_FIGURE_TEXT_PX} (cell {image['cell']})")
        if screenshots:
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"{deck}-{number:02d}.png"))
    problems += [f"{deck}: request to another host: {url}" for url in sorted(set(outside))]
    problems += [f"{deck}: failed request: {item}" for item in failed
                 if not any(item.startswith(url) for url in outside)]
    problems += [f"{deck}: console error: {text}" for text in console]
    return problems, len(slides)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("decks", nargs="*", help="default: every build/slides/NN_*.slides.html")
    parser.add_argument("--screenshots", default="02", help="lesson number whose slides to photograph")
    parser.add_argument("--no-figure-text", action="store_true",
                        help="skip measuring figure text (it runs every lesson in a kernel)")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    decks = [Path(deck) for deck in args.decks] or sorted(SLIDES.glob("[0-9][0-9]_*.slides.html"))
    if not decks:
        print(f"no decks in {SLIDES}: run `make slides` first")
        return 1
    server = serve(decks[0].parent)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    problems, counts = [], {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            try:
                for deck in decks:
                    name = deck.name.removesuffix(".slides.html")
                    notebook = ROOT / "notebooks" / f"{name}.ipynb"
                    figure_text = None if args.no_figure_text else smallest_text_by_cell(notebook)
                    context = browser.new_context(viewport=VIEWPORT, service_workers="block")
                    page = context.new_page()
                    found, counts[name] = check_deck(page, f"{base}/{deck.name}", name, figure_text,
                                                     screenshots=name.startswith(args.screenshots))
                    problems += found
                    context.close()
                    print(f"{name}: {counts[name]} slides, {len(found)} problem(s)", flush=True)
            finally:
                browser.close()
    finally:
        server.shutdown()
    print(json.dumps(counts))
    for problem in problems:
        print("FAIL", problem)
    print(f"{sum(counts.values())} slides in {len(counts)} decks: "
          f"{'all checks passed' if not problems else f'{len(problems)} problem(s)'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
