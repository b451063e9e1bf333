"""Computed table cells: sums, differences, ratios and counts from other cells or quoted figures,
printed in the 편람's number style and checked against stated values."""

from __future__ import annotations

import pytest

from reportgen.tablecalc import CalcError, column_name, compute_table, figure_of

# 구 분 | 목표 | 실적 | 달성률 | 증감 — a progress table as district reports print it
PROGRESS = {
    "header": [["구 분", "목표", "실적", "달성률", "증감"]],
    "rows": [
        ["교육", "100", "80", {"calc": "pct(C2, B2)"}, {"calc": "C2 - B2", "format": "change"}],
        ["홍보", 150, "1,200", {"calc": "pct(C3, B3)", "stated": 800.0}, {"calc": "C3 - B3", "format": "change"}],
        ["상담", "-", "35", {"calc": "count(C2:C4)"}, ""],
        ["계", {"calc": "sum(above)"}, {"calc": "sum(above)", "stated": "1,315"}, {"calc": "pct(C5, B5)"}, {"calc": "C5 - B5"}],
    ],
}


def test_sums_differences_ratios_and_counts():
    out = compute_table(PROGRESS, {})
    assert out[("rows", 0, 3)] == "80.0" and out[("rows", 0, 4)] == "△20"
    assert out[("rows", 1, 3)] == "800.0" and out[("rows", 1, 4)] == "1,050"
    assert out[("rows", 2, 3)] == "3"  # cells that are not empty
    assert out[("rows", 3, 1)] == "250" and out[("rows", 3, 2)] == "1,315"  # "-" counts as 0
    assert out[("rows", 3, 3)] == "526.0" and out[("rows", 3, 4)] == "1,065"


def test_row_sums_skip_labels_and_decimals_follow_the_record():
    table = {"rows": [["A동", "10", "20", {"calc": "sum(left)"}, {"calc": "pct(B1, D1)", "decimals": 2}]]}
    out = compute_table(table, {})
    assert out[("rows", 0, 3)] == "30" and out[("rows", 0, 4)] == "33.33"
    assert compute_table({"rows": [["1", "3", {"calc": "pct(A1, B1)"}]]}, {}, decimals=0)[("rows", 0, 2)] == "33"
    assert compute_table({"rows": [["1", "3", {"calc": "pct(A1, B1)", "format": "percent"}]]}, {})[("rows", 0, 2)] == "33.3%"


def test_quoted_figures_and_spans():
    table = {
        "header": [[{"text": "구분", "colspan": 2}, "금액"]],
        "rows": [[{"text": "사업비", "rowspan": 2}, "가", "100"], ["나", "200"], [{"text": "계", "colspan": 2}, {"calc": "sum(C2:C3)"}]],
    }
    assert compute_table(table, {})[("rows", 2, 1)] == "300"
    assert compute_table({"rows": [[{"calc": "@total - 30"}, {"calc": "pct(@operating, @total)"}]]}, {"total": 130, "operating": 6}) == {
        ("rows", 0, 0): "100",
        ("rows", 0, 1): "4.6",
    }


@pytest.mark.parametrize(
    "cell, where, message",
    [
        ({"calc": "pct(A1, B1)"}, ["rows", 0, 2, "calc"], "C1 = pct(A1, B1): division by zero"),
        ({"calc": "A1 + Z9"}, ["rows", 0, 2, "calc"], "C1 = A1 + Z9: Z9 is not a cell of this table (1 rows, columns A–C)"),
        ({"calc": "A1 + D1"}, ["rows", 0, 2, "calc"], "D1 is not a cell"),
        ({"calc": "A1 +"}, ["rows", 0, 2, "calc"], "the expression ends too early"),
        ({"calc": "max(A1)"}, ["rows", 0, 2, "calc"], "unknown function max()"),
        ({"calc": "@nowhere"}, ["rows", 0, 2, "calc"], "unknown figure @nowhere"),
        ({"calc": "C1 + 1"}, ["rows", 0, 2], "C1 refers to itself"),
        ({"calc": "A1 - B1", "stated": 6}, ["rows", 0, 2, "stated"], "stated 6 but A1 - B1 gives 5"),
        (
            {"calc": "sum(left)", "stated": 6},
            ["rows", 0, 2, "stated"],
            "C1 = sum(left): the cells add up to 5 (A1 5 + B1 0), not the stated 6",
        ),
        ({"calc": "import os"}, ["rows", 0, 2, "calc"], "unknown function import()"),
        ({"calc": "A1 ; B1"}, ["rows", 0, 2, "calc"], "cannot read '; B1'"),
        # found by the long hypothesis run: quantize past Decimal's 28 digits raised InvalidOperation
        ({"calc": "A1 * 1000000000 * 1000000000"}, ["rows", 0, 2, "calc"], "C1 = A1 * 1000000000 * 1000000000 gives 5.000E+18: too large"),
        ({"calc": "pct(A1, 0.0000000000001)"}, ["rows", 0, 2, "calc"], "gives 5.000E+15: too large to print"),
        # deep text is refused in words, never a RecursionError
        ({"calc": "-" * 3000 + "1"}, ["rows", 0, 2, "calc"], "nested more than 64 deep"),
        ({"calc": "(" * 3000 + "1" + ")" * 3000}, ["rows", 0, 2, "calc"], "C1 = " + "(" * 59 + "…: nested more than 64 deep"),
    ],
)
def test_a_cell_that_cannot_be_computed_names_itself(cell, where, message):
    with pytest.raises(CalcError) as caught:
        compute_table({"rows": [["5", "0", cell]]}, {})
    assert caught.value.where == where
    assert message in str(caught.value)


def test_a_text_cell_is_no_figure():
    with pytest.raises(CalcError, match=r"A1 \('교육'\) is not a figure"):
        compute_table({"rows": [["교육", {"calc": "A1 * 2"}]]}, {})


def test_figures_as_printed_and_column_names():
    assert [figure_of(t) for t in ("1,234", "△2,000", "45.7", "80.0%", "336,000천원", "-", "교육")] == [
        1234,
        -2000,
        figure_of("45.7"),
        figure_of("80.0"),
        336000,
        0,
        None,
    ]
    assert [column_name(i) for i in (0, 25, 26)] == ["A", "Z", "AA"]


def test_a_running_total_down_a_long_column_is_computed_but_a_long_chain_ahead_is_refused():
    """Cells are computed in reading order, so a 누계 column reads the row above, already computed;
    a chain that always reads the cell below nests one level a cell, and is refused at its bound."""
    down = [["1"]] + [[{"calc": f"A{i} + 1"}] for i in range(1, 901)]
    assert compute_table({"rows": down}, {})[("rows", 900, 0)] == "901"
    ahead = [[{"calc": f"A{i + 2}"}] for i in range(900)] + [["1"]]
    with pytest.raises(CalcError, match="nested more than 64 deep"):
        compute_table({"rows": ahead}, {})
