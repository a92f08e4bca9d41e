"""Exercise 2: an alert for an exporter that does not answer (Prometheus: up == 0).

Prometheus records up=1 for a target it scraped and up=0 for one it could not reach.
This evaluates a rule on `up` over the lab's exporters plus one address where nothing
listens, which stands for a broker whose process has died.
"""

from alerts import all_samples, evaluate
from prom import TARGETS, scrape_all

RULE = {"alert": "KafkaExporterDown", "expr": "up == 0", "for": "2m"}
DEAD = "http://127.0.0.1:9/metrics"  # nothing listens on port 9


def main() -> None:
    samples = all_samples(scrape_all([*TARGETS, DEAD]), groups=[])
    down = []
    for labels, value, true in evaluate(RULE["expr"], samples):
        state = f"pending (for {RULE['for']})" if true else "inactive"
        print(f"{RULE['alert']} instance={labels['instance']}: up={value:g}, {state}")
        if true:
            down.append(labels["instance"])
    assert down == ["127.0.0.1:9"], down


if __name__ == "__main__":
    main()
