"""Plain text of a .hwpx (OWPML) in reading order, in the same shape as readers/docx.py gives for
DOCX: one line per paragraph, one per table row (cells joined by tabs, a cell's paragraphs by
spaces). A grid slot covered by a row span is printed as an empty cell, as Word's continuation
cells are; a column span is one cell. Read with lxml only, so no Hangul library is needed."""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

HP = "{http://www.hancom.co.kr/hwpml/2011/paragraph}"
_SECTION = re.compile(r"Contents/section(\d+)\.xml$")


def hwpx_lines(data: bytes) -> list[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = sorted((int(m[1]), n) for n in z.namelist() if (m := _SECTION.match(n)))
            if not names:
                raise ValueError("not an HWPX document: no Contents/section0.xml")
            roots = [etree.fromstring(z.read(n)) for _, n in names]
    except (zipfile.BadZipFile, etree.XMLSyntaxError, KeyError, EOFError) as exc:
        raise ValueError(f"not a readable HWPX document ({exc})") from None
    out: list[str] = []
    for root in roots:
        for p in root.iterchildren(HP + "p"):
            out += _paragraph(p)
    return out


def _paragraph(p) -> list[str]:
    """The paragraph's text line; a table anchored in it gives its rows (before the text, which
    in practice is empty: Hangul anchors a table in a paragraph of its own)."""
    lines, text = [], []
    for run in p.iterchildren(HP + "run"):
        for node in run:
            if node.tag == HP + "t":
                text.append(_t(node))
            elif node.tag == HP + "tbl":
                lines += _table(node)
    if text or not lines:
        lines.append("".join(text))
    return lines


def _t(t) -> str:
    parts = [t.text or ""]
    for child in t:  # <hp:tab/>, <hp:lineBreak/> and friends sit inside <hp:t>, text in their tails
        if child.tag == HP + "tab":
            parts.append("\t")
        elif child.tag in (HP + "lineBreak", HP + "nbSpace", HP + "fwSpace"):
            parts.append(" ")
        parts.append(child.tail or "")
    return "".join(parts)


def _table(tbl) -> list[str]:
    cells = {}  # (row, col) -> (rowspan, colspan, text)
    for tc in tbl.iter(HP + "tc"):
        if tc.getparent().getparent() is not tbl:  # a nested table's cell: part of its outer cell's text
            continue
        addr, span = tc.find(HP + "cellAddr"), tc.find(HP + "cellSpan")
        r, c = int(addr.get("rowAddr", 0)), int(addr.get("colAddr", 0))
        rs, cs = (int(span.get("rowSpan", 1)), int(span.get("colSpan", 1))) if span is not None else (1, 1)
        paras = tc.find(HP + "subList")
        text = " ".join(" ".join(_paragraph(x)) for x in (paras if paras is not None else ()) if x.tag == HP + "p")
        cells[(r, c)] = (rs, cs, text)
    return grid_rows(cells)


def grid_rows(cells: dict) -> list[str]:
    """Rows of `(row, col) -> (rowspan, colspan, text)` as tab-joined lines: a slot under a row
    span is an empty cell, a column span a single cell (shared with readers/hwp.py)."""
    if not cells:
        return []
    covered = {}
    for (r, c), (rs, cs, _) in cells.items():
        for dr in range(1, rs):
            covered[(r + dr, c)] = cs
    n_rows = max(r + rs for (r, _), (rs, _, _) in cells.items())
    n_cols = max(c + cs for (_, c), (_, cs, _) in cells.items())
    lines = []
    for r in range(n_rows):
        row, c = [], 0
        while c < n_cols:
            if (r, c) in cells:
                _, cs, text = cells[(r, c)]
                row.append(" ".join(text.split()))
                c += cs
            elif (r, c) in covered:
                row.append("")
                c += covered[(r, c)]
            else:
                c += 1
        lines.append("\t".join(row))
    return lines
