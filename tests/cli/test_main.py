"""The command line, through click's CliRunner: exit codes, messages, and what is (not) written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from reportgen.cli import main

from ..helpers import PLAN_EXAMPLE, RESULT_EXAMPLE, ROOT


@pytest.fixture
def run():
    def invoke(*args):
        return CliRunner().invoke(main, [str(a) for a in args])

    return invoke


def plan() -> dict:
    return json.loads(PLAN_EXAMPLE.read_text(encoding="utf-8"))


def write(tmp_path: Path, name: str, data) -> Path:
    path = tmp_path / name
    if isinstance(data, (dict, list)):
        data = json.dumps(data, ensure_ascii=False)
    path.write_text(data, encoding="utf-8")
    return path


def test_validate_examples_ok(run):
    result = run("validate", PLAN_EXAMPLE, RESULT_EXAMPLE)
    assert result.exit_code == 0, result.output
    assert result.output == ""


def test_render_writes_one_file_per_record(run, tmp_path):
    result = run("render", PLAN_EXAMPLE, RESULT_EXAMPLE, "-o", tmp_path)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan-chatdong-support-team.docx", "result-chatdong-100days.docx"]


def test_render_replaces_existing_output_atomically(run, tmp_path):
    target = tmp_path / "plan-chatdong-support-team.docx"
    target.write_bytes(b"old")
    assert run("render", PLAN_EXAMPLE, "-o", tmp_path).exit_code == 0
    assert target.read_bytes()[:2] == b"PK"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left behind


def test_same_record_same_bytes(run, tmp_path):
    run("render", PLAN_EXAMPLE, "-o", tmp_path / "a")
    run("render", PLAN_EXAMPLE, "-o", tmp_path / "b")
    assert (tmp_path / "a" / "plan-chatdong-support-team.docx").read_bytes() == (
        tmp_path / "b" / "plan-chatdong-support-team.docx"
    ).read_bytes()


def test_yaml_record_renders_like_json(run, tmp_path):
    data = plan()
    text = yaml.safe_dump(data, allow_unicode=True).replace("approved_on: '2015-08-21'", "approved_on: 2015-08-21")
    assert "approved_on: 2015-08-21" in text  # a YAML date, as people write it
    path = write(tmp_path, "plan.yaml", text)
    assert run("validate", path).exit_code == 0
    assert run("render", path, "-o", tmp_path / "yaml", "-f", "docx,hwpx").exit_code == 0
    assert run("render", PLAN_EXAMPLE, "-o", tmp_path / "json", "-f", "docx,hwpx").exit_code == 0
    for ext in ("docx", "hwpx"):
        assert (tmp_path / "yaml" / f"plan.{ext}").read_bytes() == (tmp_path / "json" / f"plan-chatdong-support-team.{ext}").read_bytes()


def test_same_bytes_across_processes_and_hash_seeds(tmp_path):
    """Determinism that one process cannot show: set and dict order under other hash seeds, photos included."""
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        subprocess.run(
            [
                sys.executable,
                "-m",
                "reportgen.cli",
                "render",
                str(PLAN_EXAMPLE),
                str(RESULT_EXAMPLE),
                "-o",
                str(out),
                "-f",
                "docx,hwpx,html",
            ],
            check=True,
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        outputs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert len(outputs[0]) == 6 and outputs[0] == outputs[1]


def test_two_records_with_one_stem_are_refused(run, tmp_path):
    a = write(tmp_path / "a", "plan.json", plan()) if (tmp_path / "a").mkdir() is None else None
    b = write(tmp_path / "b", "plan.json", plan()) if (tmp_path / "b").mkdir() is None else None
    result = run("render", a, b, "-o", tmp_path / "out")
    assert result.exit_code == 2 and "would both write" in result.output
    assert not (tmp_path / "out").exists()


def test_a_broken_template_is_a_clear_error(run, tmp_path):
    template = tmp_path / "office.docx"
    template.write_bytes(b"not a zip")
    result = run("render", PLAN_EXAMPLE, "-o", tmp_path / "out", "--template", f"docx={template}")
    assert result.exit_code == 1 and "cannot load the template" in result.output
    assert "Traceback" not in result.output


def test_schema_and_new(run, tmp_path):
    for kind in ("plan", "result", "page"):
        schema = json.loads(run("schema", kind).output)
        assert schema["properties"]["kind"] == {"const": kind}
        starter = write(tmp_path, f"{kind}.yaml", run("new", kind).output)
        result = run("validate", starter)
        assert result.exit_code == 0, result.output


def test_usage_errors_exit_2(run, tmp_path):
    assert run("render", PLAN_EXAMPLE).exit_code == 2  # no -o
    assert run("render", PLAN_EXAMPLE, "-o", tmp_path, "-f", "pdfx").exit_code == 2
    assert run("schema", "memo").exit_code == 2
    assert list(tmp_path.iterdir()) == []


def test_allow_disclosure_option(run, tmp_path):
    data = plan()
    data["header"]["disclosure"] = "대국민공개"
    path = write(tmp_path, "plan.json", data)
    assert run("validate", path).exit_code == 1
    assert run("validate", path, "--allow-disclosure", "대국민공개").exit_code == 0


def test_valid_records_render_beside_invalid_ones(run, tmp_path):
    data = plan()
    del data["title"]
    bad = write(tmp_path, "bad.json", data)
    result = run("render", bad, PLAN_EXAMPLE, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["plan-chatdong-support-team.docx"]


# -- bad input: a clear message with file and path, exit 1, and no output file -------------------
def _mutate(change):
    data = plan()
    change(data)
    return data


def _set(path, value):
    def change(data):
        node = data
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return change


BAD = {
    "invalid-json": ('{"kind": "plan",\n  "header": {,}\n}', ":2:14: invalid JSON"),
    "unknown-kind": (_mutate(_set(["kind"], "memo")), ":$.kind: unknown record kind 'memo'"),
    "missing-field": (_mutate(lambda d: d.pop("title")), ":$: 'title' is a required property"),
    "wrong-type": (_mutate(_set(["approval", "signers", 0, "name"], 42)), ":$.approval.signers[0].name: 42 is not of type 'string'"),
    "doc-number": (_mutate(_set(["header", "doc_number"], "자치행정과 14947")), ":$.header.doc_number: malformed 문서번호"),
    "date-format": (_mutate(_set(["header", "approved_on"], "2015.8.21")), ":$.header.approved_on: malformed date"),
    "date-impossible": (_mutate(_set(["header", "approved_on"], "2015-02-30")), ":$.header.approved_on: invalid date '2015-02-30'"),
    "disclosure": (
        _mutate(_set(["header", "disclosure"], "부분공개(9)")),
        ":$.header.disclosure: 공개여부 '부분공개(9)' cites 호 9, outside 1–8",
    ),
    "no-signers": (_mutate(_set(["approval", "signers"], [])), ":$.approval.signers: [] should be non-empty"),
    "budget-total": (
        _mutate(_set(["budget", "total"], 131000)),
        ":$.budget.total: the rows of 계 add up to 130,000 (인건비 100,000 + 운영비 6,000 + 사업비 24,000), not the stated 131,000",
    ),
    "budget-row": (
        _mutate(lambda d: d["budget"]["rows"][1].update(amount=7000)),
        ":$.budget.rows[1].amount: 운영비: stated amount 7,000 but the formula gives 6,000",
    ),
    "unknown-figure": (_mutate(_set(["lead"], "예산 @{totl:천원}")), ":$.lead: unknown figure @{totl}"),
    "calc-missing-cell": (
        _mutate(lambda d: d["body"][0]["content"].append({"table": {"rows": [["1", {"calc": "A1 + B7"}]]}})),
        ":$.body[0].content[3].table.rows[0][1].calc: B1 = A1 + B7: B7 is not a cell of this table",
    ),
    "calc-divide-by-zero": (
        _mutate(lambda d: d["body"][0]["content"].append({"table": {"rows": [["0", {"calc": "pct(@total, A1)"}]]}})),
        ":$.body[0].content[3].table.rows[0][1].calc: B1 = pct(@total, A1): division by zero",
    ),
    "calc-stated-change": (
        _mutate(
            lambda d: d["body"][0]["content"].append(
                {"table": {"rows": [["90", "80", {"calc": "B1 - A1", "format": "change", "stated": "△20"}]]}}
            )
        ),
        ":$.body[0].content[3].table.rows[0][2].stated: stated △20 but B1 - A1 gives △10",
    ),
    "calc-stated-percent": (
        _mutate(lambda d: d["body"][0]["content"].append({"table": {"rows": [["35", "80", {"calc": "pct(A1, B1)", "stated": 45.7}]]}})),
        ":$.body[0].content[3].table.rows[0][2].stated: stated 45.7 but pct(A1, B1) gives 43.8",
    ),
    "disclosure-repeated": (
        _mutate(_set(["header", "disclosure"], "비공개(5,5)")),
        ":$.header.disclosure: 공개여부 '비공개(5,5)' repeats 호 5: write 대시민공개 | 공개 | 부분공개(n[,n…])",
    ),
    "subtotal-not-printed": (
        _mutate(lambda d: d["budget"]["rows"][2].update(subtotals=False, subtotal=24000)),
        ":$.budget.rows[2].subtotal: 사업비: a 소계 is stated but subtotals: false prints none",
    ),
    "budget-before": (
        _mutate(lambda d: d["budget"]["rows"][0].update(before=90000) or d["budget"].update(before_total=100000)),
        ":$.budget.before_total: the 변경 전 rows add up to 90,000 (인건비 90,000 + 운영비 0 + 사업비 0), not the stated 100,000",
    ),
    "control-char": (_mutate(_set(["lead"], "보고\x07함")), ":$.lead: U+0007 (a control character)"),
}


@pytest.mark.parametrize("name", BAD)
def test_bad_input(run, tmp_path, name):
    data, message = BAD[name]
    path = write(tmp_path, f"{name}.json", data)
    out = tmp_path / "out"
    for args in (("validate", path), ("render", path, "-o", out)):
        result = run(*args)
        assert result.exit_code == 1, result.output
        assert f"{path}{message}" in result.output
    assert not out.exists() or list(out.iterdir()) == []


def test_bad_yaml_names_line_and_column(run, tmp_path):
    path = write(tmp_path, "bad.yaml", "kind: plan\nheader:\n  doc_number: [unclosed\n")
    result = run("validate", path)
    assert result.exit_code == 1
    assert f"{path}:4:1: invalid YAML" in result.output


def test_unreadable_file(run, tmp_path):
    result = run("render", tmp_path / "nope.json", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert "nope.json:$: cannot read file" in result.output
    assert not (tmp_path / "out").exists()


def test_attendees_must_add_up(run, tmp_path):
    data = json.loads(RESULT_EXAMPLE.read_text(encoding="utf-8"))
    data["meeting"]["attendees"]["total"] = 41
    path = write(tmp_path, "result.json", data)
    data_dir = tmp_path  # images are resolved relative to the record; missing ones only warn
    result = run("render", path, "-o", data_dir / "out")
    assert result.exit_code == 1
    assert (
        ":$.meeting.attendees.total: attendee groups add up to 40 (외부 9 + 區 11 + 洞 17 + 구 추진지원단 3), not the stated 41"
        in result.output
    )
    assert not (data_dir / "out").exists()


def test_template_code_in_text_is_printed_literally(run, tmp_path):
    from reportgen.readers.docx import docx_lines

    data = plan()
    data["lead"] = "{{ 7*7 }} {% for x in range(3) %}x{% endfor %} <b>&amp;</b>"
    data["title"] = "{{ title }}"
    path = write(tmp_path, "tpl.json", data)
    result = run("render", path, "-o", tmp_path)
    assert result.exit_code == 0, result.output
    text = "\n".join(docx_lines((tmp_path / "tpl.docx").read_bytes()))
    assert "{{ 7*7 }} {% for x in range(3) %}x{% endfor %} <b>&amp;</b>" in text
    assert "{{ title }}" in text and "xxx" not in text


def test_missing_image_warns_and_still_renders(run, tmp_path):
    data = json.loads(RESULT_EXAMPLE.read_text(encoding="utf-8"))
    path = write(tmp_path, "result.json", data)  # its photos/ folder is not beside this copy
    result = run("render", path, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "warning: photos/100days-1.png: image not found; a placeholder box is printed" in result.output
    assert (tmp_path / "out" / "result.docx").exists()


def test_reporter_symbol_option(run, tmp_path):
    from reportgen.readers.docx import docx_lines

    data = plan()
    data["approval"]["signers"][1]["reporter"] = True
    path = write(tmp_path, "plan.json", data)
    assert run("render", path, "-o", tmp_path).exit_code == 0
    assert "●자치행정팀장" in "\n".join(docx_lines((tmp_path / "plan.docx").read_bytes()))
    assert run("render", path, "-o", tmp_path, "--reporter-symbol", "◎").exit_code == 0
    assert "◎자치행정팀장" in "\n".join(docx_lines((tmp_path / "plan.docx").read_bytes()))


def test_template_for_a_format_not_asked_for(run, tmp_path):
    result = run("render", PLAN_EXAMPLE, "-o", tmp_path, "--template", "zzz=x.docx")
    assert result.exit_code == 2 and "'zzz' is not one of the formats asked for" in result.output


def test_a_folder_where_an_output_goes_leaves_the_other_formats_untouched(run, tmp_path):
    (tmp_path / "plan-chatdong-support-team.hwpx").mkdir()
    result = run("render", PLAN_EXAMPLE, "-o", tmp_path, "-f", "docx,hwpx")
    assert result.exit_code == 1 and "is a folder" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "plan-chatdong-support-team.docx").exists()


def draft_plan() -> dict:
    data = plan()
    del data["header"]["doc_number"], data["header"]["approved_on"]
    return data


def test_a_draft_renders_blank_number_and_date_cells_in_every_writer(run, tmp_path):
    from reportgen.readers.docx import docx_lines
    from reportgen.readers.hwpx import hwpx_lines

    path = write(tmp_path, "draft.json", draft_plan())
    result = run("render", path, "-o", tmp_path / "out", "-f", "docx,hwpx,html")
    assert result.exit_code == 0, result.output
    docx = docx_lines((tmp_path / "out" / "draft.docx").read_bytes())
    hwpx = hwpx_lines((tmp_path / "out" / "draft.hwpx").read_bytes())
    for lines in (docx, hwpx):
        text = "\n".join(lines)
        assert "문서번호" in text and "결재일자" in text and "자치행정과-14947" not in text and "2015. 8. 21." not in text
    assert "14947" not in (tmp_path / "out" / "draft.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["validate", "render", "batch"])
def test_final_refuses_a_draft_naming_each_missing_field(run, tmp_path, command):
    folder = tmp_path / "records"
    folder.mkdir()
    path = write(folder, "draft.json", draft_plan())
    args = {"validate": [path], "render": [path, "-o", tmp_path / "out"], "batch": [folder, "-o", tmp_path / "out"]}[command]
    result = run(command, *args, "--final")
    assert result.exit_code == 1
    assert "draft.json:$.header.doc_number: a final document needs its 문서번호" in result.output
    assert "draft.json:$.header.approved_on: a final document needs its 결재일자" in result.output
    assert not list(tmp_path.rglob("*.docx"))  # nothing written
    assert run(command, *args).exit_code == 0


def general_result(body: list) -> dict:
    data = {k: v for k, v in json.loads(RESULT_EXAMPLE.read_text(encoding="utf-8")).items() if k in ("kind", "header", "approval", "title")}
    return {**data, "body": body}


@pytest.mark.parametrize(
    "body, path, message",
    [
        (
            [{"overview": [{"label": "일시", "when": "2023-11-07"}]}],
            "$.body[0].overview[0]",
            "an overview entry has no value type 'when'",
        ),
        (
            [{"overview": [{"label": "기간", "date": "2023-11-30", "end_date": "2023-11-07"}]}],
            "$.body[0].overview[0].end_date",
            "the range ends (2023-11-07) before it starts (2023-11-30)",
        ),
        ([{"text": "제출", "date": "2023-11-30", "end_date": "2023-11-07"}], "$.body[0].end_date", "before it starts"),
        ([{"schedule": [{"text": "보완 조치 확인"}]}], "$.body[0].schedule[0]", "has no date: give date"),
        ([{"schedule": [{"date": "2023-12-04"}]}], "$.body[0].schedule[0]", "'text' is a required property"),
        (
            [{"overview": [{"label": "참석", "attendees": {"total": 10, "groups": [{"name": "구", "count": 5}]}}]}],
            "$.body[0].overview[0].attendees.total",
            "add up to 5",
        ),
        (
            [{"overview": [{"label": "일시", "date": "2023-11-07", "start": "16:00", "end": "14:00"}]}],
            "$.body[0].overview[0].end",
            "before it starts",
        ),
    ],
    ids=["unknown-typed-value", "backwards-range", "backwards-item-range", "schedule-no-date", "schedule-no-text", "attendees", "times"],
)
def test_bad_general_result_is_refused_with_path_and_nothing_written(run, tmp_path, body, path, message):
    record = write(tmp_path, "bad.json", general_result(body))
    out = tmp_path / "out"
    result = run("render", record, "-o", out, "-f", "docx,hwpx")
    assert result.exit_code == 1, result.output
    assert f"{record}:{path}: " in result.output and message in result.output, result.output
    assert not out.exists() or list(out.iterdir()) == []


def test_help_starts_without_the_pipeline():
    """`reportgen --help` (and each command's --help) loads click and the command definitions only: no settings, error types,
    validator, composers or writers (what makes the other commands start slowly), nor pathlib
    (cli.options.PathArg gives commands pathlib.Path values without it) or shutil (HelpFormatter)."""
    heavy = [
        "pathlib",
        "shutil",
        "reportgen.config",
        "reportgen.errors",
        "reportgen.pipeline",
        "reportgen.validate",
        "reportgen.records",
        "reportgen.compose",
        "reportgen.writers.docx",
        "jsonschema",
        "jsonschema_rs",
        "yaml",
        "markdown_it",
        "docxtpl",
        "docx",
        "jinja2",
        "lxml",
    ]
    code = (
        "import sys, reportgen.cli\n"
        "for args in [['--help']] + [[name, '--help'] for name in reportgen.cli.main.commands]:\n"
        "    try:\n        reportgen.cli.main(args)\n    except SystemExit:\n        pass\n"
        f"print([m for m in {heavy!r} if m in sys.modules], file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stderr.strip() == "[]"
    assert "Commands:" in done.stdout


def test_reporter_symbol_help_shows_the_default(run):
    """The help text spells the default out (so --help need not load the settings): it must be Config's."""
    from reportgen.config import Config

    assert f"[default: {Config.reporter_symbol}]" in " ".join(run("render", "--help").output.split())


def test_validate_of_a_valid_json_record_loads_no_writer_output_or_explainer():
    """`reportgen validate` composes (a numbering that runs out across lists) but writes nothing:
    no writer, no output module (tempfile, shutil), no jsonschema (it only explains invalid records),
    no YAML for a JSON record."""
    heavy = ["reportgen.output", "tempfile", "shutil", "zipfile", "reportgen.writers.docx", "reportgen.writers.hwpx"]
    heavy += ["jsonschema", "yaml", "docxtpl", "jinja2", "lxml", "markdown_it"]
    code = (
        "import sys, reportgen.cli\n"
        f"try:\n    reportgen.cli.main(['validate', {str(PLAN_EXAMPLE)!r}])\n"
        "except SystemExit as exc:\n    assert exc.code == 0, exc.code\n"
        f"print([m for m in {heavy!r} if m in sys.modules], file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stderr.strip() == "[]"
