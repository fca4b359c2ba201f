"""The HTTP API against a real server: every endpoint's answer, headers and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import qcdc

httpx = pytest.importorskip("httpx")

ROOT = Path(__file__).resolve().parents[2]
HANOI = ROOT / "src/qcdc/reports/data/examples"


def test_health_names_versions_and_every_answer_carries_the_data_version(client) -> None:
    r = client.get("/health")
    assert r.status_code == 200
    body = r.json()
    g = qcdc.gazetteer()
    assert body["status"] == "ok" and body["version"] == qcdc.__version__
    assert body["newest_list"] == g.snapshots[-1][0].isoformat()
    assert r.headers["x-qcdc-data-version"] == g.data_version
    assert r.headers["x-qcdc-horizon"] == g.horizon[0].isoformat()
    # errors and the page carry them too
    for url in ("/units/99999", "/no/such/route", "/", "/static/app.js", "/docs"):
        assert client.get(url).headers["x-qcdc-horizon"] == body["horizon"], url


def test_unit_on_a_date_is_the_library_answer(client) -> None:
    r = client.get("/units/00004", params={"on": "2021-12-17"})
    assert r.status_code == 200
    u = qcdc.gazetteer().lookup("00004", on=qcdc.parse_date("2021-12-17"))
    body = r.json()
    assert body["name"] == u.name == "Phường Trúc Bạch"
    assert [a["code"] for a in body["ancestors"]] == ["001", "01"]


def test_units_are_paged_and_the_pages_add_up(client) -> None:
    seen: list[str] = []
    offset = 0
    while offset is not None:
        r = client.get(
            "/units",
            params={
                "on": "2021-12-17",
                "level": "commune",
                "within": "01",
                "offset": offset,
                "limit": 200,
            },
        )
        assert r.status_code == 200
        page = r.json()
        seen += [u["code"] for u in page["units"]]
        offset = page["next_offset"]
    assert len(seen) == len(set(seen)) == page["total"] == 579


def test_find_in_any_spelling(client) -> None:
    r = client.get("/find", params={"q": "phuong truc bach", "on": "2021-12-17"})
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "exact"
    assert body["candidates"][0]["code"] == "00004"


def test_history_lists_the_acts(client) -> None:
    body = client.get("/units/00004/history").json()
    numbers = [a["number"] for a in body["acts"]]
    assert "1286/NQ-UBTVQH15" in numbers
    assert all(a["links"] for a in body["acts"])


def test_convert_json_and_csv_agree_with_the_library(client) -> None:
    g = qcdc.gazetteer()
    on, to = qcdc.parse_date("2021-12-17"), qcdc.parse_date("2025-07-01")
    codes = [u.code for u in g.units(on=on, level="commune", within="01")]
    want = g.convert(codes, on=on, to=to)
    r = client.post("/convert", params={"on": "2021-12-17", "to": "2025-07-01"}, json=codes)
    assert r.status_code == 200
    got = r.json()
    assert [row["code"] for row in got["codes"]] == codes
    assert [row["to"] for row in got["codes"]] == want
    csv = client.post(
        "/convert",
        params={"on": "2021-12-17", "to": "2025-07-01"},
        content="code\n" + "\n".join(codes),
        headers={"content-type": "text/csv"},
    )
    lines = csv.text.splitlines()
    assert lines[0] == "code,to_code"
    assert [line.split(",")[1] for line in lines[1:]] == want


def test_codes_the_lineage_cannot_follow_are_422_or_null(client) -> None:
    # Xã Phú An Hòa (28825) of 2021: no unit of 2025 records it as a former name
    params = {"on": "2021-12-17", "to": "2025-07-01"}
    r = client.post("/convert", params=params, json=["00004", "28825"])
    assert r.status_code == 422
    assert "28825" in r.json()["findings"][0]["message"]
    r = client.post("/convert", params={**params, "on_unknown": "none"}, json=["00004", "28825"])
    assert [row["to"] for row in r.json()["codes"]] == ["00004", None]


def test_convert_streams_many_codes(client) -> None:
    codes = ["00004"] * 50_000  # ~400 kB of JSON, under the 1 MB limit
    with client.stream(
        "POST", "/convert", params={"on": "2021-12-17", "to": "2025-07-01"}, json=codes
    ) as r:
        assert r.status_code == 200
        chunks = list(r.iter_raw())
    assert len(chunks) > 1
    assert len(json.loads(b"".join(chunks))["codes"]) == 50_000


@pytest.mark.parametrize("fmt", ["csv", "json", "parquet"])
def test_crosswalk_formats(client, fmt: str) -> None:
    r = client.get(
        "/crosswalk",
        params={"on": "2021-12-17", "to": "2025-07-01", "level": "province", "format": fmt},
    )
    assert r.status_code == 200
    rows = qcdc.gazetteer().crosswalk(
        on=qcdc.parse_date("2021-12-17"), to=qcdc.parse_date("2025-07-01"), level="province"
    )
    if fmt == "csv":
        assert len(r.text.splitlines()) == len(rows) + 1
    elif fmt == "json":
        assert len(r.json()) == len(rows)
    else:
        pq = pytest.importorskip("pyarrow.parquet")
        import io

        assert pq.read_table(io.BytesIO(r.content)).num_rows == len(rows)


def test_check_a_report_gives_the_checks_and_findings(client) -> None:
    report = next(HANOI.glob("*.toml")).read_bytes()
    r = client.post("/check", content=report, headers={"content-type": "application/toml"})
    assert r.status_code == 200
    body = r.json()
    checks = qcdc.reports.run_checks(qcdc.reports.loads_report(report.decode()))
    assert len(body["checks"]) == len(checks)
    labels = {c["rule"]: c["label"] for c in body["checks"]}
    assert labels["total.sum-of-parts"] == "the parts add up to the total"
    assert body["errors"] == sum(1 for c in checks if c.finding and c.finding.is_error)
    # the report's 579 communes, carried to the list of 2025-07-01
    r = client.post("/check", params={"to": "2025-07-01"}, content=report)
    today = r.json()["today"]
    assert (today["before"], today["after"]) == (579, 126)
    assert today["after_by_kind"] == {"xã": 75, "phường": 51}


def test_check_an_undated_report_runs_the_rules_that_need_no_date(client) -> None:
    """An excerpt that prints no period on a page with no date (rp-062, Ninh Thuận): the
    table's relations are checked, the date rules are named in period.undated, and there
    is no place "today" to carry to."""
    report = (ROOT / "tests/data/real/reports/rp-062.toml").read_bytes()
    r = client.post("/check", params={"to": "2025-07-01"}, content=report)
    assert r.status_code == 200
    body = r.json()
    rules = [f["rule"] for f in body["findings"]]
    assert "period.undated" in rules
    assert body["errors"] == 0
    assert body["today"] is None
    expected = qcdc.reports.run_checks(qcdc.reports.loads_report(report.decode()))
    assert len(body["checks"]) == len(expected)


def test_extract_finds_the_figures_with_spans(client) -> None:
    text = "Toàn thành phố có 579 đơn vị hành chính cấp xã."
    r = client.post("/extract", content=text.encode(), params={"place": "01", "period": "2021"})
    assert r.status_code == 200
    body = r.json()
    fig = body["figures"][0]
    assert text[fig["start"] : fig["end"]] == fig["text"]
    assert 'place = "01"' in body["draft_toml"]


def test_document_numbers_are_parsed(client) -> None:
    body = client.get("/documents/parse", params={"s": "Số: 14/2018/TT-BNV"}).json()
    assert body["canonical"] == "14/2018/TT-BNV"
    assert (body["system"], body["year"], body["kind_code"]) == ("legal", 2018, "TT")


def test_openapi_describes_exactly_the_routes(client) -> None:
    from qcdc.serve._app import ROUTES

    spec = client.get("/openapi.json").json()
    described = {(m.upper(), p) for p, ops in spec["paths"].items() for m in ops}
    assert described == {(m, p) for m, p, _ in ROUTES}
    page = client.get("/docs")
    assert page.status_code == 200 and "POST /convert" in page.text
    assert "http" not in page.text.split("</style>")[0]  # nothing loaded from outside


def test_a_million_codes_stream_through_a_server_with_a_larger_limit() -> None:
    from tests.serve.conftest import Server

    from qcdc.serve import Limits

    g = qcdc.gazetteer()
    on = qcdc.parse_date("2021-12-17")
    codes = [u.code for u in g.units(on=on, level="commune")]
    body = "\n".join(codes[i % len(codes)] for i in range(1_000_000)).encode()
    with (
        Server(Limits(max_body_bytes=20_000_000, time_limit=120)) as s,
        httpx.stream(
            "POST",
            f"{s.url}/convert",
            params={"on": "2021-12-17", "to": "2025-07-01", "on_unknown": "none"},
            content=body,
            headers={"content-type": "text/csv"},
            timeout=300,
        ) as r,
    ):
        assert r.status_code == 200
        rows = sum(chunk.count("\n") for chunk in r.iter_text())
    assert rows == 1_000_001  # the header and a row a code
