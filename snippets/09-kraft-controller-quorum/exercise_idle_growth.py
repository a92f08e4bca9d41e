"""The metadata log grows even when nothing changes.

The active controller appends a no-op record every `metadata.max.idle.interval.ms`
(500 ms by default) so that the voters and brokers can tell that it is alive and that
their copy is current. This reads the log's high watermark twice, three seconds apart.
"""

import os
import time

from kafka.admin import KafkaAdminClient

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")


def high_watermark(admin: KafkaAdminClient) -> tuple[int, int]:
    """(leader epoch, high watermark) of __cluster_metadata."""
    [log] = admin.describe_metadata_quorum()["topics"][0]["partitions"]
    return log["leader_epoch"], log["high_watermark"]


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson09-idle")
    try:
        epoch, before = high_watermark(admin)
        time.sleep(3)
        epoch_after, after = high_watermark(admin)
    finally:
        admin.close()
    print(
        f"high watermark {before}, then {after} three seconds later: +{after - before}"
    )
    assert epoch == epoch_after, "no election in between: run it again"
    assert after - before >= 3, "the leader appends a no-op record every 500 ms"


if __name__ == "__main__":
    main()
