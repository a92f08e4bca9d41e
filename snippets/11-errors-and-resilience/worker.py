"""Run the faulty handler over lesson11-orders and route every record.

One consumer reads the orders topic and both retry topics. For each record:
- success: the result goes to lesson11-orders-processed;
- a retriable failure with attempts left: the record goes to the next retry topic,
  with a header saying when it is due (x-not-before, epoch milliseconds);
- anything else: the record goes to the dead-letter topic with provenance headers.
The offset is committed only after the outcome is acknowledged (acks=all). A record
that is not due yet is not slept on: its partition is paused, and resumed when due.
The worker stops when it has read every input to its end and nothing is waiting.
"""

import json
import os
import time
from collections import Counter

from kafka import KafkaConsumer, KafkaProducer, OffsetAndMetadata, TopicPartition
from kafka.consumer.fetcher import ConsumerRecord
from orders import (
    DLQ,
    MAX_ATTEMPTS,
    ORDERS,
    PROCESSED,
    RETRIABLE,
    RETRY_DELAYS_S,
    RETRY_TOPICS,
    handle,
)

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
GROUP = "lesson11-worker"
INPUTS = [TopicPartition(topic, 0) for topic in [ORDERS, *RETRY_TOPICS]]
Headers = list[tuple[str, bytes]]


def provenance(record: ConsumerRecord, attempt: int, exc: Exception) -> Headers:
    """Where the record came from (kept from its first failure on), and what failed."""
    seen = dict(record.headers)
    return [
        ("x-original-topic", seen.get("x-original-topic", record.topic.encode())),
        (
            "x-original-partition",
            seen.get("x-original-partition", b"%d" % record.partition),
        ),
        ("x-original-offset", seen.get("x-original-offset", b"%d" % record.offset)),
        ("x-attempt", b"%d" % attempt),
        ("x-exception-class", type(exc).__name__.encode()),
        ("x-exception-message", str(exc).encode()),
        ("x-failed-at", b"%d" % (time.time() * 1000)),
    ]


# --8<-- [start:route]
def route(record: ConsumerRecord, producer: KafkaProducer) -> str:
    """Handle one record, write the outcome to its topic, return that topic."""
    attempt = int(dict(record.headers).get("x-attempt", b"0")) + 1
    try:
        order = json.loads(record.value)  # deserialize here, not in poll()
        result = handle(order, attempt)
    except Exception as exc:  # every failure is routed; none stops the loop
        headers = provenance(record, attempt, exc)
        if isinstance(exc, RETRIABLE) and attempt < MAX_ATTEMPTS:
            target = RETRY_TOPICS[attempt - 1]
            due = time.time() + RETRY_DELAYS_S[attempt - 1]
            headers.append(("x-not-before", b"%d" % (due * 1000)))
        else:
            target = DLQ
        future = producer.send(target, record.value, key=record.key, headers=headers)
    else:
        target = PROCESSED
        future = producer.send(target, json.dumps(result).encode(), key=record.key)
    future.get(timeout=10)  # acknowledged by the broker before we commit
    return target


# --8<-- [end:route]


def run(consumer: KafkaConsumer, producer: KafkaProducer) -> Counter[str]:
    outcomes: Counter[str] = Counter()
    waiting: dict[TopicPartition, float] = {}  # paused partition -> when it is due
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for tp in [tp for tp, due in waiting.items() if due <= time.monotonic()]:
            consumer.resume(tp)
            del waiting[tp]
        batch = consumer.poll(timeout_ms=200)
        # --8<-- [start:loop]
        for tp, records in batch.items():
            for record in records:
                due = int(dict(record.headers).get("x-not-before", b"0")) / 1000
                if due > time.time():  # not due: read it again once it is
                    consumer.seek(tp, record.offset)
                    consumer.pause(tp)
                    waiting[tp] = time.monotonic() + due - time.time()
                    break
                outcomes[route(record, producer)] += 1
                consumer.commit({tp: OffsetAndMetadata(record.offset + 1, "", -1)})
        # --8<-- [end:loop]
        if not batch and not waiting:
            ends = consumer.end_offsets(INPUTS)
            if all(consumer.position(tp) >= ends[tp] for tp in INPUTS):
                return outcomes  # every input read to its end, nothing waiting
    raise AssertionError(f"still working after 60 s: {dict(outcomes)}")


def main() -> None:
    consumer = KafkaConsumer(
        bootstrap_servers=BOOTSTRAP,
        group_id=GROUP,  # for committed offsets; partitions are assigned below
        client_id="lesson11-worker",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    producer = KafkaProducer(
        bootstrap_servers=BOOTSTRAP, client_id="lesson11-worker", acks="all"
    )
    try:
        consumer.assign(INPUTS)
        start = time.monotonic()
        outcomes = run(consumer, producer)
        took = time.monotonic() - start
    finally:
        consumer.close()
        producer.close()
    print(f"handled {sum(outcomes.values())} records in {took:.1f} s")
    for topic, count in sorted(outcomes.items()):
        print(f"  {count:2d} -> {topic}")


if __name__ == "__main__":
    main()
