"""A legacy Hangul .hwp (HWP 5.0) as reader blocks (readers/blocks.py): rhwp converts it to OWPML
in memory (`to_hwpx_bytes`, 2–90 ms on the corpus) and readers/hwpx.py reads that, so both formats
share one reader — nested tables stay nested and the automatic 개요/문단 numbering is resolved from
the numbering definitions (rhwp's own IR gives only a placeholder "1." for it). Should the
conversion fail, rhwp's IR is read instead (numbering then kept as rhwp gives it).

Read with rhwp-python, not pyhwp. Measured on our own .hwp renders of the three examples
(plan, result, page; every printed piece of `Document.text_lines()` looked for in order):
rhwp `to_ir()` 135/135, 79/79, 114/114 in 6–55 ms, and its lines are identical to what
readers/hwpx.py reads from the .hwpx the .hwp was converted from (it gives cell spans, so covered
slots print empty as in DOCX); pyhwp `hwp5html` also finds every piece once cell paragraphs are
joined by spaces, but takes ~350 ms (a subprocess), drops the covered slots (13 of 89 plan lines
shaped differently) and is unmaintained since 2020; `hwp5txt` prints a placeholder for tables
(16–81 % of the pieces).

olefile opens the compound file first: it tells a password-protected file (FileHeader flag) and a
truncated or corrupt one apart with a clear message, where rhwp answers in Korean and prints its
own parser chatter on stderr.
"""

from __future__ import annotations

import ctypes
import struct

from .blocks import Cell, Image, Para, Table, lines
from .hwpx import hwpx_blocks

SIGNATURE = b"HWP Document File"
FLAG_PASSWORD = 0x02  # FileHeader properties bit 1: 암호 설정 (HWP 5.0 spec, table 3)
FLAG_DISTRIBUTION = 0x04  # bit 2: 배포용 문서 (saved so that it cannot be copied or edited)


class EncryptedHwp(ValueError):
    """The document is password-protected: no reader opens it without the password."""


def load_rhwp():
    """rhwp, imported once. Its wheel bundles a freetype too old for Debian's fontconfig; loading
    the system library first (globally) makes rhwp use it. Raises ImportError with the pip name."""
    try:
        ctypes.CDLL("libfreetype.so.6", mode=ctypes.RTLD_GLOBAL)
    except OSError:
        pass  # not Debian-like: the bundled one may do
    try:
        import rhwp
    except ImportError:
        raise ImportError("reading .hwp/.hwpx pages needs rhwp-python: pip install rhwp-python") from None
    return rhwp


def check_hwp(data: bytes) -> None:
    """Raise ValueError (EncryptedHwp for a password) unless `data` is a readable HWP 5 file."""
    try:
        import olefile
    except ImportError:
        raise ImportError("reading .hwp needs olefile: pip install olefile") from None
    if len(data) < 512 or not olefile.isOleFile(data=data):
        raise ValueError("not an HWP 5.0 document (no compound file): corrupt, truncated or another format")
    try:
        with olefile.OleFileIO(data) as ole:
            header = ole.openstream("FileHeader").read() if ole.exists("FileHeader") else b""
    except Exception:  # olefile raises OSError, struct.error, IndexError, even int-size ValueErrors
        raise ValueError("corrupt or truncated .hwp file: its compound-file structure cannot be read") from None
    if not header.startswith(SIGNATURE) or len(header) < 40:
        raise ValueError("not an HWP 5.0 document (no HWP FileHeader)")
    (flags,) = struct.unpack_from("<I", header, 36)
    if flags & FLAG_PASSWORD:
        raise EncryptedHwp(
            "the .hwp is password-protected: open it in Hangul, remove the password "
            "and save it again (or save it as .hwpx), then import that file"
        )
    if flags & FLAG_DISTRIBUTION:
        raise ValueError(
            "the .hwp is a 배포용 (distribution) document, saved so that it cannot be copied or edited: "
            "import the author's original instead"
        )


def rhwp_call(what: str, fn, *args):
    """fn(*args) with rhwp's failures as ValueError: it raises ValueError for a bad file, and a
    Rust panic in it surfaces as pyo3's PanicException, a BaseException (seen on damaged files)."""
    try:
        return fn(*args)
    except ValueError as exc:
        raise ValueError(f"corrupt {what} file: {exc}") from None
    except BaseException as exc:
        if type(exc).__name__ != "PanicException":
            raise
        raise ValueError(f"corrupt {what} file: the reader gave up ({str(exc)[:200]})") from None


def hwp_blocks(data: bytes) -> list:
    check_hwp(data)
    rhwp = load_rhwp()
    doc = rhwp_call(".hwp", rhwp.Document.from_bytes, data)
    try:
        owpml = rhwp_call(".hwp", doc.to_hwpx_bytes)
    except ValueError:
        owpml = None
    if owpml is not None:
        try:
            return hwpx_blocks(owpml, ".hwp")
        except ValueError:
            pass
    return _ir_blocks(rhwp_call(".hwp", doc.to_ir).body)


def hwp_lines(data: bytes) -> list[str]:
    return lines(hwp_blocks(data))


def _ir_blocks(blocks) -> list:
    out: list = []
    for b in blocks:
        if b.kind == "paragraph":
            out.append(Para(b.text))
        elif b.kind == "list_item":
            out.append(Para(b.text, b.marker))
        elif b.kind == "table":
            out.append(Table([Cell(c.row, c.col, c.row_span, c.col_span, _ir_blocks(c.blocks)) for c in b.cells]))
        elif b.kind == "picture":
            out.append(Image(" ".join(lines(_ir_blocks(b.caption.blocks))) if b.caption is not None else ""))
    return out
