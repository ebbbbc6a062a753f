package se.samverkan.notification;

import org.junit.jupiter.api.Test;
import se.samverkan.contracts.AccessAction;
import se.samverkan.contracts.AccessOutcome;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.CaseOrigin;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.contracts.audit.ReviewItemRaised;
import se.samverkan.contracts.cases.CaseOpened;
import se.samverkan.contracts.cases.CaseTeamChanged;
import se.samverkan.platform.identity.Role;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Break-glass access (from samverkan.access.events) and review items (from samverkan.audit.events). */
class ComplianceIT extends NotificationServiceIT {

    @Test
    void breakGlassReachesTheCaseTeamAndTheMunicipalitysComplianceOfficers() {
        Staff staff = newStaff();
        UUID caseId = UUID.randomUUID();
        publish(new CaseOpened(staff.caseRef(caseId, ProtectedIdentity.SKYDDAD_FOLKBOKFORING), staff.actor(staff.socialWorker()),
                Instant.now(), CaseOrigin.SOCIAL_SERVICES, "INTAKE", List.of(staff.socialWorker().id())));
        TestUser outsider = staff.colleague();

        publish(new AccessRecorded(staff.actor(outsider), caseId, UUID.randomUUID(), null, Program.RAPID_INTERVENTION, staff.unit(),
                AccessAction.READ, "read-case", List.of("summary"), "acute risk", null, false, true,
                ProtectedIdentity.SKYDDAD_FOLKBOKFORING, AccessOutcome.ALLOWED, null, Instant.now()));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(kinds(staff.compliance(), caseId)).containsExactly("BREAK_GLASS_ACCESS"));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(kinds(staff.socialWorker(), caseId))
                .containsExactlyInAnyOrder("CASE_OPENED", "BREAK_GLASS_ACCESS"));
        JsonNode forCompliance = inbox(staff.compliance(), "?caseId=" + caseId).path("items").get(0);
        assertThat(forCompliance.path("link").asString()).isEqualTo("/api/audit/entries?caseId=" + caseId);
        assertThat(forCompliance.path("message").asString()).doesNotContain(staff.unit()).doesNotContain(staff.municipality());
        assertThat(kinds(outsider, caseId)).as("the one who broke the glass is not told about it").isEmpty();
    }

    @Test
    void ordinaryAccessIsNeitherNotifiedNorKeptInTheLedger() {
        Staff staff = newStaff();
        UUID caseId = UUID.randomUUID();
        CloudEvent ordinary = publish(new AccessRecorded(staff.actor(staff.socialWorker()), caseId, UUID.randomUUID(), null,
                Program.RAPID_INTERVENTION, staff.unit(), AccessAction.READ, "read-case", List.of("summary"), "case work", null,
                true, false, ProtectedIdentity.NONE, AccessOutcome.ALLOWED, null, Instant.now()));
        // the same key keeps both on one partition, so the break-glass one is processed after the ordinary one
        CloudEvent breakGlass = publish(new AccessRecorded(staff.actor(staff.colleague()), caseId, UUID.randomUUID(), null,
                Program.RAPID_INTERVENTION, staff.unit(), AccessAction.READ, "read-case", List.of("summary"), "acute risk", null,
                false, true, ProtectedIdentity.NONE, AccessOutcome.ALLOWED, null, Instant.now()));

        await().atMost(PATIENCE).until(() -> ledgered(breakGlass));
        assertThat(ledgered(ordinary)).isFalse();
        assertThat(kinds(staff.compliance(), caseId)).containsExactly("BREAK_GLASS_ACCESS");
    }

    private boolean ledgered(CloudEvent event) {
        return jdbc.sql("SELECT count(*) FROM processed_events WHERE event_id = ?").param(event.eventId()).query(Long.class).single() == 1;
    }

    @Test
    void reviewItemsReachTheComplianceOfficersOfTheirMunicipalityOnly() {
        Staff staff = newStaff();
        Staff elsewhere = newStaff();
        UUID caseId = UUID.randomUUID();
        UUID itemId = UUID.randomUUID();

        publish(new ReviewItemRaised(itemId, "ACCESS_OUTSIDE_TEAM", caseId, staff.unit(), staff.municipality(),
                staff.colleague().id(), UUID.randomUUID().toString(), Instant.now()));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(kinds(staff.compliance(), caseId)).containsExactly("REVIEW_ITEM_RAISED"));
        assertThat(inbox(staff.compliance(), "?caseId=" + caseId).path("items").get(0).path("link").asString())
                .isEqualTo("/api/audit/review-items/" + itemId);
        assertThat(inbox(elsewhere.compliance(), "").path("items")).isEmpty();
    }

    /**
     * The one who opened a case is its first member, not its owner for ever: once the team no longer has her (taken off
     * for a conflict of interest, say), a break-glass access to the case is news for the team, not for her.
     */
    @Test
    void breakGlassIsNotToldToTheOneWhoOpenedTheCaseOnceSheIsOffItsTeam() {
        Staff staff = newStaff();
        UUID caseId = UUID.randomUUID();
        TestUser opener = staff.socialWorker();
        publish(new CaseOpened(staff.caseRef(caseId, ProtectedIdentity.NONE), staff.actor(opener), Instant.now(),
                CaseOrigin.SOCIAL_SERVICES, "INTAKE", List.of(opener.id(), staff.colleague().id())));
        publish(new CaseTeamChanged(staff.caseRef(caseId, ProtectedIdentity.NONE), staff.actor(staff.supervisor()), Instant.now(),
                List.of(staff.colleague().id())));
        await().atMost(PATIENCE).until(() -> jdbc.sql("SELECT cardinality(team) FROM case_routes WHERE case_id = ?").param(caseId)
                .query(Integer.class).optional().orElse(0) == 1);

        publish(new AccessRecorded(staff.actor(staff.supervisor()), caseId, UUID.randomUUID(), null, Program.RAPID_INTERVENTION,
                staff.unit(), AccessAction.READ, "read-case", List.of("summary"), "acute risk", null, false, true,
                ProtectedIdentity.NONE, AccessOutcome.ALLOWED, null, Instant.now()));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(kinds(staff.colleague(), caseId))
                .containsExactlyInAnyOrder("CASE_OPENED", "BREAK_GLASS_ACCESS"));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(kinds(staff.compliance(), caseId)).containsExactly("BREAK_GLASS_ACCESS"));
        assertThat(kinds(opener, caseId)).as("off the team: no news of the case").containsExactly("CASE_OPENED");
    }

    /**
     * A review item about a compliance officer's own access (unusual volume, hours, access outside a team) is for her
     * colleagues: telling her would warn the one being reviewed, in her inbox, on her stream and in her mailbox, as
     * the one who broke the glass is not told of that either. Her colleagues are told as before.
     */
    @Test
    void aReviewItemAboutAComplianceOfficersOwnAccessIsNotToldToHer() {
        Staff staff = newStaff();
        TestUser reviewed = staff.compliance();
        TestUser colleague = person("compliance2", Role.COMPLIANCE_OFFICER, Agency.MUNICIPALITY, staff.municipality(),
                reviewed.unit());
        UUID caseId = UUID.randomUUID();
        UUID itemId = UUID.randomUUID();

        publish(new ReviewItemRaised(itemId, "UNUSUAL_VOLUME", caseId, staff.unit(), staff.municipality(), reviewed.id(),
                UUID.randomUUID().toString(), Instant.now()));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(kinds(colleague, caseId)).containsExactly("REVIEW_ITEM_RAISED"));
        assertThat(kinds(reviewed, caseId)).as("the reviewed officer is not warned").isEmpty();
        assertThat(jdbc.sql("SELECT count(*) FROM notifications WHERE recipient_user_id = ?").param(reviewed.id())
                .query(Long.class).single()).isZero();
    }

    private List<String> kinds(TestUser user, UUID caseId) {
        return inbox(user, "?caseId=" + caseId).path("items").valueStream().map(i -> i.path("kind").asString()).toList();
    }
}
