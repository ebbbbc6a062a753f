#!/usr/bin/env bash
# The README walk-through as one script, against a running local stack (./samverkan-local).
# Needs curl and jq. Every step prints what it did and the answer that matters.
set -euo pipefail

CASES=${CASES:-http://127.0.0.1:8081/api}
INBOX=${INBOX:-http://127.0.0.1:8082/api/inbox}
AUDIT=${AUDIT:-http://127.0.0.1:8083/api/audit}
MAIL=${MAIL:-http://127.0.0.1:8025/}
. "$(dirname "$0")/walkthrough-lib.sh"

ANNA=$(token anna); DAVID=$(token david); EVA=$(token eva)
VALID_UNTIL=$(date -d '+6 months' +%F 2>/dev/null || date -v+6m +%F)

step "1. anna (social worker, haninge-ungdom) opens a rapid-intervention case"
CASE=$(curl -sf -X POST "$CASES/cases" -H "Authorization: Bearer $ANNA" -H 'Content-Type: application/json' \
  -H "Idempotency-Key: walkthrough-$(date +%s%N)" -d '{
  "program":"RAPID_INTERVENTION",
  "subject":{"personalIdentityNumber":"20100315-9124","name":"Kim Exempel","dateOfBirth":"2010-03-15",
             "address":"Exempelvägen 1, 136 40 Haninge",
             "guardians":[{"personalIdentityNumber":"19870614-2836","name":"Vera Exempel"}]},
  "team":[]}' | jq -r .caseId)
echo "caseId=$CASE"
curl -s "$CASES/cases/$CASE" -H "Authorization: Bearer $ANNA" | jq -c '{caseId, program, phase, status}'

step "2. the youth and the guardian consent to sharing identity and a case summary with the police liaison unit"
CONSENT=$(curl -sf -X POST "$CASES/cases/$CASE/consents" -H "Authorization: Bearer $ANNA" -H 'Content-Type: application/json' -d '{
  "parties":[{"role":"SUBJECT","personalIdentityNumber":"20100315-9124"},
             {"role":"GUARDIAN","personalIdentityNumber":"19870614-2836"}],
  "recipientAgency":"POLICE","recipientUnit":"polisen-haninge","purposes":["CRIME_PREVENTION"],
  "dataCategories":["IDENTITY","CASE_SUMMARY"],"validFrom":"'"$(date +%F)"'","validUntil":"'"$VALID_UNTIL"'",
  "documentReference":"Samtycke 2026-117"}' | jq -r .consentId)
echo "consentId=$CONSENT"

step "3. asking for a category the consent does not cover is refused, naming what is missing"
curl -s -X POST "$CASES/cases/$CASE/referrals" -H "Authorization: Bearer $ANNA" -H 'Content-Type: application/json' -d '{
  "policeUnit":"polisen-haninge","legalBasis":"CONSENT","consentId":"'"$CONSENT"'",
  "dataCategories":["IDENTITY","CASE_SUMMARY","MEASURES"],"caseSummary":"Misstänkt för rån; familjen vill ha stöd."}' \
  | jq -c '{status, detail}'

step "4. anna refers the case to the police liaison on that consent"
REFERRAL=$(curl -sf -X POST "$CASES/cases/$CASE/referrals" -H "Authorization: Bearer $ANNA" -H 'Content-Type: application/json' -d '{
  "policeUnit":"polisen-haninge","legalBasis":"CONSENT","consentId":"'"$CONSENT"'",
  "dataCategories":["IDENTITY","CASE_SUMMARY"],"caseSummary":"Misstänkt för rån; familjen vill ha stöd."}' | jq -r .referralId)
echo "referralId=$REFERRAL"

step "5. david (police liaison) gets the notice in his inbox"
poll "$INBOX?unread=true" "$DAVID" '[.items[] | select(.referralId == "'"$REFERRAL"'") | {kind, message, link}] | first'

step "6. david reads the referral: only the consented snapshot, never the case"
curl -s "$CASES/police/referrals/$REFERRAL" -H "Authorization: Bearer $DAVID" | jq -c .
echo -n "david reading the case itself: HTTP "
curl -s -o /dev/null -w '%{http_code}\n' "$CASES/cases/$CASE" -H "Authorization: Bearer $DAVID"

step "7. david acknowledges, accepts and posts feedback"
for action in acknowledgement acceptance; do
  echo -n "$action: HTTP "
  curl -s -o /dev/null -w '%{http_code}\n' -X POST "$CASES/police/referrals/$REFERRAL/$action" -H "Authorization: Bearer $DAVID"
done
echo -n "feedback: HTTP "
curl -s -o /dev/null -w '%{http_code}\n' -X POST "$CASES/police/referrals/$REFERRAL/feedback" -H "Authorization: Bearer $DAVID" \
  -H 'Content-Type: application/json' -d '{"text":"Samtal med familjen genomfört."}'

step "8. the guardian withdraws the consent: the referral resting on it is revoked at once"
curl -s -X POST "$CASES/cases/$CASE/consents/$CONSENT/withdrawal" -H "Authorization: Bearer $ANNA" \
  -H 'Content-Type: application/json' -d '{"withdrawnBy":"GUARDIAN"}' | jq -c .

step "9. david's read is now refused"
curl -s "$CASES/police/referrals/$REFERRAL" -H "Authorization: Bearer $DAVID" | jq -c '{status, detail}'

step "10. anna's inbox has the consent-withdrawal notice (and the police's answers)"
poll "$INBOX?caseId=$CASE" "$ANNA" '[.items[] | select(.kind == "CONSENT_WITHDRAWN") | {kind, message, link}] | first'
curl -s "$INBOX?caseId=$CASE" -H "Authorization: Bearer $ANNA" | jq -c '[.items[].kind]'

step "11. the mail catcher received the notices (what happened and where to look, no personal data)"
# mail goes out from an outbox a few seconds later, so wait for it
poll "$MAIL" "" '[.[] | select(.subject | test("consent was withdrawn")) | {to, subject}] | select(length > 0)'
curl -s "$MAIL" | jq -c '[.[] | select(.to[0] != "eva@haninge.example") | {to: .to[0], subject}]'

step "12. eva (compliance officer) sees the trail in the audit log, including david's refused read"
poll "$AUDIT/entries?caseId=$CASE&size=500" "$EVA" '[.items[] | select(.outcome == "DENIED") | {type, actorId, action, outcome, occurredAt}] | first'
curl -s "$AUDIT/entries?caseId=$CASE&size=500" -H "Authorization: Bearer $EVA" | jq -c '[.items[].type | sub("se.samverkan."; "")] | group_by(.) | map({(.[0]): length}) | add'
echo -n "anna reading the audit log: HTTP "
curl -s -o /dev/null -w '%{http_code}\n' "$AUDIT/entries?caseId=$CASE" -H "Authorization: Bearer $ANNA"
echo -n "no token at all: HTTP "
curl -s -o /dev/null -w '%{http_code}\n' "$INBOX"

step "13. anyone can check the case's trail offline: checkpoint, inclusion proofs and every entry's producer signature"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
. "$ROOT/.ci/find-jdk.sh"
use_jdk_21_or_newer
KEYS=$(mktemp -d)
curl -s "$AUDIT/export?caseId=$CASE" -H "Authorization: Bearer $EVA" > "$KEYS/export.jsonl"
for service in 8081:case 8082:notification 8083:audit; do
  # each producer's public event keys; in production take them from your own records of what you trusted
  curl -s "http://127.0.0.1:${service%%:*}/api/event-signing-keys" > "$KEYS/${service##*:}-keys.json"
done
# the verifier compliance officers download: one jar, nothing but a JDK (./samverkan-local built it)
"$JAVA_HOME/bin/java" -jar "$ROOT/audit-verifier/target/audit-verifier.jar" \
  "$KEYS/export.jsonl" --key "$(curl -s "$AUDIT/public-key")" \
  --producer-keys "$KEYS/case-keys.json" --producer-keys "$KEYS/notification-keys.json" --producer-keys "$KEYS/audit-keys.json"
rm -rf "$KEYS"
