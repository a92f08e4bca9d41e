"""`kafkalab`: the learner's commands for the course's Kafka lab.

kafkalab up                 start one broker on 127.0.0.1:9092
kafkalab up --cluster       start three brokers (127.0.0.1:19092, :29092, :39092)
kafkalab up --quorum        start three broker+controller nodes (127.0.0.1:11092, :12092, :13092)
kafkalab up --secure        start the secured broker (SASL 127.0.0.1:9192, SASL_SSL localhost:9193)
kafkalab env --secure       print the environment variables that point at the secured broker
kafkalab status             what is running, where, and its logs
kafkalab reset [--prefix P] delete the course's topics and groups (lessonNN-*, or P*)
kafkalab stop-broker N      stop broker N of the cluster (failure drills; --lab quorum)
kafkalab start-broker N     start it again
kafkalab down [--wipe]      stop (and with --wipe, delete all data)
kafkalab tools              list the Kafka CLI tools on PATH
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from kafkalab.admin import COURSE_NAMES, FOREIGN_FLAG, live_broker_ids, reset
from kafkalab.docker_lab import DockerLab, docker_available
from kafkalab.errors import LabError
from kafkalab.native import (
    SINGLE,
    TOPOLOGIES,
    NativeLab,
    Topology,
    lab_home,
    native_prerequisites,
)
from kafkalab.provision import ENV_BOOTSTRAP, configured_mode
from kafkalab.services import SERVICES, service
from kafkalab.tools import MAIN_CLASSES
from kafkalab.versions import KAFKA_VERSION


def _topology(args: argparse.Namespace) -> Topology:
    """The lab a command names: a flag per lab (--cluster, --quorum), or --lab NAME; else single."""
    for name, topology in TOPOLOGIES.items():
        if getattr(args, name, None) is True:
            return topology
    return TOPOLOGIES[getattr(args, "lab", None) or SINGLE.name]


def _use_docker(topology: Topology, starting: bool = False) -> bool:
    """Whether this command works on the Docker lab: KAFKALAB_MODE if set; otherwise the lab that
    runs (native first) or exists; when starting one, native if Java is here, else Docker."""
    mode = configured_mode(os.environ)
    if mode:
        return mode == "docker"
    if NativeLab(topology).running_nodes():
        return False
    if docker_available()[0] and DockerLab(topology).containers():
        return True
    if starting and not native_prerequisites()[0]:
        return docker_available()[0]
    return False


def _lab_bootstrap(topology: Topology) -> str:
    """Where the lab of this topology answers, in the mode in use."""
    return DockerLab(topology).bootstrap if _use_docker(topology) else topology.bootstrap


def cmd_up_secure() -> None:
    from kafkalab.secure import SecureLab

    ok, why = native_prerequisites()
    if not ok:
        raise LabError(
            f"kafkalab cannot start the secure lab here: {why}. It runs natively (Java 17+ "
            "and Maven); it has no Docker profile yet."
        )
    lab = SecureLab()
    t0 = time.monotonic()
    lab.start()
    print(f"Kafka {KAFKA_VERSION} (secure) is up in {time.monotonic() - t0:.1f} s.")
    print(f"SASL_PLAINTEXT (SCRAM-SHA-512): {lab.sasl_bootstrap}")
    print(f"SASL_SSL (SCRAM-SHA-512, TLS):  {lab.ssl_bootstrap}")
    print(f"CA certificate (PEM): {lab.ca_file}")
    print(f"CLI login files: {lab.client_properties('admin')}, {lab.client_properties('alice')}")
    print('Point your shell at it: eval "$(kafkalab env --secure)"')


def _services_named(args: argparse.Namespace) -> list[str]:
    """The services a command names with their flags (--registry, --connect, ...)."""
    return [name for name in SERVICES if getattr(args, _flag_dest(name), False)]


def _flag_dest(name: str) -> str:
    return name.replace("-", "_")


def cmd_env(args: argparse.Namespace) -> None:
    from kafkalab.secure import SecureLab

    names = _services_named(args)
    if not args.secure and not names:
        flags = " ".join(f"--{n}" for n in ["secure", *SERVICES])
        raise LabError(f"`kafkalab env` prints one environment's variables: use one of {flags}.")
    values = SecureLab().env() if args.secure else {}
    for name in names:
        values.update(service(name).env())
    for name, value in values.items():
        print(f"export {name}={value}")


def cmd_up(args: argparse.Namespace) -> None:
    if getattr(args, "secure", False):
        cmd_up_secure()
        return
    names = _services_named(args)
    if names:
        for name in names:
            svc = service(name)
            t0 = time.monotonic()
            svc.start()
            print(f"{name} is up in {time.monotonic() - t0:.1f} s.")
            for line in svc.summary_lines():
                print(line)
        return
    if os.environ.get(ENV_BOOTSTRAP):
        print(
            f"{ENV_BOOTSTRAP} is set ({os.environ[ENV_BOOTSTRAP]}): using that cluster, starting nothing."
        )
        return
    topology = _topology(args)
    if _use_docker(topology, starting=True):
        ok, why = docker_available()
        if not ok:
            raise LabError(f"KAFKALAB_MODE=docker, but {why}. Start the Docker engine first.")
        docker_lab = DockerLab(topology)
        t0 = time.monotonic()
        docker_lab.start()
        print(f"Kafka {KAFKA_VERSION} ({topology.name}) is up in {time.monotonic() - t0:.1f} s.")
        print(f"Bootstrap servers: {docker_lab.bootstrap}")
        names = " ".join(c.name for c in docker_lab.containers())
        print(f"Logs: docker logs <container> ({names}; image {docker_lab.containers()[0].image})")
        return
    ok, why = native_prerequisites()
    if not ok:
        raise LabError(
            f"kafkalab cannot start Kafka natively here: {why}.\n"
            "Use Docker instead (`docker compose up -d`), or point KAFKA_BOOTSTRAP_SERVERS at a cluster."
        )
    lab = NativeLab(topology)
    t0 = time.monotonic()
    lab.start()
    print(f"Kafka {KAFKA_VERSION} ({lab.topology.name}) is up in {time.monotonic() - t0:.1f} s.")
    print(f"Bootstrap servers: {lab.topology.bootstrap}")
    print(f"Logs: {lab.root}/node-*/logs/server.log")


def cmd_down(args: argparse.Namespace) -> None:
    mode = configured_mode(os.environ)
    # The secure lab runs natively only: `down --all` in Docker mode leaves it alone.
    if args.secure or (args.all and mode != "docker"):
        from kafkalab.secure import SecureLab

        secure = SecureLab()
        if args.wipe:
            secure.wipe()
            print(f"secure: stopped and data deleted ({secure.root}).")
        elif args.secure or secure.running_nodes():
            secure.stop()
            print(f"secure: stopped (data kept in {secure.root}).")
        if args.secure:
            return
    names = list(SERVICES) if args.all else _services_named(args)
    for name in names:
        svc = service(name)
        if args.wipe:
            svc.wipe()
            print(f"{name}: stopped and data deleted.")
        elif svc.running() or not args.all:
            svc.stop()
            print(f"{name}: stopped.")
    if names and not args.all:
        return
    for topology in TOPOLOGIES.values() if args.all else (_topology(args),):
        if mode != "docker":
            lab = NativeLab(topology)
            if args.wipe:
                lab.wipe()
                print(f"{topology.name}: stopped and data deleted ({lab.root}).")
            elif mode == "native" or lab.running_nodes() or not _docker_lab_exists(topology):
                lab.stop()
                print(f"{topology.name}: stopped (data kept in {lab.root}).")
        if mode != "native" and _docker_lab_exists(topology):
            docker_lab = DockerLab(topology)
            if args.wipe:
                docker_lab.wipe()
                print(f"{topology.name} (Docker): containers and their data removed.")
            else:
                docker_lab.stop()
                print(f"{topology.name} (Docker): stopped (data kept in its containers).")


def _docker_lab_exists(topology: Topology) -> bool:
    return docker_available()[0] and bool(DockerLab(topology).containers())


def cmd_status(args: argparse.Namespace) -> None:
    print(f"Kafka {KAFKA_VERSION}; lab home {lab_home()}")
    if os.environ.get(ENV_BOOTSTRAP):
        print(f"{ENV_BOOTSTRAP}={os.environ[ENV_BOOTSTRAP]} (an existing cluster)")
    mode = configured_mode(os.environ)
    docker_ok = mode != "native" and docker_available()[0]
    any_up = False
    for topology in TOPOLOGIES.values():
        lab = NativeLab(topology)
        running = lab.running_nodes() if mode != "docker" else []
        if running:
            any_up = True
            bootstrap, logs = topology.bootstrap, f"{lab.root}/node-*/logs/server.log"
        elif docker_ok and DockerLab(topology).running_nodes():
            any_up = True
            docker_lab = DockerLab(topology)
            running = docker_lab.running_nodes()
            containers = docker_lab.containers()
            bootstrap = docker_lab.bootstrap
            images = ", ".join(sorted({c.image for c in containers}))
            stopped = [c.name for c in containers if not c.running]
            logs = (
                f"docker logs <container> ({' '.join(c.name for c in containers if c.running)}"
                + (f"; stopped: {' '.join(stopped)}" if stopped else "")
                + f"); Docker, image {images}"
            )
        else:
            print(f"{topology.name}: not running")
            continue
        try:
            live = sorted(live_broker_ids(bootstrap))
            answer = f"brokers answering: {live}"
        except Exception as exc:
            answer = f"not answering ({type(exc).__name__})"
        ids = [n.node_id for n in running]
        print(f"{topology.name}: nodes {ids} running, {answer}; bootstrap {bootstrap}")
        print(f"  logs: {logs}")
    if mode != "docker":
        from kafkalab.secure import SecureLab

        secure = SecureLab()
        any_up = any_up or bool(secure.running_nodes())
        for line in secure.status_lines():
            print(line)
    for name in SERVICES:
        svc = service(name)
        if svc.running():
            any_up = True
            for line in svc.status_lines():
                print(line)
        else:
            print(f"{name}: not running")
    if not any_up and args.check:
        sys.exit(1)


def cmd_reset(args: argparse.Namespace) -> None:
    bootstrap = os.environ.get(ENV_BOOTSTRAP) or _lab_bootstrap(_topology(args))
    plan = reset(
        bootstrap, prefix=args.prefix, foreign_ok=args.yes_not_a_lab_cluster, dry_run=args.dry_run
    )
    names = f"{args.prefix}*" if args.prefix else COURSE_NAMES
    verb = "Would delete" if args.dry_run else "Deleted"
    if not plan.is_lab:
        print(f"Cluster {plan.cluster_id} is not a kafkalab lab; going ahead ({FOREIGN_FLAG}).")
    for kind, items in (("topic", plan.topics), ("consumer group", plan.groups)):
        for name in items:
            print(f"{verb} {kind} {name}")
    done = "would be deleted" if args.dry_run else "deleted"
    topics = f"{len(plan.topics)} topic{'' if len(plan.topics) == 1 else 's'}"
    groups = f"{len(plan.groups)} consumer group{'' if len(plan.groups) == 1 else 's'}"
    print(f"{topics} and {groups} named {names} {done} on {bootstrap}.")


def _drill_lab(args: argparse.Namespace) -> NativeLab | DockerLab:
    """The lab whose brokers stop-broker and start-broker work on (--lab; the cluster by default)."""
    topology = _topology(args)
    return DockerLab(topology) if _use_docker(topology) else NativeLab(topology)


def _broker_address(lab: NativeLab | DockerLab, node_id: int) -> str:
    """The broker's address as host clients use it."""
    if isinstance(lab, DockerLab):
        c = next((c for c in lab.containers() if c.node_id == node_id), None)
        if c is not None and c.host_port:
            return f"127.0.0.1:{c.host_port}"
    return lab.topology.node(node_id).bootstrap


def cmd_stop_broker(args: argparse.Namespace) -> None:
    lab = _drill_lab(args)
    node = lab.topology.node(args.node)
    lab.stop_node(node)
    print(f"Broker {node.node_id} stopped ({_broker_address(lab, node.node_id)}).")


def cmd_start_broker(args: argparse.Namespace) -> None:
    lab = _drill_lab(args)
    node = lab.topology.node(args.node)
    lab.start_node(node)
    lab.wait_ready(nodes=[node])
    print(f"Broker {node.node_id} is back ({_broker_address(lab, node.node_id)}).")


def cmd_tools(args: argparse.Namespace) -> None:
    for name, main_class in MAIN_CLASSES.items():
        print(f"{name:32} {main_class}")


def _service_flags(parser: argparse.ArgumentParser, verb: str) -> None:
    """One flag per registered service (kafkalab.services.SERVICES)."""
    for name in SERVICES:
        parser.add_argument(
            f"--{name}",
            dest=_flag_dest(name),
            action="store_true",
            help=f"{verb} {service(name).help}",
        )


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kafkalab", description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="command", required=True)

    up = sub.add_parser("up", help="start the lab broker (or --cluster: three brokers)")
    up.add_argument("--cluster", action="store_true")
    up.add_argument("--quorum", action="store_true", help="three broker+controller nodes")
    up.add_argument("--secure", action="store_true", help="the secured broker (TLS, SCRAM, ACLs)")
    _service_flags(up, "start")
    up.set_defaults(func=cmd_up)

    down = sub.add_parser("down", help="stop the lab")
    down.add_argument("--cluster", action="store_true")
    down.add_argument("--quorum", action="store_true", help="the three-controller quorum lab")
    down.add_argument("--secure", action="store_true", help="the secured broker")
    _service_flags(down, "stop")
    down.add_argument("--all", action="store_true", help="stop every lab and service")
    down.add_argument("--wipe", action="store_true", help="also delete the lab's data")
    down.set_defaults(func=cmd_down)

    env = sub.add_parser("env", help="print the secure lab's environment (--secure)")
    env.add_argument("--secure", action="store_true", help="the secured broker (Lesson 14)")
    _service_flags(env, "print the variables of")
    env.set_defaults(func=cmd_env)

    status = sub.add_parser("status", help="show what is running")
    status.add_argument("--check", action="store_true", help="exit 1 when nothing runs")
    status.set_defaults(func=cmd_status)

    rst = sub.add_parser(
        "reset",
        help=f"delete the course's own topics and consumer groups ({COURSE_NAMES})",
        description=(
            f"Delete the course's own topics and consumer groups (names {COURSE_NAMES}), "
            "listing each one, and nothing else. On a cluster kafkalab did not start, "
            f"it refuses unless you add {FOREIGN_FLAG}."
        ),
    )
    rst.add_argument("--cluster", action="store_true", help="the 3-broker lab cluster")
    rst.add_argument("--quorum", action="store_true", help="the three-controller quorum lab")
    rst.add_argument(
        "--prefix",
        default="",
        help="only the course's names that start with this, e.g. lesson03-",
    )
    rst.add_argument("--dry-run", action="store_true", help="list what would go, delete nothing")
    rst.add_argument(
        FOREIGN_FLAG,
        dest="yes_not_a_lab_cluster",
        action="store_true",
        help="delete the course's names even on a cluster kafkalab did not start",
    )
    rst.set_defaults(func=cmd_reset)

    stop = sub.add_parser("stop-broker", help="stop one broker of the cluster")
    stop.add_argument("node", type=int)
    stop.add_argument(
        "--lab",
        choices=[n for n, t in TOPOLOGIES.items() if len(t.brokers) > 1],
        default="cluster",
        help="the lab the broker belongs to (default: cluster)",
    )
    stop.set_defaults(func=cmd_stop_broker)

    start = sub.add_parser("start-broker", help="start a stopped broker of the cluster")
    start.add_argument("node", type=int)
    start.add_argument(
        "--lab",
        choices=[n for n, t in TOPOLOGIES.items() if len(t.brokers) > 1],
        default="cluster",
        help="the lab the broker belongs to (default: cluster)",
    )
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
