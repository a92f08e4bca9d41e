"""Step 7 (second terminal): watch a connector's status change, live.

Polls GET /connectors/lesson17-restart-sink/status twenty times a second and prints
each change of its tasks' states, from the first failure until the tasks run again.
"""

from __future__ import annotations

import time

from connect_rest import rest

NAME = "lesson17-restart-sink"

print(f"watching {NAME}", flush=True)
seen_failure = False
last: list[str] = []
deadline = time.monotonic() + 90
while time.monotonic() < deadline:
    code, status = rest("GET", f"/connectors/{NAME}/status")
    tasks = status.get("tasks", []) if code == 200 else []
    # RESTARTING and UNASSIGNED last only moments: whether a poll sees them is luck
    settled = [t for t in tasks if t["state"] in ("FAILED", "RUNNING")]
    states = [f"task {t['id']} {t['state']}" for t in settled]
    if any(t["state"] == "FAILED" for t in tasks):
        seen_failure = True
    if seen_failure and states and states != last:
        print(", ".join(states), flush=True)
        last = states
        if tasks and all(t["state"] == "RUNNING" for t in tasks):
            print("back to RUNNING after the failure", flush=True)
            break
    time.sleep(0.05)
else:
    raise SystemExit(f"{NAME}: no failure and recovery seen within 90 s")
