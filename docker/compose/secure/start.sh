#!/bin/sh
# Written by `python -m kafkalab.compose_files` from kafkalab/secure.py: do not edit.
# The secure broker: format its storage with the SCRAM users on the first start, then run it.
set -euf
conf=/etc/kafkalab/compose/secure/server.properties
[ -s /etc/kafkalab/secure/broker.p12 ] || { echo "no /etc/kafkalab/secure/broker.p12: the secure-init service makes it (docker compose --profile secure up -d)" >&2; exit 1; }
/opt/kafka/bin/kafka-storage.sh format --ignore-formatted --cluster-id="$CLUSTER_ID" -c "$conf" \
  --standalone --add-scram 'SCRAM-SHA-512=[name=admin,password=admin-secret]' --add-scram 'SCRAM-SHA-512=[name=alice,password=alice-secret]'
exec /opt/kafka/bin/kafka-server-start.sh "$conf"
