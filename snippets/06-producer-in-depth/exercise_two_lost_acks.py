"""Exercise: lose two acknowledgements in a row. How many copies now?

Reuses the functions of idempotence_retry.py (beside this file): the proxy loses
the broker's answers to the first two Produce requests, so the producer sends the
same batch three times.
"""

import os

from idempotence_retry import count_copies, recreate_topic, send_once_losing_acks
from kafka.admin import KafkaAdminClient

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson06-admin")
    copies = {}
    try:
        for idempotent in (True, False):
            topic = f"lesson06-two-lost-{'on' if idempotent else 'off'}"
            recreate_topic(admin, topic)
            requests, _ = send_once_losing_acks(topic, idempotent, lost=2)
            copies[idempotent] = count_copies(topic)
            print(
                f"enable_idempotence={idempotent}: {requests} produce requests, "
                f"{copies[idempotent]} on topic"
            )
    finally:
        admin.close()
    assert copies == {True: 1, False: 3}


if __name__ == "__main__":
    main()
