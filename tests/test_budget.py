from __future__ import annotations

import pytest

from reportgen.budget import BudgetError, compute_budget, formula_amount

SEED_BUDGET = {
    "rows": [
        {"id": "personnel", "name": "인건비", "amount": 100000, "basis": "직 원: 33백만원×3명"},
        {"id": "operating", "name": "운영비", "formula": "500천원×12개월"},
        {
            "id": "programme",
            "name": "사업비",
            "rows": [
                {"name": "평가 및 모니터링 등 연구조사", "formula": "500천원 * 17개동"},
                {"name": "자원발굴 및 조직화", "formula": "500천원 * 17개동"},
                {
                    "name": "민관협력강화",
                    "parts": [{"label": "월례회의", "formula": "300천원×12월"}, {"label": "워크숍", "formula": "3,400천원*1회"}],
                },
            ],
        },
    ],
    "periods": [{"id": "y2015", "label": "'15년", "amount": 76000}, {"id": "later", "label": "'16년~'17년", "years": 2}],
}


@pytest.mark.parametrize(
    "text, unit, amount",
    [
        ("500천원×12개월", "천원", 6000),
        ("500천원 * 17개동", "천원", 8500),
        ("3,400천원*1회", "천원", 3400),
        ("500천원×17개동×2회", "천원", 17000),
        ("33백만원×3명", "천원", 99000),
        ("12,000원×250명", "천원", 3000),
        ("500×12개월", "천원", 6000),
        ("1.5백만원x2회", "천원", 3000),
    ],
)
def test_formula_amount(text, unit, amount):
    assert formula_amount(text, unit) == amount


@pytest.mark.parametrize("text", ["500천원", "오백천원×12", "500개월×12천원", "1,00천원×2", "333원×1명"])
def test_bad_formula(text):
    with pytest.raises(ValueError):
        formula_amount(text, "천원")


def test_seed_budget():
    b = compute_budget(SEED_BUDGET)
    assert [line.amount for line in b.lines] == [100000, 6000, 24000]
    assert b.total == 130000
    assert b.grand_total == 336000  # '15년 76,000 + '16~'17년 130,000 × 2
    assert b.lines[2].children[2].basis == "월례회의 3,600천원(300천원×12월) 워크숍 3,400천원(3,400천원*1회)"
    assert b.figures == {
        "personnel": 100000,
        "operating": 6000,
        "programme": 24000,
        "total": 130000,
        "y2015": 76000,
        "later": 130000,
        "grand_total": 336000,
    }


def test_changing_one_row_moves_every_total():
    data = {**SEED_BUDGET, "rows": [dict(r) for r in SEED_BUDGET["rows"]]}
    data["rows"][1]["formula"] = "600천원×12개월"
    b = compute_budget(data)
    assert (b.total, b.grand_total, b.figures["later"]) == (131200, 338400, 131200)


@pytest.mark.parametrize(
    "change, path, message",
    [
        (
            lambda d: d.update(total=1),
            "$.budget.total",
            "the rows of 계 add up to 130,000 (인건비 100,000 + 운영비 6,000 + 사업비 24,000), not the stated 1",
        ),
        (
            lambda d: d.update(grand_total=330000),
            "$.budget.grand_total",
            "the periods add up to 336,000 ('15년 76,000 + '16년~'17년(130,000×2) 260,000), not the stated 330,000",
        ),
        (
            lambda d: d["rows"][2].update(subtotal=25000),
            "$.budget.rows[2]",
            "사업비: the rows of 소계 add up to 24,000 (평가 및 모니터링 등 연구조사 8,500 + 자원발굴 및 조직화 8,500 + 민관협력강화 7,000), not the stated 25,000",
        ),
        (
            lambda d: d["rows"][2]["rows"][0].update(formula="500천원 17개동"),
            "$.budget.rows[2].rows[0].formula",
            "needs at least two factors",
        ),
        (lambda d: d["rows"][0].update(id="operating"), "$.budget.rows[1].id", "figure id 'operating' is used twice"),
    ],
)
def test_budget_errors_name_the_row(change, path, message):
    import copy

    data = copy.deepcopy(SEED_BUDGET)
    change(data)
    with pytest.raises(BudgetError) as err:
        compute_budget(data)
    assert err.value.path == path
    assert message in str(err.value)


def _copy(budget: dict) -> dict:
    import copy

    return copy.deepcopy(budget)


def test_subtotals_false_table_level_and_per_category():
    data = _copy(SEED_BUDGET)
    data["subtotals"] = False
    assert not compute_budget(data).lines[2].show_subtotal
    data["rows"][2]["subtotals"] = True  # a category may say otherwise
    assert compute_budget(data).lines[2].show_subtotal
    data = _copy(SEED_BUDGET)
    data["rows"][2]["subtotals"] = False
    budget = compute_budget(data)
    assert not budget.lines[2].show_subtotal and budget.lines[2].amount == 24000 and budget.total == 130000


def test_a_stated_subtotal_that_is_not_printed_is_refused():
    data = _copy(SEED_BUDGET)
    data["subtotals"] = False
    data["rows"][2]["subtotal"] = 24000
    with pytest.raises(BudgetError) as caught:
        compute_budget(data)
    assert caught.value.path == "$.budget.rows[2].subtotal"


def test_a_change_budget_computes_before_after_and_change():
    data = _copy(SEED_BUDGET)
    data["rows"][0]["before"] = 120000
    data["rows"][2]["rows"][0]["before"] = 5000
    budget = compute_budget(data)
    assert budget.is_change and budget.before_total == 125000
    assert [line.before for line in budget.lines] == [120000, 0, 5000]  # a row without before is new
    assert budget.figures["before_total"] == 125000 and budget.figures["change_total"] == 5000
    assert budget.figures["personnel_before"] == 120000
    assert not compute_budget(SEED_BUDGET).is_change


def test_a_stated_category_before_must_agree():
    data = _copy(SEED_BUDGET)
    data["rows"][2]["rows"][0]["before"] = 5000
    data["rows"][2]["before"] = 6000
    with pytest.raises(BudgetError, match="사업비: the 변경 전 rows add up to 5,000") as caught:
        compute_budget(data)
    assert caught.value.path == "$.budget.rows[2].before"
