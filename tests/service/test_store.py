"""The workspace store on a real PostgreSQL (a throwaway cluster this fixture starts on 127.0.0.1 and
stops at the end) and on SQLite: migrations, versions, optimistic locking, the whole API on top."""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from reportgen.service.app import create_app
from reportgen.service.settings import Settings
from reportgen.service.store import MIGRATIONS, Conflict, Exists, Store

from .conftest import free_port


def pg_bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


@pytest.fixture(scope="module")
def postgres_url():
    """A PostgreSQL cluster in a temporary folder (as the postgres user when the tests run as root:
    PostgreSQL refuses to run as root), trust authentication on 127.0.0.1 only."""
    initdb, pg_ctl = pg_bin("initdb"), pg_bin("pg_ctl")
    if not initdb or not pg_ctl:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is needed for the store tests: apt-get install postgresql (scripts/setup.sh)")
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql): the PostgreSQL store tests cannot run")
    as_user: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="reportgen-pg-"))
    if os.geteuid() == 0:
        runuser = shutil.which("runuser")
        if runuser is None:
            pytest.skip("running as root without runuser: PostgreSQL cannot be started as root")
        as_user = [runuser, "-u", "postgres", "--"]
        shutil.chown(folder, "postgres")
        folder.chmod(0o700)
    data, port = folder / "data", free_port()

    def run(*args, **kw):
        return subprocess.run([*as_user, *args], capture_output=True, text=True, timeout=120, **kw)

    done = run(initdb, "-D", str(data), "-U", "reportgen", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
    if done.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.skip(f"initdb could not make a cluster here: {done.stderr.strip()[-300:]}")
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    started = run(pg_ctl, "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "-t", "60", "start")
    try:
        if started.returncode != 0:
            pytest.skip(f"PostgreSQL did not start: {started.stderr.strip()[-300:]}")
        yield f"postgresql+psycopg2://reportgen@127.0.0.1:{port}/postgres"
    finally:
        run(pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'w.sqlite'}"
    else:
        url = request.getfixturevalue("postgres_url")
        wipe = Store(url)
        with wipe.engine.begin() as conn:
            for table in ("outputs", "builds", "versions", "items", "schema_version"):
                conn.exec_driver_sql(f"DROP TABLE IF EXISTS {table} CASCADE")
        wipe.close()
    s = Store(url)
    yield s
    s.close()


def test_migrations_run_once(store):
    assert store.migrate() == len(MIGRATIONS)
    assert store.migrate() == len(MIGRATIONS)  # again: nothing to do, nothing fails
    assert store.health()[0] is True


def test_versions_and_the_optimistic_lock(store):
    store.migrate()
    item = store.create("a.json", "record", b"{}", "박성춘")
    with pytest.raises(Exists):
        store.create("a.json", "record", b"{}", "누군가")
    assert store.save(item.id, 1, b'{"v": 2}', "이민채", "계 1 → 2") == 2
    with pytest.raises(Conflict) as lost:
        store.save(item.id, 1, b'{"v": 3}', "박성춘", "")
    assert lost.value.current == 2
    assert store.get(item.id).content == b'{"v": 2}'
    assert [(h["version"], h["author"], h["summary"]) for h in store.history(item.id)] == [
        (2, "이민채", "계 1 → 2"),
        (1, "박성춘", "created"),
    ]
    assert store.version(item.id, 1) == b"{}"


def test_builds_and_dependents(store):
    store.migrate()
    build = {"outputs": {"docx": b"PK"}, "figures": {"total": ["계", 1]}, "deps": ["_shared/b.json"], "warnings": []}
    item = store.create("a.json", "record", b"{}", "x", build)
    assert store.dependents("_shared/b.json") == [item.id]
    assert store.output(item.id, "docx") == (1, b"PK")
    assert store.build(item.id)["figures"] == {"total": ["계", 1]}


def test_the_whole_api_on_postgresql(postgres_url, plan):
    with TestClient(create_app(Settings(database_url=postgres_url))) as client:
        assert client.get("/health").json()["database"] == {"up": True, "state": "postgresql"}
        r = client.post("/api/workspace/items", json={"path": "pg/plan.json", "content": json.dumps(plan, ensure_ascii=False)})
        assert r.status_code == 201, r.text
        item = r.json()
        plan["title"] = "수정한 제목"
        assert client.put(f"/api/workspace/items/{item['id']}", json={"version": 1, "content": json.dumps(plan)}).status_code == 200
        assert client.put(f"/api/workspace/items/{item['id']}", json={"version": 1, "content": json.dumps(plan)}).status_code == 409
        docx = client.get(f"/api/workspace/items/{item['id']}/download?format=docx")
        assert docx.status_code == 200 and docx.content[:2] == b"PK"


def test_a_database_that_is_down_says_so(tmp_path):
    port = free_port()  # nothing listens there
    store = Store(f"postgresql+psycopg2://nobody@127.0.0.1:{port}/none")
    started = time.monotonic()
    up, state = store.health()
    assert up is False and "OperationalError" in state
    assert time.monotonic() - started < 60
