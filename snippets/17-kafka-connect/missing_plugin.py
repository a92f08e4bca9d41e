"""Pitfall: a connector class the worker has not installed is refused with HTTP 400.

The worker finds connectors only on its classpath and in its plugin.path. This one
asks for MirrorMaker 2's source connector, which lives in the connect-mirror jar,
not installed on this worker.
"""

from __future__ import annotations

import textwrap

from connect_rest import rest

code, body = rest(
    "POST",
    "/connectors",
    {
        "name": "lesson17-not-installed",
        "config": {
            "connector.class": "org.apache.kafka.connect.mirror.MirrorSourceConnector",
        },
    },
)
print(f"POST /connectors -> {code}")
reason, _, available = body["message"].partition(", available connectors are: ")
# the worker prefixes the exception's class name on some paths and not on others
reason = reason.removeprefix("org.apache.kafka.connect.errors.ConnectException: ")
print(textwrap.fill(reason, width=80, initial_indent="  ", subsequent_indent="  "))
print(f"  available: {available.count('PluginDesc')} connector classes")
assert code == 400, code
