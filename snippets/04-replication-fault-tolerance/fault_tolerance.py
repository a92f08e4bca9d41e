"""The fault-tolerance arithmetic of replication with acks=all, for common settings.

For a partition with replication factor RF and min.insync.replicas M:
  * acks=all writes are accepted while at least M replicas are in sync: with up to RF -
    M brokers down;
  * an acknowledged write is on every replica that was in sync, at least M of them (RF
    when the ISR was full), so it survives the permanent loss of M - 1 brokers' disks
    for sure (RF - 1 when the ISR was full).
"""

SETTINGS = [(1, 1), (2, 1), (2, 2), (3, 1), (3, 2), (3, 3), (5, 3)]  # (RF, M)


def main() -> None:
    print(
        "RF  min.insync.replicas  writes work with  copies of acked write  "
        "disks it can lose"
    )
    for rf, m in SETTINGS:
        assert 1 <= m <= rf, "min.insync.replicas cannot exceed the replication factor"
        writes = f"{rf - m} broker(s) down"
        copies = f"{m} (or {rf} if ISR full)" if m < rf else f"{m}"
        disks = f"{m - 1} (or {rf - 1} if ISR full)" if m < rf else f"{m - 1}"
        print(f"{rf:>2}  {m:>19}  {writes:<16}  {copies:<21}  {disks}")


if __name__ == "__main__":
    main()
