"""Write one record with acks=all and one with acks=1, and report what the broker said.

The topic `lesson21-payments` has two replicas (brokers 1 and 2) and
`min.insync.replicas=2`. Run `--create` first, with every broker up.
`retries=0` shows the broker's first answer instead of retrying it until
`delivery_timeout_ms` (120 s by default): a demo setting, not a production one.
"""

from __future__ import annotations

import sys

from common import BOOTSTRAP, fresh_topic
from kafka import KafkaProducer
from kafka.errors import KafkaError

TOPIC = "lesson21-payments"


def main() -> None:
    if sys.argv[1:] == ["--create"]:
        configs = {"min.insync.replicas": "2"}
        fresh_topic(TOPIC, 1, 2, configs=configs, assignment={0: [1, 2]})
        print(f"{TOPIC}: replicas on brokers 1 and 2, min.insync.replicas=2")
        return
    for acks in ("all", 1):
        producer = KafkaProducer(
            bootstrap_servers=BOOTSTRAP,
            acks=acks,
            retries=0,  # demo only: see the first answer
            enable_idempotence=False,  # idempotence needs retries > 0
        )
        try:
            meta = producer.send(TOPIC, f"acks={acks}".encode()).get(timeout=30)
            print(f"acks={acks}: written at offset {meta.offset}")
        except KafkaError as exc:
            print(
                f"acks={acks}: refused, {type(exc).__name__}"
                f" (retriable={exc.retriable})"
            )
        finally:
            producer.close()


if __name__ == "__main__":
    main()
