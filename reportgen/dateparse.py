"""Dates and times as people type them (2015-10-06, 10/6(화), 10. 6., 2015년 10월 6일, 오후 4시 30분,
4:30pm) read into date/time objects; koreanfmt prints them in the official form. Every error
message says what to write instead."""

from __future__ import annotations

import re
from datetime import date, time

from .koreanfmt import weekday_ko

__all__ = ["DateError", "split_date", "parse_day", "parse_times", "parse_when"]

DATE_HINT = "write e.g. 2015-10-06, 10/6(화), 10. 6. or 2015년 10월 6일"
TIME_HINT = "write e.g. 16:30~17:45, 4:30pm-5:45pm or 오후 4시 30분~5시 45분"


class DateError(ValueError):
    """A date or time that cannot be read, or a weekday that contradicts its date. `offset` is the
    position in the text where the trouble starts."""

    def __init__(self, message: str, offset: int = 0):
        super().__init__(message)
        self.offset = offset


_DATE = re.compile(
    r"""
    (?: (?P<y>\d{4}) \s* (?:[-./]|년) \s*              # 2015-  2015.  2015년
      | ['’‘] (?P<yy>\d{2}) \s* (?:[-./]|년)? \s*       # '15.
      | (?P<yk>\d{2}) \s* 년 \s* )?                     # 15년
    (?P<m>\d{1,2}) \s* (?:[-./]|월) \s*
    (?P<d>\d{1,2}) (?!\d) (?: \s*\.(?!\d) | \s*일 )?
    """,
    re.X,
)
_EN_DAYS = {"mon": "월", "tue": "화", "wed": "수", "thu": "목", "fri": "금", "sat": "토", "sun": "일"}
_DAY = "[월화수목금토일]|mon|tue|wed|thu|fri|sat|sun"
# A weekday in parentheses, or bare when it stands as a word (화, 화요일) — but 까지 may follow.
_WEEKDAY = re.compile(rf"\s*(?:\(\s*(?P<p>{_DAY})(?:요일|[a-z]*)\s*\)|(?P<b>{_DAY})(?:요일)?(?=까지|[^가-힣a-z]|$))", re.I)
_TIME = re.compile(
    r"""
    \s* (?P<ap1>오전|오후|저녁|a\.?m\.?|p\.?m\.?)? \s*
    (?P<h>\d{1,2}) (?!\d)
    (?: \s*:\s*(?P<m>\d{2})(?!\d) | \s*시 (?: \s*(?P<mk>\d{1,2})\s*분 | \s*(?P<half>반) )? )?
    \s* (?P<ap2>a\.?m\.?|p\.?m\.?)? (?![a-z])
    """,
    re.X | re.I,
)
_RANGE = re.compile(r"\s*(?:~|-|–|—|∼|〜|부터|to\b)\s*", re.I)


def split_date(text: str, near: date | None = None) -> tuple[date, str]:
    """The date at the start of `text` (with its weekday, checked) and the text after it. A date
    without a year takes the year that puts it nearest to `near` (결재일자)."""
    m = _DATE.match(text)
    if m is None:
        raise DateError(f"cannot read the date {text.strip()!r}: {DATE_HINT}")
    month, day = int(m["m"]), int(m["d"])
    if m["y"] or m["yy"] or m["yk"]:
        year = int(m["y"]) if m["y"] else 2000 + int(m["yy"] or m["yk"])
        found = _make(year, month, day, m[0])
    elif near is None:
        raise DateError(f"the date {m[0].strip()!r} has no year and there is no 결재일자 to take it from: write e.g. 2015-10-06")
    else:
        candidates = [d for y in (near.year - 1, near.year, near.year + 1) if (d := _try(y, month, day))]
        if not candidates:
            _make(near.year, month, day, m[0])  # raises with the reason
        found = min(candidates, key=lambda d: abs((d - near).days))
    rest = text[m.end() :]
    w = _WEEKDAY.match(rest)
    if w:
        written = w["p"] or w["b"]
        written = _EN_DAYS.get(written.lower(), written)
        if written != weekday_ko(found):
            raise DateError(
                f"{found.month}월 {found.day}일 ({found.year}) is a {weekday_ko(found)}요일, not {written}: "
                f"write ({weekday_ko(found)}) or leave the weekday out",
                m.end(),
            )
        rest = rest[w.end() :]
    return found, rest


def parse_day(text: str, near: date | None = None) -> date:
    """`text` is a date and nothing else (a weekday may follow)."""
    found, rest = split_date(text.strip(), near)
    if rest.strip():
        raise DateError(f"cannot read {rest.strip()!r} after the date: {DATE_HINT}", len(text) - len(rest))
    return found


def parse_when(text: str, near: date | None = None) -> tuple[date, time | None, time | None]:
    """'2015-10-06 16:30-17:45' → (date, start, end); the times may be left out."""
    text = text.strip()
    found, rest = split_date(text, near)
    start, end = parse_times(rest, offset=len(text) - len(rest)) if rest.strip() else (None, None)
    return found, start, end


def parse_times(text: str, offset: int = 0) -> tuple[time, time | None]:
    """'16:30~17:45', '4:30pm–5:45pm', '오후 4시 30분 ~ 5시 45분', '16:30' → (start, end or None)."""
    first, pos = _one_time(text, 0, offset)
    end = None
    sep = _RANGE.match(text, pos)
    if sep and sep.end() < len(text.rstrip()):
        end, pos = _one_time(text, sep.end(), offset)
    rest = text[pos:].strip()
    if rest in ("까지", "부터"):
        rest = ""
    if rest:
        raise DateError(f"cannot read the time {text.strip()!r} ({rest!r} is left over): {TIME_HINT}", offset + pos)
    if end is None:
        return _clock(first, text, offset), None
    # An end without 오전/오후 takes the start's, and the other way round ("4:30–5:45pm").
    # "오전 11시~1시" ends at 13:00.
    if first[2] and not end[2] and end[0] <= 12:
        end = (end[0], end[1], first[2])
        if first[2] == "am" and _minutes(end) <= _minutes(first):
            end = (end[0], end[1], "pm")
    elif end[2] and not first[2] and first[0] <= 12:
        moved = (first[0], first[1], end[2])
        if _minutes(moved) <= _minutes(end):
            first = moved
    return _clock(first, text, offset), _clock(end, text, offset)


def _one_time(text: str, pos: int, offset: int):
    m = _TIME.match(text, pos)
    # A bare number is not a time: it needs a colon, 시, or am/pm.
    if m is None or not (m["m"] or "시" in m[0] or m["ap1"] or m["ap2"]):
        raise DateError(f"cannot read the time {text.strip()!r}: {TIME_HINT}", offset + pos)
    if m["ap1"] and m["ap2"]:
        raise DateError(f"the time {m[0].strip()!r} says 오전/오후 twice: {TIME_HINT}", offset + pos)
    minute = int(m["m"] or m["mk"] or (30 if m["half"] else 0))
    half = (m["ap1"] or m["ap2"] or "").lower().replace(".", "")
    ampm = {"오전": "am", "am": "am", "오후": "pm", "저녁": "pm", "pm": "pm"}.get(half)
    return (int(m["h"]), minute, ampm), m.end()


def _minutes(t) -> int:
    h, m, ampm = t
    if ampm == "pm" and h < 12:
        h += 12
    elif ampm == "am" and h == 12:
        h = 0
    return h * 60 + m


def _clock(t, text: str, offset: int) -> time:
    h, m, ampm = t
    if h > 23 or m > 59 or (ampm == "am" and h > 12):
        raise DateError(f"the time {text.strip()!r} does not exist (hour 0–23, minute 0–59): {TIME_HINT}", offset)
    total = _minutes(t)
    return time(total // 60, total % 60)


def _try(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _make(year: int, month: int, day: int, written: str) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise DateError(f"the date {written.strip()!r} does not exist ({exc}): {DATE_HINT}") from None
