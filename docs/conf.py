"""Sphinx configuration for this project's documentation site.

Build it with ``python -m sphinx -W --keep-going -b html docs docs/_build/html``;
``tests/docs/test_site.py`` runs the same build (warnings are errors) in the
test command.
"""

from __future__ import annotations

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "_ext"))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "src"))

import alembic  # noqa: E402  (after the path set-up above)

project = "alembic (drop-in implementation of the Alembic 1.20 interface)"
author = "the project's contributors"
copyright = "the project's contributors; MIT licence"
release = alembic.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "cli_reference",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build", "_ext", "README.md"]
myst_heading_anchors = 3
myst_enable_extensions = ["colon_fence"]

autodoc_member_order = "bysource"
autodoc_typehints = "none"
autodoc_default_options = {"undoc-members": False}

html_theme = "alabaster"
html_title = "alembic (drop-in) documentation"
html_static_path: list[str] = []
