"""What every record kind shares: header, approval grid, cover, title, body blocks, 끝. mark."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property

from .. import figures
from ..config import Config
from ..errors import Unprintable
from ..grid import content_widths
from ..images import decode_photo, why_not_a_photo
from ..koreanfmt import (
    Outline,
    format_date,
    format_month,
    format_number,
    format_period,
    format_time,
    format_time_range,
    is_number_text,
    parse_date,
    parse_time,
    roman,
    spaced,
    spaced_if_short,
)
from ..model import ApprovalGrid, Cell, Cover, Document, Heading, Image, Item, Leader, PageBreak, Paragraph, Signer, Table, TitleBlock
from ..sources import Origin, Refused
from ..sums import checked_sum
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
    outline: Outline = field(default_factory=Outline)  # the one numbering of the document's items
    record: dict = field(default_factory=dict)  # the record composed
    date_style: str = "short"  # full: 2015. 10. 6. | short: '15. 10. 6.

    def text(self, value: str) -> str:
        return figures.substitute(value, self.figures, self.unit)

    def default_marker(self, depth: int) -> str:
        return self.markers[min(depth, len(self.markers)) - 1]

    @cached_property
    def year(self) -> int | None:
        """Dated items in this year print without it (10. 15.(목)). Looked up when the first dated
        item asks: most documents have none, and the look-up may walk the whole body."""
        return document_year(self.record)


def context(record: dict, origin: Origin, config: Config) -> Context:
    style = record.get("style", {})
    markers = tuple(style.get("markers", DEFAULT_MARKERS))
    dates = record.get("date_style", "short")  # a settings file's date_style is already in the record
    return Context(origin, config, markers, decimals=style.get("decimals", 1), record=record, date_style=dates)


def document_year(record: dict) -> int | None:
    """The year a document speaks of: its meeting's, else its first overview date's, else the
    year it was approved."""
    if "meeting" in record:
        return parse_date(record["meeting"]["date"]).year
    stack = [record.get("body", ())]  # every mapping of the body, depth first in order, without recursion
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            overview = value.get("overview")
            for entry in overview if isinstance(overview, list) else ():
                for key in ("date", "end_date"):
                    if isinstance(entry, dict) and key in entry:
                        return parse_date(entry[key]).year
            stack.extend(reversed(value.values()))
        elif isinstance(value, list):
            stack.extend(reversed(value))
    approved = record.get("header", {}).get("approved_on")
    return parse_date(approved).year if approved else None


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
    """Record blocks → model blocks. `depth` is the item level; numbered markers (1) 가. …) are
    counted by the document's one Outline, so each list restarts under a new parent."""
    out: list = []
    section_no = 0
    for entry in entries:
        if isinstance(entry, str):
            text = ctx.text(entry)
            out.append(Paragraph(text) if depth == 1 else Item("", text, depth))
        elif "text" in entry:
            out.append(Item(mark(ctx, entry, depth, child_marker), ctx.text(entry["text"]) + dated_tail(ctx, entry), depth))
            if "items" in entry:
                out += blocks(ctx, entry["items"], depth + 1, entry.get("child_marker"))
        elif "section" in entry:
            section_no += 1
            ctx.outline.reset()
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
        elif "overview" in entry:
            out += overview(ctx, entry, depth, child_marker)
        elif "topics" in entry:
            out.append(topics(ctx, entry))
        elif "schedule" in entry:
            out += schedule(ctx, entry, depth, child_marker)
        elif "remarks" in entry:
            out += remarks(ctx, entry, depth, child_marker)
        elif "contacts" in entry:
            out.append(contact_line(ctx, entry["contacts"]))
    return out


def mark(ctx: Context, entry: dict, depth: int, child_marker: str | None) -> str:
    """The printed marker of an item: its own style, its parent's child_marker, or the depth's."""
    style = entry.get("marker", child_marker if child_marker is not None else ctx.default_marker(depth))
    return marked(ctx, style, depth, entry)


def marked(ctx: Context, style: str, depth: int, node: dict) -> str:
    """The outline's next marker; past the style's last glyph (the items before it at its level
    count too: another list, an overview) the record's `node` is refused at its JSON path."""
    try:
        return ctx.outline.mark(style, depth)
    except ValueError as exc:
        raise Unprintable(node, f"{exc}: split the list or choose another numbering style") from None


def period(ctx: Context, entry: dict, *, in_year: bool) -> str:
    """`date` / `end_date` of an entry as printed: a date, a range or "~ date". With `in_year`, a
    date in the document's year leaves its year out (10. 15.(목)) unless the entry keeps it."""
    start = parse_date(entry["date"]) if "date" in entry else None
    end = parse_date(entry["end_date"]) if "end_date" in entry else None
    if start is None and end is None:
        return ""
    year = entry.get("date_style", ctx.date_style)
    first = start or end
    if in_year and not entry.get("keep_year") and first.year == ctx.year and (end is None or end.year == first.year):
        year = "none"
    return format_period(start, end, year=year, weekday=entry.get("weekday", True))


def dated_tail(ctx: Context, entry: dict) -> str:
    """ ": 10. 15.(목)" after a dated item, "까지" for a deadline."""
    shown = period(ctx, entry, in_year=True)
    return f": {shown}" + ("까지" if entry.get("until") else "") if shown else ""


def hours(entry: dict) -> str:
    if "start" not in entry:
        return ""
    start = parse_time(entry["start"])
    return format_time_range(start, parse_time(entry["end"])) if "end" in entry else format_time(start)


def overview(ctx: Context, block: dict, depth: int, child_marker: str | None) -> list:
    """개요: one labelled line per entry (일 시: '15. 10. 6.(화) 16:30~17:45), letter-spaced when the
    label has 2–3 syllables; attendee groups and ※ notes under their entry."""
    out = []
    group_style = block.get("group_marker", ctx.default_marker(depth + 1))
    for e in block["overview"]:
        label = spaced_if_short(ctx.text(e["label"]), 3) if e.get("spaced", True) else ctx.text(e["label"])
        value = " ".join(x for x in (period(ctx, e, in_year=False), hours(e)) if x)
        groups = []
        if "attendees" in e:
            a = e["attendees"]
            # A stated total without groups is a plain count: only groups must add up to it.
            stated = a.get("total") if "groups" in a else None
            total = checked_sum([(g["name"], g["count"]) for g in a.get("groups", ())], stated, "attendee groups")
            value = " ".join(x for x in (value, f"{format_number(a.get('total', total))}명") if x)
            for g in a.get("groups", ()):
                members, count = ctx.text(g.get("members", "")), format_number(g["count"])
                groups.append((g, f"{g['name']}({count}명): {members}" if members else f"{g['name']}: {count}명"))
        if e.get("text"):
            value = " ".join(x for x in (value, ctx.text(e["text"])) if x)
        out.append(Item(mark(ctx, e, depth, child_marker), f"{label}: {value}" if value else label, depth))
        out += [Item(marked(ctx, group_style, depth + 1, g), line, depth + 1) for g, line in groups]
        out += [Item("※", ctx.text(note), depth + 1) for note in e.get("notes", ())]
        out += blocks(ctx, e.get("items", ()), depth + 1, e.get("child_marker"))
    return out


TOPIC_WIDTHS = (2.2, 7.0, 2.0)


def topics(ctx: Context, block: dict) -> Table:
    """The 주요내용 table: 구 분 | 세부내용 (· lines) | 비고 (the department in charge)."""
    columns = block.get("columns", ["구 분", "세부내용", "비고"])  # as written: the seed spaces 구 분 only
    with_note = len(columns) == 3
    head = tuple(cells_text(ctx.text(c), header=True) for c in columns)
    rows = [head]
    detail = block.get("detail_marker", "·")
    for t in block["topics"]:
        details = tuple(Item(detail, ctx.text(d), 1) for d in t["details"])
        row = [cells_text(ctx.text(t["topic"]), align="center"), Cell(details)]
        if with_note:
            notes = t.get("note", "")
            notes = [notes] if isinstance(notes, str) else notes
            row.append(cells_text(*(ctx.text(n) for n in notes), align="center"))
        rows.append(tuple(row))
    widths = tuple(block.get("widths", TOPIC_WIDTHS if with_note else TOPIC_WIDTHS[:2]))
    return Table(tuple(rows), widths, header_rows=1)


def schedule(ctx: Context, block: dict, depth: int, child_marker: str | None) -> list:
    """What …… when: each row's date (or `when` text) at the right margin after a dot leader."""
    out = []
    for row in block["schedule"]:
        tail = period(ctx, row, in_year=True) or ctx.text(row.get("when", ""))
        out.append(Leader(mark(ctx, row, depth, child_marker), ctx.text(row["text"]), tail, depth))
    return out


def remarks(ctx: Context, block: dict, depth: int, child_marker: str | None) -> list:
    """What each speaker said: the speaker's line, then their points one level down."""
    out = []
    for r in block["remarks"]:
        out.append(Item(mark(ctx, r, depth, child_marker), ctx.text(r["speaker"]), depth))
        points = [{"text": p} if isinstance(p, str) else p for p in r["points"]]
        out += blocks(ctx, points, depth + 1, r.get("child_marker"))
    return out


def contact_line(ctx: Context, c: dict) -> Paragraph:
    """The small line under the title: 자치행정과 과장 권창석 ☎2286-5010, 담당 박성춘 ☎5012."""
    people = []
    for p in c["people"]:
        words = [ctx.text(p["role"])] + [ctx.text(p[k]) for k in ("name",) if p.get(k)]
        people.append(" ".join(words) + (f" ☎{p['phone']}" if p.get("phone") else ""))
    text = ", ".join(people)
    if c.get("department"):
        text = f"{ctx.text(c['department'])} {text}"
    if c.get("label"):
        text = f"{ctx.text(c['label'])}: {text}"
    return Paragraph(f"({text})" if c.get("brackets") else text, "note", align=c.get("align", "right"))


def opening(record: dict, ctx: Context) -> list:
    """What follows the title in every kind: the contact line, then the lead."""
    out = [contact_line(ctx, record["contacts"])] if record.get("contacts") else []
    if record.get("lead"):
        out.append(Paragraph(ctx.text(record["lead"]), "lead"))
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
    elif computed is not None or (out and all(isinstance(x, Paragraph) and is_number_text(x.text) for x in out)):
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
            ctx.warnings.append(f"{ref}: {why_not_a_photo(resolver.read(source))}; a placeholder box is printed")
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
        label, items = att.get("label", "붙임"), [attachment(ctx, x) for x in att["items"]]
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


def attachment(ctx: Context, x) -> str:
    """An attachment line: the text as written, or {text, copies} printed "text 1부."."""
    if isinstance(x, str):
        return ctx.text(x)
    return f"{ctx.text(x['text'])} {x.get('copies', 1)}부."


def document(record: dict, ctx: Context, body: list) -> Document:
    body = end_with_mark(body, record, ctx)
    if record.get("appendix"):
        ctx.outline.reset()
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
