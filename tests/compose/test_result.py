from __future__ import annotations

import json

from reportgen.compose import compose
from reportgen.validate import validate_record

from ..helpers import RESULT_EXAMPLE


def result():
    return json.loads(RESULT_EXAMPLE.read_text(encoding="utf-8"))


def test_weekdays_and_years_are_computed():
    data = result()
    data["meeting"]["date"] = "2016-01-05"
    data["follow_up"]["items"][0]["date"] = "2016-01-07"
    lines = compose(data, RESULT_EXAMPLE.parent).text_lines()
    assert "- 일 시: '16. 1. 5.(화) 16:30~17:45" in lines
    assert "- 회의자료 및 결과에 대해 사업추진 관계자 공유: 1. 7.(목)" in lines
    assert "- 회의결과 부서 조치사항 검토: '15. 10. 15.(목)" in lines  # another year keeps its year


def test_attendee_lines():
    lines = compose(result(), RESULT_EXAMPLE.parent).text_lines()
    assert "- 참석대상: 40명" in lines
    assert "- 외부(9명): 시 공무원 2명, 시 추진지원단 4명, 구 주민자치 3명" in lines
    assert "- 구 추진지원단: 3명" in lines


def test_a_total_without_groups_is_a_plain_count():
    """Found by the long hypothesis run: it validated, then compose checked 40 against no groups."""
    data = result()
    del data["meeting"]["attendees"]["groups"]
    assert validate_record(data) == []
    assert "- 참석대상: 40명" in compose(data, RESULT_EXAMPLE.parent).text_lines()


def test_minimal_result_has_default_headings():
    data = {k: v for k, v in result().items() if k in ("kind", "header", "approval", "title", "meeting")}
    data["meeting"] = {"date": "2015-10-06", "place": "구청"}
    lines = compose(data).text_lines()
    assert "□ 회의 개요" in lines and "○ 일 시: '15. 10. 6.(화)" in lines
    assert lines[-1] == "○ 장 소: 구청  끝."
