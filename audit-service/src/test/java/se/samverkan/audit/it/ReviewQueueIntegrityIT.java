package se.samverkan.audit.it;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.samverkan.audit.review.ReviewQueueIntegrity;
import se.samverkan.contracts.AccessAction;
import se.samverkan.contracts.AccessOutcome;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.platform.test.TestPostgres;
import se.samverkan.platform.test.TestUser;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A database superuser moves a review item to another municipality's queue (its officers are told, the owner's never
 * see it), or writes an item of her own: the seal the sequencer wrote with the item no longer matches, or is missing
 * after the key's line in the log, and the check says so by item id.
 */
class ReviewQueueIntegrityIT extends AuditServiceITBase {

    @Autowired
    ReviewQueueIntegrity integrity;

    @Test
    void anItemMovedToAnotherMunicipalitysQueueOrWrittenWithoutTheServiceIsFound() {
        assertThat(integrity.check()).as("the service's own items").isEmpty();
        UUID caseId = UUID.randomUUID();
        CloudEvent denied = send(new AccessRecorded(ref(TestUser.EXIT_COORDINATOR), caseId, UUID.randomUUID(), null,
                Program.RAPID_INTERVENTION, TestUser.YOUTH_UNIT, AccessAction.READ, "ReadCase", List.of("CASE_SUMMARY"), "ReadCase",
                null, false, false, ProtectedIdentity.NONE, AccessOutcome.DENIED, "NOT_ON_TEAM", Instant.now(), TestUser.HANINGE));
        // a second sealed item to borrow a seal from: the first class of the JVM finds no other
        CloudEvent lender = send(new AccessRecorded(ref(TestUser.EXIT_COORDINATOR), caseId, UUID.randomUUID(), null,
                Program.RAPID_INTERVENTION, TestUser.YOUTH_UNIT, AccessAction.READ, "ReadCase", List.of("CASE_SUMMARY"), "ReadCase",
                null, false, false, ProtectedIdentity.NONE, AccessOutcome.DENIED, "NOT_ON_TEAM", Instant.now(), TestUser.HANINGE));
        UUID item = itemOf(denied);
        UUID lent = itemOf(lender);
        assertThat(jdbc.queryForObject("SELECT seal IS NOT NULL FROM review_items WHERE id = ?", Boolean.class, lent)).isTrue();
        assertThat(integrity.check()).isEmpty();
        assertThat(integrity.health().getStatus().getCode()).isEqualTo("UP");
        UUID forged = UUID.randomUUID();
        try {
            superuser("UPDATE review_items SET municipality = '" + TestUser.BOTKYRKA + "' WHERE id = '" + item + "'");
            List<String> moved = integrity.check();
            assertThat(moved).containsExactly("review item " + item + ": does not match its seal (a column was changed)");
            assertThat(integrity.health().getStatus().getCode()).isEqualTo("DOWN");

            superuser("UPDATE review_items SET seal = NULL WHERE id = '" + item + "'");
            assertThat(integrity.check()).as("nor can the seal be taken away").singleElement().asString()
                    .startsWith("review item " + item + ": raised after leaf").endsWith("without a seal of this key");

            superuser("UPDATE review_items SET municipality = '" + TestUser.HANINGE + "', seal = (SELECT seal FROM review_items "
                    + "WHERE id = '" + lent + "') WHERE id = '" + item + "'");
            assertThat(integrity.check()).as("nor borrowed from another item").contains(
                    "review item " + item + ": does not match its seal (a column was changed)");

            // an item of her own making, on a recent entry: to make someone look as if they had broken the glass
            superuser("INSERT INTO review_items (id, rule, municipality, actor_id, source_event_id, source_leaf_index, detail, raised_at) "
                    + "SELECT '" + forged + "', 'BREAK_GLASS', '" + TestUser.HANINGE + "', 'anna', gen_random_uuid(), max(leaf_index), "
                    + "'break-glass read', now() FROM audit_entries");
            assertThat(integrity.check()).anySatisfy(problem -> assertThat(problem)
                    .startsWith("review item " + forged + ": raised after leaf").endsWith("without a seal of this key"));
        } finally {
            superuser("DELETE FROM review_items WHERE id = '" + forged + "'");
        }
        // put back as the service wrote it (the test database is shared): the check is clean again
        superuser("UPDATE review_items SET municipality = '" + TestUser.HANINGE + "', seal = NULL WHERE id = '" + item + "'");
        superuser("DELETE FROM review_item_occurrences WHERE review_item_id = '" + item + "'");
        superuser("DELETE FROM review_items WHERE id = '" + item + "'");
        assertThat(integrity.check()).isEmpty();
        assertThat(integrity.health().getStatus().getCode()).isEqualTo("UP");
    }

    /**
     * The runtime role may INSERT into review_items. It writes a year of unsealed UNUSUAL_HOURS items for one actor,
     * each in the group of one day of her municipality's queue but owned by a municipality no officer has, claiming
     * leaf 0 so that they look older than the seals. Her unusual-hours accesses joined them (grouping read only the
     * group key), so none reached her municipality's officers, and the check let them pass as from before the seals.
     */
    @Test
    void unsealedItemsPretendingToPrecedeTheSealsAbsorbNoOccurrenceAndAreFound() {
        assertThat(integrity.check()).as("the service's own items").isEmpty();
        String actor = UUID.randomUUID().toString();
        LocalDate today = jdbc.queryForObject("SELECT current_date", LocalDate.class);
        int forged = jdbc.update("""
                INSERT INTO review_items (id, rule, municipality, actor_id, source_event_id, source_leaf_index, detail, raised_at, group_key)
                SELECT gen_random_uuid(), 'UNUSUAL_HOURS', '9999', ?, gen_random_uuid(), 0, '-', now(), '0136/' || ? || '/' || d::date
                FROM generate_series(current_date, current_date + 365, '1 day') d""", actor, actor);
        assertThat(forged).as("as the runtime role").isEqualTo(366);
        // and one that says it is older than the seals, but whose leaf holds another event
        UUID madeUp = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO review_items (id, rule, municipality, actor_id, source_event_id, source_leaf_index, detail, raised_at, group_key)
                VALUES (?, 'UNUSUAL_HOURS', '9999', ?, gen_random_uuid(), 0, '-', '2000-01-01T00:00:00Z', '0136/' || ? || '/' || current_date)""",
                madeUp, actor, actor);
        try {
            // two in the morning of the forged items' first day, in the actor's municipality (0136)
            CloudEvent night = send(new AccessRecorded(actorRef(actor, Agency.SOCIAL_SERVICES, TestUser.YOUTH_UNIT, "social-worker"),
                    UUID.randomUUID(), UUID.randomUUID(), null, Program.RAPID_INTERVENTION, TestUser.YOUTH_UNIT, AccessAction.READ,
                    "ReadCase", List.of("CASE_SUMMARY"), "case work", null, true, false, ProtectedIdentity.NONE, AccessOutcome.ALLOWED,
                    null, today.atTime(2, 0).atZone(ZoneId.of("Europe/Stockholm")).toInstant(), TestUser.HANINGE));
            await().atMost(Duration.ofSeconds(20)).until(() -> entriesWithEventId(night.id()) == 1);

            List<String> joined = jdbc.queryForList("""
                    SELECT r.municipality || ' ' || (r.seal IS NOT NULL) FROM review_item_occurrences o
                    JOIN review_items r ON r.id = o.review_item_id WHERE o.source_event_id = ?::uuid""", String.class, night.id());
            assertThat(joined).as("a new sealed item in 0136's queue, not a forged one").containsExactly(TestUser.HANINGE + " true");
            assertThat(jdbc.queryForObject("SELECT count(*) FROM review_items WHERE rule = 'UNUSUAL_HOURS' AND source_event_id = ?::uuid",
                    Long.class, night.id())).isEqualTo(1);

            List<String> problems = integrity.check();
            assertThat(problems).as("each forged item named").hasSize(367)
                    .contains("review item " + madeUp + ": without a seal of this key, and leaf 0 does not hold its source event")
                    .filteredOn(problem -> !problem.contains(madeUp.toString()))
                    .allSatisfy(problem -> assertThat(problem).startsWith("review item ").contains("raised at")
                            .endsWith("after the seals began, without a seal of this key"));
            assertThat(integrity.health().getStatus().getCode()).isEqualTo("DOWN");
        } finally {
            superuser("DELETE FROM review_item_occurrences o USING review_items r WHERE r.id = o.review_item_id "
                    + "AND r.municipality = '9999' AND r.actor_id = '" + actor + "'");
            superuser("DELETE FROM review_items WHERE municipality = '9999' AND actor_id = '" + actor + "'");
        }
        assertThat(integrity.check()).isEmpty();
        assertThat(integrity.health().getStatus().getCode()).isEqualTo("UP");
    }

    /** As a superuser would: the triggers that refuse edits to the append-only tables are off for her session. */
    private UUID itemOf(CloudEvent denied) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.query(
                "SELECT id FROM review_items WHERE source_event_id = ?::uuid AND rule = 'DENIED_ATTEMPT'",
                (rs, row) -> rs.getObject(1, UUID.class), denied.id()).stream().findFirst().orElse(null), java.util.Objects::nonNull);
    }

    private static void superuser(String sql) {
        TestPostgres.execute(DB, "SET session_replication_role = replica; " + sql);
    }
}
