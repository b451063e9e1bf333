"""The sections of the notes, recognised by their headings, each read into its part of the record."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import unquote

from ..dateparse import DateError, parse_when, split_date
from ..koreanfmt import format_time
from ..sums import SumMismatch, checked_sum
from .source import BREAK, Entry, Notes, block_text, entries, images, inline_text, joined, line_of

# What an officer puts before a heading's words: □, 1., Ⅰ., 가., (1) …; stripped, the depth prints its own.
_HEADING_MARK = re.compile(r"^\s*(?:[□■○●◆◇▶▷◎※·\-*]|\d+[.)]|[Ⅰ-Ⅻ]+\.?|[IVX]+\.|[가-힣][.)]|\(\d+\))\s*")
_SUMMARY_LABEL = re.compile(r"^[〈<]?\s*총\s*평\s*[〉>]?\s*:?\s*")


def heading_text(text: str) -> str:
    """The heading as it is printed: the leading mark and a trailing colon dropped, spaces collapsed."""
    return " ".join(_HEADING_MARK.sub("", text).rstrip(": ").split())


def compact(text: str) -> str:
    return re.sub(r"[\s〈〉<>:]", "", heading_text(text))


def kind_of(heading: str) -> str | None:
    """Which section a heading opens, by the common wordings and their variants."""
    name = compact(heading)
    if name.endswith("개요"):
        return "meeting"  # 회의 개요, 개요, 행사 개요, 간담회 개요
    if name.endswith("결과") or "논의" in name:
        return "results"  # 회의결과, 결과, 주요 논의내용
    if name.startswith("향후") or name in ("조치계획", "후속조치"):
        return "follow_up"  # 향후 추진사항, 향후 계획
    if name.endswith("행정사항") or name == "협조사항":
        return "admin"
    if name in ("붙임", "따로붙임"):
        return "attachments"
    if "사진" in name:
        return "photos"  # 행사사진, 현장사진
    if name == "총평":
        return "summary"
    return None


def lines_of(notes: Notes, nodes, where: str) -> list[Entry]:
    """The list items and paragraph lines of a section; anything else is an error."""
    out = []
    for node in nodes:
        if node.type in ("paragraph", "bullet_list", "ordered_list"):
            out += entries(node)
        else:
            notes.error(line_of(node), f"a {node.type.replace('_', ' ')} cannot stand in {where}: write list items (- …)")
    return out


# ---------------------------------------------------------------- 회의 개요

LABELS = {
    "일시": "when",
    "일자": "when",
    "날짜": "when",
    "장소": "place",
    "참석대상": "attendees",
    "참석자": "attendees",
    "참석인원": "attendees",
    "참석": "attendees",
    "주요내용": "agenda",
    "회의내용": "agenda",
    "안건": "agenda",
    "내용": "agenda",
}
# "일시:", "일 시 :", "일시 2015-…": the label may be letter-spaced and the colon left out.
_LABEL = re.compile(r"^(" + "|".join(r"\s*".join(k) for k in sorted(LABELS, key=len, reverse=True)) + r")\s*(?::|\s|$)\s*(.*)$")
_GROUPS = (
    re.compile(r"(?P<name>[^(:]+?)\s*\(\s*(?P<n>\d+)\s*명\s*\)\s*(?::\s*(?P<members>.*))?"),  # 외부(9명): …
    re.compile(r"(?P<name>[^:]+?)\s*:\s*(?P<n>\d+)\s*명"),  # 구 추진지원단: 3명
    re.compile(r"(?P<name>.+?)\s+(?P<n>\d+)\s*명\s*(?::\s*(?P<members>.*))?"),
)  # 외부 9명: …
GROUP_HINT = "write 외부(9명): 시 공무원 2명, … or 구 추진지원단: 3명"


# Any other "label: value" line is an overview entry of its own (점검기간, 대상, 방법, …).
_ANY_LABEL = re.compile(r"^([^:：\s][^:：]{0,11}?)\s*[:：]\s*(.*)$")


def meeting(notes: Notes, heading: str, line: int, nodes, near: date | None) -> tuple[dict, list]:
    """The meeting preset (일시, 장소, 참석대상, 주요내용) and the overview's entries in line order
    (any label, ※ notes under the entry above them) for a record that is more than a meeting."""
    notes.place("$.meeting", line)
    found: dict = {}
    general: list = []  # overview entries in line order; the preset's get their values below
    extra = False
    for entry in lines_of(notes, nodes, heading):
        if entry.text.startswith("※"):
            if not general:
                notes.error(entry.line, f"a ※ note in {heading} belongs under an entry: write it after one", entry.text)
                continue
            general[-1].setdefault("notes", []).append(entry.text[1:].strip())
            extra = True
            continue
        m = _LABEL.match(entry.text)
        if m is None:
            other = _ANY_LABEL.match(entry.text)
            if other is None:
                notes.error(
                    entry.line,
                    f"cannot read {entry.text!r} in {heading}: start the line with a label and a colon, e.g. 일시:, 장소:, 대상:",
                    entry.text,
                )
                continue
            item = {"label": other[1].strip(), "text": other[2].strip()}
            item["items"] = [{"text": child.text} for child in entry.children]
            general.append(item if item["items"] else {k: v for k, v in item.items() if k != "items"})
            extra = True
            continue
        role, value = LABELS[re.sub(r"\s", "", m[1])], m[2].strip()
        if role in found:
            notes.error(entry.line, f"a second {m[1]} line in {heading}: keep one", entry.text)
            continue
        if entry.children and role != "attendees":
            notes.error(entry.children[0].line, f"only 참석대상 takes sub-items (the attendee groups), not {m[1]}")
        found[role] = (value, entry)
        general.append({"label": re.sub(r"\s", "", m[1]), "role": role})
    out = {"heading": heading}
    if "when" in found:
        value, entry = found["when"]
        notes.place("$.meeting.date", entry.line, value)
        try:
            day, start, end = parse_when(value, near)
        except DateError as exc:
            notes.error(entry.line, f"{exc}", value, exc.offset)
        else:
            out["date"] = day.isoformat()
            out.update({k: format_time(t) for k, t in (("start", start), ("end", end)) if t is not None})
    elif not extra:
        notes.error(line, f"{heading} has no 일시 line: add - 일시: 2015-10-06 16:30~17:45")
    if "place" in found and found["place"][0]:
        out["place"] = found["place"][0]
        notes.place("$.meeting.place", found["place"][1].line)
    elif not extra or "place" in found:  # an overview of other labels (점검기간, 대상, …) may have no 장소
        notes.error(found["place"][1].line if "place" in found else line, f"{heading} has no 장소: add - 장소: 구청 8층 대회의실")
    if "attendees" in found:
        out["attendees"] = attendees(notes, *found["attendees"])
    if found.get("agenda", ("",))[0]:
        out["agenda"] = found["agenda"][0]
        notes.place("$.meeting.agenda", found["agenda"][1].line)
    entries = []
    for e in general:
        role = e.pop("role", None)
        if role == "when":
            e.update({k: out[k] for k in ("date", "start", "end") if k in out})
        elif role in ("place", "agenda"):
            e["text"] = out.get(role, "")
        elif role == "attendees":
            e["attendees"] = out.get("attendees", {})
        entries.append(e)
    return out, (entries if extra else [])


def attendees(notes: Notes, value: str, entry: Entry) -> dict:
    notes.place("$.meeting.attendees", entry.line, value or None)
    out: dict = {}
    if value:
        m = re.fullmatch(r"(?:총\s*)?(\d+)\s*명", value)
        if m:
            out["total"] = int(m[1])
        else:
            notes.error(
                entry.line,
                f"cannot read the attendee total {value!r}: write 참석대상: 40명 and the groups as sub-items ({GROUP_HINT})",
                value,
            )
    groups, unread = [], False
    for child in entry.children:
        m = next((m for p in _GROUPS if (m := p.fullmatch(child.text))), None)
        if m is None:
            notes.error(child.line, f"cannot read the attendee group {child.text!r}: {GROUP_HINT}", child.text)
            unread = True
            continue
        group = {"name": m["name"].strip(), "count": int(m["n"])}
        if m.groupdict().get("members"):
            group["members"] = m["members"].strip()
        notes.place(f"$.meeting.attendees.groups[{len(groups)}]", child.line)
        groups.append(group)
    if groups:
        out["groups"] = groups
        counted = sum(g["count"] for g in groups)
        try:
            if not unread:
                checked_sum([(g["name"], g["count"]) for g in groups], out.get("total"), "the attendee groups")
        except SumMismatch as exc:
            notes.error(entry.line, f"{exc}: correct a group's count or write 참석대상: {counted}명", value)
    return out


# ---------------------------------------------------------------- 회의결과

COLUMNS = {
    "구분": "topic",
    "주제": "topic",
    "항목": "topic",
    "분야": "topic",
    "세부내용": "details",
    "내용": "details",
    "논의내용": "details",
    "주요내용": "details",
    "세부사항": "details",
    "비고": "note",
    "담당": "note",
    "담당부서": "note",
    "소관": "note",
    "소관부서": "note",
    "조치부서": "note",
}
_DOTS = "·•∙ㆍ"


def results(notes: Notes, heading: str, line: int, nodes) -> dict:
    notes.place("$.results", line)
    out: dict = {"heading": heading}
    summary, content, sub = [], [], None
    for node in nodes:
        if node.type == "heading":
            text = heading_text(block_text(node))
            sub = None if kind_of(text) == "summary" else (text, line_of(node))
        elif node.type == "paragraph":
            summary.append(_SUMMARY_LABEL.sub("", joined(block_text(node))))
            notes.place("$.results.summary", line_of(node))
        elif node.type == "table":
            if "topics" in out:
                notes.error(line_of(node), f"a second table in {heading}: the 주요내용 table is the only one")
                continue
            out["table_heading"] = sub[0] if sub else "주요내용"
            out["topics"] = topics(notes, node)
            sub = None
        elif node.type in ("bullet_list", "ordered_list"):
            content += _items(entries(node))
            notes.place("$.results.content", line_of(node))
        else:
            notes.error(line_of(node), f"a {node.type.replace('_', ' ')} cannot stand in {heading}")
    if sub:
        notes.error(sub[1], f"{sub[0]!r} in {heading} is neither 총평 nor followed by the 주요내용 table")
    if any(summary):
        out["summary"] = " ".join(s for s in summary if s)
    if content:
        out["content"] = content
    return {k: out[k] for k in ("heading", "summary", "table_heading", "topics", "content") if k in out}


# A marker typed before an item's words keeps its style: ※ notes, ① sub-sections, 가. 가) (가) (1) ㉮.
# (1. and 1) are markdown's own ordered lists: their numbers are the depth's, as for bullets.)
_TYPED_MARK = re.compile(r"^(※|[①-⑳]|[㉮-㉻]|\([가-힣]\)|\(\d+\)|[가-힣][.)])\s+(\S.*)$")


def typed_marker(text: str) -> tuple[str | None, str]:
    """(the numbering style or symbol typed before the text, the text without it)."""
    m = _TYPED_MARK.match(text)
    if m is None:
        return None, text
    mark = m[1]
    if "①" <= mark <= "⑳":
        style = "①"
    elif "㉮" <= mark <= "㉻":
        style = "㉮"
    elif mark.startswith("("):
        style = "(1)" if mark[1].isdigit() else "(가)"
    elif mark != "※":
        style = "가" + mark[-1]
    else:
        style = mark
    return style, m[2]


def _items(found: list[Entry]) -> list:
    out = []
    for e in found:
        style, text = typed_marker(e.text)
        item = {"text": text, "marker": style} if style else {"text": e.text}
        if e.children:
            item["items"] = _items(e.children)
        out.append(item)
    return out


def topics(notes: Notes, table) -> list:
    head, body = table.children[0], table.children[1] if len(table.children) > 1 else None
    roles = []
    for th in head.children[0].children:
        name = compact(inline_text(th.children[0]) if th.children else "")
        roles.append(COLUMNS.get(name))
        if roles[-1] is None or roles[-1] in roles[:-1]:
            notes.error(
                line_of(head),
                f"table column {name!r} is unknown or repeated: the columns are 구분, 세부내용 and 비고 (비고 may be left out)",
                name or None,
            )
    for needed in ("topic", "details"):
        if needed not in roles:
            notes.error(
                line_of(head),
                f"the 주요내용 table has no {'구분' if needed == 'topic' else '세부내용'} column: write | 구분 | 세부내용 | 비고 |",
            )
    out = []
    for tr in body.children if body else ():
        row = line_of(tr)
        cells = {role: inline_text(td.children[0]) if td.children else "" for role, td in zip(roles, tr.children)}
        topic = {
            "topic": " ".join(p.strip() for p in BREAK.split(cells.get("topic", "")) if p.strip()),
            "details": bullets(cells.get("details", "")),
        }
        note = [p.strip() for p in BREAK.split(cells.get("note") or "") if p.strip()]
        if note:
            topic["note"] = note[0] if len(note) == 1 else note
        if not topic["topic"] or not topic["details"]:
            notes.error(row, f"a table row needs both 구분 and 세부내용 (row {len(out) + 1})")
        notes.place(f"$.results.topics[{len(out)}]", row)
        out.append(topic)
    if not out:
        notes.error(line_of(table), "the 주요내용 table has no rows")
    return out


def bullets(cell: str) -> list[str]:
    """세부내용 bullets. GFM cells hold no lists, so: <br> starts a new bullet, and a cell (or line) that
    begins with a bullet mark (· • ㆍ - * +) is split where that mark reappears after a space."""
    out = []
    for part in (p.strip() for p in BREAK.split(cell)):
        mark = part[:1]
        if mark and mark in _DOTS:
            pieces = re.split(rf"\s+{re.escape(mark)}\s*", part[1:])
        elif mark in ("-", "*", "+") and part[1:2] == " ":
            pieces = re.split(rf"\s+{re.escape(mark)}\s+", part[2:])
        else:
            pieces = [part]
        out += [p.strip() for p in pieces if p.strip()]
    return out


# ---------------------------------------------------------------- 향후 추진사항, 행정사항

# ": 10. 15.(목)" at the end of an item: a date (year optional), its weekday and 까지 may follow.
_DATE_TAIL = re.compile(r"\s*(?:['’‘]?\d{2,4}\s*[-./년]\s*)?\d{1,2}\s*[-./월]\s*\d{1,2}(?!\d)")


def dated_list(notes: Notes, key: str, heading: str, line: int, nodes, near: date | None) -> dict:
    notes.place(f"$.{key}", line)
    items = []
    for entry in lines_of(notes, nodes, heading):
        item = dated(notes, entry, near)
        if entry.children:
            item = {"text": item} if isinstance(item, str) else item
            item["items"] = _items(entry.children)
        notes.place(f"$.{key}.items[{len(items)}]", entry.line)
        items.append(item)
    if not items:
        notes.error(line, f"{heading} has no items: add - 회의결과 공유: 10. 8.(목)")
    return {"heading": heading, "items": items}


def dated(notes: Notes, entry: Entry, near: date | None):
    """'공유: 10. 8.(목)' → {text, date}; '제출: 10. 15.(목)까지' → until; anything else stays text."""
    style, plain = typed_marker(entry.text)
    if style:
        return {"text": plain, "marker": style}
    text, colon, tail = entry.text.rpartition(":")
    if not colon or not _DATE_TAIL.match(tail):
        return entry.text
    try:
        day, rest = split_date(tail.strip(), near)
    except DateError as exc:
        notes.error(entry.line, str(exc), tail.strip(), exc.offset)
        return entry.text
    rest = rest.strip()
    if rest not in ("", "까지"):
        notes.error(
            entry.line,
            f"cannot read {rest!r} after the date: end the item with the date, e.g. 제출: 10. 15.(목) or 제출: 10. 15.(목)까지",
            rest,
        )
    item = {"text": text.strip(), "date": day.isoformat()}
    if rest == "까지":
        item["until"] = True
    return item


# ---------------------------------------------------------------- 따로붙임, 행사사진


def attachments(notes: Notes, heading: str, line: int, nodes) -> dict:
    notes.place("$.attachments", line)
    items = []
    for entry in lines_of(notes, nodes, heading):
        # The number is printed by the rule of the 편람 and 끝. is placed after the last item.
        text = re.sub(r"\s*끝\.?$", "", re.sub(r"^\d+[.)]\s*", "", entry.text))
        if text:
            items.append(text)
    if not items:
        notes.error(line, f"{heading} has no items: add 1. 행사 사진 1부.")
    return {"label": compact(heading), "items": items}


def photos(notes: Notes, heading: str, line: int, nodes, first: bool, start: int) -> list:
    """One photo page: the heading (□ 행사사진) and its photos; a later photo heading turns a page."""
    out = [] if first else [{"page_break": True}]
    out.append({"text": heading, "marker": "□"})
    for node in nodes:
        found = images(node)
        if not found:
            notes.error(line_of(node), "write each photo as ![caption](photos/1.png)")
        for src, caption, row in found:
            notes.place(f"$.appendix[{start + len(out)}]", row)
            out.append({"image": unquote(src), "caption": caption} if caption else {"image": unquote(src)})
    return out
