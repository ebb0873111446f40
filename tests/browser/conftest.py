"""The browser test is a script run by ``make test-browser``, not by pytest.

It needs Chromium and Playwright, which ``make test`` does not install, and it takes
its own minute; ``pytest tests`` (with or without ``--doctest-modules``) skips it.
"""

collect_ignore_glob = ["*.py"]
