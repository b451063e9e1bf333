"""The one rule for characters a document cannot carry.

XML 1.0 (DOCX, HWPX) forbids the C0 controls other than tab, line feed and carriage return, the
noncharacters U+FFFE and U+FFFF, and surrogate code points; a lone surrogate (U+D800–U+DFFF) cannot
even be encoded as UTF-8, so an HTML page cannot hold one either. Validation rejects a record
holding such a character (naming its path); writers call `check` on every piece of text, so a
character that got past validation is a bug that surfaces as an error, never a silently changed
or corrupt document.
"""

from __future__ import annotations

import re

# C0 controls except \t \n \r; lone surrogates; U+FFFE, U+FFFF.
ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def describe(char: str) -> str:
    """'U+0007 (a control character)' — the code point and what kind of character it is."""
    cp = ord(char)
    kind = "a control character" if cp < 0x20 else "a lone surrogate" if 0xD800 <= cp <= 0xDFFF else "a noncharacter"
    return f"U+{cp:04X} ({kind})"


def find(text: str) -> re.Match | None:
    """The first character of `text` a document cannot carry (match.start() is its position), or None."""
    return ILLEGAL.search(text)


def check(text: str) -> str:
    """`text` unchanged, or ValueError naming the code point and its position."""
    m = ILLEGAL.search(text)
    if m:
        raise ValueError(f"text holds {describe(m[0])} at position {m.start()}, which a document cannot carry: {text!r}")
    return text
