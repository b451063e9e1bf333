"""Numbering is right in every record kind: the fixed sections of a result record and the record's
own items are numbered by one Outline (koreanfmt), one test per marker style per kind."""

from __future__ import annotations

import json

import pytest

from reportgen.compose import compose
from reportgen.koreanfmt import MARKER_STYLES, marker

from ..helpers import EXAMPLES, PLAN_EXAMPLE, RESULT_EXAMPLE

PAIRS = list(zip(MARKER_STYLES, MARKER_STYLES[1:]))  # (1., 가.), (가., 1)), …, (①, ㉮)


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def markers(doc, level: int) -> list[str]:
    return [b.marker for b in doc.body if getattr(b, "level", None) == level and hasattr(b, "marker")]


@pytest.mark.parametrize("top, sub", PAIRS, ids=[f"{a} {b}" for a, b in PAIRS])
def test_result_preset_sections_and_items_count(top, sub):
    data = load(RESULT_EXAMPLE)
    data["style"] = {"markers": [top, sub, "-", "·"]}
    doc = compose(data, RESULT_EXAMPLE.parent)
    heads = [b for b in doc.body if getattr(b, "level", 0) == 1 and b.marker][:4]  # then 따로붙임, the photo pages
    assert [h.marker for h in heads] == [marker(top, n) for n in range(1, 5)]
    assert [h.text for h in heads] == ["회의 개요", "회의결과", "향후 추진사항", "행정사항"]
    i = doc.body.index(heads[2])
    follow = [b.marker for b in doc.body[i + 1 : doc.body.index(heads[3])]]
    assert follow == [marker(sub, n) for n in range(1, 5)]  # restarts under 향후 추진사항
    i = doc.body.index(heads[0])
    overview = [b.marker for b in doc.body[i + 1 : doc.body.index(heads[1])] if b.level == 2]
    assert overview == [marker(sub, n) for n in range(1, 5)]  # 일 시, 장 소, 참석대상, 주요내용


@pytest.mark.parametrize("top, sub", PAIRS, ids=[f"{a} {b}" for a, b in PAIRS])
def test_result_body_in_record_order(top, sub):
    data = {k: v for k, v in load(RESULT_EXAMPLE).items() if k in ("kind", "header", "approval", "title")}
    data["style"] = {"markers": [top, sub]}
    data["body"] = [
        {"text": "추진근거", "items": [{"text": "근거 문서"}]},
        {
            "text": "점검 개요",
            "items": [
                {"overview": [{"label": "기간", "date": "2023-11-07", "end_date": "2023-11-30"}, {"label": "대상", "text": "24개소"}]}
            ],
        },
        {"text": "향후 계획", "items": [{"schedule": [{"text": "보완", "date": "2023-12-04"}, {"text": "공유", "when": "12월 중"}]}]},
    ]
    doc = compose(data)
    assert markers(doc, 1) == [marker(top, n) for n in range(1, 4)]
    assert markers(doc, 2) == [marker(sub, 1), marker(sub, 1), marker(sub, 2), marker(sub, 1), marker(sub, 2)]


@pytest.mark.parametrize("top, sub", PAIRS, ids=[f"{a} {b}" for a, b in PAIRS])
def test_plan_items_count_within_each_section(top, sub):
    data = load(PLAN_EXAMPLE)
    data["style"] = {"markers": [top, sub]}
    data["body"] = [
        {"section": "추진 근거", "content": [{"text": "a", "items": [{"text": "a1"}, {"text": "a2"}]}, {"text": "b"}]},
        {"section": "추진 개요", "content": [{"text": "c", "items": [{"text": "c1"}]}]},
    ]
    doc = compose(data, PLAN_EXAMPLE.parent)
    assert markers(doc, 1) == [marker(top, 1), marker(top, 2), marker(top, 1)]  # a new section restarts
    assert markers(doc, 2) == [marker(sub, 1), marker(sub, 2), marker(sub, 1)]


@pytest.mark.parametrize("top, sub", PAIRS, ids=[f"{a} {b}" for a, b in PAIRS])
def test_page_items_count_within_each_part(top, sub):
    data = load(EXAMPLES / "page-chatdong-foundation.json")
    data["style"] = {"markers": [top, sub]}
    data["parts"] = [
        {"title": "하나", "content": [{"text": "a"}, {"text": "b", "items": [{"text": "b1"}, {"text": "b2"}]}]},
        {"title": "둘", "content": [{"text": "c"}]},
    ]
    data.pop("figures", None)
    doc = compose(data)
    assert markers(doc, 1) == [marker(top, 1), marker(top, 2), marker(top, 1)]
    assert markers(doc, 2) == [marker(sub, 1), marker(sub, 2)]
