"""Headless Chromium as the browser tests drive it, for scripts other than lab_e2e.py.

Debian's ``/usr/bin/chromium`` through Playwright for Python (never ``playwright
install``), with lab_e2e.py's flags (no sandbox as root, no GPU, no background
traffic, every host but 127.0.0.1 unresolvable), a throwaway profile, and on top
of the flags a route that aborts any request not addressed to the page's own
server, so a page that reaches for another host fails loudly instead of hanging.
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lab_e2e import CHROMIUM, CHROMIUM_FLAGS  # noqa: E402  (one list of flags for every browser test)

LOCAL_SCHEMES = ("data", "blob", "about")


def require_chromium():
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing: `apt-get install -y chromium` (make test-site does it)")


def launch(playwright, profile, *, viewport, timeout):
    """A persistent context on a fresh profile folder ``profile``."""
    return playwright.chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS,
        viewport=viewport, device_scale_factor=1, timeout=timeout * 1000)


def block_other_hosts(context, origin, blocked):
    """Abort every request whose origin is not ``origin``; append each one's URL to ``blocked``."""
    allowed = urlsplit(origin)

    def route(route):
        url = urlsplit(route.request.url)
        if url.scheme in LOCAL_SCHEMES or (url.scheme, url.netloc) == (allowed.scheme, allowed.netloc):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort("blockedbyclient")

    context.route("**/*", route)
