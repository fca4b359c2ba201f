"""Bad input is a 4xx with a finding (rule, severity, path, message), never a traceback."""

from __future__ import annotations

import pytest

from qcdc.serve import Limits

pytest.importorskip("httpx")


def _finding(r) -> dict[str, str]:
    body = r.json()
    (f,) = body["findings"][:1]
    assert set(f) == {"rule", "severity", "path", "message"}
    assert "Traceback" not in r.text
    return f


@pytest.mark.parametrize(
    ("method", "url", "kwargs", "status", "rule", "path"),
    [
        ("GET", "/no/such/route", {}, 404, "request.unknown-route", "/no/such/route"),
        ("DELETE", "/units/01", {}, 405, "request.method", "/units/01"),
        ("GET", "/units/99999", {}, 404, "unit.unknown", "code"),
        ("GET", "/units/abc", {}, 400, "unit.invalid-code", "code"),
        ("GET", "/units?on=17/12/2021", {}, 400, "input.invalid", "on"),
        ("GET", "/units?limit=100000", {}, 400, "input.invalid", "limit"),
        ("GET", "/units?level=hamlet", {}, 400, "input.invalid", "level"),
        ("GET", "/find", {}, 400, "input.invalid", "q"),
        ("GET", "/documents/parse?s=hello", {}, 400, "document.unparsable", "s"),
        ("GET", "/crosswalk?on=2021-12-17&format=xlsx", {}, 400, "input.invalid", "format"),
        ("POST", "/convert", {"json": ["00004"]}, 400, "input.invalid", "on"),
        ("POST", "/convert?on=2021-12-17", {"json": [1, 2]}, 400, "input.invalid", "codes[0]"),
        ("POST", "/convert?on=2021-12-17", {"json": ["99999"]}, 404, "unit.unknown", "code"),
        (
            "POST",
            "/check",
            {"content": b"{not json", "headers": {"content-type": "application/json"}},
            400,
            "input.invalid",
            "request",
        ),
        ("POST", "/check", {"content": b"\xff\xfe\x00"}, 400, "input.invalid", "body"),
        (
            "POST",
            "/check",
            {"content": b"x = " + b"[" * 5000 + b"]" * 5000},
            400,
            "input.invalid",
            "body",
        ),
        ("POST", "/extract", {"content": b"\xc3\x28"}, 400, "input.invalid", "body"),
    ],
)
def test_bad_requests(client, method, url, kwargs, status, rule, path) -> None:
    r = client.request(method, url, **kwargs)
    assert r.status_code == status, r.text
    f = _finding(r)
    assert (f["rule"], f["path"]) == (rule, path)
    assert f["message"]


def test_a_10_mb_body_is_refused_with_413(client) -> None:
    r = client.post("/check", content=b"a" * 10_000_000)
    assert r.status_code == 413
    assert _finding(r)["rule"] == "request.too-large"


def test_a_slow_request_is_answered_with_408() -> None:
    import httpx
    from tests.serve.conftest import Server

    with Server(Limits(time_limit=0.001)) as s:
        codes = ["00004"] * 100_000
        r = httpx.post(f"{s.url}/convert?on=2021-12-17", json=codes, timeout=60)
    assert r.status_code == 408, r.text
    assert _finding(r)["rule"] == "request.timeout"


def test_limits_must_be_positive() -> None:
    from qcdc.errors import InputError

    with pytest.raises(InputError, match="max_body_bytes"):
        Limits(max_body_bytes=0)
    with pytest.raises(InputError, match="time_limit"):
        Limits(time_limit=-1)
