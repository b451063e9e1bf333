"""errors.printable: what a message may carry to a terminal, a log or a JSON reader."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from reportgen.errors import printable

# The single character class printable() used before it found surrogates by encoding (0.6 ms of re
# compiling per process): the same characters must be escaped, the same way.
_BEFORE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


@given(st.text(st.characters(exclude_categories=()) | st.characters(exclude_categories=(), min_codepoint=0xD700, max_codepoint=0xE000)))
def test_escapes_exactly_what_the_single_class_escaped(text):
    assert printable(text) == _BEFORE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)
    printable(text).encode("utf-8")


def test_a_lone_surrogate_among_korean_text():
    assert printable("가\udcff나\x1b") == "가\\udcff나\\u001b"
