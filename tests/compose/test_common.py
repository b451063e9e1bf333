from __future__ import annotations

from pathlib import Path

from reportgen.compose.common import Context, approval_grid, blocks, end_with_mark, header_pairs
from reportgen.config import Config
from reportgen.model import Heading, Item, Paragraph, Table


def ctx():
    return Context(Path("."), Config())


def test_default_markers_by_depth_and_numbering_restarts():
    out = blocks(
        ctx(),
        [
            {"text": "a", "items": [{"text": "b", "items": [{"text": "c"}, {"text": "d", "items": [{"text": "e"}]}]}]},
            {"text": "n1", "marker": "1)"},
            {"text": "n2", "marker": "1)", "child_marker": "가.", "items": [{"text": "x"}, {"text": "y"}]},
            {"text": "n3", "marker": "1)", "items": [{"text": "z", "marker": "가."}]},
        ],
    )
    assert [(i.marker, i.text, i.level) for i in out] == [
        ("□", "a", 1),
        ("○", "b", 2),
        ("-", "c", 3),
        ("-", "d", 3),
        ("·", "e", 4),
        ("1)", "n1", 1),
        ("2)", "n2", 1),
        ("가.", "x", 2),
        ("나.", "y", 2),
        ("3)", "n3", 1),
        ("가.", "z", 2),
    ]


def test_sections_are_numbered_and_paragraphs_indent_inside_items():
    out = blocks(
        ctx(),
        [{"section": "추진 배경", "content": ["text", {"text": "a", "items": ["plain"]}]}, {"section": "행정 사항"}, {"label": "총 평"}],
    )
    assert out[0] == Heading("Ⅰ", "추진 배경")
    assert out[1] == Paragraph("text")
    assert out[3] == Item("", "plain", 2)
    assert out[4] == Heading("Ⅱ", "행정 사항")
    assert out[5] == Paragraph("〈 총 평 〉", "label")


def test_end_mark_rules():
    c = ctx()
    assert end_with_mark([Item("-", "협조.", 2)], {}, c) == [Item("-", "협조.  끝.", 2)]
    table = Table(((),), (1.0,))
    assert end_with_mark([table], {}, c) == [table, Paragraph("  끝.")]
    one = end_with_mark([Paragraph("x")], {"attachments": {"items": ["계획서 1부."]}}, c)
    assert one[-1] == Item("붙임", "계획서 1부.  끝.", 1)
    two = end_with_mark([], {"attachments": {"label": "따로붙임", "items": ["사진 1부.", "자료 1부."]}}, c)
    assert two == [Item("따로붙임", "1. 사진 1부.", 1), Item("따로붙임", "2. 자료 1부.  끝.", 1, marker_visible=False)]


def test_approval_grid_marks():
    record = {
        "header": {"approved_on": "2015-08-21"},
        "approval": {
            "citizen": True,
            "signers": [
                {"title": "주무관", "name": "가", "initiator": True},
                {"title": "팀장", "name": "나", "reporter": True},
                {"title": "국장", "name": "다", "acting": True},
                {"title": "과장", "name": "라", "delegated": True},
            ],
            "cooperation": [{"title": "a", "name": "1"}, {"title": "b", "name": "2", "acting": True}, {"title": "c", "name": "3"}],
        },
    }
    grid = approval_grid(record, Config(reporter_symbol="◎"))
    assert [(s.title, s.name) for s in grid.signers] == [
        ("시 민", ""),
        ("★주무관", "가"),
        ("◎팀장", "나"),
        ("국장", "代다"),
        ("과장", "08/21 전결 라"),
    ]
    assert [[(s.title, s.name) for s in row] for row in grid.cooperation] == [[("a", "1"), ("b", "代2")], [("c", "3")]]
    assert grid.cooperation_label == "협 조"


def test_draft_header_leaves_number_and_date_blank():
    record = {
        "header": {"disclosure": "공개"},
        "approval": {"signers": [{"title": "주무관", "name": "가"}, {"title": "과장", "name": "나"}]},
    }
    assert header_pairs(record) == (("문서번호", ""), ("결재일자", ""), ("공개여부", "공개"), ("방침번호", ""))
    # not signed yet: the final signer's box carries no MM/DD
    assert [s.name for s in approval_grid(record, Config()).signers] == ["가", "나"]


def test_figures_in_any_table_are_right_aligned_unless_the_cell_says_otherwise():
    from reportgen.compose.common import table

    t = table(
        ctx(),
        {"header": [["구분", "인원"]], "rows": [["교육", "1,200"], ["홍보", {"text": "45.7", "align": "center"}], ["비고", "해당 없음"]]},
    )
    assert [row[1].align for row in t.rows] == ["center", "right", "center", "left"]
    assert abs(sum(t.widths) - 170) < 0.01  # widths from the content, filling the text width


def test_computed_cells_are_printed_and_right_aligned():
    from reportgen.compose.common import table

    c = ctx()
    c.figures = {"total": 130000}
    t = table(c, {"header": [["목표", "실적", "달성률"]], "rows": [[100, 80, {"calc": "pct(B2, A2)"}], [{"calc": "@total"}, "", ""]]})
    assert [line.text for line in t.rows[1][2].lines] == ["80.0"] and t.rows[1][2].align == "right"
    assert t.rows[1][0].lines[0].text == "100" and t.rows[2][0].lines[0].text == "130,000"


# ---------------------------------------------------------------- overview, schedule, remarks, contacts


def lines(out) -> list[str]:
    from reportgen.model import block_lines

    return [line for b in out for line in block_lines(b)]


def test_overview_entries_with_typed_values_and_notes():
    c = ctx()
    c.year = 2023
    out = blocks(
        c,
        [
            {
                "overview": [
                    {"label": "점검기간", "date": "2023-11-07", "end_date": "2023-11-30"},
                    {"label": "일시", "date": "2023-11-07", "start": "14:00", "end": "16:00"},
                    {"label": "대상", "text": "다중이용시설 24개소", "notes": ["찜질방 6개소 포함"]},
                    {
                        "label": "참석",
                        "attendees": {
                            "total": 9,
                            "groups": [{"name": "구", "count": 5}, {"name": "소방서", "count": 4, "members": "안전팀"}],
                        },
                    },
                    {"label": "제출기한", "end_date": "2023-11-30", "date_style": "full"},
                    {"label": "방법", "text": "현장 확인", "spaced": False},
                ]
            }
        ],
        depth=2,
    )
    assert lines(out) == [
        "○ 점검기간: '23. 11. 7.(화) ~ 11. 30.(목)",
        "○ 일 시: '23. 11. 7.(화) 14:00~16:00",
        "○ 대 상: 다중이용시설 24개소",
        "※ 찜질방 6개소 포함",
        "○ 참 석: 9명",
        "- 구: 5명",
        "- 소방서(4명): 안전팀",
        "○ 제출기한: ~ 2023. 11. 30.(목)",
        "○ 방법: 현장 확인",
    ]


def test_record_date_style_full_and_kept_years():
    c = ctx()
    c.year, c.date_style = 2023, "full"
    out = blocks(
        c,
        [
            {"overview": [{"label": "기간", "date": "2025-06-23", "end_date": "2025-06-27"}]},
            {"text": "제출", "date": "2023-12-15", "until": True},
            {"text": "제출", "date": "2023-12-15", "keep_year": True},
            {"text": "공유", "date": "2024-01-05"},
        ],
    )
    assert lines(out) == [
        "□ 기 간: 2025. 6. 23.(월) ~ 6. 27.(금)",
        "□ 제출: 12. 15.(금)까지",
        "□ 제출: 2023. 12. 15.(금)",
        "□ 공유: 2024. 1. 5.(금)",
    ]


def test_schedule_rows_are_leader_lines():
    from reportgen.model import Leader

    c = ctx()
    c.year = 2023
    out = blocks(c, [{"schedule": [{"text": "보완 조치 확인", "date": "2023-12-04"}, {"text": "결과 공유", "when": "12월 중"}]}], depth=2)
    assert out == [Leader("○", "보완 조치 확인", "12. 4.(월)", 2), Leader("○", "결과 공유", "12월 중", 2)]


def test_remarks_by_speaker():
    out = blocks(ctx(), [{"remarks": [{"speaker": "구청장", "points": ["철저한 점검", {"text": "후속 조치", "marker": "※"}]}]}], depth=2)
    assert lines(out) == ["○ 구청장", "- 철저한 점검", "※ 후속 조치"]


def test_contact_line_is_a_right_aligned_note():
    out = blocks(
        ctx(),
        [
            {
                "contacts": {
                    "department": "안전총괄과",
                    "people": [{"role": "과장", "name": "이정훈", "phone": "2286-6100"}, {"role": "담당", "phone": 6112}],
                }
            }
        ],
    )
    assert out == [Paragraph("안전총괄과 과장 이정훈 ☎2286-6100, 담당 ☎6112", "note", align="right")]


def test_topics_table_with_two_columns():
    out = blocks(ctx(), [{"topics": [{"topic": "소방", "details": ["a", "b"]}], "columns": ["분야", "지적사항"]}])
    assert lines(out) == ["분야\t지적사항", "소방\t· a · b"]


def test_attachments_any_label_and_counts():
    body = end_with_mark(
        [Paragraph("본문")], {"attachments": {"label": "붙임 문서", "items": [{"text": "점검표", "copies": 2}, "사진 1부."]}}, ctx()
    )
    assert lines(body[1:]) == ["붙임 문서 1. 점검표 2부.", "2. 사진 1부.  끝."]
