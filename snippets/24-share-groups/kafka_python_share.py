"""What kafka-python 3.0.12 can do with a share group: admin yes, consuming no.

Its admin client lists share groups and reads their configs (ConfigResourceType.GROUP).
It has no share consumer: a KafkaConsumer with a share group's id is refused by the
group coordinator. Run Step 3 first: it creates the share group lesson24-workers.
"""

from __future__ import annotations

import os

from kafka import KafkaConsumer
from kafka.admin import ConfigResource, ConfigResourceType, KafkaAdminClient
from kafka.errors import KafkaError

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
GROUP = "lesson24-workers"


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson24-admin")
    try:
        shares = [g["group_id"] for g in admin.list_groups(types_filter=["share"])]
        if GROUP not in shares:
            raise SystemExit(f"no share group {GROUP}: run Step 3 first")
        print(f"list_groups(types_filter=['share']) includes {GROUP}")
        resource = ConfigResource(ConfigResourceType.GROUP, GROUP)
        configs = admin.describe_configs([resource])["group"][GROUP]
        reset = configs["share.auto.offset.reset"]["value"]
        print(f"{GROUP}: share.auto.offset.reset={reset} (DescribeConfigs)")
    finally:
        admin.close()

    consumer = KafkaConsumer(
        "lesson24-jobs",
        bootstrap_servers=BOOTSTRAP,
        group_id=GROUP,
        client_id="lesson24-kafka-python",
        consumer_timeout_ms=10_000,
    )
    try:
        for record in consumer:
            raise SystemExit(f"unexpected: a classic consumer read {record}")
    except KafkaError as exc:
        print(f"KafkaConsumer(group_id={GROUP!r}): {type(exc).__name__}")
    else:
        raise SystemExit("unexpected: the classic consumer was not refused")
    finally:
        consumer.close()


if __name__ == "__main__":
    main()
