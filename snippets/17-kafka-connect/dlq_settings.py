"""Myth: a dead-letter queue catches every error. Only sink connectors have one.

PUT /connector-plugins/<class>/config/validate returns every setting a connector
accepts. The snippet counts the dead-letter queue settings of each file connector.
"""

from __future__ import annotations

from connect_rest import rest

for kind in ("Source", "Sink"):
    plugin = f"org.apache.kafka.connect.file.FileStream{kind}Connector"
    config = {"connector.class": plugin, "file": "/dev/null", "topic": "lesson17-x"}
    config["topics"] = "lesson17-x"
    code, body = rest("PUT", f"/connector-plugins/{plugin}/config/validate", config)
    names = [c["definition"]["name"] for c in body["configs"]]
    dlq = [n for n in names if n.startswith("errors.deadletterqueue.")]
    print(f"{kind:6} connector: {len(names)} settings, {len(dlq)} for a DLQ")
    for name in dlq:
        print(f"  {name}")
    assert code == 200 and bool(dlq) == (kind == "Sink"), (code, dlq)
