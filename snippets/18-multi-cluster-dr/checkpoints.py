"""MirrorMaker 2's checkpoints: the group's offset, translated for the backup cluster.

The checkpoint connector writes, to `primary.checkpoints.internal` on the backup
cluster, one record per group and partition: key (group, topic, partition), value
(upstream offset, downstream offset, metadata), in Kafka's own binary encoding. This
script decodes them as MirrorMaker 2's `RemoteClusterUtils.translateOffsets()` does,
waits (bounded) for the checkpoint of offset 60, then for the same offset committed
to the group on the backup cluster (sync.group.offsets.enabled=true), and compares
the two positions.
"""

from __future__ import annotations

import struct
import time

from clusters import BACKUP, GROUP, newest_orders_topic, remote
from kafka import KafkaConsumer, TopicPartition
from kafka.admin import KafkaAdminClient

CHECKPOINTS = "primary.checkpoints.internal"  # <source alias>.checkpoints.internal
UPSTREAM = 60  # what the group committed on the primary cluster
DEADLINE_S = 60


def read_string(buf: bytes, at: int) -> tuple[str, int]:
    """A Kafka protocol STRING: int16 length, then UTF-8 bytes."""
    (size,) = struct.unpack_from(">h", buf, at)
    return buf[at + 2 : at + 2 + size].decode(), at + 2 + size


def decode(key: bytes, value: bytes) -> tuple[str, str, int, int, int]:
    """(group, topic, partition, upstream offset, downstream offset) of a checkpoint."""
    group, at = read_string(key, 0)
    topic, at = read_string(key, at)
    (partition,) = struct.unpack_from(">i", key, at)
    version, upstream, downstream = struct.unpack_from(">hqq", value, 0)
    assert version == 0, f"unknown checkpoint version {version}"
    return group, topic, partition, upstream, downstream


def wait_for_checkpoint(topic: str) -> int:
    """The downstream offset of the checkpoint of (GROUP, topic, 0) at UPSTREAM."""
    consumer = KafkaConsumer(
        bootstrap_servers=BACKUP,
        client_id="lesson18-checkpoints",
        enable_auto_commit=False,
    )
    try:
        consumer.assign([TopicPartition(CHECKPOINTS, 0)])
        consumer.seek_to_beginning()
        deadline = time.monotonic() + DEADLINE_S
        while time.monotonic() < deadline:
            for records in consumer.poll(timeout_ms=500).values():
                for r in records:
                    group, t, p, up, down = decode(r.key, r.value)
                    if (group, t, p, up) == (GROUP, topic, 0, UPSTREAM):
                        return down
    finally:
        consumer.close()
    raise SystemExit(f"no checkpoint of {GROUP} at {UPSTREAM} within {DEADLINE_S} s")


def wait_for_synced_offset(topic: str, expected: int) -> int:
    """The group's committed offset on the backup cluster, once MM2 has synced it."""
    admin = KafkaAdminClient(bootstrap_servers=BACKUP, client_id="lesson18-admin")
    tp = TopicPartition(topic, 0)
    try:
        deadline = time.monotonic() + DEADLINE_S
        while time.monotonic() < deadline:
            offsets = admin.list_group_offsets({GROUP: [tp]}).get(GROUP, {})
            if tp in offsets and offsets[tp].offset == expected:
                return expected
            time.sleep(0.5)
    finally:
        admin.close()
    raise SystemExit(f"{GROUP} has no offset {expected} on backup after {DEADLINE_S} s")


def main() -> None:
    topic = remote(newest_orders_topic())
    # --8<-- [start:translate]
    downstream = wait_for_checkpoint(topic)
    synced = wait_for_synced_offset(topic, downstream)
    print(f"checkpoint: {GROUP} {topic}[0]")
    print(f"  upstream offset (committed on primary): {UPSTREAM}")
    print(f"  downstream offset (translated):         {downstream}")
    print(f"committed on backup for {GROUP}: {synced}")
    print(f"the translation is {UPSTREAM - downstream} records behind the group")
    assert downstream <= UPSTREAM, "a translated offset never runs ahead"
    # --8<-- [end:translate]


if __name__ == "__main__":
    main()
