"""List every ACL that names alice, as the admin, one line per ACL, sorted.

The same question as `kafka-acls.sh --list --principal User:alice`, which groups the
ACLs by resource but prints them in no fixed order (it walks a hash set).
"""

from __future__ import annotations

from kafka.admin import (
    ACLFilter,
    ACLOperation,
    ACLPermissionType,
    ACLResourcePatternType,
    KafkaAdminClient,
    ResourcePatternFilter,
    ResourceType,
)
from lab import login


def main() -> None:
    match_any = ACLFilter(
        principal="User:alice",
        host=None,  # any host
        operation=ACLOperation.ANY,
        permission_type=ACLPermissionType.ANY,
        resource_pattern=ResourcePatternFilter(
            ResourceType.ANY, None, ACLResourcePatternType.ANY
        ),
    )
    admin = KafkaAdminClient(**login("admin"))
    try:
        acls, error = admin.describe_acls(match_any)
    finally:
        admin.close()
    assert error.errno == 0, error
    rows = sorted(
        (
            a.resource_pattern.resource_type.name,
            a.resource_pattern.resource_name,
            a.resource_pattern.pattern_type.name,
            a.operation.name,
            a.permission_type.name,
            a.host,
        )
        for a in acls
    )
    print(f"{len(rows)} ACLs for User:alice")
    for kind, name, pattern, operation, permission, host in rows:
        print(f"{permission} {operation:5} on {kind} {name} ({pattern}), host {host}")


if __name__ == "__main__":
    main()
