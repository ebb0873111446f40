"""Sphinx configuration of the site. Build it with ``make site`` (docs/build_site.py stages the pages)."""

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path[:0] = [str(DOCS), str(DOCS.parent / "tools")]
import launch_links  # noqa: E402

project = "Stochastic gradient descent, step by step"
author = "the sgd-lesson authors"
copyright = "the sgd-lesson authors"  # noqa: A001 - Sphinx's name
root_doc = "index"

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "numpydoc",
    "sphinx-mathjax-offline",  # MathJax served from the site's own _static/mathjax
]

# The notebooks are committed executed, and strict nbval checked those outputs: show them as stored.
nb_execution_mode = "off"
nb_merge_streams = True
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence"]
# Anchors as JupyterLab makes them, so a lesson's [link](#Some-heading) works on the page too.
myst_heading_anchors = 3
myst_heading_slug_func = "build_site.jupyterlab_slug"

exclude_patterns = ["_generated/*", "**.ipynb_checkpoints"]
templates_path = []
html_static_path = ["_static"]
html_css_files = ["site.css"]
html_theme = "sphinx_book_theme"
html_title = project
html_favicon = "_static/favicon.svg"  # or the browser asks for /favicon.ico, which is not there
html_copy_source = False  # the pages' sources are the staged copies: the notebooks are in the repository
html_show_sourcelink = False
html_last_updated_fmt = None

autodoc_member_order = "bysource"
autodoc_typehints = "none"  # numpydoc's Parameters sections say the types
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

LICENSE_FOOTER = (
    'Code (the <code>sgd_lesson</code> package, tests, tools): '
    '<a href="https://opensource.org/license/mit">MIT License</a>. '
    "Lessons' text and figures: "
    '<a href="https://creativecommons.org/licenses/by/4.0/">Creative Commons Attribution 4.0 (CC BY 4.0)</a>.'
)


sgd_repository = launch_links.read_setting(DOCS.parent / "pyproject.toml") or ""

html_context = {"default_mode": "light"}  # the lessons' figures are drawn on white
html_theme_options = {
    "home_page_in_toc": True,
    "show_navbar_depth": 1,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "extra_footer": f'<p class="site-license">{LICENSE_FOOTER}</p>',
}


def launch_buttons(app, config):
    """Binder and Colab buttons on every notebook page, opening its student edition; none while unset."""
    repo = launch_links.parse_repository(config.sgd_repository)
    if repo is None:
        return
    config.html_theme_options.update({
        "repository_url": repo.url,
        "repository_branch": repo.branch,
        "path_to_docs": launch_links.STUDENT_FOLDER,
        "launch_buttons": {"binderhub_url": "https://mybinder.org",
                           "colab_url": "https://colab.research.google.com",
                           "notebook_interface": "jupyterlab"},
    })


def setup(app):
    app.add_config_value("sgd_repository", sgd_repository, "html", str)
    app.connect("config-inited", launch_buttons)
