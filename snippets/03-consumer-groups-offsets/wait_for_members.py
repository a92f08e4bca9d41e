"""Wait until a consumer group is stable with N members, then show who owns what.

    python wait_for_members.py lesson03-live 3
    python wait_for_members.py lesson03-live 2 --at-least 3

It asks the group coordinator (the admin API's describe_groups) five times a second, for
at most 30 s. With --at-least S it also checks that the wait took S seconds or more.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from kafka.admin import KafkaAdminClient


def owned(member: dict) -> list[int]:
    """The partitions the coordinator assigned to one member."""
    topics = member["member_assignment"]["assigned_partitions"]
    return sorted(p for topic in topics for p in topic["partitions"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("group_id")
    parser.add_argument("members", type=int)
    parser.add_argument("--at-least", type=float, default=0.0, metavar="SECONDS")
    args = parser.parse_args()

    start = time.monotonic()  # before connecting: the wait starts now
    admin = KafkaAdminClient(
        bootstrap_servers=os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"),
        client_id="lesson03-admin",
    )
    try:
        # --8<-- [start:wait]
        while True:
            group = admin.describe_groups([args.group_id])[args.group_id]
            if group["group_state"] == "Stable":
                if len(group["members"]) == args.members:
                    break
            if time.monotonic() - start > 30:
                sys.exit(f"{args.group_id} has not {args.members} members after 30 s")
            time.sleep(0.2)
        # --8<-- [end:wait]
    finally:
        admin.close()
    waited = time.monotonic() - start
    print(
        f"waited {waited:.1f} s; {args.members} members, assignor "
        f"{group['protocol_data']}"
    )
    for member in sorted(group["members"], key=lambda m: m["client_id"]):
        print(f"  {member['client_id']} owns {owned(member)}")
    if waited < args.at_least:
        sys.exit(f"expected to wait at least {args.at_least} s, waited {waited:.1f} s")


if __name__ == "__main__":
    main()
