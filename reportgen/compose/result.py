"""Result (결과보고) records: meeting overview, 총평 and the 주요내용 table, follow-up dates."""

from __future__ import annotations

from ..config import Config
from ..koreanfmt import format_date, format_time_range, parse_date, parse_time, spaced
from ..model import Cell, Document, Item, Paragraph, Table
from ..sources import Origin
from ..sums import checked_sum
from .common import Context, blocks, cells_text, context, document

TOPIC_WIDTHS = (2.2, 7.0, 2.0)


def compose(record: dict, origin: Origin, config: Config) -> Document:
    ctx = context(record, origin, config)
    meeting = record["meeting"]
    day = parse_date(meeting["date"])
    body = [Paragraph(ctx.text(record["lead"]), "lead")] if record.get("lead") else []
    body += overview(ctx, meeting, day)
    if "results" in record:
        body += results(ctx, record["results"])
    for key, heading in (("follow_up", "향후 추진사항"), ("admin", "행정사항")):
        if key in record:
            body += dated_list(ctx, record[key], heading, day.year)
    body += blocks(ctx, record.get("body", ()))
    return document(record, ctx, body)


def overview(ctx: Context, m: dict, day) -> list:
    mark = m.get("child_marker", ctx.default_marker(2))
    sub = ctx.default_marker(3) if "child_marker" not in m else m["child_marker"]
    when = format_date(day, year="short", weekday=True)
    if "start" in m:
        when += " " + format_time_range(parse_time(m["start"]), parse_time(m["end"])) if "end" in m else " " + m["start"]
    out = [
        Item(ctx.default_marker(1), ctx.text(m.get("heading", "회의 개요")), 1),
        Item(mark, f"{spaced('일시')}: {when}", 2),
        Item(mark, f"{spaced('장소')}: {ctx.text(m['place'])}", 2),
    ]
    attendees = m.get("attendees")
    if attendees:
        total = checked_sum([(g["name"], g["count"]) for g in attendees.get("groups", ())], attendees.get("total"))
        total = attendees.get("total", total)
        out.append(Item(mark, f"참석대상: {total}명", 2))
        for g in attendees.get("groups", ()):
            line = f"{g['name']}({g['count']}명): {g['members']}" if g.get("members") else f"{g['name']}: {g['count']}명"
            out.append(Item(sub, line, 3))
    if m.get("agenda"):
        out.append(Item(mark, f"주요내용: {ctx.text(m['agenda'])}", 2))
    return out


def results(ctx: Context, r: dict) -> list:
    out = [Item(ctx.default_marker(1), ctx.text(r.get("heading", "회의결과")), 1)]
    if r.get("summary"):
        out += [Paragraph(f"〈 {ctx.text(r.get('summary_label', '총 평'))} 〉", "label"), Item("", ctx.text(r["summary"]), 2)]
    if r.get("topics"):
        out.append(Item(r.get("table_marker", "○"), ctx.text(r.get("table_heading", "주요내용")), 2))
        rows = [(cells_text(spaced("구분"), header=True), cells_text("세부내용", header=True), cells_text("비고", header=True))]
        for t in r["topics"]:
            notes = t.get("note", "")
            notes = [notes] if isinstance(notes, str) else notes
            details = tuple(Item(r.get("detail_marker", "·"), ctx.text(d), 1) for d in t["details"])
            rows.append(
                (cells_text(ctx.text(t["topic"]), align="center"), Cell(details), cells_text(*(ctx.text(n) for n in notes), align="center"))
            )
        out.append(Table(tuple(rows), TOPIC_WIDTHS, header_rows=1))
    out += blocks(ctx, r.get("content", ()), 2)
    return out


def dated_list(ctx: Context, d: dict, heading: str, year: int) -> list:
    mark = d.get("child_marker", ctx.default_marker(2))
    out = [Item(ctx.default_marker(1), ctx.text(d.get("heading", heading)), 1)]
    for entry in d["items"]:
        if isinstance(entry, str):
            out.append(Item(mark, ctx.text(entry), 2))
            continue
        text = ctx.text(entry["text"])
        if "date" in entry:
            when = parse_date(entry["date"])
            # The year is left out for dates in the meeting's year, as the seeds do.
            shown = format_date(when, year="none" if when.year == year else "short", weekday=True)
            text += f": {shown}" + ("까지" if entry.get("until") else "")
        out.append(Item(mark, text, 2))
    return out
