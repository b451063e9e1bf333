"""`reportgen serve`: the HTTP API and the web workspace (reportgen/service), on uvicorn."""

from __future__ import annotations

import os

import click

from .options import Command, PathArg, _allow, _config, _reporter, echo


def loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command(cls=Command)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (another than loopback needs tokens).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Server processes.")
@click.option(
    "--data",
    "data_dir",
    default="reportgen-data",
    show_default=True,
    type=PathArg(file_okay=False),
    help="Folder of the SQLite workspace.",
)
@click.option("--database", "database_url", metavar="URL", help="A database URL instead, e.g. postgresql://user@host/db.")
@click.option(
    "--settings",
    "settings_file",
    type=PathArg(dir_okay=False, exists=True),
    help='TOML file: [tokens] who = "token", and limits.',
)
@click.option(
    "--cluster",
    envvar="REPORTGEN_CLUSTER",
    metavar="ADDRESS",
    help="Regenerate the records that use an edited shared file on a Dask cluster (tcp://HOST:PORT, or local:N).",
)
@_config
@_allow
@_reporter
def serve(host, port, workers, data_dir, database_url, settings_file, cluster, config_file, allow_disclosure, reporter_symbol):
    """Serve the HTTP API and the officers' web page (Korean) on HOST:PORT."""
    from pathlib import Path

    import uvicorn

    from ..service.settings import ENV, Settings, read_settings_file

    extra = {}
    if settings_file is not None:
        try:
            extra = read_settings_file(settings_file)
        except (ValueError, OSError) as exc:
            raise click.BadParameter(str(exc), param_hint="--settings") from None
    settings = Settings(
        data_dir=str(data_dir),
        database_url=database_url,
        allow_disclosure=tuple(allow_disclosure),
        reporter_symbol=reporter_symbol,
        config_file=str(config_file) if config_file else None,
        cluster=cluster,
        **extra,
    )
    if not settings.tokens and not loopback(host):
        raise click.UsageError(
            f"refusing to listen on {host} without authentication: give --settings with a [tokens] table, or listen on 127.0.0.1"
        )
    if settings.tokens:
        click.echo(
            f"reportgen serve: {len(settings.tokens)} API token(s) configured; requests need Authorization: Bearer <token>", err=True
        )
    else:
        click.echo("reportgen serve: no tokens configured, so listening on this machine only (loopback)", err=True)
    where = database_url.split("@")[-1] if database_url else str(Path(settings.database.removeprefix("sqlite:///")))
    echo(f"reportgen serve: workspace in {where}; page at http://{host}:{port}/ , API docs at /docs", err=True)
    try:
        _ = settings.config  # a broken organisation settings file: said now, not at the first request
    except Exception as exc:
        raise click.BadParameter(str(exc), param_hint="--config") from None
    os.environ[ENV] = settings.to_env()
    uvicorn.run(
        "reportgen.service.app:factory",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        timeout_graceful_shutdown=10,
        # Rendering threads hold the GIL for long stretches under load, so the event loop can see a
        # client's next request late; a short keep-alive then closes a connection that is in use.
        timeout_keep_alive=75,
    )
