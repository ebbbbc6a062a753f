#!/bin/sh
# Creates the topics in topics.txt (idempotent). Usage: create-topics.sh <bootstrap-servers> [replication-factor]
# KAFKA_COMMAND_CONFIG names the admin's client properties (the broker authenticates every client). Runs inside the
# apache/kafka image in docker-compose (from setup.sh); locally, the launcher creates the same topics itself.
set -eu
bootstrap="$1"
replication="${2:-1}"
here="$(dirname "$0")"
kafka_topics="${KAFKA_TOPICS_SH:-/opt/kafka/bin/kafka-topics.sh}"
login=""
if [ -n "${KAFKA_COMMAND_CONFIG:-}" ]; then
  login="--command-config $KAFKA_COMMAND_CONFIG"
fi
grep -v '^[[:space:]]*#' "$here/topics.txt" | while read -r topic partitions; do
  [ -n "$topic" ] || continue
  # shellcheck disable=SC2086
  "$kafka_topics" --bootstrap-server "$bootstrap" $login --create --if-not-exists \
    --topic "$topic" --partitions "$partitions" --replication-factor "$replication"
done
# shellcheck disable=SC2086
"$kafka_topics" --bootstrap-server "$bootstrap" $login --list
