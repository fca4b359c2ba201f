"""Sphinx configuration for the qcdc docs (MyST Markdown)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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
# The inventories are shipped (docs/_inventories/README.md says from where), so the
# build needs no network; the links they make point at each project's live docs.
_INV = str(Path(__file__).parent / "_inventories")
intersphinx_mapping: dict[str, tuple[str, str]] = {
    "python": ("https://docs.python.org/3", f"{_INV}/python.inv"),
    "attrs": ("https://www.attrs.org/en/stable", f"{_INV}/attrs.inv"),
    "pandas": ("https://pandas.pydata.org/docs", f"{_INV}/pandas.inv"),
    "hypothesis": ("https://hypothesis.readthedocs.io/en/latest", f"{_INV}/hypothesis.inv"),
}
html_theme = "alabaster"
html_title = "qcdc"

# The source spells some modules by their usual aliases (``dt.date``, ``pd.DataFrame``,
# ``st.SearchStrategy``); autodoc shows the annotations as written, so a link to one
# is looked up again under the module's full name.
_ALIASES = {"dt.": "datetime.", "pd.": "pandas.", "st.": "hypothesis.strategies."}


def _unalias(app: Any, env: Any, node: Any, contnode: Any) -> Any:
    from sphinx.ext import intersphinx

    target = node.get("reftarget", "")
    for short, full in _ALIASES.items():
        if target.startswith(short):
            node["reftarget"] = full + target[len(short) :]
            return intersphinx.missing_reference(app, env, node, contnode)
    return None


def setup(app: Any) -> None:
    app.connect("missing-reference", _unalias, priority=400)
