"""The consumer that prints nothing: `auto_offset_reset` defaults to "latest".

A consumer with no stored position starts at the end of each partition, so it sees
only records written after it started. This one reads for three seconds and gets none
of the records already in the topic.
"""

import os
import time

from kafka import KafkaConsumer, TopicPartition

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson01-page-views"


def main() -> None:
    consumer = KafkaConsumer(
        TOPIC,  # subscribe to the topic, as most examples do
        bootstrap_servers=BOOTSTRAP,
        client_id="lesson01-pitfall",
        group_id=None,
        # auto_offset_reset is not set: the default is "latest"
    )
    try:
        received = 0
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            for batch in consumer.poll(timeout_ms=500).values():
                received += len(batch)
        ids = consumer.partitions_for_topic(TOPIC)
        partitions = [TopicPartition(TOPIC, p) for p in ids]
        stored = sum(consumer.end_offsets(partitions).values())
    finally:
        consumer.close()
    print(f"the topic holds {stored} records; this consumer received {received} in 3 s")
    assert stored > 0 and received == 0, "a 'latest' consumer should see no old records"


if __name__ == "__main__":
    main()
