from __future__ import annotations

import pytest

from reportgen.figures import FigureError, check, references, substitute

FIGURES = {"total": 130000, "grand_total": 336000, "y2015": 76000, "change_total": -2000}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("소요예산: 연간 @{total:천원} 이내", "소요예산: 연간 130,000천원 이내"),
        ("@{grand_total:천원}('15년 @{y2015:천원})", "336,000천원('15년 76,000천원)"),
        ("@{total}", "130,000"),
        ("@{total:백만원}", "130백만원"),
        ("@{grand_total:원}", "336,000,000원"),
        ("@{grand_total:금}", "금336,000,000원(금삼억삼천육백만원)"),
        ("@{ total : 천원 }", "130,000천원"),
        ("@@{total} stays", "@{total} stays"),
        ("증감 @{change_total:천원}", "증감 △2,000천원"),  # a decrease as budget documents print it
        ("@{change_total}", "△2,000"),
        ("@{change_total:백만원}", "△2백만원"),
        ("e-mail a@b.kr {{ x }}", "e-mail a@b.kr {{ x }}"),
    ],
)
def test_substitute(text, expected):
    assert substitute(text, FIGURES, "천원") == expected


def test_references_and_check():
    assert references("a @{total} b @{y2015:천원} @@{no}") == [("total", ""), ("y2015", "천원")]
    assert check("@{total:천원}", FIGURES) == []
    assert "unknown figure @{totl}" in check("@{totl}", FIGURES)[0]
    assert "unknown format 'kg'" in check("@{total:kg}", FIGURES)[0]
    assert check("@{change_total:금}", FIGURES) == [
        "@{change_total:금} is △2,000천원: a decrease cannot be written as 금…원; quote it in 천원"
    ]
    with pytest.raises(FigureError):
        substitute("@{nope}", FIGURES)
