"""Write tests/data/real/reports/rp-NNN.toml from tests/data/real/reports.jsonl (issue 13).

Run from the repository root::

    PYTHONPATH=src python tests/data/real/reports/write_reports.py

Each record becomes one report file: the place (a name, or "toàn quốc"), the period as
printed where qcdc reads it, the source, every figure in the figure table with the number
as printed, and every relation the record states.  A record that prints no year on a page
that shows no date is an undated report (its period as printed when it lacks only its year).
"""

# ruff: noqa: PERF203  (a record that does not read is skipped, one at a time)
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from qcdc.dates import Period, parse_date, parse_period
from qcdc.errors import QcdcError
from qcdc.reports import (
    AnnualReport,
    Contributions,
    FigureTable,
    Relation,
    ReportSource,
    TableFigure,
    UndatedPeriod,
    WorkplaceDemocracy,
    dumps_report,
    loads_report,
)

ROOT = Path("tests/data/real")
OUT = ROOT / "reports"
NUM = re.compile(
    r"\d[\d.,]*\d(?:\s*(?:nghìn|ngàn|triệu|tỷ)(?![a-zà-ỹ]))?|\d(?:\s*(?:nghìn|ngàn|triệu|tỷ)(?![a-zà-ỹ]))?"
)
WORDS = {
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


def vn(value: str) -> str:
    whole, _, dec = value.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return ".".join(groups) + ("," + dec if dec else "")


def value_of(f: dict) -> str:
    """The number as printed when the printed text gives the recorded value, else the value."""
    if f["kind"] == "ratio":
        return f["value"]
    target = TableFigure(id="x", label="x", value=vn(f["value"]), unit=f["unit"]).number
    text = f["printed"]
    cands = []
    for m in NUM.finditer(text):
        c = m.group(0).strip().rstrip(".,")
        cands.append(c)
        cands.append(re.sub(r"\s*(nghìn|ngàn|triệu|tỷ)$", "", c))
    for w in WORDS:
        if re.search(rf"(^|\s){w}(\s|$)", text.lower()):
            cands.append(w)
    for c in cands:
        try:
            if TableFigure(id="x", label="x", value=c, unit=f["unit"]).number == target:
                return c
        except QcdcError:
            continue
    return vn(f["value"])


YEAR = re.compile(r"(20[0-2]\d|201\d)")


def period_of(rec: dict) -> tuple[object, dt.date | None, str | None]:
    """(period, date, note) for the report file."""
    printed = rec["period"]
    published = dt.date.fromisoformat(rec["published"]) if rec["published"] else None
    page_years = [
        int(y)
        for field in (rec["title"], rec["url"], rec["excerpt"], rec["notes"])
        for y in YEAR.findall(field or "")
    ]
    if printed:
        text = printed.strip()
        low = text.lower()
        span = re.search(r"từ ngày ([\d/.-]+) đến (?:ngày )?([\d/.-]+)", low)
        if span is not None:
            start, end = parse_date(span.group(1)), parse_date(span.group(2))
            return {"start": start, "end": end}, published, f"period printed as {printed!r}"
        since = re.search(r"từ năm (\d{4}) đến nay", low)
        if since is not None:
            last = published.year if published else max(page_years, default=None)
            if last is not None:
                return (
                    f"giai đoạn {since.group(1)}–{last}",
                    published,
                    f"period printed as {printed!r}; 'đến nay' read as {last}",
                )
        for cand in (text, text.lower()):
            try:
                parse_period(cand)
                return cand, published, None
            except QcdcError:
                pass
        if published is not None:
            for cand in (low, re.sub(r"^(sau|trong|qua)\s+", "", low)):
                try:
                    AnnualReport(place="01", period=cand, date=published, source="x")
                    return cand, published, None
                except QcdcError:
                    pass
        if published is None and page_years:
            year = max(page_years)
            for cand in (low, re.sub(r"^(sau|trong|qua)\s+", "", low)):
                try:
                    p = parse_period(cand, reference=dt.date(year, 7, 1))
                except QcdcError:
                    continue
                return (
                    {"start": p.start, "end": p.end},
                    None,
                    f"period printed as {printed!r}; the year {year} from the page",
                )
        # a day
        try:
            day = parse_date(re.sub(r"^ngày\s+", "", low))
            return {"start": day, "end": day}, published, f"period printed as {printed!r}"
        except QcdcError:
            pass
        years = YEAR.findall(text)
        if len(years) == 2:
            return f"giai đoạn {years[0]}–{years[1]}", published, f"period printed as {printed!r}"
        if len(years) == 1:
            return f"năm {years[0]}", published, f"period printed as {printed!r}"
    # no usable period printed: the year the page speaks of
    for field in (rec["title"], rec["url"], rec["excerpt"], rec["notes"]):
        years = YEAR.findall(field or "")
        if years:
            y = max(years)
            note = f"period printed as {printed!r}" if printed else "no period printed"
            return f"năm {y}", published, note + f"; year {y} from the page"
    if published is not None:
        return f"năm {published.year}", published, "no period printed; the year of publication"
    # no date and no year anywhere: an undated report, the period as printed where it only
    # lacks its year, else none
    if printed:
        try:
            UndatedPeriod(printed)
            return printed, None, "undated: no year printed, no date on the page"
        except QcdcError:
            pass
        return None, None, f"undated: period printed as {printed!r}, no year, no date on the page"
    return None, None, "undated: no period printed, no date on the page"


def relation_of(r: dict) -> Relation:
    k, whole, parts = r["kind"], r["whole"], r["parts"]
    note = r.get("note")
    if k == "sum":
        return Relation(kind="sum", whole=whole, parts=parts, note=note)
    if k == "part_of":
        return Relation(kind="part_of", whole=whole, parts=parts, note=note)
    if k == "percent":
        if len(parts) == 1:
            return Relation(kind="percent", denominator=whole, percent=parts[0], note=note)
        return Relation(
            kind="percent", denominator=whole, numerator=parts[0], percent=parts[1], note=note
        )
    if k == "percent_change":
        return Relation(kind="change", before=whole, after=parts[0], percent=parts[1], note=note)
    if k == "difference":
        return Relation(
            kind="change",
            before=parts[0],
            after=parts[1],
            change=whole,
            direction="decrease",
            note=note,
        )
    raise ValueError(k)


# Records whose figures a typed section holds (issue 13 §1): record -> (section key, the
# section's class, {record figure id: (the section's key, the figure as printed)}).  The
# other figures of the record stay in the figure table; a figure a relation names stays
# there too (the relations are the table's).
TYPED: dict[str, tuple[str, type, dict[str, tuple[str, str]]]] = {
    "rp-036": (
        "workplace_democracy",
        WorkplaceDemocracy,
        {"f1": ("agencies_percent", "100%"), "f2": ("enterprises_percent", "92%")},
    ),
    "rp-050": (
        "contributions",
        Contributions,
        {
            "f1": ("money", "trên 370 tỷ đồng"),
            "f2": ("land_residential", "trên 800 nghìn m2"),
            "f3": ("land_farm", "gần 500 ha"),
            "f4": ("workdays", "trên 700 nghìn ngày công"),
        },
    ),
    "rp-051": (
        "contributions",
        Contributions,
        {
            "f1": ("money_people", "hơn 5.658 tỷ đồng"),
            "f2": ("land", "hơn 8 triệu m2"),
            "f3": ("workdays", "khoảng 6,3 triệu ngày công"),
        },
    ),
}


def place_of(rec: dict) -> str:
    if rec["level"] == "national":
        return "toàn quốc"
    return rec["place"]


def convert(rec: dict) -> tuple[str, list[str]]:
    problems: list[str] = []
    period, date, pnote = period_of(rec)
    if isinstance(period, dict):
        period = Period(period["start"], period["end"])
    figs = []
    key, cls, typed = TYPED.get(rec["id"], ("", type(None), {}))
    for f in rec["figures"]:
        if f["id"] in typed:
            continue
        try:
            figs.append(
                TableFigure(
                    id=f["id"],
                    label=f["label"],
                    value=value_of(f),
                    unit=f["unit"],
                    hedge=f["hedge"],
                    planned=bool(f["planned"]),
                    printed=f["printed"],
                )
            )
        except QcdcError as exc:
            problems.append(f"{rec['id']} {f['id']} {f['printed']!r}: {exc}")
    rels = []
    for r in rec["relations"]:
        rels.append(relation_of(r))
    notes = "; ".join(n for n in (pnote, rec["notes"]) if n)
    src = ReportSource(
        id="page",
        document=rec["title"],
        url=rec["url"],
        issuer=rec["publisher"],
        confidence="likely",
    )
    report = AnnualReport(
        place=place_of(rec),
        period=period,
        date=date,
        source=src.citation,
        sources=[src],
        title=rec["title"],
        note=notes or None,
        table=FigureTable(figures=figs, relations=rels),
        **({key: cls(**dict(typed.values()))} if typed else {}),
    )
    excerpt = "\n".join("# " + line for line in rec["excerpt"].splitlines())
    head = (
        f"# {rec['id']}: written from tests/data/real/reports.jsonl (issue 13)\n"
        f"# excerpt as printed:\n{excerpt}\n"
    )
    text = head + dumps_report(report).split("\n", 1)[1]
    assert loads_report(text) == report
    return text, problems


def main() -> None:
    """Write every record (an undated one as an undated report); print what did not convert."""
    recs = [json.loads(line) for line in (ROOT / "reports.jsonl").open(encoding="utf-8")]
    bad = []
    for rec in recs:
        try:
            text, problems = convert(rec)
        except QcdcError as exc:
            bad.append(f"{rec['id']}: {exc}")
            continue
        bad.extend(problems)
        (OUT / f"{rec['id']}.toml").write_text(text, encoding="utf-8")
    print("\n".join(bad))
    print(len(list(OUT.glob("*.toml"))), "files")


if __name__ == "__main__":
    main()
