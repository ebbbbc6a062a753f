package se.samverkan.cases.observability;

import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.samverkan.cases.access.AccessOutbox;
import se.samverkan.cases.retention.Retention;
import se.samverkan.cases.support.IntegrationTest;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.Topics;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.platform.test.TestMetrics;
import se.samverkan.platform.test.TestSpans;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static se.samverkan.platform.test.TestUser.SOCIAL_WORKER;

/**
 * Issue 13, "Operating it", for case-service: the operator's metrics on /actuator/prometheus (scraped without a
 * token, as Prometheus does) move with what the service does, every series the alert rules read for case-service is
 * exported, and the trace of a request travels with its events to Kafka, on the relays' own threads.
 */
class OperatorViewIT extends IntegrationTest {

    @Autowired
    AccessOutbox accessOutbox;

    @Autowired
    Retention retention;

    @Test
    void theScrapeNeedsNoTokenAndHoldsEverySeriesTheAlertRulesReadForCaseService() {
        openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        String scrape = TestMetrics.scrape(managementPort);

        assertThat(TestMetrics.seriesNames(scrape)).contains("http_server_requests_seconds_count",
                "samverkan_outbox_backlog_records", "samverkan_outbox_oldest_age_seconds",
                "samverkan_publish_dead_letters_unresolved", "samverkan_retention_runs_seconds_count",
                "samverkan_retention_shredded_keys_total", "samverkan_directory_sync_age_seconds");
        assertThat(TestMetrics.value(scrape, "http_server_requests_seconds_count", "uri", "/api/cases", "method", "POST").orElse(0))
                .as("HTTP requests by route template").isGreaterThanOrEqualTo(1);
        assertThat(TestMetrics.alertSeries("case-service")).as("the rules name case-service's series").isNotEmpty()
                .allSatisfy(series -> assertThat(TestMetrics.seriesNames(scrape)).as("exported for the alert rules").contains(series));
    }

    @Test
    void theAccessOutboxBacklogRisesWhileTheRelayIsStoppedAndFallsWhenItRelays() {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        awaitBacklog("access-events", 0);
        accessOutbox.stop();
        try {
            for (int i = 0; i < 3; i++) {
                assertThat(get(SOCIAL_WORKER, "/api/cases/" + caseId).status()).isEqualTo(200);
            }
            awaitBacklog("access-events", 3);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    TestMetrics.value(TestMetrics.scrape(managementPort), "samverkan_outbox_oldest_age_seconds", "outbox", "access-events")
                            .orElse(0) > 0.5);
        } finally {
            accessOutbox.start();
        }
        awaitBacklog("access-events", 0);
        assertThat(TestMetrics.value(TestMetrics.scrape(managementPort), "samverkan_outbox_oldest_age_seconds", "outbox", "access-events"))
                .hasValue(0);
        awaitBacklog("case-events", 0);
    }

    @Test
    void aRetentionRunIsCountedByOutcome() {
        double before = TestMetrics.value(TestMetrics.scrape(managementPort), "samverkan_retention_runs_seconds_count", "outcome", "completed")
                .orElse(0);
        // a day on which nothing can be due yet: the run completes and clears nothing
        retention.clearDue(LocalDate.of(2000, 1, 1));
        assertThat(TestMetrics.value(TestMetrics.scrape(managementPort), "samverkan_retention_runs_seconds_count", "outcome", "completed"))
                .hasValue(before + 1);
    }

    /**
     * The trace of the HTTP call (its W3C traceparent, as a gateway sends it) reaches the Kafka records of the case
     * events and access events it caused, which the relays publish later on their own threads: each record's
     * traceparent header names the same trace, under a producer span of the relay, and the signed CloudEvent bytes
     * hold no trace (the header is outside the signature). No span of the trace carries personal data.
     */
    @Test
    void theTraceOfAReferralRequestTravelsWithItsEventsToKafka() {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        UUID consentId = recordConsent(caseId);
        String traceId = HexFormat.of().formatHex(randomBytes(16));
        String traceparent = "00-" + traceId + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-01";

        Response sent = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/referrals", """
                {"policeUnit":"polisen-haninge","legalBasis":"CONSENT","consentId":"%s","dataCategories":["IDENTITY"],
                 "caseSummary":"Misstänkt för rån, behöver stöd."}""".formatted(consentId), "traceparent", traceparent);
        assertThat(sent.status()).as(sent.body()).isEqualTo(201);

        ConsumerRecord<String, byte[]> referralSent = awaitRecord(Topics.CASE_EVENTS, r -> r.key().equals(caseId.toString())
                && CloudEventCodec.fromBytes(r.value()).type().equals("se.samverkan.case.referral-sent.v1"));
        assertThat(traceparentOf(referralSent)).as("the case event's record continues the request's trace")
                .hasValueSatisfying(header -> assertThat(header).startsWith("00-" + traceId + "-"));
        assertThat(new String(referralSent.value(), StandardCharsets.UTF_8)).as("the signed envelope holds no trace")
                .doesNotContain(traceId);
        ConsumerRecord<String, byte[]> access = awaitRecord(Topics.ACCESS_EVENTS, r -> r.key().equals(caseId.toString())
                && "CREATE_REFERRAL".equals(CloudEventCodec.dataAs(CloudEventCodec.fromBytes(r.value()), AccessRecorded.class).operation()));
        assertThat(traceparentOf(access)).as("the access event's record continues the request's trace")
                .hasValueSatisfying(header -> assertThat(header).startsWith("00-" + traceId + "-"));

        await().atMost(Duration.ofSeconds(10)).until(() -> TestSpans.ofTrace(traceId).stream()
                .filter(span -> span.getName().startsWith("publish ")).count() >= 2);
        List<SpanData> trace = TestSpans.ofTrace(traceId);
        assertThat(trace).extracting(SpanData::getName).contains("publish " + Topics.CASE_EVENTS, "publish " + Topics.ACCESS_EVENTS)
                .anySatisfy(name -> assertThat(name).startsWith("http post"));
        String spanId = traceparentOf(referralSent).orElseThrow().split("-")[2];
        assertThat(trace).as("the record's header names the relay's producer span")
                .anySatisfy(span -> assertThat(span.getSpanId()).isEqualTo(spanId));
        assertThat(trace.stream().flatMap(span -> span.getAttributes().asMap().values().stream()).map(String::valueOf))
                .as("no span attribute holds the referral's personal data or free text")
                .noneMatch(value -> value.contains(PNR) || value.contains("Kim") || value.contains("Misstänkt"));
    }

    private UUID recordConsent(UUID caseId) {
        Response consent = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/consents", """
                {"parties":[{"role":"SUBJECT","personalIdentityNumber":"%s"},{"role":"GUARDIAN","personalIdentityNumber":"%s"}],
                 "recipientAgency":"POLICE","recipientUnit":"polisen-haninge","purposes":["CRIME_PREVENTION"],
                 "dataCategories":["IDENTITY"],"validFrom":"%s","validUntil":"%s","documentReference":"dok-1"}"""
                .formatted(PNR, GUARDIAN_PNR, LocalDate.now().minusDays(1), LocalDate.now().plusDays(90)));
        assertThat(consent.status()).as(consent.body()).isEqualTo(201);
        return consent.uuid("consentId");
    }

    private void awaitBacklog(String outbox, double expected) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            OptionalDouble backlog = TestMetrics.value(TestMetrics.scrape(managementPort), "samverkan_outbox_backlog_records", "outbox", outbox);
            assertThat(backlog).as("backlog of " + outbox).hasValue(expected);
        });
    }

    private static ConsumerRecord<String, byte[]> awaitRecord(String topic, java.util.function.Predicate<ConsumerRecord<String, byte[]>> match) {
        ConsumerRecord<String, byte[]>[] found = new ConsumerRecord[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Optional<ConsumerRecord<String, byte[]>> record = records(topic).stream().filter(match).findFirst();
            record.ifPresent(r -> found[0] = r);
            return record.isPresent();
        });
        return found[0];
    }

    private static Optional<String> traceparentOf(ConsumerRecord<?, ?> record) {
        Header header = record.headers().lastHeader("traceparent");
        return Optional.ofNullable(header).map(h -> new String(h.value(), StandardCharsets.UTF_8));
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        bytes[0] |= 1; // never all zero (an invalid W3C id)
        return bytes;
    }
}
