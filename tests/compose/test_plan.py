from __future__ import annotations

import json

from reportgen.compose import compose
from reportgen.model import Table

from ..helpers import PLAN_EXAMPLE


def plan():
    return json.loads(PLAN_EXAMPLE.read_text(encoding="utf-8"))


def test_budget_table_layout():
    doc = compose(plan())
    table = next(b for b in doc.body if isinstance(b, Table) and b.rows[0][0].lines[0].text == "구 분")
    texts = [[" ".join(line.text for line in cell.lines) for cell in row] for row in table.rows]
    assert texts[1] == ["계", "130,000", ""]
    assert texts[4] == ["사 업 비", "소 계", "24,000", ""]
    assert table.rows[4][0].rowspan == 4 and table.rows[0][0].colspan == 2


def test_a_budget_edit_reaches_every_quoting_sentence():
    data = plan()
    data["budget"]["rows"][1]["formula"] = "600천원×12개월"
    data["budget"].pop("total")
    data["budget"].pop("grand_total")
    lines = compose(data).text_lines()
    assert "- 사업예산: 338,400천원('15년 76,000천원)" in lines
    assert "- '15년: 76,000천원 / '16년~'17년: 년 131,200천원" in lines
    assert "- 소요예산: 연간 131,200천원 이내" in lines
    assert "계\t131,200\t" in lines
    assert "운 영 비\t7,200\t600천원×12개월" in lines


def _budget_table(doc) -> Table:
    return next(b for b in doc.body if isinstance(b, Table) and b.rows[0][0].lines[0].text == "구 분")


def _texts(table):
    return [[" ".join(line.text for line in cell.lines) for cell in row] for row in table.rows]


def test_budget_unit_caption_is_a_line_of_its_own_and_amounts_are_right_aligned():
    table = _budget_table(compose(plan()))
    assert [line.text for line in table.rows[0][1].lines] == ["예산액", "(단위: 천원)"]
    assert all(row[-2].align == "right" for row in table.rows[1:])


def test_budget_columns_are_wide_enough_for_their_labels():
    from reportgen.koreanfmt import text_width_em

    table = _budget_table(compose(plan()))
    em_mm = 12 * 25.4 / 72
    assert table.widths[0] >= text_width_em("사 업 비") * em_mm  # the category label never breaks
    assert table.widths[2] >= text_width_em("(단위: 천원)") * em_mm
    assert abs(sum(table.widths) - 170) < 0.01


def test_subtotals_false_prints_the_items_under_their_category():
    data = plan()
    data["budget"]["subtotals"] = False
    table = _budget_table(compose(data))
    texts = _texts(table)
    assert "소 계" not in [t for row in texts for t in row]
    assert texts[4][:3] == ["사 업 비", "평가 및 모니터링 등 연구조사", "8,500"]
    assert table.rows[4][0].rowspan == 3


def test_a_change_budget_prints_before_after_change_and_remarks():
    data = plan()
    data["budget"]["rows"][0].update(before=120000, remark="인원 감축")
    data["budget"]["rows"][2]["rows"][2]["before"] = 7000
    data["budget"].pop("grand_total")
    data["budget"].pop("periods")
    for section in data["body"]:  # quotes of the periods go with them
        section["content"] = [c for c in section["content"] if "y2015" not in str(c) and "later" not in str(c)]
    table = _budget_table(compose(data))
    texts = _texts(table)
    assert texts[0] == ["구 분", "변경 전", "변경 후", "증 감", "비 고"]
    assert texts[1] == ["계", "127,000", "130,000", "3,000", ""]
    assert texts[2] == ["인 건 비", "120,000", "100,000", "△20,000", "인원 감축"]
    assert texts[3] == ["운 영 비", "0", "6,000", "6,000", ""]
    assert texts[-1] == ["민관협력강화", "7,000", "7,000", "-", ""]
    assert table.caption == "(단위: 천원)"
