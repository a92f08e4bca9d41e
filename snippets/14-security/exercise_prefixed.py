"""Exercise 1: alice creates topics under her prefix, and only there.

Needs the PREFIXED Create ACL on `lesson14-alice-` (see the lesson). Safe to run twice:
a topic that already exists counts as created.
"""

from __future__ import annotations

from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import TopicAlreadyExistsError, TopicAuthorizationFailedError
from lab import login


def try_create(admin: KafkaAdminClient, name: str) -> bool:
    try:
        admin.create_topics([NewTopic(name, 1, 1)])
    except TopicAlreadyExistsError:
        pass
    except TopicAuthorizationFailedError:
        return False
    return True


def main() -> None:
    admin = KafkaAdminClient(**login("alice"))
    try:
        mine = try_create(admin, "lesson14-alice-payments")
        other = try_create(admin, "lesson14-payments")
    finally:
        admin.close()
    print(f"alice creates lesson14-alice-payments: {'allowed' if mine else 'denied'}")
    print(f"alice creates lesson14-payments:       {'allowed' if other else 'denied'}")
    assert mine and not other, "the prefixed ACL did not work as expected"


if __name__ == "__main__":
    main()
