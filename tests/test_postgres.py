"""The `postgres` service (kafkalab/postgres.py): it starts, answers a query, and stops; and
it says clearly what to do when PostgreSQL 15 is missing or its port is taken.

The live test uses the cluster under the lab home (started for it if it is not running, and
stopped again only then), on its own port 5432.
"""

from __future__ import annotations

import os
import socket
import subprocess

import pytest

from kafkalab import postgres as pg
from kafkalab.errors import LabError
from kafkalab.services import SERVICES, service


def test_it_is_registered_with_libpq_variables() -> None:
    assert SERVICES["postgres"] == "kafkalab.postgres:PostgresService"
    env = service("postgres").env()
    assert env["PGHOST"] == "127.0.0.1" and env["PGPORT"] == "5432"
    assert env["POSTGRES_DSN"] == "postgresql://kafkalab:kafkalab@127.0.0.1:5432/kafkalab"


def test_no_postgresql_is_a_clear_error(tmp_path) -> None:
    svc = pg.PostgresService(home=tmp_path, bin_dir=tmp_path / "no-such-bin")
    with pytest.raises(LabError, match="PostgreSQL 15 is not installed.*make install"):
        svc.start()
    assert not (tmp_path / "postgres" / "data").exists()


def test_a_taken_port_is_a_clear_error(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not pg.default_bin_dir().joinpath("postgres").is_file():
        pytest.skip("needs PostgreSQL 15 (make install)")
    with socket.socket() as squatter:  # something that is not our PostgreSQL holds the port
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        monkeypatch.setattr(pg, "PORT", port)
        with pytest.raises(LabError, match=f"Port {port} on 127.0.0.1 is taken"):
            pg.PostgresService(home=tmp_path).start()
    assert not (tmp_path / "postgres" / "data").exists()  # nothing was created


@pytest.mark.skipif(
    not pg.default_bin_dir().joinpath("postgres").is_file(),
    reason="needs PostgreSQL 15 (make install)",
)
def test_a_real_cluster_answers_a_query_as_the_lesson_user() -> None:
    svc = pg.PostgresService()
    already = svc.running()
    svc.start()
    try:
        assert svc.running()
        proc = subprocess.run(
            [str(svc.binary("psql")), "-XAtc",
             "SELECT current_setting('wal_level'), rolreplication FROM pg_roles "
             "WHERE rolname = current_user"],
            env={**os.environ, **svc.env()},
            capture_output=True,
            text=True,
            timeout=30,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.strip() == "logical|t"  # logical decoding, REPLICATION user
        assert svc.status_lines()[0].startswith("postgres: PostgreSQL 15, pid ")
    finally:
        if not already:
            svc.stop()
            assert not svc.running()
