#!/bin/sh
# Written by `python -m kafkalab.compose_files` from kafkalab/secure.py: do not edit.
# The secure lab's files in /etc/kafkalab/secure (the host's $KAFKALAB_HOME/secure): the CA and the broker's
# keystore, made once with the same keytool steps as the native lab, and the CLI login files.
set -euf
PATH="$PATH:$(dirname "$(readlink -f "$(command -v java)")")"  # keytool beside java
dir=/etc/kafkalab/secure
if [ ! -s "$dir/broker.p12" ] || [ ! -s "$dir/ca.pem" ]; then
  rm -f "$dir/ca.p12" "$dir/broker.p12" "$dir/ca.pem"
  keytool -genkeypair -alias ca -keyalg RSA -keysize 2048 -dname 'CN=kafkalab lab CA' -ext bc:c -validity 3650 -keystore /etc/kafkalab/secure/ca.p12 -storetype PKCS12 -storepass kafkalab-store
  keytool -exportcert -rfc -alias ca -file /etc/kafkalab/secure/ca.pem -keystore /etc/kafkalab/secure/ca.p12 -storetype PKCS12 -storepass kafkalab-store
  keytool -genkeypair -alias broker -keyalg RSA -keysize 2048 -dname CN=localhost -ext SAN=dns:localhost,ip:127.0.0.1 -validity 825 -keystore /etc/kafkalab/secure/broker.p12 -storetype PKCS12 -storepass kafkalab-store
  keytool -certreq -alias broker -file /etc/kafkalab/secure/broker.csr -keystore /etc/kafkalab/secure/broker.p12 -storetype PKCS12 -storepass kafkalab-store
  keytool -gencert -alias ca -infile /etc/kafkalab/secure/broker.csr -outfile /etc/kafkalab/secure/broker.crt -rfc -ext SAN=dns:localhost,ip:127.0.0.1 -validity 825 -keystore /etc/kafkalab/secure/ca.p12 -storetype PKCS12 -storepass kafkalab-store
  keytool -importcert -noprompt -alias ca -file /etc/kafkalab/secure/ca.pem -keystore /etc/kafkalab/secure/broker.p12 -storetype PKCS12 -storepass kafkalab-store
  keytool -importcert -noprompt -alias broker -file /etc/kafkalab/secure/broker.crt -keystore /etc/kafkalab/secure/broker.p12 -storetype PKCS12 -storepass kafkalab-store
  rm -f /etc/kafkalab/secure/broker.csr /etc/kafkalab/secure/broker.crt
  echo "secure-init: made a CA and the broker's certificate in $dir"
fi
cp /etc/kafkalab/compose/secure/admin.properties /etc/kafkalab/compose/secure/alice.properties "$dir/"
# The files belong to whoever owns the folder on the host; the broker (uid 1000) reads them.
cd "$dir"
chown "$(stat -c %u:%g .)" ca.p12 ca.pem broker.p12 admin.properties alice.properties
chmod 0644 ca.p12 ca.pem broker.p12 admin.properties alice.properties
