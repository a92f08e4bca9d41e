"""The `racks` service: a small Kafka cluster whose brokers name their racks (Lesson 20).

The shared lab cluster runs without ``broker.rack``, and ``broker.rack`` is a static setting
(a restart to change). Lesson 20 shows rack-aware replica placement and follower fetching
(KIP-392) on a cluster of its own, natively, in every mode:

* node 1: broker and KRaft controller, ``broker.rack=rack-a``, 127.0.0.1:14092 (controller
  127.0.0.1:14093);
* node 2: broker, ``broker.rack=rack-a``, 127.0.0.1:15092;
* node 3: broker, ``broker.rack=rack-b``, 127.0.0.1:16092.

Every broker sets ``replica.selector.class`` to Kafka's ``RackAwareReplicaSelector``, so that
a consumer with a ``client.rack`` can read from a replica in its own rack. Two racks of unequal
size are on purpose: the lesson shows what that does to the lonely rack. Data and logs live
under ``$KAFKALAB_HOME/racks/node-*/``.
"""

from __future__ import annotations

import socket
from pathlib import Path

from kafkalab.errors import LabError
from kafkalab.native import NativeLab, Node, Topology, java_executable, java_major_version

RACKS = Topology(
    "racks",
    (Node(1, 14092, 14093), Node(2, 15092, None), Node(3, 16092, None)),
    heap="256m",
    replication=2,
)
RACK_OF = {1: "rack-a", 2: "rack-a", 3: "rack-b"}
SELECTOR = "org.apache.kafka.common.replica.RackAwareReplicaSelector"


class RackLab(NativeLab):
    """The racks topology, with ``broker.rack`` and the rack-aware replica selector."""

    def properties(self, node: Node) -> str:
        text = super().properties(node)
        if node.is_broker:
            text += (
                "# Lesson 20: racks, and follower fetching for consumers that name theirs.\n"
                f"broker.rack={RACK_OF[node.node_id]}\n"
                f"replica.selector.class={SELECTOR}\n"
            )
        return text


def _port_in_use(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


class RacksService:
    """Three brokers on two racks, with follower fetching switched on."""

    name = "racks"
    kafka_ports = frozenset(
        p for n in RACKS.nodes for p in (n.broker_port, n.controller_port) if p is not None
    )
    help = "three brokers on two racks (127.0.0.1:14092,15092,16092) for Lesson 20"

    def __init__(self, home: Path | None = None) -> None:
        self.lab = RackLab(RACKS, home)
        self.root = self.lab.root

    def check_prerequisites(self) -> None:
        java = java_executable()
        if java is None:
            raise LabError(
                "The racks service runs three Kafka brokers natively: it needs Java 17+, and "
                "no `java` was found on PATH (or JAVA_HOME). Install one (e.g. `apt-get "
                "install openjdk-17-jdk`) and try again."
            )
        major = java_major_version(java)
        if major is None or major < 17:
            raise LabError(f"{java} is Java {major}; the racks service needs Java 17 or newer.")
        if not self.lab.running_nodes():
            for node in RACKS.nodes:
                for port in (node.broker_port, node.controller_port):
                    if port is not None and _port_in_use(port):
                        raise LabError(
                            f"Port {port} on 127.0.0.1 is taken by another program, and the "
                            "racks service needs 14092, 14093, 15092 and 16092. Stop what "
                            f"listens there (`ss -ltnp | grep {port}`) and run "
                            "`kafkalab up --racks` again."
                        )

    def start(self) -> None:
        self.check_prerequisites()
        self.lab.start(timeout=120.0)

    def stop(self) -> None:
        self.lab.stop()

    def wipe(self) -> None:
        self.lab.wipe()

    def running(self) -> bool:
        return bool(self.lab.running_nodes())

    def summary_lines(self) -> list[str]:
        racks = ", ".join(f"broker {n} on {r}" for n, r in RACK_OF.items())
        return [
            f"racks cluster: {RACKS.bootstrap}",
            f"  {racks}; replica.selector.class={SELECTOR}",
            f"  logs: {self.root}/node-*/logs/server.log",
            '  environment for Lesson 20: eval "$(kafkalab env --racks)"',
        ]

    def status_lines(self) -> list[str]:
        running = [n.node_id for n in self.lab.running_nodes()]
        state = f"nodes {running} running" if running else "not running"
        return [f"racks: {state}; bootstrap {RACKS.bootstrap}"]

    def env(self) -> dict[str, str]:
        return {"KAFKA_RACKS_BOOTSTRAP_SERVERS": RACKS.bootstrap}
