package se.samverkan.audit.it;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.samverkan.audit.compliance.MunicipalityScope;
import se.samverkan.audit.reconcile.Discrepancy;
import se.samverkan.audit.reconcile.Reconciliation;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.cases.CaseTeamChanged;
import se.samverkan.contracts.reconciliation.PublicationManifest;
import se.samverkan.contracts.reconciliation.PublicationManifest.Stream;
import se.samverkan.platform.test.TestPostgres;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 16 cross-checks: the log reconciled with case-service's publication manifests, which arrive as signed
 * case-service events like any other (signed here with case-service's test key). Everything here happens in 2001,
 * long before any other test's events, so the manifests cover no other test's entries.
 */
class ReconciliationIT extends AuditServiceITBase {

    private static final Instant EARLY = Instant.parse("2001-01-01T08:00:00Z");

    @Autowired
    Reconciliation reconciliation;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    /** What the bounded ledger asks the log about events it counted without their ids. */
    @Test
    void theLogSaysWhichOfTheseEventsItHolds() {
        CloudEvent held = send(teamChanged(UUID.randomUUID(), EARLY.minus(Duration.ofHours(4))));
        await().atMost(Duration.ofSeconds(20)).until(() -> entriesWithEventId(held.id()) == 1);
        UUID never = UUID.randomUUID();
        assertThat(reconciliation.inLog(List.of(UUID.fromString(held.id()), never))).containsExactly(UUID.fromString(held.id()));
        assertThat(reconciliation.inLog(List.of(never))).isEmpty();
    }

    /** The superuser's move: the case column of the case's entries nulled. The municipality comes from the bytes. */
    @Test
    void aMissingEventsMunicipalityIsReadFromTheEntriesBytesNotTheirCaseColumn() {
        UUID caseId = UUID.randomUUID();
        CloudEvent changed = send(teamChanged(caseId, EARLY));
        await().atMost(Duration.ofSeconds(20)).until(() -> entriesWithEventId(changed.id()) == 1);
        assertThat(reconciliation.municipalities(List.of(caseId))).containsExactly(Map.entry(caseId, TestUser.HANINGE));
        try {
            TestPostgres.execute(DB, "SET session_replication_role = replica; UPDATE audit_entries SET case_id = NULL WHERE event_id = '"
                    + changed.id() + "'");
            assertThat(reconciliation.municipalities(List.of(caseId))).containsExactly(Map.entry(caseId, TestUser.HANINGE));
            assertThat(reconciliation.municipalities(List.of(UUID.randomUUID()))).as("a case the log never saw").isEmpty();
        } finally {
            TestPostgres.execute(DB, "SET session_replication_role = replica; UPDATE audit_entries SET case_id = '" + caseId
                    + "' WHERE event_id = '" + changed.id() + "'");
        }
    }

    @Test
    void aCompleteManifestIsCleanWhileAnEventItNeverListsOrOneTheLogNeverReceivedIsReported() {
        UUID caseId = UUID.randomUUID();
        CloudEvent first = send(teamChanged(caseId, EARLY.minus(Duration.ofHours(2))));
        CloudEvent second = send(teamChanged(caseId, EARLY.minus(Duration.ofHours(1))));
        CloudEvent unlisted = send(teamChanged(caseId, EARLY.minus(Duration.ofHours(3))));
        await().atMost(Duration.ofSeconds(20)).until(() -> entriesWithEventId(first.id()) + entriesWithEventId(second.id())
                + entriesWithEventId(unlisted.id()) == 3);
        UUID neverReceived = UUID.randomUUID();
        send(manifest(Stream.CASE_EVENTS, 1, EARLY, List.of(item(first, caseId), item(second, caseId))));
        send(manifest(Stream.CASE_EVENTS, 2, EARLY.plus(Duration.ofHours(1)), List.of()));
        CloudEvent third = send(manifest(Stream.CASE_EVENTS, 3, EARLY.plus(Duration.ofHours(2)),
                List.of(new PublicationManifest.Item(neverReceived, caseId))));
        await().atMost(Duration.ofSeconds(20)).until(() -> entriesWithEventId(third.id()) == 1);

        List<Discrepancy> found = await().atMost(Duration.ofSeconds(20)).until(() -> reconciliation.run().discrepancies(),
                all -> all.stream().anyMatch(d -> neverReceived.equals(d.eventId())) && all.stream().anyMatch(d -> unlisted.id().equals(String.valueOf(d.eventId()))));

        // the manifest's own events are accounted for, and the stream has no gap
        assertThat(found).noneMatch(d -> d.eventId() != null && (d.eventId().toString().equals(first.id()) || d.eventId().toString().equals(second.id())));
        assertThat(found).noneMatch(d -> d.kind() == Discrepancy.Kind.SEQUENCE_GAP && d.stream() == Stream.CASE_EVENTS);
        Discrepancy missing = found.stream().filter(d -> neverReceived.equals(d.eventId())).findFirst().orElseThrow();
        assertThat(missing.kind()).isEqualTo(Discrepancy.Kind.MISSING_EVENT);
        assertThat(missing.sequence()).isEqualTo(3);
        // the case's municipality, from what the log's own entries about the case say
        assertThat(missing.municipality()).isEqualTo(TestUser.HANINGE);
        Discrepancy notListed = found.stream().filter(d -> unlisted.id().equals(String.valueOf(d.eventId()))).findFirst().orElseThrow();
        assertThat(notListed.kind()).isEqualTo(Discrepancy.Kind.UNACCOUNTED_EVENT);

        // each finding is in the log once and raises one review item of the case's municipality
        reconciliation.run();
        for (Discrepancy d : List.of(missing, notListed)) {
            List<Map<String, Object>> items = await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForList("""
                    SELECT r.municipality, r.case_id FROM review_items r JOIN audit_entries e ON e.leaf_index = r.source_leaf_index
                    WHERE r.rule = 'RECONCILIATION_DISCREPANCY' AND convert_from(e.entry, 'UTF8')::jsonb -> 'data' ->> 'eventId' = ?""", d.eventId().toString()),
                    rows -> !rows.isEmpty());
            assertThat(items).hasSize(1);
            assertThat(items.getFirst().get("municipality")).isEqualTo(TestUser.HANINGE);
            assertThat(items.getFirst().get("case_id")).isEqualTo(caseId);
        }

        // the report, scoped like every compliance answer: Haninge's case is not Botkyrka's business
        JsonNode haninge = json(get("/api/audit/reconciliation", TestUser.COMPLIANCE_OFFICER));
        assertThat(haninge.get("discrepancies").toString()).contains(neverReceived.toString(), unlisted.id());
        JsonNode botkyrka = json(get("/api/audit/reconciliation", TestUser.COMPLIANCE_OFFICER_BOTKYRKA));
        assertThat(botkyrka.get("discrepancies").toString()).doesNotContain(neverReceived.toString(), unlisted.id());
        assertThat(get("/api/audit/reconciliation", TestUser.SOCIAL_WORKER).statusCode()).isEqualTo(403);
        assertThat(reconciliation.report(new MunicipalityScope(TestUser.HANINGE)).streams()).anyMatch(s -> s.stream() == Stream.CASE_EVENTS
                && s.lastSequence() != null && s.lastSequence() >= 3);
    }

    @Test
    void aGapInAStreamsManifestNumbersIsReportedToEveryOfficer() {
        send(manifest(Stream.ACCESS_EVENTS, 1, EARLY, List.of()));
        CloudEvent fourth = send(manifest(Stream.ACCESS_EVENTS, 4, EARLY.plus(Duration.ofHours(3)), List.of()));
        await().atMost(Duration.ofSeconds(20)).until(() -> entriesWithEventId(fourth.id()) == 1);

        // this test's gap (another test's manifests of this stream, numbered far beyond, leave a gap of their own)
        Discrepancy gap = await().atMost(Duration.ofSeconds(20)).until(() -> reconciliation.run().discrepancies().stream()
                .filter(d -> d.kind() == Discrepancy.Kind.SEQUENCE_GAP && d.stream() == Stream.ACCESS_EVENTS && d.sequence() == 2)
                .findFirst().orElse(null), java.util.Objects::nonNull);
        assertThat(gap.sequence()).isEqualTo(2);
        assertThat(gap.detail()).contains("manifests 2 to 3 of ACCESS_EVENTS never reached the log");
        assertThat(gap.municipality()).isNull();
        assertThat(json(get("/api/audit/reconciliation", TestUser.COMPLIANCE_OFFICER_BOTKYRKA)).get("discrepancies").toString())
                .contains("manifests 2 to 3 of ACCESS_EVENTS");
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject("""
                SELECT count(*) FROM review_items WHERE rule = 'RECONCILIATION_DISCREPANCY' AND detail LIKE '%manifests 2 to 3 of ACCESS_EVENTS%'""",
                Long.class) == 1);
    }

    /**
     * case-service's runtime role may UPDATE {@code publication_manifest_stream.last_position}: the next manifest then
     * begins past positions no manifest lists (or goes back over listed ones), numbered without a gap and signed by
     * case-service all the same. Before, only the numbers were checked: such manifests were no finding at all. Numbered
     * far beyond this class's other manifests of the stream, so that none of theirs is a neighbour.
     */
    @Test
    void consecutiveManifestsWhoseRangesDoNotFollowOnAreReportedToEveryOfficer() {
        long n = 1_000_001;
        send(manifest(Stream.ACCESS_EVENTS, n, 1_000, 1_099));
        send(manifest(Stream.ACCESS_EVENTS, n + 1, 1_100, 1_199));
        CloudEvent skipping = send(manifest(Stream.ACCESS_EVENTS, n + 2, 1_300, 1_399));
        CloudEvent overlapping = send(manifest(Stream.ACCESS_EVENTS, n + 3, 1_350, 1_449));
        CloudEvent backwards = send(manifest(Stream.ACCESS_EVENTS, n + 4, 1_000, 1_049));
        CloudEvent last = send(manifest(Stream.ACCESS_EVENTS, n + 5, 1_050, 1_099));
        await().atMost(Duration.ofSeconds(20)).until(() -> entriesWithEventId(last.id()) == 1);

        // (other tests' access events, which no manifest lists, are overdue, named by the stream's latest manifest: not ours)
        List<Discrepancy> ours = await().atMost(Duration.ofSeconds(20)).until(() -> reconciliation.run().discrepancies().stream()
                .filter(d -> d.stream() == Stream.ACCESS_EVENTS && d.kind() != Discrepancy.Kind.MANIFESTS_OVERDUE
                        && d.sequence() != null && d.sequence() >= n && d.sequence() <= n + 5)
                .toList(), found -> found.size() >= 3);
        // one finding per pair that does not follow on, named by the later manifest; the pairs that do follow on are clean
        assertThat(ours).extracting(d -> d.sequence() + " " + d.kind().name()).containsExactlyInAnyOrder(
                (n + 2) + " POSITION_GAP", (n + 3) + " POSITION_OVERLAP", (n + 4) + " POSITIONS_BACKWARDS");
        Discrepancy gap = ours.stream().filter(d -> d.sequence() == n + 2).findFirst().orElseThrow();
        assertThat(gap.detail()).contains("positions 1200 to 1299 of ACCESS_EVENTS are in no manifest");
        assertThat(gap.leafIndex()).as("the manifest that begins too far on").isEqualTo(leafOf(skipping));
        assertThat(gap.municipality()).as("about no case: every officer's").isNull();
        assertThat(ours.stream().filter(d -> d.sequence() == n + 3).findFirst().orElseThrow().leafIndex()).isEqualTo(leafOf(overlapping));
        assertThat(ours.stream().filter(d -> d.sequence() == n + 3).findFirst().orElseThrow().detail())
                .contains("positions from 1350 to 1399 are listed by both");
        assertThat(ours.stream().filter(d -> d.sequence() == n + 4).findFirst().orElseThrow().leafIndex()).isEqualTo(leafOf(backwards));

        // as a missing event is: counted in the gauge and the health, in every officer's report, appended once to the
        // log and raised once as a review item for every municipality
        // (other tests' findings come and go beside them, so at least these three)
        reconciliation.run();
        assertThat(meters.get("samverkan.audit.reconciliation.discrepancies").gauge().value()).isGreaterThanOrEqualTo(3);
        assertThat((Integer) reconciliation.health().getDetails().get("discrepancies")).isGreaterThanOrEqualTo(3);
        assertThat(json(get("/api/audit/reconciliation", TestUser.COMPLIANCE_OFFICER_BOTKYRKA)).get("discrepancies").toString())
                .contains("positions 1200 to 1299 of ACCESS_EVENTS are in no manifest", "manifest " + (n + 4) + " of ACCESS_EVENTS goes backwards");
        for (String detail : List.of("positions 1200 to 1299 of ACCESS_EVENTS", "manifest " + (n + 3) + " of ACCESS_EVENTS begins at position 1350",
                "manifest " + (n + 4) + " of ACCESS_EVENTS goes backwards")) {
            List<Map<String, Object>> items = await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForList(
                    "SELECT municipality FROM review_items WHERE rule = 'RECONCILIATION_DISCREPANCY' AND detail LIKE ?", "%" + detail + "%"),
                    rows -> !rows.isEmpty());
            assertThat(items).as(detail).hasSize(1);
            assertThat(items.getFirst().get("municipality")).isNull();
        }
        reconciliation.run();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_entries WHERE event_type = 'se.samverkan.audit.reconciliation-discrepancy.v1' "
                + "AND convert_from(entry, 'UTF8')::jsonb -> 'data' ->> 'detail' LIKE ?", Long.class, "%positions 1200 to 1299 of ACCESS_EVENTS%"))
                .as("appended once, however often the reconciliation runs").isEqualTo(1);
    }

    private long leafOf(CloudEvent event) {
        return jdbc.queryForObject("SELECT leaf_index FROM audit_entries WHERE event_id = ?::uuid", Long.class, event.id());
    }

    private static PublicationManifest manifest(Stream stream, long sequence, long fromPosition, long toPosition) {
        return new PublicationManifest(UUID.randomUUID(), stream, sequence, fromPosition, toPosition, List.of(),
                EARLY.plus(Duration.ofHours(4)));
    }

    private static CaseTeamChanged teamChanged(UUID caseId, Instant at) {
        return new CaseTeamChanged(caseRef(caseId, UUID.randomUUID()), ref(TestUser.SUPERVISOR), at, List.of());
    }

    private static PublicationManifest.Item item(CloudEvent event, UUID caseId) {
        return new PublicationManifest.Item(UUID.fromString(event.id()), caseId);
    }

    private static PublicationManifest manifest(Stream stream, long sequence, Instant issuedAt, List<PublicationManifest.Item> events) {
        return new PublicationManifest(UUID.randomUUID(), stream, sequence, sequence * 100, sequence * 100 + 99, events, issuedAt);
    }
}
