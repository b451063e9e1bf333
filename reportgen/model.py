"""The neutral document model: what every writer renders.

Composers turn a record kind (plan, result, …) into a `Document`; writers turn a `Document` into
bytes. Writers know these blocks and nothing about record kinds, figures or Korean formatting —
every string here is final text, markers included.

Nothing changes a block once it is composed (writers read it; `replace` makes a changed copy), so
every class is hashable by value — yet not frozen: a frozen dataclass sets each field through
object.__setattr__, which makes its __init__ some 3× slower, and compose builds a few hundred
blocks per record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath

from .images import Photo


@dataclass(unsafe_hash=True)
class Paragraph:
    """A plain paragraph. `role` picks the style: body, lead, label (〈 총 평 〉), note, caption."""

    text: str
    role: str = "body"
    align: str = ""  # empty: the role's alignment; left | center | right (the contact line)


@dataclass(unsafe_hash=True)
class Item:
    """One bullet or numbered item. `level` (1 = left base line) drives the indent; `marker` is
    printed before the text with the hanging indent measured from it (empty for an unmarked line)."""

    marker: str
    text: str
    level: int = 1
    marker_visible: bool = True  # False: indent as if the marker were there (붙임 lines 2, 3, …)


@dataclass(unsafe_hash=True)
class Leader:
    """An item whose `tail` stands at the right margin after a dot leader (a schedule row: what
    …… when). Writers print a real right tab stop with a dot leader, never typed dots."""

    marker: str
    text: str
    tail: str
    level: int = 1


@dataclass(unsafe_hash=True)
class Heading:
    """A Roman-numbered section heading, e.g. number "Ⅲ" and text "세 부 추진 계획"."""

    number: str
    text: str


@dataclass(unsafe_hash=True)
class Cell:
    """A table cell: one or more lines (paragraphs or items), spanning `colspan` × `rowspan` grid
    cells. A cell covered by another cell's span is simply absent from its row."""

    lines: tuple[Paragraph | Item, ...]
    colspan: int = 1
    rowspan: int = 1
    header: bool = False
    align: str = "left"  # left | center | right


@dataclass(unsafe_hash=True)
class Table:
    """Rows of cells on a grid of `len(widths)` columns; `widths` are relative (they are scaled to
    the text width). The first `header_rows` rows repeat on each page."""

    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[float, ...]
    header_rows: int = 1
    caption: str = ""  # a unit line printed above the table at the right, e.g. "(단위: 천원)"
    # least height (mm) of each row by index, 0 = as its text needs: room for a handwritten signature
    row_heights_mm: tuple[float, ...] = ()
    keep_together: bool = False  # printed whole on one page: a form's grid, such as a 기안문's 결문
    cell_role: str = "table"  # the text role of its (non-header) cells: "grid" for a 결재란's small type


@dataclass(unsafe_hash=True)
class Image:
    """A photo with its caption. `photo` holds the image itself (read by the composer through the
    record's resolver, so writers never touch files); when it is None the photo could not be had, and
    writers draw a box of the photo's size holding `placeholder_text`, with the caption below it."""

    name: str  # the file's name, for the placeholder and the embedded part's description
    caption: str = ""
    width_mm: float = 120.0
    height_mm: float = 80.0
    photo: Photo | None = None
    source: str = ""  # the name the resolver knows it by (batch tracks it as a dependency)

    @property
    def missing(self) -> bool:
        return self.photo is None

    @property
    def placeholder_text(self) -> str:
        """What the box of a missing photo says, in every format."""
        return f"[사진 없음: {PurePath(self.name).name}]"


@dataclass(unsafe_hash=True)
class PageBreak:
    """The next block starts a new page. (A docstring also spares dataclass an inspect.signature.)"""


Block = Paragraph | Item | Leader | Heading | Table | Image | PageBreak


@dataclass(unsafe_hash=True)
class Signer:
    """One box of the approval grid: 직위 printed in the top row, the signature line below."""

    title: str
    name: str = ""


@dataclass(unsafe_hash=True)
class ApprovalGrid:
    """The 결재 row (one column per signer, in order) and the 협조 rows (pairs of 직위 and name)."""

    signers: tuple[Signer, ...]
    cooperation_label: str = "협 조"
    cooperation: tuple[tuple[Signer, ...], ...] = ()
    cooperation_pairs: int = 2  # pairs per 협조 row: the grid has 1 + 2 × pairs columns

    def __post_init__(self):
        # Writers take the column count from cooperation_pairs alone, so no row may be longer.
        longest = max((len(row) for row in self.cooperation), default=0)
        if longest > self.cooperation_pairs:
            raise ValueError(f"a 협조 row holds {longest} pairs, more than cooperation_pairs={self.cooperation_pairs}")


@dataclass(unsafe_hash=True)
class Cover:
    """The cover page: slogan line, title, date, issuer (letter-spaced) and department line."""

    slogan: str = ""
    title: str = ""
    date: str = ""
    organisation: str = ""
    department: str = ""


@dataclass(unsafe_hash=True)
class TitleBlock:
    """The top of the body page: slogan line and title."""

    slogan: str = ""
    title: str = ""


@dataclass
class Document:
    """A whole official document, ready to write."""

    header: tuple[tuple[str, str], ...]  # (label, value): 문서번호, 결재일자, 공개여부, 방침번호
    approval: ApprovalGrid
    cover: Cover | None
    title: TitleBlock
    body: list[Block] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # computed figures the text quotes: id → (label, value), for change reports; writers ignore it
    figures: dict[str, tuple[str, int]] = field(default_factory=dict)
    # metadata for the package (fixed, so the same record gives the same bytes)
    meta_title: str = ""
    meta_author: str = ""
    meta_date: str = ""  # ISO date, used as created/modified timestamp

    def text_lines(self) -> list[str]:
        """Every printed line in reading order — for previews, tests and change reports."""
        lines = [f"{label}\t{value}" for label, value in self.header]
        grid = self.approval
        lines.append("\t".join(s.title for s in grid.signers))
        lines.append("\t".join(s.name for s in grid.signers))
        for i, row in enumerate(grid.cooperation or ((),)):
            label = grid.cooperation_label if i == 0 else ""
            lines.append("\t".join([label] + [x for s in row for x in (s.title, s.name)]))
        if self.cover:
            c = self.cover
            lines += [c.slogan, c.title, c.date, c.organisation, c.department]
        lines += [self.title.slogan, self.title.title]
        for block in self.body:
            lines += block_lines(block)
        return [line for line in lines if line.strip()]


def block_lines(block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        return [block.text]
    if isinstance(block, Item):
        shown = block.marker if block.marker_visible else ""
        return [f"{shown} {block.text}".strip()]
    if isinstance(block, Leader):
        return [f"{block.marker} {block.text}\t{block.tail}".strip()]
    if isinstance(block, Heading):
        return [f"{block.number} {block.text}"]
    if isinstance(block, Table):
        out = [block.caption] if block.caption else []
        for row in block.rows:
            out.append("\t".join(map(_cell_text, row)))
        return out
    if isinstance(block, Image):
        return [block.caption]
    return []


def _cell_text(cell: Cell) -> str:
    """A cell's lines on one line, joined by spaces (most cells hold one paragraph: its text)."""
    if len(cell.lines) == 1 and isinstance(cell.lines[0], Paragraph):
        return cell.lines[0].text
    return " ".join(text for line in cell.lines for text in block_lines(line))
