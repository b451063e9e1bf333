"""The YAML front matter: header fields, the approval line and the cover, each key placed at its
record path. Keys may be written in English (the record's names) or Korean."""

from __future__ import annotations

from datetime import date

import yaml

from ..dateparse import DateError, parse_day
from ..records import plain_data
from .source import Notes

# front-matter key → path in the record
KEYS = {
    "doc_number": ("header", "doc_number"),
    "approved_on": ("header", "approved_on"),
    "disclosure": ("header", "disclosure"),
    "policy_number": ("header", "policy_number"),
    "date_style": ("header", "date_style"),
    "signers": ("approval", "signers"),
    "signed_on": ("approval", "signed_on"),
    "cooperation": ("approval", "cooperation"),
    "cooperation_label": ("approval", "cooperation_label"),
    "citizen": ("approval", "citizen"),
    "organisation": ("cover", "organisation"),
    "department": ("cover", "department"),
    "cover_slogan": ("cover", "slogan"),
    "cover_title": ("cover", "title"),
    "cover_date": ("cover", "date"),
    "slogan": ("slogan",),
    "markers": ("style", "markers"),
}
KOREAN = {
    "문서번호": "doc_number",
    "결재일자": "approved_on",
    "공개여부": "disclosure",
    "방침번호": "policy_number",
    "결재": "signers",
    "협조": "cooperation",
    "기관": "organisation",
    "부서": "department",
    "표지슬로건": "cover_slogan",
    "표지제목": "cover_title",
    "슬로건": "slogan",
    "기호": "markers",
}
# Keys people reach for that the notes say elsewhere.
ELSEWHERE = {
    "title": "write the title as the first heading, # …",
    "제목": "write the title as the first heading, # …",
    "lead": "write the lead as the paragraph under the title",
    "kind": "notes always give a result record",
}
# 문서번호 and 결재일자 are assigned on approval: notes written before it are a draft, as records are.
REQUIRED = {
    "disclosure": "disclosure: 대시민공개",
    "signers": "signers: [주무관 박성춘, 자치행정과장 권창석]",
}


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text: every date then goes through dateparse, so 2015-13-08
    is reported on its line like any other bad date (SafeLoader would raise a bare ValueError)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_front(notes: Notes) -> tuple[dict, date]:
    """The front matter → record fields, and 결재일자 as a date (the year for year-less dates)."""
    if notes.front is None:
        notes.error(
            1, f"the notes have no front matter: start the file with ---, then {', '.join(REQUIRED.values())} (one per line), then ---"
        )
        return {}, date.today()
    first, text = notes.front
    notes.place("$.header", first)
    notes.place("$.approval", first)
    try:
        mapping = yaml.compose(text, Loader=_Loader)
        values = yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        notes.error(first + (mark.line if mark else 0), f"front matter is not valid YAML: {exc.problem or exc.context}")
        return {}, date.today()
    except (yaml.YAMLError, ValueError) as exc:
        notes.error(first, f"front matter is not valid YAML: {exc}")
        return {}, date.today()
    if values is None:
        values, mapping = {}, None
    if not isinstance(values, dict):
        notes.error(first, "front matter must be `key: value` lines, e.g. doc_number: 자치행정과-18232")
        return {}, date.today()
    lines = {k.value: first + k.start_mark.line for k, _ in mapping.value} if mapping else {}
    fields, seen = {}, {}
    for written, value in values.items():
        line = lines.get(str(written), first)
        key = KOREAN.get(str(written).replace(" ", ""), str(written))
        if key in ELSEWHERE:
            notes.error(line, f"{written!r} does not belong in the front matter: {ELSEWHERE[key]}", str(written))
            continue
        if key not in KEYS:
            notes.error(
                line,
                f"unknown front-matter key {written!r}: write one of {', '.join(KEYS)} (or in Korean: {', '.join(KOREAN)})",
                str(written),
            )
            continue
        if key in seen:
            notes.error(line, f"{written!r} repeats {seen[key]!r} (line {lines.get(seen[key])}): keep one", str(written))
            continue
        seen[key] = written
        fields[key] = (value, line)
    approved = _date(notes, fields, "approved_on", None)
    record: dict = {}
    for key, (value, line) in fields.items():
        path = KEYS[key]
        if key in ("approved_on", "signed_on"):
            value = approved if key == "approved_on" else _date(notes, fields, key, approved)
            value = value.isoformat() if value else None
        elif key in ("signers", "cooperation"):
            value = _signers(notes, plain_data(value), line, key == "cooperation")
        elif key == "markers" and isinstance(value, str):
            value = value.split()
        else:
            value = plain_data(value)  # YAML reads 2015-10 as text but 2015-10-08 as a date
        if value is not None:
            target = record.setdefault(path[0], {}) if len(path) == 2 else record
            target[path[-1]] = value
            notes.place("$." + ".".join(path), line, value if isinstance(value, str) else None)
    for key, example in REQUIRED.items():
        if key not in fields:
            notes.error(first, f"the front matter has no {key} ({_korean(key)}): add {example}")
    # Without a readable 결재일자 (already reported) year-less dates still need some year: today's
    # keeps them from each repeating that one problem.
    return record, approved or date.today()


def _korean(key: str) -> str:
    return next(k for k, v in KOREAN.items() if v == key)


def _date(notes: Notes, fields: dict, key: str, near: date | None) -> date | None:
    if key not in fields:
        return None
    value, line = fields[key]
    if isinstance(value, date):
        return value
    try:
        return parse_day(str(value), near)
    except DateError as exc:
        notes.error(line, f"{key}: {exc}", str(value))
        return None


def _signers(notes: Notes, value, line: int, rows: bool):
    """`직위 이름` strings (★ 발의자, ● 보고자 before the 직위; 代 before the name for 대결; 전결 after the
    name), a comma list of them, or the record's own mappings. In `cooperation` a list is a row."""
    if isinstance(value, str):
        value = [part for part in value.split(",") if part.strip()]
    if not isinstance(value, list):
        notes.error(line, "write the signers as a list: [주무관 박성춘, 자치행정팀장 문광선]")
        return None
    out = []
    for entry in value:
        if isinstance(entry, str):
            out.append(_signer(notes, entry, line))
        elif isinstance(entry, list) and rows:
            out.append([_signer(notes, s, line) if isinstance(s, str) else s for s in entry])
        else:
            out.append(entry)
    return out


def _signer(notes: Notes, text: str, line: int) -> dict:
    words = text.split()
    signer: dict = {}
    if words and words[0][:1] in "★●":
        signer["initiator" if words[0][0] == "★" else "reporter"] = True
        words[0] = words[0][1:] or None
        words = [w for w in words if w]
    delegated = bool(words) and words[-1] == "전결"
    words = words[:-1] if delegated else words
    if len(words) < 2:
        notes.error(line, f"cannot read the signer {text.strip()!r}: write 직위 이름, e.g. 자치행정과장 권창석", text.strip())
        return {"title": text.strip(), "name": ""}
    name = words[-1]
    if name.startswith("代"):
        signer["acting"] = True
        name = name[1:]
    if delegated:
        signer["delegated"] = True
    return {"title": " ".join(words[:-1]), "name": name, **signer}
