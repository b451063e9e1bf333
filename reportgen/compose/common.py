"""What every record kind shares: header, approval grid, cover, title, body blocks, 끝. mark."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field, replace
from decimal import Decimal

from .. import figures
from ..config import Config
from ..grid import content_widths
from ..images import decode_photo
from ..koreanfmt import format_date, format_month, format_number, is_number_text, is_numbered, marker, parse_date, roman, spaced
from ..model import ApprovalGrid, Cell, Cover, Document, Heading, Image, Item, PageBreak, Paragraph, Signer, Table, TitleBlock
from ..sources import Origin, Refused
from ..tablecalc import compute_table, has_calc

DEFAULT_MARKERS = ("□", "○", "-", "·")


@dataclass
class Context:
    """What composing one record needs besides the record: figures to quote, where photos come from."""

    origin: Origin
    config: Config
    markers: tuple[str, ...] = DEFAULT_MARKERS
    figures: dict = field(default_factory=dict)
    labels: dict = field(default_factory=dict)
    unit: str = "천원"
    warnings: list[str] = field(default_factory=list)
    budget_table: object = None  # callable(depth) -> list of blocks, set by the plan composer
    decimals: int = 1  # computed ratios in tables (style.decimals)

    def text(self, value: str) -> str:
        return figures.substitute(value, self.figures, self.unit)

    def default_marker(self, depth: int) -> str:
        return self.markers[min(depth, len(self.markers)) - 1]


def context(record: dict, origin: Origin, config: Config) -> Context:
    style = record.get("style", {})
    return Context(origin, config, tuple(style.get("markers", DEFAULT_MARKERS)), decimals=style.get("decimals", 1))


def header_pairs(record: dict) -> tuple[tuple[str, str], ...]:
    """A draft has no 문서번호 or 결재일자 yet: their cells print blank, as before approval."""
    h = record["header"]
    approved = format_date(parse_date(h["approved_on"]), style=h.get("date_style", "official")) if "approved_on" in h else ""
    return (
        ("문서번호", h.get("doc_number", "")),
        ("결재일자", approved),
        ("공개여부", h["disclosure"]),
        ("방침번호", h.get("policy_number", "")),
    )


def approval_grid(record: dict, config: Config) -> ApprovalGrid:
    a = record["approval"]
    signed_on = a.get("signed_on", record.get("header", {}).get("approved_on"))
    signed = parse_date(signed_on) if signed_on else None  # a draft is not signed yet
    boxes = [Signer("시 민", "")] if a.get("citizen") else []
    last = len(a["signers"]) - 1
    for i, s in enumerate(a["signers"]):
        name = _signature(s)
        if i == last and signed:
            # Only the final signer's box carries the date, as MM/DD before the name.
            name = f"{signed.month:02d}/{signed.day:02d} {name}"
        boxes.append(Signer(_title(s, config), name))
    rows: list[list[Signer]] = []
    packing: list[Signer] = []
    for entry in a.get("cooperation", ()):
        if isinstance(entry, list):
            if packing:
                rows.append(packing)
                packing = []
            rows.append([Signer(_title(s, config), _signature(s)) for s in entry])
        else:
            packing.append(Signer(_title(entry, config), _signature(entry)))
            if len(packing) == 2:
                rows.append(packing)
                packing = []
    if packing:
        rows.append(packing)
    pairs = max([2] + [len(r) for r in rows])
    return ApprovalGrid(tuple(boxes), a.get("cooperation_label", "협 조"), tuple(tuple(r) for r in rows), pairs)


def _title(s: dict, config: Config) -> str:
    mark = (config.initiator_symbol if s.get("initiator") else "") + (config.reporter_symbol if s.get("reporter") else "")
    return mark + s["title"]


def _signature(s: dict) -> str:
    # 대결: the acting person's name with 代 in the absent holder's box (Seoul e-approval rendering);
    # 전결: the mark stands before the signature.
    name = ("代" if s.get("acting") else "") + s["name"]
    return ("전결 " if s.get("delegated") else "") + name


def cover(record: dict, ctx: Context) -> Cover | None:
    c = record.get("cover")
    if c is None:
        return None
    date = ""
    if c.get("date"):
        d = c["date"]
        date = format_date(parse_date(d)) if len(d) == 10 else format_month(parse_date(d + "-01"))
    slogan = ctx.text(c.get("slogan", record.get("slogan", "")))
    return Cover(
        slogan=f"- {slogan} -" if slogan else "",
        title=ctx.text(c.get("title", record["title"])),
        date=date,
        organisation=spaced(c["organisation"]),
        department=f"({c['department']})" if c.get("department") else "",
    )


def title_block(record: dict, ctx: Context) -> TitleBlock:
    slogan = ctx.text(record.get("slogan", ""))
    return TitleBlock(f"- {slogan} -" if slogan else "", ctx.text(record["title"]))


def blocks(ctx: Context, entries: list, depth: int = 1, child_marker: str | None = None) -> list:
    """Record blocks → model blocks. `depth` is the item level; numbered markers (1) 가. …) count
    among siblings of the same style, so each list restarts at 1."""
    out: list = []
    counters: dict[str, int] = {}
    section_no = 0
    for entry in entries:
        if isinstance(entry, str):
            text = ctx.text(entry)
            out.append(Paragraph(text) if depth == 1 else Item("", text, depth))
        elif "text" in entry:
            style = entry.get("marker", child_marker if child_marker is not None else ctx.default_marker(depth))
            if is_numbered(style):
                counters[style] = counters.get(style, 0) + 1
                shown = marker(style, counters[style])
            else:
                shown = style
            out.append(Item(shown, ctx.text(entry["text"]), depth))
            out += blocks(ctx, entry.get("items", ()), depth + 1, entry.get("child_marker"))
        elif "section" in entry:
            section_no += 1
            out.append(Heading(roman(section_no), ctx.text(entry["section"])))
            out += blocks(ctx, entry.get("content", ()), 1, entry.get("child_marker"))
        elif "label" in entry:
            out.append(Paragraph(f"〈 {ctx.text(entry['label'])} 〉", "label"))
        elif "table" in entry:
            out.append(table(ctx, entry["table"]))
        elif "image" in entry:
            out.append(image(ctx, entry))
        elif "page_break" in entry:
            out.append(PageBreak())
        elif "budget_table" in entry:
            out += ctx.budget_table(depth)
    return out


def table(ctx: Context, t: dict) -> Table:
    computed = compute_table(t, ctx.figures, ctx.decimals) if has_calc(t) else {}

    def row_cells(part: str, i: int, row: list, header: bool = False) -> tuple:
        return tuple(cell(ctx, c, header, computed.get((part, i, j))) for j, c in enumerate(row))

    header = [row_cells("header", i, row, True) for i, row in enumerate(t.get("header", ()))]
    rows = [row_cells("rows", i, row) for i, row in enumerate(t["rows"])]
    all_rows = header + rows
    columns = max((sum(c.colspan for c in r) for r in all_rows), default=1)
    shaped = Table(tuple(all_rows), tuple(t.get("widths", (1.0,) * columns)), len(header), ctx.text(t.get("caption", "")))
    # Without stated widths, the columns take what their text needs (no label broken mid-word).
    return shaped if "widths" in t else replace(shaped, widths=content_widths(shaped))


def cell(ctx: Context, c, header: bool = False, computed: str | None = None) -> Cell:
    """A record's cell; `computed` is the printed figure of a calc cell (reportgen/tablecalc.py)."""
    spans = {}
    if isinstance(c, dict):
        spans = {k: c[k] for k in ("colspan", "rowspan", "align") if k in c}
        c = [computed] if computed is not None else c.get("lines", [c["text"]] if "text" in c else [])
    elif isinstance(c, (int, float)):  # a figure written as a number
        c = format_number(Decimal(str(c)))
    lines = [c] if isinstance(c, str) else c
    out = []
    for line in lines:
        if isinstance(line, str):
            out.append(Paragraph(ctx.text(line), "table_header" if header else "table"))
        else:
            out.append(Item(line.get("marker", "·"), ctx.text(line["text"]), 1))
    if header:
        spans.setdefault("align", "center")
    elif out and all(isinstance(x, Paragraph) and is_number_text(x.text) for x in out):
        spans.setdefault("align", "right")  # a figure, unless the cell says otherwise
    return Cell(tuple(out), header=header, **spans)


def image(ctx: Context, entry: dict) -> Image:
    """A photo read through the record's resolver; anything it cannot show becomes a placeholder box
    and a warning (a missing photo must not stop a document an officer needs today). `source` names
    a photo inside the records folder even when absent, so one that appears later rebuilds the record."""
    ref, resolver = entry["image"], ctx.origin.resolver
    photo, source = None, ""
    try:
        source = resolver.name_of(ref, ctx.origin.name)
        photo = decode_photo(resolver.read(source))
        if photo is None:
            ctx.warnings.append(f"{ref}: not a readable PNG, JPEG, GIF or BMP image; a placeholder box is printed")
    except Refused as exc:
        ctx.warnings.append(
            f"{ref}: image not found; a placeholder box is printed" if exc.missing else f"{exc}; a placeholder box is printed"
        )
    caption = ctx.text(entry.get("caption", ""))
    name = posixpath.basename(source or ref.replace("\\", "/"))
    return Image(name, caption, entry.get("width_mm", 120.0), entry.get("height_mm", 80.0), photo, source=source)


END = "  끝."  # 2타 then 끝. (reference §2.3)


def end_with_mark(body: list, record: dict, ctx: Context) -> list:
    """Place 끝.: after the last attachment; after the text of the last line; or, when the body ends
    with a table, on its own line at the left base line."""
    att = record.get("attachments")
    if att:
        label, items = att.get("label", "붙임"), [ctx.text(x) for x in att["items"]]
        if len(items) == 1:
            return body + [Item(label, items[0] + END, 1)]
        lines = [f"{i}. {text}" for i, text in enumerate(items, 1)]
        lines[-1] += END
        # Later lines align under "1." — same hanging indent, label not printed.
        return body + [Item(label, lines[0], 1)] + [Item(label, line, 1, marker_visible=False) for line in lines[1:]]
    last = body[-1] if body else None
    if isinstance(last, (Paragraph, Item)) and last.text:
        return body[:-1] + [replace(last, text=last.text + END)]
    return body + [Paragraph(END)]


def document(record: dict, ctx: Context, body: list) -> Document:
    body = end_with_mark(body, record, ctx)
    if record.get("appendix"):
        body += [PageBreak()] + blocks(ctx, record["appendix"])
    c = record.get("cover", {})
    return Document(
        header=header_pairs(record),
        approval=approval_grid(record, ctx.config),
        cover=cover(record, ctx),
        title=title_block(record, ctx),
        body=body,
        warnings=ctx.warnings,
        meta_title=ctx.text(record["title"]),
        meta_author=" ".join(x for x in (c.get("organisation", ""), c.get("department", "")) if x),
        meta_date=record["header"].get("approved_on", ""),
        figures={k: (ctx.labels.get(k, k), v) for k, v in ctx.figures.items()},
    )


def cells_text(*texts: str, header: bool = False, **spans) -> Cell:
    role = "table_header" if header else "table"
    if header:
        spans.setdefault("align", "center")
    return Cell(tuple(Paragraph(t, role) for t in texts), header=header, **spans)
