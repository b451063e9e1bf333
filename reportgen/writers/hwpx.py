"""Hangul (.hwpx, OWPML) writer: a `model.Document` → the bytes of an HWPX package.

Styles come from a template's `Contents/header.xml` (one style per layout role, named "RG <role>"),
so an organisation can restyle the template in Hangul; without a template the header is built from
layout.py. Page size and margins always come from layout.py. Item indents are per-paragraph
variants of the role's paraPr, derived at write time.
"""

from __future__ import annotations

import copy
import functools
import itertools
import math
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .. import layout
from ..grid import place_cells
from ..koreanfmt import char_width_em, text_width_em
from ..model import Cell, Document, Heading, Image, Item, Leader, PageBreak, Paragraph, Table
from . import owpml, package
from .owpml import HH, HP, PER_MM

STYLE_PREFIX = "RG "
REQUIRED_ROLES = tuple(layout.STYLES)  # every layout role is a style the writer may use


def hu(mm: float) -> int:
    return round(mm * PER_MM)


def header_from_layout() -> etree._Element:
    """header.xml built from layout.py: fonts in every language slot, one charPr/paraPr/style per role."""
    faces = list(dict.fromkeys([layout.BODY_FONT, layout.HEAD_FONT, layout.NOTE_FONT] + [s.font for s in layout.STYLES.values()]))
    head = owpml.header_root(faces)
    for _ in range(2):  # 1: page border, 2: character border (charPr refers to it): both none
        owpml.append_entry(head, "borderFills", owpml.border_fill)
    roles = [("바탕글", layout.STYLES["body"])] + [(STYLE_PREFIX + r, s) for r, s in layout.STYLES.items()]
    for name, st in roles:
        char = owpml.append_entry(head, "charProperties", owpml.char_pr, faces.index(st.font), st.size_pt, st.bold)
        para = owpml.append_entry(head, "paraProperties", owpml.para_pr, st.align, st.line_pct, st.space_before_pt)
        owpml.append_entry(head, "styles", owpml.style, name, para, char)
    return head


def read_template_header(template: str | Path) -> etree._Element:
    with zipfile.ZipFile(template) as zf:
        return etree.fromstring(zf.read("Contents/header.xml"))


@dataclass(frozen=True)
class _Style:
    style_id: int
    char: int
    para: int
    para_el: etree._Element
    size_pt: float
    line_pct: int


DEFAULT_TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "official.hwpx"


class HwpxWriter:
    ext = "hwpx"
    default_template = DEFAULT_TEMPLATE

    def __init__(self, template: str | Path | None = None):
        # The organisation's template (restyled in Hangul) when there is one; the built-in
        # template is layout.py's header itself, so without a template nothing is read from disk.
        self.template_path = Path(template) if template is not None else DEFAULT_TEMPLATE
        head = header_from_layout() if template is None else read_template_header(template)
        self._styles = self._read_styles(head, template)
        # Table borders are the writer's: cell lines (also a missing photo's box), header fill (layout).
        self._border = {
            "none": owpml.append_entry(head, "borderFills", owpml.border_fill),
            "cell": owpml.append_entry(head, "borderFills", owpml.border_fill, "SOLID"),
            "head": owpml.append_entry(head, "borderFills", owpml.border_fill, "SOLID", fill=layout.TABLE_HEADER_FILL),
        }
        # Schedule rows (model.Leader): a right tab with a dot leader at the right margin.
        self.text_width = hu(layout.TEXT_WIDTH_MM)
        self._leader_tab = owpml.append_entry(head, "tabProperties", owpml.tab_pr, self.text_width)
        self._head = head
        self._variants: dict[tuple, etree._Element] = {}
        self._header = _Header(head)
        self._page = {"width": hu(layout.PAGE_WIDTH_MM), "height": hu(layout.PAGE_HEIGHT_MM)}
        self._margins = {
            "left": hu(layout.MARGIN_LEFT_MM),
            "right": hu(layout.MARGIN_RIGHT_MM),
            "top": hu(layout.MARGIN_TOP_MM),
            "bottom": hu(layout.MARGIN_BOTTOM_MM),
            "header": hu(layout.HEADER_MM),
            "footer": hu(layout.FOOTER_MM),
        }
        self.cell_margin = {
            "left": hu(layout.CELL_SIDE_MARGIN_MM),
            "right": hu(layout.CELL_SIDE_MARGIN_MM),
            "top": hu(layout.CELL_MARGIN_MM),
            "bottom": hu(layout.CELL_MARGIN_MM),
        }
        self.body_height = self._page["height"] - sum(self._margins[k] for k in ("top", "bottom", "header", "footer"))

    @staticmethod
    def _read_styles(head, template) -> dict[str, _Style]:
        chars = {e.get("id"): e for e in head.iter(HH + "charPr")}
        paras = {e.get("id"): e for e in head.iter(HH + "paraPr")}
        by_name = {e.get("name"): e for e in head.iter(HH + "style")}
        missing = [STYLE_PREFIX + r for r in REQUIRED_ROLES if STYLE_PREFIX + r not in by_name]
        if missing:
            raise ValueError(f"HWPX template {template} lacks style(s): {', '.join(missing)}")
        styles = {}
        for role in REQUIRED_ROLES:
            s = by_name[STYLE_PREFIX + role]
            char, para = chars[s.get("charPrIDRef")], paras[s.get("paraPrIDRef")]
            spacing = para.find(f".//{HH}lineSpacing")
            styles[role] = _Style(
                int(s.get("id")),
                int(char.get("id")),
                int(para.get("id")),
                para,
                int(char.get("height")) / 100,
                int(spacing.get("value")) if spacing is not None else layout.LINE_SPACING_PCT,
            )
        return styles

    def _level_start(self, level: int) -> int:
        """Where an item of `level` starts (HWPUNIT): 2타 per level below the first."""
        role = layout.item_role("", level)
        return round(layout.item_indent_pt("", level, self.style(role).size_pt)[0] * 100)

    def style(self, role: str) -> _Style:
        try:
            return self._styles[role]
        except KeyError:
            raise ValueError(f"HWPX template lacks style {STYLE_PREFIX + role!r}") from None

    def variant(self, key: tuple) -> etree._Element:
        """A paraPr derived from a role's (ids are given per write). Cached: the same key always
        gives the same element, so the cache changes speed only, never the output."""
        pp = self._variants.get(key)
        if pp is None:
            role, align, left, intent, line_pct, keep_next, tab = key
            pp = copy.deepcopy(self.style(role).para_el)
            if tab is not None:
                pp.set("tabPrIDRef", str(tab))
            if align:
                pp.find(HH + "align").set("horizontal", owpml.ALIGN[align])
            if keep_next:
                pp.find(HH + "breakSetting").set("keepWithNext", "1")
            indents = {k: v for k, v in (("left", left), ("intent", intent)) if v is not None}
            owpml.set_margins(pp, line_pct=line_pct, **indents)
            self._variants[key] = pp
        return pp

    def write(self, doc: Document) -> bytes:
        build = _Build(self)
        section = build.section(doc)
        parts = [
            _CONSTANT["mimetype"],
            _CONSTANT["version.xml"],
            self._header.part(self, tuple(build.variants)),
            package.part("Contents/section0.xml", owpml.xml_bytes(section), level=1),
            package.part(
                "Contents/content.hpf",
                owpml.content_hpf(
                    title=doc.meta_title, author=doc.meta_author, date=doc.meta_date, images=[(i, h) for i, h, _ in build.bins]
                ),
                level=1,
            ),
            _CONSTANT["settings.xml"],
            _CONSTANT["META-INF/container.xml"],
            _CONSTANT["META-INF/manifest.xml"],
            package.part("Preview/PrvText.txt", "\r\n".join(doc.text_lines()).encode("utf-8"), level=1),
        ]
        # Photos (PNG, JPEG, GIF) are compressed already: stored as they are.
        parts += [package.part(href, data, deflate=href.endswith(".bmp"), level=1) for _, href, data in build.bins]
        return package.pack(parts)


# The parts no document changes, deflated once; `mimetype` comes first and stored (readers sniff it).
_CONSTANT = {
    p.name: p
    for p in [
        package.part("mimetype", owpml.MIMETYPE, deflate=False),
        package.part("version.xml", owpml.version_xml()),
        package.part("settings.xml", owpml.settings_xml()),
        package.part("META-INF/container.xml", owpml.container_xml()),
        package.part("META-INF/manifest.xml", owpml.manifest_xml()),
    ]
}


class _Header:
    """header.xml as bytes: the writer's head serialised once, split where a write's paraPr
    variants go (the end of hh:paraProperties) and at that list's itemCnt. A write's header is
    those pieces around the variants' bytes — each variant serialised once, in the same context
    — and is byte for byte what appending the variants to a copy of the head and serialising it
    gives. The deflated header is kept per variant list (documents of one kind share it)."""

    SENTINEL = "RG-itemCnt-sentinel"
    CACHE = 64

    def __init__(self, head):
        box = owpml.ref_list(head, "paraProperties")
        self.first_id = max((int(e.get("id")) for e in box), default=-1) + 1
        self.count = len(box)
        self.base = owpml.xml_bytes(head)
        # The same head with a sentinel itemCnt and a sentinel element where the variants go.
        marked = copy.deepcopy(head)
        mbox = owpml.ref_list(marked, "paraProperties")
        mbox.set("itemCnt", self.SENTINEL)
        mark = etree.SubElement(mbox, HH + "rgVariants")
        data = owpml.xml_bytes(marked)
        sentinel, tag = self.SENTINEL.encode(), b"rgVariants"
        if data.count(sentinel) != 1 or data.count(tag) != 1:  # a template quoting them: no splicing
            self.pieces = None
        else:
            at, t = data.index(sentinel), data.index(tag)
            start, end = data.rindex(b"<", 0, t), data.index(b">", t) + 1
            self.pieces = (data[:at], data[at + len(sentinel) : start], data[end:])
        mbox.remove(mark)
        # The variants' context: the head with an empty hh:paraProperties.
        for child in list(mbox):
            mbox.remove(child)
        mbox.text = None  # (an indented template's whitespace before the first paraPr)
        self.box = mbox
        self.marked = marked
        self.variant_bytes: dict[tuple, bytes] = {}
        self.parts: dict[tuple, package.Part] = {}

    def variant(self, writer: HwpxWriter, key: tuple, id_: int) -> etree._Element:
        pp = copy.deepcopy(writer.variant(key))
        pp.set("id", str(id_))
        return pp

    def data(self, writer: HwpxWriter, keys: tuple) -> bytes:
        if not keys:
            return self.base
        if self.pieces is None:  # the slow way: the variants appended to a copy of the head
            head = copy.deepcopy(writer._head)
            box = owpml.ref_list(head, "paraProperties")
            for i, key in enumerate(keys):
                box.append(self.variant(writer, key, self.first_id + i))
            box.set("itemCnt", str(len(box)))
            return owpml.xml_bytes(head)
        out = []
        for i, key in enumerate(keys):
            vkey = (key, self.first_id + i)
            vb = self.variant_bytes.get(vkey)
            if vb is None:
                pp = self.variant(writer, key, self.first_id + i)
                self.box.append(pp)
                raw = etree.tostring(self.box, with_tail=False)
                self.box.remove(pp)
                vb = self.variant_bytes[vkey] = raw[raw.index(b">") + 1 : raw.rindex(b"</")]
            out.append(vb)
        before, middle, after = self.pieces
        return b"".join([before, str(self.count + len(keys)).encode(), middle, *out, after])

    def part(self, writer: HwpxWriter, keys: tuple) -> package.Part:
        found = self.parts.get(keys)
        if found is None:
            found = package.part("Contents/header.xml", self.data(writer, keys), level=1)
            if len(self.parts) >= self.CACHE:
                self.parts.pop(next(iter(self.parts)))
            self.parts[keys] = found
        return found


_char_em = functools.lru_cache(maxsize=4096)(char_width_em)  # the same few hundred glyphs, over and over


def _lines(text: str, size_pt: float, width_pt: float) -> int:
    """Estimated printed lines of `text` in a column `width_pt` wide (word wrap wastes ~8%)."""
    usable = max(width_pt * 0.92, size_pt)
    return sum(max(1, math.ceil(sum(map(_char_em, part)) * size_pt / usable)) for part in text.split("\n"))


class _Build:
    """The state of one write: the paraPr variants it uses (in order of first use), ids, embedded images."""

    def __init__(self, writer: HwpxWriter):
        self.w = writer
        self.ids = itertools.count(1)
        self.variants: dict[tuple, int] = {}
        self.bins: list[tuple[str, str, bytes]] = []
        self.page_break = False
        self.body = None

    # ------------------------------------------------ paragraphs
    def para_id(
        self,
        role: str,
        align: str | None = None,
        left: int | None = None,
        intent: int | None = None,
        line_pct: int | None = None,
        keep_next: bool = False,
        tab: int | None = None,
    ) -> int:
        """The role's paraPr, or a variant of it with another alignment, indents (HWPUNIT), line
        spacing or kept with the next paragraph; what is not given stays as the style has it.
        Variants are numbered after the head's paraPrs in order of first use (see _Header)."""
        st = self.w.style(role)
        if align is None and left is None and intent is None and line_pct is None and not keep_next and tab is None:
            return st.para
        key = (role, align, left, intent, line_pct, keep_next, tab)
        found = self.variants.get(key)
        if found is None:
            found = self.variants[key] = self.w._header.first_id + len(self.variants)
        return found

    def paragraph(self, parent, role: str, text: str = "", *, para: int | None = None):
        st = self.w.style(role)
        top = parent is self.body
        if text is None:
            p = owpml.paragraph(parent, next(self.ids), st.para if para is None else para, st.style_id, page_break=top and self.page_break)
        else:
            p = owpml.text_paragraph(
                parent, next(self.ids), st.para if para is None else para, st.style_id, st.char, text, page_break=top and self.page_break
            )
        if top:
            self.page_break = False
        return p

    def item(self, parent, item: Item, role: str | None = None, align: str | None = None) -> None:
        """An item with a hanging indent so wrapped lines align with its text. Hancom starts the
        first line at the left margin and takes a negative indent off the lines after it, so the
        margin is where the marker starts. The marker is followed by a space, as typed in Hangul (a
        tab to the auto tab stop would be exact in Hancom, but rhwp draws it zero-wide)."""
        role = role or layout.item_role(item.marker, item.level)
        left, hang = layout.item_indent_pt(item.marker, item.level, self.w.style(role).size_pt)
        if not item.marker or not item.marker_visible:  # 붙임 lines 2, 3, …: the text column, no marker
            para, text = self.para_id(role, align, round(left * 100), 0), item.text
        else:
            para = self.para_id(role, align, round((left - hang) * 100), -round(hang * 100))
            text = f"{item.marker} {item.text}"
        self.paragraph(parent, role, text, para=para)

    def leader(self, line: Leader) -> None:
        """A schedule row: marker and text from the level's start, then a tab to the right tab stop
        with its dot leader, then the tail (never typed dots). The level's start is a first-line
        indent over a zero left margin, so the stop is at the right margin whether a reader measures
        tab stops from the text column or from the paragraph's margin."""
        level = min(max(line.level, 1), 4)
        role = layout.item_role(line.marker, level)
        start = self.w._level_start(level)
        para = self.para_id(role, left=0, intent=start, tab=self.w._leader_tab)
        text = f"{line.marker} {line.text}" if line.marker else line.text
        p = self.paragraph(self.body, role, f"{text}\t{line.tail}", para=para)
        size = self.w.style(role).size_pt
        used = round((text_width_em(text) + text_width_em(line.tail)) * size * 100)
        owpml.leader_tabs(p.find(HP + "run"), max(self.w.text_width - start - used, 0))

    def anchor(self, role: str = "table", align: str | None = None):
        """A paragraph holding one table or picture, at 100% so its line is no taller than the object."""
        p = self.paragraph(self.body, role, None, para=self.para_id(role, align, line_pct=100))
        return owpml.sub(p, HP + "run", charPrIDRef=self.w.style(role).char)

    # ------------------------------------------------ section
    def section(self, doc: Document):
        sec = self.body = owpml.root(owpml.HS + "sec")
        first = self.paragraph(sec, "grid", None, para=self.para_id("grid", "left", line_pct=100))
        run = owpml.sub(first, HP + "run", charPrIDRef=self.w.style("grid").char)
        owpml.sec_pr(run, **self.w._page, margins=self.w._margins, border=self.w._border["none"])
        owpml.page_number(run)
        if doc.cover:
            owpml.hide_page_number(run)  # the cover page carries no number; the body restarts at 1
        if doc.header:
            self.table_into(run, self.header_table(doc.header), "grid", "grid")
        if doc.approval.signers or doc.approval.cooperation:
            if doc.header:
                self.paragraph(sec, "gap", "")  # the DOCX leaves the same small gap
            self.approval(doc)
        self.paragraph(sec, "body", "")  # a blank line between the grid and what follows
        if doc.cover:
            c = doc.cover
            for role, text in (
                ("cover_slogan", c.slogan),
                ("cover_title", c.title),
                ("cover_date", c.date),
                ("cover_org", c.organisation),
                ("cover_dept", c.department),
            ):
                self.paragraph(sec, role, text)
            self.page_break = True
        title_p = None
        for role, text in (("slogan", doc.title.slogan), ("title", doc.title.title)):
            if text:
                p = self.paragraph(sec, role, text)
                title_p = title_p if title_p is not None else p
        if doc.cover and title_p is not None:
            owpml.restart_page_number(title_p[0])
        for block in doc.body:
            self.block(block)
        return sec

    def block(self, block) -> None:
        if isinstance(block, PageBreak):
            self.page_break = True
        elif isinstance(block, Paragraph):
            keep = block.role in layout.KEEP_WITH_NEXT
            para = self.para_id(block.role, block.align or None, keep_next=keep) if block.align or keep else None
            self.paragraph(self.body, block.role, block.text, para=para)
        elif isinstance(block, Leader):
            self.leader(block)
        elif isinstance(block, Item):
            self.item(self.body, block)
        elif isinstance(block, Heading):
            self.paragraph(self.body, "section", f"{block.number} {block.text}", para=self.para_id("section", keep_next=True))
        elif isinstance(block, Table):
            if block.caption:
                self.paragraph(self.body, "note", block.caption, para=self.para_id("note", "right", keep_next=True))
            least = {r: hu(mm) for r, mm in enumerate(block.row_heights_mm) if mm}
            self.table_into(self.anchor(), block, block.cell_role, "table_header", min_heights=least)
            self.paragraph(self.body, "gap", "")
        elif isinstance(block, Image):
            self.image(block)
        else:
            raise TypeError(f"unknown block {type(block).__name__}")

    # ------------------------------------------------ header block and approval grid
    @staticmethod
    def header_table(pairs) -> Table:
        """문서번호 · 결재일자 · 공개여부 · 방침번호: one label/value pair per row."""
        rows = tuple((Cell((Paragraph(label),), header=True, align="center"), Cell((Paragraph(value),))) for label, value in pairs)
        return Table(rows, layout.HEADER_COLUMNS_MM, header_rows=0)

    def approval(self, doc: Document) -> None:
        """결재 boxes (직위 over name, signature room) and the 협조 rows, both at the right."""
        grid = doc.approval
        if grid.signers:
            cells = [
                tuple(Cell((Paragraph(s.title),), align="center") for s in grid.signers),
                tuple(Cell((Paragraph(s.name),), align="center") for s in grid.signers),
            ]
            boxes = layout.approval_widths_mm(len(grid.signers))
            table = Table(tuple(cells), tuple(boxes), header_rows=0)
            self.table_into(
                self.anchor("grid", "right"), table, "grid", "grid", min_heights={1: hu(layout.APPROVAL_NAME_ROW_MM)}, width_mm=sum(boxes)
            )
        coop = grid.cooperation or ((),)
        pairs = grid.cooperation_pairs  # the model keeps every row within it
        rows = []
        for i, row in enumerate(coop):
            cells = [Cell((Paragraph(grid.cooperation_label),), rowspan=len(coop), header=True, align="center")] if i == 0 else []
            signers = list(row) + [None] * (pairs - len(row))
            for s in signers:
                cells += [Cell((Paragraph(s.title if s else ""),), align="center"), Cell((Paragraph(s.name if s else ""),), align="center")]
            rows.append(tuple(cells))
        widths = layout.cooperation_widths_mm(pairs)
        table = Table(tuple(rows), tuple(widths), header_rows=0)
        self.table_into(self.anchor("grid", "right"), table, "grid", "grid", width_mm=sum(widths))

    # ------------------------------------------------ tables
    def table_into(
        self, run, table: Table, role: str, head_role: str, min_heights: dict[int, int] | None = None, width_mm: float | None = None
    ):
        """`table` into `run`, its relative widths scaled to `width_mm` (default: the text width);
        `min_heights` gives rows a least height (HWPUNIT, cell margins included) by row index."""
        cols, nrows = len(table.widths), len(table.rows)
        total, full = sum(table.widths), hu(width_mm) if width_mm else self.w.text_width
        widths = [round(full * x / total) for x in table.widths]
        widths[-1] = full - sum(widths[:-1])
        # Spans are clipped to the grid, so rowCnt/colCnt always hold every cell.
        placed = [(r, c, min(cell.rowspan, nrows - r), min(cell.colspan, cols - c), cell) for r, c, cell in place_cells(table)[0]]
        # Row heights that fit the text: single-row cells first, then spans top up their last row.
        margin = self.w.cell_margin
        heights = [0] * nrows
        need = []
        for r, c, sr, sc, cell in placed:
            st = self.w.style(head_role if cell.header else role)
            width_pt = (sum(widths[c : c + sc]) - margin["left"] - margin["right"]) / 100
            lines = 0
            for line in cell.lines or (Paragraph(""),):
                if isinstance(line, Item):
                    left, _ = layout.item_indent_pt(line.marker, line.level, st.size_pt)
                    lines += _lines(f"{line.marker} {line.text}", st.size_pt, width_pt - left)
                else:
                    lines += _lines(line.text, st.size_pt, width_pt)
            h = round(lines * st.size_pt * st.line_pct) + margin["top"] + margin["bottom"]
            h = max(h, (min_heights or {}).get(r, 0))
            need.append((r, sr, h))
            if sr == 1:
                heights[r] = max(heights[r], h)
        for r, sr, h in need:
            short = h - sum(heights[r : r + sr])
            if sr > 1 and short > 0:
                heights[r + sr - 1] += short
        height = sum(heights)
        header_rows = min(table.header_rows, nrows)
        tbl = owpml.table(
            run,
            next(self.ids),
            rows=nrows,
            cols=cols,
            width=full,
            height=height,
            margin=margin,
            border=self.w._border["cell"],
            repeat_header=header_rows > 0,
            inline=height <= self.w.body_height,
        )
        trs = [owpml.sub(tbl, HP + "tr") for _ in range(nrows)]
        for r, c, sr, sc, cell in placed:
            cell_role = head_role if cell.header else role
            sub_list = owpml.cell(
                trs[r],
                col=c,
                row=r,
                colspan=sc,
                rowspan=sr,
                width=sum(widths[c : c + sc]),
                height=sum(heights[r : r + sr]),
                header=r < header_rows,
                margin=margin,
                border=self.w._border["head" if cell.header else "cell"],
            )
            self.cell_lines(sub_list, cell, cell_role)

    def cell_lines(self, sub_list, cell: Cell, role: str) -> None:
        align = None if cell.header else cell.align
        for line in cell.lines or (Paragraph(""),):
            if isinstance(line, Item):
                self.item(sub_list, line, role, align)
            else:
                self.paragraph(sub_list, role, line.text, para=self.para_id(role, align))

    # ------------------------------------------------ images
    def image(self, img: Image) -> None:
        found = img.photo
        if found is None:
            self.placeholder(img, *(hu(mm) for mm in layout.box_size_mm(img.width_mm, img.height_mm)))
        else:
            data, kind, pixels = found.data, found.kind, found.pixels
            ext = kind.replace("jpeg", "jpg")
            width, height = (hu(mm) for mm in layout.photo_size_mm(img.width_mm, pixels))
            bin_id = f"image{len(self.bins) + 1}"
            self.bins.append((bin_id, f"BinData/{bin_id}.{ext}", data))
            owpml.picture(self.anchor("caption", "center"), next(self.ids), bin_id, width, height, pixels)
        if img.caption:
            self.paragraph(self.body, "caption", img.caption)

    def placeholder(self, img: Image, width: int, height: int) -> None:
        """A missing photo: a bordered box of the photo's size holding `img.placeholder_text`."""
        run = self.anchor("caption", "center")
        tbl = owpml.table(
            run,
            next(self.ids),
            rows=1,
            cols=1,
            width=width,
            height=height,
            margin=self.w.cell_margin,
            border=self.w._border["cell"],
            repeat_header=False,
            inline=True,
        )
        tr = owpml.sub(tbl, HP + "tr")
        sub_list = owpml.cell(
            tr,
            col=0,
            row=0,
            colspan=1,
            rowspan=1,
            width=width,
            height=height,
            border=self.w._border["cell"],
            header=False,
            margin=self.w.cell_margin,
        )
        self.paragraph(sub_list, "caption", img.placeholder_text)
