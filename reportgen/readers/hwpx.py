"""A .hwpx (OWPML) document as reader blocks (readers/blocks.py), with lxml only: paragraphs in
reading order, tables with their cells (a table inside a cell stays a table of that cell), text
boxes as paragraphs, pictures as images. Hangul's automatic numbering (개요 번호 and 문단 번호,
heading type OUTLINE/NUMBER/BULLET in a paragraph's paraPr) is resolved to the text Hangul
prints, from the numbering definitions in Contents/header.xml. The package is opened through
readers/package.py (size caps, no XML entities)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..koreanfmt import hancom_number
from .blocks import Cell, Image, Para, Table, lines
from .package import Package

HP = "{http://www.hancom.co.kr/hwpml/2011/paragraph}"
HH = "{http://www.hancom.co.kr/hwpml/2011/head}"
_SECTION = re.compile(r"Contents/section(\d+)\.xml$")
_LEVEL_REF = re.compile(r"\^(\d+)")
_SHAPES = {HP + n for n in ("rect", "ellipse", "polygon", "curve", "arc", "container", "textart", "line", "connectLine")}
_SPACES = {HP + "lineBreak": " ", HP + "nbSpace": " ", HP + "fwSpace": " ", HP + "tab": "\t"}


def hwpx_blocks(data: bytes, kind: str = ".hwpx") -> list:
    pkg = Package(data, kind)
    names = sorted((int(m[1]), n) for n in pkg.names if (m := _SECTION.match(n)))
    if not names:
        raise ValueError(f"not an HWPX document: no Contents/section0.xml in the {kind} package")
    numbering = _Numbering(pkg.xml("Contents/header.xml") if "Contents/header.xml" in pkg.names else None)
    out: list = []
    for _, name in names:
        root = pkg.xml(name)
        for p in root.iterchildren(HP + "p"):
            out += _paragraph(p, numbering)
    return out


def hwpx_lines(data: bytes) -> list[str]:
    return lines(hwpx_blocks(data))


# ------------------------------------------------------------------ automatic numbering
@dataclass
class _Numbering:
    """Numbering definitions (id -> level -> (start, numFormat, template)), bullets (id -> char),
    paragraph shapes (paraPr id -> (type, idRef, level)) and the running counters."""

    header: object = None
    formats: dict = field(default_factory=dict)
    bullets: dict = field(default_factory=dict)
    shapes: dict = field(default_factory=dict)
    counters: dict = field(default_factory=dict)
    outline: str = "1"  # the section's outline numbering (secPr outlineShapeIDRef)

    def __post_init__(self):
        if self.header is None:
            return
        for num in self.header.iter(HH + "numbering"):
            levels = {}
            for head in num.iterchildren(HH + "paraHead"):
                levels[int(head.get("level", "1"))] = (int(head.get("start", "1") or 1), head.get("numFormat", "DIGIT"), head.text or "")
            self.formats[num.get("id")] = levels
        for b in self.header.iter(HH + "bullet"):
            self.bullets[b.get("id")] = b.get("char", "")
        for pr in self.header.iter(HH + "paraPr"):
            h = next(pr.iter(HH + "heading"), None)
            if h is not None and h.get("type", "NONE") != "NONE":
                self.shapes[pr.get("id")] = (h.get("type"), h.get("idRef", "0"), int(h.get("level", "0") or 0))
        self.header = None

    def marker(self, para_pr: str | None) -> str:
        shape = self.shapes.get(para_pr)
        if shape is None:
            return ""
        kind, ref, level = shape
        if kind == "BULLET":
            return self.bullets.get(ref, "")
        num_id = self.outline if kind == "OUTLINE" else ref
        levels = self.formats.get(num_id)
        if not levels or level + 1 not in levels:
            return ""
        counts = self.counters.setdefault(num_id, [0] * 10)
        start = levels[level + 1][0]
        counts[level] = counts[level] + 1 if counts[level] else start
        for deeper in range(level + 1, len(counts)):
            counts[deeper] = 0
        template = levels[level + 1][2]

        def number(m):
            lv = int(m[1])
            if lv not in levels or not 1 <= lv <= len(counts):
                return m[0]
            return hancom_number(levels[lv][1], counts[lv - 1] or levels[lv][0])

        return _LEVEL_REF.sub(number, template).strip()


# ------------------------------------------------------------------ paragraphs, tables, shapes
def _paragraph(p, numbering: _Numbering) -> list:
    """The paragraph's blocks: tables, pictures and text boxes anchored in it, then its text
    (Hangul anchors a table in a paragraph of its own, whose text is then empty)."""
    blocks, text = [], []
    for run in p.iterchildren(HP + "run"):
        for node in run:
            tag = node.tag
            if tag == HP + "t":
                text.append(_t(node))
            elif tag == HP + "tbl":
                blocks.append(_table(node, numbering))
            elif tag == HP + "pic":
                blocks.append(Image(_caption(node, numbering)))
            elif tag in _SHAPES:
                for draw in node.iter(HP + "drawText"):
                    blocks += _sublist(draw, numbering)
            elif tag == HP + "secPr":
                numbering.outline = node.get("outlineShapeIDRef", numbering.outline)
    joined = "".join(text)
    marker = numbering.marker(p.get("paraPrIDRef"))
    if joined or marker or not blocks:
        blocks.append(Para(joined, marker if joined.strip() else ""))
    return blocks


def _t(t) -> str:
    parts = [t.text or ""]
    for child in t:  # <hp:tab/>, <hp:lineBreak/> and friends sit inside <hp:t>, text in their tails
        parts.append(_SPACES.get(child.tag, ""))
        parts.append(child.tail or "")
    return "".join(parts)


def _sublist(node, numbering) -> list:
    sub = node.find(HP + "subList")
    out: list = []
    for x in sub if sub is not None else ():
        if x.tag == HP + "p":
            out += _paragraph(x, numbering)
    return out


def _caption(pic, numbering) -> str:
    cap = pic.find(HP + "caption")
    return " ".join(lines(_sublist(cap, numbering))).strip() if cap is not None else ""


def _table(tbl, numbering) -> Table:
    cells = []
    for tr in tbl.iterchildren(HP + "tr"):
        for tc in tr.iterchildren(HP + "tc"):
            addr, span = tc.find(HP + "cellAddr"), tc.find(HP + "cellSpan")
            r, c = (int(addr.get("rowAddr", 0)), int(addr.get("colAddr", 0))) if addr is not None else (len(cells), 0)
            rs, cs = (int(span.get("rowSpan", 1)), int(span.get("colSpan", 1))) if span is not None else (1, 1)
            cells.append(Cell(r, c, max(rs, 1), max(cs, 1), _sublist(tc, numbering)))
    return Table(cells)
