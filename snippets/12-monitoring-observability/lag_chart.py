"""Consumer lag over time while a consumer stalls, as a text chart.

A producer writes 40 records a tick. The consumer (group lesson12-stall) keeps up for
4 ticks, stalls for 6 (a slow database, a long GC pause), then recovers, reading up
to 80 records a tick. After each tick a monitor outside the group measures the lag from
offsets: end offset minus committed offset. The three take turns, so that every sample
is taken at a known point and the chart is the same on every run.
"""

import os
import time

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import KafkaAdminClient, OffsetSpec
from kafka.structs import OffsetAndMetadata
from topics import recreate

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC, GROUP = "lesson12-stall", "lesson12-stall"
TP = TopicPartition(TOPIC, 0)
TICKS, PER_TICK, STALLED, CATCH_UP = 16, 40, range(5, 11), 80


def consume(consumer: KafkaConsumer, at_most: int) -> None:
    """Read up to at_most records (fewer if the partition ends), then commit."""
    end = consumer.end_offsets([TP])[TP]
    done, deadline = 0, time.monotonic() + 10
    while done < at_most and consumer.position(TP) < end:
        if time.monotonic() > deadline:
            raise TimeoutError("the consumer could not read its records in 10 s")
        records = consumer.poll(timeout_ms=500, max_records=at_most - done)
        done += len(records.get(TP, []))
    consumer.commit({TP: OffsetAndMetadata(consumer.position(TP), "", -1)})


def lag(admin: KafkaAdminClient) -> int:
    # --8<-- [start:lag]
    committed = admin.list_group_offsets(GROUP)[GROUP].get(TP)
    end = admin.list_partition_offsets({TP: OffsetSpec.LATEST})[TP].offset
    return end - (committed.offset if committed else 0)
    # --8<-- [end:lag]


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson12-admin")
    producer = KafkaProducer(bootstrap_servers=BOOTSTRAP, acks="all")
    consumer = KafkaConsumer(
        bootstrap_servers=BOOTSTRAP,
        group_id=GROUP,
        client_id="lesson12-stall",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    try:
        recreate(admin, TOPIC, 1, GROUP)
        consumer.assign([TP])
        print("tick  state      lag")
        samples = []
        for tick in range(1, TICKS + 1):
            for i in range(PER_TICK):
                producer.send(TOPIC, f"tick {tick} record {i}".encode())
            producer.flush()
            state = "stalled" if tick in STALLED else "consuming"
            if tick not in STALLED:
                consume(consumer, PER_TICK if tick < min(STALLED) else CATCH_UP)
            samples.append(lag(admin))
            bar = "#" * (samples[-1] // 10)  # one # per 10 records
            print(f"{tick:4}  {state:9} {samples[-1]:4} {bar}".rstrip())
    finally:
        consumer.close()
        producer.close()
        admin.close()
    peak = max(samples)
    print(f"peak lag {peak} at tick {samples.index(peak) + 1}, back to {samples[-1]}")
    assert samples[: min(STALLED) - 1] == [0] * (min(STALLED) - 1)  # keeping up
    assert peak == PER_TICK * len(STALLED) and samples[-1] == 0


if __name__ == "__main__":
    main()
