"""A topic's partition count can only grow: the broker refuses to shrink it.

Asks for 3 partitions on the 6-partition topic of the previous step and prints the
broker's answer. To get fewer partitions you create a new topic and move producers and
consumers to it.
"""

import os

from kafka.admin import KafkaAdminClient
from kafka.errors import InvalidPartitionsError, for_code

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson02-grow"


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson02-admin")
    try:
        response = admin.create_partitions({TOPIC: 3}, raise_errors=False)
        [result] = response.results
        print(f"asked for 3 partitions: {for_code(result.error_code).message}")
        print(f"  {result.error_message}")
        assert result.error_code == InvalidPartitionsError.errno, (
            "the broker should refuse"
        )
        [description] = admin.describe_topics([TOPIC])
        print(f"{TOPIC} still has {len(description['partitions'])} partitions")
    finally:
        admin.close()


if __name__ == "__main__":
    main()
