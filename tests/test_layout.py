"""layout.py's size rules: photos, item indents, the approval and 협조 grids."""

from __future__ import annotations

import pytest

from reportgen import layout
from reportgen.koreanfmt import text_width_em

# ------------------------------------------------------------------ photos


def test_landscape_photo_keeps_its_width_and_ratio():
    assert layout.photo_size_mm(120, (400, 300)) == pytest.approx((120, 90))


def test_portrait_photo_is_capped_at_the_max_height():
    width, height = layout.photo_size_mm(120, (300, 600))
    assert height == pytest.approx(layout.PHOTO_MAX_HEIGHT_MM) == pytest.approx(110)
    assert width == pytest.approx(55)  # the ratio is kept


def test_wide_photo_is_narrowed_to_the_text_width():
    width, height = layout.photo_size_mm(500, (1000, 100))
    assert width == pytest.approx(layout.TEXT_WIDTH_MM) == pytest.approx(170)
    assert height == pytest.approx(17)


def test_photo_both_caps_at_once():
    width, height = layout.photo_size_mm(500, (1000, 1000))  # text width first gives 170 × 170: too tall
    assert (width, height) == pytest.approx((110, 110))


@pytest.mark.parametrize("pixels", [(0, 100), (100, 0), (0, 0)])
def test_photo_without_a_ratio_is_an_error_not_a_zero_division(pixels):
    with pytest.raises(ValueError):
        layout.photo_size_mm(120, pixels)


def test_box_size_is_what_a_photo_of_that_ratio_gets():
    # a missing photo's placeholder box and a photo of the same ratio have the same size
    assert layout.box_size_mm(120, 80) == pytest.approx(layout.photo_size_mm(120, (300, 200)))
    assert layout.box_size_mm(170, 250) == pytest.approx(layout.photo_size_mm(170, (170, 250)))
    assert layout.box_size_mm(170, 250)[1] == pytest.approx(layout.PHOTO_MAX_HEIGHT_MM)


# ------------------------------------------------------------------ item indents


def test_item_indent_level_one_hangs_by_marker_and_one_space():
    left, hang = layout.item_indent_pt("□", 1, 15)
    assert hang == pytest.approx(text_width_em("□ ") * 15) == pytest.approx(22.5)
    assert left == pytest.approx(hang)  # level 1 starts at the left base line


def test_item_indent_each_level_starts_one_hangul_width_further():
    lefts = [layout.item_indent_pt("○", level, 15)[0] for level in (1, 2, 3, 4)]
    assert [b - a for a, b in zip(lefts, lefts[1:])] == pytest.approx([15, 15, 15])


def test_item_indent_scales_with_the_font_size():
    assert layout.item_indent_pt("1)", 3, 12) == pytest.approx(tuple(x * 12 / 15 for x in layout.item_indent_pt("1)", 3, 15)))


def test_item_indent_without_marker_has_no_hang():
    assert layout.item_indent_pt("", 2, 15) == (15.0, 0.0)
    assert layout.item_indent_pt("□", 0, 15) == layout.item_indent_pt("□", 1, 15)  # levels below 1 are level 1


# ------------------------------------------------------------------ grids


def test_cooperation_two_pairs_are_the_layout_widths():
    label, title, name = layout.COOPERATION_MM
    assert layout.cooperation_widths_mm(2) == [label, title, name, title, name]


@pytest.mark.parametrize("pairs", [3, 4, 6])
def test_cooperation_many_pairs_fit_the_text_width_in_proportion(pairs):
    widths = layout.cooperation_widths_mm(pairs)
    assert len(widths) == 1 + 2 * pairs
    assert sum(widths) == pytest.approx(layout.TEXT_WIDTH_MM)
    label, title, name = layout.COOPERATION_MM
    scale = widths[0] / label
    assert widths[1:3] == pytest.approx([title * scale, name * scale])
    assert widths[1::2] == pytest.approx([widths[1]] * pairs) and widths[2::2] == pytest.approx([widths[2]] * pairs)


def test_cooperation_widths_never_exceed_the_text_width():
    for pairs in range(0, 10):
        assert sum(layout.cooperation_widths_mm(pairs)) <= layout.TEXT_WIDTH_MM + 1e-9


def test_approval_boxes_fit_the_text_width():
    assert layout.approval_widths_mm(6) == [layout.APPROVAL_BOX_MM] * 6  # 168 mm: fits
    widths = layout.approval_widths_mm(8)
    assert len(widths) == 8 and sum(widths) == pytest.approx(layout.TEXT_WIDTH_MM)
    assert layout.approval_widths_mm(0) == []


def test_cell_margins_are_hancoms_defaults():
    from reportgen.writers.owpml import PER_MM

    assert round(layout.CELL_SIDE_MARGIN_MM * PER_MM) == 510  # what Hangul writes for a new table
