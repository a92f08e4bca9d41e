"""The advertised-listener mistake: bootstrap works, then every connection fails.

A client uses its bootstrap address only to fetch metadata. After that it connects to
the addresses the brokers *advertise* (`advertised.listeners`). To show the mistake
without reconfiguring the lab's brokers, a tiny TCP proxy stands in front of a broker:

- broken: the proxy rewrites 127.0.0.1 to 127.0.0.9 in every answer, as a broker
  with `advertised.listeners=PLAINTEXT://127.0.0.9:<port>` would answer. Nothing
  listens there.
- fixed: the proxy passes the answers unchanged: the brokers advertise 127.0.0.1, which
  this client can reach.

The client's own log (logger `kafka.net.manager`) names every address it connects to.
"""

from __future__ import annotations

import logging
import socket
import threading
import time

from common import BOOTSTRAP, fresh_topic
from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import KafkaAdminClient

TOPIC = "lesson21-reachable"


def relay(src: socket.socket, dst: socket.socket, rewrite: bool) -> None:
    """Copy whole Kafka frames (4-byte size, then the body) from src to dst."""
    try:
        while True:
            head = src.recv(4, socket.MSG_WAITALL)
            if len(head) < 4:
                return
            size = int.from_bytes(head, "big")
            body = b""
            while len(body) < size:
                chunk = src.recv(size - len(body))
                if not chunk:
                    return
                body += chunk
            if rewrite:  # same length, so every size field stays valid
                body = body.replace(b"127.0.0.1", b"127.0.0.9")
            dst.sendall(head + body)
    except OSError:
        return
    finally:
        src.close()
        dst.close()


def start_proxy(target: tuple[str, int], rewrite: bool) -> int:
    """Forward each connection on a free local port to target; return the port."""
    server = socket.create_server(("127.0.0.1", 0))

    def accept() -> None:
        while True:
            client, _ = server.accept()
            broker = socket.create_connection(target)
            for src, dst, rw in ((client, broker, False), (broker, client, rewrite)):
                threading.Thread(target=relay, args=(src, dst, rw), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    return server.getsockname()[1]


class Addresses(logging.Handler):
    """Collects, from the client's log, the addresses it connects to and its errors."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.seen: set[str] = set()
        self.errors = 0

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith("Initializing connection for node_id"):
            self.seen.add(message.split(" at ")[1].split(" ")[0])
        if record.levelno >= logging.ERROR:
            self.errors += 1


def consume_through(port: int) -> tuple[int, Addresses]:
    """Read TOPIC for at most 6 s, bootstrapping through the proxy at `port`."""
    log = Addresses()
    logging.getLogger("kafka.net.manager").addHandler(log)
    # --8<-- [start:consume]
    consumer = KafkaConsumer(
        bootstrap_servers=f"127.0.0.1:{port}", reconnect_backoff_max_ms=1000
    )
    try:
        consumer.assign([TopicPartition(TOPIC, 0)])
        consumer.seek_to_beginning()
        records = 0
        deadline = time.monotonic() + 6
        while time.monotonic() < deadline and records < 3:
            batch = consumer.poll(timeout_ms=500)  # never raises for this
            records += sum(len(rs) for rs in batch.values())
    # --8<-- [end:consume]
    finally:
        consumer.close()
        logging.getLogger("kafka.net.manager").removeHandler(log)
    return records, log


def main() -> None:
    logging.getLogger("kafka").setLevel(logging.INFO)
    logging.getLogger("kafka").addHandler(logging.NullHandler())
    fresh_topic(TOPIC, partitions=1, replicas=3)
    with KafkaProducer(bootstrap_servers=BOOTSTRAP, acks="all") as producer:
        for i in range(3):
            producer.send(TOPIC, f"hello {i}".encode()).get(timeout=30)
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson21-admin")
    try:  # diagnosis: what does each broker advertise?
        brokers = admin.describe_cluster()["brokers"]
    finally:
        admin.close()
    for b in sorted(brokers, key=lambda b: b["broker_id"]):
        print(f"broker {b['broker_id']} advertises {b['host']}:{b['port']}")
    host, port = BOOTSTRAP.split(",")[0].rsplit(":", 1)
    for rewrite, label in ((True, "broken"), (False, "fixed")):
        proxy = start_proxy((host, int(port)), rewrite)
        records, log = consume_through(proxy)
        hosts = sorted({a.rsplit(":", 1)[0] for a in log.seen} - {"127.0.0.1"})
        hosts = hosts or ["127.0.0.1"]  # the proxy's own host is not a broker host
        print(f"{label}: bootstrap through the proxy answered; the client then")
        print(f"  connected to host {', '.join(hosts)}, read {records} records,")
        print(f"  logged {'some' if log.errors else 'no'} connection errors")
        if rewrite:
            assert records == 0 and log.errors > 0, "expected no records, and errors"
        else:
            assert records == 3 and log.errors == 0, "expected 3 records, no errors"


if __name__ == "__main__":
    main()
