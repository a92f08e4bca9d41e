"""Benchmark the test suite: where its time goes, per page, per block and per lab.

    python -m kafkalab.bench docs/lessons/01-what-is-kafka.md docs/lessons/02-*.md
    python -m kafkalab.bench --report test-artifacts/report.json   # a run that already happened
    python -m kafkalab.bench docs/lessons/07-consumer-in-depth.md -- --shuffle-pages

With page paths, it runs `pytest --markdown-docs PAGES -p no:cacheprovider -q` (arguments after
`--` are passed on), with the run's report in a file of its own, and measures the run from
outside: wall time, the CPU time of pytest and every block it started, and the CPU time the lab
brokers spent meanwhile. Then, from the runner's report (kafkalab/docs/report.py), it prints:

* per page: blocks run, time, and its slowest blocks;
* per lab: its mode, how long it took to be ready (0 when it was already running), and the
  memory (RSS) of its broker processes or containers now;
* totals: blocks, blocks per second, wall time, CPU time.

Run the whole suite only on a machine of your own: the numbers of a shared machine are noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kafkalab.docs import report

ROOT = Path(__file__).resolve().parent.parent


# --------------------------------------------------------------------------- the labs' processes


def _proc_cpu(pid: int) -> float:
    """CPU seconds (user + system) a process has used, 0 if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _proc_rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def native_brokers() -> dict[str, list[int]]:
    """The pids of the running native lab nodes, per lab."""
    from kafkalab.native import TOPOLOGIES, NativeLab

    out: dict[str, list[int]] = {}
    for name, topology in TOPOLOGIES.items():
        lab = NativeLab(topology)
        pids = [p for p in (lab.pid(n) for n in topology.nodes) if p]
        if pids:
            out[name] = pids
    return out


def docker_memory() -> dict[str, float]:
    """MiB used by the running lab containers, per lab (empty without a Docker engine)."""
    try:
        from kafkalab.docker_lab import docker, lab_containers

        containers = [c for c in lab_containers() if c.running]
        if not containers:
            return {}
        stats = docker(
            "stats", "--no-stream", "--format", "{{.ID}} {{.MemUsage}}", *[c.id for c in containers]
        ).stdout
    except Exception:  # noqa: BLE001  no engine, no containers: nothing to show
        return {}
    units = {"KiB": 1 / 1024, "MiB": 1.0, "GiB": 1024.0, "B": 1 / 2**20}
    out: dict[str, float] = {}
    for line in stats.splitlines():
        cid, usage = line.split(" ", 1)
        value = usage.split("/")[0].strip()
        unit = next((u for u in units if value.endswith(u)), "B")
        mib = float(value[: -len(unit)]) * units[unit]
        lab = next((c.lab for c in containers if c.id.startswith(cid) or cid.startswith(c.id)), "?")
        out[lab] = out.get(lab, 0.0) + mib
    return out


# --------------------------------------------------------------------------- running and reading


def run_suite(pages: list[str], extra: list[str], report_file: Path) -> dict:
    """Run pytest on `pages`; what it cost, measured from outside."""
    brokers = native_brokers()
    broker_cpu0 = {p: _proc_cpu(p) for pids in brokers.values() for p in pids}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    env = {**os.environ, report.ENV: str(report_file)}
    cmd = [sys.executable, "-m", "pytest", "--markdown-docs", *pages, "-p", "no:cacheprovider"]
    cmd += ["-q", *extra]
    print("running:", " ".join(cmd[2:]), flush=True)
    t0 = time.monotonic()
    proc = subprocess.run(cmd, cwd=ROOT, env=env)
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    broker_cpu = sum(max(0.0, _proc_cpu(p) - c) for p, c in broker_cpu0.items())
    return {"exit": proc.returncode, "wall": wall, "cpu": cpu, "broker_cpu": broker_cpu}


def _fmt_s(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds:.1f} s"


def tables(data: dict, measured: dict | None, top: int) -> str:
    pages = data.get("pages", {})
    session = data.get("session", {})
    ran = session.get("pages") or sorted(pages)
    lines = ["per page", f"  {'page':<46} {'status':<8} {'blocks':>6} {'time':>9}"]
    total_blocks, total_time = 0, 0.0
    for key in ran:
        e = pages.get(key)
        if e is None:
            continue
        total_blocks += e.get("blocks", 0)
        total_time += e.get("seconds", 0.0)
        times = sorted(e.get("block_times", []), key=lambda b: -b.get("seconds", 0))
        name = key.removeprefix("docs/")
        lines.append(
            f"  {name:<46} {e['status']:<8} {e.get('blocks', 0):>6} {_fmt_s(e.get('seconds')):>9}"
        )
        for b in times[:top]:
            lines.append(f"    slow: line {b['line']:>4} {b['seconds']:>6.1f} s  {b['what'][:60]}")
    lines += ["", "per lab"]
    brokers = native_brokers()
    containers = docker_memory()
    for name, lab in (session.get("labs") or {}).items():
        started = "started by the run" if lab.get("started") else "already running"
        mem = "-"
        if lab.get("mode") == "native" and name in brokers:
            rss = sum(_proc_rss_mib(p) for p in brokers[name])
            mem = f"{rss:.0f} MiB RSS in {len(brokers[name])} JVMs"
        elif lab.get("mode") == "docker" and name in containers:
            mem = f"{containers[name]:.0f} MiB in containers"
        lines.append(
            f"  {name:<8} {lab.get('mode', '?'):<8} ready in {lab.get('start_seconds', 0):.1f} s "
            f"({started}); memory now: {mem}"
        )
    wall = measured["wall"] if measured else session.get("wall_seconds")
    cpu = measured["cpu"] if measured else session.get("cpu_seconds")
    lines += ["", "totals"]
    lines.append(
        f"  pages: {len(ran)}; blocks run: {total_blocks}; time in pages: {total_time:.1f} s"
    )
    if wall:
        lines.append(
            f"  wall time: {wall:.1f} s; blocks per second: {total_blocks / wall:.2f}; "
            f"CPU time (pytest and its blocks): {cpu:.1f} s"
        )
    if measured:
        lines.append(
            f"  CPU time of the lab brokers during the run: {measured['broker_cpu']:.1f} s"
        )
        lines.append(f"  pytest exit status: {measured['exit']}")
    try:
        load = os.getloadavg()
        lines.append(f"  load average now: {load[0]:.1f} on {os.cpu_count()} CPUs")
    except OSError:
        pass
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    extra: list[str] = []
    if "--" in argv:
        i = argv.index("--")
        argv, extra = argv[:i], argv[i + 1 :]
    parser = argparse.ArgumentParser(
        prog="python -m kafkalab.bench", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("pages", nargs="*", help="pages (or notebooks) to run; none: read --report")
    parser.add_argument("--report", type=Path, help="read this report instead of running")
    parser.add_argument("--top", type=int, default=3, help="slowest blocks shown per page")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    if not args.pages and args.report is None:
        parser.error(
            "name the pages to run (e.g. docs/lessons/01-what-is-kafka.md), or --report FILE"
        )
    measured = None
    if args.pages:
        for page in args.pages:
            if not (ROOT / page).exists() and not Path(page).exists():
                parser.error(f"no such page: {page}")
        report_file = Path(tempfile.mkdtemp(prefix="kafkalab-bench-")) / "report.json"
        measured = run_suite(args.pages, extra, report_file)
    else:
        report_file = args.report
        if not report_file.is_file():
            parser.error(f"no report at {report_file}: run the tests first (make test)")
    data = report.load(report_file)
    if not data.get("pages"):
        print(f"the report {report_file} has no pages", file=sys.stderr)
        return 1
    print()
    print(tables(data, measured, args.top))
    if args.json:
        args.json.write_text(json.dumps({"report": data, "measured": measured}, indent=1))
    return measured["exit"] if measured else 0


if __name__ == "__main__":
    sys.exit(main())
