"""Compile the act log into the shipped tables: units.tsv, lineage.tsv and acts.tsv.

    python tools/acts/compile.py            # writes src/qcdc/units/data/{units,lineage,acts}.tsv
    python tools/acts/compile.py --check    # exit 1 if the shipped tables differ from the log

The library reads the compiled tables (fast to load); the act log (``data/acts/``) is the truth.
The compiler is the library's own (``qcdc.units.changes.compile_embedded``, the code in
``qcdc/units/_replay.py``, which also layers users' change files over the log); this script
writes its output.  ``tools/acts/replay.py`` stays the independent reference replay.
Each unit record is valid from the day an act gave it its kind, name and parent to the day an
act changed one of them (a change of tone placement only, Hoà/Hòa, keeps one record with the
newer spelling).  The last column, ``name_en``, is the English name of the MIT source (the
baseline's and the acts' ``name_en``; a later English name alone keeps one record with the newer
one), empty where the source has none.
The baseline (the state of 2021-11-01) is answered from 2021-01-01: before the log's first act
the data has no other list, so the first ten months are an approximation.

Where an act states the figures (``part_figures`` on the receiving change, ``source_figures``
for the whole on the day before), a link's ``area_share`` and ``population_share`` are the part
over the whole; when exactly one receiving link of an ending unit lacks a figure and the whole
and the other parts are stated, it gets the remainder; ``share`` is the population share when
set, else the area share.

Every lineage link cites the act that made it (``basis``) and, where the act's text was read,
the clause.  The rules that turn an act's changes into links (``EventKind`` of
``qcdc.units.lineage``):

* ``merge`` (target T, whole ``sources``, partial ``parts``): a ``merge`` link from each whole
  source to T (from T itself only when T's record ends that day); from each partial source, a
  ``merge`` link with ``whole = 0`` if the source ended or changed that day (its ``default``
  target, or the target with its own code, is the default), else a ``split`` link (a part moved
  out of a unit that goes on);
* ``transfer`` (receiving unit T, ``parts``): a ``split`` link from each part to T (the part
  goes on);
* ``create``: a ``create`` link with no source; ``recode``: a ``retype`` link old → new code;
* ``abolish`` of a district: an ``abolish`` link to the province its communes lie in;
* any other unit whose record ends and starts again with the same code, and that no link above
  covers: ``retype``, ``rename`` and/or ``reparent`` links to itself, as its kind, name or
  parent changed.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "src" / "qcdc" / "units" / "data"
sys.path.insert(0, str(ROOT / "src"))

from qcdc.units import _replay  # noqa: E402  (the library of this checkout)
from qcdc.units.changes import compile_embedded  # noqa: E402


def _refresh_manifest(outputs: Mapping[str, str]) -> None:
    """The checksums (and row counts) of the compiled tables in MANIFEST.json."""
    import hashlib
    import json

    path = DATA / "MANIFEST.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    for name, text in outputs.items():
        sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if name in manifest["files"]:
            manifest["files"][name].update(sha256=sha, rows=text.count("\n") - 1)
        else:
            manifest["other_files"][f"units/data/{name}"] = {
                "sha256": sha,
                "source": "the legal acts of the log, compiled by tools/acts/compile.py "
                "(units/data/acts/README.md)",
            }
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _index(units_tsv: str) -> bytes:
    """``units.idx``: the index of the unit table, derived from it (``tools/units_index.py``)."""
    from qcdc.units._data import index_text

    return index_text(units_tsv.encode("utf-8")).encode("ascii")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    units, links, acts, _unresolved = compile_embedded()
    outputs = {
        "units.tsv": _replay.tsv(_replay.UNITS_HEADER, units),
        "lineage.tsv": _replay.tsv(_replay.LINKS_HEADER, links),
        "acts.tsv": _replay.tsv(_replay.ACTS_HEADER, acts),
    }
    stale = [n for n, text in outputs.items() if (DATA / n).read_text(encoding="utf-8") != text]
    index = DATA / "units.idx"  # the cold start's index of units.tsv (tools/units_index.py)
    if not index.exists() or index.read_bytes() != _index(outputs["units.tsv"]):
        stale.append("units.idx")
    if args.check:
        for n in stale:
            print(f"{n} differs from the act log: run tools/acts/compile.py", file=sys.stderr)
        return 1 if stale else 0
    for n, text in outputs.items():
        (DATA / n).write_text(text, encoding="utf-8")
    index.write_bytes(_index(outputs["units.tsv"]))
    _refresh_manifest(outputs)
    epochs = len({r["valid_from"] for r in units})
    print(
        f"units.tsv: {len(units)} rows, {epochs} epochs;",
        f"lineage.tsv: {len(links)} links; acts.tsv: {len(acts)} acts",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
