"""Placing spanning cells on a table grid — the one geometry that validation and every writer
drawing tables share."""

from __future__ import annotations

from .model import Cell, Table


def place_cells(table: Table) -> tuple[list[tuple[int, int, Cell]], int, int]:
    """(row, column, cell) for every cell, skipping grid slots covered by earlier spans (a cell
    covered by a rowspan is absent from its row in the model), plus the grid's row and column counts."""
    n_cols = len(table.widths)
    # Per column, the first row below every rowspan placed in it so far: a slot (r, c) is covered
    # when free_from[c] > r (rows are placed top down, and this row's own cells move `c` past theirs).
    free_from = [0] * n_cols
    placed = []
    for r, row in enumerate(table.rows):
        c = 0
        for cell in row:
            while c < n_cols and free_from[c] > r:
                c += 1
            if c + cell.colspan > n_cols:
                raise ValueError(f"row {r + 1} is wider than the table's {n_cols} columns")
            # Checked before the slots are marked: a span of 10^12 rows is refused, not counted out.
            if r + cell.rowspan > len(table.rows):
                raise ValueError(f"the cell at row {r + 1}, column {c + 1} spans {cell.rowspan} rows, past the table's last row")
            placed.append((r, c, cell))
            if cell.rowspan > 1:
                for dc in range(c, c + cell.colspan):
                    free_from[dc] = max(free_from[dc], r + cell.rowspan)
            c += cell.colspan
    return placed, len(table.rows), n_cols


# Measuring text for column widths: the table font's em in mm, a little slack for fonts whose
# glyphs run wider than the nominal em (Nanum standing in for 맑은 고딕), and the cell margins.
_PT_MM = 25.4 / 72
_SLACK = 1.1
_EMPTY_COLUMN_MM = 10.0


def content_widths(table: Table, width_mm: float | None = None) -> tuple[float, ...]:
    """Column widths (mm, summing to `width_mm`) from what the cells hold, as a browser lays out an
    automatic table: each column at least as wide as its widest unbreakable text — a header, a
    label (인 건 비, a letter-spaced word is one group), a number, the longest word of prose — and
    the rest shared out by how much more each column needs to print its cells on one line."""
    from . import layout

    width_mm = width_mm or layout.TEXT_WIDTH_MM
    placed, _, n_cols = place_cells(table)
    least, most = [0.0] * n_cols, [0.0] * n_cols
    em_header, em_body = (layout.STYLES[role].size_pt * _PT_MM * _SLACK for role in ("table_header", "table"))
    margins = 2 * layout.CELL_SIDE_MARGIN_MM + 0.5
    for _, c, cell in placed:
        if cell.colspan != 1:
            continue  # spans take what their columns get
        em_mm = em_header if cell.header else em_body
        whole = cell.header or cell.align in ("center", "right")
        for line in cell.lines:
            text = f"{line.marker} {line.text}" if getattr(line, "marker", "") else line.text
            if not text.strip():
                continue
            full = layout.text_width_em(text) * em_mm + margins
            unbroken = full if whole else max(map(layout.text_width_em, text.split())) * em_mm + margins
            least[c] = max(least[c], unbroken)
            most[c] = max(most[c], full)
    least = [x or _EMPTY_COLUMN_MM for x in least]
    most = [max(m, x) for m, x in zip(most, least)]
    if sum(most) <= width_mm:  # everything fits on one line: share the spare width by need
        return tuple(width_mm * m / sum(most) for m in most)
    if sum(least) >= width_mm:  # even the unbreakable texts overflow: keep their proportions
        return tuple(width_mm * x / sum(least) for x in least)
    spare, wants = width_mm - sum(least), [m - x for m, x in zip(most, least)]
    return tuple(x + spare * w / sum(wants) for x, w in zip(least, wants))
