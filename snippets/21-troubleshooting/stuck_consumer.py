"""A consumer whose batch takes longer than max.poll.interval.ms never makes progress.

Each record takes 0.8 s to handle. With `max_poll_records=10`, one batch takes 8 s,
but the consumer allows only 3 s between two polls (`max_poll_interval_ms=3000`). Its
background thread leaves the group in the middle of every batch, the commit fails, and
the next poll() joins again and gets the same records: a rebalance every cycle, and no
progress.

Run it with `--max-poll-records 2` (1.6 s per batch), or with a longer
`--max-poll-interval-ms`, to see the fix. It stops by itself
when every record is committed, or after `--seconds`, or on Ctrl-C.
"""

from __future__ import annotations

import argparse
import time

from common import BOOTSTRAP, fresh_topic
from kafka import (
    ConsumerRebalanceListener,
    KafkaConsumer,
    KafkaProducer,
    TopicPartition,
)
from kafka.errors import CommitFailedError

TOPIC = "lesson21-jobs"
GROUP = "lesson21-slow"
RECORDS = 12
SECONDS_PER_RECORD = 0.8


class CountJoins(ConsumerRebalanceListener):
    """Counts how often this consumer is given its partitions (one per rebalance)."""

    def __init__(self) -> None:
        self.joins = 0

    def on_partitions_revoked(self, revoked: set[TopicPartition]) -> None:
        pass

    def on_partitions_assigned(self, assigned: set[TopicPartition]) -> None:
        self.joins += 1
        print(f"joined the group (join {self.joins})", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-poll-records", type=int, default=10)
    parser.add_argument("--max-poll-interval-ms", type=int, default=3000)
    parser.add_argument("--seconds", type=float, default=90)
    args = parser.parse_args()

    fresh_topic(TOPIC, partitions=1, replicas=3, groups=(GROUP,))
    with KafkaProducer(bootstrap_servers=BOOTSTRAP) as producer:
        for i in range(RECORDS):
            producer.send(TOPIC, f"job {i}".encode())

    listener = CountJoins()
    consumer = KafkaConsumer(
        bootstrap_servers=BOOTSTRAP,
        group_id=GROUP,
        client_id="lesson21-worker",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        # --8<-- [start:config]
        max_poll_interval_ms=args.max_poll_interval_ms,  # default 300000 (5 min)
        max_poll_records=args.max_poll_records,  # default 500
        session_timeout_ms=6000,
        heartbeat_interval_ms=1000,
        # --8<-- [end:config]
    )
    tp = TopicPartition(TOPIC, 0)
    handled = failed_commits = 0
    deadline = time.monotonic() + args.seconds
    try:
        consumer.subscribe([TOPIC], listener=listener)
        while time.monotonic() < deadline:
            batch = consumer.poll(timeout_ms=500)
            records = [r for rs in batch.values() for r in rs]
            if not records:
                if consumer.committed(tp) == RECORDS:
                    break
                continue
            started = time.monotonic()
            for _ in records:
                time.sleep(SECONDS_PER_RECORD)  # the slow handler
            handled += len(records)
            took = time.monotonic() - started
            first, last = records[0].offset, records[-1].offset
            try:
                consumer.commit()
                print(f"handled offsets {first}-{last} in {took:.1f} s, committed")
            except CommitFailedError:
                failed_commits += 1
                print(
                    f"handled offsets {first}-{last} in {took:.1f} s, commit failed:"
                    " CommitFailedError"
                )
    except KeyboardInterrupt:
        pass
    finally:
        committed = consumer.committed(tp)
        consumer.close()
    print(
        f"records handled {handled}, failed commits {failed_commits},"
        f" committed offset {committed} of {RECORDS} (joins: {listener.joins})"
    )


if __name__ == "__main__":
    main()
