"""Reading records: JSON and YAML as their authors mean them, includes, located syntax errors."""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen.errors import InvalidRecord
from reportgen.records import load_record, load_sources, parse_record
from reportgen.sources import FolderResolver


def test_yaml_reads_like_json_for_times_words_and_numbers():
    data = parse_record(
        "start: 16:30\nanswer: yes\nflag: true\ncount: 010\namount: 1500.0\nratio: 1.5\nday: 2015-10-06\n", yaml_syntax=True
    )
    assert data == {"start": "16:30", "answer": "yes", "flag": True, "count": 10, "amount": 1500, "ratio": 1.5, "day": "2015-10-06"}


def test_whole_number_floats_in_json_become_ints():
    assert parse_record('{"amount": 76000.0, "rate": 0.5}') == {"amount": 76000, "rate": 0.5}


@pytest.mark.parametrize(
    "text, yaml_syntax, where",
    [
        ('{"a": 1,\n "b": }', False, (2, 7)),
        ("a: [1, 2\nb: 3\n", True, (2, 2)),
        ("a: &x [*x]\n", True, None),
        ("a: !!int 0x1Z\n", True, None),
        ("- 1\n- 2\n", True, None),
    ],
)
def test_syntax_errors_are_located(text, yaml_syntax, where):
    with pytest.raises(InvalidRecord) as err:
        parse_record(text, "r.yaml", yaml_syntax=yaml_syntax)
    problem = err.value.problems[0]
    assert problem.source == "r.yaml"
    if where:
        assert (problem.line, problem.column) == where


def test_includes_are_resolved_and_tracked(tmp_path):
    (tmp_path / "_shared").mkdir()
    (tmp_path / "_shared" / "budget.yaml").write_text("rows:\n  - {name: 운영비, formula: 500천원×12개월}\n", encoding="utf-8")
    record = tmp_path / "plan.json"
    record.write_text(json.dumps({"kind": "plan", "budget": {"$include": "_shared/budget.yaml"}}), encoding="utf-8")
    data, sources = load_sources(FolderResolver(tmp_path), "plan.json")
    assert data["budget"] == {"rows": [{"name": "운영비", "formula": "500천원×12개월"}]}
    assert list(sources) == ["plan.json", "_shared/budget.yaml"]  # names in the records folder
    assert all(len(sha) == 64 for sha in sources.values())


@pytest.mark.parametrize(
    "include, message",
    [
        ({"$include": "nope.json"}, "$.budget: cannot include nope.json: cannot read file"),
        ({"$include": "plan.json"}, "$.budget: plan.json includes itself"),
        ({"$include": "x.json", "rows": []}, "$.budget: write an include alone"),
    ],
)
def test_bad_includes(tmp_path, include, message):
    record = tmp_path / "plan.json"
    record.write_text(json.dumps({"kind": "plan", "budget": include}), encoding="utf-8")
    with pytest.raises(InvalidRecord) as err:
        load_record(record)
    assert message in str(err.value)


def test_not_utf8(tmp_path):
    path = tmp_path / "r.json"
    path.write_bytes('{"title": "계획"}'.encode("euc-kr"))
    with pytest.raises(InvalidRecord, match="not UTF-8"):
        load_record(path)


def test_hostile_inputs_are_refused_not_crashed_on(tmp_path):
    deep = "[" * 5000 + "]" * 5000
    with pytest.raises(InvalidRecord, match="nested more than 32"):
        parse_record(deep, "deep.json")
    with pytest.raises(InvalidRecord, match=r"big.json:\$.n: a number of 5,000 digits"):
        parse_record('{"n": ' + "9" * 5000 + "}", "big.json")
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8)
    )
    with pytest.raises(InvalidRecord, match="aliases expand to more than"):
        parse_record(bomb, "bomb.yaml", yaml_syntax=True)
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    with pytest.raises(InvalidRecord, match="not a regular file"):
        load_record(fifo)


@pytest.mark.parametrize("target", ["/etc/passwd", "../../etc/hostname", "notes.txt"])
def test_includes_are_record_files_only(tmp_path, target):
    record = tmp_path / "plan.json"
    record.write_text(json.dumps({"kind": "plan", "budget": {"$include": target}}), encoding="utf-8")
    with pytest.raises(InvalidRecord) as err:
        load_record(record)
    assert f"{record}:$.budget: cannot include {target}: write a relative path to a .json, .yaml or .yml file" == str(err.value)


@pytest.mark.parametrize(
    "text, path, message",
    [
        ('{"a": 1, "b": {"c": 2, "c": 3}}', "$.b.c", "written twice"),
        ('{"a": NaN}', "$.a", "NaN is not a number"),
        ('{"a": [1, -Infinity]}', "$.a[1]", "-Infinity is not a number"),
        ('{"a": 1e400}', "$.a", "inf is not a number"),
        ('{"a": -' + "7" * 100_000 + "}", "$.a", "a number of 100,000 digits"),
        ('{"a": ' + "[" * 40 + "]" * 40 + "}", "$.a" + "[0]" * 31, "nested more than 32"),
    ],
)
def test_what_json_cannot_hold_is_refused_at_its_path(text, path, message):
    with pytest.raises(InvalidRecord) as exc:
        parse_record(text, "r.json")
    assert [(p.path, message in p.message) for p in exc.value.problems] == [(path, True)]


@pytest.mark.parametrize(
    "text, path, message",
    [
        ("a: 1\nb:\n  c: 2\n  c: 3\n", "$.b.c", "written twice"),
        ("a: !!float .nan\n", "$.a", "nan is not a number"),
        ("a: 1.0e999\n", "$.a", "inf is not a number"),
        ("a: " + "9" * 5000 + "\n", "$.a", "a number of 5,000 digits"),
    ],
)
def test_what_yaml_cannot_hold_is_refused_at_its_path(text, path, message):
    with pytest.raises(InvalidRecord) as exc:
        parse_record(text, "r.yaml", yaml_syntax=True)
    assert [(p.path, message in p.message) for p in exc.value.problems] == [(path, True)]


def test_yaml_merge_keys_are_not_duplicates():
    data = parse_record("base: &b {x: 1, y: 2}\nc:\n  <<: *b\n  y: 3\n", "r.yaml", yaml_syntax=True)
    assert data["c"] == {"x": 1, "y": 3}


@pytest.mark.parametrize("depth", [300, 50_000])
def test_deep_yaml_is_refused_with_its_line(depth):
    text = "kind: plan\nx: " + "[" * depth + "]" * depth + "\n"
    with pytest.raises(InvalidRecord) as exc:
        parse_record(text, "deep.yaml", yaml_syntax=True)
    (problem,) = exc.value.problems
    assert "nested more than 32" in problem.message
    # Past Python's recursion limit the line is found by reading events; before it, the path is known.
    assert (problem.line, problem.column) == (2, 4 + 31) if depth == 50_000 else problem.path.startswith("$.x[0][0]")


@pytest.mark.parametrize(
    "text",
    ["title: 회의 결과: 후속 조치\n", "title: [초안, 검토]중\n", "lead: 일시, 장소: 구청\n"],
    ids=["colon", "flow", "comma-then-colon"],
)
def test_invalid_yaml_at_a_colon_or_comma_says_to_quote(tmp_path, text):
    (tmp_path / "r.yaml").write_text("kind: plan\n" + text, encoding="utf-8")
    with pytest.raises(InvalidRecord) as err:
        load_record(tmp_path / "r.yaml")
    problem = err.value.problems[0]
    assert problem.message.startswith("invalid YAML: ") and "put it in quotes" in problem.message, problem.message
    assert problem.line == 2


def test_a_json_record_is_read_without_pyyaml():
    """PyYAML loads with the first YAML text only: `render` of a JSON record starts without it."""
    import subprocess
    import sys

    from .helpers import PLAN_EXAMPLE

    code = (
        "import sys\n"
        "from reportgen.pipeline import check_file\n"
        f"check_file({str(PLAN_EXAMPLE)!r})\n"
        "print('yaml' in sys.modules)\n"
        "from reportgen.records import parse_record\n"
        "parse_record('a: 16:30', yaml_syntax=True)\n"
        "print('yaml' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True"]


_LEAF = st.sampled_from(["1", "-2.5", "3.0", "1e400", "NaN", "-Infinity", '"a"', "true", "null", "9" * 40])
_DEEP = st.integers(25, 40).map(lambda n: "[" * n + "1" + "]" * n)
_KEY = st.sampled_from(['"a"', '"b"', '"$include"', '"c"'])
_JSON_TEXT = st.recursive(
    _LEAF | _DEEP,
    lambda inner: (
        st.lists(inner, max_size=4).map(lambda xs: "[" + ",".join(xs) + "]")
        | st.lists(st.tuples(_KEY, inner), max_size=4).map(lambda kv: "{" + ",".join(f"{k}:{v}" for k, v in kv) + "}")
    ),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(_JSON_TEXT)
def test_the_quick_look_at_parsed_json_never_misses_what_the_full_walk_finds(text):
    """_json_problems skips its walk (paths, includes) when a quick look finds only plain, shallow
    data: whenever it does, the full walk finds no problem and no include either."""
    from reportgen import records

    hooks = {"parse_constant": records._not_a_number, "parse_int": records._json_int, "parse_float": records._json_float}
    data = json.loads(text, object_pairs_hook=records._json_object, **hooks)
    includes: list = []
    found = records._problems_walk(data, includes)
    if records._plain_and_shallow(data):
        assert found == [] and includes == []
    assert records._json_problems(data, []) == found
