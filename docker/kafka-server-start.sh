#!/bin/sh
# Start a Kafka node (broker and/or KRaft controller) with the given server.properties,
# as Apache Kafka's bin/kafka-server-start.sh does. Logs go to stdout (`docker logs`).
set -eu
set -f
[ $# -ge 1 ] || { echo "USAGE: $0 server.properties [--override property=value]*" >&2; exit 1; }
# KAFKALAB_METRICS_PORT: serve the node's metrics on that port with the Prometheus JMX exporter.
jmx_agent=/opt/kafka/jmx/jmx_prometheus_javaagent.jar
if [ -n "${KAFKALAB_METRICS_PORT:-}" ] && [ -f "$jmx_agent" ]; then
  KAFKA_OPTS="-javaagent:$jmx_agent=$KAFKALAB_METRICS_PORT:/opt/kafka/jmx/jmx-exporter.yml ${KAFKA_OPTS:-}"
fi
# shellcheck disable=SC2086 # the *_OPTS variables hold several options
exec java ${KAFKA_HEAP_OPTS:--Xmx1G -Xms1G} \
  ${KAFKA_JVM_PERFORMANCE_OPTS:--server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent} \
  -Djava.awt.headless=true \
  ${KAFKA_LOG4J_OPTS:--Dlog4j2.configurationFile=/opt/kafka/config/log4j2.properties} \
  ${KAFKA_OPTS:-} -cp '/opt/kafka/libs/*' kafka.Kafka "$@"
