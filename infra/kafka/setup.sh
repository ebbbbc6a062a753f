#!/bin/sh
# docker-compose's one-shot broker setup, as the admin: the topics of topics.txt, then a SCRAM-SHA-512 user per service
# and exactly the grants of acls.txt (the local stack's launcher does the same in Java, and also removes stale ones).
# Usage: setup.sh <bootstrap-servers> [replication-factor]
# Environment: KAFKA_PASSWORD_ADMIN and KAFKA_PASSWORD_<USER> for each user of acls.txt (e.g. KAFKA_PASSWORD_CASE_SERVICE).
set -eu
bootstrap="$1"
replication="${2:-1}"
here="$(dirname "$0")"
bin="${KAFKA_BIN:-/opt/kafka/bin}"
: "${KAFKA_PASSWORD_ADMIN:?set KAFKA_PASSWORD_ADMIN}"
umask 077
admin=/tmp/admin.properties
cat > "$admin" <<PROPERTIES
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$KAFKA_PASSWORD_ADMIN";
PROPERTIES

KAFKA_COMMAND_CONFIG="$admin" "$here/create-topics.sh" "$bootstrap" "$replication"

grep -v '^[[:space:]]*#' "$here/acls.txt" | awk 'NF { print $1 }' | sort -u | while read -r user; do
  variable="KAFKA_PASSWORD_$(echo "$user" | tr 'a-z-' 'A-Z_')"
  password="$(printenv "$variable" || true)"
  [ -n "$password" ] || { echo "set $variable, the broker password of $user" >&2; exit 1; }
  "$bin/kafka-configs.sh" --bootstrap-server "$bootstrap" --command-config "$admin" --alter \
    --entity-type users --entity-name "$user" --add-config "SCRAM-SHA-512=[password=$password]"
done

grep -v '^[[:space:]]*#' "$here/acls.txt" | while read -r user resource operations; do
  [ -n "$user" ] || continue
  kind="${resource%%:*}"
  name="${resource#*:}"
  for operation in $(echo "$operations" | tr ',' ' '); do
    "$bin/kafka-acls.sh" --bootstrap-server "$bootstrap" --command-config "$admin" --add \
      --allow-principal "User:$user" --operation "$operation" "--$kind" "$name" --resource-pattern-type literal > /dev/null
  done
done
"$bin/kafka-acls.sh" --bootstrap-server "$bootstrap" --command-config "$admin" --list
