"""What acks costs, measured on a 3-broker topic (replication factor 3, min ISR 2).

For each acks setting the script measures two things, three times each, and prints
the medians:
- the round trip of one synchronous send (`send().get()`), 100 sends;
- the throughput of 2,000 asynchronous sends of 100 bytes and a final `flush()`.
Idempotence is off in all three, so acks is the only difference.
"""

import os
import statistics
import time

from kafka import KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import TopicAlreadyExistsError

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson06-acks"
REPEATS = 3
SYNC_SENDS = 100
ASYNC_SENDS = 2000
VALUE = b"x" * 100


def recreate_topic(admin: KafkaAdminClient, name: str) -> None:
    """Delete the topic if it exists, then create it: 1 partition, RF 3, min ISR 2."""
    if name in admin.list_topics():
        admin.delete_topics([name])
    topic = NewTopic(name, 1, 3, topic_configs={"min.insync.replicas": "2"})
    deadline = time.monotonic() + 30
    while True:
        try:
            admin.create_topics([topic])
            break
        except TopicAlreadyExistsError:  # the old topic is still being deleted
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    admin.wait_for_topics([name])


def measure(acks: int | str) -> tuple[float, float, int]:
    """Return (median sync round trip ms, median records/s, distinct offsets of 3)."""
    # --8<-- [start:producer]
    producer = KafkaProducer(
        bootstrap_servers=BOOTSTRAP,
        client_id=f"lesson06-acks-{acks}",
        acks=acks,  # 0: no answer; 1: the leader wrote it; "all": every ISR member
        enable_idempotence=False,  # idempotence needs acks="all"
        linger_ms=0,  # send at once: the round trip is all acks
    )
    # --8<-- [end:producer]
    try:
        producer.send(TOPIC, VALUE).get(timeout=30)  # warm up: connect, metadata
        round_trips, rates = [], []
        for _ in range(REPEATS):
            start = time.perf_counter()
            for _ in range(SYNC_SENDS):
                producer.send(TOPIC, VALUE).get(timeout=30)
            round_trips.append((time.perf_counter() - start) / SYNC_SENDS * 1000)
            start = time.perf_counter()
            for _ in range(ASYNC_SENDS):
                producer.send(TOPIC, VALUE)
            producer.flush(timeout=30)
            rates.append(ASYNC_SENDS / (time.perf_counter() - start))
        offsets = {producer.send(TOPIC, VALUE).get(timeout=30).offset for _ in "abc"}
        return statistics.median(round_trips), statistics.median(rates), len(offsets)
    finally:
        producer.close()


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson06-admin")
    try:
        recreate_topic(admin, TOPIC)
    finally:
        admin.close()
    results = {}
    for acks in (0, 1, "all"):
        round_trip, rate, distinct = measure(acks)
        results[acks] = (round_trip, rate)
        print(
            f"acks={acks!s:<3}  sync send {round_trip:5.2f} ms  "
            f"async {rate:>5.0f} records/s  3 sends, {distinct} distinct offsets"
        )
        # With acks=0 no answer comes back; kafka-python reports offset 0 for all.
        assert distinct == (1 if acks == 0 else 3)
    (rt_1, rate_1), (rt_all, rate_all) = results[1], results["all"]
    print(
        f"acks=all vs acks=1: sync send {rt_all - rt_1:+.2f} ms, "
        f"async throughput {rate_all / rate_1:.0%}"
    )


if __name__ == "__main__":
    main()
