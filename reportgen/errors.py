"""Problems found in a record, carried with the file and the JSON path they concern."""

from __future__ import annotations

import re
from dataclasses import dataclass

# What a message must not carry to a terminal, a log or a JSON reader: lone surrogates (a record's
# text, a file name that is not UTF-8) cannot be encoded at all, and control characters (ESC, C1)
# would act on the terminal. Tab and line feed stay. The surrogates are found by encoding: a class
# reaching U+D800 costs re ~0.6 ms to compile, in every process that imports this module.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """`text` with every character no stream can print escaped as \\uXXXX — in JSON output that is
    the same character, written as JSON escapes it."""
    text = _CONTROLS.sub(lambda m: f"\\u{ord(m[0]):04x}", text)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates
        return "".join(f"\\u{ord(c):04x}" if "\ud800" <= c <= "\udfff" else c for c in text)
    return text


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a record. `path` is a JSONPath ("$.budget.rows[1].amount"); syntax
    errors carry `line`/`column` (1-based) instead."""

    source: str
    path: str
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        if self.line is not None:
            return printable(f"{self.source}:{self.line}:{self.column}: {self.message}")
        return printable(f"{self.source}:{self.path}: {self.message}")


class Unprintable(Exception):
    """Raised by compose for a part of a valid record that cannot be printed (a list numbered past
    its style's last glyph once the document's items are counted together). `node` is the record's
    own mapping, so the pipeline can name its JSON path."""

    def __init__(self, node: dict, message: str):
        self.node, self.message = node, message
        super().__init__(message)


def path_of(data, node) -> str | None:
    """JSON path of the mapping `node` (by identity) inside `data`; iterative, records are bounded."""
    stack = [(data, [])]
    while stack:
        value, parts = stack.pop()
        if value is node:
            return json_path(parts)
        items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
        stack.extend((v, [*parts, k]) for k, v in items if isinstance(v, (dict, list)))
    return None


class InvalidRecord(Exception):
    """A record that cannot be rendered; `problems` lists every reason, the most relevant first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        # The files the refusal was made from (name → SHA-256, or "missing" for an include that is
        # not there), when the pipeline knows them: batch refuses the record again, unchanged, from these.
        self.sources: dict[str, str] = {}
        super().__init__("\n".join(str(p) for p in problems))


def json_path(parts) -> str:
    """["budget", "rows", 1] -> "$.budget.rows[1]" (the form jsonschema's `json_path` uses)."""
    out = "$"
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.isidentifier():
            out += f".{part}"
        else:
            out += f"[{part!r}]"
    return out
