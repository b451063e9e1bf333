"""Organisation settings: the 공개여부 grammar, finding and reading reportgen.toml / .reportgen.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.config import Config, find_settings, load_settings
from reportgen.errors import InvalidRecord


@pytest.mark.parametrize("value", ["대시민공개", "공개", "부분공개(5)", "부분공개(5,6)", "비공개(1)", "비공개(1,2,3,4,5,6,7,8)"])
def test_the_grammar_of_the_handbook_is_allowed(value):
    assert Config().disclosure_problem(value) is None


@pytest.mark.parametrize(
    "value, reason",
    [
        ("부분공개(9)", "cites 호 9, outside 1–8"),
        ("비공개(0)", "cites 호 0, outside 1–8"),
        ("부분공개(5,5)", "repeats 호 5"),
        ("부분공개(6,5)", "must list the 호 in ascending order (부분공개(5,6))"),
        ("부분공개(5, 6)", "must list the 호 as numbers separated by commas, without spaces"),
        ("부분공개()", "must list the 호 as numbers separated by commas"),
        ("부분공개(５)", "must list the 호 as numbers separated by commas"),
        ("대국민공개", "is not a wording of the 편람"),
    ],
)
def test_a_refused_wording_says_why_shows_the_grammar_and_the_settings_option(value, reason):
    message = Config().disclosure_problem(value)
    assert f"공개여부 {value!r} {reason}" in message
    assert "부분공개(n[,n…]) | 비공개(n[,n…]) with n = 1–8" in message
    assert '`disclosures = ["대국민공개"]` in reportgen.toml or .reportgen.yaml' in message


def test_other_wordings_come_from_the_settings():
    config = Config(extra_disclosures=("대국민공개",), settings_file="/org/reportgen.toml")
    assert config.disclosure_allowed("대국민공개")
    assert "in the settings file /org/reportgen.toml" in config.disclosure_problem("비공개(9)")


def test_find_settings_looks_in_the_folder_then_above(tmp_path):
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    record = deep / "r.json"
    record.write_text("{}")
    assert find_settings(record) is None or not str(find_settings(record)).startswith(str(tmp_path))
    (tmp_path / ".reportgen.yaml").write_text("organisation: 성동구\n", encoding="utf-8")
    assert find_settings(record) == tmp_path / ".reportgen.yaml"
    (tmp_path / "a" / "reportgen.toml").write_text('organisation = "성동구"\n', encoding="utf-8")
    assert find_settings(record) == tmp_path / "a" / "reportgen.toml"
    assert find_settings(deep) == tmp_path / "a" / "reportgen.toml"
    (deep / ".reportgen.yaml").write_text("{}", encoding="utf-8")
    (deep / "reportgen.toml").write_text("", encoding="utf-8")
    assert find_settings(record) == deep / "reportgen.toml"  # the TOML file first in one folder


def test_load_toml_and_yaml(tmp_path):
    (tmp_path / "mine.docx").write_bytes(b"PK")
    toml = tmp_path / "reportgen.toml"
    toml.write_text(
        'disclosures = ["대국민공개"]\norganisation = "성동구"\ndepartment = "자치행정과"\nreporter_symbol = "◎"\n'
        'date_style = "full"\nheader_date_style = "compact"\n[templates]\ndocx = "mine.docx"\n',
        encoding="utf-8",
    )
    config = load_settings(toml)
    assert config.extra_disclosures == ("대국민공개",)
    assert (config.organisation, config.department, config.reporter_symbol) == ("성동구", "자치행정과", "◎")
    assert (config.date_style, config.header_date_style) == ("full", "compact")
    assert config.templates == (("docx", str(tmp_path / "mine.docx")),)
    assert config.settings_file == str(toml)
    yaml = tmp_path / ".reportgen.yaml"
    yaml.write_text("disclosures: [대국민공개]\nreporter_symbol: ◎\n", encoding="utf-8")
    assert load_settings(yaml).reporter_symbol == "◎"


def test_with_defaults_fills_only_what_the_record_leaves_out():
    config = Config(organisation="성동구", department="자치행정과", date_style="full", header_date_style="compact")
    record = {"kind": "plan", "cover": {"organisation": "중구"}, "header": {"disclosure": "공개"}}
    assert config.with_defaults(record) == {
        "kind": "plan",
        "cover": {"organisation": "중구", "department": "자치행정과"},
        "header": {"disclosure": "공개", "date_style": "compact"},
        "date_style": "full",
    }
    assert record == {"kind": "plan", "cover": {"organisation": "중구"}, "header": {"disclosure": "공개"}}  # not mutated
    assert "date_style" not in config.with_defaults({"kind": "page"})  # a kind without document dates
    assert config.with_defaults({"kind": "result", "date_style": "short"})["date_style"] == "short"
    assert config.with_defaults({"title": "x"}) == {"title": "x"}  # no cover: none is invented


@pytest.mark.parametrize(
    "name, text, where",
    [
        ("reportgen.toml", 'disclosure = ["대국민공개"]\n', "$: unknown setting: Additional properties are not allowed ('disclosure'"),
        ("reportgen.toml", 'disclosures = "대국민공개"\n', "$.disclosures: '대국민공개' is not of type 'array'"),
        ("reportgen.toml", "organisation = 성동구\n", "$: invalid TOML: Invalid value (at line 1, column 16)"),
        (".reportgen.yaml", "date_style: long\n", "$.date_style: 'long' is not one of ['full', 'short']"),
        (".reportgen.yaml", "disclosures: [a\n", ":2:1: invalid YAML"),
        (".reportgen.yaml", "- a\n", "$: the settings must be a mapping"),
        (".reportgen.yaml", "templates: {docx: nowhere.docx}\n", "$.templates.docx: no template file nowhere.docx"),
        (
            ".reportgen.yaml",
            "templates: {pdf: x.docx}\n",
            "$.templates: unknown setting: Additional properties are not allowed ('pdf' was unexpected) (known: docx, hwpx)",
        ),
    ],
)
def test_a_settings_file_that_is_not_valid_is_named_with_its_path(tmp_path, name, text, where):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidRecord) as caught:
        load_settings(path)
    assert where in str(caught.value)
    assert str(caught.value).startswith(str(path))


def test_a_missing_settings_file(tmp_path):
    with pytest.raises(InvalidRecord, match="cannot read the settings file"):
        load_settings(Path(tmp_path / "none.toml"))
