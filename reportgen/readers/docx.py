"""Plain text of a .docx in reading order: one line per paragraph, one per table row (cells joined
by tabs, a cell's paragraphs by spaces). A cell covered by a merge is printed empty."""

from __future__ import annotations

import io
import zipfile

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_lines(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    return _lines(root.find(f"{W}body"))


def _lines(container) -> list[str]:
    out = []
    for child in container:
        if child.tag == f"{W}p":
            out.append(_paragraph(child))
        elif child.tag == f"{W}tbl":
            for row in child.iter(f"{W}tr"):
                if row.getparent() is not child:
                    continue
                cells = [" ".join(_paragraph(p) for p in tc.iter(f"{W}p")) for tc in row.findall(f"{W}tc")]
                out.append("\t".join(cells))
        elif child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                out += _lines(content)
    return out


def _paragraph(p) -> str:
    parts = []
    for node in p.iter(f"{W}t", f"{W}tab", f"{W}br"):
        if node.tag == f"{W}t":
            parts.append(node.text or "")
        elif node.tag == f"{W}tab":
            parts.append("\t")
    return "".join(parts)
