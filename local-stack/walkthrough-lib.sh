# Helpers the walk-through scripts share; sourced by them, not run. Needs curl and jq.
KC=${KC:-http://127.0.0.1:8180}

# a demo user's access token: Keycloak's password grant on the public client samverkan-cli
token() {
  curl -sf "$KC/realms/samverkan/protocol/openid-connect/token" \
    -d client_id=samverkan-cli -d grant_type=password -d username="$1" -d password=demo | jq -r .access_token
}
step() { printf '\n== %s\n' "$*"; }
# expect <what> <actual> <wanted>: stops the script unless the answer is the one the README describes
expect() {
  if [ "$2" != "$3" ]; then echo "FAILED: $1: got '$2', wanted '$3'" >&2; exit 1; fi
  echo "ok: $1 = $2"
}
status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
# waits up to 30 s for a jq filter over a GET (with a bearer token) to print something non-empty
poll() {
  local url=$1 auth=$2 filter=$3 out=""
  for _ in $(seq 1 60); do
    out=$(curl -s "$url" -H "Authorization: Bearer $auth" | jq -c "$filter" 2>/dev/null || true)
    if [ -n "$out" ] && [ "$out" != "null" ]; then echo "$out"; return 0; fi
    sleep 0.5
  done
  echo "FAILED: nothing from $url after 30 s" >&2; return 1
}
# a valid personnummer of someone about $1 years old that no earlier run used (random day and serial, Luhn digit)
personnummer() {
  local birth serial nine sum=0 i d
  birth=$(date -d "-$1 years -$((RANDOM % 300)) days" +%Y%m%d 2>/dev/null || date -v-"$1"y -v-$((RANDOM % 300))d +%Y%m%d)
  serial=$(printf '%03d' $((RANDOM % 1000)))
  nine="${birth:2}$serial"
  for i in $(seq 0 8); do
    d=$(( ${nine:$i:1} * (i % 2 == 0 ? 2 : 1) )); sum=$(( sum + (d > 9 ? d - 9 : d) ))
  done
  echo "$birth-$serial$(( (10 - sum % 10) % 10 ))"
}
in_days() { date -d "+$1 days" +%F 2>/dev/null || date -v+"$1"d +%F; }
