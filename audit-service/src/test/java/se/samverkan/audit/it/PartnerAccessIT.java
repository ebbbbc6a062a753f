package se.samverkan.audit.it;

import org.junit.jupiter.api.Test;
import se.samverkan.contracts.AccessAction;
import se.samverkan.contracts.AccessOutcome;
import se.samverkan.contracts.ActorRef;
import se.samverkan.contracts.CaseRef;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.DataCategory;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.contracts.cases.CaseShareEnded;
import se.samverkan.contracts.cases.CaseShared;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14: a partner municipality's reads of a shared exit case raise review items for the owning municipality's
 * compliance officers (and for the partner's own, about its own staff), never the other way round; the share, its
 * end and every access by the partner are in the owner's disclosure report.
 */
class PartnerAccessIT extends AuditServiceITBase {

    private static final TestUser HANNA = TestUser.COMPLIANCE_OFFICER_BOTKYRKA;

    @Test
    void aPartnersReadIsReviewedByTheOwnerAndByThePartnerForItsOwnStaffAndIsADisclosureOfTheOwner() {
        UUID caseId = UUID.randomUUID();
        UUID subjectId = UUID.randomUUID();
        CaseRef exitCase = new CaseRef(caseId, Program.EXIT_PROGRAM, TestUser.HANINGE, TestUser.EXIT_UNIT, subjectId, ProtectedIdentity.NONE);
        UUID shareId = UUID.randomUUID();
        CloudEvent shared = send(new CaseShared(exitCase, ref(TestUser.SOCIAL_WORKER_OTHER_UNIT), Instant.now(), TestUser.BOTKYRKA,
                shareId, "botkyrka-avhopp", "PLACEMENT_MUNICIPALITY", List.of(DataCategory.IDENTITY), UUID.randomUUID(),
                List.of(TestUser.EXIT_COORDINATOR.id()), LocalDate.now().plusDays(30)));
        CloudEvent read = send(read(ref(TestUser.EXIT_COORDINATOR), caseId, subjectId));
        CloudEvent ownRead = send(read(ref(TestUser.SOCIAL_WORKER_OTHER_UNIT), caseId, subjectId));
        CloudEvent ended = send(new CaseShareEnded(exitCase, ref(TestUser.SOCIAL_WORKER_OTHER_UNIT), Instant.now(), shareId,
                TestUser.BOTKYRKA, "botkyrka-avhopp", "CONSENT_WITHDRAWN", LocalDate.now(), List.of(TestUser.EXIT_COORDINATOR.id())));
        await().atMost(Duration.ofSeconds(20)).until(() -> List.of(shared, read, ownRead, ended).stream()
                .allMatch(e -> entriesWithEventId(e.id()) == 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> rulesOf(read).containsAll(List.of("PARTNER_ACCESS", "PARTNER_STAFF_ACCESS")));
        assertThat(rulesOf(ownRead)).as("the owner's own staff is no partner").doesNotContain("PARTNER_ACCESS", "PARTNER_STAFF_ACCESS");
        assertThat(municipalityOf(read, "PARTNER_ACCESS")).isEqualTo(TestUser.HANINGE);
        assertThat(municipalityOf(read, "PARTNER_STAFF_ACCESS")).isEqualTo(TestUser.BOTKYRKA);

        assertThat(rules(TestUser.COMPLIANCE_OFFICER, caseId)).contains("PARTNER_ACCESS").doesNotContain("PARTNER_STAFF_ACCESS");
        assertThat(rules(HANNA, caseId)).contains("PARTNER_STAFF_ACCESS").doesNotContain("PARTNER_ACCESS");

        JsonNode report = json(get("/api/audit/subjects/" + subjectId + "/disclosures", TestUser.COMPLIANCE_OFFICER)).get("disclosures");
        List<String> kinds = new ArrayList<>();
        report.valueStream().forEach(d -> kinds.add(d.get("kind").asString()));
        assertThat(kinds).containsExactly("SHARED_WITH_PARTNER", "ACCESS_BY_PARTNER", "PARTNER_SHARE_ENDED_CONSENT_WITHDRAWN");
        assertThat(report.get(0).get("recipientUnit").asString()).isEqualTo("botkyrka-avhopp");
        assertThat(report.get(0).get("legalBasis").asString()).isEqualTo("CONSENT");
        assertThat(report.get(1).get("recipientUserId").asString()).isEqualTo(TestUser.EXIT_COORDINATOR.id());
    }

    @Test
    void aShareOnADocumentedProvisionIsDisclosedUnderThatProvision() {
        UUID caseId = UUID.randomUUID();
        UUID subjectId = UUID.randomUUID();
        CaseRef exitCase = new CaseRef(caseId, Program.EXIT_PROGRAM, TestUser.HANINGE, TestUser.EXIT_UNIT, subjectId, ProtectedIdentity.NONE);
        CloudEvent shared = send(new CaseShared(exitCase, ref(TestUser.SUPERVISOR), Instant.now(), TestUser.BOTKYRKA,
                UUID.randomUUID(), "botkyrka-avhopp", "PLACEMENT_MUNICIPALITY", List.of(DataCategory.IDENTITY), null,
                List.of(TestUser.EXIT_COORDINATOR.id()), LocalDate.now().plusDays(30), "OSL_10_2",
                TestUser.SOCIAL_WORKER_OTHER_UNIT.id()));
        await().atMost(Duration.ofSeconds(20)).until(() -> entriesWithEventId(shared.id()) == 1);
        JsonNode report = json(get("/api/audit/subjects/" + subjectId + "/disclosures", TestUser.COMPLIANCE_OFFICER)).get("disclosures");
        assertThat(report.get(0).get("kind").asString()).isEqualTo("SHARED_WITH_PARTNER");
        assertThat(report.get(0).get("legalBasis").asString()).isEqualTo("OSL_10_2");
    }

    private List<String> rules(TestUser officer, UUID caseId) {
        List<String> rules = new ArrayList<>();
        json(get("/api/audit/review-items?status=ALL&caseId=" + caseId, officer)).get("items").valueStream()
                .forEach(i -> rules.add(i.get("rule").asString()));
        return rules;
    }

    private List<String> rulesOf(CloudEvent event) {
        return jdbc.queryForList("SELECT rule FROM review_item_occurrences WHERE source_event_id = ?::uuid", String.class, event.id());
    }

    private String municipalityOf(CloudEvent event, String rule) {
        return jdbc.queryForObject("""
                SELECT r.municipality FROM review_items r JOIN review_item_occurrences o ON o.review_item_id = r.id
                WHERE o.source_event_id = ?::uuid AND o.rule = ?""", String.class, event.id(), rule);
    }

    private static AccessRecorded read(ActorRef actor, UUID caseId, UUID subjectId) {
        return new AccessRecorded(actor, caseId, subjectId, null, Program.EXIT_PROGRAM, TestUser.EXIT_UNIT, AccessAction.READ,
                "READ_CASE", List.of("IDENTITY", "METADATA", "PARTNER_SECTION"), "READ_CASE", "partner-share", false, false,
                ProtectedIdentity.NONE, AccessOutcome.ALLOWED, null, Instant.now(), TestUser.HANINGE);
    }
}
