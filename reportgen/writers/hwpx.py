"""Hangul (.hwpx, OWPML) writer: a `model.Document` → the bytes of an HWPX package.

Styles come from a template's `Contents/header.xml` (one style per layout role, named "RG <role>"),
so an organisation can restyle the template in Hangul; without a template the header is built from
layout.py (owpml_head.py; a template's is read by owpml_template.py, the one user of lxml). Page
size and margins always come from layout.py. Item indents are per-paragraph variants of the role's
paraPr, derived at write time. The section is joined from owpml.py's string fragments.
"""

from __future__ import annotations

import functools
import itertools
import math
from pathlib import Path

from .. import layout, shipped
from ..grid import place_cells
from ..koreanfmt import text_width_em
from ..model import ApprovalGrid, Cell, Document, Heading, Image, Item, Leader, PageBreak, Paragraph, Table
from . import owpml, owpml_head, package
from .owpml import PER_MM
from .owpml_head import STYLE_PREFIX, Style

DEFAULT_TEMPLATE = Path(shipped.folder("templates"), "official.hwpx")


def hu(mm: float) -> int:
    return round(mm * PER_MM)


class HwpxWriter:
    ext = "hwpx"
    default_template = DEFAULT_TEMPLATE

    def __init__(self, template: str | Path | None = None):
        # The organisation's template (restyled in Hangul) when there is one; the built-in
        # template is layout.py's header itself, so without a template nothing is read from disk.
        self.template_path = Path(template) if template is not None else DEFAULT_TEMPLATE
        if template is None:
            head = owpml_head.LayoutHead()
        else:
            from .owpml_template import TemplateHead  # lxml: only for an organisation's template

            head = TemplateHead(template)
        self._styles = _Styles(head.styles(template))
        # Table borders are the writer's: cell lines (also a missing photo's box), header fill (layout).
        border_fill = owpml_head.border_fill
        self._border = {
            "none": head.append("borderFills", border_fill),
            "cell": head.append("borderFills", border_fill, "SOLID"),
            "head": head.append("borderFills", border_fill, "SOLID", fill=layout.TABLE_HEADER_FILL),
        }
        # Schedule rows (model.Leader): a right tab with a dot leader at the right margin.
        self.text_width = hu(layout.TEXT_WIDTH_MM)
        self._leader_tab = head.append("tabProperties", owpml_head.tab_pr, self.text_width)
        self._header = head.header()
        self._page = page = {"width": hu(layout.PAGE_WIDTH_MM), "height": hu(layout.PAGE_HEIGHT_MM)}
        self._margins = margins = {
            "left": hu(layout.MARGIN_LEFT_MM),
            "right": hu(layout.MARGIN_RIGHT_MM),
            "top": hu(layout.MARGIN_TOP_MM),
            "bottom": hu(layout.MARGIN_BOTTOM_MM),
            "header": hu(layout.HEADER_MM),
            "footer": hu(layout.FOOTER_MM),
        }
        self._sec_pr = owpml.sec_pr(**page, margins=margins, border=self._border["none"])  # the same for every document
        self.cell_margin = {
            "left": hu(layout.CELL_SIDE_MARGIN_MM),
            "right": hu(layout.CELL_SIDE_MARGIN_MM),
            "top": hu(layout.CELL_MARGIN_MM),
            "bottom": hu(layout.CELL_MARGIN_MM),
        }
        self.cell_margin_attrs = owpml.attrs(self.cell_margin)  # every cell's hp:cellMargin
        self.cell_sides = self.cell_margin["left"] + self.cell_margin["right"]
        self.cell_ends = self.cell_margin["top"] + self.cell_margin["bottom"]
        self.body_height = page["height"] - sum(margins[k] for k in ("top", "bottom", "header", "footer"))

    def _level_start(self, level: int) -> int:
        """Where an item of `level` starts (HWPUNIT): 2타 per level below the first."""
        role = layout.item_role("", level)
        return round(layout.item_indent_pt("", level, self.style(role).size_pt)[0] * 100)

    def style(self, role: str) -> Style:
        return self._styles[role]

    def write(self, doc: Document) -> bytes:
        build = _Build(self)
        section = build.section(doc)
        parts = [
            _CONSTANT["mimetype"],
            _CONSTANT["version.xml"],
            self._header.part(tuple(build.variants)),
            package.part("Contents/section0.xml", section, level=1),
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
        package.part("version.xml", owpml.VERSION_XML),
        package.part("settings.xml", owpml.SETTINGS_XML),
        package.part("META-INF/container.xml", owpml.CONTAINER_XML),
        package.part("META-INF/manifest.xml", owpml.MANIFEST_XML),
    ]
}


class _Styles(dict):
    """role → Style; a role the template has no style for is a ValueError naming it."""

    def __missing__(self, role: str) -> Style:
        raise ValueError(f"HWPX template lacks style {STYLE_PREFIX + role!r}")


_indent = functools.lru_cache(maxsize=256)(layout.item_indent_pt)  # a few markers × levels × sizes


_EMPTY_CELL = (Paragraph(""),)  # an empty cell still holds one (empty) paragraph


def _lines(text: str, size_pt: float, width_pt: float) -> int:
    """Estimated printed lines of `text` in a column `width_pt` wide (word wrap wastes ~8%)."""
    usable = max(width_pt * 0.92, size_pt)
    if "\n" not in text:  # (most cells: the same sum, without a generator)
        if len(text) * size_pt <= usable:  # one line even if every character were wide (1 em): no need to measure
            return 1
        return max(1, math.ceil(text_width_em(text) * size_pt / usable))
    return sum(max(1, math.ceil(text_width_em(part) * size_pt / usable)) for part in text.split("\n"))


@functools.lru_cache(maxsize=64)  # (a batch's documents mostly share their approval line)
def _approval_tables(grid: ApprovalGrid) -> tuple[Table | None, Table]:
    """The 결재 boxes (None without signers) and the 협조 rows as tables, their widths in mm."""
    signers = None
    if grid.signers:
        cells = [
            tuple(Cell((Paragraph(s.title),), align="center") for s in grid.signers),
            tuple(Cell((Paragraph(s.name),), align="center") for s in grid.signers),
        ]
        signers = Table(tuple(cells), tuple(layout.approval_widths_mm(len(grid.signers))), header_rows=0)
    coop = grid.cooperation or ((),)
    pairs = grid.cooperation_pairs  # the model keeps every row within it
    rows = []
    for i, row in enumerate(coop):
        cells = [Cell((Paragraph(grid.cooperation_label),), rowspan=len(coop), header=True, align="center")] if i == 0 else []
        for s in list(row) + [None] * (pairs - len(row)):
            cells += [Cell((Paragraph(s.title if s else ""),), align="center"), Cell((Paragraph(s.name if s else ""),), align="center")]
        rows.append(tuple(cells))
    return signers, Table(tuple(rows), tuple(layout.cooperation_widths_mm(pairs)), header_rows=0)


class _Build:
    """The state of one write: the section's paragraphs, the paraPr variants it uses (in order of
    first use), ids (a paragraph takes its id before what it holds, as Hancom numbers them), images."""

    def __init__(self, writer: HwpxWriter):
        self.w = writer
        self.styles = writer._styles
        self.ids = itertools.count(1)
        self.variants: dict[tuple, int] = {}
        self.bins: list[tuple[str, str, bytes]] = []
        self.page_break = False
        self.body: list[str] = []  # the section's top-level paragraphs
        self.heads: dict[tuple, str] = {}  # (role, paraPr, page break?) → head()
        self.cell_heads: dict[tuple, str] = {}  # (role, align) → the head of a cell's paragraphs
        self.item_paras: dict[tuple, tuple[str, int]] = {}  # an item's shape → item_para()

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
        Variants are numbered after the head's paraPrs in order of first use (see owpml_head.Header)."""
        st = self.styles[role]
        if align is None and left is None and intent is None and line_pct is None and not keep_next and tab is None:
            return st.para
        key = (role, align, left, intent, line_pct, keep_next, tab)
        found = self.variants.get(key)
        if found is None:
            found = self.variants[key] = self.w._header.first_id + len(self.variants)
        return found

    def start(self, role: str, para: int | None, top: bool) -> tuple[int, int, int, bool]:
        """A new paragraph's id, paraPr and style; a top-level one takes the pending page break."""
        st = self.w.style(role)
        page_break = False
        if top:
            page_break, self.page_break = self.page_break, False
        return next(self.ids), st.para if para is None else para, st.style_id, page_break

    def paragraph(self, role: str, text: str, *, para: int | None = None, top: bool = True, tab: str = "<hp:tab/>", ctrl: str = "") -> str:
        """A paragraph of one run of record text (`ctrl` before the text); top-level ones are
        added to the section, all are returned."""
        if not top:
            return owpml.text_paragraph(next(self.ids), self.head(role, para), ctrl + owpml.run_text(text, tab))
        page_break, self.page_break = self.page_break, False
        p = owpml.text_paragraph(next(self.ids), self.head(role, para, page_break), ctrl + owpml.run_text(text, tab))
        self.body.append(p)
        return p

    def head(self, role: str, para: int | None = None, page_break: bool = False) -> str:
        """owpml.paragraph_after_id of `role` with paraPr `para` (None: the role's own), made once per
        write: a document's paragraphs have a few dozen shapes between them."""
        found = self.heads.get((role, para, page_break))
        if found is None:
            st = self.styles[role]
            head = owpml.paragraph_after_id(st.para if para is None else para, st.style_id, st.char, page_break)
            found = self.heads[role, para, page_break] = head
        return found

    def item(self, item: Item, role: str | None = None, align: str | None = None, top: bool = True) -> str:
        """An item with a hanging indent so wrapped lines align with its text. Hancom starts the
        first line at the left margin and takes a negative indent off the lines after it, so the
        margin is where the marker starts. The marker is followed by a space, as typed in Hangul (a
        tab to the auto tab stop would be exact in Hancom, but rhwp draws it zero-wide)."""
        key = (item.marker, item.level, item.marker_visible, role, align)
        found = self.item_paras.get(key)
        if found is None:  # (a document's items have a few shapes, each used many times)
            found = self.item_paras[key] = self.item_para(item, role, align)
        role, para = found
        text = f"{item.marker} {item.text}" if item.marker and item.marker_visible else item.text
        return self.paragraph(role, text, para=para, top=top)

    def item_para(self, item: Item, role: str | None, align: str | None) -> tuple[str, int]:
        """An item's role and paraPr: indented to its level, the marker hanging (or, 붙임 lines 2,
        3, …, the text column with no marker)."""
        role = role or layout.item_role(item.marker, item.level)
        left, hang = _indent(item.marker, item.level, self.styles[role].size_pt)
        if not item.marker or not item.marker_visible:
            return role, self.para_id(role, align, round(left * 100), 0)
        return role, self.para_id(role, align, round((left - hang) * 100), -round(hang * 100))

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
        size = self.w.style(role).size_pt
        used = round((text_width_em(text) + text_width_em(line.tail)) * size * 100)
        tab = owpml.leader_tab(max(self.w.text_width - start - used, 0))
        self.paragraph(role, f"{text}\t{line.tail}", para=para, tab=tab)

    def anchor(self, make, role: str = "table", align: str | None = None, *, first: str = "") -> None:
        """A top-level paragraph holding one table or picture — `first` (the section's setup), then
        what `make()` returns, made after the paragraph took its id — at 100% line spacing so its
        line is no taller than the object."""
        id_, para, style_id, page_break = self.start(role, self.para_id(role, align, line_pct=100), True)
        run = owpml.run(self.w.style(role).char, first + make())
        self.body.append(owpml.paragraph(id_, para, style_id, run, page_break))

    # ------------------------------------------------ section
    def section(self, doc: Document) -> bytes:
        setup = self.w._sec_pr + owpml.page_number()
        if doc.cover:
            setup += owpml.HIDE_PAGE_NUMBER  # the cover page carries no number; the body restarts at 1
        header = (lambda: self.table(self.header_table(doc.header), "grid", "grid")) if doc.header else str
        self.anchor(header, "grid", "left", first=setup)
        if doc.approval.signers or doc.approval.cooperation:
            if doc.header:
                self.paragraph("gap", "")  # the DOCX leaves the same small gap
            self.approval(doc)
        self.paragraph("body", "")  # a blank line between the grid and what follows
        if doc.cover:
            c = doc.cover
            for role, text in (
                ("cover_slogan", c.slogan),
                ("cover_title", c.title),
                ("cover_date", c.date),
                ("cover_org", c.organisation),
                ("cover_dept", c.department),
            ):
                self.paragraph(role, text)
            self.page_break = True
        restart = owpml.RESTART_PAGE_NUMBER if doc.cover else ""  # on the first title line
        for role, text in (("slogan", doc.title.slogan), ("title", doc.title.title)):
            if text:
                self.paragraph(role, text, ctrl=restart)
                restart = ""
        for block in doc.body:
            self.block(block)
        return owpml.section("".join(self.body))

    def block(self, block) -> None:
        if isinstance(block, Item):  # (most blocks)
            self.item(block)
        elif isinstance(block, PageBreak):
            self.page_break = True
        elif isinstance(block, Paragraph):
            keep = block.role in layout.KEEP_WITH_NEXT
            para = self.para_id(block.role, block.align or None, keep_next=keep) if block.align or keep else None
            self.paragraph(block.role, block.text, para=para)
        elif isinstance(block, Leader):
            self.leader(block)
        elif isinstance(block, Heading):
            self.paragraph("section", f"{block.number} {block.text}", para=self.para_id("section", keep_next=True))
        elif isinstance(block, Table):
            if block.caption:
                self.paragraph("note", block.caption, para=self.para_id("note", "right", keep_next=True))
            least = {r: hu(mm) for r, mm in enumerate(block.row_heights_mm) if mm}
            self.anchor(lambda: self.table(block, block.cell_role, "table_header", min_heights=least))
            self.paragraph("gap", "")
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
        signers, coop = _approval_tables(doc.approval)
        if signers:
            least = {1: hu(layout.APPROVAL_NAME_ROW_MM)}
            width = sum(signers.widths)
            self.anchor(lambda: self.table(signers, "grid", "grid", min_heights=least, width_mm=width), "grid", "right")
        self.anchor(lambda: self.table(coop, "grid", "grid", width_mm=sum(coop.widths)), "grid", "right")

    # ------------------------------------------------ tables
    def table(
        self, table: Table, role: str, head_role: str, min_heights: dict[int, int] | None = None, width_mm: float | None = None
    ) -> str:
        """`table`, its relative widths scaled to `width_mm` (default: the text width); `min_heights`
        gives rows a least height (HWPUNIT, cell margins included) by row index."""
        cols, nrows = len(table.widths), len(table.rows)
        total, full = sum(table.widths), hu(width_mm) if width_mm else self.w.text_width
        widths = [round(full * x / total) for x in table.widths]
        widths[-1] = full - sum(widths[:-1])
        edges = list(itertools.accumulate(widths, initial=0))  # column c runs from edges[c] to edges[c + 1]
        id_ = next(self.ids)  # the table's id comes before its paragraphs'
        # One pass over the cells in reading order makes each one's paragraphs (taking their ids)
        # and the height its estimated lines need. place_cells refuses a span past the grid, so
        # rowCnt/colCnt always hold every cell.
        least = min_heights or {}
        cells = []  # (row, column, rows and columns spanned, width, header?, paragraphs)
        heights = [0] * nrows  # each row as high as its tallest single-row cell …
        spans = []  # … then a cell spanning rows tops up the last of them: (row, rows spanned, height needed)
        for r, c, cell in place_cells(table)[0]:
            sr, sc = cell.rowspan, cell.colspan
            width = edges[c + sc] - edges[c]
            paragraphs, need = self.cell_lines(cell, head_role if cell.header else role, width)
            if r in least:  # (a row given a least height: the 결재 name row)
                need = max(need, least[r])
            if sr == 1:
                heights[r] = max(heights[r], need)
            elif sr > 1:
                spans.append((r, sr, need))
            cells.append((r, c, sr, sc, width, cell.header, paragraphs))
        for r, sr, need in spans:
            short = need - sum(heights[r : r + sr])
            if short > 0:
                heights[r + sr - 1] += short
        tops = list(itertools.accumulate(heights, initial=0))
        header_rows = min(table.header_rows, nrows)
        rows: list[list[str]] = [[] for _ in range(nrows)]
        margin, border = self.w.cell_margin_attrs, self.w._border
        head_border, cell_border = border["head"], border["cell"]
        for r, c, sr, sc, width, header, paragraphs in cells:
            edge = head_border if header else cell_border
            rows[r].append(owpml.cell(paragraphs, c, r, sc, sr, width, tops[r + sr] - tops[r], edge, r < header_rows, margin))
        return owpml.table(
            id_,
            ["".join(cells) for cells in rows],
            cols=cols,
            width=full,
            height=tops[-1],
            margin=self.w.cell_margin_attrs,
            border=border["cell"],
            repeat_header=header_rows > 0,
            inline=tops[-1] <= self.w.body_height,
        )

    def cell_lines(self, cell: Cell, role: str, width: int) -> tuple[str, int]:
        """A cell's paragraphs, and the height (HWPUNIT, margins included) that its lines need in a
        column `width` wide (HWPUNIT, margins included), estimated from their text."""
        align = None if cell.header else cell.align
        st = self.styles[role]
        size, width_pt = st.size_pt, (width - self.w.cell_sides) / 100
        lines = cell.lines or _EMPTY_CELL
        if len(lines) == 1 and not isinstance(lines[0], Item):  # (most cells: one paragraph)
            text = lines[0].text
            return self.cell_paragraph(role, align, text), round(_lines(text, size, width_pt) * size * st.line_pct) + self.w.cell_ends
        count, out = 0, []
        for line in lines:
            if isinstance(line, Item):
                left, _ = _indent(line.marker, line.level, size)
                count += _lines(f"{line.marker} {line.text}", size, width_pt - left)
                out.append(self.item(line, role, align, top=False))
            else:
                count += _lines(line.text, size, width_pt)
                out.append(self.cell_paragraph(role, align, line.text))
        return "".join(out), round(count * size * st.line_pct) + self.w.cell_ends

    def cell_paragraph(self, role: str, align: str | None, text: str) -> str:
        """A paragraph of a cell: paragraph(role, text, para=para_id(role, align), top=False),
        with its paraPr and head found once per write (every cell of a table asks for the same one or two)."""
        head = self.cell_heads.get((role, align))
        if head is None:
            head = self.cell_heads[role, align] = self.head(role, self.para_id(role, align))
        return owpml.text_paragraph(next(self.ids), head, owpml.run_text(text))

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
            self.anchor(lambda: owpml.picture(next(self.ids), bin_id, width, height, pixels), "caption", "center")
        if img.caption:
            self.paragraph("caption", img.caption)

    def placeholder(self, img: Image, width: int, height: int) -> None:
        """A missing photo: a bordered box of the photo's size holding `img.placeholder_text`."""

        def box() -> str:
            id_ = next(self.ids)
            margin, border = self.w.cell_margin_attrs, self.w._border["cell"]
            text = self.paragraph("caption", img.placeholder_text, top=False)
            cell = owpml.cell(
                text, col=0, row=0, colspan=1, rowspan=1, width=width, height=height, border=border, header=False, margin=margin
            )
            return owpml.table(
                id_, [cell], cols=1, width=width, height=height, margin=margin, border=border, repeat_header=False, inline=True
            )

        self.anchor(box, "caption", "center")
