"""The officers' page in a real browser (Debian's chromium through Playwright, as test_browser does)
against a real `reportgen serve`: the whole officer flow and the notes flow, with no request leaving
the server. Screenshots at 1366×768 are kept in the test's tmp dir and /tmp/reportgen-shots/."""

from __future__ import annotations

import re
import shutil

import pytest

from reportgen.readers.docx import docx_lines
from reportgen.readers.hwpx import hwpx_lines

from ..helpers import EXAMPLES, chromium
from ..test_browser import SHOTS
from .conftest import running_server

SCREEN = {"width": 1366, "height": 768}


browser = pytest.fixture(scope="module")(chromium)


@pytest.fixture
def site(tmp_path):
    with running_server(tmp_path) as (base, _):
        yield base


def open_page(browser, base):
    page = browser.new_page(viewport=SCREEN, device_scale_factor=1, accept_downloads=True)
    outside, errors = [], []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not (r.url.startswith(base) or r.url.startswith(("blob:", "data:", "about:"))) else None,
    )
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "Content Security Policy" in m.text else None)
    page.set_default_timeout(60_000)
    return page, outside, errors


def shot(page, tmp_path, name):
    target = tmp_path / name
    page.screenshot(path=str(target))
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(target, SHOTS / name)


def test_officer_flow(browser, site, tmp_path):
    page, outside, errors = open_page(browser, site)
    try:
        page.goto(site + "/")
        page.get_by_label("작성자").fill("박성춘")
        page.get_by_label("작성자").dispatch_event("change")
        # a new plan from the starter
        page.get_by_label("빈 서식").check()
        page.get_by_label("종류").select_option("plan")
        page.get_by_label("저장할 이름").fill("2026/동 주민센터 계획")
        page.get_by_role("button", name="만들기").click()
        page.wait_for_url(re.compile(r"#/edit/\d+$"))
        page.wait_for_function("() => document.querySelector('#preview').src.includes('/preview/')")
        expect_total(page, "8,000")

        # the approval line: the first signer, marked ★ as 기안자
        page.get_by_label("1번째 결재자 직위").fill("주무관")
        page.get_by_label("1번째 결재자 성명").fill("박성춘")
        page.get_by_label("1번째 결재자 표시").select_option("initiator")
        # a budget row: 계 follows, computed by the server's budget code
        page.locator("[data-path='$.budget.rows[0].formula']").fill("600천원×12개월")
        expect_total(page, "9,200")

        # a flagged field, then fixed
        doc_number = page.get_by_label("문서번호")
        doc_number.fill("14947")
        problem = page.locator(f".field:has(#{doc_number.get_attribute('id')}) .problem")
        problem.wait_for()
        assert "문서번호" in problem.inner_text()
        assert doc_number.get_attribute("aria-invalid") == "true"
        shot(page, tmp_path, "service-editor-flagged.png")
        doc_number.fill("자치행정과-14947")
        problem.wait_for(state="detached")
        assert doc_number.get_attribute("aria-invalid") is None

        # the preview shows the edit
        page.wait_for_function(
            "() => { const d = document.querySelector('#preview').contentDocument; return d && d.body && d.body.innerText.includes('9,200'); }"
        )
        preview_text = page.frame_locator("#preview").locator("body").inner_text()
        assert "자치행정과-14947" in preview_text and "박성춘" in preview_text
        shot(page, tmp_path, "service-editor.png")

        # save, then download what was saved
        page.get_by_role("button", name=re.compile("^저장")).click()
        page.wait_for_function("() => document.querySelector('#status').innerText.includes('2판')")
        assert "9,200" in page.locator("#status").inner_text()  # batch's figure report: 계 8,000 → 9,200
        files = {}
        for fmt in ("docx", "hwpx"):
            with page.expect_download() as info:
                page.get_by_role("button", name=fmt.upper(), exact=True).click()
            download = info.value
            assert download.suggested_filename == f"자치행정과-14947.{fmt}"
            files[fmt] = tmp_path / download.suggested_filename
            download.save_as(files[fmt])
        for fmt, reader in (("docx", docx_lines), ("hwpx", hwpx_lines)):
            text = "\n".join(reader(files[fmt].read_bytes()))
            assert "★주무관" in text.replace(" ", "") and "박성춘" in text and "9,200" in text, fmt
            assert "자치행정과-14947" in text

        # keyboard: the form's controls are reachable and labelled
        unlabelled = page.evaluate(
            "() => [...document.querySelectorAll('#editor input, #editor select, #editor textarea')]"
            ".filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).length"
        )
        assert unlabelled == 0
        assert page.evaluate("() => document.documentElement.scrollWidth") <= SCREEN["width"]
    finally:
        page.close()
    assert outside == [] and errors == []


def expect_total(page, shown: str) -> None:
    page.wait_for_function("(shown) => document.querySelector('#budget-total')?.innerText === shown", arg=shown)


def test_creating_before_the_lists_have_loaded(browser, site):
    """만들기 clicked while the page still waits for the workspace list (a slow server) creates the
    document: the form's handlers are attached before anything is awaited (fresh-ci caught the race:
    the click submitted the page natively and the test waited for #/edit/ in vain)."""
    page, outside, errors = open_page(browser, site)
    held = []
    page.route("**/api/workspace", lambda route: held.append(route))  # answered only after the click
    try:
        page.goto(site + "/")
        page.get_by_label("저장할 이름").fill("느린 목록")
        page.get_by_role("button", name="만들기").click()
        page.wait_for_function("() => location.hash.startsWith('#/edit/')", timeout=20_000)
        for route in held:
            route.continue_()
        assert errors == [] and outside == []
    finally:
        page.close()


def test_notes_flow(browser, site, tmp_path):
    page, outside, errors = open_page(browser, site)
    try:
        page.goto(site + "/#/notes")
        page.get_by_label("회의록", exact=True).fill((EXAMPLES / "notes-chatdong-100days.md").read_text(encoding="utf-8"))
        page.get_by_role("button", name="미리보기").click()
        page.wait_for_function(
            "() => { const d = document.querySelector('#preview').contentDocument; return d && d.body && d.body.innerText.includes('결과보고'); }"
        )
        shot(page, tmp_path, "service-notes.png")
        page.get_by_role("button", name="결과보고로 저장").click()
        page.wait_for_url(re.compile(r"#/edit/\d+$"))
        page.wait_for_function("() => document.querySelector('#doc-path').innerText.startsWith('회의결과/')")
        # a broken notes line is reported with its line
        page.goto(site + "/#/notes")
        page.get_by_label("회의록", exact=True).fill("# 제목만 있는 회의록\n")
        page.get_by_role("button", name="미리보기").click()
        page.locator("#notes-problems .problem").first.wait_for()
        assert "notes.md:" in page.locator("#notes-problems").inner_text()
    finally:
        page.close()
    assert outside == [] and errors == []


def test_sign_in_with_a_token(browser, tmp_path):
    token = "token-for-the-browser-test-0123456789"
    settings = tmp_path / "serve.toml"
    settings.write_text(f'[tokens]\n"박성춘" = "{token}"\n', encoding="utf-8")
    with running_server(tmp_path, "--settings", str(settings)) as (base, log):
        assert "token" in log.read_text()
        page, outside, errors = open_page(browser, base)
        try:
            page.goto(base + "/")
            page.get_by_label("토큰").fill("wrong-token-wrong-token")
            page.get_by_role("button", name="로그인").click()
            page.get_by_label("토큰").wait_for()  # refused: asked again
            page.get_by_label("토큰").fill(token)
            page.get_by_role("button", name="로그인").click()
            page.get_by_role("heading", name="문서 목록").wait_for()
        finally:
            page.close()
    assert outside == []
