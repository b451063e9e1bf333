"""Meeting notes → result record: the example gives the example record and seed 003, differently
written notes for the same meeting agree, dates are read as typed, and every error names its line."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, time
from pathlib import Path

import pytest
from lxml import etree

from reportgen.compose import compose
from reportgen.dateparse import DateError, parse_day, parse_when
from reportgen.errors import InvalidRecord
from reportgen.notes import parse_notes
from reportgen.pipeline import Renderer
from reportgen.readers.docx import docx_lines
from reportgen.validate import validate_record

from .helpers import EXAMPLES, RESULT_EXAMPLE, RESULT_SEED, ROOT, missing_in_order, seed_lines

NOTES_EXAMPLE = EXAMPLES / "notes-chatdong-100days.md"
VARIANTS = sorted((ROOT / "tests" / "notes_variants").glob("*.md"))
# Record fields notes cannot carry (docs/notes-format.md lists them); the example record uses only this one.
NOT_CARRIED = ("$schema",)
# Headings are printed as written, so a variant that words them differently differs there only.
WORDED_HEADINGS = {
    "v08-heading-wordings.md": {
        ("meeting", "heading"): "행사 개요",
        ("results", "heading"): "주요 논의내용",
        ("results", "table_heading"): "주요 내용",
        ("follow_up", "heading"): "향후 계획",
        ("appendix", 0, "text"): "현장 사진",
        ("appendix", 4, "text"): "현장 사진",
    }
}


def example_text() -> str:
    return NOTES_EXAMPLE.read_text(encoding="utf-8")


def expected_record() -> dict:
    record = json.loads(RESULT_EXAMPLE.read_text(encoding="utf-8"))
    for key in NOT_CARRIED:
        record.pop(key, None)
    return record


def with_resolved_images(record: dict, base: Path) -> dict:
    """Photo paths are relative to the file they are written in; compare the files they name."""
    record = json.loads(json.dumps(record))
    for block in record.get("appendix", ()):
        if "image" in block:
            block["image"] = str((base / block["image"]).resolve())
    return record


def problems_of(text: str, source: str = "notes.md") -> list:
    with pytest.raises(InvalidRecord) as info:
        parse_notes(text, source)
    return info.value.problems


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


# ---------------------------------------------------------------- the example


def test_example_gives_the_example_record():
    record = parse_notes(example_text(), str(NOTES_EXAMPLE))
    assert record == expected_record()
    assert validate_record(record) == []


@pytest.fixture(scope="module")
def example_document():
    return compose(parse_notes(example_text(), str(NOTES_EXAMPLE)), EXAMPLES)


def test_example_docx_holds_every_seed_line(example_document):
    data = Renderer(("docx",)).render(example_document)["docx"]
    expected = seed_lines(RESULT_SEED)
    assert len(expected) > 40
    assert missing_in_order(expected, docx_lines(data)) == []
    assert example_document.warnings == []


HP = "{http://www.hancom.co.kr/hwpml/2011/paragraph}"


def hwpx_lines(data: bytes) -> list[str]:
    """Paragraph texts of the HWPX body in reading order (table cells included)."""
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("Contents/section0.xml"))
    out = []
    for p in root.iter(f"{HP}p"):
        parts = []
        for t in p.iterfind(f"{HP}run/{HP}t"):
            parts.append(t.text or "")
            parts += [" " + (child.tail or "") for child in t]
        out.append("".join(parts))
    return out


def test_example_hwpx_holds_every_seed_line(example_document):
    data = Renderer(("hwpx",)).render(example_document)["hwpx"]
    assert missing_in_order(seed_lines(RESULT_SEED), hwpx_lines(data)) == []


# ---------------------------------------------------------------- differently written notes agree


def test_there_are_at_least_ten_variants():
    assert len(VARIANTS) >= 10


@pytest.mark.parametrize("path", VARIANTS, ids=[p.stem for p in VARIANTS])
def test_variant_gives_the_same_record(path):
    expected = with_resolved_images(expected_record(), EXAMPLES)
    for where, written in WORDED_HEADINGS.get(path.name, {}).items():
        target = expected
        for key in where[:-1]:
            target = target[key]
        target[where[-1]] = written
    record = parse_notes(path.read_text(encoding="utf-8"), str(path))
    assert with_resolved_images(record, path.parent) == expected


def test_crlf_variant_really_has_crlf():
    assert b"\r\n" in (ROOT / "tests" / "notes_variants" / "v07-blank-lines-crlf.md").read_bytes()


# ---------------------------------------------------------------- dates and times as typed

NEAR = date(2015, 10, 8)


@pytest.mark.parametrize(
    "typed",
    [
        "2015-10-06 16:30-17:45",
        "10/6(화) 4:30pm–5:45pm",
        "10. 6. 16:30~17:45",
        "2015년 10월 6일 오후 4시 30분~5시 45분",
        "'15. 10. 6.(화) 16:30~17:45",
        "10월 6일 화요일 오후 4시 반 ~ 5시 45분",
        "2015.10.6 (Tue) 4:30 PM - 5:45 PM",
        "10/6 4:30-5:45pm",
        "10/6 오후 4시 30분부터 5시 45분까지",
        "２０１５－１０－０６ １６：３０～１７：４５",
    ],
)
def test_meeting_times_as_typed(typed):
    from reportgen.notes.source import fold_width

    assert parse_when(fold_width(typed), NEAR) == (date(2015, 10, 6), time(16, 30), time(17, 45))


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("15년 10월 6일 16시", (date(2015, 10, 6), time(16, 0), None)),
        ("2015/10/06 4pm", (date(2015, 10, 6), time(16, 0), None)),
        ("2015.10.6 오후 4시~5시", (date(2015, 10, 6), time(16, 0), time(17, 0))),
    ],
)
def test_other_forms(typed, expected):
    assert parse_when(typed) == expected


def test_korean_time_without_end():
    assert parse_when("2015년 10월 6일 오후 4시 30분") == (date(2015, 10, 6), time(16, 30), None)


def test_morning_to_afternoon():
    assert parse_when("10/6 오전 11시~1시", NEAR)[1:] == (time(11, 0), time(13, 0))


@pytest.mark.parametrize(
    "typed, near, expected",
    [
        ("10/6", date(2015, 10, 8), date(2015, 10, 6)),
        ("12/28", date(2016, 1, 3), date(2015, 12, 28)),  # the nearest year to 결재일자, across New Year
        ("1/5", date(2015, 12, 30), date(2016, 1, 5)),
        ("2/29", date(2016, 3, 1), date(2016, 2, 29)),
    ],
)
def test_year_less_date_takes_the_year_nearest_to_approval(typed, near, expected):
    assert parse_day(typed, near) == expected


@pytest.mark.parametrize(
    "typed, fragment",
    [
        ("10/6(수)", "is a 화요일, not 수"),
        ("2015년 10월 6일 목요일", "is a 화요일, not 목"),
        ("10/6", "has no year"),
        ("2015-02-30", "does not exist"),
    ],
)
def test_bad_dates(typed, fragment):
    with pytest.raises(DateError, match=fragment):
        parse_day(typed, None if typed == "10/6" else NEAR)


@pytest.mark.parametrize("typed", ["10/6 4시반쯤", "10/6 25:00", "10/6 16.30", "10/6 16:30~", "10/6 오전 16시"])
def test_unreadable_times(typed):
    with pytest.raises(DateError, match="write e.g. 16:30~17:45"):
        parse_when(typed, NEAR)


# ---------------------------------------------------------------- errors name their line


def single_problem(text: str, needle: str, fragment: str, column: int | None = None):
    problems = problems_of(text)
    assert len(problems) == 1, [str(p) for p in problems]
    problem = problems[0]
    assert problem.line == line_of(text, needle), str(problem)
    assert fragment in problem.message, str(problem)
    if column is not None:
        assert problem.column == column, str(problem)
    assert str(problem).startswith(f"notes.md:{problem.line}:{problem.column}: ")
    return problem


def test_missing_title():
    text = example_text().replace("# 찾아가는 동주민센터 100일 성과보고회 개최 결과보고\n\n", "")
    problems = problems_of(text)
    assert any("no title: write it as the first heading" in p.message for p in problems), problems


def test_missing_date():
    text = example_text().replace("- 일시: 10/6(화) 16:30~17:45\n", "")
    single_problem(text, "## 회의 개요", "회의 개요 has no 일시 line: add - 일시: 2015-10-06 16:30~17:45")


def test_missing_place():
    text = example_text().replace("- 장소: 구청 8층 대회의실\n", "")
    single_problem(text, "## 회의 개요", "has no 장소: add - 장소:")


def test_empty_place():
    text = example_text().replace("- 장소: 구청 8층 대회의실", "- 장소:")
    single_problem(text, "- 장소:", "has no 장소")


def test_unreadable_time():
    text = example_text().replace("10/6(화) 16:30~17:45", "10/6(화) 4시반쯤")
    problem = single_problem(text, "- 일시:", "cannot read the time '4시반쯤' ('쯤' is left over): write e.g. 16:30~17:45")
    assert problem.column == len("- 일시: 10/6(화) 4시반") + 1  # where reading stopped


def test_weekday_contradicting_the_date():
    text = example_text().replace("10/6(화)", "10/6(수)")
    problem = single_problem(text, "- 일시:", "10월 6일 (2015) is a 화요일, not 수: write (화) or leave the weekday out")
    assert problem.column == len("- 일시: 10/6") + 1


def test_weekday_contradicting_a_follow_up_date():
    text = example_text().replace("공유: 10. 8.(목)", "공유: 10. 8.(금)")
    single_problem(text, "공유: 10. 8.(금)", "is a 목요일, not 금")


def test_attendee_counts_that_do_not_add_up():
    text = example_text().replace("외부(9명)", "외부(8명)")
    single_problem(
        text,
        "- 참석대상: 40명",
        "the attendee groups add up to 39 (외부 8 + 區 11 + 洞 17 + 구 추진지원단 3), "
        "not the stated 40: correct a group's count or write 참석대상: 39명",
        column=len("- 참석대상: ") + 1,
    )


def test_unreadable_attendee_group():
    text = example_text().replace("- 구 추진지원단: 3명", "- 구 추진지원단 세 명")
    single_problem(text, "- 구 추진지원단 세 명", "write 외부(9명): 시 공무원 2명, … or 구 추진지원단: 3명")


def test_unknown_front_matter_key():
    text = example_text().replace("disclosure: 대시민공개\n", "disclosure: 대시민공개\nauthor: 박성춘\n")
    single_problem(text, "author:", "unknown front-matter key 'author': write one of doc_number, approved_on", column=1)


def test_front_matter_key_given_twice():
    text = example_text().replace("disclosure: 대시민공개\n", "disclosure: 대시민공개\n공개여부: 공개\n")
    single_problem(text, "공개여부:", "'공개여부' repeats 'disclosure'")


def test_missing_front_matter_field():
    text = example_text().replace("disclosure: 대시민공개\n", "")
    single_problem(text, "doc_number:", "the front matter has no disclosure (공개여부): add disclosure: 대시민공개")


def test_notes_before_approval_are_a_draft():
    """문서번호 and 결재일자 come with approval: notes written before it give a draft 결과보고."""
    text = example_text().replace("doc_number: 자치행정과-18232\n", "").replace("approved_on: 2015-10-08\n", "")
    record = parse_notes(text, "notes.md")
    assert "doc_number" not in record["header"] and "approved_on" not in record["header"]
    lines = compose(record, EXAMPLES).text_lines()
    assert "회의결과에 대한 부서 조치사항 제출: 10. 15.(목)까지" in " ".join(lines)


def test_no_front_matter():
    text = example_text()
    text = text[text.index("# 찾아가는") :]
    assert "the notes have no front matter" in problems_of(text)[0].message


def test_front_matter_yaml_error_has_its_line():
    text = example_text().replace("disclosure: 대시민공개", "disclosure: [대시민공개")
    problem = problems_of(text)[0]
    assert "front matter is not valid YAML" in problem.message and problem.line > 1


def test_title_in_front_matter_is_pointed_to_the_heading():
    text = example_text().replace("disclosure: 대시민공개\n", "disclosure: 대시민공개\ntitle: 결과보고\n")
    single_problem(text, "title: 결과보고", "'title' does not belong in the front matter: write the title as the first heading")


def test_any_other_section_is_printed_where_it_stands():
    """A section the preset does not know (추진근거, 기타 의견, …) keeps its heading, items and place."""
    text = example_text().replace("## 행정사항", "## 기타 의견")
    record = parse_notes(text, "notes.md")
    headings = [block.get("text") if isinstance(block, dict) else block for block in record["body"]]
    assert headings[-1] == "기타 의견" and record["body"][-1]["items"][0]["until"] is True
    text = example_text().replace("## 회의 개요", "## 추진근거\n\n- 찾아가는 동 주민센터 추진계획(자치행정과-14947)\n\n## 회의 개요", 1)
    body = parse_notes(text, "notes.md")["body"]
    assert body[0] == {"text": "추진근거", "items": [{"text": "찾아가는 동 주민센터 추진계획(자치행정과-14947)"}]}


def test_a_lone_summary_heading_is_placed_under_the_results():
    text = example_text().replace("## 행정사항", "## 총평")
    assert "belongs under 회의결과" in problems_of(text)[0].message


def test_overview_line_without_a_label():
    text = example_text().replace("- 장소: 구청 8층 대회의실", "- 장소: 구청 8층 대회의실\n- 자치행정과장 사회")
    single_problem(text, "- 자치행정과장 사회", "cannot read '자치행정과장 사회' in 회의 개요: start the line with a label and a colon")


# ---------------------------------------------------------------- notes beyond the meeting preset


def body_lines(text: str) -> list[str]:
    return compose(parse_notes(text), EXAMPLES).text_lines()


def test_any_overview_label_and_notes_print_in_line_order():
    text = example_text().replace(
        "- 장소: 구청 8층 대회의실", "- 장소: 구청 8층 대회의실\n- 사회자: 자치행정과장\n- ※ 진행 순서는 붙임 참조"
    )
    record = parse_notes(text)
    assert "meeting" not in record and record["body"][0]["items"][0]["overview"][2] == {
        "label": "사회자",
        "text": "자치행정과장",
        "notes": ["진행 순서는 붙임 참조"],
    }
    lines = body_lines(text)
    at = lines.index("- 장 소: 구청 8층 대회의실")
    assert lines[at + 1 : at + 3] == ["- 사 회 자: 자치행정과장", "※ 진행 순서는 붙임 참조"]
    assert missing_in_order(seed_lines(RESULT_SEED), lines) == []  # everything else as before


def test_an_inspection_overview_needs_no_time_or_place():
    text = example_text()
    start, end = text.index("## 회의 개요"), text.index("## 회의결과")
    text = text[:start] + "## 점검 개요\n\n- 점검기간: '23. 11. 7. ~ 11. 30.\n- 점검대상: 다중이용시설 24개소\n\n" + text[end:]
    lines = body_lines(text)
    assert "□ 점검 개요" in lines and "- 점검기간: '23. 11. 7. ~ 11. 30." in lines and "- 점검대상: 다중이용시설 24개소" in lines


def test_sections_print_in_the_order_written_and_a_second_results_section_is_kept():
    text = example_text()
    follow, admin = text.index("## 향후 추진사항"), text.index("## 행정사항")
    photos = text.index("## 행사사진")
    swapped = text[:follow] + text[admin:photos] + text[follow:admin] + text[photos:]
    lines = body_lines(swapped)
    assert lines.index("□ 행정사항") < lines.index("□ 향후 추진사항")
    second = text.replace("## 향후 추진사항", "## 주요 논의내용\n\n- 건강이음터 확대 방안 논의\n\n## 향후 추진사항")
    lines = body_lines(second)
    assert lines.index("□ 회의결과") < lines.index("□ 주요 논의내용") < lines.index("□ 향후 추진사항")


def test_typed_markers_and_sub_sections_are_kept():
    text = example_text().replace(
        "- 회의자료 및 결과에 대한 사업부서 및 동 주민센터 직원 공유",
        "- 회의자료 및 결과에 대한 사업부서 및 동 주민센터 직원 공유\n- ※ 동 주민센터는 자체 교육 실시\n"
        "- ① 복지 분야\n  - 긴급지원 예산 검토\n- ② 마을 분야",
    )
    lines = body_lines(text)
    at = lines.index("- 회의자료 및 결과에 대한 사업부서 및 동 주민센터 직원 공유")
    assert lines[at + 1 : at + 5] == ["※ 동 주민센터는 자체 교육 실시", "① 복지 분야", "- 긴급지원 예산 검토", "② 마을 분야"]


def test_a_title_starting_with_a_mark_keeps_it():
    text = example_text().replace("# 찾아가는 동주민센터", "# ○○동 찾아가는 동주민센터")
    assert parse_notes(text)["title"].startswith("○○동 찾아가는")


def test_unknown_table_column():
    text = example_text().replace("| 구분 | 세부내용 | 비고 |", "| 구분 | 세부내용 | 담당자 |")
    single_problem(text, "| 구분 | 세부내용 | 담당자 |", "table column '담당자' is unknown or repeated")


def test_follow_up_date_followed_by_other_text():
    text = example_text().replace("검토: 10. 15.(목)", "검토: 10. 15.(목) 오후")
    single_problem(text, "검토: 10. 15.(목) 오후", "end the item with the date")


def test_every_problem_is_reported_in_line_order():
    text = (
        example_text()
        .replace("10/6(화)", "10/6(수)")
        .replace("외부(9명)", "외부(8명)")
        .replace("disclosure: 대시민공개\n", "disclosure: 대시민공개\nauthor: 박성춘\n")
    )
    lines = [p.line for p in problems_of(text)]
    assert len(lines) == 3 and lines == sorted(lines)


# ---------------------------------------------------------------- conventions


def test_table_cell_bullets_conventions():
    from reportgen.notes.sections import bullets

    assert bullets("· 하나 · 둘") == ["하나", "둘"]
    assert bullets("- 하나<br>- 둘<br/>셋") == ["하나", "둘", "셋"]
    assert bullets("ㆍ하나 ㆍ둘") == ["하나", "둘"]
    assert bullets("모니터링·컨설팅 정리") == ["모니터링·컨설팅 정리"]  # a dot inside a word is text
    assert bullets("· 모니터링·컨설팅 · 공유") == ["모니터링·컨설팅", "공유"]


def test_signer_marks():
    text = example_text().replace(
        "signers: [주무관 박성춘, 자치행정팀장 문광선, 자치행정과장 권창석, 행정관리국장 김종순]",
        "signers: [★주무관 박성춘, 자치행정팀장 代문광선, 자치행정과장 권창석 전결, 행정관리국장 김종순]\n"
        "cooperation: [[총무팀장 이민채, 마을공동체담당관 고현정]]",
    )
    approval = parse_notes(text)["approval"]
    assert approval["signers"][:3] == [
        {"title": "주무관", "name": "박성춘", "initiator": True},
        {"title": "자치행정팀장", "name": "문광선", "acting": True},
        {"title": "자치행정과장", "name": "권창석", "delegated": True},
    ]
    assert approval["cooperation"] == [[{"title": "총무팀장", "name": "이민채"}, {"title": "마을공동체담당관", "name": "고현정"}]]


def test_text_indented_four_spaces_is_still_text():
    text = example_text().replace("‘찾아가는 동 주민센터’ 사업의", "    ‘찾아가는 동 주민센터’ 사업의")
    assert parse_notes(text)["lead"] == expected_record()["lead"]


def test_results_lists_become_content():
    text = example_text().replace("### 주요내용", "- 후속 논의 필요\n  - 예산 검토\n\n### 주요내용")
    assert parse_notes(text)["results"]["content"] == [{"text": "후속 논의 필요", "items": [{"text": "예산 검토"}]}]


def test_korean_photo_file_name_is_not_percent_encoded():
    text = example_text().replace("(photos/100days-1.png)", "(사진/행사1.png)").replace("(photos/100days-2.png)", "(<사진/행사 2.png>)")
    appendix = parse_notes(text)["appendix"]
    assert [appendix[1]["image"], appendix[2]["image"]] == ["사진/행사1.png", "사진/행사 2.png"]
