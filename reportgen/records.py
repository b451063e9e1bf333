"""Reading records: JSON or YAML files into plain data, with syntax errors located by line/column.

A record may include a shared file in place of any value: {"$include": "_shared/budget-2015.json"}
(the path is relative to the including file). One edit of the shared file then reaches every record
that includes it; `load_sources` reports every file read so batch builds can track them.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
from pathlib import Path

import yaml

from .errors import InvalidRecord, Problem, json_path

RECORD_SUFFIXES = (".json", ".yaml", ".yml")


INCLUDE = "$include"


def load_record(path: str | Path) -> dict:
    """Read one record file, includes resolved. Raises InvalidRecord naming the file (and the
    line/column of a syntax error, or the JSON path of a bad include)."""
    return load_sources(path)[0]


def load_sources(path: str | Path) -> tuple[dict, dict[Path, str]]:
    """The record and the SHA-256 of every file it was read from (itself first, then includes),
    hashed from the very bytes that were parsed."""
    sources: dict[Path, str] = {}
    data = _read(Path(path), sources, str(path))
    if not isinstance(data, dict):
        raise InvalidRecord([Problem(str(path), "$", "a record must be an object (a mapping of fields)")])
    data = _resolve(data, Path(path), sources, [], (Path(path).resolve(),))
    return data, sources


def _read(path: Path, sources: dict, source: str):
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InvalidRecord([Problem(source, "$", f"cannot read file: {exc.strerror or exc}")]) from None
    sources[path] = hashlib.sha256(raw).hexdigest()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidRecord([Problem(source, "$", f"not UTF-8 text (byte {exc.start})")]) from None
    return _parse(text, source, yaml_syntax=path.suffix.lower() in (".yaml", ".yml"))


def _resolve(value, origin: Path, sources: dict, path: list, chain: tuple):
    if isinstance(value, dict):
        if INCLUDE in value:
            where = json_path(path)
            target = value[INCLUDE]
            if len(value) != 1 or not isinstance(target, str):
                raise InvalidRecord([Problem(str(origin), where, f'write an include alone: {{"{INCLUDE}": "path/to/file.json"}}')])
            included = (origin.parent / target)
            if included.resolve() in chain:
                raise InvalidRecord([Problem(str(origin), where, f"{target} includes itself (through {' → '.join(p.name for p in chain)})")])
            try:
                inner = _read(included, sources, str(included))
            except InvalidRecord as exc:
                if exc.problems[0].message.startswith("cannot read file"):
                    raise InvalidRecord([Problem(str(origin), where, f"cannot include {target}: {exc.problems[0].message}")]) from None
                raise
            return _resolve(inner, included, sources, [], chain + (included.resolve(),))
        return {k: _resolve(v, origin, sources, path + [k], chain) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolve(v, origin, sources, path + [i], chain) for i, v in enumerate(value)]
    return value


def parse_record(text: str, source: str = "<record>", *, yaml_syntax: bool = False) -> dict:
    """A record from text (no includes: there is no file to resolve them against)."""
    data = _parse(text, source, yaml_syntax=yaml_syntax)
    if not isinstance(data, dict):
        raise InvalidRecord([Problem(source, "$", "a record must be an object (a mapping of fields)")])
    return data


def _parse(text: str, source: str, *, yaml_syntax: bool):
    if yaml_syntax:
        return _parse_yaml(text, source)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidRecord([Problem(source, "$", f"invalid JSON: {exc.msg}", exc.lineno, exc.colno)]) from None


def _parse_yaml(text: str, source: str):
    try:
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        msg = f"invalid YAML: {exc.problem or exc.context}"
        raise InvalidRecord([Problem(source, "$", msg, line, col)]) from None
    except yaml.YAMLError as exc:
        raise InvalidRecord([Problem(source, "$", f"invalid YAML: {exc}")]) from None
    return plain_data(data)


def plain_data(value):
    """YAML turns 2015-10-06 into a date and 16:30 into a number of minutes' sexagesimal int; dates
    are normalised back to ISO strings so the schema sees what the author wrote."""
    if isinstance(value, dict):
        return {str(k) if not isinstance(k, str) else k: plain_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_data(v) for v in value]
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    return value
