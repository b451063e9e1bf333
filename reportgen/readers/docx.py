"""A .docx as reader blocks (readers/blocks.py): paragraphs, tables (cells hold blocks, so a table
inside a cell stays one; gridSpan is a column span, a vMerge continuation extends the row span of
the cell above) and pictures. `docx_lines` gives the plain lines the checks compare. The package
is opened through readers/package.py (size caps, no XML entities)."""

from __future__ import annotations

from .blocks import Cell, Image, Para, Table, lines
from .package import Package

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DRAWING = ("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}drawing", f"{W}pict")


def docx_blocks(data: bytes) -> list:
    pkg = Package(data, ".docx")
    body = pkg.xml("word/document.xml").find(f"{W}body")
    if body is None:
        raise ValueError("damaged .docx: word/document.xml has no body")
    return _blocks(body)


def docx_lines(data: bytes) -> list[str]:
    return lines(docx_blocks(data))


def _blocks(container) -> list:
    out: list = []
    for child in container:
        if child.tag == f"{W}p":
            if any(True for _ in child.iter(*_DRAWING)):
                out.append(Image())
            out.append(Para(_paragraph(child)))
        elif child.tag == f"{W}tbl":
            out.append(_table(child))
        elif child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                out += _blocks(content)
    return out


def _table(tbl) -> Table:
    cells: list[Cell] = []
    above: dict[int, Cell] = {}  # column -> the cell a vMerge continuation extends
    for r, tr in enumerate(tbl.iterchildren(f"{W}tr")):
        col = 0
        for tc in tr.iterchildren(f"{W}tc"):
            pr = tc.find(f"{W}tcPr")
            span = pr.find(f"{W}gridSpan") if pr is not None else None
            merge = pr.find(f"{W}vMerge") if pr is not None else None
            cs = int(span.get(f"{W}val", "1")) if span is not None else 1
            if merge is not None and merge.get(f"{W}val", "continue") == "continue" and col in above:
                above[col].rowspan += 1
            else:
                cell = Cell(r, col, 1, max(cs, 1), _blocks(tc))
                cells.append(cell)
                above[col] = cell
            col += max(cs, 1)
    return Table(cells)


def _paragraph(p) -> str:
    parts = []
    for node in p.iter(f"{W}t", f"{W}tab", f"{W}br"):
        if node.tag == f"{W}t":
            parts.append(node.text or "")
        elif node.tag == f"{W}tab":
            parts.append("\t")
    return "".join(parts)
