"""The metadata records of one topic, read from a dump of the `__cluster_metadata` log.

Usage: pipe the output of `kafka-dump-log.sh --cluster-metadata-decoder --files SEGMENT`
into `python topic_records.py TOPIC`.

Every change to the cluster's metadata is a record in that log, appended by the active
controller: a topic's creation (TOPIC_RECORD, then one PARTITION_RECORD per partition),
and every later change of a partition's leader or ISR (PARTITION_CHANGE_RECORD). Each
record batch carries the leader epoch of the controller that wrote it.
"""

import json
import re
import sys

BATCH_EPOCH = re.compile(r"^baseOffset: .* partitionLeaderEpoch: (\d+)")
RECORD = re.compile(r"^\| offset: (\d+) .* payload: (\{.*\})$")


def describe(kind: str, data: dict) -> str:
    """A short line for one record of the topic."""
    if kind == "TOPIC_RECORD":
        return f"TOPIC_RECORD {data['name']}"
    if "partitionId" not in data:  # REMOVE_TOPIC_RECORD, ...
        return kind
    part = f"partition {data['partitionId']}"
    if kind == "PARTITION_RECORD":
        return f"{kind} {part}: replicas {data['replicas']}, leader {data['leader']}"
    # A change record carries only the fields that changed: these are the new values.
    changes = [f"{k} {data[k]}" for k in ("leader", "isr") if k in data]
    return f"{kind} {part}: {', '.join(changes) or 'other fields'}"


def main() -> None:
    if len(sys.argv) != 2 or sys.stdin.isatty():
        sys.exit(
            "usage: kafka-dump-log.sh --cluster-metadata-decoder --files SEGMENT "
            "| python topic_records.py TOPIC"
        )
    topic = sys.argv[1]
    # --8<-- [start:parse]
    epoch, topic_id, lines = -1, None, []
    for line in sys.stdin:
        if batch := BATCH_EPOCH.match(line):
            epoch = int(batch.group(1))  # the leader epoch that wrote this batch
        elif record := RECORD.match(line.rstrip("\n")):
            offset, payload = int(record.group(1)), json.loads(record.group(2))
            kind, data = payload["type"], payload["data"]
            if kind == "TOPIC_RECORD" and data["name"] == topic:
                topic_id, lines = data["topicId"], []  # the latest creation wins
            if topic_id is not None and data.get("topicId") == topic_id:
                lines.append(f"offset {offset} (epoch {epoch}): {describe(kind, data)}")
    # --8<-- [end:parse]
    if topic_id is None:
        sys.exit(
            f"no TOPIC_RECORD for {topic} in this segment: create the topic first, and "
            "pipe in the output of kafka-dump-log.sh --cluster-metadata-decoder"
        )
    print("\n".join(lines))
    assert any("PARTITION_RECORD" in line for line in lines), "a topic has partitions"


if __name__ == "__main__":
    main()
