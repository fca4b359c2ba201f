"""The page at ``/`` in a real browser: Debian's Chromium, headless, driven by Playwright
(the system browser: nothing is downloaded).  Skipped, and said so, where either is
missing; ``.ci/run`` installs both."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no system Chromium (Debian: apt-get install chromium)"
)

ARTICLES = Path(__file__).resolve().parents[1] / "data" / "real" / "articles.jsonl"


def _article(record_id: str) -> dict[str, object]:
    for line in ARTICLES.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["id"] == record_id:
            return record
    raise LookupError(record_id)


@pytest.fixture(scope="module")
def page(server):
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True)
        context = browser.new_context(accept_downloads=True)
        # the page must need nothing from outside this server
        outside: list[str] = []
        context.route(
            lambda url: not url.startswith(server.url),
            lambda route: (outside.append(route.request.url), route.abort()),
        )
        p = context.new_page()
        p.outside = outside
        yield p
        browser.close()


def test_a_pasted_article_is_highlighted_checked_and_downloadable(page, server, client) -> None:
    from qcdc.reports import extract_figures

    text = str(_article("ar-001")["paragraph"])  # a real article (daidoanket.vn)
    page.goto(server.url + "/")
    assert "Kiểm tra số liệu" in page.title()
    page.fill("#text", text)
    page.fill("#place", "01")
    page.fill("#period", "2021")
    page.click("#go")
    page.wait_for_selector("#summary", timeout=60_000)

    # every figure the library finds is highlighted, in order, and nothing else
    want = [f.text for f in extract_figures(text).figures]
    assert "639 vụ việc" in want
    assert page.locator("mark.figure").all_inner_texts() == want

    # the checks shown are those of the draft, with ✓ / ✗ classes
    draft = client.post("/extract", content=text.encode(), params={"place": "01", "period": "2021"})
    checked = client.post("/check", content=draft.json()["draft_toml"].encode()).json()
    shown = page.locator("#checks li[data-rule]")
    assert shown.count() == len(checked["checks"])
    assert page.locator("#checks li.pass").count() == sum(c["passed"] for c in checked["checks"])
    first = checked["checks"][0]
    assert page.locator("#checks li[data-rule]").first.inner_text().startswith(first["label"])

    # the units today, through the lineage
    today = checked["today"]
    shown_today = page.inner_text("#today-units")
    assert f"{today['before']} đơn vị cấp xã" in shown_today
    assert f"{today['after']} đơn vị cấp xã" in shown_today

    # the draft downloads as the TOML the API gave
    with page.expect_download() as info:
        page.click("#download")
    saved = Path(info.value.path()).read_text(encoding="utf-8")
    assert saved == draft.json()["draft_toml"]
    assert page.outside == []


def test_the_page_says_what_is_wrong_with_empty_text(page, server) -> None:
    page.goto(server.url + "/")
    page.click("#go")
    assert "Chưa có văn bản" in page.inner_text("#status")
