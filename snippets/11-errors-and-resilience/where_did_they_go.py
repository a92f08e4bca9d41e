"""Count, from the topics themselves, where each order ended up.

Every record of every topic of the pipeline is read from offset 0 to the end offset.
Each order must end in exactly one place: processed or the dead-letter topic.
"""

import os
from collections import defaultdict

from kafka import KafkaConsumer, TopicPartition
from orders import DLQ, ORDERS, PROCESSED, RETRY_TOPICS

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
SHORT = {ORDERS: "orders", PROCESSED: "processed", DLQ: "dlq"}
SHORT |= {topic: topic.removeprefix(ORDERS + "-") for topic in RETRY_TOPICS}


def read_all(consumer: KafkaConsumer, topic: str) -> list[tuple[str, dict]]:
    """(key, headers) of every record in the topic's partition 0, in offset order."""
    tp = TopicPartition(topic, 0)
    consumer.assign([tp])
    consumer.seek_to_beginning(tp)
    end = consumer.end_offsets([tp])[tp]
    found = []
    while consumer.position(tp) < end:
        for record in consumer.poll(timeout_ms=1000).get(tp, []):
            found.append((record.key.decode(), dict(record.headers)))
    return found


def main() -> None:
    consumer = KafkaConsumer(
        bootstrap_servers=BOOTSTRAP, client_id="lesson11-count", group_id=None
    )
    try:
        # --8<-- [start:count]
        topics = [ORDERS, *RETRY_TOPICS, PROCESSED, DLQ]
        records = {topic: read_all(consumer, topic) for topic in topics}
        paths: dict[str, list[str]] = defaultdict(list)
        for topic in topics:
            for key, headers in records[topic]:
                step = SHORT[topic]
                if topic == DLQ:
                    step += f" ({headers['x-exception-class'].decode()})"
                paths[key].append(step)
        # --8<-- [end:count]
    finally:
        consumer.close()
    for key in sorted(paths, key=int):
        print(f"order {key:>2}: {' -> '.join(paths[key])}")
    sent, done, dead = (len(records[t]) for t in (ORDERS, PROCESSED, DLQ))
    print(f"sent {sent} = processed {done} + dead letters {dead}", end="; ")
    print(
        "on the way: "
        + ", ".join(f"{SHORT[t]} {len(records[t])}" for t in RETRY_TOPICS)
    )
    assert sent == done + dead, "some orders are missing or were counted twice"
    assert len(paths) == sent, "a record appeared that was never sent"
    for key, path in paths.items():
        ends = [step for step in path if step.startswith(("processed", "dlq"))]
        assert len(ends) == 1, f"order {key} ended {len(ends)} times: {path}"


if __name__ == "__main__":
    main()
