"""The naive baseline the batch benchmark compares against: each record rendered on its own with a
freshly loaded docxtpl template (body built with python-docx) and python-hwpx's object API.

This is how one would first write it; it is here only to be measured, never used by reportgen.
"""

from __future__ import annotations

import io
from pathlib import Path

from docxtpl import DocxTemplate
from hwpx import HwpxDocument

from reportgen.model import Heading, Image, Item, Paragraph, Table
from reportgen.pipeline import build_document
from reportgen.writers.docx import DEFAULT_TEMPLATE


def naive_docx(doc) -> bytes:
    tpl = DocxTemplate(str(DEFAULT_TEMPLATE))  # parsed again for every document
    approval = tpl.new_subdoc()
    grid = approval.add_table(rows=2, cols=len(doc.approval.signers))
    grid.style = "Table Grid"
    for i, s in enumerate(doc.approval.signers):
        grid.cell(0, i).text, grid.cell(1, i).text = s.title, s.name
    body = tpl.new_subdoc()
    for block in doc.body:
        if isinstance(block, Paragraph):
            body.add_paragraph(block.text, style=f"RG {block.role}")
        elif isinstance(block, Item):
            body.add_paragraph(f"{block.marker}\t{block.text}", style="RG item1")
        elif isinstance(block, Heading):
            body.add_paragraph(f"{block.number} {block.text}", style="RG section")
        elif isinstance(block, Table):
            rows = block.rows
            table = body.add_table(rows=len(rows), cols=len(block.widths))
            table.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, cell in enumerate(row[: len(block.widths)]):
                    table.cell(r, c).text = " ".join(getattr(line, "text", "") for line in cell.lines)
        elif isinstance(block, Image) and block.caption:
            body.add_paragraph(block.caption, style="RG caption")
    tpl.render({"header": doc.header, "cover": doc.cover, "title": doc.title, "approval": approval, "body": body}, autoescape=True)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def naive_hwpx(doc) -> bytes:
    hwp = HwpxDocument.new()
    for label, value in doc.header:
        hwp.add_paragraph(f"{label} {value}")
    for line in (doc.title.slogan, doc.title.title):
        hwp.add_paragraph(line)
    for block in doc.body:
        if isinstance(block, Table):
            table = hwp.add_table(len(block.rows), len(block.widths))
            for r, row in enumerate(block.rows):
                for c, cell in enumerate(row[: len(block.widths)]):
                    table.set_cell_text(r, c, " ".join(getattr(line, "text", "") for line in cell.lines))
        elif isinstance(block, (Paragraph, Item, Heading)):
            text = block.text if not isinstance(block, Item) else f"{block.marker} {block.text}"
            hwp.add_paragraph(text if not isinstance(block, Heading) else f"{block.number} {block.text}")
    return hwp.to_bytes()


def naive_build(record: Path, outdir: Path) -> None:
    doc = build_document(record)
    (outdir / f"{record.stem}.docx").write_bytes(naive_docx(doc))
    (outdir / f"{record.stem}.hwpx").write_bytes(naive_hwpx(doc))
