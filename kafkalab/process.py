"""The background processes the services run natively: pid file, log, start, readiness, stop.

A service (kafkalab/services.py) that runs a program of its own on this machine (a schema
registry, a Connect worker, MirrorMaker 2, PostgreSQL) describes it as a :class:`NativeProcess`:
where its pid file and logs are, and a word of its command line that identifies it (so a pid
file left behind by a reboot never names somebody else's process). The class does the rest the
same way for all of them: it starts the program in a session of its own with its output appended
to a log, waits until the service's own readiness check passes (and says so, with the log's last
lines, if the program exits first), and stops it with SIGTERM, then SIGKILL after a timeout.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from kafkalab.errors import LabError


def port_in_use(host: str, port: int) -> bool:
    """Whether something accepts TCP connections on host:port."""
    try:
        with socket.create_connection((host, port), timeout=1.0):
            return True
    except OSError:
        return False


def port_taken_error(what: str, host: str, port: int, command: str) -> LabError:
    """The one message for a port that another program holds."""
    return LabError(
        f"Port {port} on {host} is taken by another program, so {what} cannot listen there. "
        f"Find it with `ss -ltnp 'sport = :{port}'`, stop it, and run `{command}` again."
    )


def require_java(what: str, command: str, minimum: int = 17) -> str:
    """The `java` to run `what` with, or a LabError that says what to install."""
    from kafkalab.native import java_executable, java_major_version

    java = java_executable()
    if java is None:
        raise LabError(
            f"{what} needs Java {minimum} or newer, and no `java` was found on PATH "
            f"(nor JAVA_HOME). Install a JDK (e.g. `apt-get install openjdk-17-jdk`) and run "
            f"`{command}` again."
        )
    major = java_major_version(java)
    if major is None or major < minimum:
        raise LabError(
            f"{java} is Java {major}; {what} needs Java {minimum} or newer. Install one, or "
            "point JAVA_HOME at it."
        )
    return java


def tail(path: Path, n: int = 15) -> str:
    """The last n lines of a log, or '' when there is none."""
    if not path.exists():
        return ""
    return "\n".join(path.read_text(errors="replace").splitlines()[-n:]) + "\n"


def reap(pid: int) -> None:
    """Collect an exited child of ours, so it does not linger as a zombie."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


class NativeProcess:
    """One background program of a service, known by its pid file."""

    def __init__(self, what: str, pid_file: Path, marker: str, logs: Sequence[Path]) -> None:
        self.what = what  # "the schema registry": used in messages
        self.pid_file = pid_file
        self.marker = marker.encode()  # a word of its command line (its jar or main class)
        self.logs = list(logs)  # the first is where its output goes

    def pid(self) -> int | None:
        """Its pid, if the process the pid file names is alive and is this program."""
        try:
            pid = int(self.pid_file.read_text().split()[0])  # a postmaster.pid has more lines
            stat = Path(f"/proc/{pid}/stat").read_text()
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except (OSError, ValueError, IndexError):
            return None
        if stat.rsplit(")", 1)[-1].split()[0] in ("Z", "X"):
            return None
        return pid if not cmdline or self.marker in cmdline else None

    def spawn(
        self,
        cmd: Sequence[str],
        cwd: Path | str | None = None,
        env: dict[str, str] | None = None,
        write_pid: bool = True,
        **popen: object,
    ) -> subprocess.Popen:
        """Start it in a session of its own (a Ctrl-C in the terminal does not reach it),
        its output appended to the first log, and write the pid file (unless the program
        writes its own: `write_pid=False`). `popen`: more Popen arguments (user, group)."""
        self.pid_file.parent.mkdir(parents=True, exist_ok=True)
        self.logs[0].parent.mkdir(parents=True, exist_ok=True)
        with open(self.logs[0], "ab") as out:
            proc = subprocess.Popen(
                list(cmd),
                cwd=cwd,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                **popen,  # type: ignore[arg-type]
            )
        if write_pid:
            self.pid_file.write_text(str(proc.pid))
        return proc

    def died_message(self) -> str:
        last = "".join(tail(log) for log in self.logs)
        return (
            f"{self.what[0].upper()}{self.what[1:]} exited during start-up. Its log is "
            f"{self.logs[-1]}; the last lines:\n{last}"
        )

    def wait_ready(
        self,
        ready: Callable[[], bool],
        timeout: float,
        where: str,
        proc: subprocess.Popen | None = None,
    ) -> None:
        """Until `ready()` is true; a LabError with the log's last lines if the program
        exits first, or (after stopping it) if the timeout passes. `proc`: the program just
        spawned, for one that writes its pid file itself (a moment after it starts)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if (proc.poll() is not None) if proc is not None else (self.pid() is None):
                message = self.died_message()
                self.pid_file.unlink(missing_ok=True)
                raise LabError(message)
            if ready():
                return
            time.sleep(0.25)
        self.stop()
        raise LabError(
            f"{self.what[0].upper()}{self.what[1:]} was not ready within {timeout:.0f} s "
            f"({where}); it was stopped. Its log: {self.logs[-1]}"
        )

    def stop(self, timeout: float = 20.0, sig: signal.Signals = signal.SIGTERM) -> None:
        """`sig` (SIGTERM), then SIGKILL if it is still there after `timeout` seconds."""
        pid = self.pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            return
        os.kill(pid, sig)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.pid() is not None:
            reap(pid)
            time.sleep(0.2)
        if self.pid() is not None:
            os.kill(pid, signal.SIGKILL)
            time.sleep(0.5)
            reap(pid)
        self.pid_file.unlink(missing_ok=True)
