"""Hangul 97-2022 binary (.hwp, HWP 5.0) writer: HwpxWriter's package converted by python-hwpx.

python-hwpx (>= 6.9) writes HWP 5.0 from the parts of an HWPX package (`hwpx.hwp5.writer.write_hwp5`),
so this writer adds no layout of its own: what the .hwpx holds, the .hwp holds. Two things are
settled before the conversion, because the converter passes them through as given:

- Line segments. Hangul stores every paragraph's lines (PARA_LINE_SEG, at least one per
  paragraph) in the .hwp; our .hwpx has none (OWPML readers lay the text out themselves), and
  the converter then writes paragraphs with no PARA_LINE_SEG. Readers take that path badly:
  rhwp 0.7 panics ("range start index … out of range") on a cell paragraph long enough to split
  across pages, and elsewhere drops a title's second line and hanging indents. So the lines come
  from a layout: rhwp lays the .hwpx out (as its `preview` does) and its `hp:linesegarray` of each
  paragraph is copied into ours, paragraph by paragraph. Hangul lays the text out again with its
  own fonts when it opens the file; the stored lines only have to be a layout, not its layout.
  rhwp's line breaking is quadratic in a paragraph's length, so a document with paragraphs of
  many thousand characters gets one nominal line per paragraph instead (LAYOUT_BUDGET).
- File times. The summary stream's CREATED/LAST_SAVED are FILETIMEs (100 ns ticks since 1601):
  an earlier 결재일자 cannot be one, so the stamp is left empty (FILETIME 0, "none") — the date
  text itself is kept.
"""

from __future__ import annotations

import re
import zipfile
from copy import deepcopy
from io import BytesIO
from pathlib import Path

from ..model import Document
from .hwpx import DEFAULT_TEMPLATE as HWPX_TEMPLATE
from .hwpx import HwpxWriter

NS = {"hp": "http://www.hancom.co.kr/hwpml/2011/paragraph"}
HP = f"{{{NS['hp']}}}"
SECTION = re.compile(r"Contents/section\d+\.xml")
# content.hpf's <opf:meta name="CreatedDate|ModifiedDate" content="text">YYYY-MM-DDT00:00:00Z</opf:meta>
STAMP = re.compile(rb'(name="(?:Created|Modified)Date" content="text">)(\d{4})(-\d\d-\d\dT[\d:]+Z)')
FILETIME_EPOCH_YEAR = 1601
# Above this layout_cost rhwp would take seconds (a 4,000-character paragraph ≈ 0.25 s): such a
# document gets nominal lines instead — rhwp draws each paragraph on one line, Hangul lays it out.
LAYOUT_BUDGET = 4000**2


class HwpWriter:
    ext = "hwp"
    default_template = HWPX_TEMPLATE  # the .hwp is converted from the .hwpx

    def __init__(self, template: str | Path | None = None):
        from hwpx.hwp5.writer import write_hwp5  # optional dependency: fail here, not at import of writers

        from ..readers.hwp import load_rhwp

        self._convert = write_hwp5
        self._rhwp = load_rhwp()
        self._hwpx = HwpxWriter(template)
        self.template_path = self._hwpx.template_path

    def write(self, doc: Document) -> bytes:
        from lxml import etree  # the .hwp path only

        hwpx = self._hwpx.write(doc)
        parts = _unzip(hwpx)
        sections = {name: etree.fromstring(data) for name, data in parts.items() if SECTION.fullmatch(name)}
        laid_out = {}
        if layout_cost(sections.values()) <= LAYOUT_BUDGET:
            laid_out = {
                name: etree.fromstring(data)
                for name, data in _unzip(self._rhwp.Document.from_bytes(hwpx).to_hwpx_bytes()).items()
                if name in sections
            }
        for name, section in sections.items():
            add_line_segments(section, laid_out.get(name))
            parts[name] = etree.tostring(section, xml_declaration=True, encoding="UTF-8", standalone=True)
        parts["Contents/content.hpf"] = filetime_safe(parts["Contents/content.hpf"])
        return self._convert(parts)


def _unzip(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(BytesIO(package)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def layout_cost(sections) -> int:
    """Σ (characters of a paragraph)²: rhwp's line breaking grows with the square of a paragraph's
    length (measured: 10,000 characters in an approval cell 1.7 s, 5,000 0.4 s, 2,000 0.02 s)."""
    return sum(sum(len(t) for t in p.xpath("hp:run/hp:t//text()", namespaces=NS)) ** 2 for s in sections for p in s.iter(f"{HP}p"))


def add_line_segments(section, laid_out=None) -> None:
    """Give every paragraph of `section` (an lxml tree) the `hp:linesegarray` of its twin in
    `laid_out`, the same section as rhwp exports it after laying it out: both hold the same
    paragraphs in the same document order (cells included), which is checked. Without a layout
    (or should the two ever differ) every paragraph gets one nominal line: still a valid HWP 5
    paragraph that every reader takes, drawn on one line by rhwp, laid out again by Hangul."""
    paragraphs = list(section.iter(f"{HP}p"))
    theirs = list(laid_out.iter(f"{HP}p")) if laid_out is not None else []
    lines = [p.find(f"{HP}linesegarray") for p in theirs]
    if len(theirs) != len(paragraphs) or any(x is None for x in lines):
        lines = [_nominal_line()] * len(paragraphs)
    for paragraph, array in zip(paragraphs, lines):
        old = paragraph.find(f"{HP}linesegarray")
        if old is not None:
            paragraph.remove(old)
        paragraph.append(deepcopy(array))


def _nominal_line():
    from lxml import etree

    array = etree.Element(f"{HP}linesegarray")
    attrs = dict(textpos=0, vertpos=0, vertsize=1000, textheight=1000, baseline=850, spacing=600, horzpos=0, horzsize=0, flags=0x60000)
    etree.SubElement(array, f"{HP}lineseg", {k: str(v) for k, v in attrs.items()})
    return array


def filetime_safe(content_hpf: bytes) -> bytes:
    """content.hpf with creation/modification stamps before 1601 emptied (no FILETIME holds them)."""
    return STAMP.sub(lambda m: m[0] if int(m[2]) >= FILETIME_EPOCH_YEAR else m[1], content_hpf)
