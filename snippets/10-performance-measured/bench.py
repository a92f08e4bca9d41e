"""The benchmark harness of Lesson 10: time sends and reads honestly, one broker.

A run is timed from the first send until the broker acknowledged the last record
(flush), and fails if any record failed. `measure` runs an uncounted warm-up round,
then interleaved repeats of every setting; `summary` keeps the median and the range
of the runs. Every plot says where and when it was measured. The lesson's notebook
imports this module; it needs kafka-python, confluent-kafka and matplotlib (and the
Kafka CLI tools on PATH for the Java reference).
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from importlib.metadata import version

import confluent_kafka
import matplotlib.pyplot as plt
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import NewTopic
from kafka.errors import TopicAlreadyExistsError, UnknownTopicOrPartitionError

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
PREFIX = "lesson10-"
RECORDS = 1000  # records per measured run of a sweep: short runs
REPEATS = 3  # measured runs per setting, after an uncounted warm-up round
RECORD_SIZE = 200  # bytes per record value
WHEN = WHERE = ""  # set by where_and_when()

_admin: KafkaAdminClient | None = None
_created: set[str] = set()


def where_and_when() -> str:
    """The machine, the Kafka and client versions and the time, for every plot."""
    global WHEN, WHERE
    tools = subprocess.run(
        ["kafka-topics.sh", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    WHERE = (
        f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}"
        f" | Kafka {tools.stdout.split()[-1]}"
        f" | kafka-python {version('kafka-python')}"
        f" | confluent-kafka {version('confluent-kafka')}"
    )
    WHEN = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"broker: {BOOTSTRAP} | {WHEN}\n{WHERE}"


def event(i: int) -> bytes:
    """One record value: a small JSON event, padded to RECORD_SIZE bytes."""
    text = (
        f'{{"user": "u{i % 50}", "action": "view", "path": "/p/{i % 200}", "n": {i}}}'
    )
    return text.ljust(RECORD_SIZE).encode()


PAYLOADS = [event(i) for i in range(RECORDS)]


def admin() -> KafkaAdminClient:
    global _admin
    if _admin is None:
        _admin = KafkaAdminClient(
            bootstrap_servers=BOOTSTRAP, client_id=PREFIX + "admin"
        )
    return _admin


def fresh_topic(name: str) -> str:
    """Delete and re-create the one-partition topic lesson10-<name>, so it is empty."""
    topic = PREFIX + name
    try:
        admin().delete_topics([topic], timeout_ms=30_000)
    except UnknownTopicOrPartitionError:
        pass
    deadline = time.monotonic() + 30
    while True:
        try:
            admin().create_topics([NewTopic(topic, 1, 1)])
            _created.add(topic)
            return topic
        except TopicAlreadyExistsError:  # still being deleted
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def log_bytes(topic: str) -> int:
    """The topic's size on the broker, from the DescribeLogDirs admin request."""
    for broker in admin().describe_log_dirs(topic_partitions=[topic]):
        for log_dir in broker["log_dirs"]:
            for t in log_dir["topics"]:
                if t["name"] == topic:
                    return sum(p["partition_size"] for p in t["partitions"])
    raise LookupError(f"{topic} is in no log directory")


def end_offset(topic: str) -> int:
    consumer = KafkaConsumer(bootstrap_servers=BOOTSTRAP)
    try:
        tp = TopicPartition(topic, 0)
        return consumer.end_offsets([tp])[tp]
    finally:
        consumer.close()


def kafka_python_run(
    config: dict, topic: str, payloads: list[bytes]
) -> tuple[float, float]:
    """Send with kafka-python: (seconds, first send to last ack; records/request)."""
    producer = KafkaProducer(
        bootstrap_servers=BOOTSTRAP, client_id=PREFIX + "bench", **config
    )
    try:
        # Not timed: the connection and the metadata.
        producer.send(topic, b"connect").get(timeout=30)
        start = time.perf_counter()
        futures = [producer.send(topic, value) for value in payloads]
        producer.flush(timeout=120)  # raises KafkaTimeoutError if longer
        elapsed = time.perf_counter() - start
        failed = [f.exception for f in futures if f.failed()]
        assert not failed, f"{len(failed)} records failed, e.g. {failed[0]!r}"
        metrics = producer.metrics()["producer-metrics"]
        return elapsed, metrics["records-per-request-avg"]
    finally:
        producer.close(timeout=10)


def measure(settings: dict, run: Callable, repeats: int = REPEATS) -> dict[str, list]:
    """Run every setting once as a warm-up (not kept), then `repeats` rounds."""
    results: dict[str, list] = {name: [] for name in settings}
    for round_number in range(repeats + 1):
        for name, config in settings.items():
            result = run(config)
            if round_number > 0:
                results[name].append(result)
    return results


def summary(seconds: list[float], records: int = RECORDS, **extra: float) -> dict:
    """The median records/s and MB/s, and the slowest and fastest run."""
    rates = [records / s for s in seconds]
    median = statistics.median(rates)
    return {
        "rec_s": median,
        "mb_s": median * RECORD_SIZE / 1e6,
        "low": min(rates),
        "high": max(rates),
        **extra,
    }


def sweep(settings: dict[str, dict], topics: dict[str, str] | None = None) -> dict:
    """Measure kafka-python with each setting, RECORDS records a run, to topics[name]
    (default: lesson10-bench); each result also has the median records per request."""
    default = fresh_topic("bench")
    names = {repr(config): name for name, config in settings.items()}

    def run(config: dict) -> tuple[float, float]:
        topic = (topics or {}).get(names[repr(config)], default)
        return kafka_python_run(config, topic, PAYLOADS)

    runs = measure(settings, run)
    return {
        name: summary(
            [s for s, _ in runs[name]],
            per_request=statistics.median(n for _, n in runs[name]),
        )
        for name in settings
    }


def overlap(a: dict, b: dict) -> bool:
    """Do the runs of two results overlap? Then this run cannot tell them apart."""
    return max(a["low"], b["low"]) <= min(a["high"], b["high"])


def table(results: dict[str, dict], **columns: str) -> None:
    """One line per setting: median records/s, the range of the runs, the ratio to the
    first setting, whether their runs overlap; `columns` adds keys (title=key)."""
    first = next(iter(results.values()))
    extra = "".join(f"{title:>13}" for title in columns)
    print(
        f"{'setting':<20}{'records/s':>10}  {'runs':<16}{'vs 1st':>7}  overlap{extra}"
    )
    for name, r in results.items():
        runs = f"{r['low']:,.0f}..{r['high']:,.0f}"
        ratio = r["rec_s"] / first["rec_s"]
        verdict = "-" if r is first else ("yes" if overlap(r, first) else "NO")
        cells = "".join(f"{r[key]:>13,.1f}" for key in columns.values())
        median = f"{r['rec_s']:>10,.0f}"
        line = f"{name:<20}{median}  {runs:<16}{ratio:>6.2f}x  {verdict:<7}{cells}"
        print(line.rstrip())


def bar_plot(results: dict[str, dict], title: str, xlabel: str, also: str = "") -> None:
    """Median records/s per setting, the range of the runs as error bars; `also` adds
    a second panel with that key of each result (bytes per record on the broker)."""
    fig, axes = plt.subplots(1, 2 if also else 1, figsize=(9 if also else 8, 3.4))
    ax = axes[0] if also else axes
    names = list(results)
    med = [results[n]["rec_s"] for n in names]
    below = [results[n]["rec_s"] - results[n]["low"] for n in names]
    above = [results[n]["high"] - results[n]["rec_s"] for n in names]
    ax.bar(names, med, yerr=[below, above], capsize=4, color="#3f51b5")
    ax.set_ylabel("records/s (median, range)")
    if also:
        axes[1].bar(names, [results[n][also] for n in names], color="#ff7043")
        axes[1].set_ylabel("bytes on the broker per record")
    for a in axes if also else [ax]:
        a.set_xlabel(xlabel)
    fig.suptitle(f"{title}\n{WHEN} | {WHERE}", fontsize=8)
    fig.tight_layout()
    plt.show()


def java_perf_test(
    topic: str, payloads: list[bytes], records: int, props: dict
) -> tuple[float, str]:
    """Run kafka-producer-perf-test.sh with these records and settings: its steady-state
    records/s (the first half of the records is its warm-up) and its summary line."""
    warmup = records // 2  # the JIT compiler needs a long warm-up
    with tempfile.NamedTemporaryFile("wb", suffix=".txt", delete=False) as f:
        f.write(b"\n".join(payloads))  # one record per line
    try:
        # fmt: off
        java = subprocess.run(
            ["kafka-producer-perf-test.sh", "--bootstrap-server", BOOTSTRAP,
             "--topic", topic, "--num-records", str(records),
             "--warmup-records", str(warmup), "--payload-file", f.name,
             "--throughput", "-1", "--command-property",
             *[f"{k}={v}".lower() for k, v in props.items()]],
            capture_output=True, text=True, timeout=180, check=True,
        )
        # fmt: on
    finally:
        os.unlink(f.name)
    steady = re.search(
        r"(\d+) steady state records sent, ([\d.]+) records/sec", java.stdout
    )
    assert steady, f"no steady-state summary in:\n{java.stdout}"
    return float(steady.group(2)), steady.group(0)


def confluent_run(config: dict, topic: str, payloads: list[bytes]) -> float:
    """Send with confluent-kafka: seconds from the first send to the last ack."""
    producer = confluent_kafka.Producer({"bootstrap.servers": BOOTSTRAP, **config})
    errors: list = []

    def on_delivery(err, msg) -> None:
        if err is not None:
            errors.append(err)

    producer.produce(topic, b"connect")
    assert producer.flush(30) == 0  # connection, metadata: not timed
    start = time.perf_counter()
    for value in payloads:
        while True:
            try:
                producer.produce(topic, value, on_delivery=on_delivery)
                break
            except BufferError:  # the local queue is full: serve the callbacks
                producer.poll(0.05)
    left = producer.flush(120)
    elapsed = time.perf_counter() - start
    assert left == 0 and not errors, (left, errors[:3])
    return elapsed


class Trickle(threading.Thread):
    """A producer in the background: `per_second` records a second for `seconds`."""

    def __init__(self, topic: str, per_second: int, seconds: float) -> None:
        super().__init__(daemon=True)
        self.topic, self.per_second, self.seconds = topic, per_second, seconds
        self.sent = 0
        self.error: BaseException | None = None

    def run(self) -> None:
        producer = KafkaProducer(
            bootstrap_servers=BOOTSTRAP, client_id=PREFIX + "trickle"
        )
        try:
            start = time.monotonic()
            while (elapsed := time.monotonic() - start) < self.seconds:
                due = int(elapsed * self.per_second) + 1
                for i in range(self.sent, due):
                    producer.send(self.topic, event(i))
                self.sent = due  # sent: a reader can never be ahead of it
                producer.flush(timeout=30)
                time.sleep(0.01)
        except BaseException as exc:  # reported by the notebook's assert
            self.error = exc
        finally:
            producer.close(timeout=10)


def reader(topic: str, **config) -> KafkaConsumer:
    """A consumer of partition 0 of `topic` from its beginning, without a group."""
    consumer = KafkaConsumer(
        bootstrap_servers=BOOTSTRAP, enable_auto_commit=False, **config
    )
    tp = TopicPartition(topic, 0)
    consumer.assign([tp])
    consumer.seek_to_beginning(tp)
    return consumer


def watch(
    producer: Trickle, readers: dict[str, KafkaConsumer], limit: float = 30.0
) -> tuple[dict[str, int], dict[str, int], float]:
    """Poll every reader while the producer runs, until all have read everything it sent
    (at most `limit` seconds), printing every 0.5 s how far behind each one is.
    Returns the records each read, its polls that returned records, and the seconds."""
    read = dict.fromkeys(readers, 0)
    fetches = dict.fromkeys(readers, 0)
    print("   t   sent | " + " | ".join(f"{n + ': read':>18} behind" for n in readers))
    start, tick = time.monotonic(), 0.5
    while (elapsed := time.monotonic() - start) < limit:
        if not producer.is_alive() and min(read.values()) >= producer.sent:
            break
        for name, consumer in readers.items():
            got = sum(len(batch) for batch in consumer.poll(timeout_ms=20).values())
            read[name] += got
            fetches[name] += got > 0
        if elapsed >= tick:
            tick += 0.5
            _tick(elapsed, producer.sent, read)
    _tick(elapsed, producer.sent, read)
    for consumer in readers.values():
        consumer.close()
    return read, fetches, elapsed


def _tick(elapsed: float, sent: int, read: dict[str, int]) -> None:
    cols = " | ".join(f"{read[n]:>18} {sent - read[n]:>6}" for n in read)
    print(f"{elapsed:4.1f}s {sent:6} | {cols}")


def wait_until(condition: Callable[[], bool], seconds: float = 30) -> None:
    """Wait until `condition()` is true; AssertionError after `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"still false after {seconds} s"
        time.sleep(0.1)


def cleanup() -> str:
    """Delete the topics this harness created, and close the admin client."""
    topics = sorted(_created)
    if topics:
        admin().delete_topics(topics, timeout_ms=30_000)
    admin().close()
    return f"deleted the {len(topics)} topics this lesson created ({PREFIX}*)"
