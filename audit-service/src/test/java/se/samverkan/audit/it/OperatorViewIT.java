package se.samverkan.audit.it;

import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import se.samverkan.contracts.AccessAction;
import se.samverkan.contracts.AccessOutcome;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.contracts.Topics;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.contracts.cases.CaseOpened;
import se.samverkan.platform.test.TestMetrics;
import se.samverkan.platform.test.TestSpans;
import se.samverkan.platform.test.TestUser;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 13, "Operating it", for audit-service: /actuator/prometheus answers without a token with the log's size,
 * checkpoint age, integrity, leadership, review queue, outbox backlog and consumer lag, every series the alert rules
 * read for audit-service is exported, and an ingested record's span continues the trace in its traceparent header.
 */
class OperatorViewIT extends AuditServiceITBase {

    @Test
    void theScrapeNeedsNoTokenAndHoldsEverySeriesTheAlertRulesReadForAuditService() {
        send(new CaseOpened(caseRef(UUID.randomUUID(), UUID.randomUUID()), ref(TestUser.SOCIAL_WORKER), Instant.now(),
                se.samverkan.contracts.CaseOrigin.SOCIAL_SERVICES, "INTAKE", List.of()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(TestMetrics.seriesNames(TestMetrics.scrape(managementPort)))
                .as("the consumer's lag appears once it has fetched").contains("kafka_consumer_fetch_manager_records_lag_max"));
        String scrape = TestMetrics.scrape(managementPort);
        assertThat(TestMetrics.seriesNames(scrape)).contains("samverkan_audit_tree_size_entries",
                "samverkan_audit_checkpoint_age_seconds", "samverkan_audit_checkpoint_uncovered_entries",
                "samverkan_audit_integrity_up", "samverkan_audit_leader", "samverkan_audit_review_open_items",
                "samverkan_outbox_backlog_records", "samverkan_outbox_oldest_age_seconds", "http_server_requests_seconds_count");
        assertThat(TestMetrics.value(scrape, "samverkan_audit_integrity_up")).hasValue(1);
        assertThat(TestMetrics.value(scrape, "samverkan_audit_leader")).hasValue(1);
        assertThat(TestMetrics.alertSeries("audit-service")).as("the rules name audit-service's series").isNotEmpty()
                .allSatisfy(series -> assertThat(TestMetrics.seriesNames(scrape)).as("exported for the alert rules").contains(series));
    }

    @Test
    void theTreeSizeCheckpointAndReviewQueueMoveWithWhatIsLogged() {
        String before = TestMetrics.scrape(managementPort);
        double size = TestMetrics.value(before, "samverkan_audit_tree_size_entries").orElseThrow();
        double open = TestMetrics.value(before, "samverkan_audit_review_open_items", "rule", "BREAK_GLASS").orElse(0);

        UUID caseId = UUID.randomUUID();
        send(breakGlassRead(caseId));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String scrape = TestMetrics.scrape(managementPort);
            assertThat(TestMetrics.value(scrape, "samverkan_audit_tree_size_entries").orElse(0)).as("the entry is in the tree")
                    .isGreaterThan(size);
            assertThat(TestMetrics.value(scrape, "samverkan_audit_review_open_items", "rule", "BREAK_GLASS").orElse(0))
                    .as("the break-glass read waits for a compliance officer").isGreaterThan(open);
        });
        // checkpoints every 2 s here: once one covers the entry, nothing is uncovered and the checkpoint is young
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String scrape = TestMetrics.scrape(managementPort);
            assertThat(TestMetrics.value(scrape, "samverkan_audit_checkpoint_age_seconds").orElse(Double.MAX_VALUE))
                    .isLessThan(30);
            assertThat(TestMetrics.value(scrape, "samverkan_outbox_backlog_records", "outbox", "audit-events")).hasValue(0);
        });
    }

    @Test
    void theIngestSpanOfARecordContinuesTheTraceInItsHeaderAndHoldsNoContent() throws Exception {
        String traceId = hex(16);
        String parentSpanId = hex(8);
        AccessRecorded read = breakGlassRead(UUID.randomUUID());
        CloudEvent envelope = CASE_SERVICE.wrap(UUID.randomUUID(), Instant.now(), read);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.ACCESS_EVENTS, envelope.subject(), signed(envelope));
        record.headers().add("traceparent", ("00-" + traceId + "-" + parentSpanId + "-01").getBytes(StandardCharsets.UTF_8));
        kafka.send(record).get(10, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(30)).until(() -> entriesWithEventId(envelope.id()) == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> !TestSpans.ofTrace(traceId).isEmpty());
        SpanData ingest = TestSpans.ofTrace(traceId).getFirst();
        assertThat(ingest.getName()).isEqualTo("audit ingest");
        assertThat(ingest.getParentSpanId()).as("a child of the producer's span").isEqualTo(parentSpanId);
        assertThat(ingest.getAttributes().asMap().values()).extracting(String::valueOf)
                .as("the record's place, never its content")
                .noneMatch(value -> value.contains(read.caseId().toString()) || value.contains(TestUser.SOCIAL_WORKER_OTHER_UNIT.id()));
    }

    private static AccessRecorded breakGlassRead(UUID caseId) {
        return new AccessRecorded(TestUser.SOCIAL_WORKER_OTHER_UNIT.actor().toRef(), caseId, UUID.randomUUID(), null,
                Program.RAPID_INTERVENTION, TestUser.YOUTH_UNIT, AccessAction.READ, "READ_CASE", List.of("CASE_SUMMARY"),
                "BREAK_GLASS", null, false, true, ProtectedIdentity.NONE, AccessOutcome.ALLOWED, null, Instant.now(),
                TestUser.HANINGE);
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        random[0] |= 1;
        return HexFormat.of().formatHex(random);
    }
}
