"""limits.py: bounds on a record, each refused at its JSON path before anything else reads the record."""

from __future__ import annotations

import json

import pytest

from reportgen import limits
from reportgen.errors import Problem, printable
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
