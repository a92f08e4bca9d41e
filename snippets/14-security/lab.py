"""Where the secured lab is and how to log in to it: the settings every snippet shares.

Each value comes from an environment variable (`kafkalab env --secure` prints them all),
with the course lab's default. The passwords are lab-only: never put a real password in
source code; read it from the environment or a secret store.
"""

from __future__ import annotations

import os
from typing import Any

# SASL_PLAINTEXT listener: SCRAM login, no encryption (loopback only).
BOOTSTRAP = os.environ.get("KAFKA_SECURE_BOOTSTRAP", "localhost:9192")
# SASL_SSL listener: the same login, inside TLS.
SSL_BOOTSTRAP = os.environ.get("KAFKA_SECURE_SSL_BOOTSTRAP", "localhost:9193")
CA_FILE = os.environ.get(
    "KAFKA_SECURE_CA_FILE", os.path.expanduser("~/.kafkalab/secure/ca.pem")
)
PASSWORDS = {
    "admin": os.environ.get("KAFKA_ADMIN_PASSWORD", "admin-secret"),
    "alice": os.environ.get("KAFKA_ALICE_PASSWORD", "alice-secret"),
}


def login(user: str, password: str | None = None, tls: bool = False) -> dict[str, Any]:
    """kafka-python settings that log in as `user` with SCRAM-SHA-512."""
    settings: dict[str, Any] = {
        "bootstrap_servers": SSL_BOOTSTRAP if tls else BOOTSTRAP,
        "security_protocol": "SASL_SSL" if tls else "SASL_PLAINTEXT",
        "sasl_mechanism": "SCRAM-SHA-512",
        "sasl_plain_username": user,
        "sasl_plain_password": PASSWORDS[user] if password is None else password,
    }
    if tls:
        settings["ssl_cafile"] = CA_FILE  # trust the lab's own certificate authority
    return settings
