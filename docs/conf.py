"""Sphinx configuration for the qcdc docs (MyST Markdown)."""

from __future__ import annotations

import qcdc

project = "qcdc"
author = "qcdc developers"
copyright = "2026, qcdc developers"
release = qcdc.__version__

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.intersphinx",
    "matplotlib.sphinxext.plot_directive",  # charts drawn when the docs are built
]
plot_html_show_source_link = False
plot_html_show_formats = False
plot_formats = [("png", 100)]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build", "_inventories"]
myst_enable_extensions = ["colon_fence", "deflist", "tasklist"]
myst_heading_anchors = 3
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": True}
# attrs classes document their fields; duplicates of re-exported names are expected
suppress_warnings = ["myst.xref_missing", "autodoc.duplicate_object", "ref.python"]
nitpicky = False
intersphinx_mapping: dict[str, tuple[str, None]] = {}
html_theme = "alabaster"
html_title = "qcdc"
