"""What the readers give: a document's blocks in reading order, with their kind kept — a
paragraph (with the number or bullet Hangul printed before it, when that came from automatic
numbering), a table (cells hold blocks again, so a table inside a cell stays a table) and an image.
`lines()` flattens them into the plain text lines the checks compare (one per paragraph, one per
table row with cells joined by tabs and a cell's content by spaces; a slot covered by a row span
is an empty cell, a column span one cell)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property


@dataclass
class Para:
    text: str
    marker: str = ""  # automatic numbering/bullet as printed ("가.", "Ⅱ.", "□"); "" when typed in the text

    @property
    def line(self) -> str:
        return f"{self.marker} {self.text}" if self.marker else self.text


@dataclass
class Image:
    caption: str = ""


@dataclass
class Cell:
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    blocks: list = field(default_factory=list)

    @cached_property  # blocks are not changed once read; the importer asks often
    def text(self) -> str:
        return " ".join(" ".join(x for x in lines(self.blocks) if x.strip()).split())

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]


@dataclass
class Table:
    cells: list[Cell]

    def grid(self) -> list[list[Cell | None]]:
        """Rows of cells in column order; None stands for a slot under a row span (column spans
        take one place)."""
        if not self.cells:
            return []
        at = {(c.row, c.col): c for c in self.cells}
        covered = {}
        for c in self.cells:
            for dr in range(1, c.rowspan):
                covered[(c.row + dr, c.col)] = c.colspan
        n_rows = max(c.row + c.rowspan for c in self.cells)
        n_cols = max(c.col + c.colspan for c in self.cells)
        rows = []
        for r in range(n_rows):
            row, col = [], 0
            while col < n_cols:
                if (r, col) in at:
                    row.append(at[(r, col)])
                    col += at[(r, col)].colspan
                elif (r, col) in covered:
                    row.append(None)
                    col += covered[(r, col)]
                else:
                    col += 1
            rows.append(row)
        return rows

    def text_rows(self) -> list[list[str]]:
        return [list(r) for r in self._text_rows]

    @cached_property
    def _text_rows(self) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(c.text if c else "" for c in row) for row in self.grid())


def lines(blocks) -> list[str]:
    out: list[str] = []
    for b in blocks:
        if isinstance(b, Para):
            out.append(b.line)
        elif isinstance(b, Table):
            out += ["\t".join(row) for row in b.text_rows()]
        elif isinstance(b, Image) and b.caption:
            out.append(b.caption)
    return out


def walk(blocks):
    """Every block, depth first, nested tables' content included."""
    for b in blocks:
        yield b
        if isinstance(b, Table):
            for c in b.cells:
                yield from walk(c.blocks)
