package se.samverkan.notification;

import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import se.samverkan.contracts.CaseOrigin;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.contracts.Topics;
import se.samverkan.contracts.cases.CaseOpened;
import se.samverkan.platform.test.TestEventKeys;
import se.samverkan.platform.test.TestKafka;
import se.samverkan.platform.test.TestMetrics;
import se.samverkan.platform.test.TestSpans;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 13, "Operating it", for notification-service: /actuator/prometheus answers without a token with the mail
 * queue, dead letters, consumer lag and directory sync age, every series the alert rules read for
 * notification-service is exported, and the ingest span of an event continues the trace in its traceparent header.
 */
class OperatorViewIT extends NotificationServiceIT {

    @Test
    void theScrapeNeedsNoTokenAndHoldsEverySeriesTheAlertRulesReadForNotificationService() {
        double deadLettersBefore = TestMetrics.value(TestMetrics.scrape(managementPort), "samverkan_kafka_dead_letters_total",
                "topic", Topics.CASE_EVENTS).orElse(0);
        send(Topics.CASE_EVENTS, "operator-" + UUID.randomUUID(), "{not an event".getBytes(StandardCharsets.UTF_8));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(TestMetrics.value(TestMetrics.scrape(managementPort),
                "samverkan_kafka_dead_letters_total", "topic", Topics.CASE_EVENTS).orElse(0))
                .as("the dead letter is counted").isGreaterThan(deadLettersBefore));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(TestMetrics.seriesNames(TestMetrics.scrape(managementPort)))
                .contains("kafka_consumer_fetch_manager_records_lag_max"));
        String scrape = TestMetrics.scrape(managementPort);
        assertThat(TestMetrics.seriesNames(scrape)).contains("samverkan_notification_mail_deliveries",
                "samverkan_directory_sync_age_seconds", "http_server_requests_seconds_count");
        assertThat(TestMetrics.alertSeries("notification-service")).as("the rules name notification-service's series").isNotEmpty()
                .allSatisfy(series -> assertThat(TestMetrics.seriesNames(scrape)).as("exported for the alert rules").contains(series));
    }

    @Test
    void theMailQueueCountsTheMailsAnEventCauses() {
        Staff staff = newStaff();
        UUID caseId = UUID.randomUUID();
        // no delivery leaves SENT, so that count cannot fall while this test waits; PENDING + SENT can, when mails of
        // earlier test classes to broken addresses turn FAILED or CANCELLED meanwhile
        double sentBefore = TestMetrics.value(TestMetrics.scrape(managementPort), "samverkan_notification_mail_deliveries",
                "status", "SENT").orElse(0);

        publish(new CaseOpened(staff.caseRef(caseId, ProtectedIdentity.NONE), staff.actor(staff.socialWorker()),
                Instant.now(), CaseOrigin.SOCIAL_SERVICES, "INTAKE", List.of(staff.socialWorker().id(), staff.colleague().id())));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(jdbc.sql("""
                        SELECT d.recipient_user_id || '/' || d.status FROM mail_deliveries d JOIN notifications n ON n.id = d.notification_id
                        WHERE n.case_id = ?""").param(caseId).query(String.class).list())
                .as("a mail per team member, queued and sent")
                .containsExactlyInAnyOrder(staff.socialWorker().id() + "/SENT", staff.colleague().id() + "/SENT"));
        assertThat(TestMetrics.value(TestMetrics.scrape(managementPort), "samverkan_notification_mail_deliveries", "status", "SENT")
                .orElse(0)).as("the queue's SENT count has the event's two mails").isGreaterThanOrEqualTo(sentBefore + 2);
    }

    @Test
    void theIngestSpanOfAnEventContinuesTheTraceInItsHeader() throws Exception {
        Staff staff = newStaff();
        UUID caseId = UUID.randomUUID();
        String traceId = hex(16);
        String parentSpanId = hex(8);
        CloudEvent opened = wrap(new CaseOpened(staff.caseRef(caseId, ProtectedIdentity.NONE), staff.actor(staff.socialWorker()),
                Instant.now(), CaseOrigin.SOCIAL_SERVICES, "INTAKE", List.of(staff.socialWorker().id())));
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.CASE_EVENTS, opened.subject(), TestEventKeys.signed(opened));
        record.headers().add("traceparent", ("00-" + traceId + "-" + parentSpanId + "-01").getBytes(StandardCharsets.UTF_8));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestKafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(record).get(10, TimeUnit.SECONDS);
        }

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(inbox(staff.socialWorker(), "?caseId=" + caseId).path("items")).hasSize(1));
        await().atMost(PATIENCE).until(() -> !TestSpans.ofTrace(traceId).isEmpty());
        SpanData ingest = TestSpans.ofTrace(traceId).getFirst();
        assertThat(ingest.getName()).isEqualTo("notification ingest");
        assertThat(ingest.getParentSpanId()).as("a child of the producer's span").isEqualTo(parentSpanId);
        assertThat(ingest.getAttributes().asMap().values()).extracting(String::valueOf)
                .as("the record's place, never its content")
                .noneMatch(value -> value.contains(caseId.toString()) || value.contains(staff.socialWorker().id()));
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        random[0] |= 1;
        return HexFormat.of().formatHex(random);
    }
}
