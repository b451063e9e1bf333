"""Recognising the fixed parts of an official document in text, wherever they stand: the approval
line (결재/협조: job titles over names, ★ 발의자, 代 대결, 전결, the final signer's MM/DD), the 두문
(기관명, 수신, 경유, 제목), the 결문 (발신명의, 시행/접수 번호(날짜), 우편번호·주소·홈페이지, 전화·전송·
이메일, 공개구분) and reportgen's own header block (문서번호 | 결재일자 | 공개여부 | 방침번호).
Used by importer.py; pure functions over strings and table rows."""

from __future__ import annotations

import re

# The last word of a 직위/직급 as printed in a 결재란: a cell is a job title when, spaces removed,
# it ends with one of these (자치행정팀장, 마을공동체담당관, 행정6급 주사 …).
TITLE_ENDINGS = (
    "주무관", "팀장", "과장", "국장", "구청장", "부구청장", "시장", "부시장", "군수", "부군수", "도지사", "부지사",
    "담당", "담당관", "담당자", "주사", "주사보", "사무관", "서기관", "서기", "서기보", "부이사관", "이사관", "관리관",
    "실장", "본부장", "단장", "소장", "센터장", "처장", "부장", "차장", "원장", "관장", "동장", "읍장", "면장", "계장",
    "청장", "위원장", "이사장", "장관", "차관", "기획관", "정책관", "감사관", "연구관", "연구사", "지도관", "지도사",
    "교육감", "교육장", "교장", "교감", "총장", "대표", "회장", "반장", "주임", "대리", "사원", "기사", "행정관",
)  # fmt: skip
_TITLE = re.compile(r"[★●◎]*\(?[가-힣A-Za-z0-9·()]{0,16}?(" + "|".join(sorted(TITLE_ENDINGS, key=len, reverse=True)) + r")\)?(\(\S+\))?")
_NAME = re.compile(
    r"(?:(\d{1,2})/(\d{1,2})\s*)?(전결\s*|代\s*|대결\s*)*([가-힣]{2,4}|[가-힣]\s[가-힣](?:\s[가-힣]){0,2})(\s*\(서명\)|\s*전결)?"
)
_GRID_LABELS = {"결재", "결재권자", "시민", "검토", "기안", "결재란"}
COOP_LABELS = {"협조", "협조자", "합의"}
HEADER_FIELDS = {"문서번호": "doc_number", "결재일자": "approved_on", "공개여부": "disclosure", "방침번호": "policy_number"}
DISCLOSURE = re.compile(r"(대시민공개|대국민공개|부분공개\s*\(\s*[\d,\s]+\)|비공개\s*\([\d,\s]+\)|공개)")
_DOC_NUMBER = re.compile(r"[^\s\-()]+-\d+")


def squash(text: str) -> str:
    return "".join(text.split())


def is_title(cell: str) -> bool:
    return bool(cell) and len(squash(cell)) <= 20 and bool(_TITLE.fullmatch(squash(cell)))


def is_name(cell: str) -> bool:
    return bool(_NAME.fullmatch(cell.strip()))


def signer(title: str, name: str) -> dict:
    """A signer from a 직위 cell and a name cell: ★ 발의자, ● 보고자, 代 대결, 전결, MM/DD kept apart."""
    s: dict = {}
    title = squash(title)
    if title.startswith("★"):
        title, s["initiator"] = title[1:], True
    if title.startswith(("●", "◎")):
        title, s["reporter"] = title[1:], True
    if title.startswith("★"):
        title, s["initiator"] = title[1:], True
    m = _NAME.fullmatch(name.strip()) if name.strip() else None
    if m:
        marks = squash(m[3] or "") + squash(m[5] or "")
        if "전결" in marks:
            s["delegated"] = True
        if "代" in marks or "대결" in marks:
            s["acting"] = True
        name = squash(m[4])
        if m[1]:
            s["signed"] = (int(m[1]), int(m[2]))
    else:
        name = name.strip()
    return {"title": title, "name": name, **s}


def approval_rows(rows: list[list[str]]) -> tuple[int, list[dict]] | None:
    """(index of the titles row, signers) when two consecutive rows of a table are job titles over
    names — every filled cell of the first a title (or a label like 결재/시민), at least two titles,
    every filled cell of the second a name (with 代/전결/MM/DD), at least one name. A data table's
    first rows (구분 | 과목 | 예산액) never pass."""
    for r in range(len(rows) - 1):
        titles, names = rows[r], rows[r + 1]
        if len(titles) != len(names):
            continue
        cols = [c for c, t in enumerate(titles) if t.strip() and squash(t) not in _GRID_LABELS]
        if len(cols) < 2 or not all(is_title(titles[c]) for c in cols):
            continue
        filled = [n for c, n in enumerate(names) if n.strip() and squash(n) not in _GRID_LABELS]
        if not filled or not all(is_name(n) for n in filled):
            continue
        return r, [signer(titles[c], names[c]) for c in cols]
    return None


def pair_signers(cells: list[str]) -> list[dict] | None:
    """协조 cells (title, name, title, name …) or cells each "직위 이름" → signers; None if they are not."""
    cells = [c.strip() for c in cells if c.strip()]
    if not cells:
        return None
    if all(len(c.split()) >= 2 and is_title(" ".join(c.split()[:-1])) and is_name(c.split()[-1]) for c in cells):
        return [signer(" ".join(c.split()[:-1]), c.split()[-1]) for c in cells]
    out = []
    for k in range(0, len(cells), 2):
        title, name = cells[k], cells[k + 1] if k + 1 < len(cells) else ""
        if not is_title(title) or (name and not is_name(name)):
            return None
        out.append(signer(title, name))
    return out


def header_pairs(rows: list[list[str]]) -> dict[str, str]:
    """reportgen's own header block: a label cell (문서번호, 결재일자, 공개여부, 방침번호) followed by
    its value, anywhere in the rows."""
    found = {}
    for row in rows:
        for k, cell in enumerate(row):
            key = HEADER_FIELDS.get(squash(cell))
            if key:
                value = row[k + 1].strip() if k + 1 < len(row) else ""
                found[key] = "" if squash(value) in HEADER_FIELDS else value
    return found


# ------------------------------------------------------------------ 두문 and 결문 lines
_FIELDS = (
    ("recipient", re.compile(r"수\s*신(?:\s*자)?\s*[:：]?\s+(.+)|수신자\s*참조()")),
    ("via", re.compile(r"\(\s*경\s*유\s*\)\s*(.*)|경\s*유\s*[:：]?\s+(.+)")),
    ("subject", re.compile(r"제\s*목\s*[:：]?\s+(.+)")),
    ("enforced", re.compile(r"시\s*행\s+(\S+-\d+)?\s*\(\s*([^)]*)\)\s*(?:접\s*수\s*(\S+-\d+)?\s*\(\s*([^)]*)\))?.*")),
    ("received", re.compile(r"접\s*수\s+(\S+-\d+)?\s*\(\s*([^)]*)\)")),
    ("address", re.compile(r"우\s*(\d{5}|\d{3}-\d{3})\s+(.+)")),
    ("phone", re.compile(r"(?:전화(?:번호)?|TEL|Tel)\s*[:：]?\s*(\(?[\d\- ()]{7,}\d).*")),
)
_RECIPIENTS = re.compile(r"수\s*신\s*자\s*[:：]?\s+(?!참\s*조$)(.+[,，].+)")
_FAX = re.compile(r"(?:전송|팩스(?:번호)?|FAX|Fax)\s*[:：]?\s*(\(?[\d\- ()]{7,}\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_HOMEPAGE = re.compile(r"(?:https?://|www\.)\S+")
_SENDER = re.compile(r"[가-힣]{1,20}(?:특별시장|광역시장|시장|구청장|군수|도지사|교육감|장관|청장|위원장|원장|이사장|총장|처장)")
_ORG = re.compile(r"[가-힣\s]{2,30}(?:특별시|광역시|시|구|군|도|부|처|청|원|위원회|교육청|공단|공사)")


def closing_fields(line: str) -> dict | None:
    """The 두문/결문 fields one line holds ({} if none): recipient, via, subject, doc_number,
    enforced_on, received, postcode, address, homepage, phone, fax, email, disclosure."""
    text = " ".join(line.split())
    out: dict = {}
    if m := _RECIPIENTS.fullmatch(text):  # the 수신자 list of a "수신자 참조" document, in the 결문
        return {"recipient_list": [x.strip() for x in re.split(r"[,，]", m[1]) if x.strip()]}
    for key, rx in _FIELDS:
        m = rx.fullmatch(text)
        if not m:
            continue
        if key == "recipient":
            out["recipient"] = m[1] if m[1] is not None else "수신자 참조"
        elif key == "via":
            out["via"] = (m[1] if m[1] is not None else m[2]) or ""
        elif key == "subject":
            out["subject"] = m[1]
        elif key == "enforced":
            if m[1]:
                out["doc_number"] = m[1]
            if m[2].strip():
                out["enforced_on"] = m[2].strip()
            if m[3] or (m[4] or "").strip():
                out["received"] = " ".join(x for x in (m[3], (m[4] or "").strip()) if x)
            out.setdefault("enforced_on", "")
        elif key == "received":
            out["received"] = " ".join(x for x in (m[1], m[2].strip()) if x)
        elif key == "address":
            address, _, rest = m[2].partition("/")
            out["postcode"], out["address"] = m[1], address.strip()
            if hp := _HOMEPAGE.search(rest):
                out["homepage"] = hp[0]
        elif key == "phone":
            out["phone"] = " ".join(m[1].split())
            if fax := _FAX.search(text):
                out["fax"] = " ".join(fax[1].split())
            if mail := _EMAIL.search(text):
                out["email"] = mail[0]
            tail = text.rsplit("/", 1)[-1].strip() if "/" in text else ""
            if tail and DISCLOSURE.fullmatch(squash(tail)):
                out["disclosure"] = squash(tail)
        break
    return out


def sender(line: str) -> bool:
    """발신명의: a short line that is only an office holder's title (성동구청장, 서울특별시장)."""
    text = squash(line)
    return len(text) <= 20 and bool(_SENDER.fullmatch(text))


def organisation(line: str) -> bool:
    """행정기관명 at the top of a 기안문 (서울특별시 성동구, 행정안전부)."""
    text = " ".join(line.split())
    return 2 <= len(text) <= 30 and bool(_ORG.fullmatch(text))


def doc_number(text: str) -> str | None:
    m = _DOC_NUMBER.fullmatch(squash(text))
    return m[0] if m else None
