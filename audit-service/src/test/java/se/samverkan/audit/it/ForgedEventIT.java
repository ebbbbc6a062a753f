package se.samverkan.audit.it;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import se.samverkan.contracts.AccessAction;
import se.samverkan.contracts.AccessOutcome;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.DataCategory;
import se.samverkan.contracts.LegalBasis;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.contracts.Topics;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.contracts.cases.ReferralSent;
import se.samverkan.platform.test.TestEventKeys;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 16 "consumers verify before they act": the records an attacker with write access to a topic could produce.
 * Before issue 16 each of them was appended as a genuine entry (the first is the issue's own kcat record: a
 * referral-sent for a case that does not exist, claiming case-service and a supervisor). Now each is dead-lettered,
 * leaves one forged-event-refused entry holding its hash and never its content, and raises a FORGED_EVENT item.
 */
class ForgedEventIT extends AuditServiceITBase {

    private static final String DEAD_LETTER = Topics.deadLetter("audit-service");

    @Test
    void anUnsignedReferralClaimingCaseServiceIsRefused() {
        UUID caseId = UUID.randomUUID();
        CloudEvent forged = referral(caseId);
        Refusal refusal = refuse(Topics.CASE_EVENTS, caseId.toString(), CloudEventCodec.toBytes(forged), "UNSIGNED");

        assertThat(refusal.data().get("claimedType").asString()).isEqualTo("se.samverkan.case.referral-sent.v1");
        assertThat(refusal.data().get("claimedProducer").asString()).isEqualTo("case-service");
        assertThat(refusal.data().has("signatureKeyId")).isFalse();
        assertNothingGenuineAppended(forged, caseId);
    }

    @Test
    void aRecordSignedByNotificationServiceClaimingCaseServiceIsRefused() {
        UUID caseId = UUID.randomUUID();
        CloudEvent forged = referral(caseId);
        // a compromised notification-service signs with its own (valid, trusted) key and claims to be case-service
        byte[] value = TestEventKeys.forgedWith(TestEventKeys.signer("notification-service").key(), forged);
        double alertsBefore = forgedDeadLetters();
        Refusal refusal = refuse(Topics.CASE_EVENTS, caseId.toString(), value, "SOURCE_NOT_OF_KEY");
        assertThat(forgedDeadLetters()).as("the alert counter rises").isGreaterThan(alertsBefore);

        assertThat(refusal.data().get("signatureKeyId").asString()).isEqualTo("notification-service/test");
        assertNothingGenuineAppended(forged, caseId);
    }

    @Test
    void aGenuineCaseServiceEventReplayedOntoTheAccessTopicIsRefused() {
        UUID caseId = UUID.randomUUID();
        CloudEvent genuine = referral(caseId);
        Refusal refusal = refuse(Topics.ACCESS_EVENTS, caseId.toString(), signed(genuine), "TYPE_NOT_ALLOWED");

        assertThat(refusal.data().get("signatureKeyId").asString()).isEqualTo("case-service/test");
        assertNothingGenuineAppended(genuine, caseId);
    }

    /**
     * notification-service drops a routine access event (no break-glass) without checking its signature, since it
     * acts on none: for a forged one, this service's refusal is the one that dead-letters it and tells a person.
     */
    @Test
    void anUnsignedRoutineAccessClaimingCaseServiceIsRefused() {
        UUID caseId = UUID.randomUUID();
        CloudEvent forged = CASE_SERVICE.wrap(UUID.randomUUID(), Instant.now(), new AccessRecorded(ref(TestUser.SOCIAL_WORKER), caseId,
                UUID.randomUUID(), null, Program.RAPID_INTERVENTION, TestUser.YOUTH_UNIT, AccessAction.READ, "list-cases",
                List.of("CASE_SUMMARY"), "case work", null, true, false, ProtectedIdentity.NONE, AccessOutcome.ALLOWED, null, Instant.now()));
        Refusal refusal = refuse(Topics.ACCESS_EVENTS, caseId.toString(), CloudEventCodec.toBytes(forged), "UNSIGNED");

        assertThat(refusal.data().get("claimedType").asString()).isEqualTo("se.samverkan.access.access-recorded.v1");
        assertNothingGenuineAppended(forged, caseId);
    }

    @Test
    void aRecordWhoseBytesNoLongerMatchTheirSignatureIsRefused() {
        UUID caseId = UUID.randomUUID();
        CloudEvent genuine = referral(caseId);
        byte[] value = signed(genuine);
        // another police unit than case-service signed: one byte inside data
        String text = new String(value, StandardCharsets.UTF_8);
        int at = text.indexOf(TestUser.POLICE_UNIT, text.indexOf("\"data\""));
        value[at] = (byte) (value[at] == 'x' ? 'y' : 'x');
        refuse(Topics.CASE_EVENTS, caseId.toString(), value, "BAD_SIGNATURE");

        assertNothingGenuineAppended(genuine, caseId);
    }

    @Test
    void anUnsignedRecordThatIsNoEventAtAllIsRefusedAndNothingOfItIsKept() {
        String secret = "199001011234-" + UUID.randomUUID();
        byte[] garbage = ("{\"not\":\"a cloud event\",\"personnummer\":\"" + secret + "\",\"type\":\"" + secret + "\","
                + "\"signaturekeyid\":\"case-service/" + secret.substring(0, 12) + "\"}").getBytes(StandardCharsets.UTF_8);
        Refusal refusal = refuse(Topics.ACCESS_EVENTS, "garbage", garbage, "UNSIGNED");

        // free text in type or key id is not kept: only a contract type, a trusted key id
        assertThat(refusal.data().has("claimedType")).isFalse();
        assertThat(refusal.data().has("signatureKeyId")).isFalse();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_entries WHERE convert_from(entry, 'UTF8') LIKE ?", Long.class,
                "%" + secret.substring(0, 12) + "%")).isZero();
    }

    @Test
    void theRefusalsItemIsEveryMunicipalitysNotTheOneTheRecordClaims() {
        UUID caseId = UUID.randomUUID();
        Refusal refusal = refuse(Topics.CASE_EVENTS, caseId.toString(), CloudEventCodec.toBytes(referral(caseId)), "UNSIGNED");

        // the record names Haninge; the item is not Haninge's alone (no security municipality is configured here)
        for (TestUser officer : List.of(TestUser.COMPLIANCE_OFFICER, TestUser.COMPLIANCE_OFFICER_BOTKYRKA)) {
            JsonNode item = json(get("/api/audit/review-items/" + refusal.reviewItemId(), officer));
            assertThat(item.get("rule").asString()).isEqualTo("FORGED_EVENT");
            assertThat(item.get("detail").asString()).contains("UNSIGNED on " + Topics.CASE_EVENTS);
        }
    }

    @org.springframework.beans.factory.annotation.Autowired
    FailOnceListener failOnce;

    @org.springframework.beans.factory.annotation.Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    private double forgedDeadLetters() {
        return se.samverkan.platform.test.TestMeters.deadLetters(meters, Topics.CASE_EVENTS, "ForgedEventException");
    }

    @Test
    void aRefusalWhoseAppendFailsIsLoggedOnceWhenTheRecordIsRedelivered() {
        UUID caseId = UUID.randomUUID();
        byte[] value = CloudEventCodec.toBytes(referral(caseId));
        String hash = HexFormat.of().formatHex(se.samverkan.audit.tlog.Rfc6962.sha256().digest(value));
        failOnce.failOnceForRefusalOf(hash);

        Refusal refusal = refuse(Topics.CASE_EVENTS, caseId.toString(), value, "UNSIGNED");

        assertThat(failOnce.hasFailedFor(hash)).as("the first append of the refusal failed").isTrue();
        // redelivered after the failure: the same record gives the same entry id, so one entry and one item
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM audit_entries WHERE event_type = 'se.samverkan.audit.forged-event-refused.v1'
                  AND convert_from(entry, 'UTF8')::jsonb -> 'data' ->> 'valueSha256' = ?""", Long.class, hash)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM review_items WHERE source_event_id = ?", Long.class, refusal.entryId())).isEqualTo(1);
    }

    private record Refusal(UUID entryId, JsonNode data, UUID reviewItemId) {
    }

    /** Sends the record; asserts it was dead-lettered, logged as refused (hash only) and raised a FORGED_EVENT item. */
    private Refusal refuse(String topic, String key, byte[] value, String reason) {
        String uniqueKey = key + "-" + UUID.randomUUID();
        sendRaw(topic, uniqueKey, value);

        List<ConsumerRecord<String, byte[]>> dead = readTopic(DEAD_LETTER, r -> uniqueKey.equals(r.key()), Duration.ofSeconds(20));
        // at least once: a redelivered poll dead-letters its record again (same bytes, same original offset)
        assertThat(dead).isNotEmpty().allSatisfy(copy -> assertThat(copy.value()).isEqualTo(value));
        ConsumerRecord<String, byte[]> deadLetter = dead.getFirst();
        assertThat(header(deadLetter, "samverkan-forged-reason")).isEqualTo(reason);
        String partition = header(deadLetter, "samverkan-original-partition");
        String offset = header(deadLetter, "samverkan-original-offset");
        UUID entryId = UUID.nameUUIDFromBytes(("forged/" + topic + "/" + partition + "/" + offset).getBytes(StandardCharsets.UTF_8));

        await().atMost(Duration.ofSeconds(20)).until(() -> entriesWithEventId(entryId.toString()) == 1);
        Map<String, Object> row = jdbc.queryForMap("SELECT event_type, entry, case_id, subject_id, actor_id FROM audit_entries WHERE event_id = ?",
                entryId);
        assertThat(row.get("event_type")).isEqualTo("se.samverkan.audit.forged-event-refused.v1");
        assertThat(row.get("case_id")).isNull();
        assertThat(row.get("subject_id")).isNull();
        assertThat(row.get("actor_id")).isNull();
        byte[] bytes = (byte[]) row.get("entry");
        // the log's own entry, signed by audit-service; nothing of the refused record's content in it
        assertThat(TestEventKeys.verifier().verify(null, bytes).keyId()).isEqualTo("audit-service/test");
        String entry = new String(bytes, StandardCharsets.UTF_8);
        assertThat(entry).doesNotContain(key, TestUser.SUPERVISOR.id(), TestUser.POLICE_UNIT, "\"caseRef\"");
        JsonNode data = CloudEventCodec.fromBytes(bytes).data();
        assertThat(data.get("reason").asString()).isEqualTo(reason);
        assertThat(data.get("topic").asString()).isEqualTo(topic);
        assertThat(data.get("offset").asString()).isEqualTo(offset);
        assertThat(data.get("valueSha256").asString()).isEqualTo(HexFormat.of().formatHex(se.samverkan.audit.tlog.Rfc6962.sha256().digest(value)));

        List<Map<String, Object>> items = jdbc.queryForList("SELECT id, rule, municipality FROM review_items WHERE source_event_id = ?", entryId);
        assertThat(items).hasSize(1);
        assertThat(items.getFirst().get("rule")).isEqualTo("FORGED_EVENT");
        assertThat(items.getFirst().get("municipality")).isNull();
        return new Refusal(entryId, data, (UUID) items.getFirst().get("id"));
    }

    /** Neither the event id nor the case it names is in the log, to the database or to a compliance officer's search. */
    private void assertNothingGenuineAppended(CloudEvent claimed, UUID caseId) {
        assertThat(entriesWithEventId(claimed.id())).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_entries WHERE case_id = ?", Long.class, caseId)).isZero();
        JsonNode page = json(get("/api/audit/entries?caseId=" + caseId, TestUser.COMPLIANCE_OFFICER));
        assertThat(page.get("items")).isEmpty();
    }

    private static CloudEvent referral(UUID caseId) {
        return CASE_SERVICE.wrap(UUID.randomUUID(), Instant.now(), new ReferralSent(caseRef(caseId, UUID.randomUUID()), ref(TestUser.SUPERVISOR),
                Instant.now(), UUID.randomUUID(), TestUser.POLICE_UNIT, LegalBasis.OSL_10_18A, null, List.of(DataCategory.values()[0]),
                TestUser.SUPERVISOR.id()));
    }


    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
