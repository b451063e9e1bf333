"""Word writer: a docxtpl template fills the first page; the grid and the body are sub-documents
built with python-docx from the template's "RG …" styles, so restyling the template restyles them."""
from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

from docx.enum.table import WD_TABLE_ALIGNMENT, WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docxtpl import DocxTemplate

from .. import layout
from ..model import Cell, Document, Heading, Image, Item, PageBreak, Paragraph, Table
from .grid import place_cells

DEFAULT_TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "official.docx"
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so the same record always gives the same bytes


class DocxWriter:
    ext = "docx"

    def __init__(self, template: str | Path | None = None):
        self.template_path = Path(template or DEFAULT_TEMPLATE)
        self._template = self.template_path.read_bytes()
        probe = DocxTemplate(io.BytesIO(self._template))
        styles = probe.get_docx().styles
        missing = [f"RG {role}" for role in layout.STYLES if f"RG {role}" not in [s.name for s in styles]]
        if missing:
            raise ValueError(f"{self.template_path}: the template lacks the styles {', '.join(missing)}")
        # Indents are measured in the template's own font sizes.
        self._sizes = {role: (styles[f"RG {role}"].font.size or Pt(layout.STYLES[role].size_pt)).pt
                       for role in layout.STYLES}

    def write(self, doc: Document) -> bytes:
        tpl = DocxTemplate(io.BytesIO(self._template))
        approval = tpl.new_subdoc()
        _approval(approval, doc)
        body = tpl.new_subdoc()
        for block in doc.body:
            self._block(body, block)
        context = {"header": doc.header, "cover": doc.cover, "title": doc.title,
                   "approval": approval, "body": body}
        tpl.render(context, autoescape=True)
        props = tpl.docx.core_properties  # not get_docx(): after render it reloads the template
        props.title, props.author, props.last_modified_by = doc.meta_title, doc.meta_author, doc.meta_author
        if doc.meta_date:
            stamp = datetime.fromisoformat(doc.meta_date)
            props.created = props.modified = stamp
        out = io.BytesIO()
        tpl.save(out)
        return _fixed_zip(out.getvalue())

    # -- body blocks -------------------------------------------------------------------------
    def _block(self, sd, block) -> None:
        if isinstance(block, Paragraph):
            sd.add_paragraph(block.text, style=f"RG {block.role}")
        elif isinstance(block, Item):
            self._item(sd.add_paragraph(style=f"RG {layout.item_role(block.marker, block.level)}"), block)
        elif isinstance(block, Heading):
            sd.add_paragraph(f"{block.number} {block.text}", style="RG section")
        elif isinstance(block, Table):
            self._table(sd, block)
            sd.add_paragraph(style="RG gap")
        elif isinstance(block, Image):
            self._image(sd, block)
        elif isinstance(block, PageBreak):
            sd.add_paragraph(style="RG body").add_run().add_break(WD_BREAK.PAGE)

    def _item(self, p, item: Item, role: str | None = None) -> None:
        role = role or layout.item_role(item.marker, item.level)
        left, hang = layout.item_indent_pt(item.marker, item.level, self._sizes[role])
        p.paragraph_format.left_indent = Pt(left)
        p.paragraph_format.first_line_indent = Pt(-hang)
        if item.marker:
            # A tab after the marker stops at the hanging indent, so the text column is exact
            # whatever the font's space width; an invisible marker keeps its room.
            p.add_run(item.marker + "\t" if item.marker_visible else "\t")
        p.add_run(item.text)

    def _table(self, sd, t: Table) -> None:
        if t.caption:
            sd.add_paragraph(t.caption, style="RG table").alignment = WD_ALIGN_PARAGRAPH.RIGHT
        placed, n_rows, n_cols = place_cells(t)
        table = sd.add_table(rows=n_rows, cols=n_cols)
        total = sum(t.widths)
        _fixed_table(table, [layout.TEXT_WIDTH_MM * w / total for w in t.widths], WD_TABLE_ALIGNMENT.CENTER)
        rows = table.rows
        for r in range(t.header_rows):
            tr_pr = rows[r]._tr.get_or_add_trPr()
            header = OxmlElement("w:tblHeader")
            tr_pr.append(header)
        cells = [row.cells for row in rows]
        for r, c, cell in placed:
            target = cells[r][c]
            if cell.colspan > 1 or cell.rowspan > 1:
                target = target.merge(cells[r + cell.rowspan - 1][c + cell.colspan - 1])
            target.width = Mm(layout.TEXT_WIDTH_MM * sum(t.widths[c:c + cell.colspan]) / total)
            self._cell(target, cell)

    def _cell(self, target, cell: Cell) -> None:
        target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        role = "table_header" if cell.header else "table"
        if cell.header:
            shading = OxmlElement("w:shd")
            shading.set(qn("w:val"), "clear")
            shading.set(qn("w:fill"), layout.TABLE_HEADER_FILL)
            target._tc.get_or_add_tcPr().append(shading)
        first = True
        for line in cell.lines or (Paragraph(""),):
            p = target.paragraphs[0] if first else target.add_paragraph()
            first = False
            p.style = f"RG {role}"
            if isinstance(line, Item):
                self._item(p, line, role)
            else:
                p.add_run(line.text)
                p.alignment = ALIGN[cell.align]

    def _image(self, sd, image: Image) -> None:
        if image.missing:
            box = sd.add_table(rows=1, cols=1)
            _fixed_table(box, [image.width_mm], WD_TABLE_ALIGNMENT.CENTER)
            row = box.rows[0]
            row.height = Mm(image.height_mm)
            cell = row.cells[0]
            cell.width = Mm(image.width_mm)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            p = cell.paragraphs[0]
            p.style = "RG caption"
            p.add_run(f"[사진 없음: {Path(image.path).name}]")
        else:
            p = sd.add_paragraph(style="RG caption")
            p.add_run().add_picture(image.path, width=Mm(image.width_mm))
        if image.caption:
            sd.add_paragraph(image.caption, style="RG caption")


def _approval(sd, doc: Document) -> None:
    """결재 row (직위 over signature, one column per signer) and 협조 rows (label, then pairs)."""
    grid = doc.approval
    signers = grid.signers
    # A paragraph between tables keeps Word and LibreOffice from joining them into one.
    sd.add_paragraph(style="RG gap")
    table = sd.add_table(rows=2, cols=len(signers))
    box = min(layout.APPROVAL_BOX_MM, layout.TEXT_WIDTH_MM / len(signers))
    _fixed_table(table, [box] * len(signers), WD_TABLE_ALIGNMENT.RIGHT)
    for i, s in enumerate(signers):
        _grid_cell(table.rows[0].cells[i], s.title)
        _grid_cell(table.rows[1].cells[i], s.name)
    table.rows[1].height = Mm(14)
    pairs = grid.cooperation_pairs
    rows = grid.cooperation or ((),)
    sd.add_paragraph(style="RG gap")
    coop = sd.add_table(rows=len(rows), cols=1 + 2 * pairs)
    label_mm, title_mm, name_mm = layout.COOPERATION_MM
    _fixed_table(coop, [label_mm] + [title_mm, name_mm] * pairs, WD_TABLE_ALIGNMENT.RIGHT)
    for r, row in enumerate(rows):
        cells = coop.rows[r].cells
        for i, s in enumerate(row):
            _grid_cell(cells[1 + 2 * i], s.title)
            _grid_cell(cells[2 + 2 * i], s.name)
    label = coop.rows[0].cells[0]
    if len(rows) > 1:
        label = label.merge(coop.rows[len(rows) - 1].cells[0])
    _grid_cell(label, grid.cooperation_label)


def _fixed_table(table, widths_mm: list[float], alignment) -> None:
    """Grid borders, fixed column widths (Word and LibreOffice both honour tblGrid + tcW) and
    inner cell margins."""
    table.style = "Table Grid"
    table.alignment = alignment
    table.autofit = False
    for col, width in zip(table._tbl.tblGrid.iterchildren(qn("w:gridCol")), widths_mm):
        col.set(qn("w:w"), str(Mm(width).twips))
    table_width = table._tbl.tblPr.find(qn("w:tblW"))
    table_width.set(qn("w:type"), "dxa")
    table_width.set(qn("w:w"), str(sum(Mm(w).twips for w in widths_mm)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm):
            cell.width = Mm(width)
    margins = OxmlElement("w:tblCellMar")
    for side in ("top", "bottom"):
        m = OxmlElement(f"w:{side}")
        m.set(qn("w:w"), str(Mm(layout.CELL_MARGIN_MM).twips))
        m.set(qn("w:type"), "dxa")
        margins.append(m)
    table._tbl.tblPr.append(margins)


def _grid_cell(cell, text: str) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    p = cell.paragraphs[0]
    p.style = "RG grid"
    p.add_run(text)


def _fixed_zip(data: bytes) -> bytes:
    """Re-pack with fixed timestamps and a fixed order of members."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
