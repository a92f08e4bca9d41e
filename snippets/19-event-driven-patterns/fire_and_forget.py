"""Anti-pattern: fire and forget. `send()` only queues a record; its result comes later.

The topic accepts records of at most 1,000 bytes (max.message.bytes). Three records are
sent, the second one too large. Without looking at the results, the application reports
three sent. With callbacks, each record's fate is seen: and in kafka-python 3.0.12 the
refused record also stops the idempotent producer, so the third record fails too.
"""

from __future__ import annotations

from common import BOOTSTRAP, fresh_topic, read_all
from kafka import KafkaProducer

TOPIC = "lesson19-fire-and-forget"
RECORDS = [b"small order 1", b"x" * 5000, b"small order 3"]


def main() -> None:
    fresh_topic(TOPIC, **{"max.message.bytes": "1000"})
    producer = KafkaProducer(bootstrap_servers=BOOTSTRAP, client_id="lesson19-fire")
    # --8<-- [start:forget]
    for value in RECORDS:
        producer.send(TOPIC, value=value)  # the returned future is ignored
        producer.flush()  # each record in its own request
    print(f"fire and forget: the application reports {len(RECORDS)} sent")
    # --8<-- [end:forget]
    producer.close()
    print(f"records in the topic: {len(read_all(TOPIC))}")
    producer = KafkaProducer(bootstrap_servers=BOOTSTRAP, client_id="lesson19-watch")
    # --8<-- [start:callback]
    fates: list[str] = []
    for i, value in enumerate(RECORDS, 1):
        future = producer.send(TOPIC, value=value)
        future.add_callback(lambda md, i=i: fates.append(f"{i}: offset {md.offset}"))
        future.add_errback(lambda e, i=i: fates.append(f"{i}: {type(e).__name__}"))
        producer.flush()
    # --8<-- [end:callback]
    producer.close()
    print("with callbacks, record by record:", *fates, sep="\n  ")
    assert fates[1:] == ["2: MessageSizeTooLargeError", "3: MessageSizeTooLargeError"]
    assert len(read_all(TOPIC)) == 2


if __name__ == "__main__":
    main()
