import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen.grid import place_cells
from reportgen.model import Cell, Table


def cells(*spans):
    return tuple(Cell((), colspan=c, rowspan=r) for c, r in spans)


def test_spans_skip_covered_slots():
    # 사 업 비 spans four rows; each later row holds only its own two cells
    table = Table((cells((2, 1), (1, 1)), cells((1, 3), (1, 1), (1, 1)), cells((1, 1), (1, 1)), cells((1, 1), (1, 1))), (1, 1, 1))
    placed, rows, cols = place_cells(table)
    assert (rows, cols) == (4, 3)
    assert [(r, c) for r, c, _ in placed] == [(0, 0), (0, 2), (1, 0), (1, 1), (1, 2), (2, 1), (2, 2), (3, 1), (3, 2)]


@pytest.mark.parametrize(
    "rows, message",
    [
        ((cells((1, 1), (1, 1), (1, 1)),), "row 1 is wider than the table's 2 columns"),
        ((cells((1, 2), (1, 1)),), "spans 2 rows, past the table's last row"),
        ((cells((1, 2), (1, 1)), cells((1, 1), (1, 1))), "row 2 is wider"),
        # refused before its slots are counted out (the long hypothesis run grew to 8 GB on this)
        ((cells((1, 10**12), (1, 1)),), "spans 1000000000000 rows, past the table's last row"),
    ],
)
def test_misfits_are_named(rows, message):
    with pytest.raises(ValueError, match=message):
        place_cells(Table(rows, (1, 1)))


def _placed_by_covered_slots(table: Table):
    """place_cells written the obvious way: every slot a rowspan covers, in a set."""
    n_cols, covered, placed = len(table.widths), set(), []
    for r, row in enumerate(table.rows):
        c = 0
        for cell in row:
            while (r, c) in covered:
                c += 1
            if c + cell.colspan > n_cols:
                return f"row {r + 1} is wider than the table's {n_cols} columns"
            if r + cell.rowspan > len(table.rows):
                return f"the cell at row {r + 1}, column {c + 1} spans {cell.rowspan} rows, past the table's last row"
            placed.append((r, c, cell))
            covered |= {(r + dr, c + dc) for dr in range(1, cell.rowspan) for dc in range(cell.colspan)}
            c += cell.colspan
    return placed, len(table.rows), n_cols


_SPANS = st.tuples(st.sampled_from((1, 1, 1, 2, 3)), st.sampled_from((1, 1, 2, 3)))  # (colspan, rowspan), mostly 1


@st.composite
def _tables(draw) -> Table:
    """Rows of spanning cells; most rowspans end by the last row, so that most tables place."""
    rows = draw(st.lists(st.lists(_SPANS, max_size=5), max_size=7))
    if draw(st.booleans()):
        rows = [[(c, min(r, len(rows) - i)) for c, r in row] for i, row in enumerate(rows)]
    return Table(tuple(cells(*row) for row in rows), (1.0,) * draw(st.integers(2, 16)))


@settings(max_examples=500, deadline=None)
@given(_tables())
def test_cells_are_placed_as_by_covered_slots(table):
    """Overlapping spans included: the per-column rows place every cell where the set of covered
    slots does, and refuse the same tables."""
    expected = _placed_by_covered_slots(table)
    try:
        got = place_cells(table)
    except ValueError as exc:
        assert str(exc) == expected
    else:
        assert got == expected


def test_content_widths_keep_labels_whole_and_share_the_rest_by_need():
    from reportgen.grid import content_widths
    from reportgen.koreanfmt import text_width_em
    from reportgen.model import Paragraph

    def cell(text, **kw):
        return Cell((Paragraph(text, "table"),), **kw)

    prose = "자치구 특성 및 여건에 능통한 지역 전문가 발굴 및 연계 " * 4
    table = Table(((cell("시 설 비", align="center"), cell("12,000", align="right"), cell(prose)),), (1, 1, 1))
    widths = content_widths(table, 170)
    em_mm = 12 * 25.4 / 72
    assert widths[0] >= text_width_em("시 설 비") * em_mm and widths[1] >= text_width_em("12,000") * em_mm
    assert widths[2] > widths[0] + widths[1] and abs(sum(widths) - 170) < 1e-9
    short = content_widths(Table(((cell("가"), cell("나나나나")),), (1, 1)), 100)
    assert short[1] > short[0]
