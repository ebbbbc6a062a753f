package se.samverkan.audit.it;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import se.samverkan.audit.log.Entries;
import se.samverkan.audit.log.LogIntegrity;
import se.samverkan.contracts.AccessAction;
import se.samverkan.contracts.AccessOutcome;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.contracts.Topics;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.contracts.cases.CaseTeamChanged;
import se.samverkan.contracts.cases.ConsentWithdrawn;
import se.samverkan.platform.test.TestReplay;
import se.samverkan.platform.test.TestUser;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12, faults: the log's consumer group reset to the beginning of every topic. Every record arrives again; none
 * becomes a second entry, a second review item or a fork of the tree.
 * <p>
 * The replay takes seconds, and the log does not stand still meanwhile: reconciliation appends its findings, and
 * records of earlier test classes in this JVM may still arrive. So the test counts only rows of its own records (one
 * of every kind a replay could repeat) and, for everything else read again, asserts that nothing is there twice.
 */
class ReplayIT extends AuditServiceITBase {

    private static final Instant OFFICE_HOURS = ZonedDateTime.of(2026, 11, 24, 10, 0, 0, 0, ZoneId.of("Europe/Stockholm")).toInstant();
    private static final String REJECTED = "'" + Entries.EVENT_REJECTED + "', '" + Entries.FORGED_EVENT_REFUSED + "'";
    /** The log's entries that are about the record whose bytes hash to the parameter: its refusal or rejection. */
    private static final String ABOUT_RECORD = "event_type IN (" + REJECTED + ") "
            + "AND convert_from(entry, 'UTF8')::jsonb -> 'data' ->> 'valueSha256' = encode(sha256(?), 'hex')";
    /** The leaves of this test's records: their entries, and the refusals of the records that are no events. */
    private static final String OWN_LEAVES = "SELECT leaf_index FROM audit_entries WHERE event_id = ANY (?) OR ("
            + ABOUT_RECORD + ") OR (" + ABOUT_RECORD + ")";

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Autowired
    LogIntegrity integrity;

    @Test
    void offsetsResetToTheBeginningAppendNothingTwice() throws Exception {
        UUID caseId = UUID.randomUUID();
        UUID referralId = UUID.randomUUID();
        CloudEvent teamChanged = send(new CaseTeamChanged(caseRef(caseId, UUID.randomUUID()), ref(TestUser.SUPERVISOR),
                Instant.now(), List.of(TestUser.SOCIAL_WORKER.id())));
        // a revoked referral
        CloudEvent withdrawn = send(new ConsentWithdrawn(caseRef(caseId, UUID.randomUUID()), ref(TestUser.SOCIAL_WORKER),
                Instant.now(), UUID.randomUUID(), LocalDate.now(), List.of(referralId)));
        // a review item with its occurrence; an actor of its own, so that no other test's item absorbs it, and in office
        // hours, so that it raises exactly one whenever the test runs
        var actor = actorRef("replay-" + UUID.randomUUID(), Agency.POLICE, TestUser.POLICE_UNIT, "police-liaison");
        CloudEvent denied = send(new AccessRecorded(actor, caseId, UUID.randomUUID(), null, Program.RAPID_INTERVENTION,
                TestUser.YOUTH_UNIT, AccessAction.READ, "ReadCase", List.of("CASE_SUMMARY"), "ReadCase", null, false, false,
                ProtectedIdentity.NONE, AccessOutcome.DENIED, "NOT_ON_TEAM", OFFICE_HOURS, TestUser.HANINGE));
        // a genuine producer's unreadable record and an unsigned one: their entries' ids come from where they lay
        String key = "replay-" + UUID.randomUUID();
        byte[] unreadable = signed(new CloudEvent(CloudEvent.SPEC_VERSION, UUID.randomUUID().toString(),
                URI.create("/samverkan/case-service"), "se.samverkan.access.access-recorded.v1", key, Instant.now(),
                "application/json", null, CloudEventCodec.mapper().createObjectNode().put("not", "an access event").put("key", key)));
        sendRaw(Topics.ACCESS_EVENTS, key, unreadable);
        byte[] unsigned = CloudEventCodec.toBytes(CASE_SERVICE.wrap(UUID.randomUUID(), Instant.now(),
                new CaseTeamChanged(caseRef(caseId, UUID.randomUUID()), ref(TestUser.SUPERVISOR), Instant.now(), List.of())));
        sendRaw(Topics.CASE_EVENTS, caseId.toString(), unsigned);
        List<String> events = List.of(teamChanged.id(), withdrawn.id(), denied.id());

        await().atMost(Duration.ofSeconds(60)).until(() -> events.stream().allMatch(id -> entriesWithEventId(id) == 1)
                && aboutRecord(unreadable) == 1 && aboutRecord(unsigned) == 1);
        // items and revocations are written in the transaction that appends their entry
        assertThat(ownRules(events, unreadable, unsigned)).containsExactly("DENIED_ATTEMPT", "FORGED_EVENT", "MALFORMED_EVENT");
        Map<String, Long> before = ownRows(events, referralId, unreadable, unsigned);
        assertThat(before).containsEntry("audit_entries", 5L).containsEntry("review_items", 3L)
                .containsEntry("review_item_occurrences", 3L).containsEntry("revoked_referrals", 1L);
        long size = jdbc.queryForObject("SELECT max(leaf_index) + 1 FROM audit_entries", Long.class);
        String treeBefore = treeWithin(size);

        TestReplay.fromTheBeginning(listeners.getListenerContainer("audit-log"), "audit-service");

        assertThat(ownRows(events, referralId, unreadable, unsigned)).as("this test's rows after the replay of every record read so far")
                .isEqualTo(before);
        for (String id : events) {
            assertThat(entriesWithEventId(id)).as(id).isEqualTo(1);
        }
        assertThat(aboutRecord(unreadable)).isEqualTo(1);
        assertThat(aboutRecord(unsigned)).isEqualTo(1);
        // and nothing any earlier test sent is there twice now
        assertThat(jdbc.queryForList("SELECT event_id::text FROM audit_entries GROUP BY event_id HAVING count(*) > 1", String.class))
                .isEmpty();
        // ids are unique by the schema; a refusal's id is derived from where its record lay, which is what this checks
        assertThat(jdbc.queryForList("SELECT d ->> 'topic' || '/' || (d ->> 'partition') || '@' || (d ->> 'offset') FROM "
                + "(SELECT convert_from(entry, 'UTF8')::jsonb -> 'data' AS d FROM audit_entries WHERE event_type IN (" + REJECTED
                + ")) refused GROUP BY 1 HAVING count(*) > 1", String.class)).as("records refused twice").isEmpty();
        assertThat(jdbc.queryForList("SELECT rule || '/' || source_event_id FROM review_items GROUP BY rule, source_event_id "
                + "HAVING count(*) > 1", String.class)).isEmpty();
        assertThat(jdbc.queryForList("SELECT rule || '/' || source_event_id FROM review_item_occurrences "
                + "GROUP BY rule, source_event_id HAVING count(*) > 1", String.class)).isEmpty();
        assertThat(jdbc.queryForList("SELECT referral_id::text FROM revoked_referrals GROUP BY referral_id HAVING count(*) > 1",
                String.class)).isEmpty();
        assertThat(treeWithin(size)).as("the tree over the leaves there before the replay").isEqualTo(treeBefore);
        assertThat(integrity.check().getStatus().getCode()).isEqualTo("UP");
    }

    private long aboutRecord(byte[] value) {
        return jdbc.queryForObject("SELECT count(*) FROM audit_entries WHERE " + ABOUT_RECORD, Long.class, (Object) value);
    }

    private List<String> ownRules(List<String> eventIds, byte[] unreadable, byte[] unsigned) {
        return jdbc.queryForList("SELECT rule FROM review_items WHERE source_leaf_index IN (" + OWN_LEAVES + ") ORDER BY rule",
                String.class, ids(eventIds), unreadable, unsigned);
    }

    /** Every row this test's records made, by table: their entries, what hangs off those leaves, the revocation. */
    private Map<String, Long> ownRows(List<String> eventIds, UUID referralId, byte[] unreadable, byte[] unsigned) {
        Object[] leaves = {ids(eventIds), unreadable, unsigned};
        Map<String, Long> rows = new LinkedHashMap<>();
        rows.put("audit_entries", jdbc.queryForObject("SELECT count(*) FROM (" + OWN_LEAVES + ") own", Long.class, leaves));
        for (String table : List.of("review_items", "review_item_occurrences")) {
            rows.put(table, jdbc.queryForObject("SELECT count(*) FROM " + table + " WHERE source_leaf_index IN (" + OWN_LEAVES + ")",
                    Long.class, leaves));
        }
        rows.put("revoked_referrals", jdbc.queryForObject("SELECT count(*) FROM revoked_referrals WHERE referral_id = ?",
                Long.class, referralId));
        return rows;
    }

    private static UUID[] ids(List<String> eventIds) {
        return eventIds.stream().map(UUID::fromString).toArray(UUID[]::new);
    }

    /** The stored tree nodes under the first {@code size} leaves, as one text: what a fork would change. */
    private String treeWithin(long size) {
        return jdbc.queryForObject("""
                SELECT coalesce(string_agg(level || '/' || node_index || ':' || encode(hash, 'hex'), ',' ORDER BY level, node_index), '')
                FROM tree_nodes WHERE node_index < (?::bigint >> level)""", String.class, size);
    }
}
