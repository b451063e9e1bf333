"""Computed table cells: a cell `{calc: "sum(above)"}` is a figure computed from other cells or
quoted figures, never typed by hand, and checked when the record also states it.

Cells are named as on the page, spreadsheet-style: columns A, B, … and rows 1, 2, … counted over the
whole grid, header rows included (a cell covered by a span answers with the spanning cell). An
expression holds numbers, cell names (B3), budget or page figures (@total, @personnel), + − × ÷ and
parentheses, and the functions

    sum(above) sum(left) sum(B2:B5) sum(B2, C4)   Σ of the figures (empty cells skipped)
    count(above) count(B2:B5) …                   how many cells are not empty
    pct(C2, B2)                                   C2 / B2 × 100 (달성률, 비율)

Integers print as 1,234; anything else is rounded half-up to the cell's `decimals` (else the
table's, else the record's style.decimals, else 1): 80.0, 45.7. `format: change` prints 증감 as
budget tables do (△2,000, -). A `stated` value must equal the computed one as printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .grid import place_cells
from .koreanfmt import format_change, format_number
from .model import Cell, Table
from .sums import SumMismatch, checked_sum

DEFAULT_DECIMALS = 1
# Brackets, signs, functions and the computed cells an expression reads, nested: each level is a
# few Python frames, so a bound far below the interpreter's keeps deep text from a RecursionError.
MAX_NESTING = 64
# A computed figure past this cannot be printed to its decimals (Decimal's 28 digits) nor checked.
MAX_FIGURE = Decimal(10) ** 15


class CalcError(ValueError):
    """A computed cell that cannot be computed or disagrees with its stated value; `where` is the
    cell's path inside the table ("rows[2][3]")."""

    def __init__(self, where: list, message: str):
        self.where = where
        super().__init__(message)


@dataclass(frozen=True)
class Slot:
    """The record's cell covering a grid position: where it is in the record and what it holds."""

    where: list  # ["rows", i, j] or ["header", i, j]: the cell in the record
    value: object  # the record's cell (str, number, list or dict)


def column_name(c: int) -> str:
    name = ""
    c += 1
    while c:
        c, rest = divmod(c - 1, 26)
        name = chr(65 + rest) + name
    return name


def has_calc(table: dict) -> bool:
    return any(isinstance(c, dict) and "calc" in c for row in [*table.get("header", ()), *table.get("rows", ())] for c in row)


def compute_table(table: dict, figures: dict[str, int], decimals: int = DEFAULT_DECIMALS) -> dict[tuple, str]:
    """The printed text of every computed cell, keyed ("rows", i, j); raises CalcError."""
    return _Sheet(table, figures, table.get("decimals", decimals)).texts()


class _Sheet:
    def __init__(self, table: dict, figures: dict, decimals: int):
        self.figures, self.decimals = figures, decimals
        self.depth = 0  # levels of nesting now open, across the cells being computed (MAX_NESTING)
        record_rows = [("header", i, row) for i, row in enumerate(table.get("header", ()))]
        record_rows += [("rows", i, row) for i, row in enumerate(table["rows"])]
        shape = []
        for _, _, row in record_rows:
            spans = [{k: c[k] for k in ("colspan", "rowspan") if isinstance(c, dict) and k in c} for c in row]
            shape.append(tuple(Cell((), **s) for s in spans))
        columns = len(table["widths"]) if "widths" in table else max((sum(c.colspan for c in r) for r in shape), default=1)
        placed, self.n_rows, self.n_cols = place_cells(Table(tuple(shape), (1.0,) * columns))
        ids = {id(cell): (r, c) for r, c, cell in placed}
        self.grid: dict[tuple[int, int], Slot] = {}
        self.header_rows = len(table.get("header", ()))
        for (part, i, row), cells in zip(record_rows, shape):
            for j, (value, cell) in enumerate(zip(row, cells)):
                r, c = ids[id(cell)]
                slot = Slot([part, i, j], value)
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        self.grid[(r + dr, c + dc)] = slot
        self.origin = {id(s): (r, c) for (r, c), s in sorted(self.grid.items(), reverse=True)}
        self.done: dict[int, Decimal] = {}
        self.busy: set[int] = set()

    def texts(self) -> dict[tuple, str]:
        out = {}
        for slot in {id(s): s for s in self.grid.values()}.values():
            if isinstance(slot.value, dict) and "calc" in slot.value:
                value = self.value(slot)
                out[tuple(slot.where)] = self.printed(slot.value, value)
        return out

    def printed(self, cell: dict, value: Decimal) -> str:
        """As the 편람's tables print figures: 1,234; a ratio or a fraction with fixed decimals (80.0)."""
        fixed = "decimals" in cell or _is_ratio(cell["calc"]) or value != value.to_integral_value()
        decimals = cell.get("decimals", self.decimals) if fixed else None
        if decimals is not None:
            value = value.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
        if cell.get("format") == "change":
            return format_change(value, decimals)
        return format_number(value, decimals) + ("%" if cell.get("format") == "percent" else "")

    # -- evaluation ----------------------------------------------------------------------------

    def value(self, slot: Slot) -> Decimal:
        key = id(slot)
        if key in self.done:
            return self.done[key]
        cell = slot.value
        if not (isinstance(cell, dict) and "calc" in cell):
            return self.plain(slot)
        if key in self.busy:
            raise CalcError(slot.where, f"{self.name(slot)} refers to itself through {cell['calc']!r}")
        self.busy.add(key)
        try:
            value = _Parser(cell["calc"], self, slot).parse()
        finally:
            self.busy.discard(key)
        if abs(value) > MAX_FIGURE:
            raise CalcError(slot.where + ["calc"], f"{self.name(slot)} = {cell['calc']} gives {value:.3E}: too large to print")
        self.done[key] = value
        if "stated" in cell:
            self.check(slot, cell, value)
        return value

    def check(self, slot: Slot, cell: dict, value: Decimal) -> None:
        stated = cell["stated"]
        number = stated if isinstance(stated, (int, float)) else figure_of(str(stated))
        if number is None:
            raise CalcError(slot.where + ["stated"], f"stated value {stated!r} is not a figure")
        printed = self.printed(cell, value)
        parts = _sum_parts(cell["calc"], self, slot)
        if parts is not None:
            try:
                checked_sum(parts, Decimal(str(number)), f"{self.name(slot)} = {cell['calc']}: the cells")
            except SumMismatch as exc:
                raise CalcError(slot.where + ["stated"], str(exc)) from None
        elif figure_of(printed) != Decimal(str(number)):
            raise CalcError(slot.where + ["stated"], f"stated {stated} but {cell['calc']} gives {printed}")

    def plain(self, slot: Slot) -> Decimal:
        cell = slot.value
        text = (
            cell.get("text", " ".join(x if isinstance(x, str) else x.get("text", "") for x in cell.get("lines", ())))
            if isinstance(cell, dict)
            else cell
        )
        if isinstance(text, list):
            text = " ".join(x if isinstance(x, str) else x.get("text", "") for x in text)
        if isinstance(text, (int, float)) and not isinstance(text, bool):
            return Decimal(str(text))
        number = figure_of(str(text))
        if number is None:
            raise ValueError(f"{self.name(slot)} ({str(text)[:30]!r}) is not a figure")
        return number

    def is_empty(self, slot: Slot) -> bool:
        cell = slot.value
        return (
            cell == "" or cell == [] or (isinstance(cell, dict) and "calc" not in cell and not cell.get("text") and not cell.get("lines"))
        )

    def name(self, slot: Slot) -> str:
        r, c = self.origin[id(slot)]
        return f"{column_name(c)}{r + 1}"

    def at(self, ref: str, here: Slot) -> Slot:
        m = re.fullmatch(r"([A-Z]{1,2})([0-9]+)", ref)
        c = sum((ord(ch) - 64) * 26**k for k, ch in enumerate(reversed(m[1]))) - 1
        r = int(m[2]) - 1
        if (r, c) not in self.grid:
            raise ValueError(f"{ref} is not a cell of this table ({self.n_rows} rows, columns A–{column_name(self.n_cols - 1)})")
        return self.grid[(r, c)]

    def span(self, first: str, last: str, here: Slot) -> list[Slot]:
        a, b = self.at(first, here), self.at(last, here)
        (r1, c1), (r2, c2) = self.origin[id(a)], self.origin[id(b)]
        return self._unique((r, c) for r in range(min(r1, r2), max(r1, r2) + 1) for c in range(min(c1, c2), max(c1, c2) + 1))

    def direction(self, word: str, here: Slot) -> list[Slot]:
        r0, c0 = self.origin[id(here)]
        if word == "above":
            return self._unique((r, c0) for r in range(self.header_rows, r0))
        return self._unique((r0, c) for c in range(c0) if (r0, c) in self.grid and not self._label(r0, c))

    def _label(self, r: int, c: int) -> bool:
        """Left of a 계 column, the row's label cells (text that is no figure) are not summed."""
        slot = self.grid[(r, c)]
        if isinstance(slot.value, dict) and "calc" in slot.value:
            return False
        try:
            self.plain(slot)
            return False
        except ValueError:
            return True

    def _unique(self, places) -> list[Slot]:
        seen, out = set(), []
        for place in places:
            slot = self.grid.get(place)
            if slot is not None and id(slot) not in seen:
                seen.add(id(slot))
                out.append(slot)
        return out


def figure_of(text: str) -> Decimal | None:
    """The number a printed figure means: 1,234 · △2,000 (−2,000) · 45.7 · 80.0% · 336,000천원 · "-"
    (none, 0); None for any other text."""
    if text.strip() in ("-", "−"):
        return Decimal(0)
    m = re.fullmatch(r"\s*([△▲+\-−]?)\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*(?:%|원|천원|백만원|억원|명|개|건|회)?\s*", text)
    if not m or not re.fullmatch(r"[0-9]{1,3}(,[0-9]{3})*(\.[0-9]+)?|[0-9]+(\.[0-9]+)?", m[2]):
        return None
    value = Decimal(m[2].replace(",", ""))
    return -value if m[1] in ("△", "-", "−") else value


def _is_ratio(expr: str) -> bool:
    return "pct(" in expr or "/" in expr


def _sum_parts(expr: str, sheet: _Sheet, slot: Slot):
    """(label, value) parts when the expression is one sum(...), so a mismatch lists its cells."""
    m = re.fullmatch(r"\s*sum\((.*)\)\s*", expr)
    if not m or "(" in m[1]:
        return None
    slots = _Parser(m[1], sheet, slot).cells_of_args()
    return [(sheet.name(s), sheet.value(s)) for s in slots if not sheet.is_empty(s)]


_TOKEN = re.compile(
    r"\s*(?:(?P<num>[0-9]+(?:\.[0-9]+)?)|(?P<ref>[A-Z]{1,2}[0-9]+)|@(?P<fig>[A-Za-z_][A-Za-z0-9_]*)|(?P<word>[a-z]+)|(?P<op>[-+*/×÷(),:]))"
)


class _Parser:
    """A small recursive-descent reader of one cell's expression (no eval: text is data)."""

    def __init__(self, expr: str, sheet: _Sheet, slot: Slot):
        self.sheet, self.slot, self.expr = sheet, slot, expr
        self.tokens, pos = [], 0
        while pos < len(expr.rstrip()):
            m = _TOKEN.match(expr, pos)
            if not m or m.end() == pos:
                self.fail(f"cannot read {expr[pos:].strip()[:20]!r}")
            kind = m.lastgroup
            self.tokens.append((kind, m[kind]))
            pos = m.end()
        self.i = 0

    def fail(self, message: str):
        shown = self.expr if len(self.expr) <= 60 else self.expr[:59] + "…"
        raise CalcError(self.slot.where + ["calc"], f"{self.sheet.name(self.slot)} = {shown}: {message}")

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else (None, None)

    def take(self, value=None):
        token = self.peek()
        if token[0] is None or (value is not None and token[1] != value):
            self.fail(f"expected {value!r}" if value else "the expression ends too early")
        self.i += 1
        return token

    def parse(self) -> Decimal:
        value = self.expression()
        if self.i != len(self.tokens):
            self.fail(f"unexpected {self.peek()[1]!r}")
        return value

    def expression(self) -> Decimal:
        value = self.term()
        while self.peek()[1] in ("+", "-"):
            op = self.take()[1]
            value = value + self.term() if op == "+" else value - self.term()
        return value

    def term(self) -> Decimal:
        value = self.factor()
        while self.peek()[1] in ("*", "/", "×", "÷"):
            op = self.take()[1]
            right = self.factor()
            value = value * right if op in ("*", "×") else self.divide(value, right)
        return value

    def divide(self, a: Decimal, b: Decimal) -> Decimal:
        if b == 0:
            self.fail("division by zero (the divisor is 0)")
        return a / b

    def factor(self) -> Decimal:
        self.sheet.depth += 1
        try:
            if self.sheet.depth > MAX_NESTING:
                self.fail(f"nested more than {MAX_NESTING} deep (brackets, signs, functions and the computed cells it reads)")
            return self.operand()
        finally:
            self.sheet.depth -= 1

    def operand(self) -> Decimal:
        kind, value = self.take()
        if value == "-":
            return -self.factor()
        if value == "(":
            inner = self.expression()
            self.take(")")
            return inner
        if kind == "num":
            return Decimal(value)
        if kind == "fig":
            if value not in self.sheet.figures:
                known = ", ".join(sorted(self.sheet.figures)) or "none in this record"
                self.fail(f"unknown figure @{value} (known: {known})")
            return Decimal(self.sheet.figures[value])
        if kind == "ref":
            return self.cell_value(self.cell(value))
        if kind == "word":
            return self.function(value)
        self.fail(f"unexpected {value!r}")

    def cell(self, ref: str) -> Slot:
        try:
            target = self.sheet.at(ref, self.slot)
        except ValueError as exc:
            self.fail(str(exc))
        if self.sheet.is_empty(target):
            self.fail(f"{ref} is empty")
        return target

    def cell_value(self, target: Slot) -> Decimal:
        try:
            return self.sheet.value(target)
        except ValueError as exc:
            if isinstance(exc, CalcError):
                raise
            self.fail(str(exc))

    def function(self, name: str) -> Decimal:
        if name not in ("sum", "count", "pct"):
            self.fail(f"unknown function {name}() (known: sum, count, pct)")
        self.take("(")
        if name == "pct":
            a = self.expression()
            self.take(",")
            b = self.expression()
            self.take(")")
            return self.divide(a * 100, b)
        slots = self.cells_of_args()
        self.take(")")
        filled = [s for s in slots if not self.sheet.is_empty(s) and s is not self.slot]
        if name == "count":
            return Decimal(len(filled))
        return sum((self.cell_value(s) for s in filled), Decimal(0))

    def cells_of_args(self) -> list[Slot]:
        slots = []
        while True:
            kind, value = self.take()
            if kind == "word" and value in ("above", "left"):
                slots += self.sheet.direction(value, self.slot)
            elif kind == "ref" and self.peek()[1] == ":":
                self.take(":")
                last = self.take()
                if last[0] != "ref":
                    self.fail("write a range as B2:B5")
                try:
                    slots += self.sheet.span(value, last[1], self.slot)
                except ValueError as exc:
                    self.fail(str(exc))
            elif kind == "ref":
                try:
                    slots.append(self.sheet.at(value, self.slot))
                except ValueError as exc:
                    self.fail(str(exc))
            else:
                self.fail("sum() and count() take above, left, ranges (B2:B5) or cells (B2, C4)")
            if self.peek()[1] != ",":
                return slots
            self.take(",")


__all__ = ["CalcError", "column_name", "compute_table", "figure_of", "has_calc"]
