from datetime import date, time
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportgen import koreanfmt as kf
from reportgen.koreanfmt import char_width_em, text_width_em

# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "iso, expected",
    [
        ("2015-10-06", "화"),
        ("2015-10-08", "목"),
        ("2015-11-05", "목"),
        ("2015-10-19", "월"),
        ("2015-08-21", "금"),
        ("2016-02-29", "월"),  # leap day
    ],
)
def test_weekday_ko(iso, expected):
    assert kf.weekday_ko(date.fromisoformat(iso)) == expected


def test_weekdays_constant():
    assert kf.WEEKDAYS == "월화수목금토일"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2015-08-21", date(2015, 8, 21)),
        ("2016-02-29", date(2016, 2, 29)),
        (" 2015-08-21 ", date(2015, 8, 21)),
    ],
)
def test_parse_date(text, expected):
    assert kf.parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "20150821",
        "2015/08/21",
        "2015. 8. 21.",
        "2015-8-21",
        "2015-W34-5",
        "2015-08-21T00:00",
        "",
        "２０１５-08-21",
    ],
)
def test_parse_date_rejects_non_iso(text):
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        kf.parse_date(text)


@pytest.mark.parametrize("text", ["2015-02-29", "2015-13-01", "2015-04-31"])
def test_parse_date_rejects_impossible_dates(text):
    with pytest.raises(ValueError, match="invalid date"):
        kf.parse_date(text)


D = date(2015, 8, 21)


@pytest.mark.parametrize(
    "d, kwargs, expected",
    [
        (D, {}, "2015. 8. 21."),
        (D, {"style": "compact"}, "2015.8.21."),
        (date(2015, 9, 1), {"year": "short"}, "'15. 9. 1."),
        (date(2015, 10, 6), {"year": "none"}, "10. 6."),
        (date(2015, 10, 6), {"year": "short", "weekday": True}, "'15. 10. 6.(화)"),
        (date(2015, 10, 8), {"year": "none", "weekday": True}, "10. 8.(목)"),
        (date(2015, 10, 6), {"year": "none", "style": "compact"}, "10.6."),
        (date(2015, 10, 6), {"year": "short", "style": "compact"}, "'15.10.6."),
        (date(2005, 1, 2), {"year": "short"}, "'05. 1. 2."),
        (date(2016, 2, 29), {"weekday": True}, "2016. 2. 29.(월)"),
        (date(2015, 12, 31), {"style": "compact", "weekday": True}, "2015.12.31.(목)"),
    ],
)
def test_format_date(d, kwargs, expected):
    assert kf.format_date(d, **kwargs) == expected


def test_format_date_short_year_uses_ascii_apostrophe():
    assert kf.format_date(D, year="short")[0] == "\u0027"


@pytest.mark.parametrize("kwargs", [{"year": "long"}, {"style": "fancy"}])
def test_format_date_rejects_unknown_options(kwargs):
    with pytest.raises(ValueError):
        kf.format_date(D, **kwargs)


@pytest.mark.parametrize(
    "year, expected",
    [
        ("full", "2015. 8."),
        ("short", "'15. 8."),
        ("none", "8."),
    ],
)
def test_format_month(year, expected):
    assert kf.format_month(D, year=year) == expected


@pytest.mark.parametrize(
    "start, end, kwargs, expected",
    [
        (date(2015, 9, 1), date(2017, 12, 31), {"year": "short"}, "'15. 9. 1. ~ '17. 12. 31."),
        (date(2015, 9, 1), date(2015, 9, 30), {}, "2015. 9. 1. ~ 2015. 9. 30."),
        (date(2015, 10, 6), date(2015, 10, 8), {"year": "none", "weekday": True}, "10. 6.(화) ~ 10. 8.(목)"),
        (date(2015, 10, 6), date(2015, 10, 8), {"style": "compact", "sep": "~"}, "2015.10.6.~2015.10.8."),
        (date(2015, 10, 6), date(2015, 10, 6), {"year": "none"}, "10. 6. ~ 10. 6."),
    ],
)
def test_format_date_range(start, end, kwargs, expected):
    assert kf.format_date_range(start, end, **kwargs) == expected


def test_format_date_range_rejects_reversed():
    with pytest.raises(ValueError):
        kf.format_date_range(date(2015, 10, 8), date(2015, 10, 6))


# --------------------------------------------------------------------------- times


@pytest.mark.parametrize(
    "t, expected",
    [
        (time(16, 30), "16:30"),
        (time(7, 9), "07:09"),
        (time(0, 0), "00:00"),
        (time(23, 59, 59), "23:59"),
    ],
)
def test_format_time(t, expected):
    assert kf.format_time(t) == expected


def test_format_time_range():
    assert kf.format_time_range(time(16, 30), time(17, 45)) == "16:30~17:45"
    assert kf.format_time_range(time(9, 0), time(7, 5), sep=" ~ ") == "09:00 ~ 07:05"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("16:30", time(16, 30)),
        ("7:09", time(7, 9)),
        ("07:09", time(7, 9)),
        ("0:00", time(0, 0)),
        ("23:59", time(23, 59)),
    ],
)
def test_parse_time(text, expected):
    assert kf.parse_time(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "24:00",
        "12:60",
        "7:9",
        "16시30분",
        "16:30:00",
        "1630",
        "",
        "4:30 PM",
    ],
)
def test_parse_time_rejects(text):
    with pytest.raises(ValueError):
        kf.parse_time(text)


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    "n, expected",
    [
        (336000, "336,000"),
        (0, "0"),
        (999, "999"),
        (1000, "1,000"),
        (-1200, "-1,200"),
        (336_000_000, "336,000,000"),
        (Decimal("1234.5"), "1,234.5"),
        (Decimal("1234.50"), "1,234.50"),
        (Decimal("1234"), "1,234"),
        (Decimal("1234.0"), "1,234"),
        (Decimal("1E+3"), "1,000"),
        (Decimal("-1234567.25"), "-1,234,567.25"),
        (Decimal("0.5"), "0.5"),
    ],
)
def test_format_number(n, expected):
    assert kf.format_number(n) == expected


@pytest.mark.parametrize(
    "bad, exc",
    [
        (1.5, TypeError),
        ("1000", TypeError),
        (True, TypeError),
        (Decimal("NaN"), ValueError),
    ],
)
def test_format_number_rejects(bad, exc):
    with pytest.raises(exc):
        kf.format_number(bad)


@pytest.mark.parametrize(
    "n, unit, expected",
    [
        (336000, "천원", "336,000천원"),
        (336_000_000, "원", "336,000,000원"),
        (33, "백만원", "33백만원"),
        (Decimal("3.36"), "억원", "3.36억원"),
    ],
)
def test_format_amount(n, unit, expected):
    assert kf.format_amount(n, unit) == expected


def test_format_amount_default_unit_and_unknown_unit():
    assert kf.format_amount(1200) == "1,200천원"
    with pytest.raises(ValueError, match="unit"):
        kf.format_amount(1200, "달러")


@pytest.mark.parametrize(
    "value, src, dst, expected",
    [
        (33, "백만원", "천원", Decimal("33000")),
        (336000, "천원", "원", Decimal("336000000")),
        (336000, "천원", "억원", Decimal("3.36")),
        (Decimal("1.5"), "만원", "원", Decimal("15000")),
        (1234, "원", "천원", Decimal("1.234")),
        ("5", "억원", "만원", Decimal("50000")),
        (7, "원", "원", Decimal("7")),
        (10**30 + 1, "원", "억원", Decimal("10000000000000000000000.00000001")),
    ],
)
def test_convert_amount(value, src, dst, expected):
    result = kf.convert_amount(value, src, dst)
    assert isinstance(result, Decimal)
    assert result == expected


def test_convert_amount_is_exact_for_large_values():
    # Beyond the default 28-digit context precision: nothing may be rounded.
    result = kf.convert_amount(10**30 + 1, "원", "억원")
    assert str(result) == "10000000000000000000000.00000001"
    assert kf.convert_amount(result, "억원", "원") == 10**30 + 1


@pytest.mark.parametrize(
    "args, exc",
    [
        ((1, "원", "달러"), ValueError),
        ((1, "엔", "원"), ValueError),
        ((1.5, "원", "천원"), TypeError),
        (("abc", "원", "천원"), ValueError),
    ],
)
def test_convert_amount_rejects(args, exc):
    with pytest.raises(exc):
        kf.convert_amount(*args)


def test_units_constant():
    assert kf.UNITS == {"원": 1, "천원": 1_000, "만원": 10_000, "백만원": 1_000_000, "억원": 100_000_000}


@pytest.mark.parametrize(
    "won, expected",
    [
        (0, "영원"),
        (1, "일원"),
        (10, "일십원"),
        (11, "일십일원"),
        (100, "일백원"),
        (1000, "일천원"),
        (10000, "일만원"),
        (100_000_000, "일억원"),
        (336_000_000, "삼억삼천육백만원"),
        (113560, "일십일만삼천오백육십원"),
        (1_0000_0000_0000, "일조원"),
        (1_0000_0001, "일억일원"),
        (2_0030_0405, "이억삼십만사백오원"),
        (99_999, "구만구천구백구십구원"),
    ],
)
def test_spell_amount(won, expected):
    assert kf.spell_amount(won) == expected


@pytest.mark.parametrize(
    "bad, exc",
    [
        (-1, ValueError),
        (10**20, ValueError),
        (1.0, TypeError),
        (True, TypeError),
    ],
)
def test_spell_amount_rejects(bad, exc):
    with pytest.raises(exc):
        kf.spell_amount(bad)


@pytest.mark.parametrize(
    "won, expected",
    [
        (336_000_000, "금336,000,000원(금삼억삼천육백만원)"),
        (113560, "금113,560원(금일십일만삼천오백육십원)"),
        (0, "금0원(금영원)"),
    ],
)
def test_official_amount(won, expected):
    assert kf.official_amount(won) == expected


def test_official_amount_rejects_negative():
    with pytest.raises(ValueError):
        kf.official_amount(-5)


# --------------------------------------------------------------------------- markers


@pytest.mark.parametrize(
    "n, expected",
    [
        (1, "가"),
        (2, "나"),
        (3, "다"),
        (4, "라"),
        (8, "아"),
        (14, "하"),
        (15, "거"),
        (16, "너"),
        (28, "허"),
        (29, "고"),
        (43, "구"),
        (57, "그"),
        (71, "기"),
        (84, "히"),
    ],
)
def test_hangul_seq(n, expected):
    assert kf.hangul_seq(n) == expected


def test_hangul_seq_first_cycle_is_ganada():
    assert "".join(kf.hangul_seq(n) for n in range(1, 15)) == "가나다라마바사아자차카타파하"


@pytest.mark.parametrize("n", [0, -1, 85])
def test_hangul_seq_out_of_range(n):
    with pytest.raises(ValueError):
        kf.hangul_seq(n)


@pytest.mark.parametrize(
    "style, n, expected",
    [
        ("1.", 3, "3."),
        ("1.", 12, "12."),
        ("가.", 3, "다."),
        ("가.", 14, "하."),
        ("가.", 15, "거."),
        ("1)", 2, "2)"),
        ("1)", 10, "10)"),
        ("가)", 1, "가)"),
        ("가)", 15, "거)"),
        ("(1)", 1, "(1)"),
        ("(1)", 11, "(11)"),
        ("(가)", 2, "(나)"),
        ("(가)", 16, "(너)"),
        ("①", 1, "①"),
        ("①", 20, "⑳"),
        ("①", 21, "㉑"),
        ("①", 35, "㉟"),
        ("①", 36, "㊱"),
        ("①", 50, "㊿"),
        ("㉮", 1, "㉮"),
        ("㉮", 2, "㉯"),
        ("㉮", 14, "㉻"),
    ],
)
def test_marker(style, n, expected):
    assert kf.marker(style, n) == expected


def test_marker_circled_sequences_are_contiguous():
    circled = [kf.marker("①", n) for n in range(1, 51)]
    assert len(set(circled)) == 50 and all(len(c) == 1 for c in circled)
    assert [kf.marker("㉮", n) for n in range(1, 15)] == [chr(c) for c in range(0x326E, 0x327C)]


def test_every_numbered_style_numbers_the_fewest_markers():
    """validate skips the capacity check of a list no longer than FEWEST_MARKERS."""
    for style in kf.MARKER_STYLES:
        kf.marker(style, kf.FEWEST_MARKERS)
    with pytest.raises(ValueError):
        kf.marker("㉮", kf.FEWEST_MARKERS + 1)


def test_marker_circled_hangul_overflow():
    with pytest.raises(ValueError, match="no circled"):
        kf.marker("㉮", 15)


def test_marker_circled_number_overflow():
    with pytest.raises(ValueError):
        kf.marker("①", 51)


@pytest.mark.parametrize("style", kf.MARKER_STYLES)
def test_marker_rejects_zero(style):
    with pytest.raises(ValueError):
        kf.marker(style, 0)


def test_marker_unknown_style_lists_styles():
    with pytest.raises(ValueError, match=r"\(가\)"):
        kf.marker("□", 1)


def test_marker_styles_constant():
    assert kf.MARKER_STYLES == ("1.", "가.", "1)", "가)", "(1)", "(가)", "①", "㉮")


@pytest.mark.parametrize("style", kf.MARKER_STYLES)
def test_is_numbered_true(style):
    assert kf.is_numbered(style)


@pytest.mark.parametrize("style", ["□", "○", "-", "·", "※", "◦", ""])
def test_is_numbered_false(style):
    assert not kf.is_numbered(style)


ROMAN_1_TO_12 = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ"


@pytest.mark.parametrize("n", range(1, 13))
def test_roman_single_glyphs(n):
    assert kf.roman(n) == ROMAN_1_TO_12[n - 1] == chr(0x2160 + n - 1)


@pytest.mark.parametrize(
    "n, expected",
    [
        (13, "ⅩⅢ"),
        (14, "ⅩⅣ"),
        (19, "ⅩⅨ"),
        (20, "ⅩⅩ"),
        (40, "ⅩⅬ"),
        (49, "ⅩⅬⅨ"),
        (50, "Ⅼ"),
        (99, "ⅩⅭⅨ"),
        (100, "Ⅽ"),
        (2015, "ⅯⅯⅩⅤ"),
    ],
)
def test_roman_composed(n, expected):
    assert kf.roman(n) == expected


@pytest.mark.parametrize("n", [0, -3, 4000])
def test_roman_out_of_range(n):
    with pytest.raises(ValueError):
        kf.roman(n)


# --------------------------------------------------------------------------- spacing / widths


@pytest.mark.parametrize(
    "label, expected",
    [
        ("일시", "일 시"),
        ("성동구", "성 동 구"),
        ("산출내역", "산 출 내 역"),
        ("구 분", "구 분"),
        ("구  분 ", "구 분"),
        ("", ""),
        ("계", "계"),
    ],
)
def test_spaced(label, expected):
    assert kf.spaced(label) == expected


@pytest.mark.parametrize(
    "ch, expected",
    [
        ("□", 1.0),
        ("○", 1.0),
        ("◦", 1.0),
        ("※", 1.0),
        ("·", 1.0),
        ("①", 1.0),
        ("㉮", 1.0),
        ("★", 1.0),
        ("●", 1.0),
        ("가", 1.0),
        ("Ａ", 1.0),
        ("-", 0.5),
        ("1", 0.5),
        (")", 0.5),
        (" ", 0.5),
        ("a", 0.5),
    ],
)
def test_char_width_em(ch, expected):
    assert kf.char_width_em(ch) == expected


@pytest.mark.parametrize("bad", ["", "ab"])
def test_char_width_em_requires_one_char(bad):
    with pytest.raises(ValueError):
        kf.char_width_em(bad)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1)", 1.0),
        ("(가)", 2.0),
        ("□ ", 1.5),
        ("", 0.0),
        ("가. 개요", 4.0),
    ],
)
def test_text_width_em(text, expected):
    assert kf.text_width_em(text) == expected


# ---------------------------------------------------------------------------
# Particles
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, particle",
    [
        ("찾아가는 동 주민센터 추진지원단 구성 및 운영 계획", "을"),  # 획: ㄱ
        ("100일 성과보고회 개최 결과보고", "를"),  # 고: no 받침
        ("보고서", "를"),
        ("운영 계획(안)", "을"),  # the word inside the brackets decides
        ("「행정업무」", "를"),  # 무
        ("2015", "를"),  # 오
        ("제3", "을"),  # 삼
        ("사업 10", "을"),  # 영 (read 십, also ㅂ)
        ("HWP", "을(를)"),  # no Korean reading: both, as officers write it
        ("", "을(를)"),
    ],
)
def test_object_particle_follows_the_final_syllable(text, particle):
    assert kf.object_particle(text) == particle


# ---------------------------------------------------------------- periods and the outline


@pytest.mark.parametrize(
    "start, end, year, expected",
    [
        ("2025-06-23", "2025-06-27", "full", "2025. 6. 23.(월) ~ 6. 27.(금)"),
        ("2025-06-23", "2025-06-27", "short", "'25. 6. 23.(월) ~ 6. 27.(금)"),
        ("2023-12-28", "2024-01-05", "short", "'23. 12. 28.(목) ~ '24. 1. 5.(금)"),  # across a year: both keep it
        ("2023-11-07", None, "full", "2023. 11. 7.(화)"),
        ("2023-11-07", "2023-11-07", "short", "'23. 11. 7.(화)"),
        (None, "2023-11-30", "short", "~ '23. 11. 30.(목)"),
        ("2015-10-08", "2015-10-15", "none", "10. 8.(목) ~ 10. 15.(목)"),
    ],
)
def test_format_period(start, end, year, expected):
    from reportgen.koreanfmt import format_period

    as_date = lambda s: kf.parse_date(s) if s else None  # noqa: E731
    assert format_period(as_date(start), as_date(end), year=year) == expected


def test_format_period_refuses_a_backwards_range():
    from reportgen.koreanfmt import format_period

    with pytest.raises(ValueError, match="ends before it starts"):
        format_period(kf.parse_date("2023-11-30"), kf.parse_date("2023-11-07"))


def test_outline_counts_per_level_and_restarts_under_a_new_parent():
    from reportgen.koreanfmt import Outline

    o = Outline()
    shown = [o.mark("1.", 1), o.mark("가.", 2), o.mark("가.", 2), o.mark("1.", 1), o.mark("가.", 2), o.mark("□", 1), o.mark("가.", 2)]
    assert shown == ["1.", "가.", "나.", "2.", "가.", "□", "가."]
    o.reset()
    assert o.mark("1.", 1) == "1."


@given(st.text(alphabet=st.one_of(st.characters(), st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3))))
def test_text_width_is_the_sum_of_its_characters_widths(text):
    """text_width_em measures with shortcuts (ASCII; ASCII and Hangul syllables only): each must
    give exactly the per-character sum, or a table's row heights — and the HWPX bytes — move."""
    assert text_width_em(text) == sum(map(char_width_em, text))


def test_every_hangul_syllable_is_wide_and_every_ascii_character_narrow():
    assert {char_width_em(chr(c)) for c in range(0xAC00, 0xD7A4)} == {1.0}
    assert {char_width_em(chr(c)) for c in range(0x80)} == {0.5}
