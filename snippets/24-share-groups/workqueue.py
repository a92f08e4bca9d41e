"""A fresh work queue: a one-partition topic and a share group configured to read it.

`make_queue` deletes the share group and the topic if they exist, creates the topic
again with one partition, and sets the group's configuration on the broker. Every
share group of this lesson reads from the earliest offset, so a worker that joins
after the jobs were written still gets them. Run it as a script to create the queue
of Step 2 and print the group's configuration as the broker reports it.
"""

from __future__ import annotations

import os
import time

from confluent_kafka import KafkaError, KafkaException
from confluent_kafka.admin import (
    AdminClient,
    AlterConfigOpType,
    ConfigEntry,
    ConfigResource,
    NewTopic,
    ResourceType,
)

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")


def delete_group(admin: AdminClient, group: str) -> None:
    """Delete a group of any type (DeleteGroups), if it exists and has no members."""
    deadline = time.monotonic() + 30
    while True:
        try:
            admin.delete_consumer_groups([group])[group].result()
            return
        except KafkaException as exc:
            error: KafkaError = exc.args[0]
            if error.code() == KafkaError.GROUP_ID_NOT_FOUND:
                return
            if error.code() == KafkaError.NON_EMPTY_GROUP:
                raise SystemExit(
                    f"share group {group} still has members: stop the workers that "
                    "use it (or wait 45 s for the broker to drop a killed one)"
                ) from exc
            if not error.retriable() or time.monotonic() > deadline:
                raise
            time.sleep(0.5)  # e.g. NOT_COORDINATOR while a broker starts


def recreate_topic(admin: AdminClient, topic: str) -> None:
    """Delete `topic` if it exists, then create it empty: 1 partition, RF 1."""
    if topic in admin.list_topics(timeout=10).topics:
        admin.delete_topics([topic])[topic].result()
    deadline = time.monotonic() + 30
    while True:  # deletion is asynchronous: retry the create until it works
        try:
            admin.create_topics([NewTopic(topic, 1, 1)])[topic].result()
            return
        except KafkaException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


# --8<-- [start:configs]
def configure_group(admin: AdminClient, group: str, configs: dict[str, str]) -> None:
    """Set configs on a group: a ConfigResource of type GROUP, like a topic's."""
    entries = [
        ConfigEntry(name, value, incremental_operation=AlterConfigOpType.SET)
        for name, value in configs.items()
    ]
    resource = ConfigResource(ResourceType.GROUP, group, incremental_configs=entries)
    for future in admin.incremental_alter_configs([resource]).values():
        future.result()  # raises KafkaException (INVALID_CONFIG, ...) if refused


def make_queue(topic: str, group: str, **configs: str) -> None:
    """A fresh one-partition topic, and a share group that starts at its beginning."""
    admin = AdminClient({"bootstrap.servers": BOOTSTRAP})
    delete_group(admin, group)
    recreate_topic(admin, topic)
    configure_group(admin, group, {"share.auto.offset.reset": "earliest"} | configs)


# --8<-- [end:configs]


def group_configs(group: str) -> dict[str, str]:
    """The group's configs that differ from the broker's defaults."""
    admin = AdminClient({"bootstrap.servers": BOOTSTRAP})
    resource = ConfigResource(ResourceType.GROUP, group)
    entries = admin.describe_configs([resource])[resource].result()
    return {name: e.value for name, e in sorted(entries.items()) if not e.is_default}


if __name__ == "__main__":
    make_queue("lesson24-jobs", "lesson24-workers")
    print("topic lesson24-jobs: 1 partition")
    for name, value in group_configs("lesson24-workers").items():
        print(f"group lesson24-workers: {name}={value}")
