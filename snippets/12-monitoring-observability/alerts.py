"""Evaluate kafka-alerts.yml (Prometheus alerting rules) once, on values scraped now.

This is not Prometheus. It reads the same rule file and understands one shape of
expression, the one the rules use:

    [sum|max|min [by (label, ...)]] (metric[{label="value", ...}]) OP number

A rule whose expression is true is *pending*; Prometheus would fire it only after it has
stayed true for the rule's `for:` duration. Consumer lag is not a broker metric: it is
computed from offsets (end offset minus committed offset) for the groups named as
arguments (default: lesson12-slow, from lag_from_offsets.py), as
kafka_consumergroup_lag samples.

    python alerts.py [group ...]
"""

import operator
import os
import re
import sys
from pathlib import Path

import yaml
from kafka.admin import KafkaAdminClient, OffsetSpec
from prom import Sample, Scrape, scrape_all

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
RULES = Path(__file__).with_name("kafka-alerts.yml")
OPS = {">": operator.gt, "<": operator.lt, ">=": operator.ge, "<=": operator.le}
OPS |= {"==": operator.eq, "!=": operator.ne}
EXPR = re.compile(
    r"^\s*(?:(sum|max|min)\s*(?:by\s*\(([\w\s,]*)\))?\s*\()?\s*"  # aggregation
    r"([a-zA-Z_:][\w:]*)(?:\{([^}]*)\})?\s*\)?\s*"  # metric{matchers}
    r"(>=|<=|==|!=|>|<)\s*(-?[\d.]+)\s*$"  # comparison
)
AGGREGATE = {"sum": sum, "max": max, "min": min}


def load_rules(path: Path = RULES) -> list[dict]:
    groups = yaml.safe_load(path.read_text())["groups"]
    return [rule for group in groups for rule in group["rules"]]


# --8<-- [start:evaluate]
def evaluate(expr: str, samples: list[Sample]) -> list[tuple[dict, float, bool]]:
    """(group labels, value, condition true) for each series the expression yields."""
    match = EXPR.match(expr)
    if not match:
        raise ValueError(f"this evaluator cannot read {expr!r}; see its docstring")
    agg, by, name, matchers, op, threshold = match.groups()
    wanted = dict(re.findall(r'(\w+)="([^"]*)"', matchers or ""))
    chosen = [
        s
        for s in samples
        if s.name == name and all(s.labels.get(k) == v for k, v in wanted.items())
    ]
    if agg is None:  # no aggregation: one series per sample
        series = [(s.labels, [s.value]) for s in chosen]
    else:
        keys = [k.strip() for k in (by or "").split(",") if k.strip()]
        grouped: dict[tuple, list[float]] = {}
        for s in chosen:
            grouped.setdefault(tuple(s.labels.get(k, "") for k in keys), []).append(
                s.value
            )
        series = [
            (dict(zip(keys, key, strict=True)), values)
            for key, values in sorted(grouped.items())
        ]
    out = []
    for labels, values in series:
        value = AGGREGATE[agg](values) if agg else values[0]
        out.append((labels, value, OPS[op](value, float(threshold))))
    return out
    # --8<-- [end:evaluate]


def group_lag(groups: list[str]) -> list[Sample]:
    """kafka_consumergroup_lag per partition: end offset minus committed offset."""
    if not groups:
        return []
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson12-alerts")
    try:
        samples = []
        for group, committed in admin.list_group_offsets(groups).items():
            ends = admin.list_partition_offsets(
                {tp: OffsetSpec.LATEST for tp in committed}
            )
            for tp, meta in committed.items():
                labels = {"consumergroup": group, "topic": tp.topic}
                labels["partition"] = str(tp.partition)
                lag = ends[tp].offset - meta.offset
                samples.append(Sample("kafka_consumergroup_lag", labels, lag))
        return samples
    finally:
        admin.close()


def all_samples(scrapes: list[Scrape], groups: list[str]) -> list[Sample]:
    """Every scraped sample, an `up` sample per target, and the groups' lag."""
    samples = [s for scrape in scrapes for s in scrape.samples]
    for scrape in scrapes:
        up = 1.0 if scrape.up else 0.0
        samples.append(Sample("up", {"instance": scrape.instance}, up))
    return samples + group_lag(groups)


def main() -> None:
    samples = all_samples(scrape_all(), sys.argv[1:] or ["lesson12-slow"])
    for rule in load_rules():
        results = evaluate(rule["expr"], samples)
        if not results:
            print(f"{rule['alert']:32} no data")
        for labels, value, true in results:
            where = ",".join(f"{k}={v}" for k, v in labels.items())
            state = f"pending (for {rule['for']})" if true else "inactive"
            print(f"{rule['alert']:32} {where or 'value'}={value:g}: {state}")


if __name__ == "__main__":
    main()
