"""Read the changelog topic behind the counter's state store.

Quix Streams created it when the counter started: compacted, one partition per input
partition, named `changelog__<consumer group>--<input topic>--<store>`. Each record's
key is the message key and the state key; its value is the new state value.
"""

from __future__ import annotations

from common import BOOTSTRAP, internal_topics
from kafka import KafkaAdminClient, KafkaConsumer, TopicPartition
from kafka.admin import ConfigResource, ConfigResourceType

GROUP = "lesson16-counter"


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP)
    try:
        (changelog,) = internal_topics(admin, GROUP)  # exactly one
        wanted = ["cleanup.policy"]
        resource = ConfigResource(ConfigResourceType.TOPIC, changelog, wanted)
        configs = admin.describe_configs([resource])["topic"][changelog]
        policy = configs["cleanup.policy"]["value"]
    finally:
        admin.close()
    print(f"{changelog}  cleanup.policy={policy}")
    assert policy == "compact"
    tp = TopicPartition(changelog, 0)  # one input partition: one changelog partition
    consumer = KafkaConsumer(bootstrap_servers=BOOTSTRAP, consumer_timeout_ms=15_000)
    try:
        consumer.assign([tp])
        consumer.seek_to_beginning(tp)
        end = consumer.end_offsets([tp])[tp]
        for record in consumer:  # stops 15 s after the last record, at the latest
            key, value = record.key, record.value
            print(f"  offset {record.offset}: key={key!r} value={value!r}")
            if record.offset + 1 >= end:  # the end offset: done
                break
    finally:
        consumer.close()


if __name__ == "__main__":
    main()
