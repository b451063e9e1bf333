"""`reportgen serve`: the HTTP API and the officers' web workspace, over the same library API as the
command line (pipeline, writers, notes, importer, batch's figure report) — never a second renderer.

Why FastAPI (on Starlette, served by uvicorn): the issue asks for an OpenAPI schema that other office
systems and schemathesis read; FastAPI derives it from the routes themselves, so the document and the
code cannot drift. Everything else is plain Starlette (middleware for limits, auth, CSP and metrics;
static files for the page), and the rendering runs in a thread pool because the writers are
synchronous, CPU-bound code.

    app.py        the application: settings → routes, middleware, static page
    api.py        stateless routes: validate, render, minutes, import, schemas, starters
    workspace.py  stored documents: versions, saves that regenerate, shared budgets, downloads
    engine.py     rendering off the event loop: time limit (503), PDF queue (429), one Renderer per thread
    bundle.py     a record and the files it may include or show, held in memory (never the server's files)
    store.py      the workspace database (SQLAlchemy: SQLite under --data, or PostgreSQL)
    metrics.py    Prometheus counters
    web/          the page: vanilla HTML/CSS/JS shipped in the package (no CDN, no external request)
"""
