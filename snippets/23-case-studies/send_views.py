"""Send page views in four batches, waiting after each until the app has caught up.

Each view is keyed by its session id and carries its event time as the record's
timestamp. Batch 3 holds two late views, for the first minute. Between batches the
script waits until the app's consumer group has committed every record of the input
and repartition topics (lag 0), so each batch meets the state the last one left.
"""

from __future__ import annotations

import json
import time

from clicks import APP, BOOTSTRAP, T0, VIEWS, clock, internal_topics
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition

BATCHES = [  # (seconds after T0, session, page)
    [(5, "s-a", "/home"), (12, "s-a", "/pricing"), (20, "s-b", "/home"),
     (35, "s-b", "/pricing"), (41, "s-c", "/home")],
    [(64, "s-c", "/pricing"), (75, "s-a", "/home")],
    [(50, "s-d", "/home"), (58, "s-d", "/pricing")],  # late: they belong to minute 0
    [(80, "s-b", "/pricing")],
]  # fmt: skip


def lag(admin: KafkaAdminClient, consumer: KafkaConsumer) -> int:
    """Records of the input and repartition topics the app has not committed."""
    topics = [VIEWS, *(t for t in internal_topics(admin) if t.startswith("repart"))]
    if len(topics) < 2:
        return -1  # the app has not created its repartition topic yet
    known = {t: consumer.partitions_for_topic(t) for t in topics}
    if not all(known.values()):
        return -1  # no metadata for a topic yet: ask again
    tps = [TopicPartition(t, p) for t, parts in known.items() for p in parts]
    done = admin.list_group_offsets([APP]).get(APP, {})
    ends = consumer.end_offsets(tps)
    return sum(end - (done[tp].offset if tp in done else 0) for tp, end in ends.items())


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson23-admin")
    consumer = KafkaConsumer(bootstrap_servers=BOOTSTRAP, client_id="lesson23-lag")
    producer = KafkaProducer(bootstrap_servers=BOOTSTRAP, acks="all")
    try:
        for n, batch in enumerate(BATCHES, start=1):
            for second, session, page in batch:
                view = {"session": session, "page": page}
                producer.send(
                    VIEWS,
                    key=session.encode(),
                    value=json.dumps(view).encode(),
                    timestamp_ms=T0 + second * 1000,  # event time: when it happened
                )
            producer.flush()
            shown = ", ".join(f"{page} {clock(T0 + s * 1000)}" for s, _, page in batch)
            print(f"batch {n}: {shown}")
            deadline = time.monotonic() + 30
            while lag(admin, consumer) != 0:  # wait for the app to catch up
                if time.monotonic() > deadline:
                    raise SystemExit(f"{APP} did not catch up in 30 s: is it running?")
                time.sleep(0.2)
    finally:
        producer.close()
        consumer.close()
        admin.close()


if __name__ == "__main__":
    main()
