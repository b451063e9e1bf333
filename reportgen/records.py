"""Reading records: JSON or YAML files into plain data, with syntax errors located by line/column."""
from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path

import yaml

from .errors import InvalidRecord, Problem

RECORD_SUFFIXES = (".json", ".yaml", ".yml")


def load_record(path: str | Path) -> dict:
    """Read one record file. Raises InvalidRecord naming the file (and line/column for syntax)."""
    path = Path(path)
    source = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InvalidRecord([Problem(source, "$", f"cannot read file: {exc.strerror or exc}")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidRecord([Problem(source, "$", f"not UTF-8 text (byte {exc.start})")]) from None
    return parse_record(text, source, yaml_syntax=path.suffix.lower() in (".yaml", ".yml"))


def parse_record(text: str, source: str = "<record>", *, yaml_syntax: bool = False) -> dict:
    if yaml_syntax:
        data = _parse_yaml(text, source)
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidRecord([Problem(source, "$", f"invalid JSON: {exc.msg}", exc.lineno, exc.colno)]) from None
    if not isinstance(data, dict):
        raise InvalidRecord([Problem(source, "$", "a record must be an object (a mapping of fields)")])
    return data


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
