"""Page records: seed 002 (a 서울복지포털 page) reproduced, figures computed from their parts."""

from __future__ import annotations

import copy
import io
import json
import re
import zipfile

import pytest
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.compose import compose
from reportgen.pipeline import Renderer, build_document
from reportgen.readers.docx import docx_lines
from reportgen.validate import validate_record

from ..helpers import EXAMPLES, SEEDS, missing_in_order, seed_lines
from ..writers.test_html import html_lines

PAGE_EXAMPLE = EXAMPLES / "page-chatdong-foundation.json"
PAGE_SEED = SEEDS / "002_1ea344c71e3dfe5f.txt"
# The site's navigation and footer, not content of the page.
NOT_CONTENT = [
    "반복영역 건너뛰기",
    "본문 바로가기 주메뉴 바로가기",
    "주메뉴",
    "서울특별시청 04524 서울특별시 중구 세종대로 110 (찾아오시는길)",
    "문의처 : 02-120",
    "Copyright Seoul Metropolitan Government all rights reserved.",
]


def content_lines() -> list[str]:
    """Every content line of the seed. "•" is how the web dump shows a list item; the document
    prints the official markers (□ ○ - ·) instead."""
    lines = [line.removeprefix("• ") for line in seed_lines(PAGE_SEED)]
    assert all(nav in lines for nav in NOT_CONTENT)
    return [line for line in lines if line not in NOT_CONTENT]


def record() -> dict:
    return json.loads(PAGE_EXAMPLE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def outputs():
    return Renderer(("docx", "html")).render(build_document(PAGE_EXAMPLE))


def test_example_is_valid():
    assert validate_record(record()) == []


def test_model_holds_every_content_line_in_order():
    expected = content_lines()
    assert len(expected) > 120
    assert missing_in_order(expected, build_document(PAGE_EXAMPLE).text_lines()) == []


def test_html_holds_every_content_line_in_order(outputs):
    assert missing_in_order(content_lines(), html_lines(outputs["html"])) == []


def test_docx_holds_every_content_line_in_order(outputs):
    assert missing_in_order(content_lines(), docx_lines(outputs["docx"])) == []


def test_check_is_strict():
    lines = build_document(PAGE_EXAMPLE).text_lines()
    changed = [line.replace("724", "725") for line in lines]
    assert missing_in_order(content_lines(), changed)


def test_figures_are_computed_from_their_parts():
    data = record()
    del data["figures"][0]["total"]  # no stated total: the sum is the figure
    data["figures"][0]["parts"][0]["value"] = 75
    assert validate_record(data) == []
    text = "\n".join(compose(data, EXAMPLES).text_lines())
    assert "민선 7기 인력 충원 : 725명 (’22년까지)" in text and "찾동 복지플래너 75명 :" in text
    assert "조성목표 : 총 75개소" in text and "자치구 거점형(25)" in text


def test_parts_that_do_not_add_up_are_an_error_naming_the_figure():
    data = record()
    data["figures"][1]["parts"][1]["value"] = 49
    problems = validate_record(data, "page.json")
    assert [p.path for p in problems] == ["$.figures[1].total"]
    assert problems[0].message == (
        "figure 'spaces' (마을활력소 조성목표): parts add up to 74 (자치구 거점형 25 + 마을공동체형 49), not the stated 75"
    )


def test_cli_validate_reports_the_figure(tmp_path):
    data = record()
    data["figures"][0]["parts"][2]["value"] = 451
    path = tmp_path / "page.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    assert "$.figures[0].total: figure 'staff' (민선 7기 인력 충원): parts add up to 725" in result.output


def test_unknown_figure_and_duplicate_id_are_errors():
    data = record()
    data["parts"][0]["content"][0]["text"] += " @{nobody}"
    assert [p.path for p in validate_record(data)] == ["$.parts[0].content[0].text"]
    data = record()
    data["figures"][1]["parts"][0]["id"] = "nurses"
    assert "defined twice" in validate_record(data)[0].message


def test_figure_takes_a_value_or_parts():
    data = record()
    data["figures"][0]["value"] = 724
    assert validate_record(data)


def test_web_page_has_no_header_or_grid(outputs):
    document = build_document(PAGE_EXAMPLE)
    assert document.header == () and document.approval.signers == () and document.cover is None
    assert document.text_lines()[:2] == ["서울복지포털", "추진기반 강화"]
    assert b'class="front"' not in outputs["html"]
    lines = docx_lines(outputs["docx"])
    assert not any("협 조" in line or "문서번호" in line for line in lines)


def test_docx_has_no_rowless_table(outputs):
    xml = zipfile.ZipFile(io.BytesIO(outputs["docx"])).read("word/document.xml").decode("utf-8")
    tables = re.findall(r"<w:tbl>.*?</w:tbl>", xml, re.S)
    assert tables and all("<w:tr" in t for t in tables)


def test_page_printed_as_an_official_document_keeps_header_and_grid():
    data = record()
    data["header"] = {"doc_number": "자치행정과-1", "approved_on": "2019-03-04", "disclosure": "공개"}
    data["approval"] = {"signers": [{"title": "주무관", "name": "홍길동"}, {"title": "과장", "name": "김과장"}]}
    assert validate_record(data) == []
    document = compose(data, EXAMPLES)
    assert document.header[0] == ("문서번호", "자치행정과-1")
    assert [s.name for s in document.approval.signers] == ["홍길동", "03/04 김과장"]
    assert document.meta_date == "2019-03-04"


def test_approval_needs_a_header_and_pages_take_no_cover():
    data = record()
    data["approval"] = {"signers": [{"title": "주무관", "name": "홍길동"}]}
    assert validate_record(data)[0].path == "$"
    data = record()
    data["cover"] = {"organisation": "서울특별시"}
    assert "cover" in validate_record(data)[0].message


def test_titled_parts_are_numbered_and_contact_is_a_table():
    data = copy.deepcopy(record())
    data["parts"][0]["title"] = "추진체계 강화"
    data["parts"][2]["title"] = "동장 공모제"
    lines = compose(data, EXAMPLES).text_lines()
    assert "Ⅰ 추진체계 강화" in lines and "Ⅱ 동장 공모제" in lines
    assert "담당자\t정보제공부서 :자치행정과 연락처 :2133-5835" in lines
