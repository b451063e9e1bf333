"""Totals that must equal the sum of their parts — 소계 and 계, multi-year budgets, attendee groups,
a web page's figures. One rule, one message: the parts are listed so the officer sees which is off."""

from __future__ import annotations

from collections.abc import Iterable

from .koreanfmt import format_number


class SumMismatch(ValueError):
    pass


def checked_sum(parts: Iterable[tuple[str, int]], stated: int | None = None, what: str = "the parts") -> int:
    """Σ of (label, value) parts; a `stated` total that differs raises SumMismatch."""
    parts = list(parts)
    total = sum(value for _, value in parts)
    if stated is not None and stated != total:
        listed = " + ".join(f"{label} {format_number(value)}" for label, value in parts)
        raise SumMismatch(f"{what} add up to {format_number(total)} ({listed}), not the stated {format_number(stated)}")
    return total
