"""`kafkalab`: the learner's commands for the course's Kafka lab.

kafkalab up                 start one broker on 127.0.0.1:9092
kafkalab up --cluster       start three brokers (127.0.0.1:19092, :29092, :39092)
kafkalab status             what is running, where, and its logs
kafkalab reset [--prefix P] delete every lesson topic and consumer group (or those named P*)
kafkalab stop-broker N      stop broker N of the cluster (failure drills)
kafkalab start-broker N     start it again
kafkalab down [--wipe]      stop (and with --wipe, delete all data)
kafkalab tools              list the Kafka CLI tools on PATH
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from kafkalab.admin import live_broker_ids, reset
from kafkalab.errors import LabError
from kafkalab.native import CLUSTER, SINGLE, NativeLab, Topology, lab_home, native_prerequisites
from kafkalab.provision import ENV_BOOTSTRAP
from kafkalab.tools import MAIN_CLASSES
from kafkalab.versions import KAFKA_VERSION


def _topology(args: argparse.Namespace) -> Topology:
    return CLUSTER if getattr(args, "cluster", False) else SINGLE


def cmd_up(args: argparse.Namespace) -> None:
    if os.environ.get(ENV_BOOTSTRAP):
        print(
            f"{ENV_BOOTSTRAP} is set ({os.environ[ENV_BOOTSTRAP]}): using that cluster, starting nothing."
        )
        return
    ok, why = native_prerequisites()
    if not ok:
        raise LabError(
            f"kafkalab cannot start Kafka natively here: {why}.\n"
            "Use Docker instead (`docker compose up -d`), or point KAFKA_BOOTSTRAP_SERVERS at a cluster."
        )
    lab = NativeLab(_topology(args))
    t0 = time.monotonic()
    lab.start()
    print(f"Kafka {KAFKA_VERSION} ({lab.topology.name}) is up in {time.monotonic() - t0:.1f} s.")
    print(f"Bootstrap servers: {lab.topology.bootstrap}")
    print(f"Logs: {lab.root}/node-*/logs/server.log")


def cmd_down(args: argparse.Namespace) -> None:
    for topology in (SINGLE, CLUSTER) if args.all else (_topology(args),):
        lab = NativeLab(topology)
        if args.wipe:
            lab.wipe()
            print(f"{topology.name}: stopped and data deleted ({lab.root}).")
        else:
            lab.stop()
            print(f"{topology.name}: stopped (data kept in {lab.root}).")


def cmd_status(args: argparse.Namespace) -> None:
    print(f"Kafka {KAFKA_VERSION}; lab home {lab_home()}")
    if os.environ.get(ENV_BOOTSTRAP):
        print(f"{ENV_BOOTSTRAP}={os.environ[ENV_BOOTSTRAP]} (an existing cluster)")
    any_up = False
    for topology in (SINGLE, CLUSTER):
        lab = NativeLab(topology)
        running = lab.running_nodes()
        if not running:
            print(f"{topology.name}: not running")
            continue
        any_up = True
        try:
            live = sorted(live_broker_ids(topology.bootstrap))
            answer = f"brokers answering: {live}"
        except Exception as exc:
            answer = f"not answering ({type(exc).__name__})"
        ids = [n.node_id for n in running]
        print(f"{topology.name}: nodes {ids} running, {answer}; bootstrap {topology.bootstrap}")
        print(f"  logs: {lab.root}/node-*/logs/server.log")
    if not any_up and args.check:
        sys.exit(1)


def cmd_reset(args: argparse.Namespace) -> None:
    bootstrap = os.environ.get(ENV_BOOTSTRAP) or _topology(args).bootstrap
    topics, groups = reset(bootstrap, prefix=args.prefix)
    which = f" named {args.prefix}*" if args.prefix else ""
    print(f"Deleted {len(topics)} topics and {len(groups)} consumer groups{which} on {bootstrap}.")


def cmd_stop_broker(args: argparse.Namespace) -> None:
    lab = NativeLab(CLUSTER)
    node = CLUSTER.node(args.node)
    lab.stop_node(node)
    print(f"Broker {node.node_id} stopped ({node.bootstrap}).")


def cmd_start_broker(args: argparse.Namespace) -> None:
    lab = NativeLab(CLUSTER)
    node = CLUSTER.node(args.node)
    lab.start_node(node)
    lab.wait_ready(nodes=[node])
    print(f"Broker {node.node_id} is back ({node.bootstrap}).")


def cmd_tools(args: argparse.Namespace) -> None:
    for name, main_class in MAIN_CLASSES.items():
        print(f"{name:32} {main_class}")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kafkalab", description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="command", required=True)

    up = sub.add_parser("up", help="start the lab broker (or --cluster: three brokers)")
    up.add_argument("--cluster", action="store_true")
    up.set_defaults(func=cmd_up)

    down = sub.add_parser("down", help="stop the lab")
    down.add_argument("--cluster", action="store_true")
    down.add_argument("--all", action="store_true", help="stop the single broker and the cluster")
    down.add_argument("--wipe", action="store_true", help="also delete the lab's data")
    down.set_defaults(func=cmd_down)

    status = sub.add_parser("status", help="show what is running")
    status.add_argument("--check", action="store_true", help="exit 1 when nothing runs")
    status.set_defaults(func=cmd_status)

    rst = sub.add_parser("reset", help="delete all lesson topics and consumer groups")
    rst.add_argument("--cluster", action="store_true")
    rst.add_argument(
        "--prefix", default="", help="only topics and groups whose names start with this"
    )
    rst.set_defaults(func=cmd_reset)

    stop = sub.add_parser("stop-broker", help="stop one broker of the cluster")
    stop.add_argument("node", type=int)
    stop.set_defaults(func=cmd_stop_broker)

    start = sub.add_parser("start-broker", help="start a stopped broker of the cluster")
    start.add_argument("node", type=int)
    start.set_defaults(func=cmd_start_broker)

    tools = sub.add_parser("tools", help="list the Kafka CLI tools kafkalab provides")
    tools.set_defaults(func=cmd_tools)
    return p


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    try:
        args.func(args)
    except LabError as exc:
        sys.exit(f"kafkalab: {exc}")


if __name__ == "__main__":
    main()
