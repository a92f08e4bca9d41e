"""Write to a topic that does not exist, with automatic topic creation refused.

The lab broker has auto.create.topics.enable=true (the default), and that broker
setting is read-only at runtime: the broker refuses to change it without a restart
(checked here with validate_only, which changes nothing). A client can refuse
creation for itself: confluent-kafka's producer with allow.auto.create.topics=false
waits topic.metadata.propagation.max.ms for the topic, then fails the record.
"""

import os

from confluent_kafka import KafkaError, KafkaException, Message, Producer
from confluent_kafka.admin import (
    AdminClient,
    AlterConfigOpType,
    ConfigEntry,
    ConfigResource,
    ResourceType,
)

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
MISSING = "lesson11-no-such-topic"


def broker_refuses_dynamic_change(admin: AdminClient) -> str:
    """Ask the broker to validate auto.create.topics.enable=false; return its answer."""
    entry = ConfigEntry(
        "auto.create.topics.enable",
        "false",
        incremental_operation=AlterConfigOpType.SET,
    )
    resource = ConfigResource(ResourceType.BROKER, "1", incremental_configs=[entry])
    [future] = admin.incremental_alter_configs([resource], validate_only=True).values()
    try:
        future.result()
    except KafkaException as exc:
        return exc.args[0].str()
    raise AssertionError("the broker would change auto.create.topics.enable live")


def main() -> None:
    admin = AdminClient({"bootstrap.servers": BOOTSTRAP})
    print("broker:", broker_refuses_dynamic_change(admin))
    errors: list[KafkaError] = []

    def on_delivery(err: KafkaError | None, msg: Message) -> None:
        errors.append(err)

    # --8<-- [start:produce]
    producer = Producer(
        {
            "bootstrap.servers": BOOTSTRAP,
            "client.id": "lesson11-unknown-topic",
            "allow.auto.create.topics": False,  # the producer's default is true
            "topic.metadata.propagation.max.ms": 2000,  # default 30000
        }
    )
    producer.produce(MISSING, b"order", on_delivery=on_delivery)
    assert producer.flush(10) == 0, "the record is still queued after 10 s"
    [err] = errors
    print(f"delivery failed: {err.name()}, retriable={err.retriable()}")
    # --8<-- [end:produce]
    assert err.code() == KafkaError.UNKNOWN_TOPIC_OR_PART, err
    exists = MISSING in admin.list_topics(timeout=10).topics
    print(f"topic {MISSING} exists: {exists}")
    assert not exists, "the topic was created after all"


if __name__ == "__main__":
    main()
