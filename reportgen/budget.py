"""Budget arithmetic: the one place where amounts, 소계, 계 and multi-year totals are computed.

A row is a formula ("500천원×12개월": amount computed, text printed as 산출내역), labelled formula
parts ("월례회의 3,600천원(300천원×12월)"), a set amount with a free-text basis (real budgets
round: 100,000 for 33백만원×3명), or a category of sub-rows whose 소계 is computed. Stated totals are
checked, never trusted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from .errors import json_path
from .koreanfmt import UNITS, convert_amount, format_amount, format_number
from .sums import SumMismatch, checked_sum


class BudgetError(ValueError):
    def __init__(self, path: str, message: str):
        self.path = path
        super().__init__(message)


@dataclass(frozen=True)
class Line:
    """A computed budget row. `basis` is the 산출내역 text; `children` are a category's sub-rows."""

    id: str | None
    name: str
    amount: int
    basis: str = ""
    children: tuple[Line, ...] = ()
    show_subtotal: bool = True  # a category's 소계 row (subtotals: false prints only its items)
    before: int | None = None  # 변경 전 amount in a change budget
    remark: str = ""  # 비고 of a change budget (the reason for the change)


@dataclass(frozen=True)
class Period:
    """A stretch of years at one amount a year (`periods` of a multi-year budget)."""

    id: str
    label: str
    amount: int  # per year
    years: int

    @property
    def sum(self) -> int:
        return self.amount * self.years


@dataclass(frozen=True)
class Budget:
    """A computed budget: its lines, 계, the periods' figures and every quotable figure by id."""

    unit: str
    lines: tuple[Line, ...]
    total: int
    periods: tuple[Period, ...] = ()
    note: str = ""
    figures: dict[str, int] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)  # figure id → what a reader calls it
    before_total: int | None = None  # 변경 전 계 of a change budget (None: not a change budget)

    @property
    def is_change(self) -> bool:
        return self.before_total is not None

    @property
    def grand_total(self) -> int:
        return sum(p.sum for p in self.periods) if self.periods else self.total


_SIGN = re.compile(r"\s*[×xX*＊]\s*")
_FACTOR = re.compile(r"([0-9][0-9,]*(?:\.[0-9]+)?)\s*([^\s×xX*＊0-9][^×*＊]*?)?\s*$")
_NUMBER = re.compile(r"[0-9]{1,3}(,[0-9]{3})*(\.[0-9]+)?|[0-9]+(\.[0-9]+)?")


def formula_amount(text: str, unit: str) -> int:
    """Amount of "500천원×12개월" in `unit`: the first factor carries a money unit (or none, meaning
    `unit`), the others are counts whose words (개월, 개동, 명, 회) are only printed."""
    factors = _SIGN.split(text.strip())
    if len(factors) < 2:
        raise ValueError(f"formula {text!r} needs at least two factors joined by × (e.g. 500천원×12개월)")
    values = []
    for i, factor in enumerate(factors):
        m = _FACTOR.fullmatch(factor.strip())
        if not m or not _NUMBER.fullmatch(m[1]):
            raise ValueError(f"formula {text!r}: cannot read factor {factor!r} (write a number and its unit)")
        value = Decimal(m[1].replace(",", ""))
        word = (m[2] or "").strip()
        if i == 0 and word in UNITS:
            value = convert_amount(value, word, unit)
        elif i == 0 and word:
            raise ValueError(f"formula {text!r}: the first factor must be money ({', '.join(UNITS)}), not {word!r}")
        values.append(value)
    amount = values[0]
    for v in values[1:]:
        amount *= v
    if amount != amount.to_integral_value():
        raise ValueError(f"formula {text!r} gives {amount}{unit}, not a whole number of {unit}")
    return int(amount)


def compute_budget(data: dict, path: str = "$.budget") -> Budget:
    """Compute every amount of a budget record; raises BudgetError naming the row that is wrong."""
    # Validation and composition of one record both ask for its budget: the last answer is kept,
    # keyed by the budget's text (repr tells 1 from 1.0 and "1"), and a Budget is never changed.
    global _last
    key = f"{path}\0{data!r}"
    last = _last
    if last is not None and last[0] == key:
        return last[1]
    budget = _compute_budget(data, path)
    _last = (key, budget)
    return budget


_last: tuple[str, Budget] | None = None


def _compute_budget(data: dict, path: str) -> Budget:
    unit = data.get("unit", "천원")
    figures: dict[str, int] = {}
    labels: dict[str, str] = {"total": "계", "grand_total": "총사업비"}

    def claim(fid: str | None, value: int, where: str, label: str) -> None:
        if fid is None:
            return
        if fid in figures or fid in ("total", "grand_total"):
            raise BudgetError(where + ".id", f"figure id {fid!r} is used twice")
        figures[fid] = value
        labels[fid] = label

    change = _has_before(data["rows"])  # any 변경 전 amount makes it a change budget (변경 전/후/증감)

    def row(d: dict, where: str, subtotals: bool) -> Line:
        name = d["name"]
        if "rows" in d:
            shown = d.get("subtotals", subtotals)
            if not shown and "subtotal" in d:
                raise BudgetError(
                    where + ".subtotal",
                    f"{name}: a 소계 is stated but subtotals: false prints none; remove subtotal or the subtotals: false",
                )
            children = tuple(row(c, f"{where}.rows[{i}]", shown) for i, c in enumerate(d["rows"]))
            amount = _sum([(c.name, c.amount) for c in children], d.get("subtotal", d.get("amount")), f"{name}: the rows of 소계", where)
            before = None
            if change:
                before = _sum([(c.name, c.before) for c in children], d.get("before"), f"{name}: the 변경 전 rows", where + ".before")
            line = Line(d.get("id"), name, amount, d.get("basis", ""), children, shown, before, d.get("remark", ""))
        elif "formula" in d:
            amount = _formula(d["formula"], unit, where + ".formula")
            line = Line(d.get("id"), name, amount, d["formula"])
        elif "parts" in d:
            texts, amount = [], 0
            for i, part in enumerate(d["parts"]):
                a = _formula(part["formula"], unit, f"{where}.parts[{i}].formula")
                texts.append(f"{part['label']} {format_amount(a, unit)}({part['formula']})")
                amount += a
            line = Line(d.get("id"), name, amount, " ".join(texts))
        else:
            amount = d["amount"]
            line = Line(d.get("id"), name, amount, d.get("basis", ""))
        if "amount" in d and "rows" not in d and d["amount"] != amount:
            raise BudgetError(
                where + ".amount", f"{name}: stated amount {format_number(d['amount'])} but the formula gives {format_number(amount)}"
            )
        if change and "rows" not in d:
            line = replace(line, before=d.get("before", 0), remark=d.get("remark", ""))
        claim(d.get("id"), amount, where, name)
        if change and d.get("id"):
            claim(d["id"] + "_before", line.before, where, f"{name} 변경 전")
        return line

    lines = tuple(row(d, f"{path}.rows[{i}]", data.get("subtotals", True)) for i, d in enumerate(data["rows"]))
    total = _sum([(line.name, line.amount) for line in lines], data.get("total"), "the rows of 계", path + ".total")
    figures["total"] = total
    before_total = None
    if change:
        before_total = _sum(
            [(line.name, line.before) for line in lines], data.get("before_total"), "the 변경 전 rows", path + ".before_total"
        )
        figures["before_total"], figures["change_total"] = before_total, total - before_total
        labels.update(before_total="변경 전 계", change_total="증감")
    elif "before_total" in data:
        raise BudgetError(path + ".before_total", "a 변경 전 계 is stated but no row gives its 변경 전 amount (before)")

    periods = []
    for i, p in enumerate(data.get("periods", ())):
        period = Period(p["id"], p["label"], p.get("amount", total), p.get("years", 1))
        claim(period.id, period.amount, f"{path}.periods[{i}]", period.label)
        periods.append(period)
    budget = Budget(unit, lines, total, tuple(periods), data.get("note", ""), figures, labels, before_total)
    if periods:
        _sum(
            [(f"{p.label}({format_number(p.amount)}×{p.years})" if p.years > 1 else p.label, p.sum) for p in periods],
            data.get("grand_total"),
            "the periods",
            path + ".grand_total",
        )
    elif "grand_total" in data:
        _sum([("계", total)], data["grand_total"], "the periods", path + ".grand_total")
    figures["grand_total"] = budget.grand_total
    return budget


def _has_before(rows: list) -> bool:
    return any("before" in r or _has_before(r.get("rows", ())) for r in rows)


def _sum(parts, stated, what: str, where: str) -> int:
    try:
        return checked_sum(parts, stated, what)
    except SumMismatch as exc:
        raise BudgetError(where, str(exc)) from None


def _formula(text: str, unit: str, where: str) -> int:
    try:
        return formula_amount(text, unit)
    except ValueError as exc:
        raise BudgetError(where, str(exc)) from None


__all__ = ["Budget", "BudgetError", "Line", "Period", "compute_budget", "formula_amount", "json_path"]
