"""The pair service (Lesson 18): a second cluster and MirrorMaker 2 that copies into it.

The live test starts the service if it is not running (and stops it again afterwards), so
it needs Java 17+ and the lab's single broker at 127.0.0.1:9092.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import pytest
from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import KafkaAdminClient, NewTopic

from kafkalab import pair
from kafkalab.errors import LabError
from kafkalab.native import native_prerequisites
from kafkalab.pair import BACKUP_BOOTSTRAP, PRIMARY_BOOTSTRAP, PairService
from kafkalab.services import SERVICES, service


def test_registered_as_a_service() -> None:
    assert SERVICES["pair"] == "kafkalab.pair:PairService"
    svc = service("pair")
    assert svc.env()["KAFKA_BACKUP_BOOTSTRAP_SERVERS"] == "127.0.0.1:9292"


def test_mm2_config_replicates_only_the_lesson(tmp_path) -> None:
    props = PairService(tmp_path).mm2_properties()
    assert "primary->backup.topics=lesson18-.*" in props
    assert "primary->backup.groups=lesson18-.*" in props
    assert "sync.group.offsets.enabled=true" in props
    assert "backup->primary.emit.heartbeats.enabled=false" in props


def test_no_java_is_a_clear_error(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kafkalab.native.java_executable", lambda: None)
    with pytest.raises(LabError, match="needs Java 17"):
        PairService(tmp_path).start()


def test_a_taken_port_is_a_clear_error(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pair, "require_java", lambda what, command: "/usr/bin/java")
    monkeypatch.setattr(pair, "port_in_use", lambda host, port: port == pair.CONTROLLER_PORT)
    with pytest.raises(LabError, match="Port 9293 on 127.0.0.1 is taken"):
        PairService(tmp_path).start()


@pytest.fixture(scope="module")
def running() -> Iterator[PairService]:
    if not native_prerequisites()[0]:
        pytest.skip("the pair service runs natively: needs Java 17+")
    svc = PairService()
    was_running = svc.running()
    svc.start()
    try:
        yield svc
    finally:
        if not was_running:
            svc.stop()


def test_a_topic_is_copied_to_the_backup(running: PairService) -> None:
    topic = f"lesson18-test-{uuid.uuid4().hex[:8]}"
    admin = KafkaAdminClient(bootstrap_servers=PRIMARY_BOOTSTRAP)
    try:
        admin.create_topics([NewTopic(topic, 1, 1)])
        producer = KafkaProducer(bootstrap_servers=PRIMARY_BOOTSTRAP)
        for n in range(5):
            producer.send(topic, b"%d" % n)
        producer.flush()
        producer.close()
        tp = TopicPartition(f"primary.{topic}", 0)
        consumer = KafkaConsumer(bootstrap_servers=BACKUP_BOOTSTRAP)
        try:
            deadline, end = time.monotonic() + 60, 0
            while time.monotonic() < deadline and end < 5:
                try:
                    end = consumer.end_offsets([tp]).get(tp, 0)
                except Exception:
                    end = 0
                time.sleep(0.5)
        finally:
            consumer.close()
        assert end == 5, "MirrorMaker 2 copied the 5 records within 60 s"
    finally:
        admin.delete_topics([topic])
        admin.close()
