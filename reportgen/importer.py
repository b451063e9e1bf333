"""`reportgen import`: an existing document (.docx, .hwpx, .hwp) → a starting record.

The readers give blocks (paragraphs with the numbering Hangul printed, tables whose cells hold
blocks, images). First the fixed parts are recognised wherever they stand (recognise.py): the
approval line in any table, nested ones included; reportgen's own header block; the 두문 and
결문 lines of a 기안문/시행문. What they occupied leaves the body. Then the rest is read in order:
cover, slogan, title and lead, then the body — Roman headings (typed, automatic or boxed in a
one-row table) open sections, items keep the marker they were printed with (never renumbered: a
numbered list becomes a numbering style only when the style prints exactly the same markers),
nesting comes from the order in which markers first appear, the first row of a table is its
header. What could not be recovered is listed in `Imported.notes` (the leading YAML comment).
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import recognise as rz
from .compose.common import DEFAULT_MARKERS
from .koreanfmt import MARKER_STYLES, hangul_seq, marker
from .readers.blocks import Image, Para, Table, lines, walk

SYMBOLS = "□■○●◦◎❍ㅇ-·∙•※*▶▷►◆◇◈▣▪‣➢"
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
# DOCX prints "marker<TAB>text": join them at the start of a line.
_MARKER_TAB = re.compile(rf"^({_MARKER}|따로붙임|붙임)\t")
_ROMAN = re.compile(r"([Ⅰ-Ⅻ]+|[IVX]{1,5})\s*[.)]?\s+(\S.*)")
_ROMAN_CELL = re.compile(r"([Ⅰ-Ⅻ]+|[IVX]{1,5}|\d{1,2})\s*[.)]?")
_TOC_ENTRY = re.compile(r".*?(\s*[·.…‥ㆍ]{3,}\s*|\s+)-?\s*\d{1,3}\s*-?")
_TOC_HEAD = {"목차", "차례", "목 차", "CONTENTS", "Contents"}
_TOC_SQUASHED = {"".join(x.split()) for x in _TOC_HEAD}
_LABEL = re.compile(r"〈\s*(.+?)\s*〉")
_SLOGAN = re.compile(r"-\s+(.+?)\s+-")
_ATTACH = re.compile(r"(따로붙임|붙임)\s+(\S.*)")
_NUMBER = re.compile(r"\d{1,2}\.\s+(\S.*)")
_DATE = re.compile(r"(\d{4})\s*[.\-/]\s*(\d{1,2})\s*[.\-/]\s*(\d{1,2})\.?")
_MONTH = re.compile(r"(\d{4})\.\s*(\d{1,2})\.?")
_END = re.compile(r"\s*끝\.\s*$")
_END_MARK = re.compile(r"(^|\s)끝\.\s*$")  # "… 협조.  끝." or 끝. alone; not "…마지막끝."
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
NO_NAME = "○○○"  # the usual blank for a name in Korean forms
DRAFT_FIELDS = ("recipient", "via", "subject", "doc_number", "enforced_on", "received", "postcode", "address")


@dataclass
class Heading:
    """A section heading token (a boxed heading table: Ⅰ | 공모 사업 개요)."""

    numeral: str
    text: str


@dataclass
class Imported:
    record: dict
    notes: list[str] = field(default_factory=list)  # what the officer must fill in or check
    facts: dict = field(default_factory=dict)  # 두문/결문 fields found (recipient, via, address, …)
    recognised: list[str] = field(default_factory=list)  # per part, what was recognised or kept as text and why
    text_lines: int = 0  # non-empty text lines the reader gave (0: nothing to import)
    images: int = 0

    def comment(self) -> str:
        head = ["reportgen import: a starting record — check it, then `reportgen validate`."]
        head += self.recognised
        if self.facts:
            head.append("두문/결문 (kept here until the record has fields for them):")
            head += [f"  {k}: {v}" for k, v in self.facts.items()]
        head += [f"- {n}" for n in self.notes]
        return "".join(f"# {_one_line(x)}\n" for x in head)

    def yaml(self) -> str:
        return self.comment() + yaml.safe_dump(self.record, allow_unicode=True, sort_keys=False, width=1000)

    def json(self) -> str:
        return json.dumps(self.record, ensure_ascii=False, indent=2) + "\n"


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


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
    return lines(read_blocks(path))


def import_document(path: str | Path) -> Imported:
    return record_from_blocks(read_blocks(path))


def record_from_lines(text_lines: list[str]) -> Imported:
    """From plain text lines (a text dump): consecutive tab-separated lines form a table."""
    blocks: list = []
    rows: list[list[str]] = []
    for line in [*text_lines, ""]:
        if "\t" in line and not _ITEM.fullmatch(_MARKER_TAB.sub(r"\1 ", line.strip(" "))):
            rows.append(line.split("\t"))
            continue
        if rows:
            blocks.append(_table_of(rows))
            rows = []
        blocks.append(Para(line))
    return record_from_blocks(blocks[:-1])


def _table_of(rows: list[list[str]]) -> Table:
    from .readers.blocks import Cell

    return Table([Cell(r, c, 1, 1, [Para(x)]) for r, row in enumerate(rows) for c, x in enumerate(row)])


def _clean(text: str) -> str:
    return _MARKER_TAB.sub(r"\1 ", _CONTROL.sub("", text).replace("@{", "@@{").strip(" \u3000"))


def record_from_blocks(blocks: list) -> Imported:
    out = Imported({"kind": "plan"})
    rec, notes = out.record, out.notes
    out.text_lines = sum(1 for x in lines(blocks) if x.strip())
    out.images = sum(1 for b in walk(blocks) if isinstance(b, Image))
    found = _Found()
    tokens = found.scan(blocks)
    rec["header"] = found.header(notes)
    rec["approval"] = found.approval(rec["header"], notes)
    out.facts = found.facts
    pos = 0
    if found.facts.get("subject"):
        rec["title"] = found.facts.pop("subject")
    draft = found.is_draft()
    pos = 0 if draft else _front(tokens, rec, notes)
    body, appendix = _split_end(tokens[pos:])
    rec["body"] = _Body(rec, notes, MARKER_STYLES if draft else DEFAULT_MARKERS).parse(body)
    if any(isinstance(x, str) and _ITEM.fullmatch(x) for x in body):
        notes.append("nesting is read from the markers alone: check that items sit under the right parent.")
    appendix = _Body(rec, notes).parse(appendix) if appendix else []
    if appendix:
        rec["appendix"] = appendix
        notes.append("photos are not imported: add {image: FILE, caption: …} blocks to `appendix`.")
    if out.images:
        notes.append(f"{out.images} picture(s) not imported: add {{image: FILE}} blocks where they belong.")
    if not rec.get("title"):
        rec["title"] = NO_NAME
        notes.append(f"no title found: `title` is {NO_NAME}, fill it in.")
    if not rec["body"]:
        rec["body"] = [NO_NAME]
    out.recognised = found.summary(rec)
    if draft:
        out.record = _draft_record(rec, out)
        out.recognised.append("recognised: a 기안문/시행문 (수신 and 결문): imported as a draft record")
    else:
        order = ["kind", "header", "approval", "cover", "slogan", "title", "lead", "attachments", "body", "appendix"]
        out.record = {k: rec[k] for k in order if k in rec}
    notes[:] = dict.fromkeys(notes)  # one line per kind of problem, however often it occurred
    return out


# ------------------------------------------------------------------ the fixed parts, wherever they stand
class _Found:
    """What the fixed parts gave, and the body tokens left: str lines, Heading and table rows."""

    def __init__(self):
        self.pairs: dict[str, str] = {}
        self.signers: list[dict] | None = None
        self.coop: list[list[dict]] = []
        self.coop_label: str | None = None
        self.citizen = False
        self.facts: dict = {}
        self.parts: list[str] = []
        self.boxed = 0
        self.toc = 0

    def scan(self, blocks: list) -> list:
        tokens: list = []
        ended = False  # past the 끝. mark
        for b in blocks:
            if isinstance(b, Para):
                line = _clean(b.line)
                if (rz.sender(line) or (ended and rz.is_title(line))) and "sender" not in self.facts:
                    self.facts["sender"] = rz.squash(line)  # 발신명의: 성동구청장, or a 과장 after 끝.
                    self.parts.append("결문: sender")
                elif not self.closing_line(line):
                    tokens.append(line)
                ended = ended or bool(_END_MARK.search(line))
            elif isinstance(b, Table):
                tokens += self.table(b)
        # 행정기관명: the first line of a 기안문, right above its 수신 line
        first = next((k for k, x in enumerate(tokens) if x), None)
        if first is not None and isinstance(tokens[first], str) and rz.organisation(tokens[first]) and "recipient" in self.facts:
            self.facts = {"organisation": tokens[first], **self.facts}
            self.parts.insert(0, "두문: organisation")
            del tokens[first]
        return tokens

    def closing_line(self, line: str) -> bool:
        """A 두문/결문 line: its fields are kept, the line leaves the body."""
        fields = rz.closing_fields(line) if line else {}
        if not fields:
            return False
        for k, v in fields.items():
            self.facts.setdefault(k, v)
        self.parts.append("두문/결문: " + ", ".join(fields))
        return True

    def table(self, t: Table) -> list:
        rows = [[_clean(x) for x in row] for row in t.text_rows()]
        rows = [r for r in rows if any(r)]
        if not rows:
            return []
        if self.signers is not None and self.coop_label is None and rz.squash(rows[0][0]) in rz.COOP_LABELS:
            if self.cooperation(rows):  # the 협조 rows in a table of their own, below the 결재란
                return []
        pairs = rz.header_pairs(rows)
        if "subject" not in self.facts:  # a 제목 cell (| [ 제 목 ] | … |, or the line under it)
            for r, row in enumerate(rows):
                for k, cell in enumerate(row):
                    if rz.squash(cell).strip("[]【】<>") == "제목":
                        value = next((x for x in row[k + 1 :] if x), "") or next(
                            (x for x in (rows[r + 1] if r + 1 < len(rows) else []) if x), ""
                        )
                        if value and rz.squash(value).strip("[]【】<>") != "제목":
                            self.facts["subject"] = value
                            self.parts.append("제목 in a table")
        grid = self.approval_in(t) if self.signers is None else False
        texts = [_clean(b.line) for b in walk([t]) if isinstance(b, Para)]
        texts += [
            " ".join(r) for r in rows if len(r) > 1 and re.match(r"(시\s*행|접\s*수)\s", " ".join(r))
        ]  # 시행 | 번호 (날짜) | 접수 | ( )
        closing = [c for c in texts if c and rz.closing_fields(c)]
        if pairs and len(pairs) >= 2:
            for k, v in pairs.items():
                self.pairs.setdefault(k, v)
            self.parts.append("header block: " + ", ".join(pairs))
        if grid or (pairs and len(pairs) >= 2) or len(closing) >= 2:
            for c in closing:
                self.closing_line(c)
            return []
        if len(rows) == 1 and 2 <= len(rows[0]) <= 3 and _ROMAN_CELL.fullmatch(rows[0][0].replace(" ", "")):
            text = " ".join(x for x in rows[0][1:] if x)
            if text:
                self.boxed += 1
                return [Heading(rows[0][0].replace(" ", ""), text)]
        if len(rows) == 1 and len(rows[0]) == 1:  # a boxed line (a title box, a 참고 box): its text
            return [rows[0][0]]
        return [rows]

    def approval_in(self, t: Table) -> bool:
        """The approval line in this table or one nested in it (the 결문 of a 기안문 often holds the
        결재란 as a table inside a cell)."""
        for table in [t] + [b for b in walk([t]) if isinstance(b, Table) and b is not t]:
            rows = [[_clean(x) for x in row] for row in table.text_rows()]
            hit = rz.approval_rows(rows)
            if hit is None:
                continue
            r, signers = hit
            first = rows[r]
            self.citizen = any(rz.squash(x) == "시민" for x in first)
            self.signers = signers
            self.cooperation(rows[r + 2 :])
            self.parts.append(f"approval line: {len(signers)} signer(s)" + (f", {sum(map(len, self.coop))} 협조" if self.coop else ""))
            return True
        return False

    def cooperation(self, rows: list[list[str]]) -> bool:
        """협조 rows: the label (협 조, 합 의) in the first cell of the first row only, then
        (직위, 이름) pairs. True when the rows were that."""
        taken = False
        for k, row in enumerate(rows):
            label = rz.squash(row[0]) if row else ""
            if (label and label not in rz.COOP_LABELS) or (not label and k == 0 and self.coop_label is None):
                break
            if label and self.coop_label is None:
                self.coop_label = row[0]
            taken = True
            below = rows[k + 1][1:] if k + 1 < len(rows) and not rz.squash(rows[k + 1][0]) else []
            if all(rz.is_title(x) for x in row[1:] if x) and below and any(below) and all(rz.is_name(x) for x in below if x):
                self.coop.append([rz.signer(t, n) for t, n in zip(row[1:], below) if t or n])
                rows[k + 1] = ["", ""]  # consumed: the names under these titles
                continue
            got = rz.pair_signers(row[1:]) if any(row[1:]) else []
            if got is None:
                break
            if got:
                self.coop.append(got)
        return taken

    def is_draft(self) -> bool:
        """A 기안문/시행문: a 수신 line and at least one more 두문/결문 fact."""
        return "recipient" in self.facts and any(
            k in self.facts for k in ("sender", "via", "doc_number", "enforced_on", "postcode", "phone")
        )

    def header(self, notes) -> dict:
        header: dict = {}
        number = self.pairs.get("doc_number") or self.facts.get("doc_number") or ""
        if rz.doc_number(number):
            header["doc_number"] = rz.doc_number(number)
        raw = self.pairs.get("approved_on", "")
        day = _date(raw)
        if day:
            header["approved_on"] = day
            if "." in raw and " " not in raw.strip():
                header["date_style"] = "compact"
        disclosure = self.pairs.get("disclosure") or self.facts.pop("disclosure", "")
        if disclosure and rz.DISCLOSURE.fullmatch(rz.squash(disclosure)):
            header["disclosure"] = rz.squash(disclosure)
        else:
            header["disclosure"] = "공개"
            notes.append("공개여부 not found: header.disclosure is 공개 — check it.")
        if self.pairs.get("policy_number"):
            header["policy_number"] = self.pairs["policy_number"]
        missing = [k for k in ("doc_number", "approved_on") if k not in header]
        if missing:
            notes.append(f"a draft: {', '.join('header.' + k for k in missing)} not found (the e-approval system assigns them).")
        return header

    def approval(self, header: dict, notes) -> dict:
        notes.append("문서번호, 결재일자 and the signers are the source's: update them for the new document.")
        if not self.signers:
            notes.append(f"no approval line found: approval.signers is a {NO_NAME} placeholder (기안자 first, final signer last).")
            return {"signers": [{"title": NO_NAME, "name": NO_NAME}]}
        approval: dict = {}
        if self.citizen:
            approval["citizen"] = True
        signed = None
        for s in self.signers + [x for row in self.coop for x in row]:
            if "signed" in s:
                signed = s.pop("signed")
            for key in ("title", "name"):
                if not s[key]:
                    s[key] = NO_NAME
                    notes.append(f"approval: a box without {'a name' if key == 'name' else 'a 직위'} was filled with {NO_NAME}.")
        approval["signers"] = self.signers
        year = (header.get("approved_on") or _date(self.facts.get("enforced_on", "")) or "")[:4]
        if signed and year:
            try:
                day = _dt.date(int(year), *signed).isoformat()
            except ValueError:
                day = None
            if day and day != header.get("approved_on"):
                approval["signed_on"] = day
        if self.coop_label is not None and self.coop_label != "협 조":
            approval["cooperation_label"] = self.coop_label
        if self.coop:
            approval["cooperation"] = self.coop
        return approval

    def summary(self, rec: dict) -> list[str]:
        out = [f"recognised: {p}" for p in dict.fromkeys(self.parts)]
        if self.boxed:
            out.append(f"recognised: {self.boxed} boxed section heading(s) (one-row tables) read as sections")
        blocks = list(_record_blocks(rec.get("body", []) + rec.get("appendix", [])))
        sections = sum(1 for b in blocks if isinstance(b, dict) and "section" in b)
        items = sum(1 for b in blocks if isinstance(b, dict) and "text" in b)
        plain = sum(1 for b in blocks if isinstance(b, str))
        tables = sum(1 for b in blocks if isinstance(b, dict) and "table" in b)
        out.append(f"recognised: body of {sections} section(s), {items} item(s) with the markers they were printed with")
        if plain:
            out.append(f"kept as plain text: {plain} paragraph(s) — no marker, heading or 두문/결문 label to go by")
        if tables:
            out.append(f"kept as plain tables: {tables} — no approval line or 두문/결문 in them; their first row as header")
        return out


_ATTACH_ITEM = re.compile(r"(.+?)\s*(\d+)\s*(부|매|권|건|장|개|책)\.?")


def _draft_record(rec: dict, out: Imported) -> dict:
    """The plan-shaped record rearranged as a `draft` (기안문/시행문): 두문 and 결문 facts go to their
    fields; what has no field stays in the comment."""
    facts, notes = dict(out.facts), out.notes
    draft: dict = {"kind": "draft"}
    agency = facts.pop("organisation", "")
    draft["agency"] = agency or NO_NAME
    if not agency:
        notes.append(f"행정기관명 not found: `agency` is {NO_NAME}, fill it in.")
    to = facts.pop("recipient")
    m = re.fullmatch(r"(.+?)\((.+)\)", to)
    draft["recipient"] = {"to": m[1].strip(), "unit": m[2].strip()} if m else {"to": to}
    if "recipient_list" in facts:
        draft["recipient"]["list"] = facts.pop("recipient_list")
    if "via" in facts:
        via = facts.pop("via")
        if via:
            draft["via"] = via
    draft["title"] = rec["title"]
    draft["body"] = rec["body"]
    attach = rec.get("attachments")
    if attach:
        items = [_ATTACH_ITEM.fullmatch(x) for x in attach["items"]]
        if all(items):
            draft["attachments"] = {
                "items": [{"name": i[1], "count": int(i[2]), **({"unit": i[3]} if i[3] != "부" else {})} for i in items]
            }
            if attach.get("label") == "따로붙임":
                draft["attachments"]["label"] = "따로붙임"
        else:
            notes.append("붙임 lines without a count (… 1부.) were left out: add them to `attachments`.")
    if "sender" in facts and draft["recipient"]["to"] != "내부결재":  # 내부결재 has no 발신명의
        draft["sender"] = facts.pop("sender")
    approval = rec["approval"]
    signers = [{k: v for k, v in s.items() if k != "reporter" or v} for s in approval["signers"]]
    for s in signers:
        if s["name"] != NO_NAME:
            s["signed"] = True
    draft["approval"] = {"signers": signers}
    coop = [dict(s, signed=True) if s["name"] != NO_NAME else s for row in approval.get("cooperation", []) for s in row]
    if coop:
        draft["approval"]["cooperation"] = coop
    if "signed_on" in approval and approval["signed_on"] != _date(facts.get("enforced_on", "")):
        draft["approval"]["signed_on"] = approval["signed_on"]  # the 시행일 is the default
    enforcement = {}
    if rec["header"].get("doc_number"):
        enforcement["number"] = rec["header"]["doc_number"]
        facts.pop("doc_number", None)
    day = _date(facts.get("enforced_on", ""))
    if day:
        enforcement["date"] = day
    if "enforced_on" in facts and (day or not facts["enforced_on"]):
        facts.pop("enforced_on")
    if enforcement:
        draft["enforcement"] = enforcement
    contact = {}
    for key in ("postcode", "address", "homepage", "phone", "fax", "email"):
        if key in facts and (key != "postcode" or re.fullmatch(r"\d{5}", facts[key])):
            contact[key] = facts.pop(key)
    if contact:
        draft["contact"] = contact
    draft["disclosure"] = rec["header"]["disclosure"]
    out.facts = facts
    notes[:] = [n for n in notes if not n.startswith("a draft: header.")]  # a draft has no header block
    return draft


def _record_blocks(blocks):
    for b in blocks:
        yield b
        if isinstance(b, dict):
            yield from _record_blocks(b.get("content", []) + b.get("items", []))


def _date(text: str) -> str | None:
    m = _DATE.search(text or "")
    try:
        return _dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat() if m else None
    except ValueError:
        return None


def _structural(token) -> bool:
    if not isinstance(token, str):
        return True
    return bool(_ITEM.fullmatch(token) or _ROMAN.fullmatch(token) or _LABEL.fullmatch(token) or _ATTACH.fullmatch(token))


def _front(tokens, rec, notes) -> int:
    """Cover (slogan, title, date, letter-spaced issuer, (department)), then slogan, title and the
    lead sentence; the body starts at the first heading, item or table after them. Only the
    first lines are looked at: the front page is short."""
    front = []  # (index, text) of the non-empty lines before the body
    for i, line in enumerate(tokens):
        if line and front and (not isinstance(line, str) or not _SLOGAN.fullmatch(line)) and _structural(line):
            break
        if line and not isinstance(line, str):
            break
        if line:
            front.append((i, line))
        if len(front) >= 12:
            break
    texts = [x for _, x in front]
    org = next((k for k, x in enumerate(texts) if re.fullmatch(r"\S( \S)+", x) and rz.squash(x) not in _TOC_SQUASHED), None)
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
    if rec.get("title"):  # the 두문's 제목
        pass
    elif k < len(texts) and not _structural(texts[k]):
        rec["title"], k = texts[k], k + 1
    else:
        rec["title"] = (cover or {}).get("title", "")
    if cover is not None:
        for key in ("slogan", "title"):  # the cover repeats the body's unless told otherwise
            if cover.get(key) == rec.get(key):
                cover.pop(key, None)
        rec["cover"] = cover
    if k < len(texts) and not _structural(texts[k]) and texts[k].endswith(("함.", "임.", "음.", "다.")):
        rec["lead"], k = texts[k], k + 1
    return front[k - 1][0] + 1 if k else 0


def _split_end(tokens: list) -> tuple[list, list]:
    """Body and appendix around the 끝. mark (which reportgen places again when rendering)."""
    for i, line in enumerate(tokens):
        if isinstance(line, str) and _END_MARK.search(line):
            last = _END.sub("", line).rstrip()
            return tokens[:i] + ([last] if last.strip() else []), tokens[i + 1 :]
    return tokens, []


class _Body:
    """Body tokens → record blocks. `stack` holds the open items as (marker style, item); `top`
    is the list new top-level blocks go to (the current section's content)."""

    def __init__(self, rec: dict, notes: list[str], defaults: tuple[str, ...] = DEFAULT_MARKERS):
        self.rec, self.notes, self.defaults = rec, notes, defaults
        self.out: list = []
        self.top = self.out
        self.stack: list[tuple[str, dict]] = []
        self.attach: dict | None = None
        self.toc: list[str] | None = None  # inside a 목차: the entries seen
        self.sections = 0  # sections are numbered Ⅰ, Ⅱ, … when rendered: only the next one opens one

    def parse(self, tokens: list) -> list:
        self.attach_at = _attachments_at(tokens)
        for k, token in enumerate(tokens):
            self.k = k
            if isinstance(token, Heading):
                self.toc = None
                if _roman_value(token.numeral.rstrip(".)")) == self.sections + 1:
                    self.section(token.text)
                else:  # out of sequence: as printed
                    self.stack = []
                    self.item(token.numeral, token.text)
            elif isinstance(token, list):
                self.toc = None
                self.attach = None
                self.table(token)
            else:
                self.line(token)
        _tidy(self.out, 1, False, self.defaults)
        return self.out

    def here(self) -> list:
        """Where content under the innermost open item goes."""
        if not self.stack:
            return self.top
        return self.stack[-1][1].setdefault("items", [])

    def section(self, text: str) -> None:
        self.sections += 1
        section = {"section": text, "content": []}
        self.out.append(section)
        self.top, self.stack = section["content"], []

    def line(self, line: str) -> None:
        if self.attach is not None:
            m = _NUMBER.fullmatch(line.strip())
            if m:
                self.attach["items"].append(m[1])
                return
            self.attach = None
        if not line.strip():
            return
        if rz.squash(line) in _TOC_SQUASHED:
            self.toc = []
            self.here().append(line)
            return
        roman = _ROMAN.fullmatch(line)
        if self.toc is not None:
            entry = rz.squash(_TOC_ENTRY.sub("", line) if _TOC_ENTRY.fullmatch(line) else line)
            if roman and not _TOC_ENTRY.fullmatch(line) and entry in self.toc:
                self.toc = None  # the first section itself: the 목차 is over
            elif roman or _ITEM.fullmatch(line) or _TOC_ENTRY.fullmatch(line):
                self.toc.append(rz.squash(line if not _TOC_ENTRY.fullmatch(line) else line[: _TOC_ENTRY.fullmatch(line).start(1)]))
                self.here().append(line)  # a 목차 line: text, not a section
                return
            else:
                self.toc = None
        if (m := _ATTACH.fullmatch(line)) and self.k == self.attach_at:
            first = _NUMBER.fullmatch(m[2])
            self.attach = {"label": m[1], "items": [first[1] if first else m[2]]}
            if m[1] == "붙임":
                del self.attach["label"]  # the default
            self.rec["attachments"] = self.attach
        elif roman and _TOC_ENTRY.fullmatch(line) and re.search(r"[·.…‥ㆍ]{3,}", line):
            self.here().append(line)  # a 목차 entry with its page number
        elif roman and _roman_value(roman[1]) == self.sections + 1:
            self.section(roman[2])
        elif roman:  # out of sequence (a second Ⅰ in a later part): as printed, not renumbered
            self.stack = []
            self.item(line[: roman.start(2)].strip(), roman[2])
        elif m := _LABEL.fullmatch(line):
            self.here().append({"label": m[1]})
        elif m := _ITEM.fullmatch(line):
            self.item(m[1], m[2])
        else:
            self.here().append(line)

    def item(self, shown: str, text: str) -> None:
        style = _style(shown)
        node = {"text": text, "marker": shown, "_style": style}
        if style == "※":  # a note: beside the innermost item, never a level of its own
            (self.stack[-2][1].setdefault("items", []) if len(self.stack) > 1 else self.top).append(node)
            return
        styles = [s for s, _ in self.stack]
        if style in styles:  # back up to that level: a sibling there
            del self.stack[styles.index(style) :]
        self.here().append(node)
        self.stack.append((style, node))

    def table(self, rows: list[list[str]]) -> None:
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
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
                "tables: merged cells came in as separate (empty) cells, a table inside a cell as its text, "
                "and the first row as header; add colspan/rowspan and widths where the layout needs them."
            )


_ROMAN_ASCII = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}


def _roman_value(numeral: str) -> int:
    if numeral.isdigit():
        return int(numeral)
    if len(numeral) == 1 and "Ⅰ" <= numeral <= "Ⅻ":
        return ord(numeral) - ord("Ⅰ") + 1
    return _ROMAN_ASCII.get(numeral, 0)


def _attachments_at(tokens: list) -> int | None:
    """Where the 붙임 list starts: a 붙임 line followed only by its numbered lines to the end of
    the body (a 붙임 line in mid-document heads an attached page: it stays text)."""
    for k in range(len(tokens) - 1, -1, -1):
        t = tokens[k]
        if not isinstance(t, str):
            return None
        if _ATTACH.fullmatch(t):
            return k
        if t.strip() and not _NUMBER.fullmatch(t.strip()):
            return None
    return None


def _style(shown: str) -> str:
    for rx, style in _NUMBERED:
        if re.fullmatch(rx, shown):
            return style
    return shown


def _numbering(items: list[dict]) -> None:
    """Markers as printed, never renumbered: a numbered style replaces the literal markers only
    where it prints exactly them (1. 2. 3. among siblings); otherwise each keeps its own, and one
    that looks like a style's first marker out of place (a second "1.") stays in the text."""
    groups: dict[str, list[dict]] = {}
    for b in items:
        groups.setdefault(b.pop("_style"), []).append(b)
    for style, group in groups.items():
        if style not in MARKER_STYLES:
            continue
        try:
            expected = [marker(style, k) for k in range(1, len(group) + 1)]
        except ValueError:
            expected = []
        if [b["marker"] for b in group] == expected:
            for b in group:
                b["marker"] = style
        else:
            for b in group:
                if b["marker"] in MARKER_STYLES:
                    b["text"], b["marker"] = f"{b['marker']} {b['text']}", ""


def _tidy(blocks: list, depth: int, carry: bool, defaults: tuple[str, ...] = DEFAULT_MARKERS) -> str | None:
    """Settle markers (`_numbering`), then drop those the renderer would print anyway: when every
    item of a list has the same marker and it is the depth's default (□ ○ - ·), or the parent can
    carry it as child_marker (`carry`). Returns that child_marker, or None."""
    items = [b for b in blocks if isinstance(b, dict) and "text" in b]
    _numbering(items)
    for b in blocks:
        if isinstance(b, dict) and ("content" in b or b.get("items")):
            key = "content" if "section" in b else "items"
            mark = _tidy(b[key], 1 if key == "content" else depth + 1, True, defaults)
            if mark:
                b["child_marker"] = mark
            b[key] = b.pop(key)  # after child_marker: reads top-down in YAML
            if not b[key]:
                del b[key]
    items = [b for b in items if b["marker"] != "※"]  # ※ stays explicit
    markers = {b["marker"] for b in items}
    default = defaults[min(depth, len(defaults)) - 1]
    if len(markers) != 1 or (markers != {default} and not carry) or markers == {""}:
        return None
    for b in items:
        del b["marker"]
    return None if markers == {default} else markers.pop()
