"""The `secure` lab: one KRaft node with TLS, SCRAM users and ACLs (Lesson 14).

One combined broker+controller on loopback, with no anonymous client listener:

* ``SASL_PLAINTEXT`` on 127.0.0.1:9192 and ``SASL_SSL`` on 127.0.0.1:9193, both SCRAM-SHA-512;
* the controller listener ``CONTROLLER`` on 127.0.0.1:9194, PLAINTEXT (loopback only);
* ``StandardAuthorizer`` with ``super.users=User:admin;User:ANONYMOUS`` and
  ``allow.everyone.if.no.acl.found=false``.

At format time it makes, under ``$KAFKALAB_HOME/secure/``: a certificate authority and a broker
certificate with keytool (SAN ``localhost`` and ``127.0.0.1``), the CA as PEM for Python
clients (``ca.pem``), the SCRAM users ``admin`` and ``alice`` (``--add-scram``), and client
property files for the Kafka CLI tools (``admin.properties``, ``alice.properties``).
The passwords are lab-only and printed by ``kafkalab env --secure``.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kafkalab.errors import LabError
from kafkalab.native import NativeLab, Node, Topology, java_executable
from kafkalab.provision import keep_labs

SASL_PORT, SSL_PORT, CONTROLLER_PORT = 9192, 9193, 9194
SECURE = Topology("secure", (Node(1, SASL_PORT, CONTROLLER_PORT),), heap="384m", replication=1)

MECHANISM = "SCRAM-SHA-512"
# Lab-only credentials: the page prints them, nothing else uses them.
USERS = {"admin": "admin-secret", "alice": "alice-secret"}
STORE_PASSWORD = "kafkalab-store"  # the PKCS12 keystores' password (lab-only)
SCRAM_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule"
AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer"
SAN = "dns:localhost,ip:127.0.0.1"


class SecureLab(NativeLab):
    """The secure topology on this machine: certificates, users and config, then a KRaft node."""

    def __init__(self, home: Path | None = None) -> None:
        super().__init__(SECURE, home)

    # files a learner uses
    @property
    def ca_file(self) -> Path:
        return self.root / "ca.pem"

    @property
    def keystore(self) -> Path:
        return self.root / "broker.p12"

    def client_properties(self, user: str) -> Path:
        return self.root / f"{user}.properties"

    @property
    def sasl_bootstrap(self) -> str:
        return f"localhost:{SASL_PORT}"

    @property
    def ssl_bootstrap(self) -> str:
        return f"localhost:{SSL_PORT}"

    def env(self) -> dict[str, str]:
        """The environment variables the Lesson 14 snippets and shell blocks read."""
        return {
            "KAFKA_SECURE_BOOTSTRAP": self.sasl_bootstrap,
            "KAFKA_SECURE_SSL_BOOTSTRAP": self.ssl_bootstrap,
            "KAFKA_SECURE_CA_FILE": str(self.ca_file),
            "KAFKA_SECURE_ADMIN_CONFIG": str(self.client_properties("admin")),
            "KAFKA_SECURE_ALICE_CONFIG": str(self.client_properties("alice")),
            "KAFKA_ADMIN_PASSWORD": USERS["admin"],
            "KAFKA_ALICE_PASSWORD": USERS["alice"],
        }

    # config
    def properties(self, node: Node) -> str:
        jaas_admin = f'{SCRAM_MODULE} required username="admin" password="{USERS["admin"]}";'
        lines = [
            "# Written by kafkalab: the secure lab (SASL/SCRAM, TLS, ACLs) on loopback.",
            "process.roles=broker,controller",
            f"node.id={node.node_id}",
            f"controller.quorum.bootstrap.servers={node.controller}",
            f"listeners=SASL_PLAINTEXT://127.0.0.1:{SASL_PORT},"
            f"SASL_SSL://127.0.0.1:{SSL_PORT},CONTROLLER://{node.controller}",
            f"advertised.listeners=SASL_PLAINTEXT://127.0.0.1:{SASL_PORT},"
            f"SASL_SSL://localhost:{SSL_PORT},CONTROLLER://{node.controller}",
            "controller.listener.names=CONTROLLER",
            "listener.security.protocol.map="
            "SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT",
            "inter.broker.listener.name=SASL_PLAINTEXT",
            f"sasl.enabled.mechanisms={MECHANISM}",
            f"sasl.mechanism.inter.broker.protocol={MECHANISM}",
            # The broker logs in to its own inter-broker listener as admin; the SSL listener
            # only verifies clients, so its login module needs no credentials.
            f"listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config={jaas_admin}",
            f"listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config={SCRAM_MODULE} required;",
            "ssl.keystore.type=PKCS12",
            f"ssl.keystore.location={self.keystore}",
            f"ssl.keystore.password={STORE_PASSWORD}",
            f"authorizer.class.name={AUTHORIZER}",
            # ANONYMOUS: the broker registers with the controller over the PLAINTEXT controller
            # listener (loopback only). Production secures that listener and names the
            # broker's own principal instead.
            "super.users=User:admin;User:ANONYMOUS",
            "allow.everyone.if.no.acl.found=false",
            # Lab-only: quotas measured over 2 windows of 1 s (default 11), so that a quota
            # shows within seconds instead of after an 11-second allowance.
            "quota.window.num=2",
            f"log.dirs={self.node_dir(node) / 'data'}",
            "offsets.topic.replication.factor=1",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "share.coordinator.state.topic.replication.factor=1",
            "share.coordinator.state.topic.min.isr=1",
            "group.initial.rebalance.delay.ms=0",
        ]
        return "\n".join(lines) + "\n"

    def format(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        self.make_certificates()
        self.write_client_properties()
        super().format()

    def format_args(self, node: Node) -> list[str]:
        return [
            arg
            for name, password in USERS.items()
            for arg in ("--add-scram", f"{MECHANISM}=[name={name},password={password}]")
        ]

    def write_client_properties(self) -> None:
        for user, password in USERS.items():
            jaas = f'{SCRAM_MODULE} required username="{user}" password="{password}";'
            self.client_properties(user).write_text(
                f"# Written by kafkalab: the Kafka CLI tools log in as {user} (lab-only).\n"
                "security.protocol=SASL_PLAINTEXT\n"
                f"sasl.mechanism={MECHANISM}\n"
                f"sasl.jaas.config={jaas}\n"
            )

    def make_certificates(self) -> None:
        """A CA and a broker certificate signed by it (keytool, PKCS12), once."""
        if self.keystore.exists() and self.ca_file.exists():
            return
        java = java_executable()
        keytool = str(Path(java).parent / "keytool") if java else "keytool"
        for f in (self.root / "ca.p12", self.keystore, self.ca_file, *self.keytool_scratch()):
            f.unlink(missing_ok=True)
        steps = self.keytool_steps()
        for args in steps:
            try:
                proc = subprocess.run([keytool, *args], capture_output=True, text=True, timeout=60)
            except (OSError, subprocess.TimeoutExpired) as exc:
                raise LabError(f"keytool (from the JDK) could not run: {exc}") from exc
            if proc.returncode != 0:
                raise LabError(
                    f"keytool {args[0]} failed while making the secure lab's certificate:\n"
                    + proc.stdout
                    + proc.stderr
                )
        for f in self.keytool_scratch():
            f.unlink(missing_ok=True)

    def keytool_scratch(self) -> tuple[Path, Path]:
        """The signing request and signed certificate keytool_steps() leave behind."""
        return self.root / "broker.csr", self.root / "broker.crt"

    def keytool_steps(self) -> list[list[str]]:
        """The keytool commands (arguments after `keytool`) that make the CA (ca.p12, ca.pem)
        and the broker's keystore (broker.p12) under this lab's folder. docker-compose.yml's
        secure profile runs the same steps (kafkalab/compose_files.py writes them out)."""
        ca_store = self.root / "ca.p12"
        csr, crt = self.keytool_scratch()
        store = ["-storetype", "PKCS12", "-storepass", STORE_PASSWORD]
        ca = ["-keystore", str(ca_store), *store]
        broker = ["-keystore", str(self.keystore), *store]
        return [
            ["-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048",
             "-dname", "CN=kafkalab lab CA", "-ext", "bc:c", "-validity", "3650", *ca],
            ["-exportcert", "-rfc", "-alias", "ca", "-file", str(self.ca_file), *ca],
            ["-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048",
             "-dname", "CN=localhost", "-ext", f"SAN={SAN}", "-validity", "825", *broker],
            ["-certreq", "-alias", "broker", "-file", str(csr), *broker],
            ["-gencert", "-alias", "ca", "-infile", str(csr), "-outfile", str(crt), "-rfc",
             "-ext", f"SAN={SAN}", "-validity", "825", *ca],
            ["-importcert", "-noprompt", "-alias", "ca", "-file", str(self.ca_file), *broker],
            ["-importcert", "-noprompt", "-alias", "broker", "-file", str(crt), *broker],
        ]  # fmt: skip

    # readiness: the admin user logs in
    def cluster_state(self, bootstrap: str) -> tuple[str, set[int]]:
        from kafka.admin import KafkaAdminClient

        admin = KafkaAdminClient(
            bootstrap_servers=bootstrap,
            client_id="kafkalab",
            request_timeout_ms=3000,
            security_protocol="SASL_PLAINTEXT",
            sasl_mechanism=MECHANISM,
            sasl_plain_username="admin",
            sasl_plain_password=USERS["admin"],
        )
        try:
            cluster = admin.describe_cluster()
        finally:
            admin.close()
        return cluster["cluster_id"], {
            b["broker_id"] for b in cluster["brokers"] if not b.get("is_fenced")
        }

    def status_lines(self) -> list[str]:
        """What `kafkalab status` prints about this lab."""
        if not self.running_nodes():
            return ["secure: not running"]
        try:
            live = sorted(self.cluster_state(self.sasl_bootstrap)[1])
            answer = f"brokers answering: {live}"
        except Exception as exc:
            answer = f"not answering ({type(exc).__name__})"
        return [
            f"secure: nodes [1] running, {answer}; SASL_PLAINTEXT {self.sasl_bootstrap}, "
            f"SASL_SSL {self.ssl_bootstrap}",
            f"  CA file: {self.ca_file}",
            f"  CLI login files: {self.client_properties('admin')}, "
            f"{self.client_properties('alice')}",
            '  environment for Lesson 14: eval "$(kafkalab env --secure)"',
            f"  logs: {self.root}/node-*/logs/server.log",
        ]


@dataclass
class SecureBroker:
    """The running secure lab, as the test session uses it."""

    lab: SecureLab
    started_by_us: bool
    start_seconds: float


@contextmanager
def secure_broker() -> Iterator[SecureBroker]:
    """Provide the secure lab (native) for the duration of the block, starting it if needed.

    The lab's environment variables (``SecureLab.env``) are set for the duration, unless already
    set, so that pages and their snippets find the lab wherever ``KAFKALAB_HOME`` is.
    """
    lab = SecureLab()
    already = bool(lab.running_nodes())
    t0 = time.monotonic()
    lab.start()
    seconds = time.monotonic() - t0
    added = {k: v for k, v in lab.env().items() if k not in os.environ}
    os.environ.update(added)
    try:
        yield SecureBroker(lab, not already, seconds)
    finally:
        for k in added:
            os.environ.pop(k, None)
        if not already and not keep_labs():
            lab.stop()
