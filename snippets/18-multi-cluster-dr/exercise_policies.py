"""Two replication policies in a few lines of Python, and the loop one of them allows.

MirrorMaker 2's DefaultReplicationPolicy names a remote topic `<source
alias>.<topic>`; IdentityReplicationPolicy keeps the name. The same rules are written
here as functions, and two clusters, `east` and `west`, replicate to each other
(active-active). MirrorMaker 2 does not copy a topic back to the cluster it came from
(`topicSource()` names that cluster). With identity names, no topic says where it
came from, so that check cannot work.
"""

from __future__ import annotations

SEPARATOR = "."  # replication.policy.separator


def default_remote(source: str, topic: str) -> str:
    return f"{source}{SEPARATOR}{topic}"


def default_source(topic: str) -> str | None:
    """The cluster a remote topic came from, or None for a local topic."""
    alias, sep, _ = topic.partition(SEPARATOR)
    return alias if sep else None


def identity_remote(source: str, topic: str) -> str:
    return topic


def identity_source(topic: str) -> str | None:
    return None  # the name says nothing: it cannot tell where a topic came from


def replicate(remote, source_of, hops: int) -> list[str]:
    """Follow one topic as east and west replicate to each other, `hops` times."""
    topic, here, seen = "orders", "east", ["east: orders"]
    for _ in range(hops):
        there = "west" if here == "east" else "east"
        if source_of(topic) == there:
            seen.append(f"{there}: not copied back (it came from {there})")
            break
        topic, here = remote(here, topic), there
        seen.append(f"{here}: {topic}")
    return seen


def main() -> None:
    default = replicate(default_remote, default_source, 4)
    identity = replicate(identity_remote, identity_source, 4)
    for name, hops in (("Default", default), ("Identity", identity)):
        print(f"{name}ReplicationPolicy:")
        for hop in hops:
            print(f"  {hop}")
    assert default[-1] == "east: not copied back (it came from east)"
    assert len(identity) == 5, "without a source in the name, it never stops"


if __name__ == "__main__":
    main()
