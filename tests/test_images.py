"""images.py: the image kind from the bytes, the pixel size, and what counts as an embeddable image."""

from __future__ import annotations

import struct
import zlib

import pytest

from reportgen import layout
from reportgen.images import IMAGE_TYPES, MAX_PIXELS, decode_photo, image_kind, image_pixels, why_not_a_photo

from .helpers import photo, png


def gif(w: int, h: int) -> bytes:
    return b"GIF89a" + struct.pack("<HH", w, h) + b"\x00\x00\x00;"


def bmp(w: int, h: int) -> bytes:
    return b"BM" + b"\0" * 16 + struct.pack("<ii", w, h) + b"\0" * 28


def jpeg(w: int, h: int) -> bytes:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0"
    sof0 = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, h, w, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + sof0 + b"\xff\xd9"


MAKERS = {"png": png, "gif": gif, "bmp": bmp, "jpeg": jpeg}


@pytest.mark.parametrize("kind", MAKERS)
def test_kind_and_pixels(kind):
    data = MAKERS[kind](40, 30)
    assert image_kind(data) == kind
    assert image_pixels(data) == (40, 30)
    assert kind in IMAGE_TYPES and IMAGE_TYPES[kind].startswith("image/")


def test_bmp_stored_top_down_has_a_positive_height():
    assert image_pixels(bmp(40, -30)) == (40, 30)


@pytest.mark.parametrize("kind", MAKERS)
@pytest.mark.parametrize("size", [(0, 30), (40, 0), (0, 0)])
def test_zero_width_or_height_is_no_image(kind, size):
    data = MAKERS[kind](*size)
    assert image_kind(data) == kind
    assert image_pixels(data) is None


def test_zero_width_png_no_longer_crashes_the_photo_size():
    """The bug: a PNG of width 0 reached layout.photo_size_mm and divided by zero."""
    pixels = image_pixels(png(0, 10))
    assert pixels is None  # so writers draw the placeholder box instead of calling photo_size_mm


@pytest.mark.parametrize("data", [b"", b"\x89PNG\r\n\x1a\n\0\0", b"GIF89a\x01", b"not an image", b"\xff\xd8\xff"])
def test_cut_short_or_unknown_is_none(data):
    assert image_pixels(data) is None


def test_decode_photo():
    data = png(8, 6)
    photo = decode_photo(data)
    assert (photo.data, photo.kind, photo.pixels) == (data, "png", (8, 6))
    assert layout.photo_size_mm(120, photo.pixels) == pytest.approx((120, 90))
    assert decode_photo(png(0, 6)) is None
    assert decode_photo(b"hello") is None
    assert decode_photo(b"") is None


@pytest.mark.parametrize("kind", ["png", "jpeg", "gif", "bmp"])
def test_a_real_image_of_each_kind_decodes_whole(kind):
    data = photo(kind, 33, 21)
    decoded = decode_photo(data)
    assert (decoded.kind, decoded.pixels, decoded.data) == (kind, (33, 21), data)


@pytest.mark.parametrize("kind", MAKERS)
def test_a_header_alone_is_not_a_photo(kind):
    """The header claims a size, but there are no pixels: Word and Hangul would show a broken picture."""
    data = png(40, 30)[:33] if kind == "png" else MAKERS[kind](40, 30)
    assert image_pixels(data) == (40, 30)  # what the header says …
    assert decode_photo(data) is None  # … is not enough
    assert "damaged or cut-short" in why_not_a_photo(data)


@pytest.mark.parametrize("kind", ["png", "jpeg", "gif", "bmp"])
def test_a_cut_short_image_is_not_a_photo(kind):
    data = photo(kind, 64, 48)
    assert decode_photo(data[: len(data) * 2 // 3]) is None


def test_a_photo_that_claims_too_many_pixels_is_refused_before_decoding():
    ihdr = b"IHDR" + struct.pack(">IIBBBBB", 60000, 60000, 8, 2, 0, 0, 0)
    data = png()[:8] + struct.pack(">I", 13) + ihdr + struct.pack(">I", zlib.crc32(ihdr)) + png()[33:]
    assert image_pixels(data) == (60000, 60000)
    assert decode_photo(data) is None
    assert why_not_a_photo(data) == "60,000×60,000 pixels, more than the 50 million a photo may have"
    assert 60000 * 60000 > MAX_PIXELS


def test_a_placeholder_and_a_warning_for_a_photo_that_is_only_a_header(tmp_path):
    from reportgen.model import Image
    from reportgen.pipeline import prepare

    (tmp_path / "header.png").write_bytes(png(40, 30)[:33])
    record = {
        "kind": "plan",
        "header": {"doc_number": "과-1", "approved_on": "2015-08-21", "disclosure": "공개"},
        "approval": {"signers": [{"title": "주무관", "name": "홍길동"}]},
        "title": "사진",
        "body": [{"image": "header.png", "caption": "현장"}],
    }
    path = tmp_path / "r.json"
    path.write_text(__import__("json").dumps(record, ensure_ascii=False), encoding="utf-8")
    prepared = prepare(path)
    (image,) = [b for b in prepared.document.body if isinstance(b, Image)]
    assert image.photo is None
    assert any("header.png: a damaged or cut-short PNG image" in w for w in prepared.document.warnings)
