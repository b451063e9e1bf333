"""Page records (a public web page such as a city portal's programme page): parts of bullets, a
담당자 block under each part, figures computed from their parts. A web page has no header block or
approval line, so both are optional and an absent one gives an empty grid that writers omit."""

from __future__ import annotations

from ..config import Config
from ..koreanfmt import roman
from ..model import ApprovalGrid, Document, Heading, Table, TitleBlock
from ..sources import Origin
from ..sums import SumMismatch, checked_sum
from .common import approval_grid, blocks, cells_text, context, header_pairs, opening

CONTACT_WIDTHS = (1.2, 4.8)
NO_GRID = ApprovalGrid(signers=(), cooperation_label="")  # a web page: writers print no grid


class FigureSumError(ValueError):
    def __init__(self, path: str, message: str):
        super().__init__(message)
        self.path = path


def page_figures(entries: list, path: str = "$.figures", out: dict | None = None) -> dict:
    """id → value for every figure and part; a total is the sum of its parts, and a stated total
    that disagrees raises FigureSumError naming the figure (the first one found)."""
    out = {} if out is None else out
    for i, entry in enumerate(entries):
        here = f"{path}[{i}]"
        if "parts" in entry:
            page_figures(entry["parts"], f"{here}.parts", out)
            name = entry.get("label", entry["id"])
            try:
                value = checked_sum(
                    [(p.get("label", p["id"]), out[p["id"]]) for p in entry["parts"]],
                    entry.get("total"),
                    f"figure {entry['id']!r} ({name}): parts",
                )
            except SumMismatch as exc:
                raise FigureSumError(f"{here}.total", str(exc)) from None
        else:
            value = entry["value"]
        if entry["id"] in out:
            raise FigureSumError(f"{here}.id", f"figure {entry['id']!r} is defined twice")
        out[entry["id"]] = value
    return out


def compose(record: dict, origin: Origin, config: Config) -> Document:
    ctx = context(record, origin, config)
    ctx.figures, ctx.unit = page_figures(record.get("figures", [])), "원"
    body = opening(record, ctx)
    titled = 0
    for part in record["parts"]:
        if part.get("title"):
            titled += 1
            ctx.outline.reset()
            body.append(Heading(roman(titled), ctx.text(part["title"])))
        body += blocks(ctx, part["content"])
        if part.get("contact"):
            body.append(contact(part["contact"]))
    has_header = "header" in record
    return Document(
        header=header_pairs(record) if has_header else (),
        approval=approval_grid(record, config) if "approval" in record else NO_GRID,
        cover=None,
        title=TitleBlock(record.get("site", ""), ctx.text(record["title"])),
        body=body,
        warnings=ctx.warnings,
        meta_title=ctx.text(record["title"]),
        meta_author=record.get("site", ""),
        meta_date=record["header"].get("approved_on", "") if has_header else "",
    )


def contact(c: dict) -> Table:
    """The 담당자 box. Lines are printed "정보제공부서 :자치행정과" as the city's pages print them."""
    lines = [f"정보제공부서 :{c['department']}"] + ([f"연락처 :{c['phone']}"] if c.get("phone") else [])
    row = (cells_text(c.get("label", "담당자"), header=True), cells_text(*lines))
    return Table((row,), CONTACT_WIDTHS, header_rows=0)
