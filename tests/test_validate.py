"""Validation beyond the schema: the rules a JSON Schema cannot state, each naming its path."""

from __future__ import annotations

import copy
import json

import pytest

from reportgen.validate import _fast_validator, _validator, validate_record

from .helpers import PLAN_EXAMPLE, RESULT_EXAMPLE

PLAN = json.loads(PLAN_EXAMPLE.read_text(encoding="utf-8"))
RESULT = json.loads(RESULT_EXAMPLE.read_text(encoding="utf-8"))


def problems(record) -> list[str]:
    return [f"{p.path}: {p.message}" for p in validate_record(record, "r")]


def changed(record, change):
    data = copy.deepcopy(record)
    change(data)
    return data


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda d: d["cover"].update(date="2015-13"), "$.cover.date: invalid date"),
        (lambda d: d.update(lead="a\ud800b"), "$.lead: U+D800 (a lone surrogate)"),
        (
            lambda d: d["body"][0]["content"].append({"table": {"widths": [1, 1], "rows": [["a", "b", "c"]]}}),
            "$.body[0].content[3].table: the table does not fit its grid: row 1 is wider than the table's 2 columns",
        ),
        (
            lambda d: d["body"][0]["content"].append({"table": {"rows": [[{"text": "a", "rowspan": 3}, "b"], ["c"]]}}),
            "spans 3 rows, past the table's last row",
        ),
        (
            lambda d: d["body"][0]["content"][0].update(items=[{"section": "x"}]),
            "$.body[0].content[0].items[0]: a section (Ⅰ, Ⅱ, …) can only stand directly in the body",
        ),
        (lambda d: d["budget"]["rows"][0].update(amount=-5), "$.budget.rows[0]"),
        (lambda d: d["body"][0]["content"].append({"table": {"rows": []}}), "should be non-empty"),
    ],
)
def test_plan_rules(change, expected):
    found = problems(changed(PLAN, change))
    assert any(expected in p for p in found), found


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda d: d["meeting"].update(end="16:00"), "$.meeting.end: the meeting ends (16:00) before it starts (16:30)"),
        (lambda d: d["meeting"].pop("start"), "$.meeting.end: an end time needs a start time"),
        (lambda d: d["meeting"].update(start="25:00"), "$.meeting.start: malformed time '25:00'"),
    ],
)
def test_result_rules(change, expected):
    found = problems(changed(RESULT, change))
    assert any(expected in p for p in found), found


def test_examples_are_valid():
    assert problems(PLAN) == [] and problems(RESULT) == []


SCHEMA_FAILURES = [
    lambda d: d.pop("title"),
    lambda d: d["header"].update(doc_number="14947"),
    lambda d: d["approval"].update(signers=[]),
    lambda d: d["approval"]["signers"][0].update(name=3),
    lambda d: d["body"].append({"tabel": {"rows": [["a"]]}}),  # no block is named tabel
    lambda d: d["body"].append({"text": "a", "items": [{"image": 5}]}),
    lambda d: d["body"].append({"table": {"rows": [[{"text": "a", "colspan": 0}]]}}),
    lambda d: d["budget"]["rows"].append({"name": "x", "formula": "1천원×2회", "rows": []}),
    lambda d: d["approval"]["cooperation"].append([]),
    lambda d: d.update(extra=1),
]


@pytest.mark.parametrize("change", SCHEMA_FAILURES)
def test_fast_and_full_validators_agree_on_schema_failures(change):
    """The fast check must never pass a record the full validator rejects, nor the reverse."""
    fast = _fast_validator("plan")
    if fast is None:
        pytest.skip("jsonschema-rs is not installed")
    data = changed(PLAN, change)
    assert not _validator("plan").is_valid(data)
    assert not fast.is_valid(data)
    assert problems(data)


def test_a_lone_surrogate_is_a_problem_not_a_crash():
    """jsonschema-rs cannot encode a lone surrogate (the long hypothesis run found it): the record
    is refused at its path, as any other text no document may carry."""
    data = changed(PLAN, lambda d: d["header"].update(doc_number="\ud800"))
    assert any(p.startswith("$.header.doc_number: U+D800 (a lone surrogate)") for p in problems(data)), problems(data)


def test_a_list_numbered_past_its_last_glyph():
    data = changed(PLAN, lambda d: d["body"].append({"text": "목록", "child_marker": "㉮", "items": [{"text": str(i)} for i in range(15)]}))
    assert problems(data) == [
        "$.body[4].items[14]: marker '㉮': no circled Hangul glyph exists for item 15 (max 14, ㉻): "
        "split the list or choose another numbering style"
    ]


def test_a_draft_validates_and_final_names_each_missing_field():
    from reportgen.config import Config

    draft = changed(PLAN, lambda d: [d["header"].pop("doc_number"), d["header"].pop("approved_on")])
    assert problems(draft) == []
    final = [f"{p.path}: {p.message}" for p in validate_record(draft, "r", Config(final=True))]
    assert final == [
        "$.header.doc_number: a final document needs its 문서번호 (doc_number: e.g. 자치행정과-14947); a draft may leave it out",
        "$.header.approved_on: a final document needs its 결재일자 (approved_on: YYYY-MM-DD); a draft may leave it out",
    ]
    assert validate_record(PLAN, "r", Config(final=True)) == []
