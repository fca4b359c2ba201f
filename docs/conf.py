"""Sphinx configuration for the qcdc docs (MyST Markdown)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import qcdc

project = "qcdc"
author = "qcdc developers"
copyright = "2026, qcdc developers"
release = qcdc.__version__

# Notebooks (docs/howto/*.ipynb) are executed by the build with myst-nb, which also reads
# the Markdown pages; without it (not installed) the build reads Markdown with
# myst-parser and leaves the notebooks out.
try:
    import myst_nb  # noqa: F401
except ImportError:
    _NOTEBOOKS = False
else:
    _NOTEBOOKS = True

extensions = [
    "myst_nb" if _NOTEBOOKS else "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.intersphinx",
    "matplotlib.sphinxext.plot_directive",  # charts drawn when the docs are built
]
plot_html_show_source_link = False
plot_html_show_formats = False
plot_formats = [("png", 100)]
if _NOTEBOOKS:
    source_suffix = {".md": "myst-nb", ".ipynb": "myst-nb", ".rst": "restructuredtext"}
    exclude_patterns = ["_build", "_inventories", "_examples", "**/.ipynb_checkpoints"]
else:
    source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
    exclude_patterns = ["_build", "_inventories", "_examples", "**/*.ipynb"]
# every notebook runs at each build (no stored outputs), offline, in under a minute;
# an error in a cell fails the build
nb_execution_mode = "force"
nb_execution_timeout = 60
nb_execution_raise_on_error = True
nb_execution_show_tb = True
myst_enable_extensions = ["colon_fence", "deflist", "tasklist"]
myst_heading_anchors = 3
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": True}
suppress_warnings: list[str] = []
# every reference must resolve (the build runs with -n -W); private bases and aliases
# that public signatures name have no page of their own
nitpicky = True
nitpick_ignore = [
    # polars ships no inventory here; its types are named in qcdc.polars' annotations
    ("py:class", "pl.Series"),
    ("py:class", "pl.Expr"),
    ("py:class", "pl.DataFrame"),
    ("py:class", "polars.DataFrame"),
    # starlette ships no inventory; qcdc.serve.create_app returns its app
    ("py:class", "Starlette"),
    # matplotlib ships no inventory here; ReportSeries.plot takes and returns its Axes
    ("py:class", "Axes"),
    # private types named in public signatures
    ("py:class", "qcdc.reports._exact.Span"),
    ("py:class", "qcdc.units.rebasing._Frame"),
    ("py:class", "qcdc.reports.sections._Section"),
    ("py:class", "qcdc.hamlets.actions._ActionBase"),
    ("py:class", "_AnyBoard"),
    ("py:class", "qcdc.inspection.board_rules._RuleFields"),
    # type aliases (a str of a given shape), named in signatures
    ("py:class", "CommunityKey"),
    ("py:data", "CommunityKey"),
    ("py:class", "qcdc.units.model.UnitCode"),
]
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
    return _at_the_package(app, env, node, contnode)


def _at_the_package(app: Any, env: Any, node: Any, contnode: Any) -> Any:
    """Each public name is documented once, where users import it: its pillar's package
    (``qcdc.reports.check``). A reference by the module that defines it
    (``qcdc.reports.checker.check``, or ``check`` inside that module's docstrings) is
    resolved there."""
    if node.get("refdomain") != "py":
        return None
    target = node.get("reftarget", "")
    module = node.get("py:module") or ""
    candidates = []
    parts = target.split(".")
    if target.startswith("qcdc.") and len(parts) >= 4:
        candidates.append(".".join([*parts[:2], *parts[3:]]))
    cls = node.get("py:class")
    if module.startswith("qcdc."):
        package = ".".join(module.split(".")[:2])
        if cls:
            candidates += [f"{package}.{cls}.{target}", f"{module}.{cls}.{target}"]
        candidates += [f"{package}.{target}", f"{module}.{target}"]
    candidates += _where_it_lives(target.lstrip("~"))
    if any(part.startswith("_") for part in parts[1:-1]):  # a private module's name
        candidates.append(f"qcdc.io.{parts[-1]}")  # documented where users import it
    domain = env.domains["py"]
    for candidate in candidates:
        found = domain.resolve_xref(
            env, node["refdoc"], app.builder, node["reftype"], candidate, node, contnode
        )
        if found is not None:
            return found
    return None


def _where_it_lives(target: str) -> list[str]:
    """``qcdc.gazetteer`` (a name of the facade) → where the object is documented."""
    import importlib

    parts = target.split(".")
    if parts[0] != "qcdc" or len(parts) < 2:
        return []
    for cut in range(len(parts) - 1, 0, -1):
        try:
            obj: Any = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        try:
            for name in parts[cut:]:
                obj = getattr(obj, name)
        except AttributeError:
            return []
        module = getattr(obj, "__module__", None)
        qualname = getattr(obj, "__qualname__", None)
        if not (module and qualname and module.startswith("qcdc.")):
            return []
        package = ".".join(module.split(".")[:2])
        return [f"{package}.{qualname}", f"{module}.{qualname}"]
    return []


def _one_entry_per_object(app: Any, env: Any) -> None:
    """A class documented at its package carries its defining module's path as an alias
    (``:canonical:``); references resolve through the handler above, so the alias is
    dropped and an unqualified annotation (``Gazetteer``) has one target, not two."""
    objects = env.domains["py"].objects
    for name in [n for n, entry in objects.items() if entry.aliased]:
        del objects[name]


def setup(app: Any) -> None:
    app.connect("missing-reference", _unalias, priority=400)
    app.connect("env-updated", _one_entry_per_object)
