"""The stateless API: a record (or notes, or a document) in the request, an answer or files out.
Every route calls the library the command line calls: records.parse_record, validate_record,
pipeline.prepare, the writers (through engine.Engine), notes.read_notes, importer, budget."""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from importlib import resources
from pathlib import Path
from urllib.parse import quote

import yaml
from fastapi import APIRouter, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response

from .. import shipped
from ..budget import BudgetError, compute_budget
from ..errors import InvalidRecord, Problem
from ..koreanfmt import format_number
from ..notes import locate, read_notes
from ..pipeline import compose_problems
from ..records import parse_record
from ..sources import BundleResolver, Origin
from ..validate import KINDS, load_schema, validate_record
from ..writers import WRITERS
from .bundle import outside, prepare_bundle, record_text
from .errors import ApiError, error_responses, invalid, malformed

router = APIRouter(prefix="/api")

JSON_TYPES = ("application/json",)
YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml")
MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "hwpx": "application/hwp+zip",
    "hwp": "application/x-hwp",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}
RECORD_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": {"type": "object", "description": "A record (plan, result, page), as `reportgen new` prints"}},
        "application/yaml": {"schema": {"description": "The same record in YAML (text; any YAML mapping is read)"}},
    },
}
PROBLEMS = {"type": "array", "items": error_responses(422)[422]["content"]["application/json"]["schema"]["properties"]["problems"]["items"]}
FILES = {"content": {m.split(";")[0]: {"schema": {"type": "string", "format": "binary"}} for m in {*MEDIA.values(), "application/zip"}}}


# -- reading requests ------------------------------------------------------------------------------
async def body_text(request: Request, types: tuple[str, ...], what: str) -> tuple[str, bool]:
    """The body as text and whether it is YAML; 415 for another content type, 400 for non-UTF-8."""
    ctype = request.headers.get("content-type", types[0]).split(";")[0].strip().lower()
    if ctype not in types:
        raise ApiError(415, f"send {what} as {' or '.join(types)}, not {ctype or 'no content type'}")
    raw = await request.body()
    try:
        return raw.decode("utf-8-sig"), ctype in YAML_TYPES
    except UnicodeDecodeError as exc:
        raise ApiError(400, f"malformed request: not UTF-8 text (byte {exc.start})") from None


async def read_record(request: Request, source: str = "record") -> dict:
    text, is_yaml = await body_text(request, JSON_TYPES + YAML_TYPES, "a record")
    try:
        return parse_record(text, source, yaml_syntax=is_yaml)
    except InvalidRecord as exc:
        raise malformed(exc) from None


def check(data: dict, request: Request, source: str = "record") -> list[Problem]:
    """Every problem of a parsed record: paths that leave the workspace first, then validation's."""
    config = request.app.state.settings.config
    return outside(data, source) + validate_record(config.with_defaults(data), source, config)


def composed(data: dict, request: Request, source: str = "record") -> list[Problem]:
    """A valid record composed as render would (photos not read: their names alone are checked by
    `outside`), for what only composing shows; render finds the same in its own pass."""
    config = request.app.state.settings.config
    return compose_problems(config.with_defaults(data), Origin(BundleResolver({}), source), config)


def parse_formats(value: str | None, default: str | None = None) -> tuple[str, ...]:
    formats = tuple(dict.fromkeys(f.strip().lower() for f in (value or default or "").split(",") if f.strip()))
    unknown = [f for f in formats if f not in WRITERS]
    if not formats or unknown:
        shown = ", ".join(unknown) if unknown else repr(value or "")
        raise ApiError(400, f"unknown output format {shown} (known: {', '.join(WRITERS)})", field="format")
    return formats


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def file_stem(record: dict) -> str:
    """The download's name from the record: its 문서번호, else its title, else its kind."""
    header = record.get("header") if isinstance(record.get("header"), dict) else {}
    for candidate in (header.get("doc_number"), record.get("title"), record.get("kind")):
        if isinstance(candidate, str) and candidate.strip():
            return _UNSAFE.sub("_", candidate.strip())[:80].strip(" .") or "document"
    return "document"


def files_response(outputs: dict[str, bytes], stem: str, warnings: list[str]) -> Response:
    """One file, or a zip of several, as an attachment named from the record."""
    if len(outputs) == 1:
        ((fmt, data),) = outputs.items()
        name, media = f"{stem}.{fmt}", MEDIA[fmt]
    else:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for fmt, content in outputs.items():
                info = zipfile.ZipInfo(f"{stem}.{fmt}", date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, content)
        data, name, media = buf.getvalue(), f"{stem}.zip", "application/zip"
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_")
    headers = {
        "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}",
        "X-Reportgen-Warnings": str(len(warnings)),
    }
    return Response(data, media_type=media, headers=headers)


def make_documents(engine, data: dict, formats: tuple[str, ...], files: dict[str, bytes], name: str = "record"):
    """In a pool thread: the record prepared by the pipeline from the bytes given, every format written."""
    prepared = prepare_bundle({**files, name: record_text(data)}, name, engine.settings.config)
    return prepared, engine.write(prepared.document, formats)


async def render_record(
    request: Request, data: dict, formats: tuple[str, ...], files: dict[str, bytes] | None = None, name: str = "record"
):
    engine, metrics = request.app.state.engine, request.app.state.metrics
    try:
        prepared, outputs = await engine.run(make_documents, engine, data, formats, files or {}, name, pdf="pdf" in formats)
    except InvalidRecord as exc:
        raise invalid(exc.problems) from None
    for fmt in outputs:
        metrics.documents.labels(fmt).inc()
    return prepared, outputs


# -- routes ----------------------------------------------------------------------------------------
@router.post(
    "/validate",
    summary="Check a record",
    openapi_extra={"requestBody": RECORD_BODY},
    responses={
        200: {
            "description": "The record renders (an invalid one answers 422 with every problem, the most relevant first)",
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "required": ["valid", "problems"],
                        "properties": {"valid": {"type": "boolean"}, "problems": PROBLEMS},
                    }
                }
            },
        },
        **error_responses(400, 401, 413, 415, 422),
    },
)
async def validate(request: Request):
    data = await read_record(request)
    problems = check(data, request) or composed(data, request)
    if problems:
        raise invalid(problems)
    return JSONResponse({"valid": True, "problems": []})


@router.post(
    "/render",
    summary="Render a record to one format, or a zip of several",
    openapi_extra={"requestBody": RECORD_BODY},
    response_class=Response,
    responses={200: {"description": "The document (or a zip)", **FILES}, **error_responses(400, 401, 413, 415, 422, 429, 503)},
)
async def render(request: Request, format: str = Query("docx", description="docx, hwpx, hwp, pdf, html, or a comma list (a zip)")):
    formats = parse_formats(format)
    data = await read_record(request)
    problems = check(data, request)
    if problems:
        raise invalid(problems)
    prepared, outputs = await render_record(request, data, formats)
    return files_response(outputs, file_stem(data), prepared.document.warnings)


@router.post(
    "/preview",
    summary="The record as an HTML page, kept for a few minutes at the returned URL (for the page's preview)",
    openapi_extra={"requestBody": RECORD_BODY},
    responses={
        200: {
            "description": "Where the preview is",
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "required": ["url"],
                        "properties": {"url": {"type": "string"}, "warnings": {"type": "array", "items": {"type": "string"}}},
                    }
                }
            },
        },
        **error_responses(400, 401, 413, 415, 422, 503),
    },
)
async def preview(request: Request):
    data = await read_record(request)
    problems = check(data, request)
    if problems:
        raise invalid(problems)
    prepared, outputs = await render_record(request, data, ("html",))
    key = request.app.state.previews.put(outputs["html"])
    return {"url": f"/preview/{key}", "warnings": prepared.document.warnings}


@router.post(
    "/minutes",
    summary="Meeting notes (Markdown) → the 결과보고 record, or its documents with ?format=",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"text/markdown": {"schema": {"type": "string"}}, "text/plain": {"schema": {"type": "string"}}},
        }
    },
    responses={
        200: {
            "description": "The record (JSON), or the documents when a format is asked",
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "required": ["record", "yaml"],
                        "properties": {"record": {"type": "object"}, "yaml": {"type": "string"}},
                    }
                },
                **FILES["content"],
            },
        },
        **error_responses(400, 401, 413, 415, 422, 429, 503),
    },
)
async def minutes(request: Request, format: str | None = Query(None, description="docx, hwpx, … to get documents instead of the record")):
    formats = parse_formats(format) if format is not None else ()
    text, _ = await body_text(request, ("text/markdown", "text/plain"), "notes")
    try:
        record, where = read_notes(text, "notes.md")
    except InvalidRecord as exc:
        raise invalid(exc.problems) from None
    problems = check(record, request, "notes.md")
    if problems:
        raise invalid(locate(problems, where))
    if not formats:
        return {"record": record, "yaml": yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=120)}
    prepared, outputs = await render_record(request, record, formats)
    return files_response(outputs, file_stem(record), prepared.document.warnings)


IMPORT_SUFFIXES = {".docx": b"PK\x03\x04", ".hwpx": b"PK\x03\x04", ".hwp": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"}


def import_bytes(data: bytes, suffix: str):
    """In a pool thread: the importer reads the upload from a private temporary file."""
    from ..importer import import_document

    with tempfile.TemporaryDirectory(prefix="reportgen-import-") as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(data)
        return import_document(path)


@router.post(
    "/import",
    summary="An uploaded .hwp, .hwpx or .docx → a starting plan record",
    responses={
        200: {
            "description": "The starting record and what to check in it",
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "required": ["record", "yaml", "notes"],
                        "properties": {
                            "record": {"type": "object"},
                            "yaml": {"type": "string"},
                            "notes": {"type": "array", "items": {"type": "string"}},
                        },
                    }
                }
            },
        },
        **error_responses(400, 401, 413, 415, 422, 503),
    },
)
async def import_(request: Request, file: UploadFile):
    suffix = Path(file.filename or "").suffix.lower()
    if suffix not in IMPORT_SUFFIXES:
        raise ApiError(415, f"{file.filename or 'the upload'}: import takes a .hwp, .hwpx or .docx file", field="file")
    data = await file.read()
    if not data.startswith(IMPORT_SUFFIXES[suffix]):
        raise ApiError(415, f"{file.filename}: the content is not a {suffix} document", field="file")
    try:
        imported = await request.app.state.engine.run(import_bytes, data, suffix)
    except (ValueError, ImportError, OSError) as exc:  # unreadable, encrypted, damaged
        raise ApiError(422, f"{file.filename}: cannot import: {exc}", field="file") from None
    return {"record": imported.record, "yaml": imported.yaml(), "notes": imported.notes}


@router.post(
    "/budget",
    summary="Compute a budget (amounts, 소계, 계, totals) with the same code the documents use",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"type": "object", "description": "A record's `budget`"}}},
        }
    },
    responses={
        200: {
            "description": "Every computed figure",
            "content": {"application/json": {"schema": {"type": "object", "required": ["total", "rows"]}}},
        },
        **error_responses(400, 401, 413, 415, 422),
    },
)
async def budget(request: Request):
    data = await read_record(request, "budget")
    rows = data.get("rows")
    if not isinstance(rows, list) or not all(isinstance(r, dict) and isinstance(r.get("name"), str) for r in rows):
        raise ApiError(
            422, "a budget needs rows, each with a name", [Problem("budget", "$.budget.rows", "a budget needs rows, each with a name")]
        )
    try:
        computed = compute_budget(data)
    except (BudgetError, KeyError, TypeError, ValueError) as exc:
        path = getattr(exc, "path", "$.budget")
        problem = Problem("budget", path, str(exc) if isinstance(exc, BudgetError) else f"cannot compute: {exc}")
        raise ApiError(422, str(problem), [problem]) from None

    def line(x, path):
        return {
            "path": path,
            "name": x.name,
            "amount": x.amount,
            "shown": format_number(x.amount),
            "basis": x.basis,
            "rows": [line(c, f"{path}.rows[{i}]") for i, c in enumerate(x.children)],
        }

    return {
        "unit": computed.unit,
        "total": computed.total,
        "total_shown": format_number(computed.total),
        "grand_total": computed.grand_total,
        "grand_total_shown": format_number(computed.grand_total),
        "rows": [line(x, f"$.budget.rows[{i}]") for i, x in enumerate(computed.lines)],
        "figures": computed.figures,
    }


SCHEMA_KINDS = (*KINDS, "common")


@router.get("/schemas/{kind}", summary="The JSON Schema of a record kind", responses=error_responses(401, 404))
async def schema(kind: str):
    if kind not in SCHEMA_KINDS:
        raise ApiError(404, f"no schema {kind!r} (known: {', '.join(SCHEMA_KINDS)})", field="kind")
    return load_schema(kind)


@router.get("/starters/{kind}", summary="A starter record that validates, to fill in", responses=error_responses(401, 404))
async def starter(kind: str):
    if kind not in KINDS:
        raise ApiError(404, f"no starter {kind!r} (known: {', '.join(KINDS)})", field="kind")
    text = resources.files("reportgen.starters").joinpath(f"{kind}.yaml").read_text(encoding="utf-8")
    return {"kind": kind, "yaml": text, "record": parse_record(text, f"{kind}.yaml", yaml_syntax=True)}


EXAMPLES = Path(shipped.folder("examples"))  # the bundled examples and gallery


def example_files() -> dict[str, Path]:
    """name → file of every bundled example record (top level and gallery/)."""
    if not EXAMPLES.is_dir():
        return {}
    found = sorted([*EXAMPLES.glob("*.json"), *EXAMPLES.glob("*.yaml"), *EXAMPLES.glob("gallery/*.json"), *EXAMPLES.glob("gallery/*.yaml")])
    return {p.relative_to(EXAMPLES).as_posix(): p for p in found if not p.name.startswith(("_", "."))}


def read_example(name: str) -> dict:
    path = example_files().get(name)
    if path is None:
        raise ApiError(404, f"no example {name!r}", field="name")
    return parse_record(path.read_text(encoding="utf-8"), name, yaml_syntax=path.suffix == ".yaml")


@router.get(
    "/examples",
    summary="The bundled examples and gallery records, to start from",
    responses={
        200: {
            "description": "name, kind and title of each",
            "content": {"application/json": {"schema": {"type": "array", "items": {"type": "object"}}}},
        },
        **error_responses(401),
    },
)
async def examples():
    out = []
    for name in example_files():
        data = read_example(name)
        out.append({"name": name, "kind": data.get("kind"), "title": data.get("title") or data.get("subject") or name})
    return out


@router.get("/examples/{name:path}", summary="One example record", responses=error_responses(401, 404))
async def example(name: str):
    data = read_example(name)
    return {"name": name, "record": data, "yaml": yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)}


@router.post(
    "/record",
    summary="A record as both JSON and YAML (the page's raw YAML view)",
    openapi_extra={"requestBody": RECORD_BODY},
    responses={
        200: {
            "description": "The record both ways",
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "required": ["record", "yaml"],
                        "properties": {"record": {"type": "object"}, "yaml": {"type": "string"}},
                    }
                }
            },
        },
        **error_responses(400, 401, 413, 415),
    },
)
async def record_forms(request: Request):
    data = await read_record(request)
    return {"record": data, "yaml": yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)}
