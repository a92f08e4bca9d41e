"""A real TLS handshake with the broker's SASL_SSL listener, with and without the CA.

First with Python's own `ssl` module, to see the certificate the broker presents; then
with kafka-python: trusting the lab's CA (`ssl_cafile`) works, and a client that does
not trust it is rejected before it can send a single Kafka request.
"""

from __future__ import annotations

import logging
import socket
import ssl
import textwrap

from kafka.admin import KafkaAdminClient
from kafka.errors import KafkaTimeoutError
from lab import CA_FILE, SSL_BOOTSTRAP, login

HOST, PORT = SSL_BOOTSTRAP.split(",")[0].rsplit(":", 1)


def show_certificate() -> None:
    # --8<-- [start:handshake]
    context = ssl.create_default_context(cafile=CA_FILE)  # verify chain and host name
    with socket.create_connection((HOST, int(PORT)), timeout=5) as raw:
        with context.wrap_socket(raw, server_hostname=HOST) as tls:
            cert = tls.getpeercert()
            print(f"TLS version: {tls.version()}")
    # --8<-- [end:handshake]
    subject = dict(pair[0] for pair in cert["subject"])
    issuer = dict(pair[0] for pair in cert["issuer"])
    print(f"certificate for: CN={subject['commonName']}")
    print(f"alternative names: {[value for _, value in cert['subjectAltName']]}")
    print(f"issued by: CN={issuer['commonName']}")


class Remember(logging.Handler):
    """Keeps the client's error log lines: they carry the real cause."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def main() -> None:
    show_certificate()
    admin = KafkaAdminClient(**login("admin", tls=True))
    try:
        print(
            f"with ssl_cafile: connected, {len(admin.list_topics())} topic(s) visible"
        )
    finally:
        admin.close()

    errors = Remember()
    logging.getLogger("kafka").addHandler(errors)
    no_ca = login("admin", tls=True)
    del no_ca["ssl_cafile"]  # trust only the system's CAs, as a default client does
    try:
        KafkaAdminClient(**no_ca, bootstrap_timeout_ms=3000).close()
        raise SystemExit("the broker's certificate was accepted without the lab's CA")
    except KafkaTimeoutError as exc:
        print(f"without ssl_cafile: {exc}")
    cause = next(m for m in errors.messages if "CERTIFICATE_VERIFY_FAILED" in m)
    cause = cause[cause.index("[SSL") :].split(" (_ssl")[0]
    print(textwrap.fill(f"  cause: {cause}", 80, subsequent_indent="    "))


if __name__ == "__main__":
    main()
