"""The covering 기안문 of a plan or a result: the record → draft record function, and the letter
going wherever its record goes (render, minutes, batch) with --with-cover-letter."""

from __future__ import annotations

import copy
import json
import shutil

import pytest
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.compose.letter import covering_letter
from reportgen.config import Config
from reportgen.errors import InvalidRecord
from reportgen.pipeline import build_document
from reportgen.readers.docx import docx_lines
from reportgen.readers.hwpx import hwpx_lines
from reportgen.validate import validate_record

from ..helpers import EXAMPLES, PLAN_EXAMPLE, RESULT_EXAMPLE, normalise

NOTES = EXAMPLES / "notes-chatdong-100days.md"
PLAN_TITLE = "찾아가는 동 주민센터 추진지원단 구성 및 운영 계획"


def load(path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_the_letter_of_the_plan():
    draft = covering_letter(load(PLAN_EXAMPLE))
    assert validate_record(draft) == []
    assert draft["recipient"] == {"to": "내부결재"} and "sender" not in draft
    assert draft["title"] == f"{PLAN_TITLE} 보고"
    # 1. 관련: the plan's 추진 근거 lines (three: numbered 가. 나. 다. under 관련)
    related = draft["body"][0]
    assert related["text"] == "관련" and len(related["items"]) == 3
    assert related["items"][0]["text"].startswith("(가칭)동마을복지센터 사업 운영 안내")
    assert draft["body"][1] == {"text": f"{PLAN_TITLE}을 붙임과 같이 보고합니다."}  # 획: 을
    assert draft["attachments"] == {"items": [{"name": PLAN_TITLE, "count": 1}]}
    # 결문 from the approved plan: every box signed, the 시행 line is its 문서번호 and 결재일자
    assert [s["name"] for s in draft["approval"]["signers"]] == ["박성춘", "문광선", "권창석", "김종순", "이비오", "정원오"]
    assert all(s["signed"] for s in draft["approval"]["signers"] + draft["approval"]["cooperation"])
    assert len(draft["approval"]["cooperation"]) == 7  # the 협조 rows, one box each
    assert draft["enforcement"] == {"number": "자치행정과-14947", "date": "2015-08-21"}
    assert draft["disclosure"] == "대시민공개" and draft["contact"]["postcode"] == "04750"
    lines = build_document(PLAN_EXAMPLE, Config(cover_letter=True)).text_lines()
    assert lines[0] != "성동구"  # the plan itself is unchanged


def test_the_letter_of_a_result_cites_its_letter_block_and_is_not_a_report_report():
    result = load(RESULT_EXAMPLE) | {
        "letter": {"related": ["찾아가는 동 주민센터 추진지원단 구성 및 운영 계획(자치행정과-14947, 2015. 8. 21.)"]}
    }
    draft = covering_letter(result)
    assert draft["title"] == "찾아가는 동주민센터 100일 성과보고회 개최 결과보고"
    assert draft["body"][0]["text"].startswith("관련: 찾아가는 동 주민센터 추진지원단 구성 및 운영 계획(자치행정과-14947")
    assert draft["body"][1]["text"] == "찾아가는 동주민센터 100일 성과보고회 개최 결과보고를 붙임과 같이 보고합니다."  # 고: 를


def test_a_draft_plan_gives_a_letter_still_to_be_signed():
    plan = load(PLAN_EXAMPLE)
    del plan["header"]["doc_number"], plan["header"]["approved_on"]
    draft = covering_letter(plan)
    assert validate_record(draft) == []
    assert "enforcement" not in draft and not any(s["signed"] for s in draft["approval"]["signers"])


def test_without_related_lines_the_sentence_stands_alone_unnumbered():
    plan = load(PLAN_EXAMPLE)
    plan["body"] = [b for b in plan["body"] if "근거" not in b.get("section", "").replace(" ", "")]
    draft = covering_letter(plan)
    assert draft["body"] == [f"{PLAN_TITLE}을 붙임과 같이 보고합니다."]


def test_the_agency_comes_from_the_letter_the_cover_or_the_settings():
    plan = load(PLAN_EXAMPLE)
    plan["letter"]["agency"] = "서울특별시 성동구"
    assert covering_letter(plan)["agency"] == "서울특별시 성동구"
    del plan["letter"]["agency"], plan["cover"]
    assert covering_letter(plan, config=Config(organisation="성동구"))["agency"] == "성동구"
    with pytest.raises(InvalidRecord) as exc:
        covering_letter(plan, "plan.json")
    assert str(exc.value.problems[0]).startswith("plan.json:$.letter.agency: the covering 기안문 needs the 행정기관명")


def test_the_settings_contact_fills_a_letter_without_one():
    plan = load(PLAN_EXAMPLE)
    del plan["letter"]
    config = Config(contact=(("phone", "02-2286-6000"), ("postcode", "04750")))
    draft = config.with_defaults(covering_letter(plan))
    assert draft["contact"] == {"phone": "02-2286-6000", "postcode": "04750"}


def text_of(path) -> str:
    lines = docx_lines(path.read_bytes()) if path.suffix == ".docx" else hwpx_lines(path.read_bytes())
    return normalise(" ".join(lines))


def test_render_with_cover_letter_writes_both(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["render", str(PLAN_EXAMPLE), "-o", str(out), "-f", "docx,hwpx", "--with-cover-letter"])
    assert result.exit_code == 0, result.output
    stem = PLAN_EXAMPLE.stem
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{stem}{x}.{f}" for x in ("", "-기안문") for f in ("docx", "hwpx"))
    for fmt in ("docx", "hwpx"):
        text = text_of(out / f"{stem}-기안문.{fmt}")
        for expected in (
            "수신 내부결재",
            f"제목 {PLAN_TITLE} 보고",
            f"{PLAN_TITLE}을 붙임과 같이 보고합니다.",
            f"붙임 {PLAN_TITLE} 1부. 끝.",
        ):
            assert expected in text, (fmt, expected)
        assert "자치행정과-14947 (2015. 8. 21.)" in text and "대시민공개" in text
    without = tmp_path / "plain"
    CliRunner().invoke(main, ["render", str(PLAN_EXAMPLE), "-o", str(without)])
    assert [p.name for p in without.iterdir()] == [f"{stem}.docx"]


def test_a_letter_that_cannot_be_made_writes_nothing(tmp_path):
    plan = load(PLAN_EXAMPLE)
    del plan["letter"], plan["cover"]
    (tmp_path / "plan.json").write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["render", str(tmp_path / "plan.json"), "-o", str(out), "--with-cover-letter"])
    assert result.exit_code == 1
    assert "plan.json:$.letter.agency:" in result.output
    assert not out.exists() or not any(out.iterdir())  # neither the plan nor its letter


def test_minutes_gives_the_covering_letter_of_the_result(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["minutes", str(NOTES), "-o", str(out), "-f", "docx", "--with-cover-letter"])
    assert result.exit_code == 0, result.output
    text = text_of(out / f"{NOTES.stem}-기안문.docx")
    assert "수신 내부결재" in text and "결과보고를 붙임과 같이 보고합니다." in text
    assert (out / f"{NOTES.stem}.docx").exists()


def test_batch_rebuilds_the_letter_with_its_record(tmp_path):
    root = tmp_path / "records"
    root.mkdir()
    plan = load(PLAN_EXAMPLE)
    for key in ("total", "grand_total"):
        plan["budget"].pop(key)
    (root / "plan.json").write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    shutil.copy(RESULT_EXAMPLE, root / "result.json")
    shutil.copytree(EXAMPLES / "photos", root / "photos")
    out = tmp_path / "out"
    run = lambda: CliRunner().invoke(main, ["batch", str(root), "-o", str(out), "-f", "docx", "--with-cover-letter", "-j", "1"])  # noqa: E731
    first = run()
    assert first.exit_code == 0, first.output
    assert {p.name for p in out.glob("*.docx")} == {"plan.docx", "plan-기안문.docx", "result.docx", "result-기안문.docx"}
    assert "0 rebuilt, 2 unchanged" in run().output
    edited = copy.deepcopy(plan)
    edited["budget"]["rows"][1]["formula"] = "600천원×12개월"  # a budget edit …
    edited["title"] = "찾아가는 동 주민센터 추진지원단 구성 및 운영 변경 계획"
    (root / "plan.json").write_text(json.dumps(edited, ensure_ascii=False), encoding="utf-8")
    second = run()
    assert "1 rebuilt, 1 unchanged" in second.output
    assert "운영 변경 계획을 붙임과 같이 보고합니다." in text_of(out / "plan-기안문.docx")  # … rebuilds its letter
    (out / "plan-기안문.docx").unlink()
    CliRunner().invoke(main, ["batch", str(root), "-o", str(out), "-f", "docx", "-j", "1"])
    assert not (out / "plan-기안문.docx").exists()  # without the option, no letter is made
