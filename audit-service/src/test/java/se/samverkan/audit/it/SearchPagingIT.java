package se.samverkan.audit.it;

import org.junit.jupiter.api.Test;
import se.samverkan.contracts.AccessAction;
import se.samverkan.contracts.AccessOutcome;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SearchPagingIT extends AuditServiceITBase {

    @Test
    void searchByLegalBasisAndWalkTheResultWithAfterLeafWithoutGapsOrRepeats() {
        UUID caseId = UUID.randomUUID();
        List<CloudEvent> consent = new ArrayList<>();
        List<CloudEvent> all = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String basis = i % 3 == 0 ? "OSL_10_18A" : "CONSENT";
            CloudEvent event = send(access(caseId, basis));
            all.add(event);
            if (basis.equals("CONSENT")) {
                consent.add(event);
            }
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> all.stream().allMatch(e -> entriesWithEventId(e.id()) == 1));

        JsonNode byBasis = json(get("/api/audit/entries?caseId=" + caseId + "&legalBasis=CONSENT&size=500", TestUser.COMPLIANCE_OFFICER));
        assertThat(byBasis.get("items").findValuesAsString("eventId"))
                .containsExactlyInAnyOrderElementsOf(consent.stream().map(CloudEvent::id).toList());
        assertThat(byBasis.get("hasMore").asBoolean()).isFalse();
        assertThat(byBasis.get("nextAfterLeaf").isNull()).isTrue();

        List<String> walked = new ArrayList<>();
        List<Long> leaves = new ArrayList<>();
        String after = "";
        for (int pages = 0; pages < 10; pages++) {
            // by type: each search is itself logged under the case, and would join the listing
            JsonNode page = json(get("/api/audit/entries?caseId=" + caseId + "&type=se.samverkan.access.access-recorded.v1&size=3"
                    + after, TestUser.COMPLIANCE_OFFICER));
            page.get("items").forEach(item -> {
                walked.add(item.get("eventId").asString());
                leaves.add(item.get("leafIndex").asLong());
            });
            if (!page.get("hasMore").asBoolean()) {
                break;
            }
            after = "&afterLeaf=" + page.get("nextAfterLeaf").asLong();
        }
        assertThat(walked).hasSize(7).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(all.stream().map(CloudEvent::id).toList());
        assertThat(leaves).isSorted();
    }

    @Test
    void contradictoryPagingAndTimeRangesAreClientErrors() {
        var both = get("/api/audit/entries?page=2&afterLeaf=10", TestUser.COMPLIANCE_OFFICER);
        assertThat(both.statusCode()).isEqualTo(400);
        assertThat(both.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("problem+json"));
        assertThat(json(both).get("detail").asString()).contains("afterLeaf");

        var backwards = get("/api/audit/entries?from=2026-11-25T10:00:00Z&to=2026-11-24T10:00:00Z", TestUser.COMPLIANCE_OFFICER);
        assertThat(backwards.statusCode()).isEqualTo(400);
        assertThat(json(backwards).get("detail").asString()).contains("must be before");

        assertThat(get("/api/audit/export?fromLeaf=5&toLeaf=2", TestUser.COMPLIANCE_OFFICER).statusCode()).isEqualTo(400);
        assertThat(get("/api/audit/entries?size=501", TestUser.COMPLIANCE_OFFICER).statusCode()).isEqualTo(400);
        assertThat(get("/api/audit/entries?afterLeaf=-2", TestUser.COMPLIANCE_OFFICER).statusCode()).isEqualTo(400);
    }

    private static AccessRecorded access(UUID caseId, String legalBasis) {
        return new AccessRecorded(ref(TestUser.POLICE_LIAISON), caseId, UUID.randomUUID(), UUID.randomUUID(),
                se.samverkan.contracts.Program.RAPID_INTERVENTION, TestUser.YOUTH_UNIT, AccessAction.READ, "read-referral",
                List.of("CASE_SUMMARY"), "referral", legalBasis, false, false, se.samverkan.contracts.ProtectedIdentity.NONE,
                AccessOutcome.ALLOWED, null, Instant.now());
    }
}
