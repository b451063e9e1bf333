"""Each example's HTML page in a real browser (Debian's chromium, driven by Playwright): the text is
there, no request leaves the page, it fits a phone, and screenshots are kept for a person to look at
(in the test's tmp dir and in /tmp/reportgen-shots/)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reportgen.pipeline import build_document
from reportgen.writers.html import HtmlWriter

from .compose.test_page import PAGE_EXAMPLE, content_lines
from .helpers import PLAN_EXAMPLE, PLAN_SEED, RESULT_EXAMPLE, RESULT_SEED, chromium, missing_in_order, seed_lines

SHOTS = Path("/tmp/reportgen-shots")
DESKTOP = {"width": 1100, "height": 1400}
PHONE = {"width": 390, "height": 844}
CASES = {
    "plan": (PLAN_EXAMPLE, lambda: seed_lines(PLAN_SEED)),
    "result": (RESULT_EXAMPLE, lambda: seed_lines(RESULT_SEED)),
    "page": (PAGE_EXAMPLE, content_lines),
}


browser = pytest.fixture(scope="module")(chromium)


def open_page(browser, path: Path, viewport: dict):
    """The page and the list of every URL it asked for besides itself."""
    page = browser.new_page(viewport=viewport, device_scale_factor=1)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if r.url != path.as_uri() else None)
    page.goto(path.as_uri(), wait_until="load")
    return page, requests


def shot(page, tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    page.screenshot(path=str(target), full_page=True)
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(target, SHOTS / name)


@pytest.mark.parametrize("name", CASES)
def test_example_page_in_a_browser(browser, name, tmp_path):
    example, expected = CASES[name]
    html = tmp_path / f"{name}.html"
    html.write_bytes(HtmlWriter().write(build_document(example)))
    page, requests = open_page(browser, html, DESKTOP)
    try:
        lines = [line for line in page.inner_text("body").splitlines() if line.strip()]
        assert missing_in_order(expected(), lines) == []
        assert page.evaluate("document.documentElement.lang") == "ko"
        assert page.evaluate("document.querySelectorAll('h1').length") == 1
        assert page.evaluate("[...document.images].every(i => i.alt && i.complete && i.naturalWidth > 0)")
        shot(page, tmp_path, f"{name}-desktop.png")
    finally:
        page.close()
    page, phone_requests = open_page(browser, html, PHONE)
    try:
        # Readable on a phone: nothing but a wide table's own scroll box is wider than the screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('main p, main li')).fontSize)") >= 12
        shot(page, tmp_path, f"{name}-phone.png")
    finally:
        page.close()
    assert requests == [] and phone_requests == []


def test_request_recording_sees_a_request(browser, tmp_path):
    """The recorder itself works: a page that does fetch something is caught."""
    leaky = tmp_path / "leaky.html"
    leaky.write_text(f'<!DOCTYPE html><html lang="ko"><body><img src="{(tmp_path / "x.png").as_uri()}" alt="x"></body></html>')
    page, requests = open_page(browser, leaky, DESKTOP)
    page.close()
    assert requests == [(tmp_path / "x.png").as_uri()]
