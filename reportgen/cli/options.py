"""What the commands share: exit codes, option parsing, the organisation's settings, error printing."""

from __future__ import annotations

import click

from ..config import Config
from ..errors import InvalidRecord
from ..writers import WRITERS

EXIT_INVALID = 1


def config_from(allow_disclosure: tuple[str, ...], reporter_symbol: str = Config.reporter_symbol, final: bool = False) -> Config:
    return Config(extra_disclosures=tuple(allow_disclosure), reporter_symbol=reporter_symbol, final=final)


def report(exc: InvalidRecord) -> None:
    for problem in exc.problems:
        click.echo(str(problem), err=True)


def templates_from(values: tuple[str, ...], formats: tuple[str, ...]) -> dict[str, str]:
    chosen = {}
    for value in values:
        fmt, sep, path = value.partition("=")
        if not sep or not path:
            raise click.BadParameter(f"write --template as FORMAT=PATH, not {value!r}", param_hint="--template")
        if fmt not in formats:
            raise click.BadParameter(f"{fmt!r} is not one of the formats asked for ({', '.join(formats)})", param_hint="--template")
        chosen[fmt] = path
    return chosen


def formats_from(value: str) -> tuple[str, ...]:
    formats = tuple(dict.fromkeys(f.strip().lower() for f in value.split(",") if f.strip()))
    unknown = [f for f in formats if f not in WRITERS]
    if not formats or unknown:
        raise click.BadParameter(f"unknown format {', '.join(unknown) or value!r} (known: {', '.join(WRITERS)})")
    return formats


_allow = click.option(
    "--allow-disclosure", multiple=True, metavar="WORDING", help="Accept another 공개여부 wording, e.g. 대국민공개 (repeatable)."
)
_reporter = click.option(
    "--reporter-symbol",
    default=Config.reporter_symbol,
    show_default=True,
    metavar="MARK",
    help="The mark printed before the 보고자's 직위 (some offices use ◎).",
)


def options(command):
    """The organisation's settings every command that validates or renders takes."""
    return _allow(_reporter(command))


final_option = click.option(
    "--final",
    is_flag=True,
    help="The document goes out now: require 문서번호 and 결재일자 (a draft may leave them out).",
)
