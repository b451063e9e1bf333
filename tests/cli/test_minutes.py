"""`reportgen minutes`, through click's CliRunner: outputs, the saved record, --check, exit codes, and
that invalid notes write nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.cli.minutes import minutes
from reportgen.readers.docx import docx_lines

from ..helpers import EXAMPLES, RESULT_EXAMPLE, RESULT_SEED, missing_in_order, seed_lines

NOTES = EXAMPLES / "notes-chatdong-100days.md"


def run(*args, command=minutes):
    return CliRunner().invoke(command, [str(a) for a in args])


@pytest.fixture
def notes_copy(tmp_path) -> Path:
    """The example notes and their photos in a folder of their own."""
    folder = tmp_path / "notes"
    shutil.copytree(EXAMPLES / "photos", folder / "photos")
    shutil.copy(NOTES, folder / NOTES.name)
    return folder / NOTES.name


def test_writes_outdir_stem_ext_and_holds_the_seed(tmp_path):
    result = run(NOTES, "-o", tmp_path / "out", "-f", "docx,hwpx")
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == ["notes-chatdong-100days.docx", "notes-chatdong-100days.hwpx"]
    lines = docx_lines((out / "notes-chatdong-100days.docx").read_bytes())
    assert missing_in_order(seed_lines(RESULT_SEED), lines) == []
    assert result.output.splitlines() == [str(out / "notes-chatdong-100days.docx"), str(out / "notes-chatdong-100days.hwpx")]


def test_notes_and_record_give_the_same_bytes(tmp_path):
    assert run(NOTES, "-o", tmp_path / "a").exit_code == 0
    assert run(RESULT_EXAMPLE, "-o", tmp_path / "b", command=main.commands["render"]).exit_code == 0
    assert (tmp_path / "a" / "notes-chatdong-100days.docx").read_bytes() == (tmp_path / "b" / "result-chatdong-100days.docx").read_bytes()


@pytest.mark.parametrize("suffix", [".json", ".yaml", ".yml"])
def test_saved_record_renders_to_the_same_document(notes_copy, tmp_path, suffix, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the officer's working folder holds notes/ and records/: the records folder
    record = tmp_path / "records" / f"chatdong{suffix}"
    result = run(notes_copy, "-o", tmp_path / "out", "--record", record)
    assert result.exit_code == 0, result.output
    data = json.loads(record.read_text(encoding="utf-8")) if suffix == ".json" else yaml.safe_load(record.read_text(encoding="utf-8"))
    assert data["meeting"]["date"] == "2015-10-06"
    assert data["appendix"][1]["image"] == "../notes/photos/100days-1.png"  # still names the photo from here
    rendered = run(record, "-o", tmp_path / "again", command=main.commands["render"])
    assert rendered.exit_code == 0, rendered.output
    assert "warning" not in rendered.output  # every photo found from the record's folder
    assert (tmp_path / "out" / "notes-chatdong-100days.docx").read_bytes() == (tmp_path / "again" / "chatdong.docx").read_bytes()


def test_check_only_validates(tmp_path):
    result = run(NOTES, "--check", "-o", tmp_path / "out", "--record", tmp_path / "r.json")
    assert result.exit_code == 0, result.output
    assert result.output == ""
    assert list(tmp_path.iterdir()) == []


def bad_notes(tmp_path: Path, old: str, new: str) -> Path:
    path = tmp_path / "bad.md"
    path.write_text(NOTES.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "old, new, line, fragment",
    [
        ("# 찾아가는 동주민센터 100일 성과보고회 개최 결과보고\n", "", None, "no title"),
        ("- 일시: 10/6(화) 16:30~17:45\n", "", 20, "회의 개요 has no 일시 line"),
        ("- 장소: 구청 8층 대회의실\n", "", 20, "has no 장소"),
        ("16:30~17:45", "4시반쯤", 22, "cannot read the time"),
        ("외부(9명)", "외부(10명)", 24, "the attendee groups add up to 41"),
        ("slogan: 주민중심", "motto: 주민중심", 11, "unknown front-matter key 'motto'"),
        ("doc_number: 자치행정과-18232", "doc_number: 자치행정과18232", 2, "malformed 문서번호"),  # found by the schema
        ("disclosure: 대시민공개", "disclosure: 대국민공개", 4, "공개여부 '대국민공개' is not a wording of the 편람"),
    ],
)
def test_invalid_notes_exit_1_with_line_and_write_nothing(tmp_path, old, new, line, fragment):
    path = bad_notes(tmp_path, old, new)
    result = run(path, "-o", tmp_path / "out", "-f", "docx,hwpx", "--record", tmp_path / "r.json")
    assert result.exit_code == 1, result.output
    assert fragment in result.output
    if line is not None:
        assert result.output.startswith(f"{path}:{line}:"), result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.md"]


def test_allow_disclosure(tmp_path):
    path = bad_notes(tmp_path, "disclosure: 대시민공개", "disclosure: 대국민공개")
    assert run(path, "--check", "--allow-disclosure", "대국민공개").exit_code == 0


def test_missing_notes_file_is_invalid_input(tmp_path):
    result = run(tmp_path / "nope.md", "--check")
    assert result.exit_code == 1 and "cannot read file" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["-o", "OUT", "-f", "docx,odt"],  # unknown format
        [],  # no -o and no --check
        ["-o", "OUT", "--record", "r.txt"],  # record must be JSON or YAML
        ["-o", "OUT", "--bogus"],
    ],
)
def test_usage_errors_exit_2(tmp_path, args):
    result = run(NOTES, *[str(tmp_path / a) if a in ("OUT", "r.txt") else a for a in args])
    assert result.exit_code == 2, result.output
    assert not (tmp_path / "OUT").exists()


def test_minutes_without_libreoffice_says_so_and_writes_the_rest(tmp_path, monkeypatch):
    import reportgen.writers.pdf as pdf

    from ..helpers import EXAMPLES

    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    notes = EXAMPLES / "notes-chatdong-100days.md"
    result = CliRunner().invoke(main, ["minutes", str(notes), "-o", str(tmp_path), "-f", "docx,pdf"])
    assert result.exit_code == 1
    assert "error: cannot write pdf: LibreOffice is not installed" in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["notes-chatdong-100days.docx"]


def test_minutes_output_that_cannot_be_written(tmp_path):
    from ..helpers import EXAMPLES

    (tmp_path / "notes-chatdong-100days.hwpx").mkdir()
    result = CliRunner().invoke(main, ["minutes", str(EXAMPLES / "notes-chatdong-100days.md"), "-o", str(tmp_path), "-f", "docx,hwpx"])
    assert result.exit_code == 1 and "cannot write the outputs" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "notes-chatdong-100days.docx").exists()


def test_printed_paths_are_escaped(tmp_path):
    """A folder name with a terminal escape or bytes that are not UTF-8 (a lone surrogate in Python)
    is printed escaped, as every other message is (errors.printable) — never raw, never a crash."""
    outdir = tmp_path / "out\x1b[31m\udcff"
    result = run(NOTES, "-o", outdir)
    assert result.exit_code == 0, result.output
    assert result.output == f"{tmp_path}/out\\u001b[31m\\udcff/notes-chatdong-100days.docx\n"
    assert (outdir / "notes-chatdong-100days.docx").is_file()
    result = run(tmp_path / "nope\x1b.md", "-o", outdir)
    assert result.exit_code == 1 and "nope\\u001b.md" in result.output and "\x1b" not in result.output
