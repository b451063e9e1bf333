"""The one place for the official look: page, fonts, sizes, spacing and indentation.

Both writers read these values (the DOCX template is built from them by
`templates/build_docx_template.py`; the HWPX writer declares them in header.xml), so a layout rule is
never written twice. Values follow shared/reference/korean-official-documents.md §2.4 and §4.2.
"""

from __future__ import annotations

from dataclasses import dataclass

from .koreanfmt import text_width_em

# A4 with the report margins measured from MOIS HWPX files (상하 15, 좌우 20, 머리·꼬리 10 mm).
PAGE_WIDTH_MM = 210.0
PAGE_HEIGHT_MM = 297.0
MARGIN_TOP_MM = 15.0
MARGIN_BOTTOM_MM = 15.0
MARGIN_LEFT_MM = 20.0
MARGIN_RIGHT_MM = 20.0
HEADER_MM = 10.0
FOOTER_MM = 10.0
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM

BODY_FONT = "휴먼명조"
HEAD_FONT = "HY헤드라인M"
NOTE_FONT = "맑은 고딕"
LINE_SPACING_PCT = 160
TABLE_HEADER_FILL = "DFE6F7"


@dataclass(frozen=True)
class TextStyle:
    """How one role of text looks. Sizes in points; `line_pct` is proportional line spacing."""

    font: str
    size_pt: float
    bold: bool = False
    align: str = "justify"  # left | center | right | justify
    space_before_pt: float = 0.0
    line_pct: int = LINE_SPACING_PCT


# Role names are what the writers and the templates share: DOCX style "RG <role>", HWPX style ids.
STYLES: dict[str, TextStyle] = {
    "body": TextStyle(BODY_FONT, 15, space_before_pt=6),
    "lead": TextStyle(BODY_FONT, 15, space_before_pt=12),
    "label": TextStyle(BODY_FONT, 15, bold=True, align="center", space_before_pt=10),
    "section": TextStyle(HEAD_FONT, 16, align="left", space_before_pt=18),
    "item1": TextStyle(BODY_FONT, 15, space_before_pt=10),
    "item2": TextStyle(BODY_FONT, 15, space_before_pt=6),
    "item3": TextStyle(BODY_FONT, 15, space_before_pt=4),
    "item4": TextStyle(BODY_FONT, 15, space_before_pt=2),
    "note": TextStyle(NOTE_FONT, 12, space_before_pt=4),
    "caption": TextStyle(NOTE_FONT, 12, align="center", space_before_pt=4),
    "title": TextStyle(HEAD_FONT, 20, align="center", line_pct=130, space_before_pt=6),
    "slogan": TextStyle(BODY_FONT, 13, align="center", space_before_pt=0),
    "cover_slogan": TextStyle(BODY_FONT, 16, align="center", space_before_pt=60),
    "cover_title": TextStyle(HEAD_FONT, 24, align="center", line_pct=140, space_before_pt=18),
    "cover_date": TextStyle(BODY_FONT, 16, align="center", space_before_pt=60),
    "cover_org": TextStyle(HEAD_FONT, 20, align="center", space_before_pt=80),
    "cover_dept": TextStyle(BODY_FONT, 16, align="center", space_before_pt=6),
    "table": TextStyle(NOTE_FONT, 12, align="left", line_pct=130),
    "table_header": TextStyle(NOTE_FONT, 12, bold=True, align="center", line_pct=130),
    "grid": TextStyle(NOTE_FONT, 9, align="center", line_pct=120),
    "gap": TextStyle(NOTE_FONT, 6, align="left", line_pct=100),  # the small space after a table
}

# The approval grid (mm): 결재 boxes, then the 협조 label, 직위 and name columns.
APPROVAL_BOX_MM = 28.0
APPROVAL_NAME_ROW_MM = 13.5  # the 결재 name row's height: room for a handwritten or stamped signature
COOPERATION_MM = (12.0, 34.0, 24.0)
HEADER_COLUMNS_MM = (24.0, 66.0)
CELL_MARGIN_MM = 1.0  # table cells, above and below the text
CELL_SIDE_MARGIN_MM = 1.8  # table cells, left and right of the text (Hancom's default cell margin)


def approval_widths_mm(signers: int) -> list[float]:
    """The 결재 columns: one APPROVAL_BOX_MM box per signer, narrowed so that all fit the text width."""
    if signers <= 0:
        return []
    return [min(APPROVAL_BOX_MM, TEXT_WIDTH_MM / signers)] * signers


def cooperation_widths_mm(pairs: int) -> list[float]:
    """The 협조 columns: label, then 직위 and name for each of `pairs` pairs (COOPERATION_MM), scaled
    down together when they would be wider than the text width (3 pairs and more)."""
    label, title, name = COOPERATION_MM
    widths = [label] + [title, name] * max(pairs, 0)
    scale = min(1.0, TEXT_WIDTH_MM / sum(widths))
    return [w * scale for w in widths]


# Body paragraphs that stay on the page of what follows them: a 기안문's 발신명의 (role title) over its 결문.
KEEP_WITH_NEXT = frozenset({"title"})

NOTE_MARKERS = frozenset({"※", "*", "＊"})


def item_role(marker: str, level: int) -> str:
    """Notes (※, *) take the smaller note font; other items take their level's spacing."""
    if marker in NOTE_MARKERS:
        return "note"
    return f"item{min(max(level, 1), 4)}"


def item_indent_pt(marker: str, level: int, size_pt: float) -> tuple[float, float]:
    """(left, hanging) indent in points for an item, so that wrapped lines align with the text.

    Level 1 starts at the left base line; each lower level starts 2타 (one Hangul width) further
    right; the hanging indent is the width of the marker plus 1타 (편람, reference §2.2).
    """
    start = (max(level, 1) - 1) * 1.0 * size_pt
    hang = text_width_em(marker + " ") * size_pt if marker else 0.0
    return start + hang, hang


PHOTO_MAX_HEIGHT_MM = 110.0  # two photos with captions fit one page, as on the seed's photo pages


def box_size_mm(width_mm: float, height_mm: float) -> tuple[float, float]:
    """A photo's box `width_mm` × `height_mm`, scaled down (its ratio kept) to fit the text width
    and PHOTO_MAX_HEIGHT_MM. A missing photo's placeholder box is its stated size through this."""
    if width_mm <= 0 or height_mm <= 0:
        raise ValueError(f"a photo box needs a positive size, not {width_mm} × {height_mm} mm")
    scale = min(1.0, TEXT_WIDTH_MM / width_mm, PHOTO_MAX_HEIGHT_MM / height_mm)
    return width_mm * scale, height_mm * scale


def photo_size_mm(width_mm: float, pixels: tuple[int, int]) -> tuple[float, float]:
    """A photo `width_mm` wide with its own aspect ratio, narrowed to fit PHOTO_MAX_HEIGHT_MM and
    the text width."""
    if pixels[0] <= 0 or pixels[1] <= 0:
        raise ValueError(f"a photo of {pixels[0]} × {pixels[1]} pixels has no aspect ratio")
    return box_size_mm(width_mm, width_mm * pixels[1] / pixels[0])


def mm_to_pt(mm: float) -> float:
    return mm * 72.0 / 25.4
