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
