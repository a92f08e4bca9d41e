"""Read the changelog topic behind the counter's state store.

Quix Streams created it when the counter started: compacted, one partition per input
partition, named `changelog__<consumer group>--<input topic>--<store>`. Each record's
key is the message key and the state key; its value is the new state value.
"""

from __future__ import annotations

from common import BOOTSTRAP, internal_topics
from kafka import KafkaAdminClient, KafkaConsumer
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
    consumer = KafkaConsumer(
        changelog,
        bootstrap_servers=BOOTSTRAP,
        auto_offset_reset="earliest",
        consumer_timeout_ms=3000,  # stop 3 s after the last record
    )
    try:
        for record in consumer:
            key, value = record.key, record.value
            print(f"  offset {record.offset}: key={key!r} value={value!r}")
    finally:
        consumer.close()


if __name__ == "__main__":
    main()
