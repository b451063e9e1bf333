"""The notes text as markdown: width folding, the markdown-it tree, plain text of inline content,
list entries with their lines, and problems located by line and column."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from ..errors import InvalidRecord, Problem

# Full-width ASCII (！…～) and the ideographic space, as a Korean IME types them, read as ASCII.
_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
# Indented code blocks are off: a line indented by four spaces is still text to an officer.
_MD = MarkdownIt("commonmark", {"html": False}).enable("table").disable("code")
BREAK = re.compile(r"<br\s*/?>", re.I)


def fold_width(text: str) -> str:
    return text.translate(_FOLD)


@dataclass
class Entry:
    """One list item or one line of a paragraph: its text, notes line and sub-items."""

    text: str
    line: int
    children: list[Entry] = field(default_factory=list)


class Notes:
    """The folded text, its lines, the problems found so far and where each record field came
    from (JSON path → notes line and column), so that later schema problems can be placed too."""

    def __init__(self, text: str, source: str):
        self.source = source
        self.text = fold_width(text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n"))
        self.lines = self.text.split("\n")
        self.problems: list[Problem] = []
        self.where: dict[str, tuple[int, int]] = {"$": (1, 1)}
        self.front_span = self._front_span()

    def _front_span(self) -> tuple[int, int] | None:
        """0-based indexes of the --- lines around the front matter. The first --- must be the first
        non-blank line (blank lines before it are forgiven); the closing one may also be ...."""
        start = next((i for i, line in enumerate(self.lines) if line.strip()), None)
        if start is None or self.lines[start].rstrip() != "---":
            return None
        end = next((i for i in range(start + 1, len(self.lines)) if self.lines[i].rstrip() in ("---", "...")), None)
        return None if end is None else (start, end)

    @property
    def front(self) -> tuple[int, str] | None:
        """(notes line of its first key, YAML text) of the front matter, or None."""
        if self.front_span is None:
            return None
        start, end = self.front_span
        return start + 2, "\n".join(self.lines[start + 1 : end])

    def tree(self) -> SyntaxTreeNode:
        """The markdown after the front matter; those lines are blanked, not removed, so that line
        numbers stay those of the file."""
        lines = list(self.lines)
        if self.front_span:
            start, end = self.front_span
            lines[start : end + 1] = [""] * (end + 1 - start)
        return SyntaxTreeNode(_MD.parse("\n".join(lines)))

    def column(self, line: int, needle: str | None = None) -> int:
        """1-based column of `needle` in the line, else of the line's first non-blank character."""
        text = self.lines[line - 1] if 1 <= line <= len(self.lines) else ""
        found = text.find(needle) if needle else -1
        return found + 1 if found >= 0 else len(text) - len(text.lstrip()) + 1

    def error(self, line: int, message: str, needle: str | None = None, offset: int = 0) -> None:
        """A problem at `line`, in the column where `needle` starts (plus `offset` into it)."""
        self.problems.append(Problem(self.source, "$", message, line, self.column(line, needle) + offset))

    def place(self, path: str, line: int, needle: str | None = None) -> None:
        """Record that the field at `path` was written at this line (and column)."""
        self.where[path] = (line, self.column(line, needle))

    def check(self) -> None:
        if self.problems:
            raise InvalidRecord(sorted(self.problems, key=lambda p: (p.line or 0, p.column or 0)))


def line_of(node: SyntaxTreeNode) -> int:
    """1-based first line of a block node (markdown-it maps are 0-based, end-exclusive)."""
    while node is not None and not node.map:
        node = node.parent
    return node.map[0] + 1 if node is not None else 1


def inline_text(node: SyntaxTreeNode) -> str:
    """Plain text of inline content: emphasis and links dropped to their text, line breaks kept
    as newlines, images left out (photos are read separately)."""
    out = []
    for child in node.children:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif child.type != "image":
            out.append(inline_text(child))
    return "".join(out)


def block_text(node: SyntaxTreeNode) -> str:
    """A heading's or paragraph's text (the text of its inline child)."""
    return "".join(inline_text(c) for c in node.children if c.type == "inline")


def joined(text: str) -> str:
    """Lines of one paragraph read as one sentence: a line break is a space."""
    return " ".join(part.strip() for part in text.split("\n") if part.strip())


def entries(node: SyntaxTreeNode) -> list[Entry]:
    """A list (bullets -, *, + or numbers: all the same) or a paragraph → entries. Every line of
    a paragraph is an entry of its own; a list item's continuation lines join its text."""
    if node.type == "paragraph":
        first = line_of(node)
        return [Entry(part.strip(), first + i) for i, part in enumerate(block_text(node).split("\n")) if part.strip()]
    out = []
    for item in node.children:
        texts, children = [], []
        for part in item.children:
            if part.type == "paragraph":
                texts.append(joined(block_text(part)))
            elif part.type in ("bullet_list", "ordered_list"):
                children += entries(part)
            elif part.type == "heading":
                texts.append(block_text(part))
        out.append(Entry(" ".join(texts), line_of(item), children))
    return out


def images(node: SyntaxTreeNode) -> list[tuple[str, str, int]]:
    """(path, caption, line) of every image in a block. The caption is the alt text (or the title);
    an image without either takes the text that follows it on the same line."""
    found = []
    for inline in (n for n in _walk(node) if n.type == "inline"):
        first = line_of(inline)
        row = 0
        for child in inline.children:
            if child.type in ("softbreak", "hardbreak"):
                row += 1
            elif child.type == "image":
                caption = inline_text(child).strip() or (child.attrs.get("title") or "")
                found.append([str(child.attrs["src"]), caption, first + row])
            elif found and not found[-1][1] and found[-1][2] == first + row:
                found[-1][1] = (inline_text(child) if child.children else child.content).strip()
    return [tuple(f) for f in found] if found else []


def _walk(node: SyntaxTreeNode):
    yield node
    for child in node.children:
        yield from _walk(child)
