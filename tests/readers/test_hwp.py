"""readers/hwp.py: the text of our own .hwp (rhwp), and clear errors for files no reader opens."""

from __future__ import annotations

import os
import struct

import pytest

pytest.importorskip("hwpx.hwp5.writer", reason="python-hwpx (HWP 5 writer) not installed")
pytest.importorskip("olefile", reason="olefile not installed")

from reportgen.readers.hwp import EncryptedHwp, hwp_lines, load_rhwp  # noqa: E402
from reportgen.readers.hwpx import hwpx_lines  # noqa: E402
from reportgen.writers.hwp import HwpWriter  # noqa: E402
from reportgen.writers.hwpx import HwpxWriter  # noqa: E402
from tests.helpers import PLAN_EXAMPLE, RESULT_EXAMPLE, missing_in_order  # noqa: E402
from tests.readers.test_hwpx import document, pieces  # noqa: E402

try:
    load_rhwp()
    HAVE_RHWP = True
except ImportError:
    HAVE_RHWP = False
needs_rhwp = pytest.mark.skipif(not HAVE_RHWP, reason="rhwp-python not installed")


@pytest.fixture(scope="module")
def plan_hwp() -> bytes:
    return HwpWriter().write(document(PLAN_EXAMPLE))


@needs_rhwp
@pytest.mark.parametrize("example", [PLAN_EXAMPLE, RESULT_EXAMPLE], ids=["plan", "result"])
def test_same_lines_as_the_hwpx(example):
    """The .hwp is the .hwpx converted: reading either gives the same lines, every printed piece
    in order."""
    doc = document(example)
    lines = hwp_lines(HwpWriter().write(doc))
    assert missing_in_order(pieces(doc), lines) == []
    assert [x for x in lines if x.strip()] == [x for x in hwpx_lines(HwpxWriter().write(doc)) if x.strip()]


def with_flags(data: bytes, bits: int, tmp_path) -> bytes:
    """A copy of an HWP 5 file with FileHeader property bits set (bit 1 = password)."""
    import olefile

    path = tmp_path / "flagged.hwp"
    path.write_bytes(data)
    with olefile.OleFileIO(str(path), write_mode=True) as ole:
        header = ole.openstream("FileHeader").read()
        (flags,) = struct.unpack_from("<I", header, 36)
        ole.write_stream("FileHeader", header[:36] + struct.pack("<I", flags | bits) + header[40:])
    return path.read_bytes()


def test_password_protected(plan_hwp, tmp_path):
    with pytest.raises(EncryptedHwp, match="password-protected"):
        hwp_lines(with_flags(plan_hwp, 0x02, tmp_path))


@needs_rhwp
def test_rhwp_refuses_it_too(plan_hwp, tmp_path):
    """Why the flag is checked first: rhwp refuses the file as well, but in Korean."""
    rhwp = load_rhwp()
    with pytest.raises(ValueError, match="암호"):
        rhwp.Document.from_bytes(with_flags(plan_hwp, 0x02, tmp_path))


@pytest.mark.parametrize("cut", [0.1, 0.5, 0.99])
def test_truncated(plan_hwp, cut):
    with pytest.raises(ValueError, match="corrupt|truncated") as info:
        hwp_lines(plan_hwp[: int(len(plan_hwp) * cut)])
    assert not isinstance(info.value, EncryptedHwp)


def test_random_bytes():
    with pytest.raises(ValueError, match="not an HWP 5.0 document"):
        hwp_lines(os.urandom(20000))


def test_compound_file_that_is_not_hwp(plan_hwp, tmp_path):
    import olefile

    path = tmp_path / "other.hwp"
    path.write_bytes(plan_hwp)
    with olefile.OleFileIO(str(path), write_mode=True) as ole:
        header = ole.openstream("FileHeader").read()
        ole.write_stream("FileHeader", b"X" * len(header))
    with pytest.raises(ValueError, match="no HWP FileHeader"):
        hwp_lines(path.read_bytes())


def test_reader_panic_is_a_value_error():
    """rhwp's Rust panics reach Python as pyo3's PanicException (a BaseException): on damaged
    files that pass olefile's check they must still end as a clear ValueError."""
    from reportgen.readers.hwp import rhwp_call

    class PanicException(BaseException):
        pass

    def panics():
        raise PanicException("range end index 26284 out of range for slice of length 1536")

    with pytest.raises(ValueError, match="corrupt .hwp file: the reader gave up"):
        rhwp_call(".hwp", panics)
    with pytest.raises(KeyboardInterrupt):
        rhwp_call(".hwp", lambda: (_ for _ in ()).throw(KeyboardInterrupt()))
