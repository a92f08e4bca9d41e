"""Size a Kafka cluster from stated inputs: disk, network, brokers and partitions.

Every figure it prints is computed below from the inputs in `Workload` and `Hardware`,
and, for partitions, from the per-partition throughput that `measure.py` observed on
your lab (read from its JSON file). Change an input and run it again.
"""

from __future__ import annotations

import json
import math
import os
import sys
import tempfile
from dataclasses import dataclass

MEASURED = os.path.join(tempfile.gettempdir(), "lesson20-measured.json")


# --8<-- [start:inputs]
@dataclass(frozen=True)
class Workload:
    records_per_s: float = 20_000  # average, at today's load
    record_bytes: int = 1_000  # as stored: after compression, with overhead
    peak_factor: float = 3.0  # the busiest hour against the average
    growth: float = 2.0  # load in 12 months against today (applied once)
    retention_days: float = 7
    replication_factor: int = 3
    consumer_groups: int = 3  # each one reads everything
    max_consumers: int = 12  # the most instances one group will run in parallel


@dataclass(frozen=True)
class Hardware:
    disk_tb: float = 12.0  # usable data disk per broker
    disk_fill: float = 0.6  # plan to fill at most this share of it
    nic_mb_s: float = 1250  # 10 Gbit/s
    nic_fill: float = 0.5  # headroom to re-replicate after a failure


# --8<-- [end:inputs]


# --8<-- [start:formulas]
def plan(w: Workload, h: Hardware, part_in: float, part_out: float) -> dict[str, float]:
    mb = 1e6
    avg_in = w.records_per_s * w.record_bytes * w.growth / mb  # MB/s written
    peak_in = avg_in * w.peak_factor
    # Disk: the average rate fills the retention window, once per replica.
    stored_tb = avg_in * mb * 86_400 * w.retention_days * w.replication_factor / 1e12
    # Network, at peak: into the brokers, producers plus replication traffic;
    # out of them, every consumer group plus the followers' fetches.
    net_in = peak_in * w.replication_factor
    net_out = peak_in * (w.consumer_groups + w.replication_factor - 1)
    # Brokers: enough for the disk, for the network, and for the replicas.
    for_disk = math.ceil(stored_tb / (h.disk_tb * h.disk_fill))
    for_net = math.ceil(max(net_in, net_out) / (h.nic_mb_s * h.nic_fill))
    brokers = max(for_disk, for_net, w.replication_factor)
    # Partitions: enough that each one carries its share of the peak (measured
    # per-partition rates), and one per consumer of the largest group.
    for_rate = math.ceil(max(peak_in / part_in, peak_in / part_out))
    partitions = max(for_rate, w.max_consumers)
    return {"avg_in": avg_in, "peak_in": peak_in, "stored_tb": stored_tb,
            "net_in": net_in, "net_out": net_out, "for_disk": for_disk,
            "for_net": for_net, "brokers": brokers, "for_rate": for_rate,
            "partitions": partitions}  # fmt: skip


# --8<-- [end:formulas]


def main() -> None:
    try:
        with open(MEASURED) as f:
            measured = json.load(f)
    except FileNotFoundError:
        sys.exit(f"{MEASURED} is missing: run measure.py first, it writes it")
    part_in, part_out = measured["produce_mb_s"], measured["consume_mb_s"]
    w, h = Workload(), Hardware()
    p = plan(w, h, part_in, part_out)
    assert p["brokers"] >= w.replication_factor
    assert p["partitions"] >= w.max_consumers
    assert p["net_out"] >= p["peak_in"] * w.consumer_groups
    print(f"write rate    {p['avg_in']:8.1f} MB/s average, {p['peak_in']:.1f} at peak")
    print(f"stored        {p['stored_tb']:8.1f} TB ({w.retention_days:g} days x "
          f"{w.replication_factor} replicas)")  # fmt: skip
    print(f"network in    {p['net_in']:8.1f} MB/s at peak (all brokers together)")
    print(f"network out   {p['net_out']:8.1f} MB/s at peak")
    print(f"brokers       {p['brokers']:8d} (disk {p['for_disk']}, network "
          f"{p['for_net']}, replicas {w.replication_factor})")  # fmt: skip
    print(
        f"measured here: {part_in:.1f} MB/s in, {part_out:.1f} MB/s out per partition"
    )
    print(f"partitions    {p['partitions']:8d} (rate {p['for_rate']}, consumers "
          f"{w.max_consumers}; this laptop's figures)")  # fmt: skip


if __name__ == "__main__":
    main()
