"""The public surface: every public module's __all__ is exactly what it defines publicly."""

from __future__ import annotations

import importlib
import inspect
import json
import subprocess
import sys
from pathlib import Path

import pytest

import qcdc

MODULES = [
    "qcdc",
    "qcdc.errors",
    "qcdc.findings",
    "qcdc.citations",
    "qcdc.text",
    "qcdc.numbers",
    "qcdc.dates",
    "qcdc.units",
    "qcdc.units.model",
    "qcdc.units.gazetteer",
    "qcdc.units.lineage",
    "qcdc.hamlets",
    "qcdc.hamlets.registry",
    "qcdc.hamlets.standards",
    "qcdc.inspection",
    "qcdc.inspection.cases",
    "qcdc.directives",
    "qcdc.directives.document_numbers",
    "qcdc.directives.bodies",
    "qcdc.directives.tasks",
    "qcdc.directives.review",
    "qcdc.reports",
    "qcdc.reports.model",
    "qcdc.reports.extract",
    "qcdc.reports.render",
    "qcdc.io",
    "qcdc.pandas",
    "qcdc.polars",
    "qcdc.arrow",
    "qcdc.serve",
    "qcdc.strategies",
    "qcdc.cli",
    "qcdc.units.search",
    "qcdc.hamlets.actions",
    "qcdc.hamlets.model",
    "qcdc.hamlets.plans",
    "qcdc.hamlets.regions",
    "qcdc.hamlets.summaries",
    "qcdc.inspection.board_rules",
    "qcdc.inspection.boards",
    "qcdc.inspection.deadlines",
    "qcdc.inspection.kinds",
    "qcdc.inspection.lifecycle",
    "qcdc.inspection.rollup",
    "qcdc.inspection.tallies",
    "qcdc.reports.checker",
    "qcdc.reports.figures",
    "qcdc.reports.rules",
    "qcdc.reports.sections",
    "qcdc.dates.calendar",
    "qcdc.dates.deadlines",
    "qcdc.dates.periods",
    "qcdc.dates.sets",
    "qcdc.units.acts",
    "qcdc.units.rebasing",
    "qcdc.units.changes",
]
PACKAGES = ("qcdc.units", "qcdc.hamlets", "qcdc.inspection", "qcdc.directives", "qcdc.reports")
# where the public modules of release 0.1 went (issue 10); the others kept their path
MOVED = {
    "qcdc.gazetteer": "qcdc.units",
    "qcdc.lineage": "qcdc.units",
    "qcdc.standards": "qcdc.hamlets",
}
OLD_NAMES = json.loads(
    (Path(__file__).parent / "data" / "public_names_0.1.json").read_text(encoding="utf-8")
)


@pytest.mark.parametrize("old", sorted(OLD_NAMES))
def test_every_name_of_the_previous_layout_is_still_importable(old: str) -> None:
    """Each name a public module exported in 0.1 is importable from the facade or from the
    module's (new) home."""
    home = importlib.import_module(MOVED.get(old, old))
    missing = [n for n in OLD_NAMES[old] if not hasattr(home, n) and not hasattr(qcdc, n)]
    assert missing == []


@pytest.mark.parametrize("name", MODULES)
def test_all_lists_existing_names(name: str) -> None:
    module = importlib.import_module(name)
    assert sorted(set(module.__all__)) == sorted(module.__all__), "duplicates in __all__"
    for item in module.__all__:
        assert hasattr(module, item), f"{name}.__all__ names missing {item}"


@pytest.mark.parametrize("name", [m for m in MODULES if m != "qcdc" and m not in PACKAGES])
def test_public_definitions_are_in_all(name: str) -> None:
    module = importlib.import_module(name)
    defined = {
        n
        for n, obj in vars(module).items()
        if not n.startswith("_")
        and (inspect.isclass(obj) or inspect.isfunction(obj))
        and getattr(obj, "__module__", None) == name
    }
    missing = defined - set(module.__all__)
    assert not missing, f"{name} defines public names not in __all__: {sorted(missing)}"


def test_every_error_is_a_qcdc_error_and_a_builtin() -> None:
    from qcdc import errors

    for n in errors.__all__:
        cls = getattr(errors, n)
        assert issubclass(cls, errors.QcdcError)
        if cls is not errors.QcdcError:
            assert len(cls.__mro__) > 3, f"{n} should also derive from a builtin exception"


def test_import_has_no_side_effects_and_is_lazy() -> None:
    """Importing qcdc imports nothing else of qcdc and reads no data: each part loads when
    a name of it is first used, the gazetteer's data on first use."""
    code = (
        "import sys, qcdc; assert [m for m in sys.modules if m.startswith('qcdc')] == ['qcdc']; "
        "qcdc.Gazetteer; g = sys.modules['qcdc.units.gazetteer']; "
        "assert g._EMBEDDED is None; "
        "assert 'pandas' not in sys.modules and 'hypothesis' not in sys.modules; print('ok')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.stdout.strip() == "ok", out.stderr


def test_version_is_exposed() -> None:
    assert qcdc.__version__.startswith("0.")


def test_hypothesis_entry_point_imports_no_pillar() -> None:
    """Importing hypothesis loads qcdc's plugin and nothing else of qcdc (issue 10: the
    entry point used to import 14 modules)."""
    code = "import sys, hypothesis; print(sorted(m for m in sys.modules if m.startswith('qcdc')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['qcdc', 'qcdc._hypothesis_plugin']"


@pytest.mark.parametrize("first", ["hypothesis", "pillars"])
def test_types_are_registered_whatever_is_imported_first(first: str) -> None:
    """st.from_type works for qcdc's types whether hypothesis or the pillar came first."""
    pillars = "import qcdc.dates, qcdc.units; "
    order = (
        "import hypothesis; " + pillars
        if first == "hypothesis"
        else pillars + "import hypothesis; "
    )
    code = order + (
        "import hypothesis.strategies as st; "
        "from qcdc.dates import Period; from qcdc.units import AdministrativeUnit; "
        "assert isinstance(st.from_type(Period).example(), Period); "
        "assert isinstance(st.from_type(AdministrativeUnit).example(), AdministrativeUnit); "
        "print('ok')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.stdout.strip() == "ok", out.stderr


def test_every_public_module_is_checked_here() -> None:
    """A module whose name has no leading underscore is public: it must be listed above."""
    src = Path(qcdc.__file__).parent
    public = set()
    for path in src.rglob("*.py"):
        parts = path.relative_to(src.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if not any(p.startswith("_") for p in parts):
            public.add(".".join(parts))
    assert public - set(MODULES) == set(), "add the new public modules to MODULES"


def test_one_serialisation_verb() -> None:
    """``to_dict`` everywhere; ``to_mapping`` (reports, 0.1) stays as its alias."""
    for module in MODULES:
        mod = importlib.import_module(module)
        for name in getattr(mod, "__all__", ()):
            obj = getattr(mod, name)
            if inspect.isclass(obj) and hasattr(obj, "to_mapping"):
                assert hasattr(obj, "to_dict"), f"{module}.{name} has to_mapping but no to_dict"
    from qcdc.reports import load_embedded

    report = load_embedded("hanoi-2021")
    assert report.to_mapping() == report.to_dict()
    assert all(s.to_mapping() == s.to_dict() for _, s in report.sections())
