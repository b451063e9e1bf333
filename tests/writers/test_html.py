from __future__ import annotations

import re

import lxml.html
import pytest

from reportgen import layout
from reportgen.model import ApprovalGrid, Cell, Cover, Document, Heading, Item, PageBreak, Paragraph, Signer, Table, TitleBlock
from reportgen.pipeline import build_document
from reportgen.writers import writer_class
from reportgen.writers.html import HtmlWriter

from ..helpers import EXAMPLES, PLAN_EXAMPLE, PLAN_SEED, RESULT_EXAMPLE, RESULT_SEED, missing_in_order, photo_block, seed_lines

BLOCKS = ("p", "h1", "h2", "tr", "caption", "figcaption", "div")


def html_lines(data: bytes) -> list[str]:
    """The page's text in reading order: one line per block, a row's cells joined by tabs."""
    body = lxml.html.fromstring(data).find("body")
    for el in body.iter("th", "td"):
        el.tail = "\t" + (el.tail or "")
    for el in body.iter(*BLOCKS):
        el.tail = "\n" + (el.tail or "")
    return [line for line in body.text_content().split("\n") if line.strip()]


@pytest.fixture(scope="module")
def writer():
    return HtmlWriter()


def doc(body, header=(("문서번호", "총무과-1"),), signers=2, cooperation=()) -> Document:
    grid = ApprovalGrid(tuple(Signer(f"직위{i}", f"이름{i}") for i in range(signers)), cooperation=cooperation)
    return Document(header=header, approval=grid, cover=None, title=TitleBlock("- 구호 -", "제목"), body=body, meta_title="제목")


def test_registered_as_html():
    assert writer_class("html") is HtmlWriter and HtmlWriter.ext == "html"


def test_standalone_korean_page_that_fetches_nothing(writer):
    page = writer.write(build_document(RESULT_EXAMPLE)).decode("utf-8")  # has photos
    assert page.startswith('<!DOCTYPE html>\n<html lang="ko">')
    assert '<meta charset="utf-8">' in page and 'name="viewport"' in page
    assert "default-src 'none'" in page  # the browser itself refuses any fetch
    assert not re.search(r"<(script|link|iframe|object)\b", page)
    sources = re.findall(r'\b(?:src|href)="([^"]*)"', page)
    assert sources and all(s.startswith("data:image/") for s in sources)
    assert "url(" not in page and "@import" not in page


def test_css_comes_from_layout(writer):
    page = writer.write(doc([])).decode("utf-8")
    for role, st in layout.STYLES.items():
        rule = re.search(rf"\.r-{role}\{{(font-family[^}}]*)\}}", page)[1]
        assert f"calc(var(--k)*{st.size_pt:g}pt)" in rule, role
        assert f'"{st.font}"' in rule and f"text-align:{st.align}" in rule
    assert f"#{layout.TABLE_HEADER_FILL}" in page and f"{layout.PAGE_WIDTH_MM:g}mm" in page


def test_record_text_is_printed_literally(writer):
    text = '{{ name }} {% if x %} <b>굵게</b> & "인용" <script>alert(1)</script>'
    page = writer.write(doc([Paragraph(text), Item("□", text), Table(((Cell((Paragraph(text),)),),), (1.0,), 0)]))
    assert b"<b>" not in page and b"<script>" not in page
    assert sum(line.endswith(text) for line in html_lines(page)) == 3


def test_same_document_same_bytes(writer):
    document = build_document(PLAN_EXAMPLE)
    assert writer.write(document) == writer.write(document) == HtmlWriter().write(build_document(PLAN_EXAMPLE))


def test_header_and_approval_grid_are_tables_with_scoped_headers(writer):
    page = lxml.html.fromstring(writer.write(build_document(PLAN_EXAMPLE)))
    header = page.find_class("doc-header")[0]
    assert [th.get("scope") for th in header.iter("th")] == ["row"] * 4
    assert header.xpath("string(.//th)") == "문서번호"
    approval = page.find_class("approval")[0]
    titles = approval.xpath(".//tr[1]/th")
    assert titles[0].text == "★주무관" and {th.get("scope") for th in titles} == {"col"}
    assert approval.xpath(".//tr[2]/td")[-1].text == "08/21 정원오"
    cooperation = page.find_class("cooperation")[0]
    label = cooperation.xpath(".//th")[0]
    assert label.get("scope") == "rowgroup" and label.get("rowspan") == str(len(cooperation.xpath(".//tr")))


def test_empty_header_and_grid_are_left_out(writer):
    page = writer.write(doc([Paragraph("본문")], header=(), signers=0)).decode("utf-8")
    assert "<table" not in page and 'class="front"' not in page and "협 조" not in page
    assert html_lines(page.encode()) == ["- 구호 -", "제목", "본문"]


def test_items_hang_after_their_marker(writer):
    page = lxml.html.fromstring(
        writer.write(
            doc([Item("□", "상위", 1), Item("○", "하위", 2), Item("1)", "번호", 3), Item("※", "주석", 1), Item("", "이어쓰기", 2)])
        )
    )
    items = [p for p in page.iter("p") if p.get("style")]
    assert [p.text_content() for p in items] == ["□ 상위", "○ 하위", "1) 번호", "※ 주석", "이어쓰기"]
    lefts = [float(re.search(r"padding-left:([\d.]+)em", p.get("style"))[1]) for p in items]
    assert lefts[0] < lefts[1] < lefts[2]
    assert items[0].get("class") == "r-item1" and items[3].get("class") == "r-note"
    # the marker column is as wide as the hanging indent, so wrapped lines align with the text
    span = items[0].find("span")
    assert span.text == "□ " and "width:1.5em" in span.get("style") and "text-indent:-1.5em" in items[0].get("style")


def test_tables_have_header_cells_caption_and_spans(writer):
    table = Table(
        (
            (Cell((Paragraph("구 분"),), colspan=2, header=True), Cell((Paragraph("금액"),), header=True)),
            (Cell((Paragraph("사업비"),), rowspan=2, header=True), Cell((Paragraph("가"),)), Cell((Paragraph("1"),), align="right")),
            (Cell((Item("·", "나"),)), Cell((Paragraph("2"),))),
        ),
        (1.0, 2.0, 1.0),
        header_rows=1,
        caption="(단위: 천원)",
    )
    page = lxml.html.fromstring(writer.write(doc([table])))
    t = page.find_class("grid-table")[0]
    assert t.find("caption").text == "(단위: 천원)"
    ths = t.xpath(".//th")
    assert [(th.get("scope"), th.get("colspan"), th.get("rowspan")) for th in ths] == [
        ("colgroup", "2", None),
        ("col", None, None),
        ("rowgroup", None, "2"),
    ]
    assert [c.get("style") for c in t.xpath(".//col")] == ["width:25%", "width:50%", "width:25%"]
    assert t.xpath(".//td/p[@class='r-table a-right']")[0].text == "1"


def test_images_are_embedded_and_missing_ones_are_captioned_boxes(writer):
    photo = EXAMPLES / "photos" / "100days-1.png"
    page = writer.write(doc([photo_block(photo, "사진 1"), photo_block("/nowhere/x.png", "사진 2"), PageBreak()]))
    tree = lxml.html.fromstring(page)
    img = tree.find(".//img")
    assert img.get("src").startswith("data:image/png;base64,") and img.get("alt") == "사진 1"
    box = tree.find_class("placeholder")[0]
    assert box.text == "[사진 없음: x.png]" and box.get("role") == "img"
    assert [f.text for f in tree.iter("figcaption")] == ["사진 1", "사진 2"]


def test_cover_and_headings(writer):
    document = doc([Heading("Ⅰ", "추 진 개 요")])
    document.cover = Cover("- 구호 -", "표지 제목", "2015. 8.", "성 동 구", "(자치행정과)")
    tree = lxml.html.fromstring(writer.write(document))
    assert [p.text for p in tree.find_class("cover")[0].iter("p")] == ["- 구호 -", "표지 제목", "2015. 8.", "성 동 구", "(자치행정과)"]
    assert [h.text for h in tree.iter("h1")] == ["제목"] and [h.text for h in tree.iter("h2")] == ["Ⅰ 추 진 개 요"]


@pytest.mark.parametrize("example, seed", [(PLAN_EXAMPLE, PLAN_SEED), (RESULT_EXAMPLE, RESULT_SEED)], ids=["plan-000", "result-003"])
def test_examples_hold_every_seed_line_in_order(writer, example, seed):
    assert missing_in_order(seed_lines(seed), html_lines(writer.write(build_document(example)))) == []


def test_schedule_row_has_a_dotted_filler_not_typed_dots():
    from reportgen.model import Leader

    page = HtmlWriter().write(doc([Leader("○", "보완 조치 확인", "12. 4.(월)", 2)])).decode("utf-8")
    assert '<span class="lt">보완 조치 확인</span><span class="dots" aria-hidden="true"></span><span class="tail">12. 4.(월)</span>' in page
    assert "dotted" in page
