"""Start the lesson clean, as the admin user: a fresh topic, and no ACLs for alice.

Deletes and recreates `lesson14-orders` (1 partition) and removes every ACL that names
User:alice, so the lesson starts from "alice may do nothing".
"""

from __future__ import annotations

import time

from kafka.admin import (
    ACLFilter,
    ACLOperation,
    ACLPermissionType,
    KafkaAdminClient,
    NewTopic,
    ResourcePatternFilter,
    ResourceType,
)
from kafka.admin import ACLResourcePatternType as PatternType
from kafka.errors import UnknownTopicOrPartitionError
from lab import login

TOPIC = "lesson14-orders"


def main() -> None:
    admin = KafkaAdminClient(**login("admin"))
    try:
        alice_acls = ACLFilter(
            principal="User:alice",
            host="*",
            operation=ACLOperation.ANY,
            permission_type=ACLPermissionType.ANY,
            resource_pattern=ResourcePatternFilter(
                ResourceType.ANY, None, PatternType.ANY
            ),
        )
        removed = admin.delete_acls([alice_acls])[0][1]
        print(f"ACLs removed for User:alice: {len(removed)}")
        try:
            admin.delete_topics([TOPIC])
        except UnknownTopicOrPartitionError:
            pass
        deadline = time.monotonic() + 30
        while TOPIC in admin.list_topics() and time.monotonic() < deadline:
            time.sleep(0.2)
        admin.create_topics([NewTopic(TOPIC, 1, 1)])
        print(f"created {TOPIC} (1 partition) as admin")
    finally:
        admin.close()


if __name__ == "__main__":
    main()
