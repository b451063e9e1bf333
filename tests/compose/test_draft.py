"""Draft records (기안문 / 시행문, 별지 제1호서식): the composer, the label policy, the rules a schema
cannot say, and the gallery examples in every format."""

from __future__ import annotations

import copy
import os
import subprocess

import pytest
import yaml
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.compose import compose
from reportgen.compose.draft import PRINTED_LABELS, UNPRINTED_LABELS, signatures
from reportgen.config import Config
from reportgen.model import Item, Paragraph, Table
from reportgen.pipeline import Renderer, build_document
from reportgen.readers.docx import docx_lines
from reportgen.readers.hwpx import hwpx_lines
from reportgen.validate import validate_record
from reportgen.writers.pdf import PdfWriter, find_soffice

from ..helpers import EXAMPLES, missing_in_order, normalise

GALLERY = sorted((EXAMPLES / "gallery").glob("draft-*.yaml"))
NOTICE = EXAMPLES / "gallery" / "draft-dong-notice.yaml"
INTERNAL = EXAMPLES / "gallery" / "draft-internal-report.yaml"

RECORD = {
    "kind": "draft",
    "agency": "성동구",
    "recipient": {"to": "서울특별시장", "unit": "자치행정과장"},
    "via": "성동구청장",
    "title": "동 주민센터 운영 현황 제출",
    "body": [
        {"text": "관련: 서울특별시 자치행정과-1234(2026. 1. 5.)"},
        {
            "text": "다음과 같이 제출합니다.",
            "items": [
                {"text": "제출 내용", "items": [{"text": "운영 현황", "items": [{"text": "가)단계"}]}]},
                {"text": "지원 금액: @{grant:금}"},
            ],
        },
    ],
    "amounts": {"grant": 113560},
    "attachments": {"items": [{"name": "운영 현황", "count": 1}, {"name": "사진", "count": 3, "unit": "매"}]},
    "sender": "성동구청장",
    "approval": {
        "signers": [
            {"title": "주무관", "name": "홍길동", "initiator": True},
            {"title": "자치행정팀장", "name": "김철수", "reporter": True},
            {"title": "자치행정과장", "name": "이영희", "delegated": True},
        ],
        "cooperation": [{"title": "총무과장", "name": "박민수"}],
    },
    "contact": {
        "postcode": "04750",
        "address": "서울특별시 성동구 고산자로 270",
        "homepage": "www.sd.go.kr",
        "phone": "02-2286-5114",
        "fax": "02-2286-5000",
        "email": "hong@sd.go.kr",
    },
    "disclosure": "대시민공개",
}


def enforced(record: dict) -> dict:
    """The same record once approved: every box signed, 시행 numbered and dated."""
    out = copy.deepcopy(record)
    for s in out["approval"]["signers"] + out["approval"].get("cooperation", []):
        s["signed"] = True
    out["enforcement"] = {"number": "자치행정과-1301", "date": "2026-01-20"}
    return out


def doc(record: dict):
    assert validate_record(record) == []
    return compose(record)


def grid(document) -> Table:
    return next(b for b in document.body if isinstance(b, Table))


def grid_rows(document) -> list[list[str]]:
    return [[" ".join(line.text for line in cell.lines) for cell in row] for row in grid(document).rows]


def test_head_body_and_end_mark():
    lines = doc(RECORD).text_lines()
    assert lines[:4] == ["성동구", "수신 서울특별시장(자치행정과장)", "(경유) 성동구청장", "제목 동 주민센터 운영 현황 제출"]
    assert "1. 관련: 서울특별시 자치행정과-1234(2026. 1. 5.)" in lines
    # 1. 가. 1) 가) by depth (시행규칙 제2조), from koreanfmt's numbering
    assert ["2. 다음과 같이 제출합니다.", "가. 제출 내용", "1) 운영 현황", "가) 가)단계"] == lines[5:9]
    assert "나. 지원 금액: 금113,560원(금일십일만삼천오백육십원)" in lines
    # 붙임 with counts; 끝. after the last one (compose/common's rule)
    assert "붙임 1. 운영 현황 1부." in lines
    assert "2. 사진 3매.  끝." in lines


def test_label_policy_of_form_1():
    """별지1 비고: the labels 수신, (경유), 제목, 붙임, 시행, 접수, 우, 협조자, 전화번호, 팩스번호 are
    printed; 행정기관명, 발신명, 기안자, 검토자, 결재권자, 직위(직급) 서명, … never, only their values."""
    document = doc(enforced(RECORD))
    lines = document.text_lines()
    text = "\n".join(lines)
    words = text.split() + [word for row in grid_rows(document) for cell in row for word in cell.split()]
    for label in PRINTED_LABELS:
        assert label in words, label
    for label in UNPRINTED_LABELS:
        assert label not in text, label
    # the values those unprinted labels stand for are there
    for value in (
        "성동구",
        "성동구청장",
        "★주무관",
        "자치행정과-1301 (2026. 1. 20.)",
        "서울특별시 성동구 고산자로 270",
        "www.sd.go.kr",
        "hong@sd.go.kr",
    ):
        assert value in text, value
    assert lines[-1].endswith("/ hong@sd.go.kr / 대시민공개")  # 공개 구분 ends the contact line


def test_draft_before_approval_has_blank_signature_boxes_and_blank_enforcement():
    rows = grid_rows(doc(RECORD))
    assert rows[0] == ["★주무관", "●자치행정팀장", "자치행정과장"]
    assert rows[1] == ["", "", ""]  # blank 서명란
    assert rows[2] == ["협조자", "총무과장"] and rows[3] == [""]
    assert rows[4][:2] == ["시행", "(      )"] and rows[4][2:] == ["접수", "(      )"]


def test_enforced_record_is_the_executed_document():
    rows = grid_rows(doc(enforced(RECORD)))
    # the final signer's box carries the date (default: 시행일) and the 전결 mark
    assert rows[1] == ["홍길동", "김철수", "01/20 전결 이영희"]
    assert rows[3] == ["박민수"]
    assert rows[4][1] == "자치행정과-1301 (2026. 1. 20.)"


def test_boxes_only_for_people_who_sign_or_mark():
    """제7조④: a 전결 document has no box for the higher officials; the grid has one column per
    signer. A 전결 box followed by a 대결 box holds only the mark."""
    document = doc(RECORD)
    assert len(grid(document).rows[0]) == len(RECORD["approval"]["signers"])
    signers = [
        {"title": "주무관", "name": "홍길동", "signed": True},
        {"title": "자치행정과장", "name": "이영희", "delegated": True},
        {"title": "자치행정과장", "name": "김철수", "acting": True, "signed": True},
    ]
    assert signatures(signers, "2026-01-20", Config()) == [
        ("주무관", "홍길동"),
        ("자치행정과장", "전결"),
        ("자치행정과장", "01/20 代김철수"),
    ]


def test_internal_document_has_no_sender_and_recipient_list_goes_to_the_closing():
    internal = copy.deepcopy(RECORD) | {"recipient": {"to": "내부결재"}}
    del internal["sender"]
    lines = doc(internal).text_lines()
    assert "수신 내부결재" in lines and "성동구청장" not in lines
    listed = copy.deepcopy(RECORD) | {"recipient": {"to": "수신자 참조", "list": ["마장동장", "사근동장"]}}
    document = doc(listed)
    lines = document.text_lines()
    assert "수신 수신자 참조" in lines
    closing = document.body[document.body.index(grid(document)) - 1]
    assert closing == Item("수신자", "마장동장, 사근동장")
    assert Paragraph("성동구청장", "title") in document.body  # 발신명의 before the 수신자


def test_the_closing_grid_is_one_table_kept_on_one_page():
    t = grid(doc(RECORD))
    assert t.keep_together and t.header_rows == 0
    assert t.row_heights_mm[1] > 10  # room for a signature
    assert abs(sum(t.widths) - 170.0) < 0.01


@pytest.mark.parametrize(
    "change, path, words",
    [
        ({"recipient": {"to": "수신자 참조"}}, "$.recipient.list", "수신자"),
        ({"enforcement": {"number": "자치행정과-1301"}}, "$.enforcement.date", "시행일"),
        ({"enforcement": {"date": "2026-01-20"}}, "$.enforcement.number", "처리과명-일련번호"),
        (
            {"approval": {"signers": [{"title": "과장", "name": "이영희", "delegated": True, "acting": True}]}},
            "$.approval.signers[0]",
            "전결",
        ),
        ({"attachments": {"items": [{"name": "계획서"}]}}, "$.attachments.items[0]", "count"),
        ({"title": None}, "$", "제목"),
        ({"recipient": {"to": "내부결재"}}, "$.sender", "발신명의"),
        ({"sender": None}, "$.sender", "발신명의"),
        (
            {"approval": {"signers": [{"title": "과장", "name": "이", "delegated": True}, {"title": "국장", "name": "김"}]}},
            "$.approval.signers[0].delegated",
            "전결",
        ),
        ({"enforcement": {"number": "자치행정과-1", "date": "2026-01-20"}}, "$.approval.signers[2].signed", "signed"),
        ({"disclosure": "아무나"}, "$.disclosure", "공개"),
    ],
    ids=[
        "list",
        "no-date",
        "no-number",
        "delegated-and-acting",
        "no-count",
        "no-title",
        "internal-sender",
        "no-sender",
        "delegated-early",
        "unsigned",
        "disclosure",
    ],
)
def test_bad_input_is_refused_with_its_path_and_nothing_is_written(tmp_path, change, path, words):
    record = copy.deepcopy(RECORD)
    for key, value in change.items():
        if value is None:
            record.pop(key)
        else:
            record[key] = value
    source = tmp_path / "bad.yaml"
    source.write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["render", str(source), "-o", str(out), "-f", "docx,hwpx"])
    assert result.exit_code == 1
    line = next(x for x in result.output.splitlines() if f"{source}:{path}:" in x)
    assert words in line
    assert not out.exists() or not any(out.iterdir())


def test_starter_validates(tmp_path):
    starter = CliRunner().invoke(main, ["new", "draft"]).output
    path = tmp_path / "draft.yaml"
    path.write_text(starter, encoding="utf-8")
    assert CliRunner().invoke(main, ["validate", str(path)]).exit_code == 0
    assert "kind: draft" in starter


@pytest.fixture(scope="module")
def renderer():
    return Renderer(("docx", "hwpx", "hwp", "html"))


@pytest.mark.parametrize("example", GALLERY, ids=[p.stem for p in GALLERY])
def test_gallery_validates_and_renders_in_every_format(renderer, example):
    assert len(GALLERY) == 3
    document = build_document(example)
    assert document.warnings == []
    out = renderer.render(document)
    assert set(out) == {"docx", "hwpx", "hwp", "html"} and all(out.values())
    expected = [normalise(line) for line in document.text_lines() if "\t" not in line]
    cells = [cell for row in grid_rows(document) for cell in row if cell.strip()]
    assert missing_in_order(expected, docx_lines(out["docx"])) == []
    assert missing_in_order(expected, hwpx_lines(out["hwpx"])) == []
    docx_text, hwpx_text = (normalise(" ".join(lines)) for lines in (docx_lines(out["docx"]), hwpx_lines(out["hwpx"])))
    for cell in cells:
        assert normalise(cell) in docx_text and normalise(cell) in hwpx_text
    assert document.title.title.encode() in out["html"]


def test_notice_is_an_executed_document_to_several_dong():
    lines = build_document(NOTICE).text_lines()
    assert "수신 수신자 참조" in lines
    assert any(line.startswith("수신자 왕십리도선동장, 마장동장") for line in lines)
    assert "성동구청장" in lines
    assert "자치행정과-15821 (2015. 9. 22.)" in "\n".join(lines)


def test_internal_report_is_still_being_signed():
    document = build_document(INTERNAL)
    assert grid_rows(document)[1] == ["홍길동", "김철수", ""]
    assert "나. 집행액: 금113,560,000원(금일억일천삼백오십육만원)" in document.text_lines()


@pytest.mark.skipif(
    find_soffice() is None and not os.environ.get("CI"), reason="LibreOffice is not installed (scripts/setup.sh installs it)"
)
@pytest.mark.parametrize("example", GALLERY, ids=[p.stem for p in GALLERY])
def test_gallery_pdf_keeps_the_closing_grid_on_one_page(example, tmp_path):
    """The PDF (LibreOffice from the DOCX) holds the text, and the 결문's grid is never split
    between pages: its first box and its last line are on the same page."""
    writer = PdfWriter()
    try:
        data = writer.write(build_document(example))
    finally:
        writer.close()
    path = tmp_path / "x.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    first = next(i for i, page in enumerate(pages) if "★주무관" in page)
    assert "전화번호" in pages[first] and "시행" in pages[first]
    assert "수신" in pages[0] and "제목" in pages[0]
