"""Reading records: JSON or YAML files into plain data, with syntax errors located by line/column.

A record may include a shared file in place of any value: {"$include": "_shared/budget-2015.json"}
(the path is relative to the including file). One edit of the shared file then reaches every record
that includes it; `load_sources` reports every file read so batch builds can track them. Files are
read through a Resolver (reportgen/sources.py), which keeps them inside the records folder.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import math
import posixpath
import re
from functools import cache
from pathlib import Path

from .errors import InvalidRecord, Problem, json_path
from .limits import MAX_DEPTH
from .sources import MISSING, RECORD_SUFFIXES, FolderResolver, Refused, Resolver

INCLUDE = "$include"
MAX_RECORD_BYTES = 10 * 1024 * 1024  # far above any real record; keeps a stray file from eating memory
MAX_NODES = 1_000_000  # YAML aliases can multiply a small file ("billion laughs")


def load_record(path: str | Path) -> dict:
    """Read one record file, includes resolved. Raises InvalidRecord naming the file (and the
    line/column of a syntax error, or the JSON path of a bad include)."""
    return load_sources(*FolderResolver.for_file(path))[0]


def load_sources(resolver: Resolver, name: str) -> tuple[dict, dict[str, str]]:
    """The record `name` read through `resolver`, includes resolved, and the SHA-256 of every file it
    was read from (itself first, then includes) by name, hashed from the very bytes that were parsed."""
    sources: dict[str, str] = {}
    shown = resolver.display(name)
    includes: list = []
    try:
        data = _read(resolver, name, sources, shown, includes)
        if not isinstance(data, dict):
            raise InvalidRecord([Problem(shown, "$", "a record must be an object (a mapping of fields)")])
        data = _resolve(data, includes, resolver, name, sources, (name,))
    except InvalidRecord as exc:
        exc.sources = sources  # what was read before the refusal (see InvalidRecord.sources)
        raise
    return data, sources


def _read(resolver: Resolver, name: str, sources: dict, shown: str, includes: list):
    try:
        raw = resolver.read(name)
    except Refused as exc:
        if exc.missing:
            sources[name] = MISSING  # a file that appears there changes the answer
        raise InvalidRecord([Problem(shown, "$", f"cannot read file: {exc}")]) from None
    if len(raw) > MAX_RECORD_BYTES:
        raise InvalidRecord([Problem(shown, "$", f"the file is larger than {MAX_RECORD_BYTES // 1024 // 1024} MiB; a record is text")])
    sources[name] = hashlib.sha256(raw).hexdigest()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidRecord([Problem(shown, "$", f"not UTF-8 text (byte {exc.start})")]) from None
    return _parse(text, shown, yaml_syntax=name.lower().endswith((".yaml", ".yml")), includes=includes)


def _resolve(data, includes: list, resolver: Resolver, origin: str, sources: dict, chain: tuple):
    """`data` (a file's fresh, unshared parse) with each of its `includes` (found while it was
    checked, in the record's order) replaced by the data of the file it names."""
    holder = [data]
    for parent, key, path in includes:
        if parent is None:  # the whole file is an include
            parent, key = holder, 0
        parent[key] = _include(parent[key], resolver, origin, sources, path, chain)
    return holder[0]


def _include(value: dict, resolver: Resolver, origin: str, sources: dict, path: tuple, chain: tuple):
    """The data of the file an include at `path` of `origin` names, its own includes resolved."""
    where, shown = json_path(path), resolver.display(origin)
    target = value[INCLUDE]
    if len(value) != 1 or not isinstance(target, str):
        raise InvalidRecord([Problem(shown, where, f'write an include alone: {{"{INCLUDE}": "path/to/file.json"}}')])
    # Only record data: a relative .json/.yaml path, never an arbitrary file of the machine.
    if not target.lower().endswith(RECORD_SUFFIXES):
        raise InvalidRecord([Problem(shown, where, f"cannot include {target}: write a relative path to a .json, .yaml or .yml file")])
    try:
        included = resolver.name_of(target, origin)
    except Refused as exc:
        raise InvalidRecord([Problem(shown, where, f"cannot include {exc}")]) from None
    if included in chain:
        names = " → ".join(posixpath.basename(p) for p in chain)
        raise InvalidRecord([Problem(shown, where, f"{target} includes itself (through {names})")])
    inner_includes: list = []
    try:
        inner = _read(resolver, included, sources, resolver.display(included), inner_includes)
    except InvalidRecord as exc:
        first = exc.problems[0]
        if first.line is None:  # unreadable: say which record asked for it, and where
            raise InvalidRecord([Problem(shown, where, f"cannot include {target}: {first.message}")]) from None
        raise
    return _resolve(inner, inner_includes, resolver, included, sources, chain + (included,))


def parse_record(text: str, source: str = "<record>", *, yaml_syntax: bool = False) -> dict:
    """A record from text (no includes: there is no file to resolve them against)."""
    data = _parse(text, source, yaml_syntax=yaml_syntax)
    if not isinstance(data, dict):
        raise InvalidRecord([Problem(source, "$", "a record must be an object (a mapping of fields)")])
    return data


def _parse(text: str, source: str, *, yaml_syntax: bool, includes: list | None = None):
    """The data of a record file's text. With `includes`, every {"$include": …} in it is noted
    there as (its container, its key, its path), in the record's order (container None: the whole)."""
    if yaml_syntax:
        data = _parse_yaml(text, source)
        if includes is not None:
            _json_problems(data, includes)  # plain already: this only finds the includes
        return data
    try:
        data = json.loads(text, object_pairs_hook=_json_object, parse_constant=_not_a_number, parse_int=_json_int, parse_float=_json_float)
    except json.JSONDecodeError as exc:
        raise InvalidRecord([Problem(source, "$", f"invalid JSON: {exc.msg}", exc.lineno, exc.colno)]) from None
    except RecursionError:
        raise InvalidRecord([Problem(source, "$", f"invalid JSON: nested more than {MAX_DEPTH} lists and objects deep")]) from None
    problems = _json_problems(data, includes)
    if problems:
        raise InvalidRecord([Problem(source, path, message) for path, message in problems])
    return data


parse_text = _parse  # settings files are read the same way (reportgen/config.py)


_QUOTE_HINT = re.compile(r"mapping values are not allowed|expected ',' or|expected <block end>|found character|expected a comment")


def _parse_yaml(text: str, source: str):
    import yaml  # only a YAML record pays for PyYAML (~12 ms of a JSON record's start-up otherwise)

    try:
        data = yaml.load(text, Loader=record_loader())  # noqa: S506 — a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        msg = f"invalid YAML: {exc.problem or exc.context}"
        if _QUOTE_HINT.search(msg):  # the usual cause: a value with ': ' or ', ' in it, unquoted
            msg += '; if the text holds ": " or ", " (or starts with [ { * & ! | > @ `), put it in quotes: title: "제목: 부제"'
        raise InvalidRecord([Problem(source, "$", msg, line, col)]) from None
    except (yaml.YAMLError, ValueError) as exc:  # ValueError: e.g. an explicit !!int that is no number
        raise InvalidRecord([Problem(source, "$", f"invalid YAML: {exc}")]) from None
    except RecursionError:  # PyYAML's composer recurses once per level
        line, col = _too_deep(text)
        raise InvalidRecord(
            [Problem(source, "$", f"invalid YAML: nested more than {MAX_DEPTH} lists and mappings deep", line, col)]
        ) from None
    return _checked(data, source, [0])


def _too_deep(text: str) -> tuple[int | None, int | None]:
    """Line and column where YAML nesting passes MAX_DEPTH; PyYAML's event parser keeps its own
    stack, so reading events does not recurse however deep the text goes."""
    import yaml

    depth = 0
    try:
        for event in yaml.parse(text, Loader=record_loader()):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark.line + 1, event.start_mark.column + 1
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        pass
    return None, None


def _checked(data, source: str, budget: list | None = None):
    """plain_data, with what the reader itself cannot take (duplicate keys, NaN, a number of
    thousands of digits, nesting past MAX_DEPTH) refused, each at its JSON path."""
    problems: list[tuple[str, str]] = []
    try:
        data = _plain(data, budget, (), problems)
    except RecursionError:
        raise InvalidRecord(
            [Problem(source, "$", "invalid YAML: an alias (*name) refers to the list or mapping that contains it")]
        ) from None
    except OverflowError:
        raise InvalidRecord([Problem(source, "$", f"invalid YAML: its aliases expand to more than {MAX_NODES:,} values")]) from None
    if problems:
        raise InvalidRecord([Problem(source, path, message) for path, message in problems])
    return data


class _Unreadable:
    """A JSON value the reader parsed but a record cannot hold; refused at its path by `_plain`."""

    def __init__(self, message: str):
        self.message = message


class _Duplicates(dict):
    """An object some of whose keys were written twice (JSON and YAML keep the last silently)."""

    duplicates: list[str]


def _json_object(pairs: list) -> dict:
    data = dict(pairs)
    if len(data) < len(pairs):
        data = _Duplicates(data)
        seen: set = set()
        data.duplicates = [k for k, _ in pairs if k in seen or seen.add(k)]
    return data


def _json_problems(data, includes: list | None = None) -> list[tuple[str, str]]:
    """What `_plain` would refuse in parsed JSON, found without copying it: the parser's hooks have
    made it plain already (whole floats are ints, keys are text), so only what they marked
    (duplicate keys, unreadable numbers) and nesting past MAX_DEPTH are looked for — without
    recursion, in the record's order — and the includes are noted (see `_parse`) on the way."""
    if _plain_and_shallow(data):
        return []  # the usual record: nothing to refuse, no include
    return _problems_walk(data, includes)


def _problems_walk(data, includes: list | None) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    stack: list = [(data, (), None, None)] if isinstance(data, _NOT_PLAIN) else []
    while stack:
        value, path, parent, key = stack.pop()
        if isinstance(value, _Unreadable):
            problems.append((json_path(path), value.message))
            continue
        if len(path) >= MAX_DEPTH:
            problems.append((json_path(path), _TOO_DEEP))
            continue
        if isinstance(value, dict):
            for k in getattr(value, "duplicates", ()):
                problems.append((json_path((*path, k)), f"the key {k!r} is written twice in one object: keep one"))
            if INCLUDE in value and includes is not None:
                includes.append((parent, key, path))  # one written with more beside it is refused then
            stack.extend([(value[k], (*path, k), value, k) for k in reversed(value) if isinstance(value[k], _NOT_PLAIN)])
        else:
            stack.extend([(value[i], (*path, i), value, i) for i in range(len(value) - 1, -1, -1) if isinstance(value[i], _NOT_PLAIN)])
    return problems


def _plain_and_shallow(data) -> bool:
    """True when `_json_problems` would find nothing: plain lists and objects only (no duplicate key,
    no unreadable number, no include) and none MAX_DEPTH deep. One walk, a level at a time (the
    depth is the level's, so nothing is paired with it or with a path); anything else is left to
    `_json_problems` to find and name."""
    level, depth = [data], 0
    while level:
        if depth >= MAX_DEPTH:
            return False
        below: list = []
        for value in level:
            kind = type(value)
            if kind is dict and INCLUDE not in value:
                below += [v for v in value.values() if type(v) in _CONTAINERS_AND_MARKS]
            elif kind is list:
                below += [v for v in value if type(v) in _CONTAINERS_AND_MARKS]
            else:  # an include, a _Duplicates object or an _Unreadable value
                return False
        level, depth = below, depth + 1
    return True


def _json_float(text: str) -> float | int | _Unreadable:
    value = float(text)
    if not math.isfinite(value):  # 1e400
        return _Unreadable(f"{value} is not a number a document can print: write a number")
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def _not_a_number(name: str) -> _Unreadable:
    return _Unreadable(f"{name} is not a number a document can print: write a number")


MAX_DIGITS = 30  # past any figure a record quotes (limits.MAX_NUMBER has 16 digits); Python's own limit is 4,300


def _json_int(digits: str) -> int | _Unreadable:
    if len(digits.lstrip("-")) > MAX_DIGITS:
        return _Unreadable(f"a number of {len(digits.lstrip('-')):,} digits: no figure in a document is that long")
    return int(digits)


@cache
def record_loader():
    """The RecordLoader class, made when the first YAML text is read (PyYAML loads then)."""
    import yaml

    class RecordLoader(yaml.SafeLoader):
        """YAML as people mean it in a record: 16:30 stays the text "16:30" (YAML 1.1 would read the
        number 990) and yes/no/on/off stay words; only true/false are booleans, as in JSON and YAML 1.2."""

    RecordLoader.yaml_implicit_resolvers = {
        first: [
            (tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
        ]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    RecordLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
    RecordLoader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
    RecordLoader.add_constructor("tag:yaml.org,2002:int", lambda loader, node: _json_int(loader.construct_scalar(node).lstrip("+")))
    RecordLoader.add_implicit_resolver(
        "tag:yaml.org,2002:float", re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"), list("-+0123456789.")
    )
    RecordLoader.add_constructor("tag:yaml.org,2002:map", _yaml_mapping)
    return RecordLoader


_TOO_DEEP = f"nested more than {MAX_DEPTH} lists and objects deep: a document is flatter than that"
_NOT_PLAIN = (dict, list, _Unreadable)  # what `_json_problems` looks into
_CONTAINERS_AND_MARKS = frozenset((dict, list, _Duplicates, _Unreadable))  # what `_plain_and_shallow` visits


def plain_data(value, budget: list | None = None):
    """Plain JSON-like data: YAML dates back to the ISO text the author wrote (the schema checks
    them), and whole-number floats (1500.0) to ints, since amounts and counts are integers.
    `budget` counts values and stops an alias bomb (OverflowError past MAX_NODES). ValueError for
    what a record cannot hold (see `_checked`)."""
    problems: list[tuple[str, str]] = []
    data = _plain(value, budget, (), problems)
    if problems:
        raise ValueError(f"{problems[0][0]}: {problems[0][1]}")
    return data


def _plain(value, budget: list | None, path: tuple, problems: list):
    if budget is not None:
        budget[0] += 1
        if budget[0] > MAX_NODES:
            raise OverflowError
    if isinstance(value, (dict, list)) and len(path) >= MAX_DEPTH:
        problems.append((json_path(path), _TOO_DEEP))
        return None
    if isinstance(value, dict):
        for key in getattr(value, "duplicates", ()):
            problems.append((json_path((*path, str(key))), f"the key {str(key)!r} is written twice in one object: keep one"))
        return {(str(k) if not isinstance(k, str) else k): _plain(v, budget, (*path, str(k)), problems) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v, budget, (*path, i), problems) for i, v in enumerate(value)]
    if isinstance(value, _Unreadable):
        problems.append((json_path(path), value.message))
        return None
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    if isinstance(value, float):
        if not math.isfinite(value):
            problems.append((json_path(path), f"{value} is not a number a document can print: write a number"))
        elif value.is_integer() and abs(value) < 2**53:
            return int(value)
    return value


def _yaml_mapping(loader, node):
    import yaml

    data = _Duplicates()
    yield data
    seen: set = set()
    data.duplicates = [
        k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode) and k.value != "<<" and (k.value in seen or seen.add(k.value))
    ]
    data.update(loader.construct_mapping(node))
