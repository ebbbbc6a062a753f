#!/bin/sh
# Creates the topics in topics.txt (idempotent). Usage: create-topics.sh <bootstrap-servers> [replication-factor]
# Runs inside the apache/kafka image in docker-compose; locally, the launcher creates the same topics itself.
set -eu
bootstrap="$1"
replication="${2:-1}"
here="$(dirname "$0")"
kafka_topics="${KAFKA_TOPICS_SH:-/opt/kafka/bin/kafka-topics.sh}"
grep -v '^[[:space:]]*#' "$here/topics.txt" | while read -r topic partitions; do
  [ -n "$topic" ] || continue
  "$kafka_topics" --bootstrap-server "$bootstrap" --create --if-not-exists \
    --topic "$topic" --partitions "$partitions" --replication-factor "$replication"
done
"$kafka_topics" --bootstrap-server "$bootstrap" --list
