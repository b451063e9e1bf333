"""limits.py: bounds on a record, each refused at its JSON path before anything else reads the record."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen import limits
from reportgen.errors import Problem, json_path, printable
from reportgen.validate import validate_record

from .helpers import PLAN_EXAMPLE


def plan() -> dict:
    return json.loads(PLAN_EXAMPLE.read_text(encoding="utf-8"))


def nested(levels: int, leaf) -> dict:
    for _ in range(levels):
        leaf = {"text": "x", "items": [leaf]}
    return leaf


@pytest.mark.parametrize(
    "change, path, message",
    [
        (lambda r: r["body"].append(nested(20, "x")), "$.body[4]" + ".items[0]" * 15, "nested more than 32"),
        (lambda r: r["body"].append(nested(200, {"text": 5})), "$.body[4]" + ".items[0]" * 15, "nested more than 32"),
        (lambda r: r.update(title="가" * 20_001), "$.title", "20,001 characters"),
        (lambda r: r["body"].append({"table": {"rows": [["a"]] * 1001}}), "$.body[4].table", "1,001 rows"),
        (lambda r: r["body"].append({"table": {"rows": [["a"] * 31]}}), "$.body[4].table", "31 columns"),
        (lambda r: r["body"].append({"table": {"rows": [["a", "b"]], "widths": [1, 1e-9]}}), "$.body[4].table.widths", "narrowest"),
        (
            lambda r: r["body"].append({"table": {"rows": [["a", "b"]], "widths": [1, float("inf")]}}),
            "$.body[4].table.widths[1]",
            "inf is not",
        ),
        (lambda r: r["budget"].update(total=10**16), "$.budget.total", "too large"),
        (lambda r: r["approval"]["signers"].extend([{"title": "팀장", "name": "김"}] * 12), "$.approval.signers", "at most 12"),
    ],
)
def test_bounds_are_refused_at_their_path(change, path, message):
    record = plan()
    change(record)
    problems = validate_record(record, "r.json")
    assert [(p.path, message in p.message) for p in problems] == [(path, True)], problems


def test_the_walk_takes_any_depth():
    deep: list = []
    for _ in range(100_000):
        deep = [deep]
    ((path, message),) = limits.problems({"x": deep})
    assert path == "$.x" + "[0]" * 31 and "nested" in message


def test_examples_are_far_inside_the_bounds():
    assert limits.problems(plan()) == []


def test_messages_escape_what_no_stream_can_print():
    problem = Problem("r\udcff.json", "$.title", "\x1b[31m red \ud800 \x85")
    assert str(problem) == "r\\udcff.json:$.title: \\u001b[31m red \\ud800 \\u0085"
    str(problem).encode("ascii")  # nothing left that an encoder could choke on
    assert printable("가\t나\n다") == "가\t나\n다"


def _reference_scan(value, path=()) -> tuple[list, list, list]:
    """What `limits.scan` must find, written the obvious way: (problems, (path, text) of every
    string inside a container, path of every mapping), depth first in the record's order."""
    problems, strings, nodes = [], [], []
    if isinstance(value, (dict, list)) and len(path) >= limits.MAX_DEPTH:
        return [(json_path(path), limits._TOO_DEEP)], [], []
    if isinstance(value, dict):
        nodes.append(path)
        problems += list(limits._object(value, path))
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in children:
        if isinstance(child, str):
            strings.append(((*path, key), child))
            if len(child) > limits.MAX_TEXT:
                too_long = f"{len(child):,} characters: a text is at most {limits.MAX_TEXT:,}; split it into paragraphs"
                problems.append((json_path((*path, key)), too_long))
        elif isinstance(child, (int, float)) and not isinstance(child, bool) and limits.number_problem(child):
            problems.append((json_path((*path, key)), limits.number_problem(child)))
        found = _reference_scan(child, (*path, key)) if isinstance(child, (dict, list)) else ([], [], [])
        problems, strings, nodes = problems + found[0], strings + found[1], nodes + found[2]
    return problems, strings, nodes


_KEYS = st.sampled_from(["text", "items", "table", "rows", "header", "widths", "signers", "approval", "date", "a"])
_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**17), 10**17) | st.floats() | st.text(max_size=3) | st.just("가" * 20_001),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=4),
    max_leaves=40,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_KEYS, _VALUES, max_size=4), st.integers(0, 40))
def test_the_one_walk_finds_what_the_obvious_walk_finds(record, depth):
    """scan's strings carry their container's path and key (a path is made only for the few a rule
    names): the same strings, mappings and problems, in the same order, as the obvious walk."""
    for _ in range(depth):
        record = {"text": "x", "items": [record]}
    found = limits.scan(record)
    problems, strings, nodes = _reference_scan(record)
    assert found.problems == problems
    assert [((*path, key), text) for path, key, text in found.strings] == strings
    assert [path for path, _ in found.nodes] == nodes
