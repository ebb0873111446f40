"""The site's checks need the ``site`` extra (Sphinx, MyST-NB, Playwright), which ``make test``
does not install, so ``pytest tests`` (with or without ``--doctest-modules``) skips this folder;
``make test-site`` runs its tests by name (``pytest tests/site/test_*.py``), after the browser
check of the built site, ``site_e2e.py``, a script.
"""

collect_ignore_glob = ["*.py"]
