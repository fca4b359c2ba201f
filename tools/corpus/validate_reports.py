"""Check tests/data/real/reports.jsonl: schema, ids, references and the stated arithmetic.

Run from the repository root::

    python tools/corpus/validate_reports.py [path/to/reports.jsonl] [-q]

Standard library only (no qcdc import): this is a check of the data, written down by hand,
independent of the library it will test.  Exit status 0 when every record is well formed and
every relation's ``holds`` agrees with the arithmetic recomputed here; 1 otherwise.

Arithmetic (exact fractions, interval reasoning):

* A printed value stands for an interval.  A count printed as a whole number is exact.  Any
  other value (percent, money, area, ratio parts aside) stands for the interval its last printed
  digit implies: ``87%`` is [86.5, 87.5], ``43,4 tỷ`` is [43.35, 43.45] tỷ, ``97 nghìn m²`` is
  [96 500, 97 500] m².
* A hedge replaces one side: ``trên``/``hơn``/``vượt``/``ngoài`` X is (X, +inf);
  ``gần`` X is [0.9 X, X); ``dưới``/``chưa đến`` X is [0, X); ``khoảng``/``xấp xỉ``/``ước``/
  ``ước tính``/``trên dưới`` X is [0.9 X, 1.1 X]; ``ít nhất``/``tối thiểu`` X is [X, +inf);
  ``tối đa``/``không quá`` X is [0, X].  (NEAR = 10 %: "gần 300" is 270 to 300.)
* Units of money (đồng, nghìn/triệu/tỷ đồng) and of area (m2, ha, km2) are converted to đồng and
  m² before any comparison; other units are compared as printed.
* Relations (``whole`` and ``parts`` name figure ids; ``f4:num`` / ``f4:den`` name the numerator
  and denominator of a ratio figure printed as ``a/b``):

  - ``sum``: the parts add up to the whole (``complete`` must be true): holds when the interval
    of the sum of the parts meets the interval of the whole.
  - ``part_of``: the parts are some of the whole (``trong đó``): holds when the least possible
    sum of the parts does not exceed the greatest possible whole.
  - ``percent``: ``whole`` is the denominator, ``parts`` = [numerator, printed percent]: holds
    when 100 * numerator / denominator can fall in the percent's interval.
  - ``percent`` with one part (the printed percent only): the numerator is not printed; holds
    when some whole number of the whole's units gives the printed percent ("605 vụ việc …
    đạt 96,3%": no count n <= 605 has 100 n / 605 in [96.25, 96.35], so it does not hold).
  - ``difference``: ``whole`` = parts[0] - parts[1] (a change, a remainder, a reduction).
  - ``percent_change``: ``whole`` is the value before, ``parts`` = [value after, printed
    percent]: holds when 100 * |after - before| / before can fall in the percent's interval
    ("giảm từ 36 xuống 8, tương đương gần 78%").
  - ``ratio``: ``whole`` = parts[0] / parts[1] (a plain factor, "gấp 3 lần").

"holds" therefore means "the printed figures can all be true at once"; "does not hold" means no
reading of the printed precision and hedges makes them agree.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from pathlib import Path

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "tests" / "data" / "real" / "reports.jsonl"

RECORD_KEYS = {
    "id",
    "url",
    "title",
    "publisher",
    "published",
    "place",
    "level",
    "period",
    "section",
    "excerpt",
    "figures",
    "relations",
    "notes",
}
FIGURE_KEYS = {"id", "printed", "value", "unit", "kind", "hedge", "planned", "label"}
RELATION_KEYS = {"kind", "whole", "parts", "complete", "holds", "note"}
LEVELS = {"national", "province", "district", "commune"}
SECTIONS = {
    "units",
    "hamlets",
    "inspection",
    "investment_supervision",
    "dialogue",
    "mediation",
    "online_services",
    "dan_van_kheo",
    "contributions",
    "land_donation",
    "other",
}
FIGURE_KINDS = {"count", "percent", "money", "area", "ratio"}
RELATION_KINDS = {"sum", "part_of", "percent", "percent_change", "difference", "ratio"}
MAX_EXCERPT = 700
NEAR = Fraction(1, 10)

LOWER_OPEN = {"trên", "hơn", "vượt", "ngoài", "hơn gần"}
UPPER_NEAR = {"gần", "gần như"}
UPPER = {"dưới", "chưa đến", "chưa tới"}
AROUND = {"khoảng", "xấp xỉ", "ước", "ước tính", "trên dưới", "ước đạt"}
AT_LEAST = {"ít nhất", "tối thiểu"}
AT_MOST = {"tối đa", "không quá"}
HEDGES = LOWER_OPEN | UPPER_NEAR | UPPER | AROUND | AT_LEAST | AT_MOST

MONEY = {
    "đồng": Fraction(1),
    "nghìn đồng": Fraction(10**3),
    "ngàn đồng": Fraction(10**3),
    "triệu đồng": Fraction(10**6),
    "tỷ đồng": Fraction(10**9),
}
AREA = {"m2": Fraction(1), "ha": Fraction(10**4), "km2": Fraction(10**6)}
NUMBER_WORDS = {
    "một": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
}
WORD_MULTIPLIERS = {"nghìn": 10**3, "ngàn": 10**3, "vạn": 10**4, "triệu": 10**6, "tỷ": 10**9}
INF = Fraction(10**30)

NUMBER = re.compile(r"\d[\d.,]*\d|\d")
VALUE = re.compile(r"-?\d+(\.\d+)?")
RATIO_VALUE = re.compile(r"(\d+(?:\.\d+)?)/(\d+(?:\.\d+)?)")


@dataclass(frozen=True)
class Interval:
    """A closed interval of possible true values (open ends are treated as closed)."""

    lo: Fraction
    hi: Fraction

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def meets(self, other: Interval) -> bool:
        return self.lo <= other.hi and other.lo <= self.hi

    def show(self) -> str:
        def one(x: Fraction) -> str:
            if x >= INF:
                return "inf"
            return f"{float(x):.6g}"

        return f"[{one(self.lo)}, {one(self.hi)}]"


def parse_vietnamese_number(text: str) -> tuple[Fraction, int]:
    """Value and number of decimals of a number printed the Vietnamese way (1.280,04)."""
    if "," in text:
        integer, _, decimals = text.partition(",")
    elif text.count(".") == 1 and len(text.split(".")[1]) != 3:
        integer, _, decimals = text.partition(".")  # a decimal point, English style
    else:
        integer, decimals = text, ""
    integer = integer.replace(".", "")
    if not integer.isdigit() or (decimals and not decimals.isdigit()):
        raise ValueError(f"not a number: {text!r}")
    value = Fraction(int(integer))
    if decimals:
        value += Fraction(int(decimals), 10 ** len(decimals))
    return value, len(decimals)


def read_printed(printed: str, unit: str) -> tuple[Fraction, int, int] | None:
    """(value, decimals, word multiplier) of the first number in ``printed``, or None.

    A number word ("hai phường") is read only when the text has no digit.  A multiplier word
    right after the number ("97 nghìn m²") multiplies it unless the unit itself starts with it
    ("43,4 tỷ đồng" in unit "tỷ đồng").
    """
    numbers = NUMBER.findall(printed)
    if numbers:
        value, places = parse_vietnamese_number(numbers[0])
        after = printed[printed.find(numbers[0]) + len(numbers[0]) :].strip().lower()
    else:
        words = printed.lower().split()
        hits = [i for i, w in enumerate(words) if w in NUMBER_WORDS]
        if not hits:
            return None
        value, places = Fraction(NUMBER_WORDS[words[hits[0]]]), 0
        after = " ".join(words[hits[0] + 1 :])
    word = after.split(" ")[0] if after else ""
    multiplier = 1
    if word in WORD_MULTIPLIERS and not unit.lower().startswith(word):
        multiplier = WORD_MULTIPLIERS[word]
    return value * multiplier, places, multiplier


class Checker:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.lines: list[str] = []
        self.stats = {"relations": 0, "holds": 0, "not_holds": 0, "mismatch": 0}

    def error(self, where: str, message: str) -> None:
        self.errors.append(f"{where}: {message}")

    # -- schema ----------------------------------------------------------------------------
    def check_strings_nfc(self, where: str, obj: object) -> None:
        if isinstance(obj, str):
            if unicodedata.normalize("NFC", obj) != obj:
                self.error(where, f"string not NFC: {obj[:40]!r}")
        elif isinstance(obj, list):
            for item in obj:
                self.check_strings_nfc(where, item)
        elif isinstance(obj, dict):
            for value in obj.values():
                self.check_strings_nfc(where, value)

    def check_record(self, rec: dict[str, object], where: str) -> None:
        keys = set(rec)
        if keys != RECORD_KEYS:
            missing, extra = RECORD_KEYS - keys, keys - RECORD_KEYS
            self.error(where, f"keys differ: missing {missing}, extra {extra}")
            return
        self.check_strings_nfc(where, rec)
        if not re.fullmatch(r"rp-\d{3}", str(rec["id"])):
            self.error(where, "id must be rp-NNN")
        for key in ("url", "title", "publisher", "place", "excerpt"):
            if not isinstance(rec[key], str) or not rec[key]:
                self.error(where, f"{key} must be a non-empty string")
        if not str(rec["url"]).startswith(("http://", "https://")):
            self.error(where, "url must be http(s)")
        published = rec["published"]
        if published is not None:
            try:
                date.fromisoformat(str(published))
            except ValueError:
                self.error(where, f"published {published!r} is not YYYY-MM-DD")
        if rec["period"] is not None and not isinstance(rec["period"], str):
            self.error(where, "period must be a string or null")
        if rec["level"] not in LEVELS:
            self.error(where, f"level {rec['level']!r} not in {sorted(LEVELS)}")
        if rec["section"] not in SECTIONS:
            self.error(where, f"section {rec['section']!r} not in {sorted(SECTIONS)}")
        excerpt = str(rec["excerpt"])
        if len(excerpt) > MAX_EXCERPT:
            self.error(where, f"excerpt has {len(excerpt)} characters (> {MAX_EXCERPT})")
        if not isinstance(rec["notes"], str):
            self.error(where, "notes must be a string")
        figures = rec["figures"]
        if not isinstance(figures, list) or not figures:
            self.error(where, "figures must be a non-empty list")
            return
        by_id: dict[str, dict[str, object]] = {}
        for fig in figures:
            if not isinstance(fig, dict):
                self.error(where, "a figure is not an object")
                continue
            fid = str(fig.get("id"))
            fwhere = f"{where} {fid}"
            if set(fig) != FIGURE_KEYS:
                self.error(fwhere, f"figure keys differ: {set(fig) ^ FIGURE_KEYS}")
                continue
            if fid in by_id:
                self.error(fwhere, "duplicate figure id")
            by_id[fid] = fig
            self.check_figure(fig, excerpt, fwhere)
        relations = rec["relations"]
        if not isinstance(relations, list):
            self.error(where, "relations must be a list")
            return
        for n, rel in enumerate(relations, 1):
            self.check_relation(rel, by_id, f"{where} relation {n}")

    def check_figure(self, fig: dict[str, object], excerpt: str, where: str) -> None:
        printed, value, unit = str(fig["printed"]), str(fig["value"]), str(fig["unit"])
        kind, hedge = fig["kind"], fig["hedge"]
        if printed not in excerpt:
            self.error(where, f"printed {printed!r} does not occur in the excerpt")
        if kind not in FIGURE_KINDS:
            self.error(where, f"kind {kind!r} not in {sorted(FIGURE_KINDS)}")
        if hedge is not None and hedge not in HEDGES:
            self.error(where, f"hedge {hedge!r} not in {sorted(HEDGES)}")
        if hedge is not None and str(hedge) not in printed.lower():
            self.error(where, f"hedge {hedge!r} is not in printed {printed!r}")
        if not isinstance(fig["planned"], bool):
            self.error(where, "planned must be true or false")
        if not str(fig["label"]):
            self.error(where, "label must not be empty")
        if kind == "money" and unit not in MONEY:
            self.error(where, f"money unit {unit!r} not in {sorted(MONEY)}")
        if kind == "area" and unit not in AREA:
            self.error(where, f"area unit {unit!r} not in {sorted(AREA)}")
        if kind == "percent" and unit != "%":
            self.error(where, "a percent figure has unit '%'")
        numbers = NUMBER.findall(printed)
        if kind == "ratio":
            match = RATIO_VALUE.fullmatch(value)
            if not match or len(numbers) < 2:
                self.error(where, f"ratio value {value!r} must be 'a/b' and printed must show both")
                return
            got = [parse_vietnamese_number(n)[0] for n in numbers[:2]]
            want = [Fraction(match.group(1)), Fraction(match.group(2))]
            if got != want:
                self.error(where, f"printed {printed!r} reads {got}, value says {want}")
            return
        if not VALUE.fullmatch(value):
            self.error(where, f"value {value!r} must be a plain decimal (point, no separators)")
            return
        reading = read_printed(printed, unit)
        if reading is None:
            self.error(where, f"printed {printed!r} has no number")
            return
        read = reading[0]
        if read != Fraction(value):
            self.error(where, f"printed {printed!r} reads {float(read)}, value says {value}")

    # -- arithmetic ------------------------------------------------------------------------
    @staticmethod
    def scale(fig: dict[str, object]) -> Fraction:
        unit = str(fig["unit"])
        if fig["kind"] == "money":
            return MONEY[unit]
        if fig["kind"] == "area":
            return AREA[unit]
        return Fraction(1)

    def interval(self, fig: dict[str, object], part: str | None) -> Interval:
        value = str(fig["value"])
        printed = str(fig["printed"])
        if part is not None:
            match = RATIO_VALUE.fullmatch(value)
            assert match is not None
            text = match.group(1) if part == "num" else match.group(2)
            exact = Fraction(text)
            return Interval(exact, exact)  # the two sides of 'a/b' are counts
        v = Fraction(value)
        reading = read_printed(printed, str(fig["unit"]))
        assert reading is not None
        _, places, multiplier = reading
        exact_count = fig["kind"] == "count" and places == 0 and multiplier == 1
        half = Fraction(0) if exact_count else Fraction(multiplier, 2 * 10**places)
        lo, hi = v - half, v + half
        hedge = fig["hedge"]
        if hedge in LOWER_OPEN:
            lo, hi = v, INF
        elif hedge in UPPER_NEAR:
            lo, hi = v * (1 - NEAR), v
        elif hedge in UPPER:
            lo, hi = Fraction(0), v
        elif hedge in AROUND:
            lo, hi = v * (1 - NEAR), v * (1 + NEAR)
        elif hedge in AT_LEAST:
            lo, hi = v, INF
        elif hedge in AT_MOST:
            lo, hi = Fraction(0), v
        s = self.scale(fig)
        return Interval(lo * s, hi if hi >= INF else hi * s)

    def resolve(
        self, ref: object, by_id: dict[str, dict[str, object]], where: str
    ) -> tuple[Interval, str] | None:
        text = str(ref)
        fid, _, part = text.partition(":")
        fig = by_id.get(fid)
        if fig is None:
            self.error(where, f"refers to unknown figure {text!r}")
            return None
        if part and (part not in ("num", "den") or fig["kind"] != "ratio"):
            self.error(where, f"{text!r}: ':num'/':den' only on ratio figures")
            return None
        if not part and fig["kind"] == "ratio":
            self.error(where, f"{text!r}: name a ratio's ':num' or ':den'")
            return None
        return self.interval(fig, part or None), str(fig["unit"])

    def check_relation(self, rel: object, by_id: dict[str, dict[str, object]], where: str) -> None:
        if not isinstance(rel, dict):
            self.error(where, "relation is not an object")
            return
        keys = set(rel)
        if not keys <= RELATION_KEYS or not {"kind", "whole", "parts", "holds", "note"} <= keys:
            self.error(where, f"relation keys wrong: {sorted(keys)}")
            return
        kind = rel["kind"]
        if kind not in RELATION_KINDS:
            self.error(where, f"relation kind {kind!r} not in {sorted(RELATION_KINDS)}")
            return
        if kind in ("sum", "part_of") and not isinstance(rel.get("complete"), bool):
            self.error(where, f"a {kind} relation needs complete: true/false")
            return
        if kind == "sum" and rel["complete"] is not True:
            self.error(where, "a sum is complete; a partial breakdown is part_of")
        if kind == "part_of" and rel["complete"] is not False:
            self.error(where, "part_of is a partial breakdown: complete must be false")
        if not isinstance(rel["holds"], bool):
            self.error(where, "holds must be true or false")
            return
        parts_ref = rel["parts"]
        if not isinstance(parts_ref, list) or not parts_ref:
            self.error(where, "parts must be a non-empty list")
            return
        whole = self.resolve(rel["whole"], by_id, where)
        parts = [self.resolve(p, by_id, where) for p in parts_ref]
        if whole is None or any(p is None for p in parts):
            return
        got_parts = [p for p in parts if p is not None]
        w = whole[0]
        if kind in ("sum", "part_of"):
            total = got_parts[0][0]
            for p in got_parts[1:]:
                total = total + p[0]
            computed = total.meets(w) if kind == "sum" else total.lo <= w.hi
            shown = f"{'+'.join(map(str, parts_ref))} = {total.show()} vs {rel['whole']} {w.show()}"
        elif kind == "percent" and len(got_parts) == 1:
            pct = got_parts[0][0]
            if w.lo != w.hi or w.lo <= 0 or w.lo.denominator != 1:
                self.error(where, "an implicit numerator needs an exact whole-number whole")
                return
            den = int(w.lo)
            counts = [n for n in range(den + 1) if pct.lo <= Fraction(100 * n, den) <= pct.hi]
            computed = bool(counts)
            found = f"n in {counts[0]}..{counts[-1]}" if counts else "no whole n"
            shown = f"100*n/{rel['whole']}({den}) in {parts_ref[0]} {pct.show()}: {found}"
        elif kind == "percent_change":
            if len(got_parts) != 2:
                self.error(where, "percent_change parts are [after, percent]")
                return
            after, pct = got_parts[0][0], got_parts[1][0]
            if w.lo <= 0:
                self.error(where, "percent_change base can be zero")
                return
            up = Interval(after.lo - w.hi, after.hi - w.lo)
            if up.lo >= 0:
                change = up
            elif up.hi <= 0:
                change = Interval(-up.hi, -up.lo)
            else:
                change = Interval(Fraction(0), max(-up.lo, up.hi))
            rate = Interval(
                100 * change.lo / (w.hi if w.hi < INF else INF),
                INF if change.hi >= INF else 100 * change.hi / w.lo,
            )
            computed = rate.meets(pct)
            shown = (
                f"100*|{parts_ref[0]}-{rel['whole']}|/{rel['whole']} = {rate.show()}"
                f" vs {parts_ref[1]} {pct.show()}"
            )
        elif kind == "percent":
            if len(got_parts) != 2:
                self.error(where, "percent parts are [numerator, percent] or [percent]")
                return
            num, pct = got_parts[0][0], got_parts[1][0]
            if w.lo <= 0:
                self.error(where, "percent denominator can be zero")
                return
            hi = INF if num.hi >= INF else 100 * num.hi / w.lo
            share = Interval(100 * num.lo / (w.hi if w.hi < INF else INF), hi)
            computed = share.meets(pct)
            shown = (
                f"100*{parts_ref[0]}/{rel['whole']} = {share.show()} vs {parts_ref[1]} {pct.show()}"
            )
        elif kind == "difference":
            if len(got_parts) != 2:
                self.error(where, "difference parts are [minuend, subtrahend]")
                return
            a, b = got_parts[0][0], got_parts[1][0]
            diff = Interval(a.lo - b.hi, a.hi - b.lo)
            computed = diff.meets(w)
            shown = f"{parts_ref[0]}-{parts_ref[1]} = {diff.show()} vs {rel['whole']} {w.show()}"
        else:  # ratio
            if len(got_parts) != 2:
                self.error(where, "ratio parts are [numerator, denominator]")
                return
            a, b = got_parts[0][0], got_parts[1][0]
            if b.lo <= 0:
                self.error(where, "ratio denominator can be zero")
                return
            quotient = Interval(a.lo / b.hi, a.hi / b.lo)
            computed = quotient.meets(w)
            shown = (
                f"{parts_ref[0]}/{parts_ref[1]} = {quotient.show()} vs {rel['whole']} {w.show()}"
            )
        self.stats["relations"] += 1
        self.stats["holds" if computed else "not_holds"] += 1
        verdict = "holds" if computed else "DOES NOT HOLD"
        agree = computed == rel["holds"]
        if not agree:
            self.stats["mismatch"] += 1
            said = rel["holds"]
            self.error(where, f"{kind}: {shown}: computed {verdict}, record says holds={said}")
        mark = "ok " if agree else "BAD"
        self.lines.append(f"{mark} {where}: {kind} {shown}: {verdict}")


def main(argv: list[str]) -> int:
    quiet = "-q" in argv
    args = [a for a in argv if a != "-q"]
    path = Path(args[0]) if args else DEFAULT_PATH
    checker = Checker()
    seen: set[str] = set()
    records: list[dict[str, object]] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            checker.error(f"line {n}", "blank line")
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            checker.error(f"line {n}", f"not JSON: {exc}")
            continue
        if not isinstance(rec, dict):
            checker.error(f"line {n}", "not an object")
            continue
        rid = str(rec.get("id"))
        if rid in seen:
            checker.error(f"line {n}", f"duplicate id {rid}")
        seen.add(rid)
        checker.check_record(rec, rid)
        records.append(rec)
    if not quiet:
        for text in checker.lines:
            print(text)
    pages = {str(r.get("url")) for r in records}
    figures = sum(len(r["figures"]) for r in records if isinstance(r.get("figures"), list))
    levels: dict[str, int] = {}
    sections: dict[str, int] = {}
    for r in records:
        levels[str(r.get("level"))] = levels.get(str(r.get("level")), 0) + 1
        sections[str(r.get("section"))] = sections.get(str(r.get("section")), 0) + 1
    s = checker.stats
    print(
        f"{len(records)} records, {len(pages)} pages, {figures} figures, "
        f"{s['relations']} relations: "
        f"{s['holds']} hold, {s['not_holds']} do not hold, {s['mismatch']} disagree with the record"
    )
    print("levels:", dict(sorted(levels.items())))
    print("sections:", dict(sorted(sections.items())))
    for text in checker.errors:
        print("ERROR", text)
    return 1 if checker.errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
