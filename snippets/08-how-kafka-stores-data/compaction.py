"""Watch the log cleaner compact a topic: the latest value per key stays, tombstones go.

`lesson08-customers` is compacted (`cleanup.policy=compact`). Its segments roll after
one second (`segment.ms`), because the cleaner never touches the active segment. The
script writes three customers' emails, changes some, deletes one with a tombstone (a
record whose value is null), then reads the whole topic every 2 seconds (for at most 90
seconds) and prints it each time it changes, until the cleaner has both removed the old
values and, after `delete.retention.ms`, the tombstone.
"""

import os
import time

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import TopicAlreadyExistsError, UnknownTopicOrPartitionError

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson08-customers"
TIMEOUT_S = 90.0

Record = tuple[int, str, str | None]  # (offset, key, value)


def recreate(admin: KafkaAdminClient, topic: NewTopic) -> None:
    """Delete the topic if an earlier run left it, then create it (retrying while the
    deletion completes: it is asynchronous)."""
    try:
        admin.delete_topics([topic.name])
    except UnknownTopicOrPartitionError:
        pass
    deadline = time.monotonic() + 30
    while True:
        try:
            admin.create_topics([topic])
            break
        except TopicAlreadyExistsError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    admin.wait_for_topics([topic.name])


def read_all() -> list[Record]:
    """Every record the partition holds now, from its start to its end."""
    tp = TopicPartition(TOPIC, 0)
    consumer = KafkaConsumer(bootstrap_servers=BOOTSTRAP, client_id="lesson08-reader")
    try:
        consumer.assign([tp])
        consumer.seek_to_beginning(tp)
        end = consumer.end_offsets([tp])[tp]
        records: list[Record] = []
        deadline = time.monotonic() + 10
        while consumer.position(tp) < end and time.monotonic() < deadline:
            for batch in consumer.poll(timeout_ms=500).values():
                for r in batch:
                    value = None if r.value is None else r.value.decode()
                    records.append((r.offset, r.key.decode(), value))
        return records
    finally:
        consumer.close()


def show(label: str, records: list[Record]) -> None:
    print(label)
    for offset, key, value in records:
        shown = value if value is not None else "null (tombstone)"
        print(f"  {offset}  {key:<6} {shown}")


def wait_until(done, seen: list[Record], start: float) -> list[Record]:
    """Read the topic every 2 s, print it when it changes, until done(records)."""
    while not done(seen):
        if time.monotonic() - start > TIMEOUT_S:
            raise SystemExit(f"the cleaner did not get there in {TIMEOUT_S:.0f} s")
        time.sleep(2)
        now = read_all()
        if now != seen:
            show(f"after {time.monotonic() - start:.0f} s:", now)
            seen = now
    return seen


def main() -> None:
    # --8<-- [start:topic]
    configs = {
        "cleanup.policy": "compact",
        "segment.ms": "1000",  # roll after 1 s: only closed segments get cleaned
        "min.cleanable.dirty.ratio": "0.01",  # clean as soon as anything is dirty
        "min.compaction.lag.ms": "0",  # a record may be compacted right away
        "delete.retention.ms": "5000",  # keep tombstones 5 s after cleaning
    }
    # --8<-- [end:topic]
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson08-admin")
    producer = KafkaProducer(bootstrap_servers=BOOTSTRAP, client_id=TOPIC)
    try:
        recreate(admin, NewTopic(TOPIC, 1, 1, topic_configs=configs))
        # --8<-- [start:write]
        for key, value in [
            ("alice", "alice@one.example"),
            ("bob", "bob@one.example"),
            ("alice", "alice@two.example"),
            ("carol", "carol@one.example"),
            ("bob", "bob@two.example"),
            ("alice", "alice@three.example"),
            ("carol", None),  # a tombstone: delete carol
        ]:
            producer.send(TOPIC, key=key.encode(), value=value and value.encode())
        producer.flush()
        written = read_all()  # read now: no segment is closed, nothing can be cleaned
        time.sleep(1.5)  # older than segment.ms: the next record rolls the segment
        producer.send(TOPIC, key=b"dave", value=b"dave@one.example").get(timeout=10)
        # --8<-- [end:write]
        written += [r for r in read_all() if r[0] >= len(written)]  # and dave
        show("written:", written)
        start = time.monotonic()
        # 1. The cleaner's first pass: older values of each key go.
        seen = wait_until(lambda rs: len(rs) < len(written), written, start)
        # --8<-- [start:again]
        # 2. A tombstone outlives the first pass by delete.retention.ms, and the cleaner
        # only comes back for new dirty data: wait, then write (and roll) once more.
        time.sleep(5)
        producer.send(TOPIC, key=b"erin", value=b"erin@one.example").get(timeout=10)
        # --8<-- [end:again]
        print("wrote erin (dave's segment is now closed and dirty)")
        seen = wait_until(lambda rs: all(v is not None for _, _, v in rs), seen, start)
    finally:
        producer.close()
        admin.close()

    latest = {key: value for _, key, value in written}  # the last value of each key
    kept = [r for r in written if r[2] is not None and latest[r[1]] == r[2]]
    assert seen[:-1] == kept, f"expected the latest value of each key: {kept}"
    assert seen[-1][1] == "erin"
    print("left: the latest value of each key, at its original offset; carol is gone")


if __name__ == "__main__":
    main()
