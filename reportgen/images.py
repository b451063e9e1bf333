"""Image facts every stage needs: is it an image we can embed, and how many pixels is it.

A photo is checked whole before it is embedded: its header alone can claim anything (a PNG that is
only a header, or one that says 60000×60000), and Word or Hangul would then show a broken picture —
or try to allocate gigabytes. `decode_photo` decodes every pixel (Pillow) within a pixel limit.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

# extension → MIME type of the formats both Word and Hangul embed
IMAGE_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "bmp": "image/bmp"}


def image_kind(data: bytes) -> str | None:
    """ "png", "jpeg", "gif" or "bmp" from the file's first bytes (not its name), else None."""
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "png"
    if data[:3] == b"\xff\xd8\xff":
        return "jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if data[:2] == b"BM":
        return "bmp"
    return None


def image_pixels(data: bytes) -> tuple[int, int] | None:
    """(width, height) in pixels of a PNG, GIF, BMP or JPEG, or None when the bytes are none of these,
    are cut short or give a zero width or height (no aspect ratio: nothing a writer can place)."""
    size = _pixels(data)
    if size is None or size[0] <= 0 or size[1] <= 0:
        return None
    return size


def _pixels(data: bytes) -> tuple[int, int] | None:
    kind = image_kind(data)
    if kind == "png" and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if kind == "gif" and len(data) >= 10:
        return int.from_bytes(data[6:8], "little"), int.from_bytes(data[8:10], "little")
    if kind == "bmp" and len(data) >= 26:
        return int.from_bytes(data[18:22], "little"), abs(int.from_bytes(data[22:26], "little", signed=True))
    if kind == "jpeg":  # walk the segments to a start-of-frame marker
        i = 2
        while i + 9 < len(data) and data[i] == 0xFF:
            marker, length = data[i + 1], int.from_bytes(data[i + 2 : i + 4], "big")
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                return int.from_bytes(data[i + 7 : i + 9], "big"), int.from_bytes(data[i + 5 : i + 7], "big")
            i += 2 + length
    return None


@dataclass(frozen=True)
class Photo:
    """A photo a writer can embed: its bytes, what kind of image they are, and its size in pixels."""

    data: bytes
    kind: str
    pixels: tuple[int, int]


MAX_PIXELS = 50_000_000  # a 50-megapixel camera; a page prints at most some 8 megapixels at 300 dpi
_PIL_FORMATS = {"png": "PNG", "jpeg": "JPEG", "gif": "GIF", "bmp": "BMP"}


def decode_photo(data: bytes) -> Photo | None:
    """The photo in `data`, decoded whole, or None when it is not a PNG, JPEG, GIF or BMP whose every
    pixel decodes within MAX_PIXELS (the writers then draw the placeholder box; `why_not_a_photo`
    says why). The size is the decoded one."""
    return _decode(data)[0]


def why_not_a_photo(data: bytes) -> str:
    """Why `decode_photo` refused `data`, in words for a warning."""
    return _decode(data)[1] or "a readable image"


def _decode(data: bytes) -> tuple[Photo | None, str]:
    kind = image_kind(data)
    claimed = image_pixels(data)
    if kind is None or claimed is None:
        return None, "not a readable PNG, JPEG, GIF or BMP image"
    if claimed[0] * claimed[1] > MAX_PIXELS:
        return None, f"{claimed[0]:,}×{claimed[1]:,} pixels, more than the {MAX_PIXELS // 1_000_000} million a photo may have"
    from PIL import Image as PILImage  # lazy: only records that show photos pay for Pillow

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(io.BytesIO(data), formats=[_PIL_FORMATS[kind]]) as im:
                size = im.size
                if size[0] * size[1] > MAX_PIXELS:
                    return None, f"{size[0]:,}×{size[1]:,} pixels, more than the {MAX_PIXELS // 1_000_000} million a photo may have"
                if kind == "jpeg":
                    im.draft(im.mode, (max(1, size[0] // 8), max(1, size[1] // 8)))  # every block decoded, at 1/8 scale
                im.load()
    except Exception:  # Pillow raises many kinds for damaged data; each means the same here
        return None, f"a damaged or cut-short {kind.upper()} image (its pixels do not decode)"
    if size[0] <= 0 or size[1] <= 0:
        return None, "not a readable PNG, JPEG, GIF or BMP image"
    return Photo(data, kind, size), ""
