"""The loop every service of the shop runs: consume, transform, produce, in one
transaction with the input offsets (exactly-once between topics).

A service gives `run()` its input topics and a `handle(topic, value, state)` function
that returns the records to write, as (topic, key, value). Its state (stock, window
counts) lives in a compacted topic, written in the same transaction and read back at
start. A record that cannot be decoded goes, as it came, to the dead-letter topic
with the error in its headers. SIGINT or SIGTERM stops the loop between batches.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from pathlib import Path

from confluent_kafka import Consumer, Message, Producer, TopicPartition
from confluent_kafka.schema_registry.error import SchemaRegistryError
from confluent_kafka.serialization import SerializationError
from shop import BOOTSTRAP, DLQ, Codec, read_topic

Out = tuple[str, str, dict]
Handler = Callable[[str, dict, dict], list[Out]]
PACE = float(os.environ.get("LESSON25_PACE", "0"))  # seconds per record, for drills


def poisoned(error: Exception) -> bool:
    """Bad bytes, or a schema id the registry does not know: retrying cannot help."""
    if isinstance(error, SchemaRegistryError):
        return error.http_status_code == 404  # but a registry that is down is not
    return isinstance(error, SerializationError)


def show(state: dict) -> str:
    text = str(state)
    return text if len(text) <= 60 else f"{len(state)} keys"


def dead_letter(producer: Producer, msg: Message, error: Exception, name: str) -> None:
    headers = {
        "error.class": type(error).__name__,
        "error.message": str(error)[:200],
        "source": f"{msg.topic()}-{msg.partition()}@{msg.offset()}",
        "processor": name,
    }
    producer.produce(DLQ, key=msg.key(), value=msg.value(), headers=headers)


def run(
    name: str, inputs: list[str], handle: Handler, state_topic: str | None = None
) -> None:
    stop: list[int] = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda signum, _: stop.append(signum))
    codec = Codec()
    state = {}
    for m in read_topic(state_topic) if state_topic else []:  # the latest per key
        state[m.key().decode()] = codec.decode(state_topic, m.value())
    consumer = Consumer(
        {
            "bootstrap.servers": BOOTSTRAP,
            "group.id": f"lesson25-{name}",
            "group.instance.id": f"lesson25-{name}-1",  # a restart takes its place
            "session.timeout.ms": 10_000,
            "isolation.level": "read_committed",  # read only committed upstream
            "enable.auto.commit": False,  # offsets go in the transaction
            "auto.offset.reset": "earliest",
        }
    )
    producer = Producer(
        {
            "bootstrap.servers": BOOTSTRAP,
            "transactional.id": f"lesson25-{name}",  # stable: fences a zombie
            "partitioner": "murmur2_random",  # the Java client's key hashing
        }
    )
    Path(f"/tmp/lesson25-{name}.pid").write_text(str(os.getpid()))
    try:
        producer.init_transactions(30)  # aborts what a killed predecessor left open
        consumer.subscribe(inputs)
        print(f"{name}: ready, state {show(state)}", flush=True)
        # --8<-- [start:loop]
        while not stop:
            batch = consumer.consume(num_messages=10, timeout=0.5)
            if not batch:
                continue
            producer.begin_transaction()
            offsets: dict[tuple[str, int], int] = {}
            for msg in batch:
                if msg.error():
                    raise RuntimeError(msg.error())
                offsets[msg.topic(), msg.partition()] = msg.offset() + 1
                try:
                    value = codec.decode(msg.topic(), msg.value())
                except (SerializationError, SchemaRegistryError) as error:
                    if not poisoned(error):
                        raise
                    dead_letter(producer, msg, error, name)
                    continue
                for topic, key, out in handle(msg.topic(), value, state):
                    producer.produce(topic, key=key, value=codec.encode(topic, out))
                time.sleep(PACE)
            producer.send_offsets_to_transaction(
                [TopicPartition(t, p, o) for (t, p), o in offsets.items()],
                consumer.consumer_group_metadata(),
            )
            producer.commit_transaction()
        # --8<-- [end:loop]
        print(f"{name}: stopped by signal {stop[0]}, state {show(state)}", flush=True)
    finally:
        consumer.close()
        producer.flush(10)
