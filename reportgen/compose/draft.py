"""Draft records (일반기안문, 별지 제1호서식) → the document model.

두문: 행정기관명 (the title line), 수신, (경유). 본문: 제목, items numbered 1. 가. 1) 가) … by depth
(시행규칙 제2조), 붙임 with counts and the 끝. mark. 결문: 발신명의 (not for 내부결재), the 수신자 list,
one box per signer (직위 over 서명란), the 협조자 boxes, 시행 · 접수, the contact lines ending with the
공개 구분. The same record is the 기안문 before approval (blank 서명란, blank 시행) and the 시행문 after
it (enforcement given, signers `signed`). Every block is an ordinary model block, so each writer
lays the form out with its own paragraph and table machinery.
"""

from __future__ import annotations

from dataclasses import replace

from ..config import Config
from ..koreanfmt import MARKER_STYLES, format_date, parse_date
from ..layout import APPROVAL_NAME_ROW_MM, TEXT_WIDTH_MM
from ..model import ApprovalGrid, Cell, Document, Item, Paragraph, Table, TitleBlock
from ..sources import Origin
from .common import _signature, _title, blocks, cells_text, context, end_with_mark

INTERNAL = "내부결재"
BY_LIST = "수신자 참조"

# 별지 제1호서식 비고: these labels are printed before their values …
PRINTED_LABELS = ("수신", "(경유)", "제목", "붙임", "시행", "접수", "우", "협조자", "전화번호", "팩스번호")
# … and these never: only their values are.
UNPRINTED_LABELS = (
    "행정기관명",
    "발신명",
    "기안자",
    "검토자",
    "결재권자",
    "직위(직급)",
    "서명",
    "처리과명",
    "연도별 일련번호",
    "시행일",
    "도로명주소",
    "홈페이지 주소",
    "전자우편주소",
    "공개 구분",
)

NO_GRID = ApprovalGrid(signers=(), cooperation_label="")  # the 결재 boxes stand in the 결문, not on top


def compose(record: dict, origin: Origin, config: Config) -> Document:
    ctx = context(record, origin, config)
    if "markers" not in record.get("style", {}):
        ctx.markers = MARKER_STYLES  # 1. 가. 1) 가) (1) (가) ① ㉮ by depth
    ctx.figures, ctx.unit = dict(record.get("amounts", {})), "원"
    head = [
        Item("수신", recipient_line(record["recipient"])),
        Item("(경유)", record.get("via", "")),
        Item("제목", ctx.text(record["title"])),
    ]
    body = end_with_mark(blocks(ctx, record["body"]), {"attachments": attachments(record)}, ctx)
    return Document(
        header=(),
        approval=NO_GRID,
        cover=None,
        title=TitleBlock("", record["agency"]),
        body=head + body + closing(record, config),
        warnings=ctx.warnings,
        meta_title=ctx.text(record["title"]),
        meta_author=record["agency"],
        meta_date=record.get("enforcement", {}).get("date", ""),
    )


def recipient_line(r: dict) -> str:
    """수신: 내부결재, 수신자 참조, or the addressee with its 보조기관 in parentheses."""
    return f"{r['to']}({r['unit']})" if r.get("unit") else r["to"]


def attachments(record: dict) -> dict | None:
    """붙임 items as printed ("계획서 1부."), for the 끝. rule of compose/common."""
    att = record.get("attachments")
    if not att:
        return None
    items = [f"{x['name']} {x['count']}{x.get('unit', '부')}." for x in att["items"]]
    return {"label": att.get("label", "붙임"), "items": items}


def closing(record: dict, config: Config) -> list:
    """The 결문: 발신명의, 수신자, then the form's ruled grid — 결재 boxes, 협조자, 시행 · 접수 and the
    contact lines — printed whole on one page."""
    out: list = []
    r = record["recipient"]
    if r["to"] != INTERNAL and record.get("sender"):
        out += [Paragraph(""), Paragraph(record["sender"], "title")]  # a blank line, then the issuer as large as 행정기관명
    if r.get("list"):
        out.append(Item("수신자", ", ".join(r["list"])))
    a = record["approval"]
    boxes = signatures(a["signers"], a.get("signed_on") or record.get("enforcement", {}).get("date"), config)
    grid = Grid()
    grid.add([(title, "center") for title, _ in boxes])
    grid.add([(text, "center") for _, text in boxes], height=APPROVAL_NAME_ROW_MM)
    coop = [(_title(s, config), _signature(s) if s.get("signed") else "") for s in a.get("cooperation", ())]
    if coop:  # the label over two rows, then a box per 협조자 (직위 over 서명란)
        grid.add([("협조자", "center")] + [(t, "center") for t, _ in coop], [LABEL_MM], label_rows=2)
        grid.add([(n, "center") for _, n in coop], start=LABEL_MM, height=APPROVAL_NAME_ROW_MM)
    else:
        grid.add([("협조자", "center"), ("", "left")], [LABEL_MM])
    enforce, receive, where, phone = contact_lines(record)
    grid.add([("시행", "center"), (enforce, "left"), ("접수", "center"), (receive, "left")], [LABEL_MM, None, LABEL_MM])
    grid.add([(where, "left")])
    grid.add([(phone, "left")])
    return out + [grid.table()]


def signatures(signers: list, signed_on: str | None, config: Config) -> list[tuple[str, str]]:
    """(직위, 서명란) per box — one per person who signs or carries a mark (시행규칙 제7조④). A box
    stays blank until its signer has signed; the final signer's box carries the date as MM/DD. A
    전결 box followed by a 대결 box holds only the mark 전결 (the 전결권자 is absent; 제7조③)."""
    last = len(signers) - 1
    out = []
    for i, s in enumerate(signers):
        if s.get("delegated") and i < last:
            text = "전결" if signers[last].get("signed") else ""
        elif not s.get("signed"):
            text = ""
        else:
            text = _signature(s)
            if i == last and signed_on:
                d = parse_date(signed_on)
                text = f"{d.month:02d}/{d.day:02d} {text}"
        out.append((_title(s, config), text))
    return out


LABEL_MM = 18.0  # the 협조자 / 시행 / 접수 label cells of the 결문


class Grid:
    """Rows across the text width, each cut its own way (the signer boxes; 협조자 and its boxes;
    시행 | … | 접수 | …), merged into one Table on the union of the cuts."""

    def __init__(self):
        self.rows: list[list[tuple[float, float, Cell]]] = []
        self.heights: list[float] = []

    def add(self, cells: list, widths: list | None = None, *, start: float = 0.0, height: float = 0.0, label_rows: int = 1) -> None:
        """`cells` are (text, align); `widths` the first cells' widths in mm (None, or none given:
        an equal share of what is left). With `label_rows`, the first cell spans that many rows."""
        widths = list(widths or []) + [None] * (len(cells) - len(widths or []))
        free = (TEXT_WIDTH_MM - start - sum(w for w in widths if w)) / max(1, widths.count(None))
        at, row = start, []
        for i, (text, align) in enumerate(cells):
            width = widths[i] or free
            row.append((at, at + width, cells_text(text, align=align, rowspan=label_rows if i == 0 else 1)))
            at += width
        self.rows.append(row)
        self.heights.append(height)

    def table(self) -> Table:
        cuts = sorted({round(x, 3) for row in self.rows for a, b, _ in row for x in (a, b)})
        column = {x: i for i, x in enumerate(cuts)}
        rows = tuple(tuple(replace(c, colspan=column[round(b, 3)] - column[round(a, 3)]) for a, b, c in row) for row in self.rows)
        widths = tuple(b - a for a, b in zip(cuts, cuts[1:]))
        return Table(rows, widths, header_rows=0, row_heights_mm=tuple(self.heights), keep_together=True, cell_role="grid")


def numbered(entry: dict | None) -> str:
    """처리과명-일련번호 (날짜), blank parentheses until it is known."""
    entry = entry or {}
    when = format_date(parse_date(entry["date"])) if entry.get("date") else "      "
    return f"{entry.get('number', '')} ({when})".strip()


def contact_lines(record: dict) -> tuple[str, str, str, str]:
    """시행 and 접수 values; 우 우편번호 주소 / 홈페이지; 전화번호 · 팩스번호 / 전자우편 / 공개 구분."""
    c = record.get("contact", {})
    where = " ".join(x for x in ("우", c.get("postcode", ""), c.get("address", "")) if x)
    if c.get("homepage"):
        where += f" / {c['homepage']}"
    phone = f"전화번호 {c.get('phone', '')}".rstrip() + "  " + f"팩스번호 {c.get('fax', '')}".rstrip()
    tail = [x for x in (c.get("email"), record["disclosure"]) if x]
    return numbered(record.get("enforcement")), numbered(record.get("receipt")), where, " / ".join([phone, *tail])


def check(record: dict):
    """(JSON path, message) for what the schema cannot say about a draft."""
    r = record.get("recipient", {})
    to = r.get("to")
    if to == BY_LIST and not r.get("list"):
        yield "$.recipient.list", f"수신 {BY_LIST} needs the list of 수신자 printed in the 결문: add recipient.list"
    if r.get("list") and to != BY_LIST:
        yield "$.recipient.list", f"a 수신자 list goes with to: {BY_LIST} (to is {to!r})"
    if r.get("unit") and to in (INTERNAL, BY_LIST):
        yield "$.recipient.unit", f"{to} has no 보조기관 in parentheses: remove unit"
    if to == INTERNAL and record.get("sender"):
        yield "$.sender", "a 내부결재 document has no 발신명의: remove sender"
    if to not in (INTERNAL, None) and not record.get("sender"):
        yield "$.sender", f"a document sent to {to} is signed off with the 발신명의: add sender, e.g. 성동구청장"
    for key, label, day in (("enforcement", "시행", "시행일"), ("receipt", "접수", "접수일")):
        entry = record.get(key)
        if isinstance(entry, dict) and ("number" in entry) != ("date" in entry):
            missing = "date" if "number" in entry else "number"
            what = day if missing == "date" else "처리과명-일련번호"
            yield f"$.{key}.{missing}", f"{label} is printed 처리과명-일련번호 ({day}): give both number and date ({what} is missing)"
    signers = record.get("approval", {}).get("signers", [])
    last = len(signers) - 1
    for i, s in enumerate(signers):
        if s.get("delegated") and i < last and not (i == last - 1 and signers[last].get("acting")):
            yield (
                f"$.approval.signers[{i}].delegated",
                "전결 is marked in the last box, the 전결권자's (no box is made for higher officials, 시행규칙 제7조④); "
                "only a 대결 box (acting: true) may follow it",
            )
    if record.get("enforcement", {}).get("number") and signers and not signers[-1].get("signed"):
        yield f"$.approval.signers[{last}].signed", "a 시행문 (enforcement given) is signed by the final signer: add signed: true"
