"""The covering 기안문 of a plan or a result: a function record → draft record, so the letter takes
the ordinary validate → compose → write path and goes wherever its record goes (render, minutes,
batch). 수신 내부결재; 제목 "<title> 보고"; 1. 관련: the 추진 근거 lines; 2. "<title>을(를) 붙임과
같이 보고합니다."; 붙임 "<title> 1부.  끝."; the approval line, 협조 and 공개 구분 are the record's.
What a plan does not say (행정기관명, address, telephone) comes from its `letter:` block, its cover,
or the organisation settings file.
"""

from __future__ import annotations

from .. import figures
from ..budget import compute_budget
from ..config import Config
from ..errors import InvalidRecord, Problem
from ..koreanfmt import object_particle

SUFFIX = "-기안문"  # <stem>-기안문.<ext>
KINDS = ("plan", "result")  # the records a covering letter is made for
GROUNDS = "근거"  # the section whose lines the letter cites as 관련: 추진 근거, 관련 근거, …


def covering_letter(record: dict, source: str = "<record>", config: Config = Config()) -> dict:
    """The draft record of `record`'s covering 기안문. InvalidRecord (with `source` and the path in
    `record`) when the record does not say what the letter needs."""
    letter = record.get("letter", {})
    agency = letter.get("agency") or record.get("cover", {}).get("organisation") or config.organisation
    if not agency:
        message = (
            "the covering 기안문 needs the 행정기관명: give letter.agency (or cover.organisation, or organisation in the settings file)"
        )
        raise InvalidRecord([Problem(source, "$.letter.agency", message)])
    title = quoted(record, record["title"])
    body: list = []
    related = [quoted(record, line) for line in letter.get("related", grounds(record))]
    if len(related) == 1:
        body.append({"text": f"관련: {related[0]}"})
    elif related:
        body.append({"text": "관련", "items": [{"text": line} for line in related]})
    body.append({"text": f"{title}{object_particle(title)} 붙임과 같이 보고합니다."})
    if len(body) == 1:
        body = [body[0]["text"]]  # a single item carries no number (편람)
    header = record.get("header", {})
    approval = record["approval"]
    approved = "approved_on" in header  # an approved record: its letter is signed and numbered
    signer = lambda s: {**s, "signed": approved}  # noqa: E731
    draft = {
        "kind": "draft",
        "agency": agency,
        "recipient": {"to": "내부결재"},
        "title": title if title.endswith("보고") else f"{title} 보고",
        "body": body,
        "attachments": {"items": [{"name": title, "count": 1}]},
        "approval": {
            "signers": [signer(s) for s in approval["signers"]],
            "cooperation": [
                signer(s) for entry in approval.get("cooperation", []) for s in (entry if isinstance(entry, list) else [entry])
            ],
        },
        "disclosure": header["disclosure"],
    }
    if approved:
        draft["approval"]["signed_on"] = approval.get("signed_on", header["approved_on"])
        if "doc_number" in header:
            draft["enforcement"] = {"number": header["doc_number"], "date": header["approved_on"]}
    if letter.get("contact"):
        draft["contact"] = letter["contact"]
    return draft


def grounds(record: dict) -> list[str]:
    """The lines of the record's 추진 근거 section (the first section whose name holds 근거)."""
    for block in record.get("body", []):
        if isinstance(block, dict) and GROUNDS in str(block.get("section", "")).replace(" ", ""):
            return [
                entry if isinstance(entry, str) else entry["text"]
                for entry in block.get("content", [])
                if isinstance(entry, str) or "text" in entry
            ]
    return []


def quoted(record: dict, text: str) -> str:
    """`text` with the record's computed figures quoted (@{total:천원}), as its own document prints them."""
    if "@" not in text or "budget" not in record:
        return figures.substitute(text, {}) if "@@{" in text else text
    budget = compute_budget(record["budget"])
    return figures.substitute(text, budget.figures, budget.unit)
