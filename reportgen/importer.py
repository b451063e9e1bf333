"""`reportgen import`: an existing document (.docx, .hwpx, .hwp) → a starting `plan` record.

Works on the text lines the readers give (one per paragraph, table rows as tab-joined cells), in
the order reportgen itself prints a document: header pairs, the approval grid, an optional cover,
slogan/title/lead, then the body. Only text survives, so what layout alone carried is guessed:
nesting comes from the order in which markers first appear (a new marker goes one level deeper, a
marker seen before closes the levels below it), the first row of a table is its header. What
cannot be recovered is listed in `Imported.notes` for the officer (a leading YAML comment).
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .compose.common import DEFAULT_MARKERS
from .koreanfmt import hangul_seq

SYMBOLS = "□■○●◦◎ㅇ-·∙•※*▶▷◆◇"
_SEQ = "".join(hangul_seq(n) for n in range(1, 85))  # 가나다…하거너… (never 끝, so "끝." is no marker)
# (regex, marker style of the record); circled markers may touch their text
_NUMBERED = (
    (r"\d{1,2}\.", "1."),
    (rf"[{_SEQ}]\.", "가."),
    (r"\d{1,2}\)", "1)"),
    (rf"[{_SEQ}]\)", "가)"),
    (r"\(\d{1,2}\)", "(1)"),
    (rf"\([{_SEQ}]\)", "(가)"),
    (r"[①-⑳㉑-㉟㊱-㊿]", "①"),
    (r"[㉮-㉻]", "㉮"),
)
_MARKER = "|".join([f"[{re.escape(SYMBOLS)}]"] + [rx for rx, _ in _NUMBERED])
_ITEM = re.compile(rf"({_MARKER})(?:\s+|(?<=[①-⑳㉑-㉟㊱-㊿㉮-㉻]))(\S.*)")
# DOCX prints "marker<TAB>text", which in a table row looks like two cells: join them at the
# start of a line, after a space (a cell's later paragraphs) or after a tab (a cell's first one) —
# but "-" after a tab is left alone, as tables print "-" alone in a cell for "none".
_MARKER_TAB = re.compile(rf"(^|(?<= )|(?<=\t)(?!-\t))({_MARKER}|따로붙임|붙임)\t")
_ROMAN = re.compile(r"([Ⅰ-Ⅻ]+|[IVX]{1,5})\.?\s+(\S.*)")
_LABEL = re.compile(r"〈\s*(.+?)\s*〉")
_SLOGAN = re.compile(r"-\s+(.+?)\s+-")
_ATTACH = re.compile(r"(따로붙임|붙임)\s+(\S.*)")
_NUMBER = re.compile(r"\d{1,2}\.\s+(\S.*)")
_DATE = re.compile(r"(\d{4})\s*[.\-/]\s*(\d{1,2})\s*[.\-/]\s*(\d{1,2})\.?")
_MONTH = re.compile(r"(\d{4})\.\s*(\d{1,2})\.?")
_SIGNED = re.compile(r"(\d{1,2})/(\d{1,2})\s*(.*)")
_END = re.compile(r"\s*끝\.\s*$")
_END_MARK = re.compile(r"(^|\s)끝\.\s*$")  # "… 협조.  끝." or 끝. alone; not "…마지막끝."
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
HEADER_FIELDS = {"문서번호": "doc_number", "결재일자": "approved_on", "공개여부": "disclosure", "방침번호": "policy_number"}
NO_NAME = "○○○"  # the usual blank for a name in Korean forms


@dataclass
class Imported:
    record: dict
    notes: list[str] = field(default_factory=list)  # what the officer must fill in or check

    def yaml(self) -> str:
        head = "".join(
            f"# {n}\n"
            for n in ["reportgen import: a starting record — check it, then `reportgen validate`."] + [f"- {n}" for n in self.notes]
        )
        return head + yaml.safe_dump(self.record, allow_unicode=True, sort_keys=False, width=1000)

    def json(self) -> str:
        return json.dumps(self.record, ensure_ascii=False, indent=2) + "\n"


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_blocks(path: str | Path) -> list:
    """Reader blocks (readers/blocks.py) of a .docx, .hwpx or .hwp, told apart by content, so a
    renamed file still reads. Raises ValueError with a one-line reason for anything unreadable
    (EncryptedHwp for a password-protected .hwp)."""
    data = Path(path).read_bytes()
    if data[:4] == b"PK\x03\x04":
        from .readers.package import Package

        names = set(Package(data, "ZIP package").names)
        if "word/document.xml" in names:
            from .readers.docx import docx_blocks

            return docx_blocks(data)
        if any(n.startswith("Contents/section") for n in names):
            from .readers.hwpx import hwpx_blocks

            return hwpx_blocks(data)
        raise ValueError("a ZIP package that is neither a .docx (no word/document.xml) nor a .hwpx (no Contents/section0.xml)")
    if data[:8] == OLE_MAGIC:
        from .readers.hwp import hwp_blocks

        return hwp_blocks(data)
    if not data:
        raise ValueError("the file is empty")
    raise ValueError("not a .docx, .hwpx or .hwp (HWP 5.0) document: neither a ZIP package nor a compound file")


def read_lines(path: str | Path) -> list[str]:
    from .readers.blocks import lines

    return lines(read_blocks(path))


def import_document(path: str | Path) -> Imported:
    return record_from_lines(read_lines(path))


def record_from_lines(lines: list[str]) -> Imported:
    lines = [_MARKER_TAB.sub(r"\1\2 ", _CONTROL.sub("", x).replace("@{", "@@{").strip(" \u3000")) for x in lines]
    out = Imported({"kind": "plan"})
    rec, notes = out.record, out.notes
    notes.append("문서번호, 결재일자 and the signers are the source's: update them for the new document.")
    pos = _header(lines, rec, notes)
    pos = _approval(lines, pos, rec, notes)
    pos = _front(lines, pos, rec, notes)
    body, appendix = _split_end(lines[pos:])
    rec["body"] = _Body(rec, notes).parse(body)
    if any(_ITEM.fullmatch(x) for x in body):
        notes.append(
            "nesting is read from the markers alone: items sharing a marker at two depths "
            "(- under -) came in as siblings; move them under their parent where needed."
        )
    if appendix:
        rec["appendix"] = _Body(rec, notes).parse(appendix)
        notes.append("photos are not imported: add {image: FILE, caption: …} blocks to `appendix`.")
    notes[:] = dict.fromkeys(notes)  # one line per kind of problem, however often it occurred
    return out


# ------------------------------------------------------------------ header, approval grid, front page
def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.split("\t")]


def _header(lines, rec, notes) -> int:
    header, end = {}, 0
    for i, line in enumerate(lines[:12]):
        cells = _cells(line)
        key = HEADER_FIELDS.get("".join(cells[0].split())) if len(cells) == 2 else None
        if key:
            end = i + 1
            if cells[1]:
                header[key] = cells[1]
    if "approved_on" in header:
        raw = header["approved_on"]
        day = _date(raw)
        if day is None:
            del header["approved_on"]
        else:
            header["approved_on"] = day
            if "." in raw and " " not in raw:
                header["date_style"] = "compact"
    missing = [k for k in ("doc_number", "approved_on", "disclosure") if k not in header]
    if missing:
        notes.append(f"not found, fill in: {', '.join('header.' + k for k in missing)}")
    order = ("doc_number", "approved_on", "date_style", "disclosure", "policy_number")
    rec["header"] = {k: header[k] for k in order if k in header}
    return end


def _date(text: str) -> str | None:
    m = _DATE.search(text)
    try:
        return _dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat() if m else None
    except ValueError:
        return None


def _approval(lines, pos, rec, notes) -> int:
    """결재: the 직위 row over the name row (the final signer's box starts MM/DD); 협조 rows below,
    their label in the first cell of the first row only."""
    rows = [(i, _cells(x)) for i, x in enumerate(lines[pos : pos + 16], pos) if x.strip()]
    found = None
    for k in range(1, len(rows)):
        titles, names = rows[k - 1][1], rows[k][1]
        if len(titles) == len(names) and _SIGNED.fullmatch(next((n for n in reversed(names) if n), "")):
            found = k
            break
    if found is None:  # an unsigned draft: the first two tab rows of the same width
        found = next(
            (k for k in range(1, len(rows)) if "\t" in lines[rows[k][0]] and len(rows[k - 1][1]) == len(rows[k][1]) and rows[k - 1][1][0]),
            None,
        )
    if found is None:
        notes.append("no approval line found: fill in approval.signers (기안자 first, final signer last).")
        return pos
    titles, names = rows[found - 1][1], rows[found][1]
    approval: dict = {}
    if "".join(titles[0].split()) == "시민" and not names[0]:
        approval["citizen"] = True
        titles, names = titles[1:], names[1:]
    m = _SIGNED.fullmatch(names[-1])
    if m:  # the final signer's box: "MM/DD name"
        names = names[:-1] + [m[3]]
    signers = [_signer(t, n, notes) for t, n in zip(titles, names) if t or n]
    if m:
        year = rec["header"].get("approved_on", "")[:4]
        try:
            signed = _dt.date(int(year), int(m[1]), int(m[2])).isoformat() if year else None
        except ValueError:
            signed = None
        if signed and signed != rec["header"].get("approved_on"):
            approval["signed_on"] = signed
    approval["signers"] = signers
    end = rows[found][0] + 1
    coop, label = [], None
    for i, cells in rows[found + 1 :]:
        if "\t" not in lines[i] or len(cells) < 3 or bool(cells[0]) != (label is None):
            break
        label = label if label is not None else cells[0]
        pairs = [(cells[j], cells[j + 1] if j + 1 < len(cells) else "") for j in range(1, len(cells), 2)]
        row = [_signer(t, n, notes) for t, n in pairs if t or n]
        if row:
            coop.append(row)
        end = i + 1
    if label is not None and label != "협 조":
        approval["cooperation_label"] = label
    if coop:
        approval["cooperation"] = coop
    rec["approval"] = approval
    return end


def _signer(title: str, name: str, notes) -> dict:
    s: dict = {}
    if title.startswith("★"):
        title, s["initiator"] = title[1:].strip(), True
    if title.startswith("●"):
        title, s["reporter"] = title[1:].strip(), True
    if name.startswith("전결"):
        name, s["delegated"] = name[2:].strip(), True
    if name.startswith("代"):
        name, s["acting"] = name[1:].strip(), True
    if not name or not title:
        notes.append(f"approval: a box without {'a name' if not name else 'a 직위'} was filled with {NO_NAME}.")
    return {"title": title or NO_NAME, "name": name or NO_NAME, **s}


def _structural(line: str) -> bool:
    return bool("\t" in line or _ITEM.fullmatch(line) or _ROMAN.fullmatch(line) or _LABEL.fullmatch(line) or _ATTACH.fullmatch(line))


def _front(lines, pos, rec, notes) -> int:
    """Cover (slogan, title, date, letter-spaced issuer, (department)), then slogan, title and the
    lead sentence; the body starts at the first heading, item or table after them."""
    front = []  # (index, text) of the non-empty lines before the body
    for i in range(pos, len(lines)):
        line = lines[i]
        if line and front and not _SLOGAN.fullmatch(line) and _structural(line):
            break
        if line:
            front.append((i, line))
    texts = [x for _, x in front]
    org = next((k for k, x in enumerate(texts) if re.fullmatch(r"\S( \S)+", x)), None)
    k, cover = 0, None
    if org is not None:
        cover = {"organisation": texts[org].replace(" ", "")}
        for x in texts[:org]:
            if _SLOGAN.fullmatch(x):
                cover["slogan"] = _SLOGAN.fullmatch(x)[1]
            elif _DATE.fullmatch(x) and _date(x):
                cover["date"] = _date(x)
            elif _MONTH.fullmatch(x):
                m = _MONTH.fullmatch(x)
                cover["date"] = f"{int(m[1]):04d}-{int(m[2]):02d}"
            else:
                cover["title"] = (cover.get("title", "") + " " + x).strip()
        k = org + 1
        if k < len(texts) and re.fullmatch(r"\((.+)\)", texts[k]):
            cover["department"], k = texts[k][1:-1], k + 1
    if k < len(texts) and _SLOGAN.fullmatch(texts[k]):
        rec["slogan"], k = _SLOGAN.fullmatch(texts[k])[1], k + 1
    if k < len(texts) and not _structural(texts[k]):
        rec["title"], k = texts[k], k + 1
    else:
        rec["title"] = (cover or {}).get("title", "")
        if not rec["title"]:
            notes.append("no title found: fill in `title`.")
    if cover is not None:
        for key in ("slogan", "title"):  # the cover repeats the body's unless told otherwise
            if cover.get(key) == rec.get(key):
                cover.pop(key, None)
        rec["cover"] = cover
    if k < len(texts) and not _structural(texts[k]):
        rec["lead"], k = texts[k], k + 1
    return front[k - 1][0] + 1 if k else pos


def _split_end(lines: list[str]) -> tuple[list[str], list[str]]:
    """Body and appendix around the 끝. mark (which reportgen places again when rendering)."""
    for i, line in enumerate(lines):
        if _END_MARK.search(line):
            last = _END.sub("", line).rstrip()
            return lines[:i] + ([last] if last.strip() else []), lines[i + 1 :]
    return lines, []


class _Body:
    """Body lines → record blocks. `stack` holds the open items as (marker style, item); `top`
    is the list new top-level blocks go to (the current section's content)."""

    def __init__(self, rec: dict, notes: list[str]):
        self.rec, self.notes = rec, notes
        self.out: list = []
        self.top = self.out
        self.stack: list[tuple[str, dict]] = []
        self.table: list[list[str]] | None = None
        self.attach: dict | None = None

    def parse(self, lines: list[str]) -> list:
        for line in lines:
            self.line(line)
        self.close_table()
        _tidy(self.out, 1, False)
        return self.out

    def here(self) -> list:
        """Where content under the innermost open item goes."""
        if not self.stack:
            return self.top
        return self.stack[-1][1].setdefault("items", [])

    def line(self, line: str) -> None:
        if self.attach is not None:
            m = _NUMBER.fullmatch(line.strip())
            if m:
                self.attach["items"].append(m[1])
                return
            self.attach = None
        if not line.strip():
            self.close_table()
            return
        if "\t" in line and not _ITEM.fullmatch(line):
            if self.table is None:
                self.table = []
            self.table.append(_cells(line))
            return
        self.close_table()
        if m := _ATTACH.fullmatch(line):
            first = _NUMBER.fullmatch(m[2])
            self.attach = {"label": m[1], "items": [first[1] if first else m[2]]}
            if m[1] == "붙임":
                del self.attach["label"]  # the default
            self.rec["attachments"] = self.attach
        elif m := _ROMAN.fullmatch(line):
            section = {"section": m[2], "content": []}
            self.out.append(section)
            self.top, self.stack = section["content"], []
        elif m := _LABEL.fullmatch(line):
            self.here().append({"label": m[1]})
        elif m := _ITEM.fullmatch(line):
            self.item(_style(m[1]), m[2])
        else:
            self.here().append(line)

    def item(self, style: str, text: str) -> None:
        node = {"text": text, "marker": style}
        if style == "※":  # a note: beside the innermost item, never a level of its own
            (self.stack[-2][1].setdefault("items", []) if len(self.stack) > 1 else self.top).append(node)
            return
        styles = [s for s, _ in self.stack]
        if style in styles:  # back up to that level: a sibling there
            del self.stack[styles.index(style) :]
        self.here().append(node)
        self.stack.append((style, node))

    def close_table(self) -> None:
        rows, self.table = [t for t in (self.table or []) if any(t)], None
        if not rows:
            return
        table = {"header": rows[:1], "rows": rows[1:]} if len(rows) > 1 else {"rows": rows}
        self.here().append({"table": table})
        head = " ".join(rows[0])
        if any(w in head for w in ("예산", "산출", "금액")) and not any("budget" in n for n in self.notes):
            self.notes.append(
                "budget: the 예산 table came in as a plain table; write `budget` rows "
                "(formula or amount) and put {budget_table: true} in its place to have the totals computed."
            )
        if not any("tables:" in n for n in self.notes):
            self.notes.append(
                "tables: merged cells came in as separate (empty) cells and the first row as header; "
                "add colspan/rowspan and widths where the layout needs them."
            )


def _style(marker: str) -> str:
    for rx, style in _NUMBERED:
        if re.fullmatch(rx, marker):
            return style
    return marker


def _tidy(blocks: list, depth: int, carry: bool) -> str | None:
    """Drop markers the renderer would print anyway: when every item of a list has the same
    marker and it is the depth's default (□ ○ - ·), or the parent can carry it as child_marker
    (`carry`). Returns that child_marker, or None."""
    for b in blocks:
        if isinstance(b, dict) and ("content" in b or b.get("items")):
            key = "content" if "section" in b else "items"
            mark = _tidy(b[key], 1 if key == "content" else depth + 1, True)
            if mark:
                b["child_marker"] = mark
            b[key] = b.pop(key)  # after child_marker: reads top-down in YAML
            if not b[key]:
                del b[key]
    items = [b for b in blocks if isinstance(b, dict) and "text" in b and b["marker"] != "※"]  # ※ stays explicit
    markers = {b["marker"] for b in items}
    default = DEFAULT_MARKERS[min(depth, len(DEFAULT_MARKERS)) - 1]
    if len(markers) != 1 or (markers != {default} and not carry):
        return None
    for b in items:
        del b["marker"]
    return None if markers == {default} else markers.pop()
