"""The plan half of the gallery (examples/gallery/plan-*.yaml): each record validates, renders in
every format, and every printed line of its document reaches the DOCX and the HWPX in order."""

from __future__ import annotations

import html

import pytest

from reportgen.pipeline import Renderer, build_document, check_file
from reportgen.readers.docx import docx_lines
from reportgen.readers.hwpx import hwpx_lines

from .helpers import EXAMPLES, missing_in_order, normalise
from .test_examples import block_texts

PLANS = sorted((EXAMPLES / "gallery").glob("plan-*.yaml"))


@pytest.fixture(scope="module")
def renderer():
    return Renderer(("docx", "hwpx", "hwp", "html"))


def test_the_plan_gallery_has_its_document_types():
    assert {p.stem for p in PLANS} >= {"plan-meeting", "plan-open-call", "plan-budget-change", "plan-mou"}


@pytest.mark.parametrize("path", PLANS, ids=[p.stem for p in PLANS])
def test_each_plan_validates_renders_and_holds_every_line(renderer, path):
    check_file(path)
    document = build_document(path)
    assert document.warnings == []
    outputs = renderer.render(document)
    assert set(outputs) == {"docx", "hwpx", "hwp", "html"} and all(outputs.values())
    expected = [normalise(line) for line in document.text_lines()]
    assert missing_in_order(expected, docx_lines(outputs["docx"])) == []
    assert missing_in_order(expected, hwpx_lines(outputs["hwpx"])) == []
    assert outputs["hwp"][:8] == bytes.fromhex("d0cf11e0a1b11ae1")  # an OLE compound file, as HWP 5 is
    page = normalise(outputs["html"].decode("utf-8"))
    assert all(html.escape(text, quote=False) in page for text in block_texts(document) if "<" not in text)


def test_the_gallery_shows_the_new_plan_features():
    """What each document is there to show: a draft, computed cells, no 소계 rows, a change view."""
    meeting = build_document(EXAMPLES / "gallery" / "plan-meeting.yaml")
    assert meeting.header[0] == ("문서번호", "") and meeting.header[1] == ("결재일자", "")
    lines = "\n".join(build_document(EXAMPLES / "gallery" / "plan-open-call.yaml").text_lines())
    assert "계\t15\t\t70,000\t100.0" in lines and "공동체 성장 지원\t5\t8,000\t40,000\t57.1" in lines
    assert "소 계" not in lines
    change = "\n".join(build_document(EXAMPLES / "gallery" / "plan-budget-change.yaml").text_lines())
    assert "구 분\t변경 전\t변경 후\t증 감\t비 고" in change
    assert "계\t1,253,200\t1,795,320\t542,120\t" in change
    assert "총사업비: 1,253,200천원 → 1,795,320천원(542,120천원 증)" in change


@pytest.mark.parametrize("path", PLANS, ids=[p.stem for p in PLANS])
def test_each_plan_is_paged_by_libreoffice_and_rhwp(renderer, path, tmp_path):
    """The DOCX opens in LibreOffice and the HWPX in rhwp: A4 pages with something drawn on them."""
    from reportgen.preview import preview

    from .test_preview import check_pages, need

    need("soffice", "pdftoppm", "rsvg-convert", rhwp=True)
    outputs = renderer.render(build_document(path))
    for fmt in ("docx", "hwpx"):
        source = tmp_path / f"{path.stem}.{fmt}"
        source.write_bytes(outputs[fmt])
        check_pages(preview(source, tmp_path / fmt), tmp_path / fmt, path.stem, at_least=2)
