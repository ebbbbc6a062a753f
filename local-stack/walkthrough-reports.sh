#!/usr/bin/env bash
# The README's "From report to results" walk-through (issue 15) as one script, against a running local stack
# (./samverkan-local). Needs curl and jq. Every step prints the answer that matters and stops the script with
# "FAILED: …" when the answer is not what the README says.
set -euo pipefail

CS=${CS:-http://127.0.0.1:8081}
NS=${NS:-http://127.0.0.1:8082}
. "$(dirname "$0")/walkthrough-lib.sh"

DAVID=$(token david); INGRID=$(token ingrid); AMIR=$(token amir); CECILIA=$(token cecilia); ANNA=$(token anna); ALVA=$(token alva)
ANNA_ID=6f1b7c2e-0a4d-4b8e-9c51-2d3e4f5a6b01; INGRID_ID=6f1b7c2e-0a4d-4b8e-9c51-2d3e4f5a6b15
PNR=$(personnummer 15)
echo "youth: $PNR (generated)"

step "1. david (police) reports a youth: an intake opens; the skyddsbedömning is due today, the förhandsbedömning in 14 days"
R1=$(curl -sf -X POST "$CS/api/intake/reports" -H "Authorization: Bearer $DAVID" -H 'Content-Type: application/json' \
  -d '{"receivingUnit":"haninge-ungdom","concernTypes":["NARCOTICS"],"summary":"Gripen med narkotika vid centrum",
       "subject":{"personalIdentityNumber":"'"$PNR"'","name":"Kim Exempel"}}' | jq -r .reportId)
echo "reportId=$R1"
ROW=$(poll "$CS/api/intake/units/haninge-ungdom/queue" "$AMIR" "[.[] | select(.reportId==\"$R1\")] | first")
echo "$ROW" | jq -c '{caseId, status, safetyAssessmentDueOn, assessmentDueOn}'
CASE=$(echo "$ROW" | jq -r .caseId)
expect "safety assessment due" "$(echo "$ROW" | jq -r .safetyAssessmentDueOn)" "$(date +%F)"
expect "förhandsbedömning due" "$(echo "$ROW" | jq -r .assessmentDueOn)" "$(in_days 14)"
expect "safety assessment recorded (HTTP)" "$(curl -s -o /dev/null -w '%{http_code}' -X POST "$CS/api/cases/$CASE/reports/$R1/safety-assessment" \
  -H "Authorization: Bearer $AMIR" -H 'Content-Type: application/json' -d '{"immediateProtectionNeeded":false}')" 200

step "2. ingrid (school) reports a concern about the same youth: it joins the open case"
R2=$(curl -sf -X POST "$CS/api/intake/reports" -H "Authorization: Bearer $INGRID" -H 'Content-Type: application/json' \
  -d '{"receivingUnit":"haninge-ungdom","concernTypes":["SCHOOL_ABSENCE"],"summary":"Hög frånvaro sedan oktober",
       "subject":{"personalIdentityNumber":"'"$PNR"'","name":"Kim Exempel"}}' | jq -r .reportId)
ROW2=$(poll "$CS/api/intake/units/haninge-ungdom/queue" "$CECILIA" "[.[] | select(.reportId==\"$R2\")] | first")
echo "$ROW2" | jq -c '{caseId, attachedToOpenCase}'
expect "the concern's case" "$(echo "$ROW2" | jq -r .caseId)" "$CASE"
expect "attached to the open case" "$(echo "$ROW2" | jq -r .attachedToOpenCase)" true

step "3. the police see the status of their report move, and get a notice; never the case, its id or the youth's name"
expect "team assigned (HTTP)" "$(curl -s -o /dev/null -w '%{http_code}' -X PUT "$CS/api/cases/$CASE/team" -H "Authorization: Bearer $CECILIA" \
  -H 'Content-Type: application/json' -d '{"team":["'"$ANNA_ID"'"]}')" 200
for P in PRELIMINARY_ASSESSMENT INVESTIGATION; do
  expect "phase $P (HTTP)" "$(curl -s -o /dev/null -w '%{http_code}' -X POST "$CS/api/cases/$CASE/phase-changes" -H "Authorization: Bearer $ANNA" \
    -H 'Content-Type: application/json' -d '{"phase":"'$P'"}')" 200
done
SENT=$(poll "$CS/api/intake/reports/sent/$R1" "$DAVID" 'select(.status == "INVESTIGATION_OPENED")')
echo "$SENT" | jq -c '{status, statusOn, steps: [.steps[] | .status]}'
expect "status on" "$(echo "$SENT" | jq -r .statusOn)" "$(date +%F)"
case "$SENT" in *"$CASE"*|*"Kim Exempel"*|*"$PNR"*) echo "FAILED: the police's view names the case or the youth" >&2; exit 1;; esac
echo "ok: no case id, name or personnummer in what david sees"
poll "$NS/api/inbox?unread=true" "$DAVID" "[.items[] | select(.kind==\"REPORT_STATUS_CHANGED\" and (.link | endswith(\"$R1\"))) | .message] | first"

step "4. a joint meeting with the school on the family's consent for joint planning, and the school's commitment"
CONSENT=$(curl -sf -X POST "$CS/api/cases/$CASE/consents" -H "Authorization: Bearer $ANNA" -H 'Content-Type: application/json' \
  -d '{"parties":[{"role":"SUBJECT","personalIdentityNumber":"'"$PNR"'"},{"role":"GUARDIAN","personalIdentityNumber":"19870614-2836"}],
       "recipientAgency":"MUNICIPALITY","recipientUnit":"haninge-skola","purposes":["JOINT_PLANNING"],"dataCategories":["MEASURES"],
       "validFrom":"'"$(date +%F)"'","validUntil":"'"$(in_days 90)"'"}' | jq -r .consentId)
echo "consentId=$CONSENT"
MEETING=$(curl -sf -X POST "$CS/api/cases/$CASE/coordination-meetings" -H "Authorization: Bearer $ANNA" -H 'Content-Type: application/json' \
  -d '{"heldOn":"'"$(date +%F)"'","actionPlanAgreed":true,"agreedText":"Skolan följer närvaron",
       "participants":[{"role":"SOCIAL_SERVICES","organisation":"haninge-ungdom","userId":"'"$ANNA_ID"'"},
                       {"role":"SCHOOL","organisation":"haninge-skola","userId":"'"$INGRID_ID"'"},{"role":"GUARDIAN"},{"role":"YOUTH"}],
       "commitments":[{"participant":1,"commitmentType":"SCHOOL_ATTENDANCE_FOLLOW_UP","dueOn":"'"$(in_days 30)"'"}]}')
COMMITMENT=$(echo "$MEETING" | jq -r '.commitmentIds[0]')
echo "meetingId=$(echo "$MEETING" | jq -r .meetingId) commitmentId=$COMMITMENT"
# "my commitments" is a read model: the commitment is there as soon as the projection has it
poll "$CS/api/commitments" "$INGRID" "[.[] | select(.commitmentId == \"$COMMITMENT\") | {commitmentType, dueOn, status, access}] | first"
MINE=$(curl -s "$CS/api/commitments" -H "Authorization: Bearer $INGRID")
case "$MINE" in *"$CASE"*|*"$PNR"*|*"Kim Exempel"*) echo "FAILED: ingrid's commitments name the case or the youth" >&2; exit 1;; esac
echo "ok: no case id, name or personnummer in ingrid's commitments (no consent to IDENTITY)"
expect "ingrid reading the case (HTTP)" "$(curl -s -o /dev/null -w '%{http_code}' "$CS/api/cases/$CASE" -H "Authorization: Bearer $INGRID")" 404

step "5. the steering group's figures: alva only, aggregates only, cells under 5 people suppressed"
curl -sf "$CS/api/effects/municipalities/0136/figures?program=RAPID_INTERVENTION" -H "Authorization: Bearer $ALVA" \
  | jq -c '.rows[-1] | {program, period, concernGroup, figures: [.figures[] | {figure, value, status}][0:4]}'
CSV=$(curl -sf "$CS/api/effects/municipalities/0136/figures.csv" -H "Authorization: Bearer $ALVA")
sed -n 1,3p <<< "$CSV"   # not "| head": it would close the pipe on curl, a failure under pipefail
expect "alva reading the case (HTTP)" "$(curl -s -o /dev/null -w '%{http_code}' "$CS/api/cases/$CASE" -H "Authorization: Bearer $ALVA")" 404
expect "anna reading the figures (HTTP)" "$(curl -s -o /dev/null -w '%{http_code}' "$CS/api/effects/municipalities/0136/figures" \
  -H "Authorization: Bearer $ANNA")" 403

printf '\nThe walk-through ran to the end.\n'
