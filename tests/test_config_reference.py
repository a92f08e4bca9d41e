"""The configuration reference (docs/reference/configuration.md) against the real sources.

Every default cell of the page's tables is checked on every run:

* Java: the `ConfigDef`s of the Kafka jars the lab runs (ProducerConfig, ConsumerConfig, the
  topic's LogConfig, the broker's AbstractKafkaConfig), printed as JSON by one small Java program
  (JAVA_SOURCE, run once per session with the source launcher on the lab's classpath);
* kafka-python: `KafkaProducer.DEFAULT_CONFIG` and `KafkaConsumer.DEFAULT_CONFIG` (a Java name
  maps to kafka-python's by turning dots into underscores; where kafka-python calls the setting
  something else, the page's cell names it, e.g. "`partitioner` = ...", and the test checks that);
* librdkafka: the copy bundled with confluent-kafka, through ctypes (`rd_kafka_conf_set` tells
  whether a name exists, `rd_kafka_conf_get` / `rd_kafka_topic_conf_get` give the default).

How a cell is read is described in the HTML comment at the top of the page; `check_page` is the
one comparison, and the tests at the bottom feed it wrong cells to show that it fails.
"""

from __future__ import annotations

import ctypes
import json
import re
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "reference" / "configuration.md"

# Page section (its "## " heading) -> the ConfigDef it is checked against, and the client
# defaults (kafka-python) that apply to it.
SECTIONS = {"Producer": "producer", "Consumer": "consumer", "Topic": "topic", "Broker": "broker"}
# Kafka Connect and MirrorMaker 2 (Java only): the worker's DistributedConfig; a connector's
# SinkConnectorConfig, with JsonConverterConfig's keys under `key.converter.` and
# `value.converter.` (how a connector or worker config spells them); and MirrorMaker 2's
# source, checkpoint and heartbeat connector configs with MirrorMakerConfig's own keys.
SECTIONS.update({"Connect worker": "worker", "Connector": "connector", "MirrorMaker 2": "mm2"})

JAVA_SOURCE = """
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.server.config.AbstractKafkaConfig;
import org.apache.kafka.storage.internals.log.LogConfig;

/** Prints every key of Kafka's producer, consumer, topic, broker, Connect and MirrorMaker 2
 *  ConfigDefs as JSON. The Connect and MirrorMaker 2 ones are not public API: reflection. */
public class ConfigDefaults {
    static Map<String, Object> dump(Map<String, ConfigDef.ConfigKey> keys) {
        Map<String, Object> out = new TreeMap<>();
        for (ConfigDef.ConfigKey k : keys.values()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("type", k.type.name());
            if (k.hasDefault() && k.type == ConfigDef.Type.CLASS && k.defaultValue != null) {
                // as a list of classes prints its items ("class a.b.C"): canonical() strips it
                e.put("default", "class " + ((Class<?>) k.defaultValue).getName());
            } else if (k.hasDefault()) {
                e.put("default", ConfigDef.convertToString(k.defaultValue, k.type));
            } else {
                e.put("required", true);
            }
            out.put(k.name, e);
        }
        return out;
    }

    static ConfigDef field(String cls, String name) throws Exception {
        Field f = Class.forName(cls).getDeclaredField(name);
        f.setAccessible(true);
        return (ConfigDef) f.get(null);
    }

    static ConfigDef call(String cls, String name, Object... args) throws Exception {
        for (Method m : Class.forName(cls).getDeclaredMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == args.length) {
                m.setAccessible(true);
                return (ConfigDef) m.invoke(null, args);
            }
        }
        throw new IllegalStateException("no " + cls + "." + name);
    }

    /** Several dumps in one map; a key in two of them must have the same entry. */
    @SafeVarargs
    static Map<String, Object> merge(Map<String, Object>... parts) {
        Map<String, Object> out = new TreeMap<>();
        for (Map<String, Object> part : parts) {
            for (Map.Entry<String, Object> e : part.entrySet()) {
                Object old = out.put(e.getKey(), e.getValue());
                if (old != null && !old.equals(e.getValue())) {
                    throw new IllegalStateException(e.getKey() + ": " + old + " / " + e.getValue());
                }
            }
        }
        return out;
    }

    static Map<String, Object> prefixed(String prefix, Map<String, Object> keys) {
        Map<String, Object> out = new TreeMap<>();
        keys.forEach((k, v) -> out.put(prefix + k, v));
        return out;
    }

    public static void main(String[] args) throws Exception {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("version", AppInfoParser.getVersion());
        all.put("producer", dump(ProducerConfig.configDef().configKeys()));
        all.put("consumer", dump(ConsumerConfig.configDef().configKeys()));
        all.put("topic", dump(LogConfig.configKeys()));
        all.put("broker", dump(AbstractKafkaConfig.CONFIG_DEF.configKeys()));
        String rt = "org.apache.kafka.connect.runtime.";
        Object crypto = Class.forName(rt + "distributed.Crypto").getField("SYSTEM").get(null);
        all.put("worker", dump(call(rt + "distributed.DistributedConfig", "config", crypto)
            .configKeys()));
        Map<String, Object> json = dump(call("org.apache.kafka.connect.json.JsonConverterConfig",
            "configDef").configKeys());
        all.put("connector", merge(dump(call(rt + "SinkConnectorConfig", "configDef").configKeys()),
            prefixed("key.converter.", json), prefixed("value.converter.", json)));
        String mm = "org.apache.kafka.connect.mirror.";
        all.put("mm2", merge(
            dump(field(mm + "MirrorSourceConfig", "CONNECTOR_CONFIG_DEF").configKeys()),
            dump(field(mm + "MirrorCheckpointConfig", "CONNECTOR_CONFIG_DEF").configKeys()),
            dump(field(mm + "MirrorHeartbeatConfig", "CONNECTOR_CONFIG_DEF").configKeys()),
            dump(call(mm + "MirrorMakerConfig", "config").configKeys())));
        System.out.println(new ObjectMapper().writeValueAsString(all));
    }
}
"""

# --------------------------------------------------------------------------------------------
# Values: the one parsing and comparison rule (also stated at the top of the page).

TIME_MS = {"ms": 1, "s": 1000, "min": 60_000, "h": 3_600_000, "d": 86_400_000}
SIZE_B = {"B": 1, "KiB": 1024, "MiB": 1024**2, "GiB": 1024**3, "KB": 1000, "MB": 1000**2}
SIZE_B["GB"] = 1000**3
UNITS = {u: ("time", Fraction(f)) for u, f in TIME_MS.items()}
UNITS.update({u: ("size", Fraction(f)) for u, f in SIZE_B.items()})
SUFFIX_UNITS = {"ms": "ms", "seconds": "s", "minutes": "min", "hours": "h", "bytes": "B"}
SUFFIX_UNITS["kbytes"] = "KiB"
BYTE_SETTINGS = {"batch.size", "buffer.memory", "max.request.size"}

QUANTITY_RE = re.compile(r"(-?\d+(?:\.\d+)?)(?:\s*([A-Za-z]+))?")
FOOTNOTE_RE = re.compile(r"\[\^[^\]]+\]")
RENAMED_RE = re.compile(r"`([^`]+)`\s*=\s*(.+)")
ALT_RE = re.compile(r"(.+?)\s*\(([^()]+)\)")

NULL = "null"  # canonical "no value"


def setting_unit(name: str) -> str | None:
    """The unit a setting's raw value is in: from its name's last part, or BYTE_SETTINGS."""
    if name.replace("_", ".") in BYTE_SETTINGS:
        return "B"
    return SUFFIX_UNITS.get(re.split(r"[._]", name)[-1])


def canonical(value: Any) -> Any:
    """A source value (Java default string, Python object, librdkafka string) in a form that
    compares: None -> NULL, numbers -> Fraction, lists -> tuple of items, classes -> names."""
    if value is None:
        return NULL
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        return "inf" if value == float("inf") else Fraction(str(value))
    if isinstance(value, type):
        return value.__name__
    if isinstance(value, (list, tuple)):
        return tuple(canonical(v) for v in value)
    if not isinstance(value, str):
        return type(value).__name__  # an object, e.g. kafka-python's DefaultPartitioner()
    items = [v.strip() for v in value.split(",")] if "," in value else [value]
    out = []
    for item in items:
        if item.startswith("class "):  # a Java class, as ConfigDef prints it
            item = item[len("class ") :].rsplit(".", 1)[-1]
        if re.fullmatch(r"-?\d+(?:\.\d+)?", item):
            out.append(Fraction(item))
        elif item.lower() in ("true", "false"):
            out.append(item.lower())
        else:
            out.append(item)
    return out[0] if len(out) == 1 else tuple(out)


def page_value(text: str, name: str) -> Any:
    """One spelling of a value on the page, in the raw unit of the setting `name`."""
    text = text.replace("`", "").strip()
    if text in ("null", "None"):
        return NULL
    if text == '""':
        return ""
    m = QUANTITY_RE.fullmatch(text)
    if m and m.group(2):
        unit = m.group(2)
        if unit not in UNITS:
            raise ValueError(f"{name}: unknown unit {unit!r} in {text!r} (known: {list(UNITS)})")
        own = setting_unit(name)
        if own is None:
            raise ValueError(
                f"{name}: {text!r} has a unit but the setting's unit is unknown: "
                "add the setting to BYTE_SETTINGS or write the raw number"
            )
        kind, factor = UNITS[unit]
        own_kind, own_factor = UNITS[own]
        if kind != own_kind:
            raise ValueError(f"{name}: {text!r} is a {kind}, the setting is a {own_kind}")
        return Fraction(m.group(1)) * factor / own_factor
    return canonical(text)


@dataclass(frozen=True)
class Cell:
    kind: str  # "value", "same", "not supported", "renamed"
    values: tuple[str, ...] = ()  # the primary spelling, and the one in parentheses if any
    name: str | None = None  # the client's own name ("renamed")
    text: str = ""


def parse_cell(text: str) -> Cell:
    raw = text
    text = FOOTNOTE_RE.sub("", text).strip()
    if text in ("same", "not supported"):
        return Cell(text, text=raw)
    name = None
    m = RENAMED_RE.fullmatch(text)
    if m:
        name, text = m.group(1), m.group(2).strip()
    m = ALT_RE.fullmatch(text)
    values = (m.group(1), m.group(2)) if m else (text,)
    return Cell("renamed" if name else "value", values, name, raw)


def value_errors(where: str, cell: Cell, name: str, source: Any) -> list[str]:
    """Each spelling of the cell's value must equal the source's default."""
    errors = []
    expected = canonical(source)
    for spelling in cell.values:
        try:
            got = page_value(spelling, name)
        except ValueError as e:
            errors.append(f"{where}: {e}")
            continue
        if got != expected:
            errors.append(
                f"{where}: the page says {spelling.strip()!r} ({cell.text.strip()!r}), "
                f"but the default of {name} is {source!r}"
            )
    return errors


# --------------------------------------------------------------------------------------------
# Sources.


class Librdkafka:
    """librdkafka's defaults, read from the library confluent-kafka loads."""

    def __init__(self) -> None:
        import confluent_kafka

        libs = Path(confluent_kafka.__file__).resolve().parent.parent / "confluent_kafka.libs"
        found = sorted(libs.glob("librdkafka*.so*"))
        if not found:
            raise RuntimeError(f"no librdkafka*.so* in {libs}: is confluent-kafka installed?")
        lib = ctypes.CDLL(str(found[0]))
        lib.rd_kafka_version_str.restype = ctypes.c_char_p
        for f in (lib.rd_kafka_conf_new, lib.rd_kafka_topic_conf_new):
            f.restype = ctypes.c_void_p
        for f in (lib.rd_kafka_conf_destroy, lib.rd_kafka_topic_conf_destroy):
            f.argtypes = [ctypes.c_void_p]
        for f in (lib.rd_kafka_conf_get, lib.rd_kafka_topic_conf_get):
            f.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p]
            f.argtypes += [ctypes.POINTER(ctypes.c_size_t)]
        lib.rd_kafka_conf_set.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p]
        lib.rd_kafka_conf_set.argtypes += [ctypes.c_char_p, ctypes.c_size_t]
        self.lib = lib
        self.version = lib.rd_kafka_version_str().decode()

    def __contains__(self, name: str) -> bool:
        """Whether librdkafka knows the name (a property or an alias, global or topic-level:
        rd_kafka_conf_set answers RD_KAFKA_CONF_UNKNOWN = -2 for any other)."""
        conf = self.lib.rd_kafka_conf_new()
        try:
            err = ctypes.create_string_buffer(512)
            return self.lib.rd_kafka_conf_set(conf, name.encode(), b"1", err, 512) != -2
        finally:
            self.lib.rd_kafka_conf_destroy(conf)

    def get(self, name: str) -> str | None:
        """The default of a known name; None when it has no value (e.g. group.id)."""
        pairs = (
            (
                self.lib.rd_kafka_conf_new,
                self.lib.rd_kafka_conf_get,
                self.lib.rd_kafka_conf_destroy,
            ),
            (
                self.lib.rd_kafka_topic_conf_new,
                self.lib.rd_kafka_topic_conf_get,
                self.lib.rd_kafka_topic_conf_destroy,
            ),
        )
        for new, get, destroy in pairs:
            conf = new()
            try:
                buf = ctypes.create_string_buffer(4096)
                size = ctypes.c_size_t(len(buf))
                if get(conf, name.encode(), buf, ctypes.byref(size)) == 0:
                    return buf.value.decode()
            finally:
                destroy(conf)
        return None


@dataclass
class Sources:
    java: Mapping[str, Mapping[str, Mapping[str, Any]]]  # section -> name -> {default, type}
    kafka_python: Mapping[str, Mapping[str, Any]]  # "producer"/"consumer" -> DEFAULT_CONFIG
    librdkafka: Any  # supports `name in` and `.get(name)`
    seconds: float = 0.0  # how long reading them took


def java_defaults(work: Path) -> dict[str, Any]:
    """Kafka's ConfigDefs as JSON: one JVM launch (the source launcher compiles JAVA_SOURCE).
    The classpath is the lab's (Connect's runtime is on it) plus the MirrorMaker 2 jars."""
    from kafkalab import native, pair

    java = native.java_executable()
    if java is None:
        pytest.skip("no `java` on PATH (and JAVA_HOME unset): Kafka's defaults cannot be read")
    source = work / "ConfigDefaults.java"
    source.write_text(JAVA_SOURCE)
    cmd = [java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]
    cmd += ["-cp", pair.mirror_classpath(), str(source)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=work)
    if proc.returncode != 0:
        raise RuntimeError(f"the ConfigDef dump failed:\n{proc.stdout}\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------------------------
# The page.


@dataclass
class Row:
    section: str
    cells: dict[str, str]  # column header -> cell text
    line: int


def parse_tables(markdown: str) -> tuple[list[Row], dict[str, list[str]]]:
    """The rows of each section's table, and each section's column headers."""
    rows: list[Row] = []
    headers: dict[str, list[str]] = {}
    section = None
    header: list[str] | None = None
    for n, line in enumerate(markdown.splitlines(), 1):
        if line.startswith("## "):
            section, header = line[3:].strip(), None
            continue
        if not line.startswith("|") or section not in SECTIONS:
            header = None if not line.startswith("|") else header
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            header = cells
            headers[section] = cells
        elif set("".join(cells)) <= set("-: "):
            continue
        else:
            if len(cells) != len(header):
                raise ValueError(f"line {n}: {len(cells)} cells, the header has {len(header)}")
            rows.append(Row(section, dict(zip(header, cells, strict=True)), n))
    return rows, headers


def column(header: list[str], prefix: str) -> str | None:
    return next((h for h in header if h.startswith(prefix)), None)


def client_errors(
    where: str, cell: Cell, java_name: str, java_default: Any, client: Any, snake: bool
) -> list[str]:
    """One client cell against that client's defaults (`client`: `in` and `.get`)."""
    own = java_name.replace(".", "_") if snake else java_name
    has_own = own in client
    if cell.kind == "not supported":
        if has_own:
            return [f"{where}: the page says not supported, but the client has {own}"]
        return []
    if cell.kind == "renamed":
        assert cell.name is not None
        if has_own:
            return [f"{where}: the client has {own}: drop the name `{cell.name}` from the cell"]
        if cell.name not in client:
            return [f"{where}: the client has no setting {cell.name}"]
        return value_errors(where, cell, cell.name, client.get(cell.name))
    if not has_own:
        return [
            f"{where}: the client has no setting {own} (write `not supported`, or name its own)"
        ]
    value = client.get(own)
    if cell.kind == "same":
        if canonical(value) != canonical(java_default):
            return [
                f"{where}: the page says same, but the client's {own} is {value!r} "
                f"and Java's is {java_default!r}"
            ]
        return []
    if canonical(value) == canonical(java_default):
        return [f"{where}: the client's default equals Java's: write `same`"]
    return value_errors(where, cell, own, value)


def check_page(markdown: str, sources: Sources) -> list[str]:
    """Every error of the page's tables against the sources (empty: the page is right)."""
    errors: list[str] = []
    rows, headers = parse_tables(markdown)
    for title in SECTIONS:
        if title not in headers:
            errors.append(f"no table under '## {title}'")
    seen: set[tuple[str, str]] = set()
    for row in rows:
        section = SECTIONS[row.section]
        header = headers[row.section]
        name = row.cells[header[0]].strip("`")
        where = f"line {row.line}, {row.section} `{name}`"
        if (section, name) in seen:
            errors.append(f"{where}: listed twice")
        seen.add((section, name))
        key = sources.java[section].get(name)
        if key is None:
            errors.append(f"{where}: not a Kafka {section} setting")
            continue
        java_default = None if key.get("required") else key.get("default")
        java_col = column(header, "Kafka ")
        assert java_col is not None
        java_cell = parse_cell(row.cells[java_col])
        if java_cell.kind != "value":
            errors.append(f"{where}: the Java column must give the value")
        else:
            errors += value_errors(f"{where} (Java)", java_cell, name, java_default)
        clients = (("kafka-python", True), ("confluent-kafka", False))
        for prefix, snake in clients:
            col = column(header, prefix)
            if col is None:
                continue
            client = sources.librdkafka if not snake else sources.kafka_python.get(section)
            if client is None:
                errors.append(f"{where}: {prefix} has no {section} settings")
                continue
            cell = parse_cell(row.cells[col])
            errors += client_errors(f"{where} ({prefix})", cell, name, java_default, client, snake)
    return errors


# --------------------------------------------------------------------------------------------
# Tests.


@pytest.fixture(scope="session")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Sources:
    import kafka

    t0 = time.monotonic()
    java = java_defaults(tmp_path_factory.mktemp("config-reference"))
    sources = Sources(
        java=java,
        kafka_python={
            "producer": kafka.KafkaProducer.DEFAULT_CONFIG,
            "consumer": kafka.KafkaConsumer.DEFAULT_CONFIG,
        },
        librdkafka=Librdkafka(),
    )
    sources.seconds = time.monotonic() - t0
    return sources


def test_versions_on_the_page_are_the_ones_checked(sources: Sources) -> None:
    import confluent_kafka
    import kafka

    from kafkalab.versions import CONFLUENT_KAFKA_VERSION, KAFKA_PYTHON_VERSION, KAFKA_VERSION

    assert sources.java["version"] == KAFKA_VERSION, "the lab's jars are not the pinned Kafka"
    assert kafka.__version__ == KAFKA_PYTHON_VERSION
    assert confluent_kafka.__version__ == CONFLUENT_KAFKA_VERSION
    assert confluent_kafka.libversion()[0] == sources.librdkafka.version
    text = PAGE.read_text()
    _, headers = parse_tables(text)
    for title in ("Producer", "Consumer"):
        header = headers[title]
        assert column(header, "Kafka ") == f"Kafka {KAFKA_VERSION} (Java)"
        assert column(header, "kafka-python") == f"kafka-python {KAFKA_PYTHON_VERSION}"
        assert column(header, "confluent-kafka") == f"confluent-kafka {CONFLUENT_KAFKA_VERSION}"
    for title in ("Topic", "Broker", "Connect worker", "Connector", "MirrorMaker 2"):
        assert column(headers[title], "Kafka ") == f"Kafka {KAFKA_VERSION}"
    for pattern, version in (
        (r"librdkafka (\d+\.\d+\.\d+)", sources.librdkafka.version),
        (r"Apache Kafka (\d+\.\d+\.\d+)", KAFKA_VERSION),
        (r"kafka-python (\d+\.\d+\.\d+)", KAFKA_PYTHON_VERSION),
        (r"confluent-kafka (\d+\.\d+\.\d+)", CONFLUENT_KAFKA_VERSION),
    ):
        found = set(re.findall(pattern, text))
        assert found == {version}, f"the page names {pattern.split()[0]} {found}, not {version}"


def test_every_default_on_the_page_matches_its_source(sources: Sources) -> None:
    errors = check_page(PAGE.read_text(), sources)
    assert not errors, "docs/reference/configuration.md drifted:\n" + "\n".join(errors)


def test_the_page_covers_enough(sources: Sources) -> None:
    """Counts what the test above checked, so a table that loses its rows fails too."""
    rows, headers = parse_tables(PAGE.read_text())
    per_section = {title: sum(r.section == title for r in rows) for title in SECTIONS}
    assert all(n >= 10 for n in per_section.values()), per_section
    print(f"\n{len(rows)} settings, {per_section}; sources read in {sources.seconds:.1f} s")


def test_lesson_links_point_at_existing_headings() -> None:
    from markdown.extensions.toc import slugify

    text = PAGE.read_text()
    links = re.findall(r"\]\((\.\./[^)#]+\.md)(?:#([^)]+))?\)", text)
    assert links
    errors = []
    for path, anchor in links:
        target = (PAGE.parent / path).resolve()
        if not target.exists():
            errors.append(f"{path}: no such page")
            continue
        if anchor:
            headings = re.findall(r"^#{1,6} (.+?)\s*$", target.read_text(), flags=re.M)
            slugs = {slugify(re.sub(r"[`*]", "", h), "-") for h in headings}
            if anchor not in slugs:
                errors.append(f"{path}#{anchor}: no such heading")
    assert not errors, "\n".join(errors)


# The comparison fails on a wrong cell: small fake sources, then the real page with one cell
# changed.

FAKE = Sources(
    java={
        "producer": {
            "batch.size": {"type": "INT", "default": "16384"},
            "linger.ms": {"type": "LONG", "default": "5"},
            "delivery.timeout.ms": {"type": "INT", "default": "120000"},
            "buffer.memory": {"type": "LONG", "default": "33554432"},
        },
        "consumer": {},
        "topic": {},
        "broker": {},
    },
    kafka_python={"producer": {"batch_size": 16384, "linger_ms": 0, "retries": float("inf")}},
    librdkafka={
        "batch.size": "1000000",
        "linger.ms": "5",
        "delivery.timeout.ms": "300000",
        "queue.buffering.max.kbytes": "1048576",
    },
)

FAKE_HEADER = (
    "## Producer\n\n"
    "| Setting | Kafka 4.3.1 (Java) | kafka-python 3.0.12 | confluent-kafka 2.16.1 |\n"
    "|---|---|---|---|\n"
)
QUEUE = "`queue.buffering.max.kbytes`"


@pytest.mark.parametrize(
    "row, expected",
    [
        ("| `batch.size` | 16384 (16 KiB) | same | 1000000 (1 MB) |", None),
        ("| `batch.size` | 16385 (16 KiB) | same | 1000000 (1 MB) |", "16385"),
        ("| `batch.size` | 16384 (15 KiB) | same | 1000000 (1 MB) |", "15 KiB"),
        ("| `batch.size` | 16384 (16 KiB) | same | 1000000 (1 MiB) |", "1 MiB"),
        ("| `batch.size` | 16384 (16 min) | same | 1000000 |", "is a time"),
        ("| `batch.size` | 16384 | same | same |", "says same"),
        ("| `batch.size` | 16384 | not supported | 1000000 |", "not supported"),
        ("| `batch.size` | 16384 | 16384 | 1000000 |", "write `same`"),
        ("| `batch.size` | `16384` | same | `1000000`[^note] |", None),
        ("| `linger.ms` | 5 | same | same |", "says same"),
        ("| `linger.ms` | 5 (5 s) | 0 | same |", "5 s"),
        ("| `linger.ms` | 5 | 0 | same |", None),
        ("| `delivery.timeout.ms` | 120000 (2 min) | not supported | 300000 (5 min) |", None),
        ("| `delivery.timeout.ms` | 120000 (2 h) | not supported | 300000 |", "2 h"),
        ("| `delivery.timeout.ms` | 120000 | same | 300000 |", "no setting delivery_timeout_ms"),
        (
            "| `buffer.memory` | 33554432 (32 MiB) | not supported | "
            f"{QUEUE} = 1048576 KiB (1 GiB) |",
            None,
        ),
        (f"| `buffer.memory` | 33554432 | not supported | {QUEUE} = 1048576 (1 GiB) |", None),
        (f"| `buffer.memory` | 33554432 | not supported | {QUEUE} = 1048576 KiB (1 GB) |", "1 GB"),
        ("| `buffer.memory` | 33554432 | not supported | `no.such` = 1 |", "no setting no.such"),
        ("| `buffer.memory` | 33554432 | not supported | 1048576 |", "no setting buffer.memory"),
        ("| `linger.ms` | 5 | 0 | `linger.ms` = 5 |", "drop the name"),
        ("| `max.block.ms` | 60000 | same | same |", "not a Kafka producer"),
    ],
)
def test_the_comparison_fails_on_a_wrong_cell(row: str, expected: str | None) -> None:
    errors = check_page(FAKE_HEADER + row + "\n", FAKE)
    errors = [e for e in errors if not e.startswith("no table under")]
    if expected is None:
        assert errors == []
    else:
        assert errors and expected in "\n".join(errors), errors


def test_a_drifted_cell_of_the_real_page_fails(sources: Sources) -> None:
    text = PAGE.read_text()
    good = "| `batch.size` | 16384 (16 KiB) | same | 1000000 (1 MB)"
    assert good in text
    for wrong in (
        "| `batch.size` | 16384 (16 KiB) | same | 100000 (1 MB)",  # a digit lost
        "| `batch.size` | 16384 (16 KiB) | 32768 | 1000000 (1 MB)",  # kafka-python differs
        "| `batch.size` | 16384 (16 MiB) | same | 1000000 (1 MB)",  # the friendly unit is wrong
    ):
        errors = check_page(text.replace(good, wrong), sources)
        assert len(errors) == 1 and "batch.size" in errors[0], errors
    good, wrong = "| `linger.ms` | 5 |", "| `linger.ms` | 0 |"  # the pre-4.0 Java default
    assert good in text
    errors = check_page(text.replace(good, wrong), sources)
    assert any("linger.ms" in e for e in errors), errors


def test_every_default_cell_of_the_page_is_checked(sources: Sources) -> None:
    """Each default cell of the page, replaced by a wrong value, makes the check fail."""
    rows, headers = parse_tables(PAGE.read_text())
    checked = 0
    for row in rows:
        header = headers[row.section]
        table = f"## {row.section}\n\n| {' | '.join(header)} |\n|{'---|' * len(header)}\n"
        for col in header:
            if not col.startswith(("Kafka ", "kafka-python", "confluent-kafka")):
                continue
            wrong = {**row.cells, col: "`not-the-default`"}
            mutated = table + "| " + " | ".join(wrong[h] for h in header) + " |\n"
            errors = [e for e in check_page(mutated, sources) if not e.startswith("no table")]
            assert errors, f"{row.section} {row.cells[header[0]]}: a wrong {col} cell passes"
            checked += 1
    assert checked == sum(
        sum(h.startswith(("Kafka ", "kafka-python", "confluent-kafka")) for h in headers[r.section])
        for r in rows
    )
    print(f"\n{len(rows)} settings, {checked} default cells: each fails when wrong")
