"""One self-contained JSON Schema per record kind, for people and editors.

The schema files share common.schema.json by reference; an editor given one file, or a person reading
it, would not see the shared fields. `inlined_schema(kind)` copies every shared definition the kind
uses into its own $defs and lifts the shared document fields (header, approval, title, …) into its
top-level properties, so one file shows every field and validates exactly as the pair does.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

from . import shipped

SCHEMA_DIR = Path(shipped.folder("schemas"))
COMMON = "common.schema.json#/$defs/"


def load_schema(kind: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))


def inlined_schema(kind: str) -> dict:
    """The kind's schema with no reference to another file (see the module docstring)."""
    schema, common = load_schema(kind), load_schema("common")["$defs"]
    own = schema.pop("$defs", {})
    # A shared name the kind also defines is kept under a prefixed name: neither hides the other.
    names = {name: (f"common_{name}" if name in own else name) for name in common}
    shared = lambda ref: f"#/$defs/{names[ref.rsplit('/', 1)[1]]}"  # noqa: E731
    in_kind = lambda ref: shared(ref) if ref.startswith(COMMON) else ref  # noqa: E731
    schema = _map_refs(schema, in_kind)
    defs = {names[n]: _map_refs(common[n], shared) for n in common}
    defs.update({n: _map_refs(v, in_kind) for n, v in own.items()})

    document = {"$ref": f"#/$defs/{names['document']}"}
    if document in schema.get("allOf", []):  # the shared fields, lifted to where people look
        shape = defs[names["document"]]
        schema["allOf"] = [s for s in schema["allOf"] if s != document]
        if not schema["allOf"]:
            del schema["allOf"]
        schema["properties"] = {**shape.get("properties", {}), **schema.get("properties", {})}
        schema["required"] = list(dict.fromkeys([*shape.get("required", []), *schema.get("required", [])]))

    used = _reachable(schema, defs)
    if used:
        schema["$defs"] = {n: defs[n] for n in defs if n in used}
    return schema


def _map_refs(node, change):
    if isinstance(node, dict):
        out = {k: _map_refs(v, change) for k, v in node.items()}
        if isinstance(out.get("$ref"), str):
            out["$ref"] = change(out["$ref"])
        return out
    if isinstance(node, list):
        return [_map_refs(v, change) for v in node]
    return copy.deepcopy(node)


def _reachable(schema: dict, defs: dict) -> set[str]:
    """Names of the definitions `schema` refers to, directly or through other definitions."""
    seen: set[str] = set()
    todo = [schema]
    while todo:
        node = todo.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                name = ref[len("#/$defs/") :]
                if name not in seen and name in defs:
                    seen.add(name)
                    todo.append(defs[name])
            todo.extend(node.values())
        elif isinstance(node, list):
            todo.extend(node)
    return seen
