"""Lesson 22's latency harness: from send() to the consumer, in one process.

A producer sends records at a steady rate; each value carries the time of its send()
(`time.perf_counter()`, one clock for every thread of the process). Consumers in
background threads read the topic and record, for each record, the time it reached
the application minus its send time. `sweep` runs a warm-up, then interleaved
repeats of every producer setting; `summary` keeps each run's p50 and p99, their
median and their range. Every plot says where and when it was measured. The lesson's
notebook imports this module; it needs kafka-python, lz4, zstandard and matplotlib.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import threading
import time
from collections import defaultdict
from datetime import UTC, datetime
from importlib.metadata import version

import matplotlib.pyplot as plt
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import NewTopic
from kafka.errors import TopicAlreadyExistsError, UnknownTopicOrPartitionError

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
PREFIX = "lesson22-"
RATE = 50  # records per second, sent at a steady pace
SECONDS = 1.6  # per measured run: 80 records
REPEATS = 3  # measured runs per setting, after a warm-up round
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
    )
    WHEN = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"broker: {BOOTSTRAP} | {WHEN}\n{WHERE}"


def admin() -> KafkaAdminClient:
    global _admin
    if _admin is None:
        _admin = KafkaAdminClient(
            bootstrap_servers=BOOTSTRAP, client_id=PREFIX + "admin"
        )
    return _admin


def fresh_topic(name: str) -> str:
    """Delete and re-create the one-partition topic lesson22-<name>, so it is empty."""
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


def stamped(run: str, i: int) -> bytes:
    """A record value: the run's name, its number, and the time of this send()."""
    text = json.dumps({"run": run, "i": i, "sent": time.perf_counter()})
    return text.ljust(RECORD_SIZE).encode()


class Receiver(threading.Thread):
    """A consumer in a background thread: for every record, now - its send time."""

    def __init__(self, topic: str, **config) -> None:
        super().__init__(daemon=True)
        self.consumer = KafkaConsumer(
            bootstrap_servers=BOOTSTRAP, client_id=PREFIX + "receiver", **config
        )
        tp = TopicPartition(topic, 0)
        self.consumer.assign([tp])
        self.consumer.seek_to_end(tp)
        self.consumer.position(tp)  # resolved now: it reads only what comes next
        self.ms: dict[str, list[float]] = defaultdict(list)  # run -> latencies
        self.stopping = threading.Event()
        self.error: BaseException | None = None

    # --8<-- [start:receive]
    def run(self) -> None:
        try:
            while not self.stopping.is_set():
                batches = self.consumer.poll(timeout_ms=100)
                now = time.perf_counter()  # the records reached the application
                for records in batches.values():
                    for record in records:
                        value = json.loads(record.value)
                        ms = (now - value["sent"]) * 1000
                        self.ms[value["run"]].append(ms)
        except BaseException as exc:  # reported by wait_for()
            self.error = exc
        finally:
            self.consumer.close()

    # --8<-- [end:receive]

    def wait_for(self, run: str, count: int, seconds: float = 15) -> None:
        """Wait until this receiver has read `count` records of `run`."""
        deadline = time.monotonic() + seconds
        while len(self.ms[run]) < count:
            assert self.error is None, self.error
            assert self.is_alive(), "the receiver thread has stopped"
            assert time.monotonic() < deadline, (run, len(self.ms[run]), count)
            time.sleep(0.02)

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=10)


# --8<-- [start:send]
def send_paced(config: dict, topic: str, run: str, receivers: list) -> dict:
    """Send RATE records a second for SECONDS with this producer config; wait
    until every receiver has read them all. Returns the producer's metrics."""
    producer = KafkaProducer(
        bootstrap_servers=BOOTSTRAP, client_id=PREFIX + "sender", **config
    )
    try:
        producer.send(topic, stamped(run + " cold", 0)).get(timeout=30)
        count = int(RATE * SECONDS)
        start = time.perf_counter()
        for i in range(count):  # one record every 1/RATE s, on a schedule
            pause = start + i / RATE - time.perf_counter()
            time.sleep(max(pause, 0))
            producer.send(topic, stamped(run, i))
        producer.flush(timeout=30)
        for receiver in receivers:
            receiver.wait_for(run, count)
        return producer.metrics()["producer-metrics"]
    finally:
        producer.close(timeout=10)


# --8<-- [end:send]


def percentile(values: list[float], p: int) -> float:
    """The p-th percentile (1..99) of the values."""
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def summary(runs: list[list[float]], **extra: float) -> dict:
    """Each run's p50 and p99 (ms): the median over the runs and the range."""
    p50 = [percentile(r, 50) for r in runs]
    p99 = [percentile(r, 99) for r in runs]
    return {
        "p50": statistics.median(p50),
        "p50_runs": (min(p50), max(p50)),
        "p99": statistics.median(p99),
        "p99_runs": (min(p99), max(p99)),
        **extra,
    }


def sweep(settings: dict[str, dict], topic: str, receiver: Receiver) -> dict:
    """Measure every producer setting: one warm-up run (not kept), then REPEATS
    interleaved rounds of every setting. Each result also has the median
    compression rate the producer reported and the first ("cold") record's latency."""
    send_paced({}, topic, "warm-up", [receiver])
    rates: dict[str, list[float]] = defaultdict(list)
    for r in range(1, REPEATS + 1):
        for name, config in settings.items():
            metrics = send_paced(config, topic, f"{name}/{r}", [receiver])
            rates[name].append(metrics["compression-rate-avg"])
    rounds = range(1, REPEATS + 1)
    return {
        name: summary(
            [receiver.ms[f"{name}/{r}"] for r in rounds],
            compression=statistics.median(rates[name]),
            cold=statistics.median(receiver.ms[f"{name}/{r} cold"][0] for r in rounds),
        )
        for name in settings
    }


def overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Do two ranges of runs overlap? Then this run cannot tell them apart."""
    return max(a[0], b[0]) <= min(a[1], b[1])


def table(results: dict[str, dict]) -> None:
    """One line per setting: the median p50 and p99 of the runs (ms) with their
    range, and whether the p50 runs overlap those of the first setting."""
    first = next(iter(results.values()))
    print(f"{'setting':<16}{'p50 ms':>8} {'runs':<14}{'p99 ms':>8} {'runs':<14}overlap")
    for name, r in results.items():
        p50 = "{:.1f}..{:.1f}".format(*r["p50_runs"])
        p99 = "{:.1f}..{:.1f}".format(*r["p99_runs"])
        if r is first:
            verdict = "-"
        else:
            verdict = "yes" if overlap(r["p50_runs"], first["p50_runs"]) else "NO"
        p50 = f"{r['p50']:>8.1f} {p50:<14}"
        print(f"{name:<16}{p50}{r['p99']:>8.1f} {p99:<14}{verdict}")


def plot(results: dict[str, dict], title: str, xlabel: str) -> None:
    """p50 and p99 per setting (median of the runs, their range as error bars),
    on a log scale: a tail ten times the median is common."""
    fig, ax = plt.subplots(figsize=(8, 3.4))
    names = list(results)
    x = range(len(names))
    for shift, key, color in ((-0.2, "p50", "#3f51b5"), (0.2, "p99", "#ff7043")):
        med = [results[n][key] for n in names]
        low = [results[n][key] - results[n][key + "_runs"][0] for n in names]
        high = [results[n][key + "_runs"][1] - results[n][key] for n in names]
        ax.bar([i + shift for i in x], med, 0.4, yerr=[low, high], capsize=3,
               color=color, label=key)  # fmt: skip
    ax.set_xticks(list(x), names)
    ax.set_yscale("log")
    ax.set_ylabel("end-to-end latency, ms")
    ax.set_xlabel(xlabel)
    ax.legend()
    fig.suptitle(f"{title}\n{WHEN} | {WHERE}", fontsize=8)
    fig.tight_layout()
    plt.show()


def cleanup() -> str:
    """Delete the topics this harness created, and close the admin client."""
    topics = sorted(_created)
    if topics:
        admin().delete_topics(topics, timeout_ms=30_000)
    admin().close()
    return f"deleted the {len(topics)} topics this lesson created ({PREFIX}*)"
