"""External programs (LibreOffice, pdftoppm, rsvg-convert, rhwp in a child process) always run under
a time limit. Each starts in a session of its own, so when the limit passes the whole process group
is killed — LibreOffice's `soffice` is a launcher whose `soffice.bin` child would otherwise live on —
and reaped, leaving no zombie. Long Unicode runs (tens of thousands of combining marks or ZWJ
emoji) keep LibreOffice and rhwp busy for minutes: a clear error beats a hung command."""

from __future__ import annotations

import os
import signal
import subprocess


class ToolTimeout(RuntimeError):
    """The program ran past its time limit and was stopped; the message says which and how long."""


def run(args: list[str], *, timeout: float, what: str, input: bytes | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """`args` run to completion with stdout and stderr captured (bytes), or ToolTimeout once
    `timeout` seconds have passed; the exit code is the caller's to judge."""
    proc = subprocess.Popen(
        args,
        stdin=subprocess.PIPE if input is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(input, timeout=timeout)
    except subprocess.TimeoutExpired:
        stop(proc)
        raise ToolTimeout(f"{what} took longer than {timeout:g} s and was stopped") from None
    except BaseException:  # Ctrl-C: take the program down with us
        stop(proc)
        raise
    return subprocess.CompletedProcess(args, proc.returncode, out, err)


def stop(proc: subprocess.Popen) -> None:
    """Kill `proc`'s process group (it was started with start_new_session) and reap it."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()
    for stream in (proc.stdin, proc.stdout, proc.stderr):
        if stream is not None and not stream.closed:
            stream.close()
