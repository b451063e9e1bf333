"""Opening the ZIP packages of .docx and .hwpx safely: a bounded number of parts, a bounded size
once decompressed (counted while inflating — a header's declared size can lie), and XML parsed with
no entities, no DTD and no network. Every failure is a ValueError worded for a person."""

from __future__ import annotations

import io
import zipfile
import zlib

from lxml import etree

MAX_PARTS = 5000  # Hangul and Word write tens to a few hundred parts; images add one each
MAX_PART_BYTES = 64 << 20  # one XML part; a 300-page report's section0.xml is ~10 MB
MAX_TOTAL_BYTES = 256 << 20  # all parts read for one document

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True)


class Package:
    """A ZIP package read part by part under the caps above. `kind` names the format in messages."""

    def __init__(self, data: bytes, kind: str):
        self.kind, self.read_bytes = kind, 0
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError, UnicodeDecodeError, RuntimeError) as exc:
            raise ValueError(f"damaged {kind}: its ZIP structure cannot be read ({_short(exc)})") from None
        if len(infos) > MAX_PARTS:
            raise ValueError(f"refused {kind}: {len(infos)} parts in the package (at most {MAX_PARTS})")
        self.names = [i.filename for i in infos]

    def read(self, name: str) -> bytes:
        cap = min(MAX_PART_BYTES, MAX_TOTAL_BYTES - self.read_bytes)
        try:
            info = self.zip.getinfo(name)
            if info.file_size > cap:
                raise _TooBig
            with self.zip.open(info) as fh:
                data = fh.read(cap + 1)
        except _TooBig:
            data = b"x" * (cap + 1)
        except KeyError:
            raise ValueError(f"damaged {self.kind}: the part {name} is missing") from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError, ValueError) as exc:
            raise ValueError(f"damaged {self.kind}: the part {name} cannot be decompressed ({_short(exc)})") from None
        if len(data) > cap:
            raise ValueError(
                f"refused {self.kind}: {name} decompresses to more than {cap >> 20} MB (a ZIP bomb, or far larger than any document)"
            )
        self.read_bytes += len(data)
        return data

    def xml(self, name: str):
        """The part parsed as XML: no entity is expanded, no DTD or network fetched, and a DOCTYPE
        (which no Hangul or Word part carries) is refused outright."""
        data = self.read(name)
        try:
            root = etree.fromstring(data, _PARSER)
        except (etree.XMLSyntaxError, ValueError) as exc:
            raise ValueError(f"damaged {self.kind}: {name} is not well-formed XML ({_short(exc)})") from None
        if root is None:
            raise ValueError(f"damaged {self.kind}: {name} is empty")
        if root.getroottree().docinfo.doctype:
            raise ValueError(f"refused {self.kind}: {name} declares a DOCTYPE (entities are not allowed in a document part)")
        return root


class _TooBig(Exception):
    pass


def _short(exc: Exception) -> str:
    """An exception's text, one line, bounded, readable (codec errors reworded)."""
    if isinstance(exc, UnicodeDecodeError):
        return "text that is not valid UTF-8"
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:160]
