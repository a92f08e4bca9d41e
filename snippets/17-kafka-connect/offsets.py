"""KIP-875: read a connector's offsets over REST.

Step 2's file source stores its position in the file; Step 5's sink stores its
consumer group's offsets. GET /connectors/<name>/offsets shows both.
"""

from __future__ import annotations

from pathlib import Path

from connect_rest import rest

for name in ("lesson17-file-source", "lesson17-file-sink"):
    _, config = rest("GET", f"/connectors/{name}/config")
    code, body = rest("GET", f"/connectors/{name}/offsets")
    assert code == 200, (code, body)
    print(f"GET /connectors/{name}/offsets -> {code}")
    for entry in sorted(body["offsets"], key=str):
        partition = dict(entry["partition"])
        if "filename" in partition:  # a source: one entry per file it ever read
            if partition["filename"] != config["file"]:
                continue  # an earlier run's file: offsets outlive a deleted connector
            partition["filename"] = Path(partition["filename"]).name
        print(f"  {partition} -> {entry['offset']}")
