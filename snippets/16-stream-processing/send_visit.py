"""Send one visit per user named on the command line: python send_visit.py alice bob"""

from __future__ import annotations

import json
import sys

from common import BOOTSTRAP, VISITS_TOPIC
from kafka import KafkaProducer


def main() -> None:
    users = sys.argv[1:] or sys.exit("usage: python send_visit.py USER [USER...]")
    producer = KafkaProducer(bootstrap_servers=BOOTSTRAP)
    try:
        for user in users:
            value = json.dumps({"user": user}).encode()
            producer.send(VISITS_TOPIC, key=user.encode(), value=value)
        producer.flush()
    finally:
        producer.close()
    print(f"sent {len(users)} visit(s): {' '.join(users)}")


if __name__ == "__main__":
    main()
