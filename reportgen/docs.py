"""docs/records.md, the field-by-field reference of every record kind, generated from the schemas.

    .venv/bin/python -m reportgen.docs          # rewrites docs/records.md

Everything in the page comes from schemas/*.schema.json (fields, types, defaults, descriptions) and
the example records (the small example under each body block), so the page cannot drift from what
`validate` accepts: tests/test_docs.py fails when docs/records.md is not what this module writes.
"""

from __future__ import annotations

import sys

import yaml

from .schemas import SCHEMA_DIR, _map_refs, inlined_schema

ROOT = SCHEMA_DIR.parent
DOC = ROOT / "docs" / "records.md"
EXAMPLES = ROOT / "examples"
FIRST = ("plan", "result", "page")  # the seeds' kinds first, then the others by name
KINDS = tuple(
    sorted(
        (p.name.split(".")[0] for p in SCHEMA_DIR.glob("*.schema.json") if p.name.split(".")[0] not in ("common", "settings")),
        key=lambda k: (FIRST.index(k) if k in FIRST else len(FIRST), k),
    )
)


def records_markdown() -> str:
    schemas, defs = {}, {}
    for kind in KINDS:
        schema = inlined_schema(kind)
        # A part that differs from the same-named part of an earlier kind gets the kind's name.
        clash = {n for n, spec in schema.get("$defs", {}).items() if n in defs and defs[n] != spec}
        if clash:
            renamed = {f"#/$defs/{n}": f"#/$defs/{kind}_{n}" for n in clash}
            schema = _map_refs(schema, lambda ref, renamed=renamed: renamed.get(ref, ref))
            schema["$defs"] = {(f"{kind}_{n}" if n in clash else n): spec for n, spec in schema["$defs"].items()}
        for name, spec in schema.get("$defs", {}).items():
            defs.setdefault(name, spec)
        schemas[kind] = schema
    out = [
        "# Record fields",
        "",
        "<!-- Generated from schemas/*.schema.json and examples/ by `python -m reportgen.docs`; do not edit by hand. -->",
        "",
        "Every field a record may hold, kind by kind, then the shared parts (signer, table, block, …) and the body blocks",
        "with a small example of each. `reportgen schema KIND` prints the same as one JSON Schema; `reportgen new KIND`",
        "prints a starter record. Text fields are printed literally, except `@{figure}` quotes (see README.md).",
        "",
        "Kinds: " + ", ".join(f"[{kind}](#{kind})" for kind in KINDS) + ".",
        "",
    ]
    for kind, schema in schemas.items():
        out += [f'<a id="{kind}"></a>', "", f"## {kind}", ""]
        out += _about(schema)
        out += _fields(schema)
    out += ["## Parts", "", "The parts the fields above are made of, by name.", ""]
    for name in sorted(defs):
        out += [f'<a id="{_anchor(name)}"></a>', "", f"### {name}", ""]
        out += _about(defs[name])
        if "properties" in defs[name]:
            out += _fields(defs[name])
        elif name != "block":
            out += [f"{_type(defs[name])}.", ""]
        if name == "block":
            out += _blocks(defs[name], defs)
    return "\n".join(out).rstrip() + "\n"


def _about(spec: dict) -> list[str]:
    lines = [text for text in (spec.get("title"), spec.get("description")) if text]
    return [*(_one_line(t) for t in lines), ""] if lines else []


def _fields(spec: dict) -> list[str]:
    required = set(spec.get("required", ()))
    rows = ["| field | type | required | what it is |", "|---|---|---|---|"]
    for name, field in spec.get("properties", {}).items():
        if name == "$schema":
            continue
        notes = [field.get("description", "")]
        if "default" in field:
            notes.append(f"Default: `{_show(field['default'])}`.")
        if field.get("examples"):
            notes.append("E.g. " + ", ".join(f"`{_show(e)}`" for e in field["examples"]) + ".")
        rows.append(f"| `{name}` | {_type(field)} | {'yes' if name in required else ''} | {_cell(' '.join(n for n in notes if n))} |")
    if spec.get("additionalProperties") is False or spec.get("unevaluatedProperties") is False:
        rows += ["", "No other field is allowed."]
    return [*rows, ""]


def _type(spec) -> str:
    """A field's type in words, with links to the shared parts."""
    if not isinstance(spec, dict):
        return "anything"
    if "$ref" in spec:
        name = spec["$ref"].rsplit("/", 1)[1]
        return f"[{name}](#{_anchor(name)})"
    if "const" in spec:
        return f"`{_show(spec['const'])}`"
    if "enum" in spec:
        return "one of " + ", ".join(f"`{_show(v)}`" for v in spec["enum"])
    for key in ("oneOf", "anyOf"):
        if key in spec and "type" not in spec:
            return " or ".join(_type(s) for s in spec[key])
    if "if" in spec and "then" in spec:
        return f"{_type(spec['then'])} or {_type(spec.get('else', {}))}"
    kind = spec.get("type")
    if kind == "array":
        bounds = _bounds(spec, "minItems", "maxItems", "entries")
        return f"list of {_type(spec.get('items', {}))}{bounds}"
    if kind == "string":
        if "pattern" in spec:
            return f"text matching `{_cell(spec['pattern'])}`"
        return "text" + _bounds(spec, "minLength", "maxLength", "characters")
    if kind in ("integer", "number"):
        word = "whole number" if kind == "integer" else "number"
        low = spec.get("minimum", spec.get("exclusiveMinimum"))
        high = spec.get("maximum")
        if low is not None and high is not None:
            return f"{word} {low}–{high:,}" if isinstance(high, int) else f"{word} {low}–{high}"
        if low is not None:
            return f"{word} {'>' if 'exclusiveMinimum' in spec else '≥'} {low}"
        return word
    if kind == "boolean":
        return "`true` or `false`"
    if kind == "object" or "properties" in spec:
        return "object with " + ", ".join(f"`{k}`" for k in spec.get("properties", {})) if spec.get("properties") else "object"
    return "anything"


def _bounds(spec: dict, low: str, high: str, unit: str) -> str:
    lo, hi = spec.get(low), spec.get(high)
    if lo and hi:
        return f" ({lo}–{hi} {unit})"
    if lo:
        return f" (at least {lo})"
    if hi:
        return f" (at most {hi})"
    return ""


# ------------------------------------------------------------------ body blocks


def _block_shapes(spec: dict):
    """(name, schema) of each block a `block` definition tells apart by its if/then/else chain."""
    node = spec
    while isinstance(node, dict):
        cond = node.get("if", {})
        if cond.get("type") == "string":
            yield "paragraph", {"type": "string", "description": "A plain paragraph: just the text."}
        elif cond.get("required"):
            yield cond["required"][0], node.get("then", {})
        elif "$ref" in node:
            yield "item", node
            return
        node = node.get("else")


def _blocks(spec: dict, defs: dict) -> list[str]:
    out = ["#### The body blocks", ""]
    samples = _samples()
    for name, shape in _block_shapes(spec):
        out += [f"**{name}** — {_type(shape)}" + (f": {_one_line(shape['description'])}" if shape.get("description") else ""), ""]
        if "properties" in shape:
            out += _fields(shape)
        sample = samples.get(name, _minimal(shape, defs))
        if sample is not None:
            out += ["```yaml", yaml.safe_dump([sample], allow_unicode=True, sort_keys=False, width=100).rstrip(), "```", ""]
    return out


def _samples() -> dict:
    """The first block of each kind found in the example records, trimmed to a few lines."""
    from .records import load_record

    found: dict = {}
    paths = sorted(p for p in [*EXAMPLES.glob("*"), *EXAMPLES.glob("gallery/**/*")] if p.suffix in (".json", ".yaml", ".yml"))
    for path in paths:
        if path.name.startswith(("_", ".")):
            continue
        try:
            record = load_record(path)
        except Exception:  # an example another test reports; the docs need only the others
            continue
        for key in ("body", "appendix", "content", "parts"):
            _collect(record.get(key), found)
    return found


def _collect(blocks, found: dict) -> None:
    if not isinstance(blocks, list):
        return
    for block in blocks:
        if isinstance(block, str):
            found.setdefault("paragraph", block)
        elif isinstance(block, dict):
            name = next((k for k in block if k not in ("text", "marker", "child_marker", "items", "caption")), None)
            if name is None and "text" in block:
                name = "item"
            if name and name not in found:
                found[name] = _trim(block)
            for key in ("items", "content"):
                _collect(block.get(key), found)


def _minimal(spec, defs: dict, depth: int = 0):
    """The smallest value a schema takes, from its required fields (for a block no example shows)."""
    if not isinstance(spec, dict) or depth > 6:
        return None
    if "$ref" in spec:
        return _minimal(defs.get(spec["$ref"].rsplit("/", 1)[1]), defs, depth + 1)
    if "examples" in spec:
        return spec["examples"][0]
    if "const" in spec:
        return spec["const"]
    if "enum" in spec:
        return spec["enum"][0]
    if "default" in spec:
        return spec["default"]
    if "if" in spec and "then" in spec:
        return _minimal(spec["then"], defs, depth + 1)
    for key in ("oneOf", "anyOf"):
        if key in spec:
            return _minimal(spec[key][0], defs, depth + 1)
    kind = spec.get("type")
    if kind == "object" or "properties" in spec:
        props = spec.get("properties", {})
        return {k: _minimal(props.get(k), defs, depth + 1) for k in spec.get("required", ())}
    if kind == "array":
        return [_minimal(spec.get("items"), defs, depth + 1) for _ in range(max(1, spec.get("minItems", 1)))]
    if kind == "string":
        return "…"
    if kind in ("integer", "number"):
        return spec.get("minimum", 1)
    if kind == "boolean":
        return True
    return None


def _trim(value, depth: int = 0):
    if isinstance(value, dict):
        return {k: _trim(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [_trim(v, depth + 1) for v in value[: 2 if depth else 3]]
    if isinstance(value, str) and len(value) > 60:
        return value[:57] + "…"
    return value


# ------------------------------------------------------------------ text


def _anchor(name: str) -> str:
    return f"def-{name}".lower().replace("_", "-")


def _show(value) -> str:
    return "null" if value is None else str(value).lower() if isinstance(value, bool) else str(value)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _cell(text: str) -> str:
    return _one_line(text).replace("|", "\\|")


def main(argv: list[str] | None = None) -> int:
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(records_markdown(), encoding="utf-8")
    print(f"wrote {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
