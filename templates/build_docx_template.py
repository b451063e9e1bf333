"""Build templates/official.docx from reportgen/layout.py.

The template is what an organisation restyles in Word: page setup, the "RG …" paragraph styles
(fonts with their East Asian slot, sizes, spacing), the footer, the order of the first page. The
Jinja tags in it are docxtpl's: values are inserted as text, the approval grid and the body as
sub-documents built from the same styles. Run: python templates/build_docx_template.py
"""

from __future__ import annotations

import copy
import io
import sys
import zipfile
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from reportgen import layout  # noqa: E402

ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


def set_fonts(rpr_owner, font: str) -> None:
    """Name the font in every slot, East Asian included, and drop theme fonts that would win."""
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        if attr.endswith("Theme"):
            del fonts.attrib[attr]
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), font)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "ko-KR")


def add_style(doc, role: str, st: layout.TextStyle):
    style = doc.styles.add_style(f"RG {role}", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.quick_style = True
    style.font.size = Pt(st.size_pt)
    style.font.bold = st.bold
    set_fonts(style.element, st.font)
    pf = style.paragraph_format
    pf.alignment = ALIGN[st.align]
    pf.space_before = Pt(st.space_before_pt)
    pf.space_after = Pt(0)
    pf.line_spacing = st.line_pct / 100
    pf.widow_control = True
    korean_line_rules(style.element.get_or_add_pPr())
    return style


# pPr children that come after w:wordWrap / w:autoSpaceDE / w:autoSpaceDN in the schema's sequence.
_AFTER_AUTOSPACE = ("bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents")
_AFTER_AUTOSPACE += ("suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId")
_AFTER_AUTOSPACE += ("cnfStyle", "rPr", "sectPr", "pPrChange")


def korean_line_rules(ppr) -> None:
    """Hangul as official documents set it: lines break between syllables (한글 줄나눔: 글자 단위 —
    w:wordWrap off), and no space is inserted between Hangul and Latin or digits (w:autoSpaceDE,
    w:autoSpaceDN off: "2024년", never "2024 년"). Inserted in the schema's order so Word reads them."""
    for tag in ("w:wordWrap", "w:autoSpaceDE", "w:autoSpaceDN"):
        for old in ppr.findall(qn(tag)):
            ppr.remove(old)
    anchor = next((child for child in ppr if child.tag in {qn(f"w:{t}") for t in _AFTER_AUTOSPACE}), None)
    for tag in ("w:wordWrap", "w:autoSpaceDE", "w:autoSpaceDN"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), "0")
        if anchor is None:
            ppr.append(element)
        else:
            anchor.addprevious(element)


def paragraph(doc, text: str, role: str):
    return doc.add_paragraph(text, style=f"RG {role}")


def page_number_footer(doc, section) -> None:
    p = section.footer.paragraphs[0]
    p.style = doc.styles["RG caption"]
    p.add_run("- ")
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = p.add_run()
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text
    p.add_run(" -")


def cover_section_ends(paragraph, body_section) -> None:
    """Page numbers as the 편람 and the HWPX writer have them: the cover page (its own section, no
    footer) carries no number, and the body's numbering starts at "- 1 -" on its first page."""
    cover = copy.deepcopy(body_section)
    for ref in cover.findall(qn("w:footerReference")) + cover.findall(qn("w:headerReference")):
        cover.remove(ref)
    kind = cover.find(qn("w:type"))
    if kind is None:
        kind = OxmlElement("w:type")
        cover.insert(0, kind)
    kind.set(qn("w:val"), "nextPage")
    paragraph._p.get_or_add_pPr().append(cover)
    numbering = OxmlElement("w:pgNumType")
    numbering.set(qn("w:start"), "1")
    body_section.find(qn("w:pgMar")).addnext(numbering)


def build(path: Path) -> None:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.size = Pt(layout.STYLES["body"].size_pt)
    set_fonts(normal.element, layout.BODY_FONT)
    # Every paragraph, styled or not (table cells, headers, footers): the document defaults too.
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    korean_line_rules(defaults)
    korean_line_rules(normal.element.get_or_add_pPr())
    for style in doc.styles:  # the built-in paragraph styles an officer may pick in Word too
        if style.type == WD_STYLE_TYPE.PARAGRAPH:
            korean_line_rules(style.element.get_or_add_pPr())
    for role, st in layout.STYLES.items():
        add_style(doc, role, st)

    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(layout.PAGE_WIDTH_MM), Mm(layout.PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(layout.MARGIN_TOP_MM), Mm(layout.MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(layout.MARGIN_LEFT_MM), Mm(layout.MARGIN_RIGHT_MM)
    section.header_distance, section.footer_distance = Mm(layout.HEADER_MM), Mm(layout.FOOTER_MM)
    page_number_footer(doc, section)

    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)

    # The management block: one row per (label, value) pair (none on a web page record).
    paragraph(doc, "{%p if header %}", "gap")
    table = doc.add_table(rows=3, cols=2)
    table.style = doc.styles["Table Grid"]
    table.rows[0].cells[0].text = "{%tr for label, value in header %}"
    table.rows[1].cells[0].text = "{{ label }}"
    table.rows[1].cells[1].text = "{{ value }}"
    table.rows[2].cells[0].text = "{%tr endfor %}"
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for col, width in zip(table._tbl.tblGrid.iterchildren(qn("w:gridCol")), layout.HEADER_COLUMNS_MM):
        col.set(qn("w:w"), str(Mm(width).twips))
    margins = OxmlElement("w:tblCellMar")
    for side, mm in (
        ("top", layout.CELL_MARGIN_MM),
        ("left", layout.CELL_SIDE_MARGIN_MM),
        ("bottom", layout.CELL_MARGIN_MM),
        ("right", layout.CELL_SIDE_MARGIN_MM),
    ):
        m = OxmlElement(f"w:{side}")
        m.set(qn("w:w"), str(Mm(mm).twips))
        m.set(qn("w:type"), "dxa")
        margins.append(m)
    table._tbl.tblPr.append(margins)
    for row in table.rows:
        for cell, width in zip(row.cells, layout.HEADER_COLUMNS_MM):
            cell.width = Mm(width)
            cell.paragraphs[0].style = doc.styles["RG grid"]
    # The labels (문서번호, 결재일자, …) shaded as the HWPX writer shades them: the table header fill.
    shading = OxmlElement("w:shd")
    for key, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", layout.TABLE_HEADER_FILL)):
        shading.set(qn(key), value)
    table.rows[1].cells[0]._tc.get_or_add_tcPr().append(shading)
    table.rows[1].cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT
    paragraph(doc, "{%p endif %}", "gap")
    paragraph(doc, "{{p approval }}", "grid")

    paragraph(doc, "{%p if cover %}", "body")
    paragraph(doc, "{{ cover.slogan }}", "cover_slogan")
    paragraph(doc, "{{ cover.title }}", "cover_title")
    paragraph(doc, "{{ cover.date }}", "cover_date")
    paragraph(doc, "{{ cover.organisation }}", "cover_org")
    dept = paragraph(doc, "{{ cover.department }}", "cover_dept")
    cover_section_ends(dept, doc.element.body.sectPr)
    paragraph(doc, "{%p endif %}", "body")
    paragraph(doc, "{{ title.slogan }}", "slogan")
    paragraph(doc, "{{ title.title }}", "title")
    paragraph(doc, "{{p body }}", "body")

    props = doc.core_properties
    props.title, props.author, props.last_modified_by = "reportgen official template", "reportgen", "reportgen"
    props.revision = 1
    props.created = props.modified = datetime(2000, 1, 1)
    buffer = io.BytesIO()
    doc.save(buffer)
    # Fixed zip timestamps: rebuilding an unchanged template gives the same bytes, so batch builds
    # do not take it for a new template.
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(zipfile.ZipInfo(info.filename, (1980, 1, 1, 0, 0, 0)), src.read(info.filename), compress_type=zipfile.ZIP_DEFLATED)


if __name__ == "__main__":
    build(Path(__file__).resolve().parent / "official.docx")
