"""The secure lab (Lesson 14): it starts, refuses strangers, and lets its admin in.

Runs against the native secure lab (started for this module if it is not running, stopped
again afterwards), on its own ports 9192-9194.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from kafka import KafkaProducer
from kafka.admin import KafkaAdminClient
from kafka.errors import KafkaTimeoutError, TopicAuthorizationFailedError

from kafkalab.native import native_prerequisites
from kafkalab.secure import SECURE, USERS, SecureLab, secure_broker

pytestmark = pytest.mark.skipif(
    not native_prerequisites()[0], reason="the secure lab runs natively: needs Java 17+"
)


def login(user: str, password: str, tls: bool = False) -> dict:
    settings = {
        "bootstrap_servers": "localhost:9193" if tls else "localhost:9192",
        "security_protocol": "SASL_SSL" if tls else "SASL_PLAINTEXT",
        "sasl_mechanism": "SCRAM-SHA-512",
        "sasl_plain_username": user,
        "sasl_plain_password": password,
    }
    if tls:
        settings["ssl_cafile"] = str(SecureLab().ca_file)
    return settings


@pytest.fixture(scope="module")
def lab() -> Iterator[SecureLab]:
    with secure_broker() as sb:
        yield sb.lab


def test_config_is_secured() -> None:
    props = SecureLab().properties(SECURE.nodes[0])
    assert "PLAINTEXT://" not in props.replace("SASL_PLAINTEXT://", "").replace("CONTROLLER://", "")
    assert "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer" in props
    assert "super.users=User:admin;User:ANONYMOUS" in props
    assert "allow.everyone.if.no.acl.found=false" in props


def test_files_for_learners(lab: SecureLab) -> None:
    assert lab.ca_file.read_text().startswith("-----BEGIN CERTIFICATE-----")
    for user in USERS:
        assert "SCRAM-SHA-512" in lab.client_properties(user).read_text()


@pytest.mark.parametrize("tls", [False, True], ids=["sasl_plaintext", "sasl_ssl"])
def test_admin_logs_in(lab: SecureLab, tls: bool) -> None:
    admin = KafkaAdminClient(**login("admin", USERS["admin"], tls))
    try:
        assert [b["broker_id"] for b in admin.describe_cluster()["brokers"]] == [1]
    finally:
        admin.close()


def test_anonymous_client_is_refused(lab: SecureLab) -> None:
    with pytest.raises(KafkaTimeoutError):
        KafkaAdminClient(bootstrap_servers="localhost:9192", bootstrap_timeout_ms=2000)


def test_wrong_password_is_refused(lab: SecureLab) -> None:
    with pytest.raises(KafkaTimeoutError):
        KafkaAdminClient(**login("alice", "wrong"), bootstrap_timeout_ms=2000)


def test_client_without_ca_is_refused(lab: SecureLab) -> None:
    settings = login("admin", USERS["admin"], tls=True)
    del settings["ssl_cafile"]
    with pytest.raises(KafkaTimeoutError):
        KafkaAdminClient(**settings, bootstrap_timeout_ms=2000)


def test_user_without_acl_is_denied(lab: SecureLab) -> None:
    producer = KafkaProducer(**login("alice", USERS["alice"]), max_block_ms=10_000)
    try:
        with pytest.raises(TopicAuthorizationFailedError):
            producer.send("lesson14-no-acl-here", b"x").get(timeout=15)
    finally:
        producer.close(timeout=5)
