"""Write ``units.idx``, the index of the shipped unit table that makes the cold start cheap.

    python tools/units_index.py            # writes src/qcdc/units/data/units.idx
    python tools/units_index.py --check    # exit 1 if units.idx is not the index of units.tsv

The index is derived from ``units.tsv`` alone (``qcdc.units._data.index_text``: the table's
size, CRC-32 and rows, its dates, and each row's span among them); the gazetteer reads it to
build the units of the dates it is asked about, and rebuilds it in memory when it does not fit
the table.  ``tools/acts/compile.py`` writes it with the tables; a test checks it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "qcdc" / "units" / "data"
sys.path.insert(0, str(ROOT / "src"))

from qcdc.units._data import index_text  # noqa: E402  (the library of this checkout)


def write(data: Path = DATA) -> str:
    """Write the index of ``data/units.tsv`` beside it; return its text."""
    text = index_text((data / "units.tsv").read_bytes())
    (data / "units.idx").write_bytes(text.encode("ascii"))
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    if args.check:
        path = DATA / "units.idx"
        shipped = path.read_bytes() if path.exists() else b""
        if shipped != index_text((DATA / "units.tsv").read_bytes()).encode("ascii"):
            message = "units.idx is not the index of units.tsv: run tools/units_index.py"
            print(message, file=sys.stderr)
            return 1
        return 0
    text = write()
    print(f"units.idx: {text.splitlines()[1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
