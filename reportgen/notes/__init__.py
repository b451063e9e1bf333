"""Meeting notes (markdown an officer writes by hand) → a `result` record, which then takes the same
validate → compose → write path as any record file. The format is taught in docs/notes-format.md.

    front matter (YAML)   header fields, the approval line, the cover
    # title               then the lead paragraph
    ## 회의 개요 …         sections recognised by their headings (see sections.kind_of)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import Problem
from . import sections as sec
from .front import read_front
from .source import Notes, block_text, joined, line_of

__all__ = ["parse_notes", "read_notes", "locate"]

NAMES = {
    "meeting": "회의 개요",
    "results": "회의결과",
    "follow_up": "향후 추진사항",
    "admin": "행정사항",
    "attachments": "따로붙임",
    "photos": "행사사진",
    "summary": "총평",
}
ORDER = (
    "kind",
    "header",
    "approval",
    "cover",
    "slogan",
    "title",
    "lead",
    "style",
    "meeting",
    "results",
    "follow_up",
    "admin",
    "attachments",
    "body",
    "appendix",
)


@dataclass
class Section:
    kind: str | None  # None: an unknown heading, its content is skipped (the heading is reported)
    heading: str
    line: int
    level: int
    nodes: list = field(default_factory=list)


def parse_notes(text: str, source: str = "<notes>") -> dict:
    """The result record the notes describe; raises InvalidRecord with every problem, by line."""
    return read_notes(text, source)[0]


def read_notes(text: str, source: str = "<notes>") -> tuple[dict, dict]:
    """(record, where): `where` maps record JSON paths to (line, column) in the notes, for `locate`."""
    notes = Notes(text, source)
    blocks = list(notes.tree().children)
    record, approved = read_front(notes)
    title, lead, found = _split(notes, blocks)
    if title is None:
        notes.error(
            found[0].line if found else len(notes.lines),
            "the notes have no title: write it as the first heading, e.g. # ○○ 회의 개최 결과보고",
        )
    else:
        record["title"] = title[0]
        notes.place("$.title", title[1])
    if lead:
        record["lead"] = " ".join(text for text, _ in lead)
        notes.place("$.lead", lead[0][1])
    _sections(notes, found, record, approved)
    if "meeting" not in record and "body" not in record:
        notes.error(
            len(notes.lines),
            "the notes have no 회의 개요 section: add ## 회의 개요 with - 일시: 2015-10-06 16:30~17:45 and - 장소: 구청 8층 대회의실",
        )
    notes.check()
    record["kind"] = "result"
    return {k: record[k] for k in ORDER if k in record}, notes.where


def _split(notes: Notes, blocks) -> tuple[tuple[str, int] | None, list[tuple[str, int]], list[Section]]:
    """The title heading, the lead paragraphs under it, and the sections with their blocks. A heading
    that opens no other section (총평, 주요내용) belongs to the section above it when it is deeper, or
    when that section is 회의결과."""
    title, lead, found = None, [], []
    for node in blocks:
        line = line_of(node)
        if node.type == "heading":
            text = sec.heading_text(block_text(node))
            level, kind = int(node.tag[1]), sec.kind_of(text)
            if title is None and not found and (level == 1 or kind is None):
                # The title is printed as written: "○○동 …" keeps its first ○ (not a marker).
                title = (" ".join(block_text(node).split()).rstrip(":").strip(), line)
            elif found and (
                kind == found[-1].kind
                and level > found[-1].level
                or kind in (None, "summary")
                and (level > found[-1].level or found[-1].kind == "results")
            ):
                found[-1].nodes.append(node)
            elif kind == "summary":
                notes.error(line, f"{text!r} belongs under 회의결과: put it below that heading, one level deeper", text)
                found.append(Section(None, text, line, level))
            elif kind is None:  # any other section (추진근거, 향후 계획, …): its items as written
                found.append(Section("other", text, line, level))
            else:
                found.append(Section(kind, text, line, level))
        elif node.type == "hr":
            continue  # a visual separator only
        elif found:
            found[-1].nodes.append(node)
        elif title is not None and node.type == "paragraph":
            lead.append((joined(block_text(node)), line))
        else:
            notes.error(
                line,
                "this text stands before the title or is not a paragraph: put header fields in the "
                "front matter and the lead as a paragraph under the title",
            )
    return title, lead, found


PRESET_ORDER = ("meeting", "results", "follow_up", "admin")


def _sections(notes: Notes, found: list[Section], record: dict, approved) -> None:
    seen: dict[str, int] = {}
    order: list[tuple[str, dict]] = []  # the report's sections as written
    general = False  # more than the meeting preset: the sections become the record's body, in order
    for s in found:
        if s.kind is None:
            continue
        if s.kind == "other":
            order.append(("other", sec.dated_list(notes, "body", s.heading, s.line, s.nodes, approved)))
            general = True
            continue
        if s.kind in seen and s.kind not in ("photos", "results"):
            notes.error(s.line, f"a second {NAMES[s.kind]} section (the first is at line {seen[s.kind]}): merge them", s.heading)
            continue
        if s.kind == "results" and "results" in seen:
            general = True  # 회의결과 and 주요 논의내용, each printed where it stands
        seen.setdefault(s.kind, s.line)
        if s.kind == "meeting":
            record["meeting"], entries = sec.meeting(notes, s.heading, s.line, s.nodes, approved)
            order.append(("meeting", {"text": s.heading, "items": [{"overview": entries}]} if entries else record["meeting"]))
            general = general or bool(entries)
        elif s.kind == "results":
            record["results"] = sec.results(notes, s.heading, s.line, s.nodes)
            order.append(("results", record["results"]))
        elif s.kind in ("follow_up", "admin"):
            record[s.kind] = sec.dated_list(notes, s.kind, s.heading, s.line, s.nodes, approved)
            order.append((s.kind, record[s.kind]))
        elif s.kind == "attachments":
            record["attachments"] = sec.attachments(notes, s.heading, s.line, s.nodes)
        elif s.kind == "photos":
            appendix = record.setdefault("appendix", [])
            appendix += sec.photos(notes, s.heading, s.line, s.nodes, not appendix, len(appendix))
    kinds = [kind for kind, _ in order]
    general = general or kinds != sorted(kinds, key=PRESET_ORDER.index) or _typed(record)
    if general:
        _as_body(record, order)


def _typed(record: dict) -> bool:
    """Items with a typed marker (※, ①, 가.) or sub-items: the preset's dated lists cannot carry them."""
    return any(
        isinstance(i, dict) and ("marker" in i or "items" in i) for k in ("follow_up", "admin") for i in record.get(k, {}).get("items", ())
    )


def _as_body(record: dict, order: list) -> None:
    """The sections as the record's body, in the order the notes give them (a general 결과보고)."""
    from ..compose.result import meeting_block, results_block

    body = []
    for kind, part in order:
        record.pop(kind, None)
        if kind == "meeting":
            body.append(part if "items" in part else meeting_block(part))
        elif kind == "results":
            body.append(results_block(part))
        else:
            items = [{"text": x} if isinstance(x, str) else x for x in part["items"]]
            body.append({"text": part["heading"], "items": items})
    record["body"] = body


def locate(problems: list[Problem], where: dict) -> list[Problem]:
    """Give problems found in the record (by JSON path) the notes line of the nearest field."""
    out = []
    for p in problems:
        path = p.path
        while p.line is None and path not in where:
            path = re.sub(r"(\.[^.\[]+|\[[^\]]*\])$", "", path) or "$"
        line, column = (p.line, p.column) if p.line is not None else where[path]
        out.append(Problem(p.source, p.path, p.message, line, column))
    return out
