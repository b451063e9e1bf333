"""Bounds on what a record may hold, checked before anything else reads it.

A record comes from a person, a shared folder or another office system. Whatever it holds, each
stage must either take it or refuse it with a message naming the JSON path — never recurse to
death (jsonschema, the writers), spend minutes on one string, or fail half-way through a writer.
The bounds are far above any real 보고서 (a seed document nests 5 levels deep, its longest
paragraph has 300 characters, its widest table 6 columns) and well below what breaks a stage.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .errors import json_path

MAX_DEPTH = 32  # lists/objects inside each other: items 15 levels deep; jsonschema recurses to death near 80
MAX_TEXT = 20_000  # characters in one string: some eight pages of prose
MAX_TABLE_ROWS = 1_000
MAX_TABLE_COLUMNS = 30  # 170 mm of text width: 30 columns leave 5.6 mm each
MAX_SIGNERS = 12  # boxes in the 결재 line (the seeds have 4–6)
MAX_NUMBER = 10**15  # any number; amounts in a budget stop at 10^12 (the schemas say so)
MAX_WIDTH_RATIO = 1_000  # relative column widths: the narrowest at least 1/1000 of the widest


@dataclass
class Scan:
    """What one walk of a record finds: the bounds it exceeds, every string (with the path of the
    list or mapping that holds it, and its key or index there: a path is made only for the few a
    rule names) and every mapping with its path — paths are tuples of keys and indexes, depth first
    in the record's order. All that the validation rules read, so none of them walks the record again."""

    problems: list[tuple[str, str]] = field(default_factory=list)  # (JSON path, message)
    strings: list[tuple[tuple, str | int, str]] = field(default_factory=list)  # (container's path, key, text)
    nodes: list[tuple[tuple, dict]] = field(default_factory=list)


def scan(data: dict | list) -> Scan:
    """The record (a mapping) walked once, never past MAX_DEPTH: the walk recurses, but only as deep
    as the bound it enforces (a container at MAX_DEPTH is refused, not entered), so any depth is safe."""
    found = Scan()
    if isinstance(data, (dict, list)):  # a bare value holds nothing to walk: the reader refuses it as a record
        _walk(data, (), found)
    return found


def _walk(container: dict | list, path: tuple, found: Scan) -> None:
    if len(path) >= MAX_DEPTH:
        found.problems.append((json_path(path), _TOO_DEEP))
        return
    if isinstance(container, dict):
        found.nodes.append((path, container))
        if "table" in container or "signers" in container:
            found.problems.extend(_object(container, path))
        children = container.items()
    else:
        children = enumerate(container)
    for key, value in children:
        if isinstance(value, str):
            found.strings.append((path, key, value))
            if len(value) > MAX_TEXT:
                found.problems.append(
                    (json_path((*path, key)), f"{len(value):,} characters: a text is at most {MAX_TEXT:,}; split it into paragraphs")
                )
        elif isinstance(value, (dict, list)):
            _walk(value, (*path, key), found)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            message = number_problem(value)
            if message:
                found.problems.append((json_path((*path, key)), message))


_TOO_DEEP = f"nested more than {MAX_DEPTH} lists and objects deep: a document is flatter than that"


def problems(data: dict | list) -> list[tuple[str, str]]:
    """(JSON path, message) for every bound `data` exceeds (see `scan`)."""
    return scan(data).problems


def number_problem(value: int | float) -> str | None:
    """Why a number cannot stand in a record, or None."""
    if isinstance(value, float) and not math.isfinite(value):
        return f"{value} is not a number a document can print: write a number"
    if abs(value) > MAX_NUMBER:
        return f"the number {_short(value)} is too large: a number in a record is at most {MAX_NUMBER:,}"
    return None


def _short(value) -> str:
    text = f"{value:,}" if isinstance(value, int) and value.bit_length() < 200 else f"{value:.3g}"
    return text if len(text) <= 40 else text[:20] + "…"


def _object(node: dict, path: tuple):
    table = node.get("table")
    if isinstance(table, dict):
        where = json_path((*path, "table"))
        rows = [r for key in ("header", "rows") if isinstance(table.get(key), list) for r in table[key]]
        if len(rows) > MAX_TABLE_ROWS:
            yield where, f"{len(rows):,} rows: a table has at most {MAX_TABLE_ROWS:,}; split it"
        columns = max((len(r) for r in rows if isinstance(r, list)), default=0)
        widths = table.get("widths")
        if isinstance(widths, list):
            columns = max(columns, len(widths))
            sizes = [w for w in widths if isinstance(w, (int, float)) and not isinstance(w, bool) and math.isfinite(w) and w > 0]
            if sizes and len(sizes) == len(widths) and max(sizes) > min(sizes) * MAX_WIDTH_RATIO:
                yield (
                    json_path((*path, "table", "widths")),
                    f"the widest column is more than {MAX_WIDTH_RATIO:,} times the narrowest; a column that narrow cannot be printed",
                )
        if columns > MAX_TABLE_COLUMNS:
            yield where, f"{columns} columns: a table has at most {MAX_TABLE_COLUMNS} on an A4 page; split it"
    signers = node.get("signers")
    if path == ("approval",) and isinstance(signers, list) and len(signers) > MAX_SIGNERS:
        yield json_path((*path, "signers")), f"{len(signers)} signers: the 결재 line holds at most {MAX_SIGNERS}"
