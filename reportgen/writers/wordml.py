"""WordprocessingML fragments as text — the XML layer under the DOCX writer.

Built as strings rather than element trees because a batch writes thousands of documents and
string joins are an order of magnitude cheaper; every piece of record text passes through `text()`,
which escapes it and refuses characters XML cannot carry.
"""

from __future__ import annotations

from functools import lru_cache

from .. import layout, xmlchars
from ..xmlchars import plain

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
EMU_PER_MM = 36000
TWIPS_PER_MM = 1440 / 25.4


def text(value: str) -> str:
    """`value` escaped; ValueError (xmlchars.check) when it holds a character XML cannot carry."""
    return value if plain(value) else escape(xmlchars.check(value))


# xml.sax.saxutils' escape and quoteattr, same output, without importing them: that module loads
# urllib.request (http, email, ssl), some 15 ms of every cold `render`.
def escape(value: str) -> str:
    return value.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def quoteattr(value: str) -> str:
    value = escape(value).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    return '"{}"'.format(value.replace('"', "&quot;"))


def twips_mm(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


def run(value: str) -> str:
    """A run of text; tabs become <w:tab/> so a marker can stop at the hanging indent."""
    if not value:
        return ""
    if "\t" not in value:
        return f'<w:r><w:t xml:space="preserve">{text(value)}</w:t></w:r>'
    chunks = [f'<w:t xml:space="preserve">{text(chunk)}</w:t>' if chunk else "" for chunk in value.split("\t")]
    return f"<w:r>{'<w:tab/>'.join(chunks)}</w:r>"


def page_break_run() -> str:
    return '<w:r><w:br w:type="page"/></w:r>'


def paragraph(
    style_id: str,
    content: str = "",
    *,
    align: str | None = None,
    left: float | None = None,
    hanging: float | None = None,
    keep_next: bool = False,
    tabs: tuple[tuple[str, float, str], ...] = (),
) -> str:
    """A paragraph in a template style; `left`/`hanging` in points override the style's indent;
    `tabs` are custom tab stops (alignment, position in points from the text's left edge, leader)."""
    return f"{_paragraph_start(style_id, align, left, hanging, keep_next, tabs)}{content}</w:p>"


# A document's paragraphs, cells and tables take a few dozen distinct properties (styles × indents
# × alignments × widths) hundreds of times: each opening tag with its properties is built once per
# process.
@lru_cache(maxsize=1024)
def _paragraph_start(style_id: str, align: str | None, left: float | None, hanging: float | None, keep_next: bool, tabs: tuple) -> str:
    ppr = f'<w:pStyle w:val="{style_id}"/>' + ("<w:keepNext/>" if keep_next else "")
    if tabs:
        stops = "".join(f'<w:tab w:val="{val}" w:leader="{leader}" w:pos="{round(pos * 20)}"/>' for val, pos, leader in tabs)
        ppr += f"<w:tabs>{stops}</w:tabs>"
    if left is not None:
        ppr += f'<w:ind w:left="{round(left * 20)}" w:hanging="{round((hanging or 0) * 20)}"/>'
    if align:
        ppr += f'<w:jc w:val="{ {"justify": "both"}.get(align, align) }"/>'
    return f"<w:p><w:pPr>{ppr}</w:pPr>"


def cell(width_twips: int, content: str, *, span: int = 1, vmerge: str | None = None, fill: str | None = None) -> str:
    """A table cell; `vmerge` is "restart" for the first cell of a vertical merge, "continue" below it."""
    return f"{_cell_start(width_twips, span, vmerge, fill)}{content}</w:tc>"


@lru_cache(maxsize=1024)
def _cell_start(width_twips: int, span: int, vmerge: str | None, fill: str | None) -> str:
    pr = f'<w:tcW w:w="{width_twips}" w:type="dxa"/>'
    if span > 1:
        pr += f'<w:gridSpan w:val="{span}"/>'
    if vmerge == "restart":
        pr += '<w:vMerge w:val="restart"/>'
    elif vmerge == "continue":
        pr += "<w:vMerge/>"
    if fill:
        pr += f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'
    pr += '<w:vAlign w:val="center"/>'
    return f"<w:tc><w:tcPr>{pr}</w:tcPr>"


def row(cells: str, *, header: bool = False, height_twips: int | None = None, cant_split: bool = False) -> str:
    pr = "<w:cantSplit/>" if cant_split else ""
    if height_twips:
        pr += f'<w:trHeight w:val="{height_twips}"/>'
    if header:
        pr += "<w:tblHeader/>"
    return f"<w:tr>{f'<w:trPr>{pr}</w:trPr>' if pr else ''}{cells}</w:tr>"


def table(style_id: str, widths_twips: list[int], rows: str, *, align: str = "center") -> str:
    """A fixed-layout bordered table; Word and LibreOffice both honour tblGrid with tblW in dxa.
    Cell margins are layout's (CELL_MARGIN_MM above and below, CELL_SIDE_MARGIN_MM at the sides),
    as in the HWPX and HTML."""
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths_twips)
    return f"{_table_start(style_id, sum(widths_twips), align)}<w:tblGrid>{grid}</w:tblGrid>{rows}</w:tbl>"


@lru_cache(maxsize=256)
def _table_start(style_id: str, width_twips: int, align: str) -> str:
    margins = "".join(f'<w:{side} w:w="{twips_mm(mm)}" w:type="dxa"/>' for side, mm in cell_margins_mm().items())
    return (
        f'<w:tbl><w:tblPr><w:tblStyle w:val="{style_id}"/><w:tblW w:w="{width_twips}" w:type="dxa"/>'
        f'<w:jc w:val="{align}"/><w:tblLayout w:type="fixed"/><w:tblCellMar>{margins}</w:tblCellMar>'
        f'<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
        "</w:tblPr>"
    )


def cell_margins_mm() -> dict[str, float]:
    """top, left, bottom, right (the order of w:tblCellMar) from layout."""
    return {
        "top": layout.CELL_MARGIN_MM,
        "left": layout.CELL_SIDE_MARGIN_MM,
        "bottom": layout.CELL_MARGIN_MM,
        "right": layout.CELL_SIDE_MARGIN_MM,
    }


def picture(rel_id: str, pic_id: int, name: str, width_mm: float, height_mm: float) -> str:
    """An inline picture (DrawingML) referring to an image part by relationship id."""
    cx, cy = round(width_mm * EMU_PER_MM), round(height_mm * EMU_PER_MM)
    name = quoteattr(name)
    return (
        '<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="{pic_id}" name={name}/>'
        '<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" noChangeAspect="1"/></wp:cNvGraphicFramePr>'
        '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        f'<pic:nvPicPr><pic:cNvPr id="{pic_id}" name={name}/><pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:embed="{rel_id}"/>'
        "<a:stretch><a:fillRect/></a:stretch></pic:blipFill>"
        f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
        "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    )


def core_properties(title: str, author: str, date_iso: str) -> bytes:
    """docProps/core.xml with fixed values, so the same record gives the same bytes."""
    stamp = f"{date_iso}T00:00:00Z" if date_iso else "2000-01-01T00:00:00Z"
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{text(title)}</dc:title><dc:creator>{text(author)}</dc:creator>"
        f"<cp:lastModifiedBy>{text(author)}</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()
