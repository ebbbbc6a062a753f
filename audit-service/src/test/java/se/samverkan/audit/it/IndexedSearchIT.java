package se.samverkan.audit.it;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.samverkan.audit.compliance.LeafIndex;
import se.samverkan.audit.compliance.Needles;
import se.samverkan.audit.compliance.SearchProperties;
import se.samverkan.audit.log.LogIntegrity;
import se.samverkan.contracts.AccessAction;
import se.samverkan.contracts.AccessOutcome;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.platform.test.TestPostgres;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A search by case or subject reads the leaves the search index names, not the whole log, and the index is the one
 * thing a database superuser cannot edit: it was built from the bytes in this service's memory. So the attacker's
 * moves of {@link TamperedSearchColumnsIT} still hide nothing when the index answers, and an entry whose bytes were
 * garbled is still reported. Each test puts the rows back.
 */
class IndexedSearchIT extends AuditServiceITBase {

    private static final int OTHER_CASES = 300;

    @Autowired
    LeafIndex index;

    @Autowired
    LogIntegrity integrity;

    @Autowired
    MeterRegistry meters;

    @Test
    void aSearchByCaseReadsOnlyTheCasesLeavesAndStillFindsAnEntryWhoseColumnsWereNulled() {
        UUID caseId = UUID.randomUUID();
        UUID subjectId = UUID.randomUUID();
        CloudEvent read = send(policeRead(caseId, subjectId));
        List<CloudEvent> others = new ArrayList<>();
        for (int i = 0; i < OTHER_CASES; i++) {
            others.add(send(policeRead(UUID.randomUUID(), UUID.randomUUID())));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> entriesWithEventId(read.id()) == 1
                && entriesWithEventId(others.getLast().id()) == 1);
        long leaf = leafOf(read);
        index.catchUp();
        assertThat(index.coveredTo()).isGreaterThan(leafOf(others.getLast()));

        String hide = "UPDATE audit_entries SET case_id = NULL, subject_id = NULL, actor_id = NULL WHERE leaf_index = " + leaf;
        String restore = "UPDATE audit_entries SET case_id = '" + caseId + "', subject_id = '" + subjectId + "', actor_id = '"
                + TestUser.POLICE_LIAISON.id() + "' WHERE leaf_index = " + leaf;
        try {
            asSuperuser(hide);
            double scannedBefore = leaves("scan");
            double candidatesBefore = leaves("index");
            long covered = index.coveredTo();

            JsonNode page = json(get("/api/audit/entries?caseId=" + caseId, TestUser.COMPLIANCE_OFFICER));
            assertThat(page.get("items").findValuesAsString("eventId")).containsExactly(read.id());
            assertThat(page.get("scannedFromLeaf").asLong()).isZero();
            assertThat(page.get("scannedToLeaf").asLong()).isGreaterThan(leafOf(others.getLast()));
            // a scan would have examined every leaf from 0, the other cases' 300 among them
            double scanned = leaves("scan") - scannedBefore;
            assertThat(scanned).isLessThanOrEqualTo(Math.max(0, logSize() - covered));
            assertThat(scanned).isLessThan(OTHER_CASES);
            assertThat(leaves("index") - candidatesBefore).isBetween(1.0, 10.0);

            JsonNode disclosures = json(get("/api/audit/subjects/" + subjectId + "/disclosures", TestUser.COMPLIANCE_OFFICER));
            assertThat(disclosures.get("disclosures").findValuesAsString("eventId")).containsExactly(read.id());
        } finally {
            asSuperuser(restore);
        }
    }

    /** A page of 5 of a case's 30 entries parses 6 of them (the sixth says there are more), not a chunk of 500. */
    @Test
    void aPageReadsTheEntriesItNeedsNotAWholeChunkAndTheNextPageContinuesWhereItStopped() {
        UUID caseId = UUID.randomUUID();
        List<CloudEvent> reads = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            reads.add(send(policeRead(caseId, UUID.randomUUID())));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> reads.stream().allMatch(r -> entriesWithEventId(r.id()) == 1));
        index.catchUp();
        List<String> inLeafOrder = reads.stream().sorted(java.util.Comparator.comparingLong(this::leafOf)).map(CloudEvent::id).toList();

        Set<Long> readLeaves = reads.stream().map(this::leafOf).collect(Collectors.toSet());
        double before = leaves("index");
        double expected = candidatesRead(caseId, 6, readLeaves);
        JsonNode first = json(get("/api/audit/entries?caseId=" + caseId + "&size=5", TestUser.COMPLIANCE_OFFICER));
        assertThat(leaves("index") - before).as("candidates read for the first page").isEqualTo(expected);
        assertThat(first.get("items").findValuesAsString("eventId")).containsExactlyElementsOf(inLeafOrder.subList(0, 5));
        assertThat(first.get("hasMore").asBoolean()).isTrue();

        JsonNode next = json(get("/api/audit/entries?caseId=" + caseId + "&size=5&afterLeaf=" + first.get("nextAfterLeaf").asLong(),
                TestUser.COMPLIANCE_OFFICER));
        assertThat(next.get("items").findValuesAsString("eventId")).containsExactlyElementsOf(inLeafOrder.subList(5, 10));

        before = leaves("index");
        expected = candidatesRead(caseId, 16, readLeaves);
        JsonNode third = json(get("/api/audit/entries?caseId=" + caseId + "&size=5&page=2", TestUser.COMPLIANCE_OFFICER));
        assertThat(leaves("index") - before).as("skipped, shown and one more").isEqualTo(expected);
        assertThat(third.get("items").findValuesAsString("eventId")).containsExactlyElementsOf(inLeafOrder.subList(10, 15));

        JsonNode last = json(get("/api/audit/entries?caseId=" + caseId + "&size=5&page=5", TestUser.COMPLIANCE_OFFICER));
        // (more follow: each search above is itself an entry about the case)
        assertThat(last.get("items").findValuesAsString("eventId")).containsExactlyElementsOf(inLeafOrder.subList(25, 30));
    }

    @Test
    void anIndexedLeafWhoseBytesWereGarbledIsReportedUnreadableNotDropped() {
        UUID caseId = UUID.randomUUID();
        CloudEvent read = send(policeRead(caseId, UUID.randomUUID()));
        await().atMost(Duration.ofSeconds(20)).until(() -> entriesWithEventId(read.id()) == 1);
        long leaf = leafOf(read);
        index.catchUp();
        assertThat(index.coveredTo()).isGreaterThan(leaf);
        String original = jdbc.queryForObject("SELECT encode(entry, 'hex') FROM audit_entries WHERE leaf_index = ?", String.class, leaf);
        try {
            asSuperuser("UPDATE audit_entries SET entry = convert_to('not an entry', 'UTF8') WHERE leaf_index = " + leaf);
            JsonNode page = json(get("/api/audit/entries?caseId=" + caseId, TestUser.COMPLIANCE_OFFICER));
            assertThat(page.get("items").findValuesAsString("eventId")).doesNotContain(read.id());
            assertThat(page.get("unreadableLeaves").valueStream().map(JsonNode::asLong).toList()).contains(leaf);
        } finally {
            asSuperuser("UPDATE audit_entries SET entry = decode('" + original + "', 'hex') WHERE leaf_index = " + leaf);
        }
        JsonNode restored = json(get("/api/audit/entries?caseId=" + caseId, TestUser.COMPLIANCE_OFFICER));
        assertThat(restored.get("items").findValuesAsString("eventId")).contains(read.id());
        assertThat(restored.get("unreadableLeaves")).isEmpty();
        assertThat(integrity.check().getStatus().getCode()).isEqualTo("UP");
    }

    @Test
    void aRestartedIndexCatchesUpWithTheWholeLogInOneFollowNotOneBatchASecond() {
        CloudEvent read = send(policeRead(UUID.randomUUID(), UUID.randomUUID()));
        await().atMost(Duration.ofSeconds(20)).until(() -> entriesWithEventId(read.id()) == 1);
        long size = logSize();
        int batch = (int) Math.max(1, size / 5);
        // as after a restart: an empty index, with batches far smaller than the log
        LeafIndex restarted = new LeafIndex(jdbc, new SearchProperties(50_000, 1, 10_000_000, batch), new SimpleMeterRegistry());

        restarted.follow();

        assertThat(restarted.coveredTo()).as("batches of %d over a log of %d leaves", batch, size)
                .isGreaterThanOrEqualTo(size);
    }

    @Test
    void anIndexThatReachedItsShareOfTheHeapStopsThereAndLeavesTheRestToTheScan() {
        CloudEvent read = send(policeRead(UUID.randomUUID(), UUID.randomUUID()));
        await().atMost(Duration.ofSeconds(20)).until(() -> entriesWithEventId(read.id()) == 1);
        long size = logSize();
        long half = Math.max(1, size / 2);
        // a heap share that holds half of this log, as a pod's heap holds part of a log that outgrew it
        double share = (double) (half * 20 + 19) / Runtime.getRuntime().maxMemory();
        LeafIndex small = new LeafIndex(jdbc, new SearchProperties(50_000, 1, 10_000_000, 1_000, share), new SimpleMeterRegistry());

        small.follow();
        small.follow();

        assertThat(small.capacity()).isEqualTo(half);
        assertThat(small.coveredTo()).as("it stops at its capacity, below the log's %d leaves", size).isEqualTo(half);
        LeafIndex.Lookup lookup = small.lookup(Needles.subject(UUID.randomUUID()), 0, size);
        assertThat(lookup.coveredTo()).as("what it does not cover, a search scans").isEqualTo(half);
        assertThat(lookup.leaves()).isEmpty();
    }

    /**
     * What a search from leaf 0 that needs {@code needed} of the case's reads reads of the index's candidates: that
     * many, or, when a leaf the index could not read (a gap or unparseable bytes, left by an earlier test's tampering
     * while the scheduled follow ran) is among them, that first chunk and then the rest of the candidates, since an
     * unknown leaf is a candidate for every key.
     */
    private double candidatesRead(UUID caseId, int needed, Set<Long> readLeaves) {
        long[] candidates = index.lookup(Needles.caseId(caseId), 0, logSize()).leaves();
        assertThat(Arrays.stream(candidates).boxed().toList()).as("the index names every read of the case").containsAll(readLeaves);
        boolean firstChunkIsReads = Arrays.stream(candidates).limit(needed).allMatch(readLeaves::contains);
        return firstChunkIsReads ? needed : candidates.length;
    }

    private double leaves(String by) {
        return meters.get("samverkan.audit.search.leaves").tag("by", by).counter().count();
    }

    private long leafOf(CloudEvent event) {
        return jdbc.queryForObject("SELECT leaf_index FROM audit_entries WHERE event_id = ?::uuid", Long.class, event.id());
    }

    private long logSize() {
        return jdbc.queryForObject("SELECT coalesce(max(leaf_index) + 1, 0) FROM audit_entries", Long.class);
    }

    private static AccessRecorded policeRead(UUID caseId, UUID subjectId) {
        return new AccessRecorded(ref(TestUser.POLICE_LIAISON), caseId, subjectId, UUID.randomUUID(), Program.RAPID_INTERVENTION,
                TestUser.YOUTH_UNIT, AccessAction.READ, "ReadReferral", List.of("CASE_SUMMARY"), "REFERRAL", "OSL_10_18A",
                false, false, ProtectedIdentity.NONE, AccessOutcome.ALLOWED, null, Instant.now(), TestUser.HANINGE);
    }

    /** What an attacker with the superuser's password does: switch the triggers off for the session and edit. */
    private static void asSuperuser(String sql) {
        TestPostgres.execute(DB, "SET session_replication_role = replica; " + sql);
    }
}
