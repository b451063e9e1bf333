"""Result (결과보고) records: any report of what happened — a meeting, an inspection, an event, a
training — as the record's own blocks in the order it gives them (overview, 추진근거, 결과, 총평,
향후 계획, 행정사항, …). The meeting fields of the first result records (`meeting`, `results`,
`follow_up`, `admin`) are presets: each is turned into the same blocks a record could write."""

from __future__ import annotations

from ..config import Config
from ..model import Document
from ..sources import Origin
from .common import blocks, context, document, opening


def compose(record: dict, origin: Origin, config: Config) -> Document:
    ctx = context(record, origin, config)
    body = opening(record, ctx)
    body += blocks(ctx, preset_blocks(record) + list(record.get("body", ())))
    return document(record, ctx, body)


def preset_blocks(record: dict) -> list:
    """The meeting preset: 회의 개요 → 회의결과 → 향후 추진사항 → 행정사항, as plain record blocks."""
    out = []
    if "meeting" in record:
        out.append(meeting_block(record["meeting"]))
    if "results" in record:
        out.append(results_block(record["results"]))
    for key, heading in (("follow_up", "향후 추진사항"), ("admin", "행정사항")):
        if key in record:
            d = record[key]
            items = [{"text": x} if isinstance(x, str) else x for x in d["items"]]
            out.append(_item(d.get("heading", heading), items, d.get("child_marker")))
    return out


def meeting_block(m: dict) -> dict:
    when = {k: m[k] for k in ("date", "start", "end") if k in m}
    entries = [{"label": "일시", **when}, {"label": "장소", "text": m["place"]}]
    if m.get("attendees"):
        entries.append({"label": "참석대상", "attendees": m["attendees"]})
    if m.get("agenda"):
        entries.append({"label": "주요내용", "text": m["agenda"]})
    overview = {"overview": entries}
    if "child_marker" in m:  # the seed's layout: groups take the entries' marker too
        overview["group_marker"] = m["child_marker"]
    return _item(m.get("heading", "회의 개요"), [overview], m.get("child_marker"))


def results_block(r: dict) -> dict:
    items: list = []
    if r.get("summary"):
        items += [{"label": r.get("summary_label", "총 평")}, r["summary"]]
    if r.get("topics"):
        table = {"topics": r["topics"], "detail_marker": r.get("detail_marker", "·")}
        items.append({"text": r.get("table_heading", "주요내용"), "marker": r.get("table_marker", "○"), "items": [table]})
    items += r.get("content", [])
    return _item(r.get("heading", "회의결과"), items)


def _item(text: str, items: list, child_marker: str | None = None) -> dict:
    out = {"text": text, "items": items}
    if child_marker is not None:
        out["child_marker"] = child_marker
    return out
