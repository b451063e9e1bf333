"""Placing spanning cells on a table grid — the one geometry that validation and every writer
drawing tables share."""

from __future__ import annotations

from .model import Cell, Table


def place_cells(table: Table) -> tuple[list[tuple[int, int, Cell]], int, int]:
    """(row, column, cell) for every cell, skipping grid slots covered by earlier spans (a cell
    covered by a rowspan is absent from its row in the model), plus the grid's row and column counts."""
    n_cols = len(table.widths)
    covered: set[tuple[int, int]] = set()
    placed = []
    for r, row in enumerate(table.rows):
        c = 0
        for cell in row:
            while (r, c) in covered:
                c += 1
            if c + cell.colspan > n_cols:
                raise ValueError(f"row {r + 1} is wider than the table's {n_cols} columns")
            placed.append((r, c, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    covered.add((r + dr, c + dc))
            c += cell.colspan
    for r, c, cell in placed:
        if r + cell.rowspan > len(table.rows):
            raise ValueError(f"the cell at row {r + 1}, column {c + 1} spans {cell.rowspan} rows, past the table's last row")
    return placed, len(table.rows), n_cols
