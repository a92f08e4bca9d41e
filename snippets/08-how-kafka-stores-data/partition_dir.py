"""Print the directory that holds one partition's log, as the broker reports it.

The broker knows where it keeps each partition: the DescribeLogDirs admin call returns
its log directories and the partitions in each. A partition's files live in a
subdirectory named `<topic>-<partition>`. The path is the broker's own, so it is right
even when the broker runs in a container.
Usage: python partition_dir.py [TOPIC [PARTITION]]  (default: lesson08-orders 0)
"""

import os
import sys

from kafka.admin import KafkaAdminClient

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")


def partition_dir(admin: KafkaAdminClient, topic: str, partition: int) -> str:
    """The broker-side path of the partition's directory (first broker holding it)."""
    for broker in admin.describe_log_dirs(topic_partitions={topic: [partition]}):
        for log_dir in broker["log_dirs"]:
            for t in log_dir["topics"]:
                parts = [p["partition_index"] for p in t["partitions"]]
                if t["name"] == topic and partition in parts:
                    return f"{log_dir['log_dir']}/{topic}-{partition}"
    raise SystemExit(f"no broker holds {topic}-{partition}: create the topic first")


def main() -> None:
    if len(sys.argv) > 3:
        raise SystemExit("usage: python partition_dir.py [TOPIC [PARTITION]]")
    topic = sys.argv[1] if len(sys.argv) > 1 else "lesson08-orders"
    partition = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson08-dirs")
    try:
        print(partition_dir(admin, topic, partition))
    finally:
        admin.close()


if __name__ == "__main__":
    main()
