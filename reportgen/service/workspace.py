"""The workspace: records, shared budgets (paths under a folder or file starting with _, as in
batch) and photos, stored in the database with every version. Saving a record regenerates its
documents in the same transaction; saving a shared file regenerates every record that read it and
reports the figures that changed with batch's own report (`계 130,000 → 131,200`). A save names the
version it edited: when someone saved meanwhile it is refused with 409 and the current version."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated
from urllib.parse import unquote

import yaml
from fastapi import File, Form, Query, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from ..batch import describe_changes, figure_changes
from ..errors import InvalidRecord, Problem
from ..images import image_kind
from ..records import RECORD_SUFFIXES, parse_record
from .api import MEDIA, file_stem, files_response, parse_formats
from .bundle import outside, prepare_bundle, references, safe_path, target
from .errors import ApiError, error_responses, invalid, malformed
from .settings import Settings
from .store import Conflict, Exists, Store

ItemId = Annotated[int, PathParam(ge=1, le=2**31 - 1, description="The item's number")]
SAVED_FORMATS = ("docx", "hwpx", "html")  # made on every save; hwp and pdf on first download
PHOTO_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".bmp")
ITEM = {
    "type": "object",
    "required": ["id", "path", "kind", "version", "author", "updated_at"],
    "properties": {
        "id": {"type": "integer"},
        "path": {"type": "string"},
        "kind": {"type": "string"},
        "version": {"type": "integer"},
        "author": {"type": "string"},
        "updated_at": {"type": "string"},
        "title": {"type": ["string", "null"]},
    },
}


class NewItem(BaseModel):
    path: str = Field(description="Workspace path: plans/2026/x.yaml, _shared/budget.json (shared: under a _ name)", max_length=400)
    content: str = Field(description="The file's text (JSON or YAML by the path's suffix)")


class FromExample(BaseModel):
    name: str = Field(description="An example's name from GET /api/examples", max_length=200)
    path: str = Field(description="Where to keep it in the workspace", max_length=400)


class SaveItem(BaseModel):
    version: int = Field(description="The version this edit started from (409 when someone saved since)")
    content: str


def kind_of(path: str) -> str:
    if path.lower().endswith(PHOTO_SUFFIXES):
        return "photo"
    return "shared" if any(part.startswith("_") for part in path.split("/")) else "record"


def author(request: Request) -> str:
    """Who saves: the token's owner when tokens are configured, else the name the page sends
    (percent-encoded UTF-8, as headers carry only ASCII)."""
    if request.state.user:
        return request.state.user
    given = re.sub(r"[\x00-\x1f\x7f]", "", unquote(request.headers.get("x-reportgen-user", ""))).strip()
    return given[:100] or "익명"


def parse(path: str, content: bytes) -> dict:
    """A stored record file's data; InvalidRecord when it is not JSON/YAML of a mapping."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidRecord([Problem(path, "$", f"not UTF-8 text (byte {exc.start})")]) from None
    return parse_record(text, path, yaml_syntax=path.lower().endswith((".yaml", ".yml")))


def gather(store: Store, path: str, content: bytes) -> dict[str, bytes]:
    """The record and every workspace file it reaches through includes and photos."""
    files, todo = {path: content}, [path]
    while todo:
        origin = todo.pop()
        if not origin.lower().endswith(RECORD_SUFFIXES):
            continue
        try:
            data = parse(origin, files[origin])
        except InvalidRecord:
            continue  # prepare reports it, with its line
        wanted = {target(origin, t) for _, _, t in references(data, origin)} - {None} - set(files)
        found = store.files(wanted)
        files.update(found)
        todo.extend(found)
    return files


def build(app, path: str, content: bytes) -> dict:
    """In a pool thread: the record's documents and what the next change report needs."""
    store, engine = app.state.store, app.state.engine
    files = gather(store, path, content)
    prepared = prepare_bundle(files, path, engine.settings.config)
    outs = engine.write(prepared.document, SAVED_FORMATS)
    deps = sorted(set(prepared.sources) - {path})  # includes and photos, a missing photo too
    for fmt in outs:
        app.state.metrics.documents.labels(fmt).inc()
    return {
        "outputs": outs,
        "figures": {k: list(v) for k, v in prepared.document.figures.items()},
        "deps": deps,
        "warnings": list(prepared.document.warnings),
    }


def build_on_cluster(app, items) -> dict[str, dict]:
    """In a pool thread: the builds of several records by the cluster's workers, from one bundle of
    the workspace files they reach."""
    files = {}
    for item in items:
        files.update(gather(app.state.store, item.path, item.content))
    builds = app.state.cluster_builds.build_many(files, [item.path for item in items], SAVED_FORMATS, app.state.engine.settings.config)
    for made in builds.values():
        for fmt in made.get("outputs", {}):
            app.state.metrics.documents.labels(fmt).inc()
    return builds


def checked(request: Request, path: str, content: bytes) -> None:
    """Syntax (400), then paths that leave the workspace (422), before anything is rendered; the
    pipeline then validates the record with its includes resolved."""
    try:
        data = parse(path, content)
    except InvalidRecord as exc:
        raise malformed(exc) from None
    if kind_of(path) == "record":
        problems = outside(data, path)
        if problems:
            raise invalid(problems)


async def render_build(request: Request, path: str, content: bytes) -> dict:
    try:
        return await request.app.state.engine.run(build, request.app, path, content)
    except InvalidRecord as exc:
        raise invalid(exc.problems) from None


def item_json(item, build=None) -> dict:
    out = {
        "id": item.id,
        "path": item.path,
        "kind": item.kind,
        "version": item.version,
        "author": item.author,
        "updated_at": item.updated_at,
    }
    if item.kind != "photo":
        out["content"] = item.content.decode("utf-8", "replace")
    if build is not None:
        out["build"] = {k: build[k] for k in ("version", "warnings", "formats", "deps")}
        out["build"]["figures"] = build["figures"]
    return out


def title_of(item) -> str | None:
    if item.kind != "record":
        return None
    try:
        data = parse(item.path, item.content)
    except InvalidRecord:
        return None
    return data.get("title") if isinstance(data.get("title"), str) else None


def attach(app, settings: Settings) -> None:
    """The workspace routes on `app`, and its store (migrated at start)."""
    store = Store(settings.database)
    if store.url.startswith("sqlite:///"):
        Path(store.url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    store.migrate()
    app.state.store = store
    both = error_responses(400, 401, 404, 409, 413, 415, 422, 429, 503)

    @app.get(
        "/api/workspace",
        summary="Every item of the workspace",
        tags=["workspace"],
        responses={
            200: {"description": "The items", "content": {"application/json": {"schema": {"type": "array", "items": ITEM}}}},
            **error_responses(401),
        },
    )
    async def listing():
        found = await run_in_threadpool(store.list)
        return [{**{k: v for k, v in item_json(i).items() if k != "content"}, "title": title_of(i)} for i in found]

    @app.post(
        "/api/workspace/items",
        status_code=201,
        summary="Add a record or a shared file (its documents are made at once)",
        tags=["workspace"],
        responses={201: {"description": "Created", "content": {"application/json": {"schema": ITEM}}}, **both},
    )
    async def create(request: Request, body: NewItem):
        path = safe_path(body.path)
        if path is None or not path.lower().endswith(RECORD_SUFFIXES):
            raise ApiError(
                400,
                f"{body.path!r} is not a workspace path of a .json, .yaml or .yml file (letters, digits, - _ . and /; no ..)",
                field="path",
            )
        content = body.content.encode("utf-8")
        checked(request, path, content)
        made = await render_build(request, path, content) if kind_of(path) == "record" else None
        try:
            item = await run_in_threadpool(store.create, path, kind_of(path), content, author(request), made)
        except Exists:
            raise ApiError(409, f"{path} already exists in the workspace", field="path") from None
        return JSONResponse(item_json(item, await run_in_threadpool(store.build, item.id)), status_code=201)

    @app.post(
        "/api/workspace/from-example",
        status_code=201,
        summary="Add a copy of a bundled example (with the photos it shows)",
        tags=["workspace"],
        responses={201: {"description": "Created", "content": {"application/json": {"schema": ITEM}}}, **both},
    )
    async def from_example(request: Request, body: FromExample):
        from ..sources import FolderResolver, Refused
        from .api import EXAMPLES, read_example

        path = safe_path(body.path)
        if path is None or not path.lower().endswith(RECORD_SUFFIXES) or kind_of(path) != "record":
            raise ApiError(400, f"{body.path!r} is not a workspace path of a record (.json, .yaml or .yml; no ..)", field="path")
        data = read_example(body.name)
        resolver = FolderResolver(EXAMPLES)  # the examples folder, confined as the command line is
        for _, kind, ref in references(data, body.name):
            name = target(path, ref)
            if kind != "image" or name is None:
                continue
            try:
                photo = resolver.read(resolver.name_of(ref, body.name))
            except Refused:
                continue  # a missing example photo prints a placeholder, as on the command line
            if await run_in_threadpool(store.get, None, name) is None:
                await run_in_threadpool(store.create, name, "photo", photo, author(request), None)
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)
        return await create(request, NewItem(path=path, content=text))

    @app.post(
        "/api/workspace/preview",
        summary="Check an unsaved edit with the workspace's files (includes, photos) and preview it",
        tags=["workspace"],
        responses={
            200: {
                "description": "It renders: where its preview is",
                "content": {"application/json": {"schema": {"type": "object", "required": ["url"]}}},
            },
            **both,
        },
    )
    async def preview_edit(request: Request, body: NewItem):
        path = safe_path(body.path)
        if path is None or kind_of(path) != "record":
            raise ApiError(400, f"{body.path!r} is not a workspace path of a record", field="path")
        content = body.content.encode("utf-8")
        checked(request, path, content)
        files = await run_in_threadpool(gather, store, path, content)

        def make():
            prepared = prepare_bundle(files, path, request.app.state.settings.config)
            return prepared, request.app.state.engine.write(prepared.document, ("html",))["html"]

        try:
            prepared, html = await request.app.state.engine.run(make)
        except InvalidRecord as exc:
            raise invalid(exc.problems) from None
        figures = {k: {"label": v[0], "value": v[1]} for k, v in prepared.document.figures.items()}
        return {"url": f"/preview/{request.app.state.previews.put(html)}", "warnings": prepared.document.warnings, "figures": figures}

    async def existing(item_id: int):
        item = await run_in_threadpool(store.get, item_id)
        if item is None:
            raise ApiError(404, f"no workspace item {item_id}", field="id")
        return item

    @app.get(
        "/api/workspace/items/{item_id}",
        summary="An item: its current content and documents",
        tags=["workspace"],
        responses={200: {"description": "The item", "content": {"application/json": {"schema": ITEM}}}, **error_responses(401, 404)},
    )
    async def read(item_id: ItemId):
        item = await existing(item_id)
        return item_json(item, await run_in_threadpool(store.build, item.id))

    @app.put(
        "/api/workspace/items/{item_id}",
        summary="Save a new version; regenerates the documents (and, for a shared file, every record that reads it)",
        tags=["workspace"],
        responses={
            200: {"description": "Saved", "content": {"application/json": {"schema": {"type": "object", "required": ["version"]}}}},
            **both,
        },
    )
    async def save(request: Request, item_id: ItemId, body: SaveItem):
        item = await existing(item_id)
        if body.version != item.version:
            raise conflict(item.version)
        if item.kind == "photo":
            raise ApiError(415, f"{item.path} is a photo: upload a new one to /api/workspace/photos", field="content")
        content = body.content.encode("utf-8")
        checked(request, item.path, content)
        old = await run_in_threadpool(store.build, item.id)
        made = await render_build(request, item.path, content) if item.kind == "record" else None
        summary = describe_changes(figure_changes(old["figures"], made["figures"])) if old and made else ""
        try:
            version = await run_in_threadpool(store.save, item.id, body.version, content, author(request), summary or "saved", made)
        except Conflict as exc:
            raise conflict(exc.current) from None
        rebuilt = await rebuild_dependents(request, item.path) if item.kind != "record" else []
        if rebuilt:
            note = "; ".join(f"{r['path']}: {r['changes']}" for r in rebuilt if r["changes"])
            await run_in_threadpool(store.note, item.id, version, note or "saved (no figure changed)")
        return {"version": version, "changes": summary, "rebuilt": rebuilt}

    async def rebuild_dependents(request: Request, path: str) -> list[dict]:
        """Every record that includes or shows `path`, rebuilt, with batch's figure-change report;
        on the service's Dask cluster when it has one (issue 12), else in the render threads."""
        items = [await run_in_threadpool(store.get, dep_id) for dep_id in await run_in_threadpool(store.dependents, path)]
        olds = {item.id: await run_in_threadpool(store.build, item.id) for item in items}
        builds = request.app.state.cluster_builds
        if builds is not None and items:
            made_by = await run_in_threadpool(build_on_cluster, request.app, items)
        report = []
        for item in items:
            if builds is not None:
                made = made_by[item.path]
            else:
                try:
                    made = await request.app.state.engine.run(build, request.app, item.path, item.content)
                except InvalidRecord as exc:
                    made = {"problems": [str(p) for p in exc.problems]}
            if "problems" in made:
                report.append({"path": item.path, "status": "failed", "changes": "", "problems": made["problems"]})
                continue
            old = olds[item.id]
            changes = describe_changes(figure_changes(old["figures"] if old else {}, made["figures"]))
            await run_in_threadpool(store.rebuilt, item.id, item.version, made)
            report.append({"path": item.path, "status": "rebuilt", "changes": changes, "problems": []})
        return report

    @app.get(
        "/api/workspace/items/{item_id}/history",
        summary="Every version: who, when, which figures changed",
        tags=["workspace"],
        responses=error_responses(401, 404),
    )
    async def history(item_id: ItemId):
        await existing(item_id)
        return await run_in_threadpool(store.history, item_id)

    @app.get(
        "/api/workspace/items/{item_id}/versions/{number}",
        summary="The content of one version",
        tags=["workspace"],
        response_class=Response,
        responses={
            200: {"description": "The file as saved", "content": {"text/plain": {"schema": {"type": "string"}}}},
            **error_responses(401, 404),
        },
    )
    async def old_version(item_id: ItemId, number: Annotated[int, PathParam(ge=1, le=2**31 - 1)]):
        item = await existing(item_id)
        data = await run_in_threadpool(store.version, item_id, number)
        if data is None:
            raise ApiError(404, f"{item.path} has no version {number}", field="number")
        media = "application/octet-stream" if item.kind == "photo" else "text/plain; charset=utf-8"
        return Response(data, media_type=media)

    @app.get(
        "/api/workspace/items/{item_id}/download",
        summary="A document of the record's current version",
        tags=["workspace"],
        response_class=Response,
        responses={
            200: {
                "description": "The document",
                "content": {m.split(";")[0]: {"schema": {"type": "string", "format": "binary"}} for m in MEDIA.values()},
            },
            **error_responses(400, 401, 404, 422, 429, 503),
        },
    )
    async def download(request: Request, item_id: ItemId, format: str = Query("docx", description="docx, hwpx, hwp, pdf or html")):
        (fmt,) = parse_formats(format)[:1]
        item = await existing(item_id)
        if item.kind != "record":
            raise ApiError(404, f"{item.path} is not a record: it has no documents", field="id")
        stored = await run_in_threadpool(store.output, item.id, fmt)
        data = parse(item.path, item.content)
        if stored is None or stored[0] != item.version:
            files = await run_in_threadpool(gather, store, item.path, item.content)

            def make():
                prepared = prepare_bundle(files, item.path, request.app.state.settings.config)
                return request.app.state.engine.write(prepared.document, (fmt,))[fmt]

            try:
                made = await request.app.state.engine.run(make, pdf=fmt == "pdf")
            except InvalidRecord as exc:
                raise invalid(exc.problems) from None
            request.app.state.metrics.documents.labels(fmt).inc()
            await run_in_threadpool(store.put_output, item.id, item.version, fmt, made)
            stored = (item.version, made)
        return files_response({fmt: stored[1]}, file_stem(data), [])

    @app.post(
        "/api/workspace/photos",
        status_code=201,
        summary="Upload a photo a record can show ({image: photos/x.jpg})",
        tags=["workspace"],
        responses={201: {"description": "Stored", "content": {"application/json": {"schema": ITEM}}}, **both},
    )
    async def photo(request: Request, file: UploadFile = File(...), folder: str = Form("photos")):
        name = Path(file.filename or "").name
        path = safe_path(f"{folder.strip('/')}/{name}") if name else None
        if path is None or not path.lower().endswith(PHOTO_SUFFIXES):
            raise ApiError(
                415, f"{file.filename or 'the upload'}: upload a .png, .jpg, .gif or .bmp photo with a plain file name", field="file"
            )
        data = await file.read()
        if image_kind(data) is None:
            raise ApiError(415, f"{name}: the content is not a PNG, JPEG, GIF or BMP image", field="file")
        try:
            item = await run_in_threadpool(store.create, path, "photo", data, author(request), None)
        except Exists:
            current = await run_in_threadpool(store.get, None, path)
            await run_in_threadpool(store.save, current.id, current.version, data, author(request), "photo replaced", None)
            item = await run_in_threadpool(store.get, current.id)
            await rebuild_dependents(request, path)
        return JSONResponse(item_json(item), status_code=201)


def conflict(current: int) -> ApiError:
    return ApiError(
        409,
        f"someone saved this meanwhile: the current version is {current}; reload it and apply your change again",
        current_version=current,
    )
