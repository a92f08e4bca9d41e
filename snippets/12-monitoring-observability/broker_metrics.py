"""Scrape every node's Prometheus JMX exporter and print the metrics that matter.

Per broker: under-replicated partitions, partitions under min.insync.replicas, and the
p50 and p99 of a Produce request's total time. Per controller: offline partitions and
whether it is the active controller. KAFKA_METRICS_URLS lists the exporters (default:
the 3-broker lab's brokers, then its controller).
"""

from prom import scrape_all

LATENCY = "kafka_network_requestmetrics_totaltimems"


def main() -> None:
    scrapes = scrape_all()
    for s in scrapes:
        print(f"{s.instance}: scraped {s.size / 1024:.0f} KiB in {s.seconds:.2f} s")
    # --8<-- [start:table]
    print(
        "instance         under-repl  under-min-isr  offline  active  produce p50/p99"
    )
    for s in scrapes:
        urp = s.value("kafka_server_replicamanager_underreplicatedpartitions")
        min_isr = s.value("kafka_server_replicamanager_underminisrpartitioncount")
        offline = s.value("kafka_controller_kafkacontroller_offlinepartitionscount")
        active = s.value("kafka_controller_kafkacontroller_activecontrollercount")
        p50 = s.value(LATENCY, request="Produce", quantile="0.50")
        p99 = s.value(LATENCY, request="Produce", quantile="0.99")
        cells = [urp, min_isr, offline, active]
        row = "".join(
            f"{'-' if v is None else f'{v:.0f}':>{w}}"
            for v, w in zip(cells, (11, 15, 9, 8), strict=True)
        )
        ms = "-" if p99 is None else f"{p50:.0f} / {p99:.0f} ms"
        print(f"{s.instance:16}{row}  {ms}")
    # --8<-- [end:table]
    assert all(s.up for s in scrapes), "every exporter answers"
    total = sum(
        s.value("kafka_controller_kafkacontroller_activecontrollercount") or 0
        for s in scrapes
    )
    assert total == 1, f"{total} active controllers"


if __name__ == "__main__":
    main()
