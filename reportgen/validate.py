"""Validation: JSON Schema first (structure), then the rules a schema cannot say (dates that exist,
공개여부 wording, budget arithmetic, attendee sums, quoted figures, XML-safe text)."""

from __future__ import annotations

import json
from functools import cache
from operator import itemgetter
from pathlib import Path

from . import figures, limits, shipped, xmlchars
from .budget import BudgetError, compute_budget
from .compose import draft
from .compose.page import FigureSumError, page_figures
from .config import Config
from .errors import Problem, json_path
from .grid import place_cells
from .kinds import KINDS
from .koreanfmt import FEWEST_MARKERS, is_numbered, marker, parse_date, parse_time
from .model import Cell, Table
from .sums import SumMismatch, checked_sum
from .tablecalc import CalcError, compute_table, has_calc

SCHEMA_DIR = Path(shipped.folder("schemas"))


def load_schema(kind: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))


@cache
def _validator(kind: str):
    # Compiled once per process; the schemas are read-only files of the project. jsonschema (~40 ms
    # to import) is only needed to explain an invalid record: jsonschema-rs answers for valid ones.
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    common = Resource.from_contents(load_schema("common"))
    registry = Registry().with_resource("common.schema.json", common)
    return Draft202012Validator(load_schema(kind), registry=registry)


@cache
def _fast_validator(kind: str):
    """jsonschema-rs checks the same schema files some 500× faster; it only answers "valid?", and
    jsonschema explains the invalid records. None when it is not installed."""
    try:
        import jsonschema_rs
    except ImportError:
        return None
    registry = jsonschema_rs.Registry([("common.schema.json", load_schema("common"))])
    return jsonschema_rs.Draft202012Validator(load_schema(kind), registry=registry)


def schema_errors(data: dict, kind: str) -> list:
    fast = _fast_validator(kind)
    try:
        if fast is not None and fast.is_valid(data):
            return []
    except UnicodeEncodeError:  # jsonschema-rs cannot take a lone surrogate (refused by _illegal_text already)
        pass
    from jsonschema.exceptions import relevance

    return sorted(_validator(kind).iter_errors(data), key=relevance)


def validate_record(data: dict, source: str = "<record>", config: Config = Config()) -> list[Problem]:
    """Every problem of a parsed record, the most relevant first; empty when it can be rendered."""
    found = limits.scan(data)  # the one walk of the record: what every rule below reads
    if found.problems:  # nothing else reads a record past its bounds (jsonschema would recurse to death)
        return [Problem(source, p, m) for p, m in found.problems]
    problems = [Problem(source, p, m) for p, m in _illegal_text(found.strings)]
    kind = data.get("kind")
    if kind not in KINDS:
        shown = "missing" if kind is None else repr(kind)
        return problems + [Problem(source, "$.kind", f"unknown record kind {shown} (known: {', '.join(KINDS)})")]
    errors = schema_errors(data, kind)
    if errors:
        from jsonschema.exceptions import best_match

        seen = set()
        for error in errors:
            if error.validator == "unevaluatedProperties":
                error = _unknown_fields(error, kind)
                if error is None:
                    continue
            best = best_match([error])
            key = (best.json_path, best.message)
            if key not in seen:
                seen.add(key)
                problems.append(Problem(source, best.json_path, _message(best)))
        return problems
    return problems + [Problem(source, p, m) for p, m in _rules(data, config, found)]


def _unknown_fields(error, kind: str):
    """When the shared part of a record fails, 2020-12 forgets which fields it evaluated and calls
    them all unknown; keep only the fields that no schema of this kind defines."""
    defined = set(load_schema("common")["$defs"]["document"]["properties"]) | set(load_schema(kind)["properties"])
    unknown = sorted(k for k in error.instance if k not in defined)
    if not unknown:
        return None
    error.message = f"{', '.join(map(repr, unknown))} {'is' if len(unknown) == 1 else 'are'} not a field of a {kind} record"
    return error


def _message(error) -> str:
    if error.validator == "required":
        missing = next((f for f in REQUIRED_WORDS if f"'{f}' is a required" in error.message), None)
        if missing:
            return f"{error.message}: {REQUIRED_WORDS[missing]}"
    if error.validator == "pattern" and error.json_path.endswith("doc_number"):
        return f"malformed 문서번호 {error.instance!r}: write 처리과명-일련번호, e.g. 자치행정과-14947"
    if error.validator == "pattern" and error.schema.get("pattern", "").startswith("^[0-9]{4}-[0-9]{2}"):
        return f"malformed date {error.instance!r}: write YYYY-MM-DD, e.g. 2015-08-21"
    if error.validator == "pattern" and error.schema.get("pattern", "").startswith("^([01]"):
        return f"malformed time {error.instance!r}: write HH:MM (24-hour), e.g. 16:30"
    if error.validator == "additionalProperties" and "attendees" in error.schema.get("properties", {}):
        known = ", ".join(k for k in error.schema["properties"] if k != "label")
        unknown = ", ".join(repr(k) for k in error.instance if k not in error.schema["properties"])
        return f"an overview entry has no value type {unknown}: give text, or a typed value of: {known}"
    if error.validator in ("additionalProperties", "unevaluatedProperties"):
        return f"unknown field: {error.message}"
    return error.message


# Required fields named as an officer knows them.
REQUIRED_WORDS = {"title": "write the 제목", "count": "write how many, printed after a 붙임 item (1부.)"}


def _illegal_text(strings: list[tuple[tuple, str | int, str]]):
    if not xmlchars.find("\n".join(map(itemgetter(2), strings))):
        return  # one search of all the text at once: the usual answer
    for path, key, text in strings:
        m = xmlchars.find(text)
        if m:
            yield json_path((*path, key)), f"{xmlchars.describe(m[0])} at position {m.start()} cannot be printed in a document"


DATE_FIELDS = ("approved_on", "signed_on", "date", "end_date")


def _rules(data: dict, config: Config, found: limits.Scan):
    nodes = found.nodes
    for path, key, text in found.strings:
        if len(text) in (7, 10) and key in DATE_FIELDS:
            try:
                parse_date(text if len(text) == 10 else text + "-01")  # YYYY-MM: a cover's month
            except ValueError as exc:
                yield json_path((*path, key)), str(exc).replace("-01'", "'") if len(text) == 7 else str(exc)
    if config.final:
        yield from _final_fields(data)
    yield from _meeting_times(data.get("meeting", {}))
    yield from _dated_shapes(nodes)
    yield from _block_shapes(nodes)
    yield from _approval_marks(data.get("approval", {}))
    if data["kind"] == "draft":
        yield from draft.check(data)
        disclosure, where = data.get("disclosure"), "$.disclosure"
    else:
        disclosure, where = data.get("header", {}).get("disclosure"), "$.header.disclosure"  # a page may have no header
    refused = config.disclosure_problem(disclosure) if isinstance(disclosure, str) else None
    if refused:
        yield where, refused
    known = {}
    if "budget" in data:
        try:
            known = compute_budget(data["budget"]).figures
        except BudgetError as exc:
            yield exc.path, str(exc)
            known = None
    if data["kind"] == "page":
        known = yield from _page_figures(data)
    if data["kind"] == "draft":
        known = data.get("amounts", {})
    for path, node in nodes:
        attendees = node.get("attendees")
        if isinstance(attendees, dict) and "total" in attendees and "groups" in attendees:
            try:
                checked_sum([(g["name"], g["count"]) for g in attendees["groups"]], attendees["total"], "attendee groups")
            except SumMismatch as exc:
                yield json_path((*path, "attendees", "total")), str(exc)
    if known is not None:
        yield from _computed_cells(data, nodes, known)
        unit = data.get("budget", {}).get("unit", "천원")
        for path, key, text in found.strings:
            if "@{" in text:  # every figure reference has it (figures.REFERENCE)
                for message in figures.check(text, known, unit):
                    yield json_path((*path, key)), message
    if "budget" not in data and any(node == {"budget_table": True} for _, node in nodes):
        yield "$.budget", "the body asks for a budget_table but the record has no budget"


# What the e-approval system assigns on approval: a draft leaves them out, --final requires them.
FINAL_FIELDS = (("doc_number", "문서번호", "e.g. 자치행정과-14947"), ("approved_on", "결재일자", "YYYY-MM-DD"))


def _final_fields(data: dict):
    if data["kind"] == "page" and "header" not in data:
        return  # a web page printed as a page, not an official document
    if data["kind"] == "draft":  # its 문서번호 and date are the 시행 line's
        if not data.get("enforcement"):
            yield (
                "$.enforcement",
                "a final 시행문 needs its 시행 number and date (enforcement: {number: 자치행정과-1235, date: YYYY-MM-DD})",
            )
        return
    header = data.get("header", {})
    for key, label, example in FINAL_FIELDS:
        if key not in header:
            yield f"$.header.{key}", f"a final document needs its {label} ({key}: {example}); a draft may leave it out"


def _approval_marks(approval: dict):
    """전결 and 代 never share a box: for a 위임전결 matter signed by a deputy, the 전결권자's box
    carries 전결 and the deputy's own box 대결 (시행규칙 제7조③)."""
    people = [("signers", i, s) for i, s in enumerate(approval.get("signers", []))]
    for i, entry in enumerate(approval.get("cooperation", [])):
        group = entry if isinstance(entry, list) else [entry]
        people += [("cooperation", (i, j) if isinstance(entry, list) else i, s) for j, s in enumerate(group)]
    for key, at, s in people:
        if isinstance(s, dict) and s.get("delegated") and s.get("acting"):
            where = f"$.approval.{key}" + ("".join(f"[{n}]" for n in at) if isinstance(at, tuple) else f"[{at}]")
            yield (
                where,
                f"{s.get('title', '')} is marked both 전결 (delegated) and 代 (acting): a deputy deciding a 전결 matter signs "
                "his own box marked 代, after the 전결권자's box marked 전결 (시행규칙 제7조③)",
            )


def _computed_cells(data: dict, nodes: list, known: dict):
    """Every computed table cell can be computed and agrees with its stated value."""
    decimals = data.get("style", {}).get("decimals", 1)
    for path, node in nodes:
        table = node.get("table")
        if isinstance(table, dict) and isinstance(table.get("rows"), list) and has_calc(table):
            try:
                compute_table(table, known, decimals)
            except CalcError as exc:
                yield json_path((*path, "table", *exc.where)), str(exc)
            except ValueError:
                pass  # a table that does not fit its grid: reported by _block_shapes


def _page_figures(data: dict):
    """Yields the problem of a figure whose parts do not add up; returns the figures (None then)."""
    try:
        return page_figures(data.get("figures", []))
    except FigureSumError as exc:
        yield exc.path, str(exc)
        return None


def _meeting_times(meeting: dict, where: str = "$.meeting"):
    if "end" in meeting and "start" not in meeting:
        yield f"{where}.end", "an end time needs a start time: write start too"
    elif "end" in meeting and parse_time(meeting["end"]) <= parse_time(meeting["start"]):
        yield f"{where}.end", f"the meeting ends ({meeting['end']}) before it starts ({meeting['start']})"


def _dated_shapes(nodes: list):
    """Ranges that end before they start, overview times, schedule rows with no when."""
    for path, node in nodes:
        if "end_date" not in node and "overview" not in node and "schedule" not in node:
            continue  # nothing dated here (the usual block)
        start, end = node.get("date"), node.get("end_date")
        if isinstance(start, str) and isinstance(end, str):
            try:
                backwards = parse_date(end) < parse_date(start)
            except ValueError:
                continue  # reported as a malformed date
            if backwards:
                yield json_path((*path, "end_date")), f"the range ends ({end}) before it starts ({start}): swap date and end_date"
        for i, entry in enumerate(node.get("overview", ()) if isinstance(node.get("overview"), list) else ()):
            yield from _meeting_times(entry, json_path((*path, "overview", i)))
        for i, row in enumerate(node.get("schedule", ()) if isinstance(node.get("schedule"), list) else ()):
            if not any(k in row for k in ("date", "end_date", "when")):
                yield (
                    json_path((*path, "schedule", i)),
                    f"the schedule row {row['text']!r} has no date: give date (and end_date) or when (e.g. when: 11월 중)",
                )


# Where a Roman-numbered section may stand: directly in the body (or a web page part's content).
_SECTION_PLACES = (("body", int), ("appendix", int), ("parts", int, "content", int))


def _block_shapes(nodes: list):
    """What the schema cannot say about blocks: tables must fit their grid, sections stand at the top."""
    for path, node in nodes:
        if "section" in node and isinstance(node.get("section"), str):
            shape = tuple(int if isinstance(p, int) else p for p in path)
            if shape not in _SECTION_PLACES:
                yield json_path(path), "a section (Ⅰ, Ⅱ, …) can only stand directly in the body, not inside an item or a table"
        if "items" in node or "content" in node or "body" in node or "appendix" in node:
            yield from _numbering_capacity(node, path)
        table = node.get("table")
        if isinstance(table, dict) and "rows" in node.get("table", {}):
            try:
                place_cells(_table_shape(table))
            except ValueError as exc:
                yield json_path((*path, "table")), f"the table does not fit its grid: {exc}"


def _numbering_capacity(node: dict, path: tuple):
    """A list numbered past its style's last glyph (㉮ ends at ㉻, ① at ㊿) cannot be printed."""
    for key in ("items", "content", "body", "appendix"):
        entries = node.get(key)
        if not isinstance(entries, list) or len(entries) <= FEWEST_MARKERS:
            continue  # the usual list: too short to run out of any style's glyphs
        counts: dict[str, int] = {}
        for i, entry in enumerate(entries):
            if not isinstance(entry, dict) or "text" not in entry:
                continue
            style = entry.get("marker", node.get("child_marker"))
            if isinstance(style, str) and is_numbered(style):
                counts[style] = counts.get(style, 0) + 1
                try:
                    marker(style, counts[style])
                except ValueError as exc:
                    yield json_path((*path, key, i)), f"{exc}: split the list or choose another numbering style"


def _table_shape(t: dict) -> Table:
    """The table's geometry alone, as compose will build it (spans; widths or the widest row)."""

    def cell(c):
        spans = {k: c[k] for k in ("colspan", "rowspan") if isinstance(c, dict) and k in c}
        return Cell((), **spans)

    rows = [tuple(cell(c) for c in row) for row in [*t.get("header", ()), *t["rows"]]]
    columns = len(t["widths"]) if "widths" in t else max((sum(c.colspan for c in r) for r in rows), default=1)
    return Table(tuple(rows), (1.0,) * columns)
