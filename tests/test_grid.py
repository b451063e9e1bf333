import pytest

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
    ],
)
def test_misfits_are_named(rows, message):
    with pytest.raises(ValueError, match=message):
        place_cells(Table(rows, (1, 1)))
