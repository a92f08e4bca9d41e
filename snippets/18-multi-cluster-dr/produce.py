"""Write 100 orders to a new topic on the primary cluster.

Each run makes a new topic, lesson18-orders-<seconds since 1970>: MirrorMaker 2
remembers how far it copied each topic, and a topic deleted and made again under the
same name would start from offset 0 where MirrorMaker 2 expects to resume further on.
"""

from __future__ import annotations

import time

from clusters import PRIMARY
from kafka import KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic

COUNT = 100


def main() -> None:
    topic = f"lesson18-orders-{int(time.time())}"
    admin = KafkaAdminClient(bootstrap_servers=PRIMARY, client_id="lesson18-admin")
    try:
        admin.create_topics([NewTopic(topic, num_partitions=1, replication_factor=1)])
    finally:
        admin.close()
    producer = KafkaProducer(bootstrap_servers=PRIMARY, client_id="lesson18-producer")
    try:
        for n in range(COUNT):
            producer.send(topic, key=b"customer-%d" % (n % 7), value=b"order-%d" % n)
        producer.flush()
    finally:
        producer.close()
    print(f"wrote {COUNT} orders (order-0 to order-{COUNT - 1}) to {topic} on primary")


if __name__ == "__main__":
    main()
