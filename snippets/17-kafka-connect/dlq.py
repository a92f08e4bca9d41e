"""Step 6: a malformed record goes to a dead-letter queue, and the sink goes on.

Three records reach lesson17-payments; the second is not JSON. The sink connector
tolerates errors (errors.tolerance=all) and sends each record it cannot convert to
lesson17-dlq, with headers that say where it came from and what failed.
"""

from __future__ import annotations

import tempfile
import textwrap
import time
from pathlib import Path

from connect_rest import create_connector, delete_connector, wait_for_state
from kafka import KafkaProducer
from topics import BOOTSTRAP, read_all, recreate_topic

NAME = "lesson17-dlq-sink"
TOPIC = "lesson17-payments"
DLQ = "lesson17-dlq"

delete_connector(NAME)  # first: its consumer would recreate the topic
recreate_topic(TOPIC)
recreate_topic(DLQ)
producer = KafkaProducer(bootstrap_servers=BOOTSTRAP, client_id="lesson17-producer")
try:
    for value in (b'{"amount": 10}', b"amount: twenty", b'{"amount": 30}'):
        producer.send(TOPIC, value)
    producer.flush()
finally:
    producer.close()

sink_file = Path(tempfile.mkdtemp(prefix="lesson17-")) / "payments.txt"
# --8<-- [start:errors]
create_connector(
    NAME,
    {
        "connector.class": "org.apache.kafka.connect.file.FileStreamSinkConnector",
        "topics": TOPIC,
        "file": str(sink_file),
        "value.converter": "org.apache.kafka.connect.json.JsonConverter",
        "value.converter.schemas.enable": "false",
        "errors.tolerance": "all",  # default: none (the task fails)
        "errors.deadletterqueue.topic.name": DLQ,
        "errors.deadletterqueue.topic.replication.factor": "1",  # default 3
        "errors.deadletterqueue.context.headers.enable": "true",
    },
)
# --8<-- [end:errors]
wait_for_state(NAME, "RUNNING")
deadline = time.monotonic() + 20
lines: list[str] = []
while len(lines) < 2 and time.monotonic() < deadline:
    time.sleep(0.5)
    lines = sink_file.read_text().splitlines() if sink_file.exists() else []
print(f"{sink_file.name}: {lines}")
assert lines == ["{amount=10}", "{amount=30}"], lines

dead = read_all(DLQ, 1)[0]
print(f"{DLQ} offset {dead.offset}: {dead.value!r}")
headers = {key: value.decode() for key, value in dead.headers}
for key in ("topic", "partition", "offset", "stage", "class.name",
            "exception.class.name", "exception.message"):  # fmt: skip
    line = f"  __connect.errors.{key}: {headers['__connect.errors.' + key]}"
    print(textwrap.shorten(line, 86, placeholder=" ..."))
assert headers["__connect.errors.offset"] == "1"
