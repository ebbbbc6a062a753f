#!/usr/bin/env bash
# Runs the three service images (deploy/target/images/*.tar) under podman, without Docker and as they would run in
# production (read-only root, no capabilities, no new privileges, the image's unprivileged user), against the local
# stack's infrastructure (PostgreSQL, Kafka, Keycloak, mail catcher started with SAMVERKAN_LOCAL_SERVICES=external),
# then plays the README walk-through (local-stack/walkthrough.sh) against the containers. Stops everything it started.
#
#   ./mvnw -q -pl deploy -am package -DskipTests    # the service jars, local-stack.jar and the image tars
#   infra/podman/run-images.sh                       # needs podman, runc, curl and jq (see README.md here)
#
# Uses the local stack's fixed ports (8081-8083, their management ports 9081-9083, 8180, 9092, 55432, 2525, 8025) and
# its data in .local-stack/.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
. .ci/find-jdk.sh
use_jdk_21_or_newer || { echo "needs a JDK 21+" >&2; exit 1; }

PODMAN=(podman --runtime "${PODMAN_RUNTIME:-runc}" --cgroup-manager "${PODMAN_CGROUP_MANAGER:-cgroupfs}")
VERSION=$(sed -n 's/^project.version=//p' local-stack/target/classes/local-stack.properties)
SERVICES=(case-service notification-service audit-service)
LOG_DIR=$ROOT/.local-stack/podman
mkdir -p "$LOG_DIR"
ENV_DIR=$ROOT/.local-stack/external-services
STACK_PID=""

cleanup() {
  for service in "${SERVICES[@]}"; do
    "${PODMAN[@]}" logs "samverkan-$service" > "$LOG_DIR/$service.log" 2>&1 || true
    "${PODMAN[@]}" rm -f "samverkan-$service" > /dev/null 2>&1 || true
  done
  if [ -n "$STACK_PID" ] && kill -0 "$STACK_PID" 2> /dev/null; then
    kill -TERM "$STACK_PID"   # the launcher's shutdown hook stops the infrastructure it started
    wait "$STACK_PID" || true
  fi
}
trap cleanup EXIT

# waits up to $2 seconds for the command in the remaining arguments to succeed
wait_for() {
  local what=$1 seconds=$2; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" > /dev/null; do
    if [ $SECONDS -ge $deadline ]; then echo "gave up waiting for $what after ${seconds}s" >&2; return 1; fi
    sleep 1
  done
  echo "ready: $what"
}

echo "== podman $("${PODMAN[@]}" version --format '{{.Client.Version}}'), images of version $VERSION"
for service in "${SERVICES[@]}"; do
  "${PODMAN[@]}" load -q -i "deploy/target/images/$service.tar"
done

echo "== the infrastructure (local stack, services external)"
rm -rf "$ENV_DIR"
SAMVERKAN_LOCAL_SERVICES=external "$JAVA_HOME/bin/java" -jar local-stack/target/local-stack.jar > "$LOG_DIR/local-stack.log" 2>&1 &
STACK_PID=$!
infrastructure_up() {
  kill -0 "$STACK_PID" 2> /dev/null || { echo "the local stack stopped: see $LOG_DIR/local-stack.log" >&2; exit 1; }
  test -f "$ENV_DIR/audit-service.env"
}
wait_for "infrastructure (log: $LOG_DIR/local-stack.log)" 900 infrastructure_up

run_container() {   # name, extra arguments...
  local service=$1; shift
  "${PODMAN[@]}" run --network host --read-only --cap-drop ALL --security-opt no-new-privileges \
    --env-file "$ENV_DIR/$service.env" "$@"
}

echo "== audit-service's migration step (the schema owner's credentials, this step only)"
"${PODMAN[@]}" run --rm --network host --read-only --cap-drop ALL --security-opt no-new-privileges \
  --env-file "$ENV_DIR/audit-service-migrate.env" "samverkan/audit-service:$VERSION" migrate

echo "== the services"
for service in "${SERVICES[@]}"; do
  run_container "$service" -d --name "samverkan-$service" "samverkan/$service:$VERSION" > /dev/null
done
for service in "${SERVICES[@]}"; do
  port=$(sed -n 's/^SERVER_PORT=//p' "$ENV_DIR/$service.env")
  # actuator answers on the management port only: the stack's setting if it makes one, else the image's
  management=$(sed -n 's/^MANAGEMENT_SERVER_PORT=//p' "$ENV_DIR/$service.env")
  management=${management:-$("${PODMAN[@]}" image inspect -f '{{index .Config.Labels "se.samverkan.management.port"}}' "samverkan/$service:$VERSION")}
  wait_for "$service (container samverkan-$service, port $port, management port $management)" "${SERVICE_WAIT_SECONDS:-900}" \
    curl -sf "http://127.0.0.1:$management/actuator/health/readiness"
done
"${PODMAN[@]}" ps --format '{{.Names}} {{.Image}} {{.Status}}'
for service in "${SERVICES[@]}"; do
  echo "$service runs as: $("${PODMAN[@]}" exec "samverkan-$service" /opt/java/bin/java -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *user.name = //p') (uid $("${PODMAN[@]}" inspect -f '{{.Config.User}}' "samverkan-$service"))"
done

echo "== the README walk-through against the containers"
local-stack/walkthrough.sh
echo "== walk-through passed against the podman containers"
