"""The `postgres` service: a PostgreSQL 15 cluster of the lab's own (Lesson 23, change data capture).

``kafkalab up --postgres`` runs Debian's PostgreSQL 15 binaries (``postgresql-15``, installed by
``make install``; ``/usr/lib/postgresql/15/bin``, or ``KAFKALAB_PG_BIN``) natively:

* a cluster of its own, made with ``initdb`` on first start, separate from Debian's ``main``
  cluster (which kafkalab never touches);
* ``wal_level=logical``, so that Debezium can read the changes through a replication slot;
* on 127.0.0.1:5432 only, with a small ``shared_buffers`` (32 MB);
* a database ``kafkalab`` owned by a user ``kafkalab`` (password ``kafkalab``) with the
  ``REPLICATION`` attribute, which a logical replication client such as Debezium needs.

PostgreSQL refuses to run as root. Run as root, kafkalab runs its binaries as the ``postgres``
OS user, and keeps the data directory where that user can reach it (root's home is private):
``~postgres/kafkalab/<id>/``, with a link to it at ``$KAFKALAB_HOME/postgres/data``. Run as any
other user, the data directory is ``$KAFKALAB_HOME/postgres/data`` itself. The server's log is
``$KAFKALAB_HOME/postgres/postgres.log``.

``env()`` gives libpq's own variables (PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD), which
``psql`` reads, and ``POSTGRES_DSN`` for a driver.
"""

from __future__ import annotations

import hashlib
import os
import pwd
import shutil
import signal
import subprocess
from pathlib import Path

from kafkalab.errors import LabError
from kafkalab.native import lab_home
from kafkalab.process import NativeProcess, port_in_use

MAJOR = "15"
HOST, PORT = "127.0.0.1", 5432
DATABASE = USER = PASSWORD = "kafkalab"
OS_USER = "postgres"  # who runs the binaries when kafkalab runs as root
SETTINGS = {
    "listen_addresses": f"'{HOST}'",
    "wal_level": "logical",  # logical decoding: what Debezium's slot needs
    "shared_buffers": "32MB",  # lab-only (default 128MB)
    "max_connections": "30",  # lab-only (default 100)
    "fsync": "off",  # lab-only: a crashed lab is re-created, never recovered
    "log_line_prefix": "'%m [%p] '",
    "logging_collector": "off",  # the log goes to stderr, which kafkalab appends to its file
}


def default_bin_dir() -> Path:
    return Path(os.environ.get("KAFKALAB_PG_BIN") or f"/usr/lib/postgresql/{MAJOR}/bin")


class PostgresService:
    """PostgreSQL 15 with logical decoding on 127.0.0.1:5432, run natively."""

    name = "postgres"
    help = f"PostgreSQL {MAJOR} with wal_level=logical on {HOST}:{PORT} (Lesson 23, CDC)"

    def __init__(self, home: Path | None = None, bin_dir: Path | None = None) -> None:
        self.root = (home or lab_home()) / "postgres"
        self.bin_dir = bin_dir or default_bin_dir()

    # ------------------------------------------------------------------ paths
    @property
    def as_root(self) -> bool:
        return os.geteuid() == 0

    @property
    def data_link(self) -> Path:
        return self.root / "data"

    @property
    def data_dir(self) -> Path:
        """Where the cluster's files are (see the module docstring)."""
        if not self.as_root:
            return self.data_link
        key = hashlib.sha1(str(self.root.resolve()).encode()).hexdigest()[:10]
        return Path(pwd.getpwnam(OS_USER).pw_dir) / "kafkalab" / key

    @property
    def socket_dir(self) -> Path:
        # Inside the data directory: only its owner can reach it, so local connections
        # (kafkalab's own administration) can be trusted.
        return self.data_dir / "run"

    @property
    def log_file(self) -> Path:
        return self.root / "postgres.log"

    @property
    def pid_file(self) -> Path:
        return self.data_dir / "postmaster.pid"  # written by PostgreSQL itself

    def binary(self, name: str) -> Path:
        return self.bin_dir / name

    # ------------------------------------------------------------------ running its binaries
    def _user_kwargs(self) -> dict:
        """Run as the `postgres` OS user when we are root (PostgreSQL refuses root)."""
        if not self.as_root:
            return {}
        try:
            pwd.getpwnam(OS_USER)
        except KeyError:
            raise LabError(
                f"PostgreSQL refuses to run as root, and there is no `{OS_USER}` OS user to "
                f"run it as. Installing the postgresql-{MAJOR} package creates it: run "
                f"`make install` (or `apt-get install postgresql-{MAJOR}`)."
            ) from None
        return {"user": OS_USER, "group": OS_USER, "extra_groups": []}

    def _run(self, args: list[str], what: str, timeout: float = 120) -> str:
        proc = subprocess.run(
            args,
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd="/",
            stdin=subprocess.DEVNULL,
            **self._user_kwargs(),
        )
        if proc.returncode != 0:
            raise LabError(f"{what} failed:\n{(proc.stdout + proc.stderr)[-3000:]}")
        return proc.stdout

    def psql(self, sql: str, database: str = "postgres") -> str:
        """Run SQL as the superuser over the private socket; its output, unaligned."""
        return self._run(
            [str(self.binary("psql")), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
             "-h", str(self.socket_dir), "-p", str(PORT), "-U", OS_USER, "-d", database,
             "-c", sql],
            f"psql ({sql.split()[0]} ...)",
            timeout=30,
        )  # fmt: skip

    # ------------------------------------------------------------------ the cluster
    def check_installed(self) -> None:
        if not self.binary("postgres").is_file():
            raise LabError(
                f"PostgreSQL {MAJOR} is not installed: there is no {self.binary('postgres')}. "
                f"Run `make install` (it installs it when missing), or "
                f"`apt-get install postgresql-{MAJOR}`, then `kafkalab up --postgres` again."
            )

    def initdb(self) -> None:
        """Create the cluster on first use: initdb, then the lab's settings."""
        if (self.data_dir / "PG_VERSION").exists():
            return
        self.root.mkdir(parents=True, exist_ok=True)
        data = self.data_dir
        shutil.rmtree(data, ignore_errors=True)  # a half-made one from an interrupted start
        data.parent.mkdir(parents=True, exist_ok=True)
        if self.as_root:
            shutil.chown(data.parent, OS_USER, OS_USER)
            if self.data_link.is_symlink() or self.data_link.exists():
                self.data_link.unlink()
            self.data_link.symlink_to(data)
        self._run(
            [str(self.binary("initdb")), "-D", str(data), "-U", OS_USER, "--auth-local=trust",
             "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
            "initdb",
        )  # fmt: skip
        conf = "\n".join(f"{k} = {v}" for k, v in SETTINGS.items())
        conf += f"\nport = {PORT}\nunix_socket_directories = '{self.socket_dir}'\n"
        with open(data / "postgresql.conf", "a") as f:  # the later setting wins
            f.write("\n# Added by kafkalab (kafkalab/postgres.py): the lab's settings.\n")
            f.write(conf)
        (data / "run").mkdir(exist_ok=True)
        if self.as_root:
            shutil.chown(data / "run", OS_USER, OS_USER)
        os.chmod(data / "run", 0o700)

    @property
    def process(self) -> NativeProcess:
        # postmaster.pid is PostgreSQL's own: the postmaster writes it and removes it.
        return NativeProcess("PostgreSQL", self.pid_file, "postgres", [self.log_file])

    def pid(self) -> int | None:
        """The postmaster's pid, if this lab's cluster runs."""
        return self.process.pid()

    def running(self) -> bool:
        return self.pid() is not None and port_in_use(HOST, PORT)

    def start(self, timeout: float = 60.0) -> None:
        if self.running():
            return
        self.check_installed()
        if self.pid() is None and port_in_use(HOST, PORT):
            raise LabError(
                f"Port {PORT} on {HOST} is taken by another program (another PostgreSQL? "
                f"Debian's own cluster: `pg_lsclusters`, `pg_ctlcluster {MAJOR} main stop`), "
                f"so the lab's PostgreSQL cannot listen there. Find it with "
                f"`ss -ltnp 'sport = :{PORT}'`, stop it, and run `kafkalab up --postgres` again."
            )
        self._user_kwargs()  # a clear error if there is no one to run it as
        self.initdb()
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        proc = self.process.spawn(
            [str(self.binary("postgres")), "-D", str(self.data_dir)],
            cwd="/",
            write_pid=False,
            **self._user_kwargs(),
        )
        self.process.wait_ready(
            lambda: port_in_use(HOST, PORT) and self._accepts(),
            timeout,
            f"{HOST}:{PORT}",
            proc,
        )
        self.provision()

    def _accepts(self) -> bool:
        proc = subprocess.run(
            [str(self.binary("pg_isready")), "-q", "-h", HOST, "-p", str(PORT)],
            capture_output=True,
            timeout=10,
        )
        return proc.returncode == 0

    def provision(self) -> None:
        """The lesson's user (LOGIN REPLICATION) and its database, once."""
        if not self.psql(f"SELECT 1 FROM pg_roles WHERE rolname = '{USER}'").strip():
            self.psql(f"CREATE ROLE {USER} LOGIN REPLICATION PASSWORD '{PASSWORD}'")
        if not self.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'").strip():
            self.psql(f"CREATE DATABASE {DATABASE} OWNER {USER}")

    def stop(self, timeout: float = 30.0) -> None:
        """A fast shutdown (SIGINT): open sessions, such as Debezium's replication
        connection, are closed instead of waited for."""
        if self.process.pid() is not None:
            self.process.stop(timeout, signal.SIGINT)

    def wipe(self) -> None:
        """Stop it and delete the cluster: the next start runs initdb again."""
        self.stop()
        shutil.rmtree(self.data_dir, ignore_errors=True)
        shutil.rmtree(self.root, ignore_errors=True)

    # ------------------------------------------------------------------ what it prints
    def summary_lines(self) -> list[str]:
        return [
            f"PostgreSQL {MAJOR} on {HOST}:{PORT} (wal_level=logical), database {DATABASE}, "
            f"user {USER} (REPLICATION), password {PASSWORD}",
            f"Data: {self.data_dir}; log: {self.log_file}",
            'Point psql at it: eval "$(kafkalab env --postgres)"; then `psql`',
        ]

    def status_lines(self) -> list[str]:
        return [
            f"postgres: PostgreSQL {MAJOR}, pid {self.pid() or '?'}, {HOST}:{PORT}, "
            f"database {DATABASE}",
            f"  log: {self.log_file}",
        ]

    def env(self) -> dict[str, str]:
        return {
            "PGHOST": HOST,
            "PGPORT": str(PORT),
            "PGDATABASE": DATABASE,
            "PGUSER": USER,
            "PGPASSWORD": PASSWORD,
            "POSTGRES_DSN": f"postgresql://{USER}:{PASSWORD}@{HOST}:{PORT}/{DATABASE}",
        }
