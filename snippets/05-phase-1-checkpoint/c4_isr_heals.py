"""Challenge 4, last step: broker 3 restarts, catches up and rejoins the ISRs."""

import os
import time

from kafka.admin import KafkaAdminClient

TOPIC = "lesson05-orders"


BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson05-admin")
    try:
        deadline = time.monotonic() + 60
        while True:
            [description] = admin.describe_topics([TOPIC])
            isrs = {tuple(sorted(p["isr_nodes"])) for p in description["partitions"]}
            if isrs == {(1, 2, 3)}:
                break
            assert time.monotonic() < deadline, f"ISR did not heal: {isrs}"
            time.sleep(0.5)
        print(f"every partition of {TOPIC} is in sync on brokers [1, 2, 3] again")
    finally:
        admin.close()


if __name__ == "__main__":
    main()
