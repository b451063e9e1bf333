"""The organisation settings file through every command: found from the record's folder up, or
--config FILE; command-line options win; a broken file is named with its path and stops the command."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.readers.docx import docx_lines

from ..helpers import EXAMPLES, PLAN_EXAMPLE


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def office(tmp_path) -> Path:
    """An organisation folder with its settings and a record two folders below, printing 대국민공개
    and leaving the cover's department to the settings."""
    tmp_path = tmp_path / "office"
    tmp_path.mkdir()
    (tmp_path / "reportgen.toml").write_text(
        'disclosures = ["대국민공개"]\ndepartment = "총무과"\nreporter_symbol = "◎"\n', encoding="utf-8"
    )
    folder = tmp_path / "2015" / "plans"
    folder.mkdir(parents=True)
    data = json.loads(PLAN_EXAMPLE.read_text(encoding="utf-8"))
    data["header"]["disclosure"] = "대국민공개"
    del data["cover"]["department"]
    data["approval"]["signers"][1]["reporter"] = True
    (folder / "plan.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return tmp_path


def test_validate_render_and_batch_read_the_settings_found_above_the_record(office, tmp_path):
    record = office / "2015" / "plans" / "plan.json"
    assert run("validate", record).exit_code == 0
    result = run("render", record, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    text = "\n".join(docx_lines((tmp_path / "out" / "plan.docx").read_bytes()))
    assert "대국민공개" in text and "(총무과)" in text and "◎" in text
    result = run("batch", office / "2015", "-o", tmp_path / "built")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "built" / "plans" / "plan.docx").is_file()


def test_options_win_over_the_settings_file(office, tmp_path):
    record = office / "2015" / "plans" / "plan.json"
    assert run("render", record, "-o", tmp_path / "out", "--reporter-symbol", "●").exit_code == 0
    text = "\n".join(docx_lines((tmp_path / "out" / "plan.docx").read_bytes()))
    assert "●" in text and "◎" not in text


def test_config_option_names_the_file(office, tmp_path):
    record = office / "2015" / "plans" / "plan.json"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(record, elsewhere / "plan.json")
    refused = run("validate", elsewhere / "plan.json")
    assert refused.exit_code == 1 and "is not a wording of the 편람" in refused.output
    assert run("validate", elsewhere / "plan.json", "--config", office / "reportgen.toml").exit_code == 0


def test_preview_import_and_minutes_read_it_too(tmp_path):
    (tmp_path / ".reportgen.yaml").write_text("disclosures: [대국민공개]\n", encoding="utf-8")
    notes = tmp_path / "notes.md"
    notes.write_text(
        (EXAMPLES / "notes-chatdong-100days.md").read_text(encoding="utf-8").replace("대시민공개", "대국민공개"), encoding="utf-8"
    )
    shutil.copytree(EXAMPLES / "photos", tmp_path / "photos")
    result = run("minutes", notes, "--check")
    assert result.exit_code == 0, result.output
    (tmp_path / ".reportgen.yaml").write_text("disclosures: 대국민공개\n", encoding="utf-8")
    for args in (["minutes", notes, "--check"], ["preview", notes, "-o", tmp_path / "png"], ["import", notes]):
        result = run(*args)
        assert result.exit_code == 1, (args, result.output)
        assert f"{tmp_path / '.reportgen.yaml'}:$.disclosures: '대국민공개' is not of type 'array'" in result.output


@pytest.mark.parametrize("command", ["validate", "render", "batch"])
def test_a_broken_settings_file_stops_the_command_and_writes_nothing(office, tmp_path, command):
    (office / "reportgen.toml").write_text("reporter_symbol = [1]\n", encoding="utf-8")
    record = office / "2015" / "plans" / "plan.json"
    args = {"validate": [record], "render": [record, "-o", tmp_path / "out"], "batch": [office / "2015", "-o", tmp_path / "out"]}[command]
    result = run(command, *args)
    assert result.exit_code == 1
    assert f"{office / 'reportgen.toml'}:$.reporter_symbol: [1] is not of type 'string'" in result.output
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").rglob("*.docx"))


def test_the_settings_date_styles_reach_the_document(tmp_path):
    from reportgen.readers.hwpx import hwpx_lines

    from ..helpers import RESULT_EXAMPLE

    folder = tmp_path / "office"
    shutil.copytree(RESULT_EXAMPLE.parent / "photos", folder / "photos")
    shutil.copy(RESULT_EXAMPLE, folder / "result.json")
    (folder / ".reportgen.yaml").write_text("date_style: full\nheader_date_style: compact\n", encoding="utf-8")
    result = run("render", folder / "result.json", "-o", tmp_path / "out", "-f", "hwpx")
    assert result.exit_code == 0, result.output
    text = "\n".join(hwpx_lines((tmp_path / "out" / "result.hwpx").read_bytes()))
    assert "일 시: 2015. 10. 6.(화) 16:30~17:45" in text and "2015.10.8." in text
