#!/usr/bin/env bash
# The README's "Across Södertörn" walk-through (issue 14) as one script, against a running local stack
# (./samverkan-local). Needs curl and jq. Stops with "FAILED: …" when an answer is not what the README says.
set -euo pipefail

CS=${CS:-http://127.0.0.1:8081}
AUDIT=${AUDIT:-http://127.0.0.1:8083}
. "$(dirname "$0")/walkthrough-lib.sh"

BERTIL=$(token bertil); GORAN=$(token goran); GUNILLA=$(token gunilla); EVA=$(token eva)
GORAN_ID=6f1b7c2e-0a4d-4b8e-9c51-2d3e4f5a6b08; ANNA_ID=6f1b7c2e-0a4d-4b8e-9c51-2d3e4f5a6b01
PNR=$(personnummer 27)
echo "defector: $PNR (generated)"

step "1. bertil (Haninge's exit unit) opens an exit case, a note for Botkyrka and one that stays in Haninge"
CASE=$(curl -sf -X POST "$CS/api/cases" -H "Authorization: Bearer $BERTIL" -H 'Content-Type: application/json' \
  -d '{"program":"EXIT_PROGRAM","subject":{"personalIdentityNumber":"'"$PNR"'","name":"Alex Exempel","address":"Gömda gatan 1"},"team":[]}' | jq -r .caseId)
echo "caseId=$CASE"
NOTE=$(curl -sf -X POST "$CS/api/cases/$CASE/notes" -H "Authorization: Bearer $BERTIL" -H 'Content-Type: application/json' \
  -d '{"text":"Behöver boende utanför Haninge"}' | jq -r .noteId)
curl -sf -X POST "$CS/api/cases/$CASE/notes" -H "Authorization: Bearer $BERTIL" -H 'Content-Type: application/json' \
  -d '{"text":"Hotbild mot familjen i Jordbro"}' > /dev/null
expect "note marked shareable (HTTP 2xx)" "$(status -X POST "$CS/api/cases/$CASE/notes/$NOTE/shareable" -H "Authorization: Bearer $BERTIL" | cut -c1)" 2

step "2. the defector consents to sharing identity and a case summary with Botkyrka's exit unit; bertil shares with goran"
CONSENT=$(curl -sf -X POST "$CS/api/cases/$CASE/consents" -H "Authorization: Bearer $BERTIL" -H 'Content-Type: application/json' \
  -d '{"parties":[{"role":"SUBJECT","personalIdentityNumber":"'"$PNR"'"}],"recipientAgency":"SOCIAL_SERVICES","recipientUnit":"botkyrka-avhopp",
       "purposes":["SUPPORT_AND_PROTECTION"],"dataCategories":["IDENTITY","CASE_SUMMARY"],"validFrom":"'"$(date +%F)"'","validUntil":"'"$(in_days 90)"'"}' \
  | jq -r .consentId)
echo "consentId=$CONSENT"
SHARE_BODY='{"partnerMunicipality":"0127","partnerUnit":"botkyrka-avhopp","role":"PLACEMENT_MUNICIPALITY","dataCategories":["IDENTITY","CASE_SUMMARY"],"consentId":"'"$CONSENT"'","coordinators":["COORDINATOR"]}'
WRONG=$(curl -s -X POST "$CS/api/cases/$CASE/sharing" -H "Authorization: Bearer $BERTIL" -H 'Content-Type: application/json' -d "${SHARE_BODY/COORDINATOR/$ANNA_ID}")
expect "naming Haninge's anna as Botkyrka's coordinator" "$(echo "$WRONG" | jq -r '.status, .code' | paste -sd' ')" "422 coordinator-not-in-partner-unit"
SHARE=$(curl -sf -X POST "$CS/api/cases/$CASE/sharing" -H "Authorization: Bearer $BERTIL" -H 'Content-Type: application/json' -d "${SHARE_BODY/COORDINATOR/$GORAN_ID}")
echo "$SHARE" | jq -c .

step "3. goran reads the name and the shareable note only; gunilla, not named, gets 404"
SEEN=$(curl -sf "$CS/api/cases/$CASE" -H "Authorization: Bearer $GORAN")
echo "$SEEN" | jq -c '{subject: .subject.name, notes: [.notes[]?.text]}'
case "$SEEN" in *"Behöver boende"*) echo "ok: goran sees the shareable note";; *) echo "FAILED: goran does not see the shareable note" >&2; exit 1;; esac
case "$SEEN" in *"Hotbild"*) echo "FAILED: goran sees a note not marked shareable" >&2; exit 1;; *) echo "ok: the other note stays in Haninge";; esac
expect "gunilla reading the case (HTTP)" "$(status "$CS/api/cases/$CASE" -H "Authorization: Bearer $GUNILLA")" 404

step "4. goran writes a partner note; Haninge reads it"
expect "partner note (HTTP 2xx)" "$(status -X POST "$CS/api/cases/$CASE/partner-notes" -H "Authorization: Bearer $GORAN" \
  -H 'Content-Type: application/json' -d '{"text":"Lägenhet ordnad i Tumba"}' | cut -c1)" 2
curl -sf "$CS/api/cases/$CASE" -H "Authorization: Bearer $BERTIL" | jq -c '[.partnerNotes[] | {partnerMunicipality, text}]'

step "5. the defector withdraws the consent: the share ends at once"
curl -sf -X POST "$CS/api/cases/$CASE/consents/$CONSENT/withdrawal" -H "Authorization: Bearer $BERTIL" \
  -H 'Content-Type: application/json' -d '{"withdrawnBy":"SUBJECT"}' | jq -c .
expect "goran reading the case after the withdrawal (HTTP)" "$(status "$CS/api/cases/$CASE" -H "Authorization: Bearer $GORAN")" 403

step "6. eva: the subject's disclosure report lists the share, goran's reads and the share's end"
SUBJECT=$(curl -sf "$CS/api/cases/$CASE" -H "Authorization: Bearer $BERTIL" | jq -r .subjectId)
poll "$AUDIT/api/audit/subjects/$SUBJECT/disclosures" "$EVA" \
  '[.disclosures[].kind] | unique | select(any(startswith("PARTNER_SHARE_ENDED")) and index("SHARED_WITH_PARTNER") != null and index("ACCESS_BY_PARTNER") != null)'

step "7. the witness story: Botkyrka's log cosigns Haninge's latest checkpoint"
# the witness cosigns every few seconds; a freshly started stack may need a round first
LATEST=$(poll "$AUDIT/api/audit/checkpoints/latest" "$EVA" 'select(.witnessed == true)')
echo "$LATEST" | jq -c '{origin, treeSize, witnessed, cosignedBy}'
expect "signature lines in the signed note (the log's own and the witness's)" \
  "$(echo "$LATEST" | jq -r '.signedNote' | grep -c '^— ')" 2

printf '\nThe walk-through ran to the end.\n'
