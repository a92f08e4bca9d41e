"""Print the path of a partition's first segment file, as the broker reports it.

The DescribeLogDirs admin call returns the broker's log directory that holds the
partition; its files live in `<log dir>/<topic>-<partition>/`, and the first segment
is named after offset 0. The path is the broker's own, so it is right even when the
broker runs in a container (kafka-dump-log.sh then runs there too).
Usage: python segment.py [TOPIC [PARTITION]]  (default: lesson13-payments 0)
"""

from __future__ import annotations

import os
import sys

from kafka.admin import KafkaAdminClient

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")


def segment_path(admin: KafkaAdminClient, topic: str, partition: int) -> str:
    for broker in admin.describe_log_dirs(topic_partitions={topic: [partition]}):
        for log_dir in broker["log_dirs"]:
            for t in log_dir["topics"]:
                parts = [p["partition_index"] for p in t["partitions"]]
                if t["name"] == topic and partition in parts:
                    return f"{log_dir['log_dir']}/{topic}-{partition}/{0:020d}.log"
    raise SystemExit(f"no broker holds {topic}-{partition}: run Step 1 first")


def main() -> None:
    if len(sys.argv) > 3:
        raise SystemExit("usage: python segment.py [TOPIC [PARTITION]]")
    topic = sys.argv[1] if len(sys.argv) > 1 else "lesson13-payments"
    partition = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson13-dirs")
    try:
        print(segment_path(admin, topic, partition))
    finally:
        admin.close()


if __name__ == "__main__":
    main()
