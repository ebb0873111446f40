"""Check the built site in headless Chromium, every other host blocked (``make test-site``).

The site is served from ``build/site/`` on 127.0.0.1 and opened in Debian's Chromium
through Playwright with the flags of ``make test-browser`` (tests/browser/chromium.py).
Every page of the site, every ``*.html`` file, is loaded and must have:

- zero failed requests (a request to another host is one: it is blocked) and zero
  console errors or uncaught exceptions;
- its math typeset by MathJax (served from the site), no TeX left as text;
- every image loaded (natural width > 0);
- every animation player (matplotlib's jshtml) stepping to another frame on "Next frame";
- every ``<details>`` folded when the page opens, what it holds hidden until opened;
- no output box that shows nothing, and no widget repr (``VBox(children=...)``);
- the license line of the footer (MIT for code, CC BY 4.0 for the lessons);
- a screenshot of the whole page, in ``build/site-screenshots/``.

Across the site: every public name of ``sgd_lesson`` has its entry in the API reference,
with its docstring's examples; every widget cell of the notebooks shows its static figure with the note
that explorers need a running notebook; the Binder and Colab links are exactly
tools/launch_links.py's for each lesson when the repository's address is set, and there
are none when it is unset; and a search for "momentum" lists lesson 04. A link check reads
the HTML of every page (no browser needed): every internal link and image, and the anchor
after the ``#``, must resolve.

Usage: ``python tests/site/site_e2e.py [SITE] [--notebooks DIR] [--repository URL]``
(default ``build/site``, the notebooks it was built from, the repository setting of
pyproject.toml; ``--search WORD:PAGE`` for another search than "momentum" -> lesson 04). Exit status 0 when every check passed.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import html.parser
import http.server
import inspect
import json
import re
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "tests" / "browser"), str(ROOT / "tools"), str(ROOT / "docs")]
import build_site  # noqa: E402
import chromium  # noqa: E402
import launch_links  # noqa: E402

VIEWPORT = {"width": 1280, "height": 800}
PAGE_LOAD = 60
ASSET_LOAD = 20
SEARCH = "momentum:04_go_faster.html"  # a search for this word lists this page
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_REPR = re.compile(r"\b(VBox|HBox|Box|GridBox|interactive|Output|FloatSlider|IntSlider)\(children=|"
                         r"<IPython\.core\.display\.\w+ object>")
LICENSES = ("MIT", "CC BY 4.0")


class CheckError(Exception):
    """A wait that ran out."""


# ---------------------------------------------------------------- the server

class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(folder):
    """The site on http://127.0.0.1:<free port>/ in a thread."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# ---------------------------------------------------------------- the link check (HTML only)

def site_pages(site):
    """Every page of the site (the theme's template fragments in _static are not pages)."""
    return sorted(path for path in site.rglob("*.html") if not path.relative_to(site).parts[0].startswith("_"))


class Links(html.parser.HTMLParser):
    """The link targets and anchor names of one HTML page."""

    def __init__(self):
        super().__init__()
        self.targets, self.anchors = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("id", "name") if tag in ("a",) else ("id",):
            if attrs.get(name):
                self.anchors.add(attrs[name])
        for name in ("href", "src"):
            if attrs.get(name) and tag in ("a", "img", "link", "script", "iframe", "source"):
                self.targets.append((tag, attrs[name]))


@functools.cache
def parse(path):
    parser = Links()
    parser.feed(Path(path).read_text(encoding="utf-8"))
    return parser


def link_problems(site):
    """Every internal link, image, stylesheet and script of every page, and each ``#anchor``, resolves."""
    problems, checked, external = [], 0, set()
    for page in site_pages(site):
        for tag, target in parse(page).targets:
            parts = urlsplit(target)
            if parts.scheme in ("mailto", "javascript", "data"):
                continue
            if parts.scheme or parts.netloc:
                external.add(target)
                continue
            checked += 1
            where = f"{page.relative_to(site)}: <{tag}> {target!r}"
            linked = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if linked.is_dir():
                linked = linked / "index.html"
            if not linked.is_relative_to(site.resolve()):
                problems.append(f"{where} points outside the site")
            elif not linked.exists():
                problems.append(f"{where}: {linked.relative_to(site.resolve())} does not exist")
            elif parts.fragment and linked.suffix == ".html" and unquote(parts.fragment) not in parse(linked).anchors:
                problems.append(f"{where}: {linked.name} has no element with id {unquote(parts.fragment)!r}")
    return problems, checked, external


# ---------------------------------------------------------------- in the browser

def wait_js(page, expression, what, timeout, arg=None):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        return page.wait_for_function(expression, arg=arg, timeout=timeout * 1000, polling=100).json_value()
    except PlaywrightTimeout:
        raise CheckError(f"timed out after {timeout} s waiting for {what}") from None


MATHJAX_READY = "() => !document.querySelector('.math') || (window.MathJax && MathJax.startup && MathJax.startup.promise)"
# After MathJax's first typesetting pass: how many formulas, how many left as TeX, how many in error.
MATH_DONE = """async () => {
  const math = Array.from(document.querySelectorAll('.math'));
  if (!math.length) return {math: 0, pending: 0, errors: 0};
  await MathJax.startup.promise;
  return {math: math.length, pending: math.filter((node) => !node.querySelector('mjx-container')).length,
          errors: document.querySelectorAll('mjx-merror').length};
}"""

IMAGES_DONE = """() => {
  const images = Array.from(document.images);
  if (images.some((img) => !img.complete)) return false;
  return images.filter((img) => !img.naturalWidth).map((img) => img.getAttribute('src').slice(0, 80));
}"""

# What a reader sees at once: folded <details>, output boxes, widget reprs, the footer, the launch links.
PAGE_FACTS = """() => {
  const article = document.querySelector('article.bd-article') || document.body;
  const visible = (node) => node.checkVisibility({contentVisibilityAuto: true, visibilityProperty: true});
  const details = Array.from(article.querySelectorAll('details')).map((node) => {
    const inside = Array.from(node.children).filter((child) => child.tagName !== 'SUMMARY');
    return {open: node.open, summary: (node.querySelector('summary') || {}).textContent || '',
            shown: inside.some(visible)};
  });
  const outputs = Array.from(document.querySelectorAll('.cell_output > .output, .cell_output > div'));
  const empty = outputs.filter((node) => !node.textContent.trim()
    && !node.querySelector('img, svg, canvas, video, .animation, mjx-container')).length;
  const main = document.querySelector('main') || document.body;
  const links = Array.from(document.querySelectorAll('a[href]')).map((a) => a.href)
    .filter((href) => /mybinder\\.org|colab\\.research\\.google\\.com/.test(href));
  return {
    details, outputs: outputs.length, empty, text: main.innerText,
    footer: Array.from(document.querySelectorAll('footer')).map((node) => node.innerText).join(' '),
    launch: Array.from(new Set(links)),
    notes: document.querySelectorAll('.explorer-note').length,
    noteAfterFigure: Array.from(document.querySelectorAll('.explorer-note')).filter((note) => {
      let cell = note.previousElementSibling;
      while (cell && !cell.classList.contains('cell')) cell = cell.previousElementSibling;
      return cell && cell.querySelector('.cell_output img');
    }).length,
    animations: document.querySelectorAll('.animation').length,
    api: Array.from(document.querySelectorAll('dt.sig[id]')).map((dt) =>
      [dt.id, (dt.closest('dl') || dt).innerText.includes('>>>')]),
    sideways: Array.from(document.querySelectorAll('div.cell pre'))
      .filter((pre) => pre.scrollWidth > pre.clientWidth + 1).length,
  };
}"""


def check_animations(page, count):
    failures = []
    for index in range(count):
        player = page.locator(".animation").nth(index)
        first = player.locator("img").get_attribute("src")
        player.locator("button[title='Next frame']").click(timeout=ASSET_LOAD * 1000)
        try:
            wait_js(page, "([i, first]) => document.querySelectorAll('.animation')[i]"
                          ".querySelector('img').getAttribute('src') !== first",
                    f"animation {index + 1} to step", ASSET_LOAD, arg=[index, first])
        except CheckError as error:
            failures.append(str(error))
    return failures


def check_page(page, url, name, shot, events):
    """Load one page, check it, photograph it: (failures, facts)."""
    events.clear()
    page.goto(url, wait_until="load", timeout=PAGE_LOAD * 1000)
    failures = []
    wait_js(page, MATHJAX_READY, "MathJax to load", ASSET_LOAD)
    math = page.evaluate(MATH_DONE)
    if math["pending"] or math["errors"]:
        failures.append(f"of {math['math']} formulas, {math['pending']} left as TeX and {math['errors']} "
                        "in error (MathJax could not typeset them)")
    # Scroll once to the bottom so that any image loaded lazily is loaded too.
    page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    broken = wait_js(page, IMAGES_DONE, "every image to load", ASSET_LOAD)
    failures += [f"image {src!r} did not load (natural width 0)" for src in broken]
    facts = page.evaluate(PAGE_FACTS)
    failures += check_animations(page, facts["animations"])
    for details in facts["details"]:
        if details["open"] or details["shown"]:
            failures.append(f"<details> '{details['summary'].strip()[:40]}' is not folded when the page opens")
    if facts["empty"]:
        failures.append(f"{facts['empty']} output box(es) show nothing")
    stray = WIDGET_REPR.search(facts["text"])
    if stray:
        failures.append(f"a widget's text repr shows: {stray.group(0)!r}")
    missing = [name for name in LICENSES if name not in facts["footer"]]
    if missing:
        failures.append(f"the footer does not name the license(s) {missing}")
    page.evaluate("() => window.scrollTo(0, 0)")
    page.screenshot(path=str(shot), full_page=True)
    failures += [f"failed request: {event}" for event in events if event.startswith("request")]
    failures += [f"console: {event}" for event in events if not event.startswith("request")]
    facts["math"] = math["math"]
    return failures, facts


def check_search(page, base, term):
    page.goto(urljoin(base, f"search.html?q={term}"), wait_until="load", timeout=PAGE_LOAD * 1000)
    hits = wait_js(page, "() => { const items = document.querySelectorAll('#search-results li a, ul.search li a');"
                         " const status = document.querySelector('.search-summary, #search-results p');"
                         " return status && status.textContent.trim() && items.length"
                         " ? Array.from(items).map((a) => a.getAttribute('href')) : false; }",
                   f"search results for {term!r}", PAGE_LOAD)
    return hits


def expected_widget_cells(notebooks):
    counts = {}
    for path in notebooks:
        notebook = json.loads(path.read_text(encoding="utf-8"))
        counts[path.stem + ".html"] = sum(
            any(WIDGET_VIEW in output.get("data", {}) for output in cell.get("outputs", []))
            for cell in notebook["cells"] if cell["cell_type"] == "code")
    return counts


def api_problems(found):
    """Every public name of sgd_lesson documented on the API pages, with its examples where it has some."""
    modules, listed, homes = build_site.api_homes()
    placed = {id(getattr(modules[module], name)) for module, names in homes.items() for name in names}
    problems = [f"{module}.{name} is public but documented nowhere" for module, names in listed.items()
                for name in names if id(getattr(modules[module], name)) not in placed]
    for module, names in homes.items():
        for name in names:
            anchor = f"{module}.{name}"
            doc = inspect.getdoc(getattr(modules[module], name)) or ""
            if anchor not in found:
                problems.append(f"{anchor} has no entry on the API pages")
            elif re.search(r"^Examples\n-{3,}", doc, re.MULTILINE) and not found[anchor]:
                problems.append(f"{anchor}: its docstring has examples and its entry shows none")
    return problems, sum(len(names) for names in homes.values())


def run(site, notebooks, repo, shots, search):
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    pages = site_pages(site)
    widgets = expected_widget_cells(notebooks)
    results, launch, api = {}, {}, {}
    with serve(site) as base, tempfile.TemporaryDirectory(prefix="site-e2e-") as scratch, \
            sync_playwright() as playwright:
        context = chromium.launch(playwright, Path(scratch, "profile"), viewport=VIEWPORT, timeout=PAGE_LOAD)
        try:
            blocked, events = [], []
            chromium.block_other_hosts(context, base, blocked)
            page = context.new_page()
            page.on("requestfailed", lambda request: events.append(
                f"request {request.url} ({request.failure})"))
            page.on("response", lambda response: response.status >= 400 and events.append(
                f"request {response.url} (HTTP {response.status})"))
            page.on("console", lambda message: message.type == "error" and events.append(
                f"[{message.type}] {message.text}"))
            page.on("pageerror", lambda error: events.append(f"[uncaught] {error}"))
            math_pages = 0
            for path in pages:
                name = path.relative_to(site).as_posix()
                shot = shots / (name.replace("/", "__").removesuffix(".html") + ".png")
                began = time.perf_counter()
                try:
                    failures, facts = check_page(page, urljoin(base, name), name, shot, events)
                except (CheckError, PlaywrightError) as error:
                    failures, facts = [str(error).splitlines()[0]], None
                if facts is not None:
                    math_pages += bool(facts["math"])
                    launch[name] = facts["launch"]
                    api.update(dict(facts["api"]))
                    expected = widgets.get(name, 0)
                    if facts["noteAfterFigure"] != expected or facts["notes"] != expected:
                        failures.append(f"{expected} explorer(s) in the notebook, {facts['notes']} note(s) that "
                                        f"explorers need a running notebook, {facts['noteAfterFigure']} of them "
                                        "under a figure")
                results[name] = failures
                status = "ok" if not failures else "FAILED"
                detail = (f"{facts['math']} formulas, {facts['outputs']} outputs, {facts['animations']} animations, "
                          f"{len(facts['details'])} folded" if facts else "stopped")
                if facts and facts["sideways"]:
                    detail += f"; note: {facts['sideways']} code or output block(s) scroll sideways"
                print(f"{name}: {status} in {time.perf_counter() - began:.1f} s ({detail})", flush=True)
                for failure in failures:
                    print(f"  FAIL {failure}")
            began = time.perf_counter()
            term, hit = search.split(":", 1)
            try:
                hits = check_search(page, base, term)
                found = [] if any(hit in link for link in hits) else [f"no {hit} among {len(hits)} results: {hits[:8]}"]
            except (CheckError, PlaywrightError) as error:
                hits, found = [], [str(error).splitlines()[0]]
            results["search"] = found
            print(f"search for {term!r}: {'ok' if not found else 'FAILED'} in "
                  f"{time.perf_counter() - began:.1f} s ({len(hits)} results, {hit} expected among them)")
        finally:
            context.close()
    results["launch links"] = launch_problems(launch, notebooks, repo)
    results["API reference"], n_names = api_problems(api)
    print(f"API reference: {n_names} public names, each on its page with its examples: "
          f"{'ok' if not results['API reference'] else 'FAILED'}")
    print(f"launch links: {'ok' if not results['launch links'] else 'FAILED'} "
          f"({'exactly Binder and Colab on each notebook page' if repo else 'none, the address is unset'})")
    for check in ("search", "API reference", "launch links"):
        for failure in results[check]:
            print(f"  FAIL {check}: {failure}")
    return results, len(pages), math_pages


def launch_problems(found, notebooks, repo):
    """Exactly the documented Binder and Colab links on each notebook's page; none anywhere while unset."""
    problems = []
    for page, links in found.items():
        notebook = next((path for path in notebooks if path.stem + ".html" == page), None)
        expected = [] if repo is None or notebook is None else [repo.binder_url(notebook), repo.colab_url(notebook)]
        if sorted(links) != sorted(expected):
            problems.append(f"{page}: expected {expected or 'no launch links'}, found {links}")
    return problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", type=Path, default=ROOT / "build" / "site")
    parser.add_argument("--notebooks", type=Path, default=ROOT / "notebooks",
                        help="the folder of the notebooks the site was built from")
    parser.add_argument("--repository", default=None,
                        help="the address the site was built with (default: pyproject.toml's setting)")
    parser.add_argument("--screenshots", type=Path, default=ROOT / "build" / "site-screenshots")
    parser.add_argument("--search", default=SEARCH, help=f"WORD:PAGE, a search that must list a page ({SEARCH})")
    args = parser.parse_args(argv)
    site = args.site.resolve()
    if not (site / "index.html").exists():
        raise SystemExit(f"no site in {site}: run `make site` first")
    chromium.require_chromium()
    repo = launch_links.parse_repository(launch_links.read_setting() if args.repository is None else args.repository)
    notebooks = sorted(args.notebooks.glob(launch_links.NOTEBOOK_GLOB))
    args.screenshots.mkdir(parents=True, exist_ok=True)
    for old in args.screenshots.glob("*.png"):
        old.unlink()

    def stop(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, stop)
    started = time.perf_counter()
    links, checked, external = link_problems(site)
    print(f"link check: {checked} internal links, images, stylesheets and scripts in "
          f"{len(site_pages(site))} pages; {len(links)} broken ({len(external)} links to other "
          "sites not followed)")
    for problem in links:
        print(f"  FAIL {problem}")
    try:
        results, n_pages, math_pages = run(site, notebooks, repo, args.screenshots, args.search)
    except KeyboardInterrupt as stopped:
        print(f"interrupted ({stopped or 'Ctrl-C'})")
        return 130
    failed = [name for name, failures in results.items() if failures]
    print(f"{n_pages - len([name for name in failed if name.endswith('.html')])} of {n_pages} pages passed "
          f"({math_pages} with math) in {time.perf_counter() - started:.1f} s; "
          f"screenshots in {args.screenshots}")
    return 1 if failed or links else 0


if __name__ == "__main__":
    sys.exit(main())
