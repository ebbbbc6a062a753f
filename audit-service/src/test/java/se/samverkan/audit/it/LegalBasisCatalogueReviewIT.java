package se.samverkan.audit.it;

import org.junit.jupiter.api.Test;
import se.samverkan.contracts.AccessAction;
import se.samverkan.contracts.AccessOutcome;
import se.samverkan.contracts.ActorRef;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.platform.identity.Role;
import se.samverkan.platform.test.TestUser;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 15: a change of a municipality's legal-basis catalogue (case-service's MAINTAIN_LEGAL_BASES, no case) is an
 * entry of the log and a review item of that municipality, which the officer who made the change may not decide.
 */
class LegalBasisCatalogueReviewIT extends AuditServiceITBase {

    /** A second Haninge officer (not a demo user). */
    private static final TestUser IDA = new TestUser("6f1b7c2e-0a4d-4b8e-9c51-2d3e4f5a6bf1", "ida", EnumSet.of(Role.COMPLIANCE_OFFICER),
            se.samverkan.contracts.Agency.MUNICIPALITY, TestUser.HANINGE, "haninge-dataskydd", "ida@haninge.example");

    private static AccessRecorded catalogueChange(ActorRef actor, String operation, AccessOutcome outcome) {
        return new AccessRecorded(actor, null, null, null, null, null, AccessAction.WRITE, operation, List.of("METADATA"),
                operation, outcome == AccessOutcome.ALLOWED ? "data-protection-role" : null, false, false, ProtectedIdentity.NONE,
                outcome, outcome == AccessOutcome.DENIED ? "the legal-basis catalogue is maintained by the data-protection role" : null,
                Instant.now(), actor.municipality());
    }

    @Test
    void aChangeOfTheLegalBasisCatalogueIsReviewedByAnotherOfficer() {
        CloudEvent changed = send(catalogueChange(ref(TestUser.COMPLIANCE_OFFICER), "MAINTAIN_LEGAL_BASES", AccessOutcome.ALLOWED));
        CloudEvent attempted = send(catalogueChange(ref(TestUser.SOCIAL_WORKER), "MAINTAIN_LEGAL_BASES", AccessOutcome.DENIED));
        CloudEvent vocabulary = send(catalogueChange(ref(TestUser.ADMINISTRATOR), "MAINTAIN_VOCABULARIES", AccessOutcome.ALLOWED));
        await().atMost(Duration.ofSeconds(20)).until(() -> List.of(changed, attempted, vocabulary).stream()
                .allMatch(e -> entriesWithEventId(e.id()) == 1));

        UUID item = await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.query(
                "SELECT id FROM review_items WHERE source_event_id = ?::uuid AND rule = 'LEGAL_BASIS_CATALOGUE_CHANGED'",
                (rs, row) -> rs.getObject(1, UUID.class), changed.id()).stream().findFirst().orElse(null), java.util.Objects::nonNull);
        assertThat(jdbc.queryForObject("SELECT municipality FROM review_items WHERE id = ?", String.class, item)).isEqualTo(TestUser.HANINGE);
        assertThat(jdbc.queryForList("SELECT rule FROM review_item_occurrences WHERE source_event_id = ?::uuid", String.class,
                attempted.id())).contains("DENIED_ATTEMPT").doesNotContain("LEGAL_BASIS_CATALOGUE_CHANGED");
        assertThat(jdbc.queryForList("SELECT rule FROM review_item_occurrences WHERE source_event_id = ?::uuid", String.class,
                vocabulary.id())).doesNotContain("LEGAL_BASIS_CATALOGUE_CHANGED");

        HttpResponse<String> own = post("/api/audit/review-items/" + item + "/decision", TestUser.COMPLIANCE_OFFICER,
                "{\"outcome\":\"JUSTIFIED\",\"comment\":\"Min egen ändring\"}");
        assertThat(own.statusCode()).as("nobody decides an item about her own access").isEqualTo(403);
        HttpResponse<String> decided = post("/api/audit/review-items/" + item + "/decision", IDA,
                "{\"outcome\":\"JUSTIFIED\",\"comment\":\"Beslut SN 2027/114 finns\"}");
        assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
    }
}
