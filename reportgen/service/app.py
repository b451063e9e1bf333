"""The application: settings → the routes (api.py, workspace.py), the page (web/), and the
middleware every request passes: size limits (413), bearer tokens (401), CSP on every answer,
and the metrics."""

from __future__ import annotations

import hmac
import secrets
import time
from collections import OrderedDict
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import InvalidRecord, Problem
from .api import router as api_router
from .engine import Busy, Engine, TimedOut, Unavailable
from .errors import ApiError
from .metrics import CONTENT_TYPE, Metrics
from .settings import Settings

WEB = Path(__file__).resolve().parent / "web"
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; "
    "frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
# A preview is the HTML writer's page: inline styles and data: photos, never a script.
PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
UPLOAD_ROUTES = ("/api/import", "/api/workspace/photos")


class PreviewCache:
    """Rendered previews for a few minutes under an unguessable key, so the page's preview frame can
    load them by URL with the document's own CSP (the page's CSP allows no inline style)."""

    def __init__(self, size: int = 200, ttl_s: float = 600):
        self.size, self.ttl_s, self._items = size, ttl_s, OrderedDict()

    def put(self, html: bytes) -> str:
        key = secrets.token_urlsafe(18)
        self._items[key] = (time.monotonic(), html)
        while len(self._items) > self.size:
            self._items.popitem(last=False)
        return key

    def get(self, key: str) -> bytes | None:
        item = self._items.get(key)
        if item is None or time.monotonic() - item[0] > self.ttl_s:
            return None
        return item[1]


class LimitBody:
    """ASGI middleware: a body over the route's limit is refused (413) — by its Content-Length at
    once, or when it streams in without one; the body is read here (within the limit) and handed on."""

    def __init__(self, app, settings: Settings, metrics: Metrics | None = None):
        self.app, self.settings, self.metrics = app, settings, metrics

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = self.settings.max_upload_bytes if scope["path"].startswith(UPLOAD_ROUTES) else self.settings.max_body_bytes
        length = dict(scope["headers"]).get(b"content-length")
        refuse = JSONResponse(too_large(limit), status_code=413, headers={"Content-Security-Policy": PAGE_CSP})
        if length is not None and (not length.isdigit() or int(length) > limit):
            return await self._refuse(refuse, scope, receive, send)
        chunks, seen, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunks.append(message.get("body", b""))
            seen += len(chunks[-1])
            if seen > limit:
                return await self._refuse(refuse, scope, receive, send)
            more = message.get("more_body", False)
        body, replayed = b"".join(chunks), False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, response, scope, receive, send):
        if self.metrics is not None:
            self.metrics.failures.labels("413").inc()
        await response(scope, receive, send)


def too_large(limit: int) -> dict:
    return {"error": f"the request body is larger than the limit of {limit:,} bytes", "problems": []}


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app):
        yield
        app.state.engine.close()
        if app.state.cluster_builds is not None:
            app.state.cluster_builds.close()
        if getattr(app.state, "store", None) is not None:
            app.state.store.close()

    app = FastAPI(
        title="reportgen",
        version=reportgen_release(),
        description="Korean public-sector official documents (계획, 결과보고) from validated records.",
        docs_url=None,  # FastAPI's docs pages load scripts from a CDN; ours is in web/docs.html
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = Engine(settings)
    app.state.cluster_builds = None
    if settings.cluster:
        from .regenerate import ClusterBuilds  # dask is imported only by a service that uses it

        app.state.cluster_builds = ClusterBuilds(settings.cluster)
    app.state.metrics = metrics = Metrics()
    app.state.previews = PreviewCache()
    metrics.pdf_waiting.set_function(lambda: app.state.engine._pdf_waiting)
    from .workspace import attach as attach_workspace

    attach_workspace(app, settings)

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError):
        request.app.state.metrics.failures.labels(str(exc.status)).inc()
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return JSONResponse(exc.body(), status_code=exc.status, headers=headers)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        # Starlette's own answers (404, 405, an unparsable body) in our error shape
        response = await api_error(request, ApiError(exc.status_code, str(exc.detail)))
        if exc.status_code == 405:  # every method of the path, not only one route's
            methods = {
                m for r in request.app.routes if getattr(r, "methods", None) and r.path_regex.match(request.url.path) for m in r.methods
            }
            response.headers["Allow"] = ", ".join(sorted(methods))
        return response

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError):
        # FastAPI's checks of parameters and JSON bodies, in our error shape: a path and a message each
        problems = []
        for e in exc.errors():
            loc = [str(x) for x in e.get("loc", ()) if x not in ("body", "query", "path")]
            path = "$" + "".join(f".{x}" for x in loc)
            problems.append(Problem("request", path, e.get("msg", "invalid")))
        first = problems[0] if problems else Problem("request", "$", "invalid request")
        return await api_error(request, ApiError(422, f"invalid request: {first.path}: {first.message}", problems))

    @app.exception_handler(Busy)
    async def busy(request: Request, exc: Busy):
        return await api_error(request, ApiError(429, str(exc)))

    @app.exception_handler(TimedOut)
    async def timed_out(request: Request, exc: TimedOut):
        return await api_error(request, ApiError(503, str(exc)))

    @app.exception_handler(Unavailable)
    async def unavailable(request: Request, exc: Unavailable):
        return await api_error(request, ApiError(503, str(exc)))

    @app.exception_handler(InvalidRecord)
    async def invalid_record(request: Request, exc: InvalidRecord):
        from .errors import invalid

        return await api_error(request, invalid(exc.problems))

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception):  # a bug: said plainly, counted, never a traceback
        return await api_error(request, ApiError(500, f"cannot answer: {type(exc).__name__}: {exc}"))

    @app.middleware("http")
    async def guard(request: Request, call_next):
        started = time.perf_counter()
        path = request.url.path
        if settings.tokens and (path.startswith("/api/") or path == "/openapi.json"):
            user = token_user(request, settings)
            if user is None:
                response = await api_error(request, ApiError(401, "missing or wrong token: send Authorization: Bearer <token>"))
                return secured(response, path)
            request.state.user = user
        else:
            request.state.user = None
        response = await call_next(request)
        route = request.scope.get("route")
        name = getattr(route, "path", "other")
        metrics.requests.labels(request.method, name, str(response.status_code)).inc()
        metrics.duration.labels(name).observe(time.perf_counter() - started)
        return secured(response, path)

    app.include_router(api_router)

    @app.get("/health", summary="Whether the renderer, LibreOffice and the database are up")
    async def health(request: Request):
        engine = request.app.state.engine
        pdf_ok, pdf_state = engine.pdf_available()
        db_ok, db_state = request.app.state.store.health()
        return JSONResponse(
            {
                "status": "ok" if db_ok else "degraded",
                "renderer": "ok",
                "libreoffice": {"up": pdf_ok, "state": pdf_state},
                "database": {"up": db_ok, "state": db_state},
            },
            status_code=200 if db_ok else 503,
        )

    @app.get(
        "/metrics",
        summary="Prometheus metrics",
        response_class=Response,
        responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}}, "description": "Prometheus text"}},
    )
    async def prometheus(request: Request):
        return Response(request.app.state.metrics.text(), media_type=CONTENT_TYPE)

    @app.get("/preview/{key}", include_in_schema=False)
    async def preview_page(key: str, request: Request):
        html = request.app.state.previews.get(key)
        if html is None:
            return Response("<!DOCTYPE html><p>미리보기가 만료되었습니다.</p>", status_code=404, media_type="text/html; charset=utf-8")
        return Response(html, media_type="text/html; charset=utf-8")

    @app.get("/", include_in_schema=False)
    async def index():
        return FileResponse(WEB / "index.html", media_type="text/html; charset=utf-8")

    @app.get("/docs", include_in_schema=False)
    async def docs():
        return FileResponse(WEB / "docs.html", media_type="text/html; charset=utf-8")

    app.mount("/static", StaticFiles(directory=WEB), name="static")
    app.add_middleware(LimitBody, settings=settings, metrics=metrics)
    return app


def reportgen_release() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("reportgen")
    except PackageNotFoundError:
        return "unknown"


def token_user(request: Request, settings: Settings) -> str | None:
    """The name a bearer token belongs to, or None. Compared in constant time."""
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given:
        return None
    found = None
    for name, token in settings.tokens:
        if hmac.compare_digest(given.strip().encode(), token.encode()):
            found = name
    return found


def secured(response: Response, path: str) -> Response:
    response.headers["Content-Security-Policy"] = PREVIEW_CSP if path.startswith("/preview/") else PAGE_CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    if not path.startswith("/preview/"):
        response.headers["X-Frame-Options"] = "DENY"
    return response


def factory() -> FastAPI:
    """What each `serve --workers N` process builds, from the settings the command handed over."""
    return create_app(Settings.from_env())
