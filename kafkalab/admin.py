"""Small admin operations the lab needs: is the cluster up, and "reset" between lessons."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from kafka.admin import KafkaAdminClient

from kafkalab.errors import LabError

INTERNAL_PREFIXES = ("__",)


def admin_client(bootstrap: str, timeout_ms: int = 5000) -> KafkaAdminClient:
    return KafkaAdminClient(
        bootstrap_servers=bootstrap,
        client_id="kafkalab",
        request_timeout_ms=timeout_ms,
    )


def cluster_state(bootstrap: str) -> tuple[str, set[int]]:
    """The cluster id, and the ids of the unfenced brokers the cluster metadata lists."""
    admin = admin_client(bootstrap, timeout_ms=3000)
    try:
        cluster = admin.describe_cluster()
    finally:
        admin.close()
    return cluster["cluster_id"], {
        b["broker_id"] for b in cluster["brokers"] if not b.get("is_fenced")
    }


def live_broker_ids(bootstrap: str) -> set[int]:
    """The ids of the unfenced brokers the cluster metadata lists."""
    return cluster_state(bootstrap)[1]


# ----------------------------------------------------------------------------- reset

# The names the course creates: every lesson's topics, groups and client ids start with
# `lessonNN-` (two digits), and the CLI cheat sheet's with `cheatsheet-`. Reset deletes only these.
COURSE_NAME_RE = re.compile(r"^(lesson\d{2}-|cheatsheet-)")
COURSE_NAMES = "lessonNN-* and cheatsheet-*"

# The cluster ids of the course's Docker labs (the CLUSTER_ID settings of docker-compose.yml, and
# of the testcontainers broker), so that they count as kafkalab's own: base64 of
# "kafkalab-cluster" (the 3-broker cluster), of "kafkalab-onenode" (the single broker) and of
# "kafkalab-quorum3" (three combined nodes). tests/test_lab.py checks that docker-compose.yml
# uses no other id.
COMPOSE_CLUSTER_IDS = frozenset(
    {
        "a2Fma2FsYWItY2x1c3Rlcg",
        "a2Fma2FsYWItb25lbm9kZQ",
        "a2Fma2FsYWItcXVvcnVtMw",
        "a2Fma2FsYWItc2VjdXJlZA",  # the secure profile
        "a2Fma2FsYWItYmFja3VwMQ",  # the pair profile's backup cluster
    }
)

REGISTRY_NAME = "lab-clusters.txt"
FOREIGN_FLAG = "--yes-not-a-lab-cluster"


def registry_file(home: Path | None = None) -> Path:
    """The file listing the cluster ids of the labs kafkalab started: one id per line, then an
    optional note (`<cluster id> <how it was started>`); lines starting with # are comments."""
    from kafkalab.native import lab_home

    return (home or lab_home()) / REGISTRY_NAME


def register_cluster(cluster_id: str, how: str = "", home: Path | None = None) -> None:
    """Record `cluster_id` as a lab kafkalab started (Docker mode calls this once its broker
    answers), so that `kafkalab reset` works on it without the confirmation flag."""
    if not re.fullmatch(r"[A-Za-z0-9_-]+", cluster_id):
        raise ValueError(f"not a Kafka cluster id: {cluster_id!r}")
    if cluster_id in lab_cluster_ids(home):
        return
    path = registry_file(home)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as f:
        f.write(f"{cluster_id} {how}".rstrip() + "\n")


def lab_cluster_ids(home: Path | None = None) -> set[str]:
    """The ids of the clusters kafkalab started: the native labs' own (`<lab>/cluster.id` under
    $KAFKALAB_HOME), the registry's, and the course's docker-compose.yml's."""
    from kafkalab.native import lab_home

    root = home or lab_home()
    ids = set(COMPOSE_CLUSTER_IDS)
    for f in root.glob("*/cluster.id"):
        ids.add(f.read_text().strip())
    reg = registry_file(root)
    if reg.exists():
        for line in reg.read_text().splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                ids.add(line.split()[0])
    ids.discard("")
    return ids


def course_names(names, prefix: str = "") -> list[str]:
    """The course's own names among `names` (see COURSE_NAME_RE), narrowed to those starting
    with `prefix`, sorted."""
    return sorted(n for n in names if COURSE_NAME_RE.match(n) and n.startswith(prefix))


def check_prefix(prefix: str) -> None:
    """A --prefix must narrow the course's names: lesson03-, lesson0, cheatsheet-, ..."""
    if not prefix or COURSE_NAME_RE.match(prefix):
        return
    for template in ("lesson00-", "cheatsheet-"):
        if len(prefix) < len(template) and all(
            c == t or (t == "0" and c.isdigit()) for c, t in zip(prefix, template, strict=False)
        ):
            return
    raise LabError(
        f"--prefix {prefix!r} matches none of the course's names ({COURSE_NAMES}); reset only "
        "ever deletes those. Use a lesson's prefix, e.g. --prefix lesson03-."
    )


class ForeignClusterError(LabError):
    """Reset was asked to delete on a cluster kafkalab did not start, without confirmation."""


@dataclass
class ResetPlan:
    bootstrap: str
    cluster_id: str
    is_lab: bool  # kafkalab started this cluster
    topics: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)


def plan_reset(bootstrap: str, prefix: str = "", home: Path | None = None) -> ResetPlan:
    """What `reset` would delete on `bootstrap`, and whether kafkalab started that cluster."""
    admin = admin_client(bootstrap)
    try:
        cluster_id = admin.describe_cluster()["cluster_id"]
        topics = course_names(admin.list_topics(), prefix)
        groups = course_names((g["group_id"] for g in admin.list_groups()), prefix)
    finally:
        admin.close()
    return ResetPlan(bootstrap, cluster_id, cluster_id in lab_cluster_ids(home), topics, groups)


def reset(
    bootstrap: str,
    prefix: str = "",
    *,
    foreign_ok: bool = False,
    dry_run: bool = False,
    home: Path | None = None,
) -> ResetPlan:
    """Delete the course's own topics and consumer groups (names lessonNN-* and cheatsheet-*),
    only those starting with `prefix` if given, and nothing else. On a cluster kafkalab did not
    start (its id is not a lab's), refuse with ForeignClusterError unless `foreign_ok`.
    Returns what was (or, with `dry_run`, would be) deleted."""
    check_prefix(prefix)
    plan = plan_reset(bootstrap, prefix, home)
    if not plan.is_lab and not foreign_ok:
        raise ForeignClusterError(
            f"the cluster at {bootstrap} (id {plan.cluster_id}) was not started by kafkalab, so "
            f"reset will not delete anything on it. It would delete "
            f"{len(plan.topics)} topics and {len(plan.groups)} consumer groups named "
            f"{prefix + '*' if prefix else COURSE_NAMES}"
            + (": " + ", ".join(plan.topics + plan.groups) if plan.topics or plan.groups else "")
            + f".\nIf that cluster is yours to clean, run it again with {FOREIGN_FLAG} "
            "(add --dry-run first to see the list)."
        )
    if dry_run:
        return plan
    admin = admin_client(bootstrap)
    try:
        if plan.groups:
            admin.delete_groups(plan.groups)
        if plan.topics:
            admin.delete_topics(plan.topics)
            # Deletion is asynchronous; wait so that the names can be created again at once.
            deadline = time.monotonic() + 30
            while set(plan.topics) & set(admin.list_topics()) and time.monotonic() < deadline:
                time.sleep(0.2)
    finally:
        admin.close()
    return plan
