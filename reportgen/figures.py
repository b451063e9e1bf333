"""Quoting computed figures in text: "소요예산: 연간 @{total:천원} 이내" → "소요예산: 연간 130,000천원 이내".

Syntax: @{name} prints the number with separators (a decrease with △); @{name:UNIT} converts it to 원, 천원, 만원, 백만원
or 억원 and appends the unit; @{name:금} prints the official 금…원(금…원) form; @@{ prints a literal
@{. Anything else in the text is data and is printed as written.
"""

from __future__ import annotations

import re

from .koreanfmt import SPELLABLE_DIGITS, UNITS, convert_amount, format_amount, format_number, official_amount

REFERENCE = re.compile(r"@@\{|@\{([^{}:]*)(?::([^{}]*))?\}")
FORMATS = ("", "금", *UNITS)


class FigureError(ValueError):
    pass


def references(text: str) -> list[tuple[str, str]]:
    """Every (name, format) quoted in `text`."""
    return [(m[1].strip(), (m[2] or "").strip()) for m in REFERENCE.finditer(text) if m[0] != "@@{"]


def check(text: str, figures: dict, unit: str = "천원") -> list[str]:
    """Messages for references to unknown figures or formats, or to a figure that cannot be
    printed in its format (empty when all are fine)."""
    problems = []
    for name, fmt in references(text):
        if name not in figures:
            known = ", ".join(sorted(figures)) or "none: this record computes no figures"
            problems.append(f"unknown figure @{{{name}}} (known: {known})")
        elif fmt not in FORMATS:
            problems.append(f"unknown format {fmt!r} in @{{{name}:{fmt}}} (use one of: {', '.join(f for f in FORMATS if f)})")
        else:
            try:
                quoted(figures[name], fmt, unit)
            except (ValueError, ArithmeticError):
                problems.append(_unprintable(name, fmt, figures[name], unit))
    return problems


def _unprintable(name: str, fmt: str, value, unit: str) -> str:
    shown = f"@{{{name}:{fmt}}} is {'△' if value < 0 else ''}{format_amount(abs(value), unit)}"
    if fmt == "금" and value < 0:
        return f"{shown}: a decrease cannot be written as 금…원; quote it in {unit}"
    if fmt == "금":
        return f"{shown}: too large to spell as 금…원 (at most {SPELLABLE_DIGITS} digits of 원); quote it in 천원 or 백만원"
    return f"{shown}: it cannot be printed in {fmt}"


def substitute(text: str, figures: dict, unit: str = "천원") -> str:
    if "@" not in text:
        return text

    def one(m: re.Match) -> str:
        if m[0] == "@@{":
            return "@{"
        name, fmt = m[1].strip(), (m[2] or "").strip()
        if name not in figures:
            raise FigureError(f"unknown figure @{{{name}}}")
        if fmt not in FORMATS:
            raise FigureError(f"unknown format {fmt!r}")
        return quoted(figures[name], fmt, unit)

    return REFERENCE.sub(one, text)


def quoted(value, fmt: str, unit: str = "천원") -> str:
    """A figure (in `unit`) as @{name:fmt} prints it; `fmt` is one of FORMATS."""
    if fmt == "금":  # never negative: official_amount refuses it, and check() reports that
        return official_amount(int(convert_amount(value, unit, "원")))
    # A decrease is printed as budget documents print it: △2,000천원, not -2,000천원.
    sign, value = ("△", -value) if value < 0 else ("", value)
    if fmt == "":
        return sign + format_number(value)
    return sign + format_amount(convert_amount(value, unit, fmt).normalize() if fmt != unit else value, fmt)
