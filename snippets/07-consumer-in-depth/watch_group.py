"""Watch a group from outside: print each settled state the coordinator reports.

Run it while slow_worker.py runs. It asks the group coordinator (DescribeGroups) five
times a second and prints each change between Stable and Empty, with the members' client
ids. It stops once it has seen the member leave and come back, or after 25 s."""

from __future__ import annotations

import os
import time

from kafka.admin import KafkaAdminClient

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
GROUP = "lesson07-workers"


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson07-watcher")
    seen: list[str] = []
    started = time.monotonic()
    try:
        while seen != ["Stable", "Empty", "Stable"] and time.monotonic() - started < 25:
            group = admin.describe_groups([GROUP])[GROUP]
            state = group["group_state"]
            # PreparingRebalance and CompletingRebalance pass too fast to matter here
            if state in ("Stable", "Empty") and (not seen or seen[-1] != state):
                seen.append(state)
                members = sorted(m["client_id"] for m in group["members"])
                elapsed = time.monotonic() - started
                print(f"{elapsed:4.1f} s  {GROUP}: {state}, members {members}")
            time.sleep(0.2)
    finally:
        admin.close()
    assert seen == ["Stable", "Empty", "Stable"], f"states seen: {seen}"
    print("the coordinator removed the slow member, then let it join again")


if __name__ == "__main__":
    main()
