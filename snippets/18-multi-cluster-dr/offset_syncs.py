"""Why the translation lags: the offset syncs MirrorMaker 2 wrote for this run's topic.

MirrorMaker 2 does not write down every upstream -> downstream pair. It writes an
offset sync for the first record it copies, then again when the last one is
`offset.lag.max` (default 100) records old, or when offsets jump. To translate a
group's offset it takes the newest sync at or below it, and adds 1 unless the group
sits exactly on it: the records between the sync and the group might not map one to
one, so it never guesses further. This script reads the syncs (`mm2-offset-
syncs.primary.internal`, on the backup cluster here: offset-
syncs.topic.location=target) and applies that rule to offset 60.
"""

from __future__ import annotations

import struct

from checkpoints import UPSTREAM, read_string, wait_for_checkpoint
from clusters import BACKUP, newest_orders_topic, remote
from kafka import KafkaConsumer, TopicPartition

SYNCS = "mm2-offset-syncs.primary.internal"


def offset_syncs(topic: str) -> list[tuple[int, int]]:
    """(upstream, downstream) pairs synced for partition 0 of `topic`, oldest first."""
    consumer = KafkaConsumer(bootstrap_servers=BACKUP, client_id="lesson18-syncs")
    tp = TopicPartition(SYNCS, 0)
    pairs = []
    try:
        consumer.assign([tp])
        consumer.seek_to_beginning()
        end = consumer.end_offsets([tp])[tp]
        while consumer.position(tp) < end:
            for records in consumer.poll(timeout_ms=1000).values():
                for r in records:
                    name, at = read_string(r.key, 0)  # key: topic, partition
                    (partition,) = struct.unpack_from(">i", r.key, at)
                    if (name, partition) == (topic, 0):
                        pairs.append(struct.unpack(">qq", r.value))  # up, down
    finally:
        consumer.close()
    return pairs


def main() -> None:
    topic = newest_orders_topic()
    below = [(up, down) for up, down in offset_syncs(topic) if up <= UPSTREAM]
    up, down = below[-1]
    rule = down if up == UPSTREAM else down + 1
    print(
        f"newest offset sync at or below {UPSTREAM}: upstream {up} -> downstream {down}"
    )
    print(f"rule: {down} + {rule - down} = {rule}")
    translated = wait_for_checkpoint(remote(topic))
    print(f"checkpoint's downstream offset: {translated}")
    assert translated == rule, "the checkpoint follows the rule"


if __name__ == "__main__":
    main()
