"""schemas.py: `reportgen schema KIND` is one self-contained schema that validates as the schema files do."""

from __future__ import annotations

import copy
import json

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from reportgen.cli import main
from reportgen.schemas import inlined_schema
from reportgen.validate import KINDS, schema_errors

from .strategies import SEEDS


@pytest.mark.parametrize("kind", KINDS)
def test_the_printed_schema_refers_to_no_other_file(kind):
    result = CliRunner().invoke(main, ["schema", kind])
    assert result.exit_code == 0, result.output
    schema = json.loads(result.output)
    assert schema == inlined_schema(kind)
    Draft202012Validator.check_schema(schema)
    refs = [m for m in json.dumps(schema).split('"$ref": ')[1:]]
    assert refs and all(r.startswith('"#/$defs/') for r in refs)
    for name in ref_names(schema):
        assert name in schema["$defs"], name


@pytest.mark.parametrize("kind", KINDS)
def test_every_shared_field_is_shown_at_the_top(kind):
    schema = inlined_schema(kind)
    assert schema["properties"]["kind"] == {"const": kind}
    assert "allOf" not in schema or all("document" not in json.dumps(s) for s in schema["allOf"])
    if kind in ("plan", "result"):
        assert {"header", "approval", "title", "cover", "attachments"} <= set(schema["properties"])


def ref_names(schema) -> set[str]:
    text = json.dumps(schema)
    return {part.split('"', 1)[0] for part in text.split('"$ref": "#/$defs/')[1:]}


def mutants(record: dict):
    """The record, and copies with a field removed, a wrong type or an unknown field: the inlined
    schema and the pair of files must agree on each."""
    yield record
    for key in list(record):
        if key != "kind":
            broken = copy.deepcopy(record)
            del broken[key]
            yield broken
            broken = copy.deepcopy(record)
            broken[key] = 5
            yield broken
    yield {**record, "unknown_field": 1}


@pytest.mark.parametrize("index", range(len(SEEDS)))
def test_the_inlined_schema_accepts_and_refuses_what_the_files_do(index):
    record = SEEDS[index]
    kind = record["kind"]
    inlined = Draft202012Validator(inlined_schema(kind))
    for data in mutants(record):
        assert inlined.is_valid(data) == (schema_errors(data, kind) == []), json.dumps(data, ensure_ascii=False)[:300]
