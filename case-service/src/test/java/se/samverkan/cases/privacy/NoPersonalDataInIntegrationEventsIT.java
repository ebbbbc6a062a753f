package se.samverkan.cases.privacy;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.samverkan.cases.publishing.IntegrationEventRelay;
import se.samverkan.cases.support.IntegrationTest;
import se.samverkan.contracts.Topics;
import se.samverkan.signing.EventProducer;
import se.samverkan.contracts.signing.EventVerifier;
import se.samverkan.contracts.signing.ForgedEventException;
import se.samverkan.contracts.signing.VerifiedEvent;
import se.samverkan.platform.test.TestEventKeys;
import se.samverkan.platform.test.TestKafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs after every other IT of this JVM (class order by {@code @Order}) and reads both topics from the beginning: no
 * integration event may hold any personnummer, name, address, note, summary, feedback or reason the ITs sent in their
 * requests (collected as they were sent, see {@link IntegrationTest#personalDataSent()}).
 */
@Order(Integer.MAX_VALUE)
class NoPersonalDataInIntegrationEventsIT extends IntegrationTest {

    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void noIntegrationEventOfTheWholeRunHoldsAnyPersonalDataTheTestsSent() {
        String breakGlassReason = "Akut: socialjouren behöver underlaget om Kim i natt";
        var caseId = openCase(se.samverkan.platform.test.TestUser.SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        assertThat(get(se.samverkan.platform.test.TestUser.SOCIAL_WORKER_COLLEAGUE, "/api/cases/" + caseId,
                "X-Break-Glass-Reason", percentEncoded(breakGlassReason)).status()).isEqualTo(200);
        awaitEverythingPublishedAndCollected();

        Set<String> personalData = personalDataSent();
        assertThat(personalData).as("the fixtures' personal data was collected")
                .contains(PNR, PNR.replace("-", ""), "Kim Testsson", "Vera Testsson", breakGlassReason);
        List<ConsumerRecord<String, byte[]>> all = new ArrayList<>(records(Topics.CASE_EVENTS));
        all.addAll(records(Topics.ACCESS_EVENTS));
        assertThat(all).as("the scan sees the events of this run").hasSizeGreaterThan(personalData.size() / 10);

        Set<String> leaks = new TreeSet<>();
        for (ConsumerRecord<String, byte[]> record : all) {
            String value = new String(record.value(), StandardCharsets.UTF_8);
            for (String needle : personalData) {
                if (value.contains(needle) || record.key() != null && record.key().contains(needle)) {
                    leaks.add(record.topic() + " " + typeOf(value) + " holds \"" + needle + "\"");
                }
            }
        }
        assertThat(leaks).as(personalData.size() + " values against " + all.size() + " records").isEmpty();
    }

    /**
     * Issue 16: everything case-service put on its topics during the run (integration events, access events,
     * publication manifests) carries case-service's signature, so consumers can tell it from a forgery.
     */
    @Test
    void everyRecordCaseServicePublishedDuringTheRunVerifiesAsSignedByCaseService() {
        awaitEverythingPublishedAndCollected();
        List<ConsumerRecord<String, byte[]>> all = new ArrayList<>(records(Topics.CASE_EVENTS));
        all.addAll(records(Topics.ACCESS_EVENTS));
        assertThat(all).hasSizeGreaterThan(50);
        EventVerifier verifier = TestEventKeys.verifier();

        Map<String, String> unverified = new java.util.TreeMap<>();
        for (ConsumerRecord<String, byte[]> record : all) {
            try {
                VerifiedEvent verified = verifier.verify(record.topic(), record.value());
                if (!verified.keyId().startsWith("case-service/") || verified.producer() != EventProducer.CASE_SERVICE) {
                    unverified.put(record.topic() + "@" + record.offset(), "signed by " + verified.keyId());
                }
            } catch (ForgedEventException e) {
                unverified.put(record.topic() + "@" + record.offset(), e.reason().name());
            }
        }
        assertThat(unverified).as(all.size() + " records").isEmpty();
    }

    /** Both outboxes drained, then every record up to the topics' end offsets read by the collector. */
    /**
     * Issue 13: what leaves for the operator — every span the whole run ended (their names and attributes, as they
     * would be exported over OTLP), the Prometheus scrape, and the Kafka record headers — holds none of the personal
     * data the tests sent.
     */
    @Test
    void noSpanMetricOrRecordHeaderOfTheWholeRunHoldsAnyPersonalDataTheTestsSent() {
        awaitEverythingPublishedAndCollected();
        Set<String> personalData = personalDataSent();
        List<io.opentelemetry.sdk.trace.data.SpanData> spans = se.samverkan.platform.test.TestSpans.all();
        assertThat(spans).as("the run was traced").hasSizeGreaterThan(100);
        String scrape = se.samverkan.platform.test.TestMetrics.scrape(managementPort);
        Set<String> leaks = new TreeSet<>();
        Needles needles = new Needles(personalData);
        assertThat(personalData).allSatisfy(needle -> assertThat(needles.in("span attribute=" + needle + "!")).as("the finder finds it")
                .contains(needle));
        for (io.opentelemetry.sdk.trace.data.SpanData span : spans) {
            List<String> texts = new ArrayList<>(List.of(span.getName()));
            span.getAttributes().forEach((key, value) -> texts.add(key.getKey() + "=" + value));
            span.getEvents().forEach(event -> {
                texts.add(event.getName());
                event.getAttributes().forEach((key, value) -> texts.add(String.valueOf(value)));
            });
            for (String text : texts) {
                for (String needle : needles.in(text)) {
                    leaks.add("span " + span.getName() + " holds \"" + needle + "\"");
                }
            }
        }
        for (String needle : personalData) {
            if (scrape.contains(needle)) {
                leaks.add("the Prometheus scrape holds \"" + needle + "\"");
            }
        }
        List<ConsumerRecord<String, byte[]>> all = new ArrayList<>(records(Topics.CASE_EVENTS));
        all.addAll(records(Topics.ACCESS_EVENTS));
        for (ConsumerRecord<String, byte[]> record : all) {
            for (org.apache.kafka.common.header.Header header : record.headers()) {
                String value = new String(header.value(), StandardCharsets.UTF_8);
                personalData.stream().filter(value::contains)
                        .forEach(needle -> leaks.add("header " + header.key() + " of a " + record.topic() + " record holds \"" + needle + "\""));
            }
        }
        assertThat(leaks).as(personalData.size() + " values against " + spans.size() + " spans, the scrape and "
                + all.size() + " records' headers").isEmpty();
    }

    /**
     * Which of many needles occur in a text, in one pass over it: every span of the run against every value sent,
     * each by {@code contains}, took most of this class's time. Needles are indexed by their first characters.
     */
    static final class Needles {

        private static final int KEY = 8;
        private final Map<String, List<String>> byStart = new java.util.HashMap<>();
        private final List<String> shorter = new ArrayList<>();

        Needles(Set<String> needles) {
            for (String needle : needles) {
                if (needle.length() < KEY) {
                    shorter.add(needle);
                } else {
                    byStart.computeIfAbsent(needle.substring(0, KEY), start -> new ArrayList<>()).add(needle);
                }
            }
        }

        Set<String> in(String text) {
            Set<String> found = new java.util.HashSet<>();
            for (String needle : shorter) {
                if (text.contains(needle)) {
                    found.add(needle);
                }
            }
            for (int i = 0; i + KEY <= text.length(); i++) {
                List<String> candidates = byStart.get(text.substring(i, i + KEY));
                if (candidates != null) {
                    for (String needle : candidates) {
                        if (text.startsWith(needle, i)) {
                            found.add(needle);
                        }
                    }
                }
            }
            return found;
        }
    }

    private void awaitEverythingPublishedAndCollected() {
        long lastIndex = jdbc.sql("SELECT coalesce(max(global_index), -1) FROM domain_event_entry").query(Long.class).single();
        StreamingEventProcessor publisher = processing.eventProcessor(IntegrationEventRelay.PROCESSING_GROUP,
                StreamingEventProcessor.class).orElseThrow();
        await().atMost(Duration.ofSeconds(60)).until(() -> !publisher.processingStatus().isEmpty()
                && publisher.processingStatus().values().stream()
                .allMatch(status -> status.getCurrentPosition().orElse(-1) >= lastIndex));
        await().atMost(Duration.ofSeconds(60)).until(() ->
                // pending ones; a row set aside (e.g. forged at the source, AccessEventsSignedAtSourceIT) is never published
                jdbc.sql("SELECT count(*) FROM access_outbox WHERE published_at IS NULL AND dead_lettered_at IS NULL")
                        .query(Long.class).single() == 0);
        Map<TopicPartition, Long> ends;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.CASE_EVENTS, Topics.ACCESS_EVENTS)) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            ends = consumer.endOffsets(partitions);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> ends.entrySet().stream().allMatch(end -> end.getValue() == 0
                || records(end.getKey().topic()).stream().anyMatch(r -> r.partition() == end.getKey().partition()
                && r.offset() >= end.getValue() - 1)));
    }

    private static String typeOf(String cloudEvent) {
        int start = cloudEvent.indexOf("\"type\":\"");
        return start < 0 ? "?" : cloudEvent.substring(start + 8, cloudEvent.indexOf('"', start + 8));
    }
}
