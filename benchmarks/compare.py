"""Two source trees of qcdc, timed on the same public calls in one run.

For a refactor (the layout issue asked for ±10 %) and for issue 16's acceptance ("no
benchmark figure regresses by more than 10 % against the previous commit in the same
run").  Since issue 16 this is the two-tree form of ``benchmarks/sweep.py``, which does
the work: the headline figure of every benchmark script, each group of figures in a fresh
process per tree and round, A and B alternating, process CPU time, medians, B/A, the
min–max of the rounds and a verdict per figure::

    git worktree add --detach /tmp/qcdc-base <rev>
    python benchmarks/compare.py /tmp/qcdc-base/src src --rounds 7

is ``python benchmarks/sweep.py /tmp/qcdc-base/src src --rounds 7``; ``sweep.py --rev
<rev>`` makes (and removes) the base tree itself.  The calls this script timed before
(``load_cases``, ``load_hamlets``, ``load_embedded``, ``get``, ``find``, ``convert``,
report checks, the cold start) are among the sweep's figures (``--list``).

CPU time (``time.process_time``) is used rather than wall time, because on a shared
2-core machine wall time swings by more than the differences looked for.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import sweep


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("a", type=Path, help="the src/ folder of the tree to compare against")
    ap.add_argument("b", type=Path, help="the src/ folder of the tree measured")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--json", type=Path, help="also write the figures here")
    ap.add_argument("--only", help="comma-separated figure ids or groups (sweep.py --list)")
    args = ap.parse_args(argv)
    forwarded = [str(args.a), str(args.b), "--rounds", str(args.rounds)]
    if args.json is not None:
        forwarded += ["--json", str(args.json)]
    if args.only is not None:
        forwarded += ["--only", args.only]
    return sweep.main(forwarded)


if __name__ == "__main__":
    raise SystemExit(main())
