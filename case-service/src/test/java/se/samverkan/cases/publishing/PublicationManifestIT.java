package se.samverkan.cases.publishing;

import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import se.samverkan.cases.support.IntegrationTest;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.ContractSchemas;
import se.samverkan.contracts.Topics;
import se.samverkan.contracts.reconciliation.PublicationManifest;
import se.samverkan.contracts.reconciliation.PublicationManifest.Stream;
import se.samverkan.contracts.signing.VerifiedEvent;
import se.samverkan.platform.kafka.CloudEventPublisher;
import se.samverkan.platform.test.TestEventKeys;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static se.samverkan.platform.test.TestUser.SOCIAL_WORKER;

/**
 * Issue 16, cross-checks: case-service's own account of what it published. Every integration event of a case (from
 * the event store) and every access event about it (from the access outbox) is listed exactly once in the manifests of
 * its stream, by the event id the audit log sees; manifests are numbered 1, 2, 3… without gaps with ranges that follow
 * each other, also across a restart and with two instances at work; they are signed by case-service and hold nothing
 * but ids and positions.
 */
class PublicationManifestIT extends IntegrationTest {

    static final String MANIFEST = "se.samverkan.case.publication-manifest.v1";

    @Autowired
    PublicationManifests manifests;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    CloudEventPublisher publisher;
    @Autowired
    se.samverkan.contracts.CloudEventCodec codec;
    @Autowired
    Serializer serializer;
    @Autowired
    ManifestProperties properties;
    @Autowired
    se.samverkan.cases.config.EventStoreProperties eventStore;
    @Autowired
    Clock clock;
    @Autowired
    se.samverkan.cases.config.StoredEventsAt storedEvents;
    @Autowired
    UnrelayedEvents unrelayed;
    @Autowired
    RelayedEvents relayedEvents;

    @Test
    void aCasesPublishedEventsAndAccessesAreListedExactlyOnceByTheIdsTheAuditLogSees() {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        assertThat(post(SOCIAL_WORKER, "/api/cases/" + caseId + "/notes", "{\"text\":\"Samtal med familjen om skolan\"}").status())
                .isEqualTo(201);
        assertThat(get(SOCIAL_WORKER, "/api/cases/" + caseId).status()).isEqualTo(200);
        awaitEvent(Topics.CASE_EVENTS, ofType("se.samverkan.case.note-recorded.v1", caseId));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Set<UUID> published = publishedIds(Topics.CASE_EVENTS, caseId);
            assertThat(published).hasSizeGreaterThanOrEqualTo(2);
            assertThat(listedOnKafka(Stream.CASE_EVENTS, caseId)).containsExactlyInAnyOrderElementsOf(published);
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Set<UUID> published = publishedIds(Topics.ACCESS_EVENTS, caseId);
            assertThat(published).as("the note and the read were recorded").hasSizeGreaterThanOrEqualTo(2);
            assertThat(listedOnKafka(Stream.ACCESS_EVENTS, caseId)).containsExactlyInAnyOrderElementsOf(published);
        });
    }

    @Test
    void manifestsAreNumberedWithoutGapsTheirRangesFollowEachOtherAndEachIsSignedByCaseService() {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        assertThat(get(SOCIAL_WORKER, "/api/cases/" + caseId).status()).isEqualTo(200);
        awaitEvent(Topics.CASE_EVENTS, ofType("se.samverkan.case.case-opened.v1", caseId));
        await().atMost(Duration.ofSeconds(30)).until(() -> !listedOnKafka(Stream.CASE_EVENTS, caseId).isEmpty()
                && !listedOnKafka(Stream.ACCESS_EVENTS, caseId).isEmpty());

        for (Stream stream : Stream.values()) {
            List<PublicationManifest> numbered = numbered(stream);
            assertNumberedWithoutGaps(stream, numbered);
            List<Long> sent = jdbc.sql("SELECT sequence FROM publication_manifest WHERE stream = ? AND published_at IS NOT NULL ORDER BY sequence")
                    .param(stream.name()).query(Long.class).list();
            assertThat(sent).isNotEmpty();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                Map<Long, List<PublicationManifest>> onKafka = onKafka(stream).stream()
                        .collect(Collectors.groupingBy(PublicationManifest::sequence));
                for (PublicationManifest manifest : numbered) {
                    if (sent.contains(manifest.sequence())) {
                        assertThat(onKafka.get(manifest.sequence())).as(stream + " #" + manifest.sequence() + " on Kafka, as frozen")
                                .isNotEmpty().allSatisfy(m -> assertThat(m).isEqualTo(manifest));
                    }
                }
            });
        }
        List<VerifiedEvent> verified = records(Topics.CASE_EVENTS).stream()
                .filter(r -> r.key() != null && r.key().startsWith("manifest-"))
                .map(r -> TestEventKeys.verifier().verify(r.topic(), r.value())).toList();
        assertThat(verified).isNotEmpty().allSatisfy(v -> {
            assertThat(v.keyId()).startsWith("case-service/");
            assertThat(v.event().type()).isEqualTo(MANIFEST);
            // additionalProperties: false in the schema: ids, positions, a sequence and a time, nothing else
            assertThat(ContractSchemas.violations(v.event().type(), v.event().data())).isEmpty();
            assertThat(v.event().subject()).isIn("manifest-case-events", "manifest-access-events");
        });
    }

    /**
     * A run listed at most 20 manifests (10,000 events) a minute, less than 200 reads a second record: the access
     * stream fell behind for good, and the audit log reported each event its late manifests did not list yet.
     */
    @Test
    void aBacklogOfManyTransactionsWorthIsListedInFullContiguousAndOnce() {
        int backlog = 25 * PublicationManifests.MAX_ITEMS * 2 + 7;
        // rows already published, as the relay leaves them: written as the owner, the runtime role may not set published_at
        long highest = superuser.sql("""
                        WITH added AS (
                            INSERT INTO access_outbox (event_id, case_id, cloud_event, created_at, published_at)
                            SELECT gen_random_uuid(), 'backlog', convert_to('{"data":{}}', 'UTF8'), now() - interval '1 hour', now()
                            FROM generate_series(1, ?) RETURNING position)
                        SELECT max(position) FROM added""")
                .param(backlog).query(Long.class).single();
        PublicationManifests instance = freshInstance();

        // the running bean may hold the stream at this moment (it numbers every 300 ms here): then this run skips it,
        // the two share the backlog, or the running bean lists all of it; either way it is listed in full, at once
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            instance.catchUp(Stream.ACCESS_EVENTS);
            return jdbc.sql("SELECT last_position FROM publication_manifest_stream WHERE stream = 'ACCESS_EVENTS'")
                    .query(Long.class).single() >= highest;
        });

        List<PublicationManifest> numbered = numbered(Stream.ACCESS_EVENTS);
        assertNumberedWithoutGaps(Stream.ACCESS_EVENTS, numbered);
        List<UUID> listed = numbered.stream().flatMap(m -> m.events().stream()).map(PublicationManifest.Item::eventId).toList();
        assertThat(new HashSet<>(listed)).as("no event listed twice").hasSameSizeAs(listed);
        assertThat(jdbc.sql("SELECT count(*) FROM access_outbox WHERE case_id = 'backlog' AND event_id = ANY(?)")
                .param(listed.toArray(UUID[]::new)).query(Long.class).single()).isEqualTo(backlog);
    }

    @Test
    void aRestartedInstanceAndASecondInstanceContinueTheNumberingWithoutGapsOrRepeats() throws Exception {
        long caseSequenceBefore = lastSequence(Stream.CASE_EVENTS);
        // what a restart leaves: nothing in memory, only the database (the running bean keeps working beside them)
        PublicationManifests afterRestart = freshInstance();
        PublicationManifests secondInstance = freshInstance();
        List<UUID> cases = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<CompletableFuture<Void>> instances = List.of(afterRestart, secondInstance).stream()
                .map(instance -> CompletableFuture.runAsync(() -> {
                    while (!stop.get()) {
                        instance.run();
                        // pacing, not waiting for anything: each instance tries again every 50 ms, as a short interval would
                        java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
                    }
                })).toList();
        try {
            for (int i = 0; i < 4; i++) {
                UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
                assertThat(get(SOCIAL_WORKER, "/api/cases/" + caseId).status()).isEqualTo(200);
                cases.add(caseId);
            }
            await().atMost(Duration.ofSeconds(40)).until(() -> cases.stream().allMatch(c ->
                    !listedInDatabase(Stream.CASE_EVENTS, c).isEmpty() && !listedInDatabase(Stream.ACCESS_EVENTS, c).isEmpty()));
        } finally {
            stop.set(true);
            CompletableFuture.allOf(instances.toArray(CompletableFuture[]::new)).get();
        }

        assertThat(lastSequence(Stream.CASE_EVENTS)).isGreaterThan(caseSequenceBefore);
        for (Stream stream : Stream.values()) {
            List<PublicationManifest> numbered = numbered(stream);
            assertNumberedWithoutGaps(stream, numbered);
            List<UUID> listed = numbered.stream().flatMap(m -> m.events().stream()).map(PublicationManifest.Item::eventId).toList();
            assertThat(new HashSet<>(listed)).as(stream + ": no event listed twice").hasSameSizeAs(listed);
        }
        // and what they froze reaches Kafka, in order on the one key of the stream
        await().atMost(Duration.ofSeconds(30)).until(() -> cases.stream().allMatch(c -> !listedOnKafka(Stream.CASE_EVENTS, c).isEmpty()));
    }

    private PublicationManifests freshInstance() {
        return new PublicationManifests(jdbc, transactions, publisher, codec, serializer, properties, clock, eventStore, storedEvents,
                unrelayed, relayedEvents);
    }

    private void assertNumberedWithoutGaps(Stream stream, List<PublicationManifest> numbered) {
        assertThat(numbered).as(stream + " has manifests").isNotEmpty();
        for (int i = 0; i < numbered.size(); i++) {
            PublicationManifest manifest = numbered.get(i);
            assertThat(manifest.sequence()).as(stream + " sequence").isEqualTo(i + 1);
            assertThat(manifest.stream()).isEqualTo(stream);
            assertThat(manifest.events()).hasSizeBetween(1, PublicationManifests.MAX_ITEMS);
            assertThat(manifest.toPosition()).isGreaterThanOrEqualTo(manifest.fromPosition());
            if (i > 0) {
                assertThat(manifest.fromPosition()).as(stream + " #" + manifest.sequence() + " starts where the last one ended")
                        .isEqualTo(numbered.get(i - 1).toPosition() + 1);
            }
        }
        long last = jdbc.sql("SELECT last_sequence FROM publication_manifest_stream WHERE stream = ?").param(stream.name())
                .query(Long.class).single();
        assertThat(last).isGreaterThanOrEqualTo(numbered.getLast().sequence());
    }

    private long lastSequence(Stream stream) {
        return jdbc.sql("SELECT last_sequence FROM publication_manifest_stream WHERE stream = ?").param(stream.name())
                .query(Long.class).single();
    }

    /** Ids of the integration events of a case (not manifests) that reached the topic. */
    private static Set<UUID> publishedIds(String topic, UUID caseId) {
        return events(topic, e -> caseId.toString().equals(e.subject()) && !MANIFEST.equals(e.type())).stream()
                .map(CloudEvent::eventId).collect(Collectors.toSet());
    }

    /** Each listing of an event of the case across the stream's manifests on Kafka, repeats included. */
    private static List<UUID> listedOnKafka(Stream stream, UUID caseId) {
        return distinct(onKafka(stream)).stream().flatMap(m -> m.events().stream())
                .filter(item -> caseId.equals(item.caseId())).map(PublicationManifest.Item::eventId).toList();
    }

    private List<UUID> listedInDatabase(Stream stream, UUID caseId) {
        return numbered(stream).stream().flatMap(m -> m.events().stream())
                .filter(item -> caseId.equals(item.caseId())).map(PublicationManifest.Item::eventId).toList();
    }

    private static List<PublicationManifest> onKafka(Stream stream) {
        return events(Topics.CASE_EVENTS, e -> MANIFEST.equals(e.type())).stream()
                .map(e -> CloudEventCodec.dataAs(e, PublicationManifest.class))
                .filter(m -> m.stream() == stream).toList();
    }

    /** A manifest re-sent after a crash arrives twice with the same id: count it once. */
    private static List<PublicationManifest> distinct(List<PublicationManifest> manifests) {
        return List.copyOf(manifests.stream().collect(Collectors.toMap(PublicationManifest::manifestId, Function.identity(),
                (a, b) -> a, java.util.LinkedHashMap::new)).values());
    }

    private List<PublicationManifest> numbered(Stream stream) {
        return jdbc.sql("SELECT cloud_event FROM publication_manifest WHERE stream = ? ORDER BY sequence").param(stream.name())
                .query((rs, n) -> CloudEventCodec.dataAs(CloudEventCodec.fromBytes(rs.getBytes(1)), PublicationManifest.class))
                .list();
    }
}
