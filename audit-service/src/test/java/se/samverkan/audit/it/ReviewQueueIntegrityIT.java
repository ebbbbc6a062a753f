package se.samverkan.audit.it;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.samverkan.audit.review.ReviewQueueIntegrity;
import se.samverkan.contracts.AccessAction;
import se.samverkan.contracts.AccessOutcome;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.platform.test.TestPostgres;
import se.samverkan.platform.test.TestUser;

import java.time.Duration;
import java.time.Instant;
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
        UUID item = await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.query(
                "SELECT id FROM review_items WHERE source_event_id = ?::uuid", (rs, row) -> rs.getObject(1, UUID.class), denied.id())
                .stream().findFirst().orElse(null), java.util.Objects::nonNull);
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
                    + "WHERE seal IS NOT NULL AND id <> '" + item + "' LIMIT 1) WHERE id = '" + item + "'");
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

    /** As a superuser would: the triggers that refuse edits to the append-only tables are off for her session. */
    private static void superuser(String sql) {
        TestPostgres.execute(DB, "SET session_replication_role = replica; " + sql);
    }
}
