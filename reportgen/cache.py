"""The user's cache folder: what one process prepared (a DOCX template cleaned up by docxtpl) for
the next to read instead of redoing it.

$REPORTGEN_CACHE_DIR, else $XDG_CACHE_HOME/reportgen, else ~/.cache/reportgen — never the
repository or the records folder. An entry is named by a key that holds everything its content
depends on (the template's content hash, reportgen's version), so a stale entry is simply never
asked for again. Entries are written atomically and carry a checksum: a damaged, truncated or
foreign file reads as missing, and the caller prepares it again. A cache that cannot be written
(a read-only home, a full disk) only costs the time it would have saved.
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path

ENV = "REPORTGEN_CACHE_DIR"
_MAGIC = b"reportgen cache 1\n"


def folder() -> Path:
    if os.environ.get(ENV):
        return Path(os.environ[ENV])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "reportgen"


def read(kind: str, key: str) -> bytes | None:
    """The entry stored under (kind, key), or None when there is none or it is damaged."""
    try:
        data = (folder() / kind / key).read_bytes()
    except (OSError, ValueError):
        return None
    head = len(_MAGIC) + 4
    if len(data) < head or not data.startswith(_MAGIC):
        return None
    body = data[head:]
    if zlib.crc32(body).to_bytes(4, "big") != data[len(_MAGIC) : head]:
        return None
    return body


def write(kind: str, key: str, body: bytes) -> None:
    """Store `body` under (kind, key): a temporary file renamed into place, so a reader sees the
    whole entry or none. Failing to write is not an error."""
    import tempfile

    target = folder() / kind / key
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{key[:16]}.", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(_MAGIC + zlib.crc32(body).to_bytes(4, "big") + body)
            os.replace(tmp, target)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass
