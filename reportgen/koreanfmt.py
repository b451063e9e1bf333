"""Korean official-document (공문서) formatting rules, kept in one place.

Everything here is a pure function over stdlib types so that templates,
validators and renderers all produce identical text.  The conventions follow
the 「행정 효율과 협업 촉진에 관한 규정 시행규칙」 (hereafter 시행규칙) where it
speaks (dates, amounts, item markers) and common 공문서 practice elsewhere.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, time
from decimal import Decimal, Inexact, InvalidOperation, localcontext

__all__ = [
    "WEEKDAYS",
    "weekday_ko",
    "parse_date",
    "format_date",
    "format_month",
    "format_date_range",
    "format_period",
    "DATE_STYLES",
    "format_time",
    "format_time_range",
    "parse_time",
    "UNITS",
    "format_number",
    "format_amount",
    "convert_amount",
    "spell_amount",
    "official_amount",
    "MARKER_STYLES",
    "FEWEST_MARKERS",
    "hangul_seq",
    "marker",
    "is_numbered",
    "Outline",
    "roman",
    "hancom_number",
    "spaced",
    "char_width_em",
    "text_width_em",
    "has_final_consonant",
    "object_particle",
]

# ---------------------------------------------------------------------------
# Dates and times
# ---------------------------------------------------------------------------

WEEKDAYS = "월화수목금토일"  # indexed by date.weekday() (Monday == 0)

_YEAR_MODES = ("full", "short", "none")
_DATE_STYLES = ("official", "compact")

# ASCII digits only: \d would also accept e.g. Arabic-Indic digits.
# The years a public document can bear; .hwp stamps dates as Windows FILETIME, which starts in 1601.
MIN_YEAR, MAX_YEAR = 1900, 2999
_ISO_DATE_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_TIME_RE = re.compile(r"([0-9]{1,2}):([0-9]{2})")


def weekday_ko(d: date) -> str:
    """One-syllable Korean weekday, e.g. 2015-10-06 -> "화"."""
    return WEEKDAYS[d.weekday()]


def parse_date(text: str) -> date:
    """Parse a strict ISO ``YYYY-MM-DD`` date.

    ``date.fromisoformat`` is deliberately not used on its own: since 3.11 it
    also accepts "20150821", week dates etc., and input data should have one
    spelling only.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_date expects str, got {type(text).__name__}")
    m = _ISO_DATE_RE.fullmatch(text.strip())
    if m is None:
        raise ValueError(f"invalid date {text!r}: expected ISO format YYYY-MM-DD, e.g. 2015-08-21")
    if not MIN_YEAR <= int(m[1]) <= MAX_YEAR:
        raise ValueError(f"invalid date {text!r}: the year must be between {MIN_YEAR} and {MAX_YEAR}")
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError as exc:
        raise ValueError(f"invalid date {text!r}: {exc}") from None


def _check_choice(name: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {allowed}, got {value!r}")


def _date_parts(d: date, year: str, with_day: bool) -> list[str]:
    _check_choice("year", year, _YEAR_MODES)
    parts: list[str] = []
    if year == "full":
        parts.append(str(d.year))
    elif year == "short":
        parts.append(f"'{d.year % 100:02d}")  # ASCII apostrophe, as typed in 공문서
    parts.append(str(d.month))  # no leading zeros (시행규칙: "2015. 8. 21.")
    if with_day:
        parts.append(str(d.day))
    return parts


def _join_date(parts: list[str], style: str) -> str:
    _check_choice("style", style, _DATE_STYLES)
    # 시행규칙 제2조: year/month/day are written as digits each followed by a
    # period; "official" keeps the space after each period, "compact" is the
    # space-free variant used in document headers.
    sep = ". " if style == "official" else "."
    return sep.join(parts) + "."


def format_date(d: date, *, year: str = "full", style: str = "official", weekday: bool = False) -> str:
    """Format a date: "2015. 8. 21.", "'15. 10. 6.(화)", "2015.8.21." ..."""
    text = _join_date(_date_parts(d, year, with_day=True), style)
    if weekday:
        text += f"({weekday_ko(d)})"
    return text


def format_month(d: date, *, year: str = "full") -> str:
    """Year-month only, as used on cover pages: "2015. 8."."""
    return _join_date(_date_parts(d, year, with_day=False), "official")


def format_date_range(
    start: date, end: date, *, year: str = "full", style: str = "official", weekday: bool = False, sep: str = " ~ "
) -> str:
    """Two dates joined by ``sep``; both ends use the same options.

    The year is never elided on the second end even when equal: simpler to
    predict, and never ambiguous when a range crosses a year boundary.
    """
    if end < start:
        raise ValueError(f"date range ends before it starts: {start} > {end}")
    opts = dict(year=year, style=style, weekday=weekday)
    return f"{format_date(start, **opts)}{sep}{format_date(end, **opts)}"


# A record's date style: "full" prints 2023. 11. 7., "short" the apostrophe year '23. 11. 7.
DATE_STYLES = ("full", "short")


def format_period(start: date | None, end: date | None = None, *, year: str = "short", weekday: bool = True) -> str:
    """A date, a range or an open-ended deadline as 보고서 print them:
    "'25. 6. 23.(월)", "'25. 6. 23.(월) ~ 6. 27.(금)" (the end keeps its year only when it differs
    from the start's), "~ '23. 11. 30." (no start: until then)."""
    if start is None and end is None:
        raise ValueError("format_period needs a start or an end date")
    if start is None:
        return f"~ {format_date(end, year=year, weekday=weekday)}"
    text = format_date(start, year=year, weekday=weekday)
    if end is None or end == start:
        return text
    if end < start:
        raise ValueError(f"date range ends before it starts: {start} > {end}")
    end_year = "none" if end.year == start.year else (year if year != "none" else "short")
    return f"{text} ~ {format_date(end, year=end_year, weekday=weekday)}"


def format_time(t: time) -> str:
    """24-hour "HH:MM" with zero padding ("07:09"); seconds are dropped."""
    return f"{t.hour:02d}:{t.minute:02d}"


def format_time_range(start: time, end: time, sep: str = "~") -> str:
    """ "16:30~17:45".  No ordering check: events may run past midnight."""
    return f"{format_time(start)}{sep}{format_time(end)}"


def parse_time(text: str) -> time:
    """Parse "16:30" or "7:09" (24-hour, minutes always two digits)."""
    if not isinstance(text, str):
        raise TypeError(f"parse_time expects str, got {type(text).__name__}")
    m = _TIME_RE.fullmatch(text.strip())
    if m is None:
        raise ValueError(f"invalid time {text!r}: expected 24-hour H:MM or HH:MM, e.g. 16:30")
    hour, minute = int(m[1]), int(m[2])
    if hour > 23 or minute > 59:
        raise ValueError(f"invalid time {text!r}: hour must be 0-23 and minute 0-59")
    return time(hour, minute)


# ---------------------------------------------------------------------------
# Amounts
# ---------------------------------------------------------------------------

UNITS = {"원": 1, "천원": 1_000, "만원": 10_000, "백만원": 1_000_000, "억원": 100_000_000}


def _check_unit(unit: str) -> int:
    try:
        return UNITS[unit]
    except (KeyError, TypeError):
        raise ValueError(f"unknown unit {unit!r}; expected one of {list(UNITS)}") from None


def _to_decimal(value, func: str) -> Decimal:
    """Accept int / Decimal / numeric str; refuse float (binary rounding noise)."""
    if isinstance(value, bool) or isinstance(value, float):
        raise TypeError(f"{func} expects int, Decimal or str, got {type(value).__name__}")
    if isinstance(value, Decimal):
        d = value
    elif isinstance(value, (int, str)):
        try:
            d = Decimal(value.strip() if isinstance(value, str) else value)
        except InvalidOperation:
            raise ValueError(f"{func}: not a number: {value!r}") from None
    else:
        raise TypeError(f"{func} expects int, Decimal or str, got {type(value).__name__}")
    if not d.is_finite():
        raise ValueError(f"{func}: number must be finite, got {value!r}")
    return d


def format_number(n: int | Decimal, decimals: int | None = None) -> str:
    """Thousands separators: 336000 -> "336,000", Decimal("1234.5") -> "1,234.5".

    Fractional digits of a Decimal are kept exactly as given (no rounding);
    an integral Decimal such as Decimal("1234.0") prints as "1,234" — unless `decimals` asks for
    a fixed number of them, as ratios print (달성률 80.0).
    """
    if isinstance(n, bool) or not isinstance(n, (int, Decimal)):
        raise TypeError(f"format_number expects int or Decimal, got {type(n).__name__}")
    if decimals is not None:
        return f"{Decimal(n):,.{decimals}f}"
    if isinstance(n, int):
        return f"{n:,}"
    if not n.is_finite():
        raise ValueError(f"format_number: number must be finite, got {n!r}")
    if n == n.to_integral_value():
        return f"{int(n):,}"
    return f"{n:,f}"


def format_change(n: int | Decimal, decimals: int | None = None) -> str:
    """증감 as Korean budget tables print it: a decrease with △ (△2,000), an increase bare, none "-"."""
    if n == 0:
        return "-"
    return ("△" if n < 0 else "") + format_number(abs(n), decimals)


# A cell that holds only a figure (130,000 · △2,000 · 45.7 · 80.0% · 336,000천원): right-aligned.
_NUMBER_TEXT = re.compile(r"[△▲+\-−]?[0-9]{1,3}(?:,[0-9]{3})*(?:\.[0-9]+)?(?:[0-9]*)\s*(?:%|원|천원|백만원|억원)?")


def is_number_text(text: str) -> bool:
    return bool(_NUMBER_TEXT.fullmatch(text.strip())) and any(ch.isdigit() for ch in text)


def format_amount(n, unit: str = "천원") -> str:
    """ "336,000천원": the number is printed as given (no conversion)."""
    _check_unit(unit)
    return format_number(n) + unit


def convert_amount(value, from_unit: str, to_unit: str) -> Decimal:
    """Convert between UNITS exactly, e.g. 33 백만원 -> Decimal(33000) 천원.

    Ratios are powers of ten, so the result is always exact; the Inexact trap
    guarantees we never silently round.
    """
    src, dst = _check_unit(from_unit), _check_unit(to_unit)
    d = _to_decimal(value, "convert_amount")
    with localcontext() as ctx:
        ctx.prec = max(28, len(d.as_tuple().digits) + 20)
        ctx.traps[Inexact] = True
        return d * src / dst


_DIGITS_KO = "영일이삼사오육칠팔구"
_SMALL_UNITS_KO = ("", "십", "백", "천")
_LARGE_UNITS_KO = ("", "만", "억", "조", "경")
SPELLABLE_DIGITS = 4 * len(_LARGE_UNITS_KO)  # 금…원 spells up to 9999경…: 20 digits


def spell_amount(won: int) -> str:
    """Spell an amount in Hangul: 336000000 -> "삼억삼천육백만원".

    "일" is kept before 십/백/천/만 ("일십일만...") as 시행규칙 제2조② writes
    amounts, which also prevents tampering by prefixing a digit.
    """
    if isinstance(won, bool) or not isinstance(won, int):
        raise TypeError(f"spell_amount expects int, got {type(won).__name__}")
    if won < 0:
        raise ValueError(f"spell_amount: amount must not be negative, got {won}")
    if won >= 10_000 ** len(_LARGE_UNITS_KO):
        raise ValueError(f"spell_amount: amount too large to spell, got {won}")
    if won == 0:
        return "영원"
    out: list[str] = []
    for group_idx in range(len(_LARGE_UNITS_KO) - 1, -1, -1):
        group = won // 10_000**group_idx % 10_000
        if group == 0:
            continue  # a zero group contributes neither digits nor its unit
        for pos in range(3, -1, -1):
            digit = group // 10**pos % 10
            if digit:
                out.append(_DIGITS_KO[digit] + _SMALL_UNITS_KO[pos])
        out.append(_LARGE_UNITS_KO[group_idx])
    return "".join(out) + "원"


def official_amount(won: int) -> str:
    """Amount in figures with the Hangul spelling: "금336,000,000원(금삼억삼천육백만원)"."""
    spelled = spell_amount(won)  # validates first
    return f"금{format_number(won)}원(금{spelled})"


# ---------------------------------------------------------------------------
# Item markers (항목 구분)
# ---------------------------------------------------------------------------

# 시행규칙 제2조①: levels 1-8 of item numbering, in order.
MARKER_STYLES = ("1.", "가.", "1)", "가)", "(1)", "(가)", "①", "㉮")
FEWEST_MARKERS = 14  # ㉮..㉻, the style with the fewest glyphs: a list no longer than this never runs out

# Initial consonants in 가나다 order, as indices into the Unicode choseong
# table (ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ); double consonants are skipped.
_SEQ_INITIALS = (0, 2, 3, 5, 6, 7, 9, 11, 12, 14, 15, 16, 17, 18)  # ㄱㄴㄷㄹㅁㅂㅅㅇㅈㅊㅋㅌㅍㅎ
# Vowels ㅏ ㅓ ㅗ ㅜ ㅡ ㅣ as indices into the jungseong table.
_SEQ_VOWELS = (0, 4, 8, 13, 18, 20)
_HANGUL_BASE = 0xAC00  # 가
_N_VOWELS, _N_FINALS = 21, 28


def hangul_seq(n: int) -> str:
    """n-th syllable of the 가나다 sequence: 1 -> 가, 14 -> 하, 15 -> 거, 29 -> 고.

    Past 하 the sequence continues 거너더… (then 고, 구, 그, 기), which is how
    long lists are lettered in practice; 84 (= 14 × 6, up to 히) is the end.
    """
    limit = len(_SEQ_INITIALS) * len(_SEQ_VOWELS)
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"hangul_seq expects int, got {type(n).__name__}")
    if not 1 <= n <= limit:
        raise ValueError(f"hangul_seq: n must be between 1 and {limit}, got {n}")
    vowel_idx, initial_idx = divmod(n - 1, len(_SEQ_INITIALS))
    code = _HANGUL_BASE + (_SEQ_INITIALS[initial_idx] * _N_VOWELS + _SEQ_VOWELS[vowel_idx]) * _N_FINALS
    return chr(code)


def _circled_number(n: int) -> str:
    # Unicode scatters circled numbers over three blocks.
    if 1 <= n <= 20:
        return chr(0x2460 + n - 1)  # ①..⑳
    if 21 <= n <= 35:
        return chr(0x3251 + n - 21)  # ㉑..㉟
    if 36 <= n <= 50:
        return chr(0x32B1 + n - 36)  # ㊱..㊿
    raise ValueError(f"marker '①': no circled number glyph exists for {n} (max 50)")


def _circled_hangul(n: int) -> str:
    # ㉮..㉻ cover only 가..하 (14 glyphs); there is no circled 거.
    if 1 <= n <= 14:
        return chr(0x326E + n - 1)
    raise ValueError(f"marker '㉮': no circled Hangul glyph exists for item {n} (max 14, ㉻)")


def marker(style: str, n: int) -> str:
    """The n-th (1-based) item marker of ``style``: marker("가.", 3) -> "다."."""
    if style not in MARKER_STYLES:
        raise ValueError(f"unknown marker style {style!r}; expected one of {MARKER_STYLES}")
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"marker expects int n, got {type(n).__name__}")
    if n < 1:
        raise ValueError(f"marker: n is 1-based, got {n}")
    if style == "①":
        return _circled_number(n)
    if style == "㉮":
        return _circled_hangul(n)
    # The remaining styles are the template with its 1/가 replaced.
    if "1" in style:
        return style.replace("1", str(n))
    return style.replace("가", hangul_seq(n))


def is_numbered(style: str) -> bool:
    """True for the numbered MARKER_STYLES, False for bullets like □ ○ - · ※."""
    return style in MARKER_STYLES


class Outline:
    """The numbering of one document's items: a numbered style (1. 가. 1) …) counts among the items
    of its level since the last item of a higher level, so every list restarts under a new parent
    whatever composed it (the record's own items or a kind's fixed sections). Symbols (□ ○ - ·)
    are printed as they are."""

    def __init__(self):
        self._counts: dict[int, dict[str, int]] = {}

    def reset(self, depth: int = 0) -> None:
        """Forget the counts below `depth` (0: all — a new Roman section or page part)."""
        for level in [k for k in self._counts if k > depth]:
            del self._counts[level]

    def mark(self, style: str, depth: int) -> str:
        """The marker to print for the next item of `style` at `depth`."""
        self.reset(depth)
        if not is_numbered(style):
            return style
        counts = self._counts.setdefault(depth, {})
        counts[style] = counts.get(style, 0) + 1
        return marker(style, counts[style])


_ROMAN_SINGLE = {n: chr(0x2160 + n - 1) for n in range(1, 13)}  # Ⅰ..Ⅻ
_ROMAN_UNITS = (
    (1000, "Ⅿ"),
    (900, "ⅭⅯ"),
    (500, "Ⅾ"),
    (400, "ⅭⅮ"),
    (100, "Ⅽ"),
    (90, "ⅩⅭ"),
    (50, "Ⅼ"),
    (40, "ⅩⅬ"),
    (10, "Ⅹ"),
)


def roman(n: int) -> str:
    """Unicode Roman numeral: 1..12 as single glyphs (Ⅰ..Ⅻ), above that the
    tens and up from Ⅹ/Ⅼ/Ⅽ/Ⅾ/Ⅿ plus a single-glyph ones digit (13 -> "ⅩⅢ")."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"roman expects int, got {type(n).__name__}")
    if not 1 <= n <= 3999:
        raise ValueError(f"roman: n must be between 1 and 3999, got {n}")
    if n in _ROMAN_SINGLE:
        return _ROMAN_SINGLE[n]
    out: list[str] = []
    rest = n
    for value, glyph in _ROMAN_UNITS:
        count, rest = divmod(rest, value)
        out.append(glyph * count)
    if rest:
        out.append(_ROMAN_SINGLE[rest])
    return "".join(out)


# ---------------------------------------------------------------------------
# Spacing and widths
# ---------------------------------------------------------------------------


def spaced(label: str) -> str:
    """Letter-space a short label ("일시" -> "일 시") so table headings line up."""
    return " ".join("".join(label.split()))


# Marker symbols that Unicode does not classify as ambiguous but which Korean
# fonts draw full-width all the same.
_WIDE_SYMBOLS = frozenset("◦∙")


def char_width_em(ch: str) -> float:
    """Display width in em: wide/fullwidth and ambiguous ("A") characters are
    1.0 because Korean fonts render the ambiguous marker symbols (□ ○ ※ · ①)
    full-width; everything else (ASCII, space) is 0.5."""
    if not isinstance(ch, str) or len(ch) != 1:
        raise ValueError(f"char_width_em expects a single character, got {ch!r}")
    if ch in _WIDE_SYMBOLS or unicodedata.east_asian_width(ch) in ("W", "F", "A"):
        return 1.0
    return 0.5


def text_width_em(text: str) -> float:
    """Total display width of ``text`` in em: char_width_em summed. Halves and wholes add up
    exactly in any order, so the shortcuts give the same number: ASCII is all half-width and
    Hangul syllables all wide; only the other characters are looked up one by one (compose and the
    HWPX writer measure every cell of a table)."""
    if text.isascii():
        return len(text) * 0.5
    ascii_chars = len(text.encode("ascii", "ignore"))
    if _NEITHER_ASCII_NOR_HANGUL.search(text) is None:  # (most text: no list to make)
        return ascii_chars * 0.5 + (len(text) - ascii_chars)
    others = _NEITHER_ASCII_NOR_HANGUL.findall(text)
    return ascii_chars * 0.5 + (len(text) - ascii_chars - len(others)) + sum(map(_char_width, others), 0.0)


_NEITHER_ASCII_NOR_HANGUL = re.compile("[^\x00-\x7f\uac00-\ud7a3]")


class _CharWidths(dict):
    """char → char_width_em, filled on first sight: the same few hundred glyphs, over and over (a
    dict lookup costs half an lru_cache call, and compose measures every cell of a table)."""

    def __missing__(self, ch: str) -> float:
        width = char_width_em(ch)
        if len(self) < 8192:  # bounded, whatever a long-running service is sent
            self[ch] = width
        return width


_char_width = _CharWidths().__getitem__


def spaced_if_short(label: str, max_chars: int) -> str:
    """Letter-space a label only when it is short enough to be a spread label (구 분, 인 건 비);
    longer phrases (민관협력강화) are printed as written."""
    bare = label.replace(" ", "")
    return spaced(label) if 2 <= len(bare) <= max_chars else label


# Hangul's automatic numbering formats (OWPML numFormat; HWP 5 uses the same list by index).
_HANCOM_SERIES = {
    "HANGUL_JAMO": "ㄱㄴㄷㄹㅁㅂㅅㅇㅈㅊㅋㅌㅍㅎ",
    "CIRCLED_HANGUL_JAMO": "㉠㉡㉢㉣㉤㉥㉦㉧㉨㉩㉪㉫㉬㉭",
    "HANGUL_PHONETIC": "일이삼사오육칠팔구십",
    "IDEOGRAPH": "一二三四五六七八九十",
    "CIRCLED_IDEOGRAPH": "㊀㊁㊂㊃㊄㊅㊆㊇㊈㊉",
    "LATIN_CAPITAL": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "LATIN_SMALL": "abcdefghijklmnopqrstuvwxyz",
    "CIRCLED_LATIN_CAPITAL": "ⒶⒷⒸⒹⒺⒻⒼⒽⒾⒿⓀⓁⓂⓃⓄⓅⓆⓇⓈⓉⓊⓋⓌⓍⓎⓏ",
    "CIRCLED_LATIN_SMALL": "ⓐⓑⓒⓓⓔⓕⓖⓗⓘⓙⓚⓛⓜⓝⓞⓟⓠⓡⓢⓣⓤⓥⓦⓧⓨⓩ",
}


def hancom_number(fmt: str, n: int) -> str:
    """The n-th number in one of Hangul's numbering formats, as Hangul prints it:
    ("HANGUL_SYLLABLE", 6) -> "바", ("ROMAN_CAPITAL", 2) -> "Ⅱ", ("CIRCLED_DIGIT", 3) -> "③".
    Past a format's glyphs (or for a format not listed) the Arabic number is printed."""
    try:
        if fmt == "HANGUL_SYLLABLE":
            return hangul_seq(n)
        if fmt == "CIRCLED_HANGUL_SYLLABLE":
            return _circled_hangul(n)
        if fmt == "CIRCLED_DIGIT":
            return _circled_number(n)
        if fmt == "ROMAN_CAPITAL":
            return roman(n)
        if fmt == "ROMAN_SMALL":
            return roman(n).lower() if n > 12 else chr(0x2170 + n - 1)
        series = _HANCOM_SERIES.get(fmt)
        if series and 1 <= n <= len(series):
            return series[n - 1]
    except ValueError:
        pass
    return str(n)


# ---------------------------------------------------------------------------
# Particles (조사)
# ---------------------------------------------------------------------------

# Digits read aloud: 영 일 이 삼 사 오 육 칠 팔 구 — which readings end in a consonant (받침).
_DIGIT_FINAL = dict(zip("0123456789", (True, True, False, True, False, False, True, True, True, False)))
# Closing marks after the last word: 「계획」을, (안)을 — the particle follows the word inside.
_TRAILING = " )]}」』〉》’”'\".…"


def has_final_consonant(text: str) -> bool | None:
    """Whether `text` ends, as read aloud, in a final consonant (받침): 계획 → True, 보고서 → False,
    2015 → False (…오); closing brackets and quotes are skipped. None when the last character has
    no Korean reading (Latin letters, symbols)."""
    stripped = text.rstrip(_TRAILING)
    if not stripped:
        return None
    last = stripped[-1]
    if "가" <= last <= "힣":
        return (ord(last) - _HANGUL_BASE) % _N_FINALS != 0
    return _DIGIT_FINAL.get(last)


def object_particle(text: str) -> str:
    """The object particle after `text`: 을 after a final consonant, 를 after a vowel, and 을(를)
    when the ending cannot be read (as officers write it by hand)."""
    final = has_final_consonant(text)
    return "을(를)" if final is None else "을" if final else "를"
