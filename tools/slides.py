"""Build one static reveal.js deck per lesson in ``build/slides/`` (``make slides``).

From the stored outputs (nothing is executed), with nbconvert's slides exporter and
the template in ``tools/slides_template/sgd_reveal`` (nbconvert's reveal template, all
of it loaded from the deck's folder). reveal.js and MathJax come from the npm
registry at build time (``npm pack``, versions below) into ``build/slides/vendor/``,
so a deck opens offline, from ``file://`` or any static server.

Each figure is drawn larger than in a notebook (``FIGURE_SCALE``), within the slide's
width, so that its text reads from the back of a room; docs/CONVENTIONS.md states the
sizes and tests/browser/slides_e2e.py measures them.

Usage: ``python tools/slides.py [--out build/slides] NOTEBOOK ...``.
"""

from __future__ import annotations

import argparse
import base64
import html
import re
import shutil
import struct
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE_DIR = ROOT / "tools" / "slides_template"
TEMPLATE = "sgd_reveal"
# From the npm registry: what each deck loads, and the files of each package it needs.
PACKAGES = {
    "reveal.js": ("4.6.1", ["dist/reveal.js", "dist/reveal.css", "dist/theme/white.css",
                            "dist/theme/fonts/source-sans-pro", "plugin/notes/notes.js"]),
    "mathjax": ("3.2.2", ["es5/tex-chtml.js", "es5/output/chtml/fonts/woff-v2"]),
}
WIDTH, HEIGHT = 1280, 720  # the slide, in CSS pixels; reveal.js scales it to the screen
CONTENT_WIDTH = WIDTH - 2 * 32  # lecture.css's padding
HIDE_INPUT_TAG = "slides-hide-input"
FIGURE_SCALE = 1.4  # a figure's size on a slide, relative to its PNG pixels ...
MAX_FIGURE_HEIGHT = 520  # ... unless that makes it taller than this (CSS px), leaving room for its claim
IMG = re.compile(r'<img (alt="[^"]*" (?:class="[^"]*" )?)src="data:image/png;base64,([A-Za-z0-9+/=]{40,})"')
# matplotlib's jshtml player: its <img> and, further on, its first frame.
ANIMATION = re.compile(r'(<img alt="[^"]*" )(id="_anim_img\w+")(.*?data:image/png;base64,([A-Za-z0-9+/=]{40,}))',
                       re.DOTALL)


def vendor(out_dir):
    """reveal.js and MathJax, unpacked from their npm tarballs into ``out_dir/vendor``."""
    target = out_dir / "vendor"
    for name, (version, members) in PACKAGES.items():
        folder = target / name
        stamp = folder / ".version"
        if stamp.exists() and stamp.read_text() == version:
            continue
        shutil.rmtree(folder, ignore_errors=True)
        with tempfile.TemporaryDirectory() as scratch:
            subprocess.run(["npm", "pack", "--silent", f"{name}@{version}", "--pack-destination", scratch],
                           check=True, stdout=subprocess.DEVNULL)
            (tarball,) = Path(scratch).glob("*.tgz")
            with tarfile.open(tarball) as archive:
                for member in archive.getmembers():
                    inner = member.name.removeprefix("package/")
                    if member.isfile() and any(inner == m or inner.startswith(m + "/") for m in members):
                        member.name = inner
                        archive.extract(member, folder, filter="data")
        stamp.write_text(version)
    shutil.copy(TEMPLATE_DIR / TEMPLATE / "lecture.css", target / "lecture.css")
    return target


def png_size(data):
    """(width, height) of a base64 PNG, from its header."""
    header = base64.b64decode(data[:44])
    return struct.unpack(">II", header[16:24])


def scale_figures(page):
    """Give every figure and animation an explicit width: ``FIGURE_SCALE`` times its pixels, within the limits."""
    def shown_width(data):
        width, height = png_size(data)
        return round(width * min(FIGURE_SCALE, MAX_FIGURE_HEIGHT / height, CONTENT_WIDTH / width))

    def sized(match):
        shown = shown_width(match.group(2))
        return f'<img {match.group(1)}width="{shown}" src="data:image/png;base64,{match.group(2)}"'

    def sized_animation(match):
        shown = shown_width(match.group(4))
        return f'{match.group(1)}width="{shown}" {match.group(2)}{match.group(3)}'

    return ANIMATION.sub(sized_animation, IMG.sub(sized, page))


def exporter():
    from nbconvert import SlidesExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    slides = SlidesExporter(extra_template_basedirs=[str(TEMPLATE_DIR)], template_name=TEMPLATE)
    slides.reveal_url_prefix = "vendor/reveal.js"
    slides.reveal_theme = "white"
    slides.reveal_width, slides.reveal_height = str(WIDTH), str(HEIGHT)
    slides.exclude_anchor_links = True
    # A figure cell whose code would push its figure off the slide shows only the figure
    # on the static deck (docs/CONVENTIONS.md); live slides show the code as always.
    slides.register_preprocessor(TagRemovePreprocessor(remove_input_tags={HIDE_INPUT_TAG}), enabled=True)
    return slides


def build(paths, out_dir):
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    vendor(out_dir)
    slides = exporter()
    built = []
    for path in map(Path, paths):
        notebook = nbformat.read(str(path), as_version=4)
        page, _ = slides.from_notebook_node(notebook, resources={"vendor_prefix": "vendor",
                                                                  "metadata": {"name": path.stem}})
        target = out_dir / f"{path.stem}.slides.html"
        target.write_text(scale_figures(page), encoding="utf-8")
        built.append(target)
        print(f"{target}: {page.count('<section')} sections, {target.stat().st_size / 1024:.0f} KiB")
    items = "\n".join(f'<li><a href="{html.escape(p.name)}">{html.escape(p.stem.removesuffix(".slides"))}</a></li>'
                      for p in built)
    (out_dir / "index.html").write_text(f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                                        f"<title>Lecture slides</title></head>\n<body><h1>Lecture slides</h1>\n"
                                        f"<ul>\n{items}\n</ul>\n</body></html>\n", encoding="utf-8")
    return built


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+")
    parser.add_argument("--out", default=str(ROOT / "build" / "slides"))
    args = parser.parse_args(argv)
    build(args.notebooks, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
