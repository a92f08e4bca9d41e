"""Shared by Lesson 12's snippets: scrape Prometheus exporters, parse what they serve.

Each lab node runs the Prometheus JMX exporter, which serves the node's metrics as text
at http://127.0.0.1:<port>/metrics. A line of that text is one sample:

    kafka_server_replicamanager_underreplicatedpartitions 0.0
    kafka_network_requestmetrics_totaltimems{quantile="0.99",request="Produce"} 3.0

KAFKA_METRICS_URLS lists the exporters to scrape, comma-separated; the default is the
3-broker lab's brokers (17071, 27071, 37071) and its controller (19071).
"""

import os
import re
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

DEFAULT_TARGETS = "17071,27071,37071,19071"
TARGETS = os.environ.get(
    "KAFKA_METRICS_URLS",
    ",".join(f"http://127.0.0.1:{p}/metrics" for p in DEFAULT_TARGETS.split(",")),
).split(",")

SAMPLE = re.compile(r"^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)")
LABEL = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')


@dataclass
class Sample:
    name: str
    labels: dict[str, str]
    value: float


@dataclass
class Scrape:
    instance: str  # host:port, as Prometheus labels a target
    up: bool  # the target answered
    seconds: float = 0.0
    size: int = 0  # bytes of text
    samples: list[Sample] = field(default_factory=list)

    def value(self, name: str, **labels: str) -> float | None:
        """The value of the first sample with this name and these labels, or None."""
        for s in self.samples:
            if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()):
                return s.value
        return None


def parse(text: str, instance: str) -> list[Sample]:
    """Samples of the Prometheus text format; each gets an `instance` label."""
    samples = []
    for line in text.splitlines():
        match = SAMPLE.match(line)
        if line.startswith("#") or not match:
            continue
        name, labels, value = match.groups()
        found = dict(LABEL.findall(labels or ""))
        samples.append(Sample(name, found | {"instance": instance}, float(value)))
    return samples


def scrape(url: str, timeout: float = 10.0) -> Scrape:
    """GET one exporter. A target that does not answer is `up=False`, not an error."""
    instance = url.split("//", 1)[-1].split("/", 1)[0]
    start = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            body = response.read()
    except OSError:  # refused, timed out: Prometheus records up=0 for the target
        return Scrape(instance, up=False)
    seconds = time.monotonic() - start
    samples = parse(body.decode(), instance)
    return Scrape(instance, True, seconds, len(body), samples)


def scrape_all(urls: list[str] = TARGETS) -> list[Scrape]:
    """Scrape every target at once, as Prometheus does, each in its own thread."""
    with ThreadPoolExecutor(max_workers=len(urls)) as pool:
        return list(pool.map(scrape, urls))
