"""Step 1: ask the worker who it is and what it can run, and start clean.

GET / names the worker's version and the Kafka cluster it belongs to. GET
/connector-plugins lists the connector classes it found on its classpath and in its
plugin.path. Every connector of this lesson (lesson17-*) is deleted, so the steps
start from nothing.
"""

from __future__ import annotations

from connect_rest import CONNECT_URL, rest

status, info = rest("GET", "/")
print(
    f"GET / -> {status}: Kafka Connect {info['version']}, "
    f"Kafka cluster {info['kafka_cluster_id']}"
)

status, plugins = rest("GET", "/connector-plugins")
print(f"GET /connector-plugins -> {status}:")
for plugin in plugins:
    print(f"  {plugin['type']:6} {plugin['class']}")

status, names = rest("GET", "/connectors")
for name in sorted(n for n in names if n.startswith("lesson17-")):
    deleted, _ = rest("DELETE", f"/connectors/{name}")
    print(f"DELETE /connectors/{name} -> {deleted}")
status, names = rest("GET", "/connectors")
assert not [n for n in names if n.startswith("lesson17-")], names
print(f"{CONNECT_URL} runs no lesson17- connector now")
