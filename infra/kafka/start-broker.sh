#!/bin/sh
# docker-compose's broker, with the local stack's security model (local-stack/.../kafka/LocalKafka.java): every client
# logs in with SASL/SCRAM-SHA-512, the StandardAuthorizer refuses whatever infra/kafka/acls.txt does not grant, and the
# admin is the only super user. The controller listener speaks SASL/PLAIN against a static list holding the admin
# alone (KRaft cannot check SCRAM there: those credentials live in the metadata log the controller serves).
# Environment: KAFKA_PASSWORD_ADMIN (hex: openssl rand -hex 24). Writes /tmp/admin.properties for the healthcheck.
set -eu
: "${KAFKA_PASSWORD_ADMIN:?set KAFKA_PASSWORD_ADMIN (openssl rand -hex 24)}"
case "$KAFKA_PASSWORD_ADMIN" in *[!0-9a-f]*) echo "KAFKA_PASSWORD_ADMIN must be hex (openssl rand -hex 24)" >&2; exit 1;; esac
config=/tmp/server.properties
umask 077
cat > "$config" <<PROPERTIES
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=kafka:9093
listeners=INTERNAL://:9092,CONTROLLER://:9093,EXTERNAL://:19092
advertised.listeners=INTERNAL://kafka:9092,EXTERNAL://127.0.0.1:9092
controller.listener.names=CONTROLLER
inter.broker.listener.name=INTERNAL
listener.security.protocol.map=INTERNAL:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT,EXTERNAL:SASL_PLAINTEXT
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.internal.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$KAFKA_PASSWORD_ADMIN";
listener.name.external.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$KAFKA_PASSWORD_ADMIN";
listener.name.controller.sasl.enabled.mechanisms=PLAIN
sasl.mechanism.controller.protocol=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="$KAFKA_PASSWORD_ADMIN" user_admin="$KAFKA_PASSWORD_ADMIN";
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
super.users=User:admin
log.dirs=/var/lib/kafka/data
num.partitions=3
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
PROPERTIES
cat > /tmp/admin.properties <<PROPERTIES
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$KAFKA_PASSWORD_ADMIN";
PROPERTIES
# the admin's SCRAM credential is part of the first format, so the broker can log in to itself
/opt/kafka/bin/kafka-storage.sh format --config "$config" --standalone --ignore-formatted \
  --cluster-id "${CLUSTER_ID:-$(/opt/kafka/bin/kafka-storage.sh random-uuid)}" \
  --add-scram "SCRAM-SHA-512=[name=admin,password=$KAFKA_PASSWORD_ADMIN]"
exec /opt/kafka/bin/kafka-server-start.sh "$config"
