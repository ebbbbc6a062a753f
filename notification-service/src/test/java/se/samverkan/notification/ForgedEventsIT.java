package se.samverkan.notification;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import se.samverkan.contracts.AccessAction;
import se.samverkan.contracts.AccessOutcome;
import se.samverkan.contracts.CaseOrigin;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.DataCategory;
import se.samverkan.contracts.LegalBasis;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.contracts.Topics;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.contracts.cases.CaseOpened;
import se.samverkan.contracts.cases.ReferralSent;
import se.samverkan.contracts.signing.ForgedEventException;
import se.samverkan.platform.test.TestEventKeys;
import se.samverkan.platform.test.TestKafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 16, "consumers verify before they act": the forged referral of the issue (and its neighbours) reaches the
 * police liaison neither in the inbox, nor the unit queue, nor by mail, and lands on the dead-letter topic. "Nothing
 * happened" is proven, not waited for: a genuine marker event follows each forgery on the same partition (same key),
 * so once the marker's notification exists the forgery has been processed, and it must have left nothing.
 */
@ExtendWith(OutputCaptureExtension.class)
class ForgedEventsIT extends NotificationServiceIT {

    CapturedOutput output;

    @org.junit.jupiter.api.BeforeEach
    void captureLogs(CapturedOutput output) {
        this.output = output;
    }

    static final String DEAD_LETTERS = Topics.deadLetter("notification-service");

    @Test
    void theIssuesUnsignedReferralClaimingCaseServiceNotifiesNobody() {
        Staff staff = newStaff();
        UUID caseId = UUID.randomUUID();
        CloudEvent forged = referral(staff, caseId);

        send(Topics.CASE_EVENTS, caseId.toString(), CloudEventCodec.toBytes(forged));

        assertNothingHappened(staff, caseId, forged, ForgedEventException.Reason.UNSIGNED);
        assertThat(output.getAll()).as("nothing of the record's content in the logs").doesNotContain(forged.id())
                .doesNotContain(referralIdOf(forged).toString());
    }

    @Test
    void aReferralSignedByAuditServicesKeyWhileClaimingCaseServiceNotifiesNobody() {
        Staff staff = newStaff();
        UUID caseId = UUID.randomUUID();
        CloudEvent forged = referral(staff, caseId);

        send(Topics.CASE_EVENTS, caseId.toString(), TestEventKeys.forgedWith(TestEventKeys.signer("audit-service").key(), forged));

        assertNothingHappened(staff, caseId, forged, ForgedEventException.Reason.SOURCE_NOT_OF_KEY);
    }

    @Test
    void aReferralSignedByNotificationServicesOwnKeyWhileClaimingCaseServiceNotifiesNobody() {
        Staff staff = newStaff();
        UUID caseId = UUID.randomUUID();
        CloudEvent forged = referral(staff, caseId);

        send(Topics.CASE_EVENTS, caseId.toString(), TestEventKeys.forgedWith(TestEventKeys.signer("notification-service").key(), forged));

        assertNothingHappened(staff, caseId, forged, ForgedEventException.Reason.SOURCE_NOT_OF_KEY);
    }

    @Test
    void aReferralGenuinelySignedByCaseServiceButReplayedOnAnotherTopicNotifiesNobody() {
        Staff staff = newStaff();
        UUID caseId = UUID.randomUUID();
        CloudEvent forged = referral(staff, caseId);

        // case-service may write the access topic, but a referral never travels there
        send(Topics.ACCESS_EVENTS, caseId.toString(), TestEventKeys.signed(forged));
        // the marker on the same topic and key: a genuine break-glass access, which the compliance officer hears of
        publish(new AccessRecorded(staff.actor(staff.colleague()), caseId, UUID.randomUUID(), null, Program.RAPID_INTERVENTION,
                staff.unit(), AccessAction.READ, "read-case", List.of("summary"), "acute risk", null, false, true,
                ProtectedIdentity.NONE, AccessOutcome.ALLOWED, null, Instant.now()));
        await().atMost(PATIENCE).until(() -> kinds(staff.compliance(), caseId).contains("BREAK_GLASS_ACCESS"));

        assertNoTrace(staff, forged, ForgedEventException.Reason.TYPE_NOT_ALLOWED);
    }

    @Test
    void anUnsignedBreakGlassAccessIsVerifiedRefusedAndTellsTheComplianceOfficerNothing() {
        CloudEvent forged = unsignedAccessThenAGenuineBreakGlass(true);

        ConsumerRecord<String, byte[]> deadLetter = awaitDeadLetter(forged);
        assertThat(header(deadLetter, "kafka_dlt-exception-cause-fqcn")).contains(ForgedEventException.class.getName());
    }

    /**
     * A routine access event (no break-glass) is dropped without checking its signature (RoutineAccess): nothing here
     * acts on one, so a forged one is dropped as a genuine one is, and it is no longer dead-lettered by this service;
     * audit-service, which verifies every access event, refuses it (its ForgedEventIT#anUnsignedRoutineAccessClaimingCaseServiceIsRefused).
     */
    @Test
    void anUnsignedRoutineAccessIsDroppedUnreadLeavingNoTraceAndNoDeadLetter() {
        CloudEvent forged = unsignedAccessThenAGenuineBreakGlass(false);

        assertThat(deadLettersNow()).as("the dead-letter topic, read to its end after the marker")
                .noneMatch(record -> new String(record.value(), StandardCharsets.UTF_8).contains(forged.id()));
        assertThat(output.getAll()).doesNotContain(forged.id());
    }

    /**
     * An unsigned access event claiming case-service, then a genuine break-glass access on the same key as the marker:
     * once the marker's item exists the forgery was processed, and the marker's must be the case's only item.
     */
    private CloudEvent unsignedAccessThenAGenuineBreakGlass(boolean forgedBreakGlass) {
        Staff staff = newStaff();
        UUID caseId = UUID.randomUUID();
        CloudEvent forged = wrap(access(staff, caseId, forgedBreakGlass));

        send(Topics.ACCESS_EVENTS, caseId.toString(), CloudEventCodec.toBytes(forged));
        CloudEvent marker = publish(access(staff, caseId, true));
        await().atMost(PATIENCE).until(() -> kinds(staff.compliance(), caseId).contains("BREAK_GLASS_ACCESS"));

        assertThat(kinds(staff.compliance(), caseId)).as("the genuine break-glass access alone").containsExactly("BREAK_GLASS_ACCESS");
        assertThat(ledgered(marker)).isTrue();
        assertThat(ledgered(forged)).as("not even the processed-event ledger knows the forgery").isFalse();
        return forged;
    }

    private static AccessRecorded access(Staff staff, UUID caseId, boolean breakGlass) {
        return new AccessRecorded(staff.actor(staff.colleague()), caseId, UUID.randomUUID(), null, Program.RAPID_INTERVENTION,
                staff.unit(), AccessAction.READ, "read-case", List.of("summary"), breakGlass ? "acute risk" : null, null,
                !breakGlass, breakGlass, ProtectedIdentity.NONE, AccessOutcome.ALLOWED, null, Instant.now());
    }

    @Test
    void aGenuineReferralWithOneByteFlippedInItsDataNotifiesNobody() {
        Staff staff = newStaff();
        UUID caseId = UUID.randomUUID();
        CloudEvent genuine = referral(staff, caseId);
        byte[] value = TestEventKeys.signed(genuine);
        // one letter of the police unit inside data, so the record is still a valid CloudEvent of the right type
        String text = new String(value, StandardCharsets.UTF_8);
        int at = text.indexOf("\"policeUnit\":\"" + staff.policeUnit()) + "\"policeUnit\":\"".length();
        assertThat(at).isGreaterThan(20);
        value[at] = (byte) (value[at] == 'p' ? 'q' : 'p');

        send(Topics.CASE_EVENTS, caseId.toString(), value);

        assertNothingHappened(staff, caseId, genuine, ForgedEventException.Reason.BAD_SIGNATURE);
    }

    @Test
    void theGenuineReferralSignedByCaseServiceNotifiesTheLiaisonOnceAndMailsOnce() {
        Staff staff = newStaff();
        UUID caseId = UUID.randomUUID();
        CloudEvent genuine = referral(staff, caseId);

        send(Topics.CASE_EVENTS, caseId.toString(), TestEventKeys.signed(genuine));
        UUID referralId = referralIdOf(genuine);

        await().atMost(PATIENCE).until(() -> mailsTo(staff.police().email(), referralId.toString()).size() == 1);
        assertThat(inbox(staff.police(), "").path("items").valueStream().map(item -> item.path("kind").asString()))
                .containsExactly("REFERRAL_RECEIVED");
        assertThat(mailsTo(staff.police().email(), referralId.toString())).hasSize(1);
        assertThat(ledgered(genuine)).isTrue();
    }

    /** The forgery first, then the genuine marker on its key; once the marker is in, the forgery was processed. */
    private void assertNothingHappened(Staff staff, UUID caseId, CloudEvent forged, ForgedEventException.Reason reason) {
        publish(new CaseOpened(staff.caseRef(caseId, ProtectedIdentity.NONE), staff.actor(staff.socialWorker()), Instant.now(),
                CaseOrigin.SOCIAL_SERVICES, "INTAKE", List.of(staff.socialWorker().id())));
        await().atMost(PATIENCE).until(() -> kinds(staff.socialWorker(), caseId).contains("CASE_OPENED"));
        assertNoTrace(staff, forged, reason);
    }

    private void assertNoTrace(Staff staff, CloudEvent forged, ForgedEventException.Reason reason) {
        UUID referralId = referralIdOf(forged);
        assertThat(inbox(staff.police(), "").path("items")).as("the liaison's inbox").isEmpty();
        assertThat(unitInbox(staff).path("items")).as("the police unit's queue").isEmpty();
        assertThat(ledgered(forged)).as("not even the processed-event ledger knows the forgery").isFalse();
        assertThat(jdbc.sql("SELECT count(*) FROM referral_routes WHERE referral_id = ?").param(referralId).query(Long.class).single())
                .as("no routing learnt from it").isZero();
        ConsumerRecord<String, byte[]> deadLetter = awaitDeadLetter(forged);
        assertThat(header(deadLetter, "kafka_dlt-exception-fqcn") + " " + header(deadLetter, "kafka_dlt-exception-cause-fqcn"))
                .contains(ForgedEventException.class.getName());
        // the WARN names the reason and where the record lay (its original topic, partition and offset), nothing of it
        String where = header(deadLetter, "kafka_dlt-original-topic") + "-"
                + ByteBuffer.wrap(deadLetter.headers().lastHeader("kafka_dlt-original-partition").value()).getInt() + "@"
                + ByteBuffer.wrap(deadLetter.headers().lastHeader("kafka_dlt-original-offset").value()).getLong();
        assertThat(output.getAll()).contains("could not be proven (" + reason + ") at " + where + ";");
        assertThat(jdbc.sql("SELECT count(*) FROM mail_deliveries WHERE recipient_user_id = ?").param(staff.police().id())
                .query(Long.class).single()).as("no mail queued for the police liaison").isZero();
        assertThat(mailsTo(staff.police().email(), "")).as("no mail to the police liaison").isEmpty();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static CloudEvent referral(Staff staff, UUID caseId) {
        // the issue's record: for a case nobody opened, a supervisor as actor
        return wrap(new ReferralSent(staff.caseRef(caseId, ProtectedIdentity.NONE), staff.actor(staff.supervisor()), Instant.now(),
                UUID.randomUUID(), staff.policeUnit(), LegalBasis.CONSENT, UUID.randomUUID(),
                List.of(DataCategory.IDENTITY, DataCategory.CASE_SUMMARY), null));
    }

    private static UUID referralIdOf(CloudEvent event) {
        return CloudEventCodec.dataAs(event, ReferralSent.class).referralId();
    }


    private boolean ledgered(CloudEvent event) {
        return jdbc.sql("SELECT count(*) FROM processed_events WHERE event_id = ?").param(event.eventId()).query(Long.class).single() > 0;
    }

    private List<String> kinds(se.samverkan.platform.test.TestUser user, UUID caseId) {
        return inbox(user, "?caseId=" + caseId).path("items").valueStream().map(item -> item.path("kind").asString()).toList();
    }

    private tools.jackson.databind.JsonNode unitInbox(Staff staff) {
        var response = get("/api/inbox/unit", staff.police());
        assertThat(response.statusCode()).isEqualTo(200);
        return json(response.body());
    }

    private static ConsumerRecord<String, byte[]> awaitDeadLetter(CloudEvent forged) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestKafka.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, "forged-events-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(DEAD_LETTERS));
            await().atMost(PATIENCE).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (new String(record.value(), StandardCharsets.UTF_8).contains(forged.id())) {
                        found.add(record);
                    }
                });
                return !found.isEmpty();
            });
        }
        assertThat(found).hasSize(1);
        return found.getFirst();
    }

    /** Every record on this service's dead-letter topic at this moment, from its beginning to its end. */
    private static List<ConsumerRecord<String, byte[]>> deadLettersNow() {
        List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestKafka.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, "forged-events-it-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(DEAD_LETTERS).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            await().atMost(PATIENCE).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
                return partitions.stream().allMatch(partition -> consumer.position(partition) >= ends.get(partition));
            });
        }
        return all;
    }
}
