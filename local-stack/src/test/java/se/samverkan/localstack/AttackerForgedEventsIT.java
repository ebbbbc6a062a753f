package se.samverkan.localstack;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.ContractSchemas;
import se.samverkan.contracts.Topics;
import se.samverkan.signing.EventKeys;
import se.samverkan.contracts.signing.EventSigner;
import se.samverkan.localstack.kafka.LocalKafka;
import se.samverkan.localstack.secrets.StackSecrets;
import se.samverkan.platform.test.TestEventKeys;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 16's "Proof": the broker lets case-service's login write case events, so an attacker holding that login (a
 * compromised host, a leaked password) is the strongest adversary short of case-service's signing key. The issue's own
 * forged record — a referral-sent for a case that does not exist, claiming case-service and a supervisor — is sent
 * unsigned, signed with notification-service's real key, and signed with a key of the attacker's that claims
 * case-service's key id. Before issue 16 audit-service appended such a record as a genuine entry and
 * notification-service told the police liaison and mailed the police unit; now each is dead-lettered by both
 * consumers, the audit log records a forged-event entry (hash only) that raises a FORGED_EVENT review item, and david
 * hears nothing.
 */
class AttackerForgedEventsIT {

    private static final Duration PROPAGATION = Duration.ofSeconds(90);
    private static final String FORGED_TYPE = "se.samverkan.audit.forged-event-refused.v1";

    private static Stack stack;
    private static StackSecrets secrets;
    private static String audit;

    @BeforeAll
    static void stack() {
        stack = ItStack.started();
        secrets = StackSecrets.loadOrCreate(stack.settings());
        audit = ItStack.serviceUrl("audit-service");
    }

    @Test
    void forged_referrals_on_case_services_own_login_are_refused_by_both_consumers_and_raise_a_review_item() throws Exception {
        UUID caseId = UUID.randomUUID();
        UUID referralId = UUID.randomUUID();
        CloudEvent claim = referralSentClaim(caseId, referralId);

        EventKeys.SigningKey stolenNotificationKey = EventKeys.parseSigningKey(secrets.eventSigningKey("notification-service"));
        String caseServiceKeyId = EventKeys.parseSigningKey(secrets.eventSigningKey("case-service")).keyId();
        EventKeys.SigningKey attackersKey = EventKeys.parseSigningKey(EventKeys.generateSigningKey(caseServiceKeyId));
        Map<String, byte[]> forgeries = Map.of(
                "unsigned, as in the issue", CloudEventCodec.toBytes(claim),
                "signed with notification-service's real key, claiming case-service", TestEventKeys.forgedWith(stolenNotificationKey, claim),
                "signed with the attacker's key under case-service's key id", new EventSigner(attackersKey).sign(claim));

        String eva = token(TestUser.COMPLIANCE_OFFICER);
        // the log holds whatever the IT classes before this one appended (after the load and fault tests, more leaves
        // than one search scans from leaf 0), so the searches below start at the log's end as it is now
        HttpResponse<String> checkpoint = Http.get(audit + "/api/audit/checkpoints/latest", eva);
        assertThat(checkpoint.statusCode()).as(checkpoint.body()).isEqualTo(200);
        long logSizeBefore = Http.json(checkpoint).path("treeSize").asLong();

        List<Sent> sent = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = producer(LocalKafka.clientSecurity("case-service", secrets.kafkaPassword("case-service")))) {
            for (var forgery : forgeries.entrySet()) {
                RecordMetadata at = producer.send(new ProducerRecord<>(Topics.CASE_EVENTS, caseId.toString(), forgery.getValue()))
                        .get(30, TimeUnit.SECONDS);
                sent.add(new Sent(forgery.getKey(), at.partition(), at.offset(), sha256(forgery.getValue()), forgery.getValue()));
            }
        }

        // audit-service: one forged-event entry per record, with its hash and never its content ...
        Map<String, JsonNode> entryOf = new HashMap<>();
        await("a forged-event entry for each forged record").atMost(PROPAGATION).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            List<JsonNode> refused = forgedEntriesAfter(logSizeBefore - 1, eva);
            for (Sent record : sent) {
                JsonNode entry = refused.stream()
                        .filter(e -> e.path("event").path("data").path("valueSha256").asString().equals(record.sha256()))
                        .findFirst().orElse(null);
                assertThat(entry).as(record.what()).isNotNull();
                JsonNode data = entry.path("event").path("data");
                assertThat(data.path("offset").asLong()).as(record.what()).isEqualTo(record.offset());
                assertThat(entry.path("event").toString()).doesNotContain(referralId.toString()).doesNotContain(caseId.toString());
                assertThat(entry.path("producerKeyId").asString()).startsWith("audit-service/");
                entryOf.put(record.sha256(), entry);
            }
        });
        // ... nothing appended as what the records claim ...
        assertThat(items(Http.get(audit + "/api/audit/entries?caseId=" + caseId, eva))).isEmpty();
        // ... and a FORGED_EVENT review item for the compliance officers, raised by each record's entry (other classes
        // raise such items too, so any item at all would prove nothing)
        await("FORGED_EVENT review items").atMost(PROPAGATION).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            List<JsonNode> raised = forgedEventReviewItems(eva);
            for (Sent record : sent) {
                JsonNode entry = entryOf.get(record.sha256());
                assertThat(raised).as(record.what()).anySatisfy(item -> {
                    assertThat(item.path("sourceEventId").asString()).isEqualTo(entry.path("eventId").asString());
                    assertThat(item.path("sourceLeafIndex").asLong()).isEqualTo(entry.path("leafIndex").asLong());
                    assertThat(item.path("detail").asString()).doesNotContain(referralId.toString()).doesNotContain(caseId.toString());
                });
            }
        });

        // both consumers dead-lettered every record byte for byte: notification-service has processed them all ...
        Map<String, List<byte[]>> deadLetters = new HashMap<>();
        await("the forged records on both dead-letter topics").atMost(PROPAGATION).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (String topic : List.of(Topics.deadLetter("audit-service"), Topics.deadLetter("notification-service"))) {
                List<byte[]> values = deadLetters.computeIfAbsent(topic, t -> new ArrayList<>());
                values.clear();
                values.addAll(StackTopics.recordsOn(stack, topic));
                List<String> hashes = values.stream().map(AttackerForgedEventsIT::sha256).toList();
                assertThat(hashes).as(topic).containsAll(sent.stream().map(Sent::sha256).toList());
            }
        });
        // ... and told nobody: no inbox item, no mail about the forged referral
        String david = token(TestUser.POLICE_LIAISON);
        assertThat(Inbox.everyItem(david).toString()).doesNotContain(referralId.toString());
        assertThat(Inbox.everyItem(token(TestUser.SUPERVISOR)).toString()).doesNotContain(referralId.toString());
        HttpResponse<String> mails = Http.get(stack.settings().mailViewerUrl(), null);
        assertThat(mails.body()).doesNotContain(referralId.toString()).doesNotContain(caseId.toString());
    }

    /** The record: a referral of a case that does not exist, sent by "a supervisor", to polisen-haninge. */
    private static CloudEvent referralSentClaim(UUID caseId, UUID referralId) {
        ObjectNode data = (ObjectNode) ContractSchemas.example("se.samverkan.case.referral-sent.v1").deepCopy();
        ObjectNode caseRef = (ObjectNode) data.get("caseRef");
        caseRef.put("caseId", caseId.toString()).put("unit", TestUser.SUPERVISOR.unit()).put("municipality", TestUser.SUPERVISOR.municipality());
        ObjectNode actor = (ObjectNode) data.get("actor");
        actor.put("userId", TestUser.SUPERVISOR.id()).put("unit", TestUser.SUPERVISOR.unit());
        actor.putArray("roles").add("SUPERVISOR");
        data.put("referralId", referralId.toString()).put("policeUnit", TestUser.POLICE_LIAISON.unit());
        return new CloudEvent(CloudEvent.SPEC_VERSION, UUID.randomUUID().toString(), URI.create("/samverkan/case-service"),
                "se.samverkan.case.referral-sent.v1", caseId.toString(), Instant.now(), "application/json", null, data);
    }


    private record Sent(String what, int partition, long offset, String sha256, byte[] value) {
    }

    private static KafkaProducer<String, byte[]> producer(Map<String, Object> login) {
        Map<String, Object> config = new HashMap<>(login);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.settings().kafkaBootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }


    private static String sha256(byte[] value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The forged-event entries after the given leaf, every page of them (each search scans a bounded number of leaves). */
    private static List<JsonNode> forgedEntriesAfter(long afterLeaf, String bearer) {
        List<JsonNode> found = new ArrayList<>();
        long after = afterLeaf;
        while (true) {
            HttpResponse<String> response = Http.get(audit + "/api/audit/entries?type=" + FORGED_TYPE + "&size=500&afterLeaf=" + after, bearer);
            found.addAll(items(response));
            JsonNode page = Http.json(response);
            if (!page.path("hasMore").asBoolean()) {
                return found;
            }
            after = page.path("nextAfterLeaf").asLong();
        }
    }

    /** Every FORGED_EVENT item, all pages: the queue is oldest first, so this run's newest items come last. */
    private static List<JsonNode> forgedEventReviewItems(String bearer) {
        List<JsonNode> found = new ArrayList<>();
        for (int page = 0; ; page++) {
            List<JsonNode> slice = items(Http.get(audit + "/api/audit/review-items?status=ALL&rule=FORGED_EVENT&size=500&page=" + page, bearer));
            found.addAll(slice);
            if (slice.size() < 500) {
                return found;
            }
        }
    }

    private static List<JsonNode> items(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Http.json(response).path("items").valueStream().toList();
    }

    private static String token(TestUser user) {
        return Http.passwordGrant(stack.settings(), user.username(), "demo");
    }
}
