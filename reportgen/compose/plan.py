"""Plan (계획 / 방침) records: Roman sections, the computed budget table, quoted figures."""

from __future__ import annotations

from ..budget import Budget, compute_budget
from ..config import Config
from ..grid import content_widths
from ..koreanfmt import format_change, format_number, spaced_if_short
from ..model import Document, Item, Table
from ..sources import Origin
from .common import blocks, cells_text, context, document, opening


def compose(record: dict, origin: Origin, config: Config) -> Document:
    ctx = context(record, origin, config)
    if "budget" in record:
        budget = compute_budget(record["budget"])
        ctx.figures, ctx.labels, ctx.unit = budget.figures, budget.labels, budget.unit
        ctx.budget_table = lambda depth: budget_blocks(budget, ctx.text, depth)
    body = opening(record, ctx)
    body += blocks(ctx, record["body"])
    return document(record, ctx, body)


def budget_blocks(budget: Budget, text, depth: int) -> list:
    """구 분 | 예산액 | 산 출 내 역 with 계 first and each category's 소계 before its rows (unless
    subtotals: false); a change budget prints 구 분 | 변경 전 | 변경 후 | 증 감 | 비 고 instead."""
    two_level = any(line.children for line in budget.lines)
    rows = [_budget_header(budget, two_level)]
    change = budget.is_change
    figures = (lambda line: (line.before, line.amount)) if change else (lambda line: (line.amount,))  # noqa: E731
    extra = (lambda line: text(line.remark)) if change else (lambda line: text(line.basis))  # noqa: E731
    total = (budget.before_total, budget.total) if change else (budget.total,)
    rows.append((cells_text("계", colspan=1 + two_level, align="center"), *_amounts(total, change), cells_text("")))
    for line in budget.lines:
        if not line.children:
            rows.append(
                (
                    cells_text(_label(line.name), colspan=1 + two_level, align="center"),
                    *_amounts(figures(line), change),
                    cells_text(extra(line)),
                )
            )
            continue
        children = [(cells_text(c.name), *_amounts(figures(c), change), cells_text(extra(c))) for c in line.children]
        span = len(children) + line.show_subtotal
        head = cells_text(_label(line.name), rowspan=span, align="center")
        if line.show_subtotal:
            rows.append((head, cells_text(_label("소계"), align="center"), *_amounts(figures(line), change), cells_text(extra(line))))
            rows += children
        else:
            rows.append((head, *children[0]))
            rows += children[1:]
    caption = f"(단위: {budget.unit})" if change else ""
    table = Table(tuple(rows), (1.0,) * (1 + two_level + (4 if change else 2)), header_rows=1, caption=caption)
    table = Table(table.rows, content_widths(table), 1, caption)
    out = [table]
    if budget.note:
        out.append(Item("※", text(budget.note), depth))
    return out


def _label(name: str) -> str:
    return spaced_if_short(name, 4)  # 인 건 비, 소 계, 산 출 내 역; longer phrases as written


def _budget_header(budget: Budget, two_level: bool) -> tuple:
    span = {"colspan": 2} if two_level else {}
    if budget.is_change:
        titles = ("변경 전", "변경 후", _label("증감"), _label("비고"))
        return (cells_text(_label("구분"), header=True, **span), *(cells_text(t, header=True) for t in titles))
    # The unit caption is its own line in the 예산액 cell: "(단위: 천원)" never wraps.
    return (
        cells_text(_label("구분"), header=True, **span),
        cells_text("예산액", f"(단위: {budget.unit})", header=True),
        cells_text(_label("산출내역"), header=True),
    )


def _amounts(values: tuple, change: bool) -> list:
    """The amount cells of a row; a change budget adds 증감 = 변경 후 − 변경 전."""
    cells = [cells_text(format_number(v), align="right") for v in values]
    if change:
        cells.append(cells_text(format_change(values[1] - values[0]), align="right"))
    return cells
