"""reportgen.external: a program past its time limit is stopped with its whole process group."""

from __future__ import annotations

import pytest

from reportgen.external import ToolTimeout, run


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_output_and_exit_code():
    done = run(["sh", "-c", "cat; echo err >&2; exit 3"], timeout=30, what="sh", input=b"in")
    assert (done.returncode, done.stdout, done.stderr) == (3, b"in", b"err\n")


def test_time_limit_kills_the_group(tmp_path):
    # A launcher whose child outlives it, like soffice → soffice.bin: both must go.
    pids = tmp_path / "pids"
    script = f"sleep 300 & echo $! > {pids}; echo $$ >> {pids}; wait"
    with pytest.raises(ToolTimeout, match=r"^the launcher took longer than 0.5 s and was stopped$"):
        run(["sh", "-c", script], timeout=0.5, what="the launcher")
    started = [int(x) for x in pids.read_text().split()]
    assert len(started) == 2 and not any(alive(pid) for pid in started)


def test_missing_program_is_an_oserror():
    with pytest.raises(OSError):
        run(["/nonexistent/tool"], timeout=5, what="x")
