"""Plan (계획 / 방침) records: Roman sections, the computed budget table, quoted figures."""

from __future__ import annotations

from ..budget import Budget, compute_budget
from ..config import Config
from ..koreanfmt import format_number, spaced_if_short
from ..model import Document, Item, Paragraph, Table
from ..sources import Origin
from .common import blocks, cells_text, context, document

BUDGET_WIDTHS = (1.3, 3.0, 2.3, 5.4)


def compose(record: dict, origin: Origin, config: Config) -> Document:
    ctx = context(record, origin, config)
    if "budget" in record:
        budget = compute_budget(record["budget"])
        ctx.figures, ctx.labels, ctx.unit = budget.figures, budget.labels, budget.unit
        ctx.budget_table = lambda depth: budget_blocks(budget, ctx.text, depth)
    body = [Paragraph(ctx.text(record["lead"]), "lead")] if record.get("lead") else []
    body += blocks(ctx, record["body"])
    return document(record, ctx, body)


def budget_blocks(budget: Budget, text, depth: int) -> list:
    """구 분 | 예산액 | 산 출 내 역, with 계 first and each category's 소계 before its rows."""
    label = lambda s: spaced_if_short(s, 4)  # noqa: E731 — 인 건 비, 소 계, 산 출 내 역
    amount = lambda n: cells_text(format_number(n), align="right")  # noqa: E731
    rows = [
        (
            cells_text(label("구분"), header=True, colspan=2),
            cells_text(f"예산액 (단위: {budget.unit})", header=True),
            cells_text(label("산출내역"), header=True),
        ),
        (cells_text("계", colspan=2, align="center"), amount(budget.total), cells_text("")),
    ]
    for line in budget.lines:
        if line.children:
            rows.append(
                (
                    cells_text(label(line.name), rowspan=1 + len(line.children), align="center"),
                    cells_text(label("소계"), align="center"),
                    amount(line.amount),
                    cells_text(text(line.basis)),
                )
            )
            rows += [(cells_text(child.name), amount(child.amount), cells_text(text(child.basis))) for child in line.children]
        else:
            rows.append((cells_text(label(line.name), colspan=2, align="center"), amount(line.amount), cells_text(text(line.basis))))
    out = [Table(tuple(rows), BUDGET_WIDTHS, header_rows=1)]
    if budget.note:
        out.append(Item("※", text(budget.note), depth))
    return out
