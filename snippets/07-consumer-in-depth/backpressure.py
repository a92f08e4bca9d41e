"""Backpressure with pause() and resume(): a slow sink, a consumer that stays a member.

The poll loop hands records to a worker thread through a queue. The worker needs
0.1 s per record, so the 60 records take about 6 s, twice the consumer's 3 s
`max_poll_interval_ms`. When the queue is full the loop pauses its partitions and keeps
calling poll(), which returns nothing for paused partitions but keeps the member in the
group. When the queue has drained, the loop resumes.
"""

from __future__ import annotations

import os
import queue
import threading
import time

from kafka import KafkaConsumer, KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.consumer.fetcher import ConsumerRecord
from kafka.errors import (
    GroupIdNotFoundError,
    TopicAlreadyExistsError,
    UnknownTopicOrPartitionError,
)

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson07-clicks"
GROUP = "lesson07-sink"
RECORDS = 60
HIGH, LOW = 20, 5  # pause at 20 queued records, resume at 5


def start_clean() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson07-admin")
    try:
        if GROUP in {g["group_id"] for g in admin.list_groups()}:
            try:
                admin.delete_groups([GROUP])
            except GroupIdNotFoundError:
                pass
        try:
            admin.delete_topics([TOPIC])
        except UnknownTopicOrPartitionError:
            pass
        deadline = time.monotonic() + 30
        while True:  # deletion is asynchronous: retry the create until it works
            try:
                admin.create_topics([NewTopic(TOPIC, 1, 1)])
                break
            except TopicAlreadyExistsError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    finally:
        admin.close()
    with KafkaProducer(bootstrap_servers=BOOTSTRAP) as producer:
        for i in range(RECORDS):
            producer.send(TOPIC, f"click {i}".encode())


def sink(work: queue.Queue[ConsumerRecord | None], done: list[int]) -> None:
    """The slow downstream: 0.1 s per record."""
    while (record := work.get()) is not None:
        time.sleep(0.1)
        done.append(record.offset)


def main() -> None:
    start_clean()
    work: queue.Queue[ConsumerRecord | None] = queue.Queue()
    done: list[int] = []
    worker = threading.Thread(target=sink, args=(work, done))
    worker.start()
    consumer = KafkaConsumer(
        bootstrap_servers=BOOTSTRAP,
        group_id=GROUP,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        max_poll_records=10,
        max_poll_interval_ms=3000,  # far less than the 6 s of work
        session_timeout_ms=6000,
    )
    pauses, largest_queue = 0, 0
    try:
        consumer.subscribe([TOPIC])
        consumer.partitions_for_topic(TOPIC)
        started = time.monotonic()
        generation = None
        while len(done) < RECORDS and time.monotonic() - started < 30:
            # --8<-- [start:loop]
            for records in consumer.poll(timeout_ms=100).values():
                for record in records:
                    work.put(record)
            if work.qsize() >= HIGH and not consumer.paused():
                consumer.pause(*consumer.assignment())  # stop fetching, keep polling
                pauses += 1
            elif work.qsize() <= LOW and consumer.paused():
                consumer.resume(*consumer.paused())
            # --8<-- [end:loop]
            largest_queue = max(largest_queue, work.qsize())
            generation = generation or consumer.group_metadata().generation_id
        elapsed = time.monotonic() - started
        still = consumer.group_metadata()
    finally:
        work.put(None)
        worker.join()
        consumer.close()
    print(f"processed {len(done)} records in {elapsed:.0f} s; paused {pauses} times")
    print(f"largest queue: {largest_queue} records (pause at {HIGH})")
    print(f"still a member: generation {still.generation_id}, state {still.state}")
    assert done == list(range(RECORDS)) and pauses >= 2
    assert largest_queue < HIGH + 10, "at most one batch arrives after the pause"
    assert elapsed > 3 and still.generation_id == generation, "no rebalance"


if __name__ == "__main__":
    main()
