"""The configuration files of docker-compose.yml's service profiles, written by the modules
that configure the same things natively.

    python -m kafkalab.compose_files            rewrite docker/compose/ (after changing a module)
    python -m kafkalab.compose_files --check    exit 1 if a file there differs

Each file is what the native module writes (kafkalab/secure.py, connect.py, pair.py), with only
the addresses a container needs changed: listeners on every interface of the container (its
published ports are on 127.0.0.1 only), the compose broker at ``kafka:9095`` (its DOCKER
listener) instead of 127.0.0.1:9092, and paths inside the container. tests/test_docker.py
checks that the committed files are exactly what this writes, so the two never drift apart.

Inside the containers docker/compose/ is mounted read-only at /etc/kafkalab/compose.
"""

from __future__ import annotations

import shlex
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docker" / "compose"
MOUNT = "/etc/kafkalab/compose"  # where docker-compose.yml mounts docker/compose/
SECURE_DIR = "/etc/kafkalab/secure"  # the learner's $KAFKALAB_HOME/secure, mounted
PRIMARY = "kafka:9095"  # the compose broker's DOCKER listener
BACKUP = "backup:9295"  # the compose backup broker's DOCKER listener
HEADER = "# Written by `python -m kafkalab.compose_files` from {module}: do not edit.\n"


def override(text: str, values: dict[str, str]) -> str:
    """`text` (a properties file) with the values of the given keys replaced; each key must be
    there already, so a renamed setting in the module fails here instead of going unnoticed."""
    out, seen = [], set()
    for line in text.splitlines():
        key = line.split("=", 1)[0]
        if not line.startswith("#") and key in values:
            line = f"{key}={values[key]}"
            seen.add(key)
        out.append(line)
    missing = set(values) - seen
    if missing:
        raise KeyError(f"not in the module's properties: {sorted(missing)}")
    return "\n".join(out) + "\n"


def secure_files() -> dict[str, str]:
    from kafkalab.secure import CONTROLLER_PORT, SASL_PORT, SSL_PORT, SecureLab

    # A lab whose folder is the container's mount: its paths are the container's paths.
    lab = SecureLab(Path(SECURE_DIR).parent)
    assert str(lab.root) == SECURE_DIR
    node = lab.topology.nodes[0]
    server = override(
        lab.properties(node),
        {
            # the container's every interface: Docker publishes the ports on 127.0.0.1 only
            "listeners": f"SASL_PLAINTEXT://:{SASL_PORT},SASL_SSL://:{SSL_PORT},"
            f"CONTROLLER://:{CONTROLLER_PORT}",
            "log.dirs": "/var/lib/kafka/data",
        },
    )
    # a single controller: formatted --standalone, as NativeLab.format does
    format_args = shlex.join(["--standalone", *lab.format_args(node)])
    start = (
        "#!/bin/sh\n" + HEADER.format(module="kafkalab/secure.py") + "# The secure broker: "
        "format its storage with the SCRAM users on the first start, then run it.\n"
        "set -euf\n"
        f"conf={MOUNT}/secure/server.properties\n"
        f'[ -s {SECURE_DIR}/broker.p12 ] || {{ echo "no {SECURE_DIR}/broker.p12: the '
        'secure-init service makes it (docker compose --profile secure up -d)" >&2; exit 1; }\n'
        '/opt/kafka/bin/kafka-storage.sh format --ignore-formatted --cluster-id="$CLUSTER_ID" '
        f'-c "$conf" \\\n  {format_args}\n'
        'exec /opt/kafka/bin/kafka-server-start.sh "$conf"\n'
    )
    steps = "\n".join(f"  keytool {shlex.join(args)}" for args in lab.keytool_steps())
    made = " ".join(shlex.quote(str(f)) for f in lab.keytool_scratch())
    init = (
        "#!/bin/sh\n" + HEADER.format(module="kafkalab/secure.py") + "# The secure lab's files "
        f"in {SECURE_DIR} (the host's $KAFKALAB_HOME/secure): the CA and the broker's\n"
        "# keystore, made once with the same keytool steps as the native lab, and the CLI login "
        "files.\n"
        "set -euf\n"
        'PATH="$PATH:$(dirname "$(readlink -f "$(command -v java)")")"  # keytool beside java\n'
        f"dir={SECURE_DIR}\n"
        'if [ ! -s "$dir/broker.p12" ] || [ ! -s "$dir/ca.pem" ]; then\n'
        '  rm -f "$dir/ca.p12" "$dir/broker.p12" "$dir/ca.pem"\n'
        f"{steps}\n"
        f"  rm -f {made}\n"
        '  echo "secure-init: made a CA and the broker\'s certificate in $dir"\n'
        "fi\n"
        f'cp {MOUNT}/secure/admin.properties {MOUNT}/secure/alice.properties "$dir/"\n'
        "# The files belong to whoever owns the folder on the host; the broker (uid 1000) "
        "reads them.\n"
        'cd "$dir"\n'
        'chown "$(stat -c %u:%g .)" ca.p12 ca.pem broker.p12 admin.properties alice.properties\n'
        "chmod 0644 ca.p12 ca.pem broker.p12 admin.properties alice.properties\n"
    )
    files = {
        "secure/server.properties": HEADER.format(module="kafkalab/secure.py") + server,
        "secure/start.sh": start,
        "secure/init.sh": init,
    }
    with tempfile.TemporaryDirectory() as tmp:
        native = SecureLab(Path(tmp))
        native.root.mkdir(parents=True)
        native.write_client_properties()
        for user in ("admin", "alice"):
            files[f"secure/{user}.properties"] = native.client_properties(user).read_text()
    return files


def connect_files() -> dict[str, str]:
    from kafkalab.connect import PORT, ConnectService

    worker = ConnectService(Path("/nonexistent"))
    text = override(
        worker.properties(),
        {
            "bootstrap.servers": PRIMARY,
            "listeners": f"http://:{PORT}",
            "rest.advertised.host.name": "connect",
            # the course's image keeps the plugin in its own folder; with apache/kafka (the
            # jar in libs/, off the classpath) docker-compose.yml names that jar instead
            "plugin.path": "/opt/kafka/plugins/connect-file",
        },
    )
    return {"connect.properties": HEADER.format(module="kafkalab/connect.py") + text}


def pair_files() -> dict[str, str]:
    from kafkalab.pair import PairService

    text = override(
        PairService.mm2_properties(None),  # type: ignore[arg-type]  # uses no instance state
        {"primary.bootstrap.servers": PRIMARY, "backup.bootstrap.servers": BACKUP},
    )
    return {"mm2.properties": HEADER.format(module="kafkalab/pair.py") + text}


def render() -> dict[str, str]:
    """Every file of docker/compose/, by its path there."""
    return {**secure_files(), **connect_files(), **pair_files()}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    files = render()
    if "--check" in argv:
        stale = [
            n for n, t in files.items() if not (OUT / n).is_file() or (OUT / n).read_text() != t
        ]
        for name in stale:
            print(f"docker/compose/{name} is stale: run python -m kafkalab.compose_files")
        return 1 if stale else 0
    for name, text in files.items():
        path = OUT / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        if name.endswith(".sh"):
            path.chmod(0o755)
        print(f"wrote docker/compose/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
