"""The Kafka CLI tools under their usual names, as thin shims over the jars' main classes.

`pip install -e .` puts `kafka-topics.sh`, `kafka-consumer-groups.sh`, ... on PATH (console
scripts). Each one runs the same main class that Apache Kafka's own `bin/*.sh` script runs, so
a page's shell commands read exactly like the Kafka documentation.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from kafkalab.errors import LabError
from kafkalab.native import java_command

# tool name -> main class, as in Kafka 4.3's bin/ scripts.
MAIN_CLASSES: dict[str, str] = {
    "kafka-topics.sh": "org.apache.kafka.tools.TopicCommand",
    "kafka-console-producer.sh": "org.apache.kafka.tools.ConsoleProducer",
    "kafka-console-consumer.sh": "org.apache.kafka.tools.consumer.ConsoleConsumer",
    "kafka-consumer-groups.sh": "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand",
    "kafka-configs.sh": "kafka.admin.ConfigCommand",
    "kafka-dump-log.sh": "org.apache.kafka.tools.DumpLogSegments",
    "kafka-producer-perf-test.sh": "org.apache.kafka.tools.ProducerPerformance",
    "kafka-consumer-perf-test.sh": "org.apache.kafka.tools.ConsumerPerformance",
    "kafka-metadata-quorum.sh": "org.apache.kafka.tools.MetadataQuorumCommand",
    "kafka-features.sh": "org.apache.kafka.tools.FeatureCommand",
    "kafka-get-offsets.sh": "org.apache.kafka.tools.GetOffsetShell",
    "kafka-leader-election.sh": "org.apache.kafka.tools.LeaderElectionCommand",
    "kafka-reassign-partitions.sh": "org.apache.kafka.tools.reassign.ReassignPartitionsCommand",
    "kafka-storage.sh": "kafka.tools.StorageTool",
}


def main() -> None:
    """Entry point of every shim: the script's own name says which tool to run."""
    name = Path(sys.argv[0]).name
    if name not in MAIN_CLASSES:
        names = ", ".join(sorted(MAIN_CLASSES))
        sys.exit(f"kafkalab: unknown Kafka tool {name!r}; the shims are: {names}")
    run(name, sys.argv[1:])


def run(name: str, args: list[str]) -> None:
    """Replace this process with the tool's JVM (so signals and exit codes pass through)."""
    try:
        cmd = java_command(
            MAIN_CLASSES[name],
            args,
            heap=os.environ.get("KAFKALAB_TOOLS_HEAP", "256m"),
            log4j="log4j2-tools.properties",
        )
    except LabError as exc:
        sys.exit(f"{name}: {exc}")
    sys.stdout.flush()
    os.execv(cmd[0], cmd)
