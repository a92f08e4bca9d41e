"""Watch under-replicated partitions, and the alert rule on them, change (live).

Scrapes every exporter each second, sums kafka_server_replicamanager_
underreplicatedpartitions over the brokers that answer, evaluates the
KafkaUnderReplicatedPartitions rule of kafka-alerts.yml, and prints a line each time
the sum becomes non-zero or zero again, with the rule's state. A rule that is true is
pending until it has been true for its `for:` duration; then it fires.

    python watch_urp.py                from 0, until the sum goes above 0 and back
    python watch_urp.py --until-above  until the sum is above 0
"""

import sys
import time

from alerts import evaluate, load_rules
from prom import scrape_all

RULE = next(r for r in load_rules() if r["alert"] == "KafkaUnderReplicatedPartitions")
FOR_S = {"s": 1, "m": 60, "h": 3600}[RULE["for"][-1]] * int(RULE["for"][:-1])


def urp_now() -> float:
    """The sum of under-replicated partitions over the brokers that answer."""
    samples = [s for scrape in scrape_all() for s in scrape.samples]
    return evaluate(RULE["expr"], samples)[0][1]


def main(until_above: bool) -> None:
    start = time.monotonic()
    deadline, true_since, last, seen_above = start + 300, None, None, False
    fired = False
    if not until_above:  # start from a healthy cluster: wait (bounded) for a sum of 0
        while (urp := urp_now()) > 0 and time.monotonic() < deadline:
            time.sleep(1)
        print(f"watching {RULE['alert']} (for: {RULE['for']})", flush=True)
        if urp == 0:  # the start, printed before the page goes on to stop a broker
            print("under-replicated partitions 0: alert inactive", flush=True)
            last = (False, "inactive")
    while time.monotonic() < deadline:
        # --8<-- [start:watch]
        samples = [s for scrape in scrape_all() for s in scrape.samples]
        ((_, urp, true),) = evaluate(RULE["expr"], samples)
        now = time.monotonic()
        true_since = (true_since or now) if true else None
        if true_since is None:
            state = "inactive"
        elif now - true_since < FOR_S:
            state = "pending"
        else:
            state, fired = "FIRING", True
        # --8<-- [end:watch]
        if (urp > 0, state) != last and not until_above:
            shown = "0" if urp == 0 else "above 0"
            print(f"under-replicated partitions {shown}: alert {state}", flush=True)
            last = (urp > 0, state)
        seen_above = seen_above or urp > 0
        if until_above and urp > 0:
            print(f"under-replicated partitions: {urp:g}, above 0")
            return
        if seen_above and urp == 0:
            outcome = "fired" if fired else "never fired"
            print(f"back to 0 after {now - start:.0f} s; the alert {outcome}")
            return
        time.sleep(1)
    sys.exit("gave up after 300 s")


if __name__ == "__main__":
    main(until_above="--until-above" in sys.argv[1:])
