"""The records that crashed reportgen when it was fuzzed (issue 13), kept in tests/data/fuzz/: each is
now refused by `validate` with FILE:$.path: message and exit 1, and `render` writes nothing for it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.validate import validate_record

FUZZ = Path(__file__).resolve().parents[1] / "data" / "fuzz"
FORMATS = "docx,hwpx,hwp,html"

# file → (JSON path, a piece of the message), one row per reproducer of tests/data/fuzz/README.md
REFUSED = {
    "deep-invalid.json": ("$.body[0]" + ".items[0]" * 15, "nested more than 32 lists and objects deep"),
    "deep.yaml": ("2:35", "invalid YAML: nested more than 32 lists and mappings deep"),
    "wide.json": ("$.body[0].table.widths[0]", "the number 1e+308 is too large"),
    "old-date.json": ("$.header.approved_on", "the year must be between 1900 and 2999"),
    "huge-total.json": ("$.body[0]", "@{grand_total:금} is 100,000,000,000,000백만원: too large to spell as 금…원"),
    "c1.json": ("$.title", "U+007F (a control character) at position 1 cannot be printed"),
    "surrogate.json": ("$.budget.rows[0].name", "U+D800 (a lone surrogate) at position 0 cannot be printed"),
    "huge-rowspan.json": ("$.body[0].table", "the cell at row 1, column 1 spans 1000000000000 rows, past the table's last row"),
    "huge-ratio.json": ("$.body[0].table.rows[0][2].calc", "C2 = pct(A2, B2) gives -2.642E+74: too large to print"),
    "deep-calc.json": ("$.body[0].table.rows[0][1].calc", "nested more than 64 deep"),
    "calc-chain.json": ("$.body[0].table.rows[64][0].calc", "A65 = A66: nested more than 64 deep"),
    "numbering-across-lists.json": ("$.body[7]", "no circled Hangul glyph exists for item 15 (max 14, ㉻): split the list"),
    "numbering-attendee-groups.json": ("$.body[0].overview[0].attendees.groups[14]", "no circled Hangul glyph exists for item 15"),
}


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_validate_refuses_it_at_its_path(name):
    where, message = REFUSED[name]
    result = run("validate", FUZZ / name)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{FUZZ / name}:{where}: "), first
    assert message in first


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_render_writes_nothing_for_it(name, tmp_path):
    result = run("render", FUZZ / name, "-o", tmp_path / "out", "-f", FORMATS)
    assert result.exit_code == 1, result.output
    assert "cannot render" not in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_c1_controls_del_and_noncharacters_are_each_named():
    """c1.json's title holds DEL, C1 controls and a noncharacter: none may reach the HTML."""
    title = json.loads((FUZZ / "c1.json").read_text(encoding="utf-8"))["title"]
    bad = [c for c in title if 0x7F <= ord(c) <= 0x9F or 0xFDD0 <= ord(c) <= 0xFDEF]
    assert bad, "the reproducer lost its characters"
    for char in bad:
        record = json.loads((FUZZ / "c1.json").read_text(encoding="utf-8"))
        record["title"] = f"제목{char}"
        (problem,) = validate_record(record, "c1.json")
        assert problem.path == "$.title" and f"U+{ord(char):04X}" in problem.message


def test_batch_json_survives_a_lone_surrogate(tmp_path):
    """surrogate.json's messages quote the row name with its lone surrogate: `batch --json` used to die
    with UnicodeEncodeError and print nothing. Now every message escapes what no stream can print."""
    folder = tmp_path / "records"
    folder.mkdir()
    shutil.copy(FUZZ / "surrogate.json", folder)
    result = run("batch", folder, "-o", tmp_path / "out", "-f", "html", "-j", "1", "--json")
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    (outcome,) = report["outcomes"]
    assert outcome["status"] == "failed"
    assert any("U+D800" in p for p in outcome["problems"])
    assert any("(\\ud800x 5)" in p for p in outcome["problems"])  # the row name, escaped as text
    plain = run("batch", folder, "-o", tmp_path / "out2", "-f", "html", "-j", "1")
    assert plain.exit_code == 1
    assert "\\ud800x" in plain.stderr
