"""Rules every writer takes from one place (xmlchars.py, layout.py, images.py, model.py): each test
checks DOCX, HWPX and HTML against that one place, so a writer drifting from it fails here."""

from __future__ import annotations

import io
import re
import zipfile

import lxml.html
import pytest
from lxml import etree

from reportgen import layout, xmlchars
from reportgen.model import ApprovalGrid, Document, Image, Paragraph, Signer, TitleBlock
from reportgen.writers import writer_class
from reportgen.writers.owpml import PER_MM
from reportgen.writers.wordml import EMU_PER_MM, twips_mm

from ..helpers import photo, photo_block, png

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
HP = "{http://www.hancom.co.kr/hwpml/2011/paragraph}"
FORMATS = ("docx", "hwpx", "html")


def hu(mm: float) -> int:
    return round(mm * PER_MM)


@pytest.fixture(scope="module")
def writers():
    return {fmt: writer_class(fmt)() for fmt in FORMATS}


def doc(body=(), signers=2, cooperation=(), pairs=2, title="제목") -> Document:
    grid = ApprovalGrid(tuple(Signer(f"직위{i}", f"이름{i}") for i in range(signers)), cooperation=cooperation, cooperation_pairs=pairs)
    return Document(
        header=(("문서번호", "총무과-1"),), approval=grid, cover=None, title=TitleBlock("", title), body=list(body), meta_title="제목"
    )


def docx_xml(data: bytes):
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))


def hwpx_xml(data: bytes):
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("Contents/section0.xml"))


def docx_text(el) -> str:
    return "".join(t.text or "" for t in el.iter(W + "t"))


def hwpx_text(el) -> str:
    return "".join(t.text or "" for t in el.iter(HP + "t"))


# ------------------------------------------------------------------ 1. XML-illegal characters


def xml_char(cp: int) -> bool:
    """XML 1.0's Char production, written out from the spec."""
    return cp in (0x9, 0xA, 0xD) or 0x20 <= cp <= 0xD7FF or 0xE000 <= cp <= 0xFFFD or 0x10000 <= cp <= 0x10FFFF


def html_text_char(cp: int) -> bool:
    """What the HTML standard allows in text besides XML's Char: no DEL or C1 control, no noncharacter."""
    return not (0x7F <= cp <= 0x9F or 0xFDD0 <= cp <= 0xFDEF or cp & 0xFFFE == 0xFFFE)


def test_xmlchars_is_xml_char_production_less_what_html_forbids():
    for cp in list(range(0x10000)) + [0x10000, 0x1F600, 0x1FFFE, 0x10FFFF, 0x10FFFD]:
        assert (xmlchars.find(chr(cp)) is None) == (xml_char(cp) and html_text_char(cp)), f"U+{cp:04X}"
    # the first one in a text, astral characters before or after it (find looks twice)
    for text, at in (("😀a\x07", 2), ("😀\U0001fffe\x07", 1), ("\U0010ffff\x07", 0), ("가\x07😀", 1), ("😀\U0001fffd😀", None)):
        m = xmlchars.find(text)
        assert (m and m.start()) == at, text


def test_plain_text_is_what_writers_may_copy_as_it_is():
    """plain(): nothing find() refuses, no markup character (& < >), no tab, line feed or carriage
    return; writers copy such text unescaped, so it must hold exactly for every code point."""
    for cp in list(range(0x10000)) + [0x10000, 0x1F600, 0x1FFFE, 0x10FFFF]:
        ch = chr(cp)
        assert xmlchars.plain(ch) == (xmlchars.find(ch) is None and ch not in "&<>\t\n\r" and cp < 0x10000), f"U+{cp:04X}"
    assert xmlchars.plain("인 건 비 100,000천원 (□ ○ ※)") and not xmlchars.plain("가 & 나")


def test_check_returns_the_text_or_names_the_code_point():
    assert xmlchars.check("가\t나\n다\r라") == "가\t나\n다\r라"
    with pytest.raises(ValueError, match=r"U\+0007 \(a control character\) at position 4"):
        xmlchars.check("bell\x07")
    with pytest.raises(ValueError, match=r"U\+D800 \(a lone surrogate\)"):
        xmlchars.check("x\ud800")
    with pytest.raises(ValueError, match=r"U\+FFFE \(a noncharacter\)"):
        xmlchars.check("\ufffe")


ILLEGAL = ["\x00", "\x07", "\x0b", "\x0c", "\x1f", "\x7f", "\x85", "\ufdd0", "\ufffe", "\uffff", "\U0010ffff", "\ud800", "\udfff"]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("char", ILLEGAL, ids=[f"U+{ord(c):04X}" for c in ILLEGAL])
def test_every_writer_refuses_what_xml_cannot_carry(writers, fmt, char):
    """Raised, never stripped: validation rejects such records, so a writer seeing one is a bug."""
    with pytest.raises(ValueError, match=f"U\\+{ord(char):04X}"):
        writers[fmt].write(doc([Paragraph(f"앞{char}뒤")]))
    with pytest.raises(ValueError, match=f"U\\+{ord(char):04X}"):
        writers[fmt].write(doc(title=f"제목{char}"))
    with pytest.raises(ValueError, match=f"U\\+{ord(char):04X}"):
        writers[fmt].write(doc(cooperation=((Signer("팀장", f"이름{char}"),),)))


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_writer_takes_tab_newline_and_carriage_return(writers, fmt):
    assert writers[fmt].write(doc([Paragraph("가\t나\n다\r\n라\r마")]))


# ------------------------------------------------------------------ 2, 3. photos: type and size


def photo_sizes_mm(writers, image: Image) -> dict[str, tuple[float, float] | float]:
    data = {fmt: writers[fmt].write(doc([image])) for fmt in FORMATS}
    ext = docx_xml(data["docx"]).find(f".//{WP}extent")
    sz = hwpx_xml(data["hwpx"]).find(f".//{HP}pic/{HP}sz")
    img = lxml.html.fromstring(data["html"]).find(".//img")
    return {
        "docx": (int(ext.get("cx")) / EMU_PER_MM, int(ext.get("cy")) / EMU_PER_MM),
        "hwpx": (int(sz.get("width")) / PER_MM, int(sz.get("height")) / PER_MM),
        "html": float(re.search(r"width:([\d.]+)mm", img.get("style"))[1]),
        "src": img.get("src"),
    }


@pytest.mark.parametrize(
    "pixels, width_mm",
    [((30, 60), 120), ((60, 30), 120), ((400, 100), 300), ((64, 48), 80)],
    ids=["portrait", "landscape", "wide", "small"],
)
def test_a_photo_has_the_same_size_in_every_format(writers, tmp_path, pixels, width_mm):
    path = tmp_path / "photo.png"
    path.write_bytes(png(*pixels))
    width, height = layout.photo_size_mm(width_mm, pixels)
    sizes = photo_sizes_mm(writers, photo_block(path, "사진", width_mm=width_mm, height_mm=80))
    assert sizes["docx"] == pytest.approx((width, height), abs=0.01)
    assert sizes["hwpx"] == pytest.approx((width, height), abs=0.01)
    assert sizes["html"] == pytest.approx(width, abs=0.001)
    assert height <= layout.PHOTO_MAX_HEIGHT_MM and width <= layout.TEXT_WIDTH_MM
    assert sizes["src"].startswith("data:image/png;base64,")


def test_html_image_type_comes_from_images_py(writers, tmp_path):
    from reportgen.images import IMAGE_TYPES

    gif = tmp_path / "photo.jpg"  # a GIF under a wrong name: the bytes decide
    gif.write_bytes(photo("gif", 4, 3))
    page = writers["html"].write(doc([photo_block(gif, "사진")])).decode()
    assert f'src="data:{IMAGE_TYPES["gif"]};base64,' in page


# ------------------------------------------------------------------ 6. missing photo


def placeholder_shapes(writers, image: Image):
    data = {fmt: writers[fmt].write(doc([image])) for fmt in FORMATS}
    tables = docx_xml(data["docx"]).findall(f".//{W}body/{W}tbl")
    box = tables[-1]  # header table, 결재, 협조, then the box
    after = box.getnext()
    docx = {
        "text": docx_text(box),
        "width": int(box.find(f"{W}tblGrid/{W}gridCol").get(f"{W}w")),
        "height": int(box.find(f".//{W}trHeight").get(f"{W}val")),
        "after": docx_text(after) if after is not None else "",
    }
    sec = hwpx_xml(data["hwpx"])
    tbl = sec.findall(f".//{HP}tbl")[-1]
    anchor = next(p for p in sec.iter(HP + "p") if tbl in p.iter(HP + "tbl"))
    following = anchor.getnext()
    hwpx = {
        "text": hwpx_text(tbl),
        "width": int(tbl.find(HP + "sz").get("width")),
        "height": int(tbl.find(HP + "sz").get("height")),
        "after": hwpx_text(following) if following is not None else "",
        "border": tbl.get("borderFillIDRef"),
    }
    page = lxml.html.fromstring(data["html"])
    div = page.find_class("placeholder")[0]
    figcaption = div.getnext()
    html = {
        "text": div.text,
        "style": div.get("style"),
        "after": figcaption.text if figcaption is not None and figcaption.tag == "figcaption" else "",
    }
    return docx, hwpx, html


@pytest.mark.parametrize(
    "stated, missing", [((100, 60), True), ((120, 80), False), ((170, 250), True)], ids=["missing", "unreadable", "too-tall"]
)
def test_a_missing_photo_is_the_same_box_in_every_format(writers, tmp_path, stated, missing):
    path = tmp_path / "행사.png"
    if not missing:
        path.write_bytes(b"not an image")
    image = photo_block(path, "행사 사진", width_mm=stated[0], height_mm=stated[1])
    assert image.placeholder_text == "[사진 없음: 행사.png]"
    width, height = layout.box_size_mm(*stated)
    docx, hwpx, html = placeholder_shapes(writers, image)
    for shape in (docx, hwpx, html):
        assert shape["text"] == image.placeholder_text  # the box holds the text …
        assert shape["after"] == "행사 사진"  # … and the caption is below it, as for a photo
    assert (docx["width"], docx["height"]) == (twips_mm(width), twips_mm(height))
    assert (hwpx["width"], hwpx["height"]) == (hu(width), hu(height))
    assert f"width:{width:.3f}".rstrip("0").rstrip(".") + "mm" in html["style"]
    # the box is drawn with the table lines (solid), as the DOCX's Table Grid and the page's 1px solid
    head = etree.fromstring(zipfile.ZipFile(io.BytesIO(writers["hwpx"].write(doc([image])))).read("Contents/header.xml"))
    fill = next(b for b in head.iter("{http://www.hancom.co.kr/hwpml/2011/head}borderFill") if b.get("id") == hwpx["border"])
    assert fill.find("{http://www.hancom.co.kr/hwpml/2011/head}leftBorder").get("type") == "SOLID"


# ------------------------------------------------------------------ 4. signature row, cell margins


def approval_tables(writers, **kw):
    data = {fmt: writers[fmt].write(doc(**kw)) for fmt in FORMATS}
    docx = [t for t in docx_xml(data["docx"]).iter(W + "tbl") if "직위0" in docx_text(t) or "협 조" in docx_text(t)]
    hwpx = [t for t in hwpx_xml(data["hwpx"]).iter(HP + "tbl") if "직위0" in hwpx_text(t) or "협 조" in hwpx_text(t)]
    return docx, hwpx, data["html"].decode()


def test_signature_row_height_is_layouts_in_every_format(writers):
    docx, hwpx, page = approval_tables(writers)
    names_row = docx[0].findall(W + "tr")[1]
    assert int(names_row.find(f"{W}trPr/{W}trHeight").get(f"{W}val")) == twips_mm(layout.APPROVAL_NAME_ROW_MM)
    heights = [int(tr[0].find(HP + "cellSz").get("height")) for tr in hwpx[0].findall(HP + "tr")]
    assert heights[1] == hu(layout.APPROVAL_NAME_ROW_MM) > heights[0]
    assert f".approval td{{height:{layout.APPROVAL_NAME_ROW_MM:g}mm}}" in page


def test_cell_margins_are_layouts_in_every_format(writers):
    docx, hwpx, page = approval_tables(writers)
    mar = docx[0].find(f"{W}tblPr/{W}tblCellMar")
    got = {side: int(mar.find(W + side).get(f"{W}w")) for side in ("top", "left", "bottom", "right")}
    assert got == {
        "top": twips_mm(layout.CELL_MARGIN_MM),
        "bottom": twips_mm(layout.CELL_MARGIN_MM),
        "left": twips_mm(layout.CELL_SIDE_MARGIN_MM),
        "right": twips_mm(layout.CELL_SIDE_MARGIN_MM),
    }
    margin = hwpx[0].find(HP + "inMargin")
    assert {k: int(v) for k, v in margin.attrib.items()} == {
        "left": hu(layout.CELL_SIDE_MARGIN_MM),
        "right": hu(layout.CELL_SIDE_MARGIN_MM),
        "top": hu(layout.CELL_MARGIN_MM),
        "bottom": hu(layout.CELL_MARGIN_MM),
    }
    assert f"padding:{layout.CELL_MARGIN_MM:g}mm {layout.CELL_SIDE_MARGIN_MM:g}mm" in page


# ------------------------------------------------------------------ 5, 7. the 협조 grid


@pytest.mark.parametrize("pairs", [2, 3, 4])
def test_cooperation_grid_is_layouts_and_fits_the_page_in_every_format(writers, pairs):
    coop = (tuple(Signer(f"팀장{i}", f"이름{i}") for i in range(pairs)), (Signer("과장", "홍길동"),))
    docx, hwpx, page = approval_tables(writers, cooperation=coop, pairs=pairs)
    widths = layout.cooperation_widths_mm(pairs)
    assert len(widths) == 1 + 2 * pairs and sum(widths) <= layout.TEXT_WIDTH_MM + 1e-9

    grid = [int(c.get(f"{W}w")) for c in docx[-1].find(W + "tblGrid")]
    assert grid == [twips_mm(w) for w in widths]
    assert int(docx[-1].find(f"{W}tblPr/{W}tblW").get(f"{W}w")) == sum(grid) <= twips_mm(layout.TEXT_WIDTH_MM) + len(grid)
    assert all(len(tr.findall(W + "tc")) == len(widths) for tr in docx[-1].findall(W + "tr"))

    tbl = hwpx[-1]
    assert tbl.get("colCnt") == str(len(widths))
    assert abs(int(tbl.find(HP + "sz").get("width")) - hu(sum(widths))) <= 1
    first_row = [int(tc.find(HP + "cellSz").get("width")) for tc in tbl.find(HP + "tr").findall(HP + "tc")]
    assert first_row == pytest.approx([hu(w) for w in widths], abs=1)

    table = lxml.html.fromstring(page).find_class("cooperation")[0]
    assert float(re.search(r"width:([\d.]+)mm", table.get("style"))[1]) == pytest.approx(sum(widths), abs=0.001)
    cols = [float(re.search(r"width:([\d.]+)%", c.get("style"))[1]) for c in table.iter("col")]
    assert cols == pytest.approx([100 * w / sum(widths) for w in widths], abs=0.001)
    assert all(len(tr.findall("td")) == 2 * pairs for tr in table.iter("tr"))


def test_cooperation_pairs_is_the_models_alone():
    """The writers take the column count from cooperation_pairs; a longer row is refused up front."""
    with pytest.raises(ValueError, match="cooperation_pairs"):
        ApprovalGrid((Signer("주무관"),), cooperation=((Signer("a"), Signer("b"), Signer("c")),), cooperation_pairs=2)
    ApprovalGrid((Signer("주무관"),), cooperation=((Signer("a"), Signer("b"), Signer("c")),), cooperation_pairs=3)


# ------------------------------------------------------------------ tables: least row heights, kept whole


def test_a_tables_least_row_height_and_keeping_it_whole_in_every_format(writers):
    """A form's grid (a 기안문's 결문): the signature row is at least its height in every format,
    and the table is printed whole — rows that never split, kept with the next (DOCX), an inline
    object (HWPX), break-inside: avoid (HTML)."""
    from reportgen.model import Cell, Table

    cells = lambda *texts: tuple(Cell((Paragraph(t),)) for t in texts)  # noqa: E731
    grid = Table(
        (cells("주무관", "과장"), cells("", ""), cells("시행", "")), (1.0, 1.0), header_rows=0, row_heights_mm=(0, 13.5), keep_together=True
    )
    data = {fmt: writers[fmt].write(doc([Paragraph("성동구청장", "title"), grid])) for fmt in FORMATS}
    # the 발신명의 (a body paragraph in role title) stays on the grid's page
    sender = next(p for p in docx_xml(data["docx"]).iter(W + "p") if docx_text(p) == "성동구청장")
    assert sender.find(f"{W}pPr/{W}keepNext") is not None
    para = next(p for p in hwpx_xml(data["hwpx"]).iter(HP + "p") if hwpx_text(p) == "성동구청장").get("paraPrIDRef")
    head = etree.fromstring(zipfile.ZipFile(io.BytesIO(data["hwpx"])).read("Contents/header.xml"))
    pp = next(e for e in head.iter("{*}paraPr") if e.get("id") == para)
    assert pp.find("{*}breakSetting").get("keepWithNext") == "1"
    rows = docx_xml(data["docx"]).findall(f".//{W}body/{W}tbl/{W}tr")[-3:]
    assert [r.find(f"{W}trPr/{W}trHeight") is not None for r in rows] == [False, True, False]
    assert int(rows[1].find(f"{W}trPr/{W}trHeight").get(W + "val")) == twips_mm(13.5)
    assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
    assert all(p.find(f"{W}pPr/{W}keepNext") is not None for p in rows[0].iter(W + "p"))
    tbl = [t for t in hwpx_xml(data["hwpx"]).iter(HP + "tbl") if "시행" in hwpx_text(t)][0]
    heights = [int(tr.find(f"{HP}tc/{HP}cellSz").get("height")) for tr in tbl.findall(HP + "tr")]
    assert heights[1] >= hu(13.5) > heights[0]
    assert tbl.find(HP + "pos").get("treatAsChar") == "1"
    table = [t for t in lxml.html.fromstring(data["html"]).iter("table") if "시행" in t.text_content()][0]
    assert "break-inside:avoid" in table.get("style")
    assert table.findall(".//tr")[1].get("style") == "height:13.5mm"
    plain = Table((cells("가", "나"),), (1.0, 1.0), header_rows=0)
    docx = docx_xml(writers["docx"].write(doc([plain])))
    assert docx.findall(f".//{W}body/{W}tbl")[-1].find(f"{W}tr/{W}trPr") is None  # other tables are as before
