"""Word writer. The template is prepared once (docxtpl's own tag clean-up, the "RG …" styles: see
docxtemplate.py, which caches it for later processes) and compiled into one Jinja template per
templated part; each document only renders those with its values — text escaped — and with the
approval grid and body as WordprocessingML built from the template's "RG …" styles, so restyling
the template restyles them too."""

from __future__ import annotations

import re
from functools import lru_cache, partial
from pathlib import Path

from .. import layout, shipped
from ..grid import place_cells
from ..images import IMAGE_TYPES
from ..model import ApprovalGrid, Cell, Document, Heading, Image, Item, Leader, PageBreak, Paragraph, Table
from . import docxtemplate, package, wordml

DEFAULT_TEMPLATE = Path(shipped.folder("templates"), "official.docx")
IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
RELS, TYPES = "word/_rels/document.xml.rels", "[Content_Types].xml"  # what a picture adds to


class DocxWriter:
    ext = "docx"
    default_template = DEFAULT_TEMPLATE

    def __init__(self, template: str | Path | None = None):
        self.template_path = Path(template or DEFAULT_TEMPLATE)
        prepared = docxtemplate.load(self.template_path)
        self.style_ids, self.table_style, self.sizes = prepared.style_ids, prepared.table_style, prepared.sizes
        self._templates = {name: _compile(*texts) for name, texts in prepared.templated.items()}
        self._rels, self._content_types = prepared.rels, prepared.content_types
        # Constant parts are compressed once; their order is the template's. So are the
        # relationships and content types as a document without pictures leaves them.
        without_images = {
            RELS: package.part(RELS, self._rels.encode("utf-8")),
            TYPES: package.part(TYPES, self._content_types.encode("utf-8")),
        }
        # Each part of the template in its order, with what it holds unless a document changes it.
        self._parts = [(name, prepared.constant.get(name) or without_images.get(name)) for name in prepared.order]
        # A batch's documents mostly share their approval line: its tables are made once per grid.
        self._approval = lru_cache(maxsize=64)(self._approval_tables)

    def _approval_tables(self, grid: ApprovalGrid) -> str:
        return _Build(self).approval(grid)

    def write(self, doc: Document) -> bytes:
        build = _Build(self)
        for value in _context_strings(doc):
            wordml.text(value)  # refuse XML-illegal characters before anything is made
        context = {
            "header": doc.header,
            "cover": doc.cover,
            "title": doc.title,
            "approval": docxtemplate.Safe(self._approval(doc.approval)),
            "body": docxtemplate.Safe("".join([build.block(b) for b in doc.body])),
        }
        changed = {name: render(context) for name, render in self._templates.items()}
        changed["docProps/core.xml"] = wordml.core_properties(doc.meta_title, doc.meta_author, doc.meta_date)
        if build.images:
            rels, types = self._rels, self._content_types
            for rel_id, target, _ in build.images:
                rels = rels.replace(
                    "</Relationships>", f'<Relationship Id="{rel_id}" Type="{IMAGE_REL}" Target="{target}"/></Relationships>'
                )
            for ext in sorted({target.rsplit(".", 1)[1] for _, target, _ in build.images}):
                if f'Extension="{ext}"' not in types:
                    types = types.replace("</Types>", f'<Default Extension="{ext}" ContentType="{IMAGE_TYPES[ext]}"/></Types>')
            changed[RELS] = rels.encode("utf-8")
            changed[TYPES] = types.encode("utf-8")
        # Parts made per document are deflated at level 1, as the HWPX writer's: some 40 % of level
        # 6's time for ~20 % more bytes (the constant parts stay at level 6: compressed once).
        made = {name: package.part(name, data, level=1) for name, data in changed.items()}
        parts = [made.get(name) or fixed for name, fixed in self._parts]
        parts += [package.part(f"word/{target}", data, deflate=False) for _, target, data in build.images]
        return package.pack(parts)


# The newline docxtemplate puts before each paragraph of a templated part (so Jinja's line numbers
# point at it), taken out of what it renders.
_PARAGRAPH_NEWLINE = re.compile(r"\n(?=<w:p[ >])")


def _compile(source: str, before: str, after: str, steps: list | None):
    """One templated part; returns render(context) -> the part's bytes. Rendered from its steps
    when it has them (docxtemplate.run), else by Jinja, compiled here."""
    if steps is not None:
        render = partial(docxtemplate.run, steps)
    else:
        from jinja2 import Environment
        from markupsafe import Markup

        template = Environment(autoescape=True).from_string(source)

        def render(context) -> str:
            # The writer's markup as markupsafe's Markup, whose string methods keep it markup: a
            # template's filter on it (`body|trim`) must not print the document's XML as text.
            return template.render({k: Markup(v) if isinstance(v, docxtemplate.Safe) else v for k, v in context.items()})

    head, tail = before.encode("utf-8"), after.encode("utf-8")

    def part(context) -> bytes:
        return b"".join((head, _PARAGRAPH_NEWLINE.sub("", render(context)).encode("utf-8"), tail))

    return part


# The same few markers, levels and sizes recur in every document: their roles and indents (a text
# width measured character by character) are worked out once per process.
_indent = lru_cache(maxsize=1024)(layout.item_indent_pt)
_item_role = lru_cache(maxsize=1024)(layout.item_role)


def _context_strings(doc: Document):
    yield from (v for pair in doc.header for v in pair)
    if doc.cover:
        yield from (doc.cover.slogan, doc.cover.title, doc.cover.date, doc.cover.organisation, doc.cover.department)
    yield from (doc.title.slogan, doc.title.title)


class _Build:
    """The state of one write: the images it embeds and their ids."""

    def __init__(self, writer: DocxWriter):
        self.w = writer
        self.images: list[tuple[str, str, bytes]] = []  # (relationship id, target, data)

    def p(
        self,
        role: str,
        content: str = "",
        *,
        align: str | None = None,
        left: float | None = None,
        hanging: float | None = None,
        keep_next: bool = False,
        tabs: tuple = (),
    ) -> str:
        """A paragraph in the template's style for `role` (wordml.paragraph's options, passed by name:
        this is called for every paragraph, and a **kw hand-on costs twice as much)."""
        return wordml.paragraph(self.w.style_ids[role], content, align=align, left=left, hanging=hanging, keep_next=keep_next, tabs=tabs)

    # -- body blocks -------------------------------------------------------------------------
    def block(self, block) -> str:
        if isinstance(block, Paragraph):
            keep = block.role in layout.KEEP_WITH_NEXT
            return self.p(block.role, wordml.run(block.text), align=block.align or None, keep_next=keep)
        if isinstance(block, Item):
            return self.item(block, _item_role(block.marker, block.level))
        if isinstance(block, Leader):
            return self.leader(block)
        if isinstance(block, Heading):
            return self.p("section", wordml.run(f"{block.number} {block.text}"), keep_next=True)  # never last on a page
        if isinstance(block, Table):
            # The unit line stays on the table's page (as the HWPX keeps it with the table).
            caption = self.p("table", wordml.run(block.caption), align="right", keep_next=True) if block.caption else ""
            return caption + self.table(block) + self.p("gap")
        if isinstance(block, Image):
            return self.image(block)
        if isinstance(block, PageBreak):
            return self.p("body", wordml.page_break_run())
        return ""

    def item(self, item: Item, role: str, align: str | None = None) -> str:
        left, hang = _indent(item.marker, item.level, self.w.sizes[role])
        # A tab after the marker stops at the hanging indent, so the text column is exact whatever
        # the font's space width; an invisible marker keeps its room.
        marker = (item.marker if item.marker_visible else "") + "\t" if item.marker else ""
        return self.p(role, wordml.run(marker + item.text), align=align, left=left, hanging=hang)

    def leader(self, line: Leader) -> str:
        """marker, text, then a right tab stop at the margin with a dot leader before the tail; the
        hanging indent is a stop of its own so the text starts where an item's would."""
        role = _item_role(line.marker, line.level)
        left, hang = _indent(line.marker, line.level, self.w.sizes[role])
        tabs = (("left", left, "none"), ("right", layout.mm_to_pt(layout.TEXT_WIDTH_MM), "dot"))
        marker = line.marker + "\t" if line.marker else ""
        return self.p(role, wordml.run(f"{marker}{line.text}\t{line.tail}"), left=left, hanging=hang, tabs=tabs)

    def table(self, t: Table) -> str:
        placed, n_rows, n_cols = place_cells(t)
        total = sum(t.widths)
        widths = [wordml.twips_mm(layout.TEXT_WIDTH_MM * w / total) for w in t.widths]
        # Each grid slot: (the cell starting there, True), or (the cell whose rowspan goes on there,
        # False), or None where no cell reaches (a short row).
        slots: list[list[tuple[Cell, bool] | None]] = [[None] * n_cols for _ in range(n_rows)]
        for r, c, cell in placed:
            slots[r][c] = (cell, True)
            for dr in range(1, cell.rowspan):
                slots[r + dr][c] = (cell, False)
        empty = self.p("table")  # fills a short row, so Word keeps the columns
        continued = self.p("table", keep_next=t.keep_together)  # under a vertical merge
        rows = []
        for r, row_slots in enumerate(slots):
            cells, c = [], 0
            while c < n_cols:
                if row_slots[c] is None:
                    cells.append(wordml.cell(widths[c], empty))
                    c += 1
                    continue
                cell, starts = row_slots[c]
                width = sum(widths[c : c + cell.colspan])
                if starts:
                    vmerge = "restart" if cell.rowspan > 1 else None
                    # Rows that may not split, each kept with the next: Word and LibreOffice move
                    # the whole table to the next page rather than break it.
                    content = self.cell_lines(cell, keep_next=t.keep_together, role=t.cell_role)
                else:
                    vmerge, content = "continue", continued
                fill = layout.TABLE_HEADER_FILL if cell.header else None
                cells.append(wordml.cell(width, content, span=cell.colspan, vmerge=vmerge, fill=fill))
                c += cell.colspan
            least = t.row_heights_mm[r] if r < len(t.row_heights_mm) else 0
            height = wordml.twips_mm(least) if least else None
            rows.append(wordml.row("".join(cells), header=r < t.header_rows, height_twips=height, cant_split=t.keep_together))
        return wordml.table(self.w.table_style, widths, "".join(rows))

    def cell_lines(self, cell: Cell, keep_next: bool = False, role: str = "table") -> str:
        role = "table_header" if cell.header else role
        out = []
        for line in cell.lines or (Paragraph(""),):
            if isinstance(line, Item):
                out.append(self.item(line, role))
            else:
                out.append(self.p(role, wordml.run(line.text), align=cell.align, keep_next=keep_next))
        return "".join(out)

    def image(self, image: Image) -> str:
        found = image.photo
        if found is None:  # a bordered box of the photo's size holding the placeholder text
            width, height = layout.box_size_mm(image.width_mm, image.height_mm)
            box = self.p("caption", wordml.run(image.placeholder_text))
            grid = [wordml.twips_mm(width)]
            out = wordml.table(self.w.table_style, grid, wordml.row(wordml.cell(grid[0], box), height_twips=wordml.twips_mm(height)))
        else:
            data, kind, pixels = found.data, found.kind, found.pixels
            n = len(self.images) + 1
            ext = kind.replace("jpeg", "jpg")
            rel_id, target = f"rIdReportgenImage{n}", f"media/reportgen-image{n}.{ext}"
            self.images.append((rel_id, target, data))
            width, height = layout.photo_size_mm(image.width_mm, pixels)
            out = self.p("caption", wordml.picture(rel_id, 1000 + n, image.name, width, height))
        if image.caption:
            out += self.p("caption", wordml.run(image.caption))
        return out

    # -- the approval grid ---------------------------------------------------------------------
    def approval(self, grid: ApprovalGrid) -> str:
        """결재 row (직위 over signature, one column per signer) and 협조 rows (label, then pairs).
        A paragraph between tables keeps Word and LibreOffice from joining them into one."""
        if not grid.signers:
            return ""
        boxes = [wordml.twips_mm(mm) for mm in layout.approval_widths_mm(len(grid.signers))]
        cell = lambda width, text: wordml.cell(width, self.p("grid", wordml.run(text)))  # noqa: E731
        titles = wordml.row("".join(cell(w, s.title) for w, s in zip(boxes, grid.signers)))
        names = wordml.row(
            "".join(cell(w, s.name) for w, s in zip(boxes, grid.signers)), height_twips=wordml.twips_mm(layout.APPROVAL_NAME_ROW_MM)
        )
        out = self.p("gap") + wordml.table(self.w.table_style, boxes, titles + names, align="right")
        widths = [wordml.twips_mm(mm) for mm in layout.cooperation_widths_mm(grid.cooperation_pairs)]
        rows = grid.cooperation or ((),)
        coop = []
        for r, row in enumerate(rows):
            label = wordml.cell(
                widths[0],
                self.p("grid", wordml.run(grid.cooperation_label) if r == 0 else ""),
                vmerge=("restart" if r == 0 else "continue") if len(rows) > 1 else None,
                fill=layout.TABLE_HEADER_FILL,  # a label cell, shaded as in the HWPX
            )
            texts = [x for s in row for x in (s.title, s.name)]
            texts += [""] * (len(widths) - 1 - len(texts))  # a short row keeps every column
            coop.append(wordml.row(label + "".join(cell(w, t) for w, t in zip(widths[1:], texts))))
        return out + self.p("gap") + wordml.table(self.w.table_style, widths, "".join(coop), align="right")
