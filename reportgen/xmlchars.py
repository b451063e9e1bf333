"""The one rule for characters a document cannot carry.

XML 1.0 (DOCX, HWPX) forbids the C0 controls other than tab, line feed and carriage return, the
noncharacters U+FFFE and U+FFFF, and surrogate code points; a lone surrogate (U+D800–U+DFFF) cannot
even be encoded as UTF-8, so an HTML page cannot hold one either. HTML also forbids DEL, the C1
controls (U+0080–U+009F) and every noncharacter (U+FDD0–U+FDEF, the last two code points of each
plane): none of them is text a person typed, so no document carries them. Validation rejects a record
holding such a character (naming its path); writers call `check` on every piece of text, so a
character that got past validation is a bug that surfaces as an error, never a silently changed
or corrupt document.
"""

from __future__ import annotations

import re

# C0 controls except \t \n \r; DEL and the C1 controls; lone surrogates; noncharacters.
ILLEGAL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(1, 17))
    + "]"
)


def describe(char: str) -> str:
    """'U+0007 (a control character)' — the code point and what kind of character it is."""
    cp = ord(char)
    kind = "a control character" if cp < 0x20 or 0x7F <= cp <= 0x9F else "a lone surrogate" if 0xD800 <= cp <= 0xDFFF else "a noncharacter"
    return f"U+{cp:04X} ({kind})"


# ILLEGAL's 32 single astral noncharacters make re's search ~10× slower on every text: first look
# for what is illegal in the BMP or any astral character (ranges only), and only from an astral one on
# with ILLEGAL itself. Writers check every piece of text, so this is on the hot path.
_QUICK = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff\U00010000-\U0010ffff]")


# What makes a writer look twice at text: a character `_QUICK` looks at, or one XML writers escape
# (& < > and a carriage return) or turn into an element (tab, line feed). Most record text holds
# none, and one search (in C) says so: writers then copy it as it is.
_PLAIN = re.compile("[&<>\t\n\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff\U00010000-\U0010ffff]")


def plain(text: str) -> bool:
    """True when `text` is XML character data as it stands: nothing to refuse, escape or replace."""
    return _PLAIN.search(text) is None


def find(text: str) -> re.Match | None:
    """The first character of `text` a document cannot carry (match.start() is its position), or None."""
    m = _QUICK.search(text)
    if m is None or m[0] <= "\uffff":
        return m
    return ILLEGAL.search(text, m.start())


def check(text: str) -> str:
    """`text` unchanged, or ValueError naming the code point and its position."""
    m = find(text)
    if m:
        raise ValueError(f"text holds {describe(m[0])} at position {m.start()}, which a document cannot carry: {text!r}")
    return text
