"""Processes of the blocks: each in its own process group, output to files, always cleaned up.

Output goes to files, not pipes, so a block that leaves a process behind (`cmd &`) cannot keep
the runner waiting for an end-of-file that never comes; whatever the block leaves in its process
group is stopped when the block ends, and a block that times out loses its whole group.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

GRACE = (5.0, 3.0)  # seconds after SIGINT, then after SIGTERM, before SIGKILL


def _killpg(pgid: int, sig: int) -> bool:
    try:
        os.killpg(pgid, sig)
        return True
    except (ProcessLookupError, PermissionError):
        return False


def _group_alive(pgid: int) -> bool:
    return _killpg(pgid, 0)


def _wait_group(proc: subprocess.Popen, pgid: int, seconds: float) -> bool:
    """Wait until the leader has exited and the group is empty; True if it is."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        proc.poll()
        if proc.returncode is not None and not _group_alive(pgid):
            return True
        time.sleep(0.05)
    proc.poll()
    return proc.returncode is not None and not _group_alive(pgid)


def stop_group(proc: subprocess.Popen, first: int = signal.SIGINT) -> None:
    """Stop a process group like Ctrl-C: `first` (SIGINT), then SIGTERM, then SIGKILL; bounded."""
    pgid = proc.pid
    for sig, grace in ((first, GRACE[0]), (signal.SIGTERM, GRACE[1])):
        if not _killpg(pgid, sig):
            break
        if _wait_group(proc, pgid, grace):
            break
    _killpg(pgid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=5)


def reap_leftovers(proc: subprocess.Popen) -> bool:
    """After the leader exited: stop what the block left running in its group. True if any."""
    pgid = proc.pid
    if not _group_alive(pgid):
        return False
    _killpg(pgid, signal.SIGTERM)
    if not _wait_group(proc, pgid, GRACE[1]):
        _killpg(pgid, signal.SIGKILL)
    return True


@dataclass
class Result:
    returncode: int | None
    stdout: str
    stderr: str
    timed_out: bool = False
    leftovers: bool = False


class Output:
    """Files that collect a process's stdout and stderr (or both together)."""

    def __init__(self, merged: bool) -> None:
        self.dir = tempfile.mkdtemp(prefix="kafkalab-block-")
        self.merged = merged
        self.out_path = Path(self.dir, "stdout")
        self.err_path = self.out_path if merged else Path(self.dir, "stderr")
        self.out = open(self.out_path, "wb")  # noqa: SIM115 (closed in close())
        self.err = subprocess.STDOUT if merged else open(self.err_path, "wb")  # noqa: SIM115

    def read(self) -> tuple[str, str]:
        out = self.out_path.read_bytes().decode(errors="replace")
        err = "" if self.merged else self.err_path.read_bytes().decode(errors="replace")
        return out, err

    def close(self) -> None:
        self.out.close()
        if not self.merged:
            self.err.close()
        for p in {self.out_path, self.err_path}:
            with contextlib.suppress(OSError):
                p.unlink()
        with contextlib.suppress(OSError):
            os.rmdir(self.dir)


def _ctrl_c_reaches_it() -> None:
    """In the block's process, before it runs: SIGINT back to its default, as in a terminal.

    A suite started with SIGINT ignored (a background job of a non-interactive shell, or under
    nohup) would hand the ignore down to every block, and stopping a live step "like Ctrl-C"
    would skip the block's own Ctrl-C handling (the line it prints as it stops)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start(cmd: list[str], cwd: Path, env: dict[str, str], output: Output) -> subprocess.Popen:
    return subprocess.Popen(
        cmd,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=output.out,
        stderr=output.err,
        start_new_session=True,  # its own process group, which we can stop as a whole
        preexec_fn=_ctrl_c_reaches_it,
    )


def run(cmd: list[str], cwd: Path, env: dict[str, str], timeout: float, merged: bool) -> Result:
    """Run to completion; on timeout stop the whole group. Leftover processes are stopped."""
    output = Output(merged)
    try:
        proc = start(cmd, cwd, env, output)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            stop_group(proc, signal.SIGTERM)
            out, err = output.read()
            return Result(proc.returncode, out, err, timed_out=True)
        except BaseException:  # KeyboardInterrupt: leave nothing behind
            stop_group(proc, signal.SIGTERM)
            raise
        leftovers = reap_leftovers(proc)
        out, err = output.read()
        return Result(proc.returncode, out, err, leftovers=leftovers)
    finally:
        output.close()


@dataclass
class Background:
    """A block running in the background (a live step), until it is stopped."""

    name: str
    proc: subprocess.Popen
    output: Output
    started: float = field(default_factory=time.monotonic)
    exited_early: int | None = None  # exit status if it ended before it was stopped
    stopped: bool = False

    def text(self) -> str:
        out, err = self.output.read()
        return out + err

    def wait_for(self, needle: str, seconds: float) -> bool:
        """Wait (bounded) until `needle` shows in its output; False if it exits or time runs out."""
        deadline = time.monotonic() + seconds
        while True:
            if needle in self.text():
                return True
            if self.proc.poll() is not None:
                return needle in self.text()
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)

    def stop(self) -> tuple[str, str]:
        """Stop it like Ctrl-C (bounded); its stdout and stderr."""
        if not self.stopped:
            self.stopped = True
            code = self.proc.poll()
            if code is not None:
                self.exited_early = code
                reap_leftovers(self.proc)
            else:
                stop_group(self.proc, signal.SIGINT)
        out, err = self.output.read()
        return out, err

    def close(self) -> None:
        self.stop()
        self.output.close()
