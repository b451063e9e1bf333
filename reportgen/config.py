"""Settings an organisation may change without touching records (passed explicitly, never global).

They come from an organisation settings file — `reportgen.toml` or `.reportgen.yaml` in the record's
folder or above it (`find_settings`), or the file given with `--config` — and from command-line
options, which win. `Config` is a plain frozen value: batch and Dask workers receive it pickled.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from . import shipped
from .errors import InvalidRecord, Problem

SETTINGS_NAMES = ("reportgen.toml", ".reportgen.yaml")  # looked for in this order, folder by folder
MAX_SETTINGS_BYTES = 1024 * 1024

# 공개여부 of the 편람: 대시민공개 | 공개 | 부분공개(n[,n…]) | 비공개(n[,n…]), n = 호 of 정보공개법
# 제9조제1항 (1–8), ascending, each once. Seoul prints 대시민공개 where the ministries print 대국민공개.
DISCLOSURE_GRAMMAR = "대시민공개 | 공개 | 부분공개(n[,n…]) | 비공개(n[,n…]) with n = 1–8 (정보공개법 제9조제1항), ascending and unique"
_GROUNDS = re.compile(r"(부분공개|비공개)\((.*)\)")


@dataclass(frozen=True)
class Config:
    """How a record is checked and printed: the organisation's settings and the command's options."""

    extra_disclosures: tuple[str, ...] = ()  # other local wordings, e.g. ("대국민공개",)
    reporter_symbol: str = "●"  # 보고자 mark (reference §3: ● per the 2025 편람 codification)
    initiator_symbol: str = "★"  # 발의자 mark
    # --final: the document goes out now, so the fields the e-approval system assigns (문서번호,
    # 결재일자) must be filled in; a draft leaves them blank.
    final: bool = False
    organisation: str = ""  # cover.organisation when a record's cover leaves it out
    department: str = ""  # cover.department likewise
    date_style: str = ""  # a plan or result record's date_style (full | short) when it leaves it out
    header_date_style: str = ""  # header.date_style (결재일자: official | compact) likewise
    templates: tuple[tuple[str, str], ...] = ()  # (format, template path) from the settings file
    contact: tuple[tuple[str, str], ...] = ()  # a 기안문's 결문 contact line: (postcode|address|…, value)
    cover_letter: bool = False  # --with-cover-letter: a plan or result also gets its covering 기안문
    settings_file: str = ""  # where the settings came from, named in messages
    # Folders outside the records folder whose files records may include or show (--allow-outside):
    # for a person on their own machine; the service and cluster workers never set it.
    allow_outside: tuple[str, ...] = ()

    def disclosure_allowed(self, value: str) -> bool:
        return self.disclosure_problem(value) is None

    def disclosure_problem(self, value: str) -> str | None:
        """None for an allowed 공개여부, else what is wrong and how to fix it."""
        if value in ("대시민공개", "공개") or value in self.extra_disclosures:
            return None
        reason = _grounds_problem(value)
        if reason == "":
            return None
        where = (
            f"the settings file {self.settings_file}"
            if self.settings_file
            else "reportgen.toml or .reportgen.yaml (record folder or above)"
        )
        allowed = f"; allowed here too: {', '.join(self.extra_disclosures)}" if self.extra_disclosures else ""
        return (
            f"공개여부 {value!r} {reason}: write {DISCLOSURE_GRAMMAR}, e.g. 부분공개(5,6){allowed}. "
            f'Another wording (e.g. 대국민공개) is allowed by `disclosures = ["대국민공개"]` in {where} or --allow-disclosure'
        )

    def template_map(self) -> dict[str, str]:
        return dict(self.templates)

    def with_defaults(self, record: dict) -> dict:
        """The record with the organisation's defaults filled in where it says nothing."""
        if not isinstance(record, dict):
            return record
        record = dict(record)
        cover = record.get("cover")
        if isinstance(cover, dict):
            filled = {k: v for k, v in (("organisation", self.organisation), ("department", self.department)) if v and k not in cover}
            if filled:
                record["cover"] = {**cover, **filled}
        if record.get("kind") == "draft":
            if self.organisation and "agency" not in record:
                record["agency"] = self.organisation
            if self.contact and "contact" not in record:
                record["contact"] = dict(self.contact)
        header = record.get("header")
        if self.header_date_style and isinstance(header, dict) and "date_style" not in header:
            record["header"] = {**header, "date_style": self.header_date_style}
        if self.date_style and "date_style" not in record and record.get("kind") in _dated_kinds():
            record["date_style"] = self.date_style
        return record


@cache
def _dated_kinds() -> frozenset:
    """The record kinds whose schema has a document-wide date_style (those built on the shared
    document definition)."""
    from .validate import KINDS, load_schema

    shared = "common.schema.json#/$defs/document"
    return frozenset(k for k in KINDS if shared in json.dumps(load_schema(k).get("allOf", [])))


def _grounds_problem(value: str) -> str:
    """ "" when `value` is a well-formed 부분공개(n,…)/비공개(n,…), else why not."""
    m = _GROUNDS.fullmatch(value)
    if not m:
        return "is not a wording of the 편람"
    parts = m[2].split(",")
    if not all(re.fullmatch(r"[0-9]+", p) for p in parts):
        return "must list the 호 as numbers separated by commas, without spaces"
    numbers = [int(p) for p in parts]
    outside = [n for n in numbers if not 1 <= n <= 8]
    if outside:
        return f"cites 호 {outside[0]}, outside 1–8"
    repeated = sorted({n for n in numbers if numbers.count(n) > 1})
    if repeated:
        return f"repeats 호 {repeated[0]}"
    if numbers != sorted(numbers):
        return f"must list the 호 in ascending order ({m[1]}({','.join(map(str, sorted(numbers)))}))"
    return ""


def find_settings(start: Path) -> Path | None:
    """The organisation settings file that governs `start` (a record file or a folder): the first
    reportgen.toml or .reportgen.yaml in its folder or the folders above it."""
    folder = Path(start).resolve()
    if not folder.is_dir():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        for name in SETTINGS_NAMES:
            path = candidate / name
            try:
                if path.is_file():
                    return path
            except OSError:  # an unreadable folder on the way up: keep looking above it
                continue
    return None


@cache
def _settings_validator():
    from jsonschema import Draft202012Validator  # ~40 ms: only when a settings file is read

    schema = Path(shipped.folder("schemas"), "settings.schema.json")
    return Draft202012Validator(json.loads(schema.read_text(encoding="utf-8")))


def load_settings(path: str | Path, base: Config = Config()) -> Config:
    """`base` with what the settings file at `path` says; InvalidRecord naming the file (and the
    key, or the line of a syntax error) when the file is not valid settings."""
    from .records import parse_text  # records → errors only; imported here to keep config light

    path = Path(path)
    source = str(path)
    try:
        if not path.is_file():
            raise InvalidRecord([Problem(source, "$", "cannot read the settings file: not a regular file")])
        if path.stat().st_size > MAX_SETTINGS_BYTES:
            raise InvalidRecord([Problem(source, "$", "the settings file is larger than 1 MiB")])
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise InvalidRecord([Problem(source, "$", f"cannot read the settings file: {exc.strerror or exc}")]) from None
    except UnicodeDecodeError as exc:
        raise InvalidRecord([Problem(source, "$", f"not UTF-8 text (byte {exc.start})")]) from None
    if path.suffix.lower() == ".toml":
        import tomllib  # only when a settings file is TOML: every command imports this module

        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise InvalidRecord([Problem(source, "$", f"invalid TOML: {exc}")]) from None
    else:
        data = parse_text(text, source, yaml_syntax=True)
    if not isinstance(data, dict):
        raise InvalidRecord([Problem(source, "$", "the settings must be a mapping of keys (see README: Organisation settings)")])
    from jsonschema.exceptions import relevance

    errors = sorted(_settings_validator().iter_errors(data), key=relevance)
    if errors:
        raise InvalidRecord([Problem(source, e.json_path, _settings_message(e)) for e in errors])
    templates = []
    for fmt, template in data.get("templates", {}).items():
        full = (path.parent / template).resolve()
        if not full.is_file():
            raise InvalidRecord(
                [Problem(source, f"$.templates.{fmt}", f"no template file {template} (paths are relative to the settings file)")]
            )
        templates.append((fmt, str(full)))
    return replace(
        base,
        extra_disclosures=tuple(dict.fromkeys([*base.extra_disclosures, *data.get("disclosures", ())])),
        reporter_symbol=data.get("reporter_symbol", base.reporter_symbol),
        organisation=data.get("organisation", base.organisation),
        department=data.get("department", base.department),
        date_style=data.get("date_style", base.date_style),
        header_date_style=data.get("header_date_style", base.header_date_style),
        templates=tuple(sorted({**dict(base.templates), **dict(templates)}.items())),
        contact=tuple(sorted(data["contact"].items())) if "contact" in data else base.contact,
        settings_file=source,
    )


def _settings_message(error) -> str:
    if error.validator == "additionalProperties":
        known = ", ".join(error.schema.get("properties", {}))
        return f"unknown setting: {error.message} (known: {known})"
    return error.message
