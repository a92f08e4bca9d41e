"""The admin grants alice the least she needs to consume: Read on a topic and a group.

The same ACLs as `kafka-acls.sh --add --allow-principal User:alice --operation Read
--topic lesson14-orders --group lesson14-readers`, created with kafka-python.
"""

from __future__ import annotations

from kafka.admin import (
    ACL,
    ACLOperation,
    ACLPermissionType,
    KafkaAdminClient,
    ResourcePattern,
    ResourceType,
)
from lab import login


def main() -> None:
    # --8<-- [start:grant]
    acls = [
        ACL(
            principal="User:alice",
            host="*",  # from any host
            operation=ACLOperation.READ,
            permission_type=ACLPermissionType.ALLOW,
            resource_pattern=ResourcePattern(kind, name),  # a LITERAL name
        )
        for kind, name in (
            (ResourceType.TOPIC, "lesson14-orders"),
            (ResourceType.GROUP, "lesson14-readers"),
        )
    ]
    admin = KafkaAdminClient(**login("admin"))
    try:
        result = admin.create_acls(acls)
    finally:
        admin.close()
    # --8<-- [end:grant]
    assert not result["failed"], result["failed"]
    for acl in result["succeeded"]:
        pattern = acl.resource_pattern
        print(
            f"ALLOW {acl.principal} {acl.operation.name} on "
            f"{pattern.resource_type.name} {pattern.resource_name}"
        )


if __name__ == "__main__":
    main()
