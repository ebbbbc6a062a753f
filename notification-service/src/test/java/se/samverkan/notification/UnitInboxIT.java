package se.samverkan.notification;

import org.junit.jupiter.api.Test;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.CaseRef;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.DataCategory;
import se.samverkan.contracts.DeadlineKind;
import se.samverkan.contracts.LegalBasis;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.contracts.CaseOrigin;
import se.samverkan.contracts.cases.CaseOpened;
import se.samverkan.contracts.cases.CasePhaseChanged;
import se.samverkan.contracts.cases.ProtectionChanged;
import se.samverkan.contracts.cases.DeadlineMissed;
import se.samverkan.contracts.cases.PoliceReportReceived;
import se.samverkan.contracts.cases.ReferralSent;
import se.samverkan.platform.identity.Role;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class UnitInboxIT extends NotificationServiceIT {

    @Test
    void aReferralLandsInThePoliceUnitsQueueForItsMembersOnly() {
        Staff staff = newStaff();
        TestUser otherLiaison = person("police2", Role.POLICE_LIAISON, Agency.POLICE, staff.municipality(), staff.policeUnit());
        TestUser liaisonElsewhere = person("police3", Role.POLICE_LIAISON, Agency.POLICE, staff.municipality(), "polisen-annan-" + UUID.randomUUID());
        UUID caseId = UUID.randomUUID();
        UUID referralId = UUID.randomUUID();
        publish(new ReferralSent(staff.caseRef(caseId, ProtectedIdentity.NONE), staff.actor(staff.socialWorker()), Instant.now(),
                referralId, staff.policeUnit(), LegalBasis.CONSENT, UUID.randomUUID(), List.of(DataCategory.IDENTITY), null));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(unitInbox(staff.police(), "").path("items")).hasSize(1));
        for (TestUser member : List.of(staff.police(), otherLiaison)) {
            JsonNode queue = unitInbox(member, "");
            assertThat(queue.path("unit").asString()).isEqualTo(staff.policeUnit());
            assertThat(queue.path("open").asLong()).isEqualTo(1);
            JsonNode item = queue.path("items").get(0);
            assertThat(item.path("kind").asString()).isEqualTo("REFERRAL_RECEIVED");
            assertThat(item.path("referralId").asString()).isEqualTo(referralId.toString());
            assertThat(item.path("link").asString()).isEqualTo("/api/police/referrals/" + referralId);
            assertThat(item.path("caseId").isNull()).as("the police never learn the case id").isTrue();
            assertThat(item.path("message").asString()).doesNotContain(caseId.toString()).doesNotContain(staff.unit());
            assertThat(item.path("claimedBy").isNull()).isTrue();
        }
        assertThat(unitInbox(liaisonElsewhere, "").path("items")).as("another police unit").isEmpty();
        assertThat(unitInbox(staff.socialWorker(), "").path("items")).as("the referring social-services unit").isEmpty();
        String itemId = unitInbox(staff.police(), "").path("items").get(0).path("id").asString();
        assertThat(post("/api/inbox/unit/" + itemId + "/claim", liaisonElsewhere).statusCode()).isEqualTo(404);
        assertThat(post("/api/inbox/unit/" + itemId + "/claim", staff.socialWorker()).statusCode()).isEqualTo(404);
        assertThat(post("/api/inbox/" + itemId + "/read", staff.police()).statusCode())
                .as("a unit item is not a personal item").isEqualTo(404);
    }

    @Test
    void oneMemberClaimsAnItemAndTheRestOfTheUnitSeesItIsTaken() {
        Staff staff = newStaff();
        TestUser colleague = person("police2", Role.POLICE_LIAISON, Agency.POLICE, staff.municipality(), staff.policeUnit());
        UUID referralId = UUID.randomUUID();
        publish(new ReferralSent(staff.caseRef(UUID.randomUUID(), ProtectedIdentity.NONE), staff.actor(staff.socialWorker()), Instant.now(),
                referralId, staff.policeUnit(), LegalBasis.CONSENT, UUID.randomUUID(), List.of(DataCategory.IDENTITY), null));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(unitInbox(staff.police(), "?unclaimed=true").path("items")).hasSize(1));
        String itemId = unitInbox(staff.police(), "").path("items").get(0).path("id").asString();

        HttpResponse<String> claimed = post("/api/inbox/unit/" + itemId + "/claim", staff.police());
        assertThat(claimed.statusCode()).isEqualTo(200);
        assertThat(json(claimed.body()).path("claimedBy").asString()).isEqualTo(staff.police().id());
        assertThat(post("/api/inbox/unit/" + itemId + "/claim", staff.police()).statusCode()).as("claiming again is harmless").isEqualTo(200);

        HttpResponse<String> taken = post("/api/inbox/unit/" + itemId + "/claim", colleague);
        assertThat(taken.statusCode()).isEqualTo(409);
        assertThat(taken.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(json(taken.body()).path("detail").asString()).contains("already claimed");
        assertThat(post("/api/inbox/unit/" + itemId + "/release", colleague).statusCode()).as("not theirs to release").isEqualTo(403);

        JsonNode colleaguesView = unitInbox(colleague, "");
        assertThat(colleaguesView.path("open").asLong()).isZero();
        assertThat(colleaguesView.path("items").get(0).path("claimedBy").asString()).isEqualTo(staff.police().id());
        assertThat(unitInbox(colleague, "?unclaimed=true").path("items")).isEmpty();

        HttpResponse<String> released = post("/api/inbox/unit/" + itemId + "/release", staff.police());
        assertThat(released.statusCode()).isEqualTo(200);
        assertThat(json(released.body()).path("claimedBy").isNull()).isTrue();
        assertThat(unitInbox(colleague, "?unclaimed=true").path("items")).hasSize(1);
        assertThat(post("/api/inbox/unit/" + itemId + "/claim", colleague).statusCode()).isEqualTo(200);
    }

    @Test
    void aPoliceReportLandsInTheReceivingUnitsQueueAndASupervisorCanReleaseAClaim() {
        Staff staff = newStaff();
        Staff otherMunicipality = newStaff();
        UUID caseId = UUID.randomUUID();
        publish(new PoliceReportReceived(staff.caseRef(caseId, ProtectedIdentity.NONE), staff.actor(staff.police()), Instant.now(),
                UUID.randomUUID(), staff.policeUnit()));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(unitInbox(staff.socialWorker(), "").path("items")).hasSize(1));
        JsonNode item = unitInbox(staff.supervisor(), "").path("items").get(0);
        assertThat(item.path("kind").asString()).isEqualTo("POLICE_REPORT_RECEIVED");
        assertThat(item.path("caseId").asString()).isEqualTo(caseId.toString());
        assertThat(unitInbox(staff.police(), "").path("items")).as("sending a report gives the police nothing of the case").isEmpty();
        assertThat(unitInbox(otherMunicipality.socialWorker(), "").path("items")).isEmpty();

        String itemId = item.path("id").asString();
        assertThat(post("/api/inbox/unit/" + itemId + "/claim", staff.socialWorker()).statusCode()).isEqualTo(200);
        assertThat(post("/api/inbox/unit/" + itemId + "/release", staff.colleague()).statusCode()).isEqualTo(403);
        assertThat(post("/api/inbox/unit/" + itemId + "/release", staff.supervisor()).statusCode())
                .as("the supervisor frees an item whose claimer went off shift").isEqualTo(200);
        assertThat(unitInbox(staff.colleague(), "?unclaimed=true").path("items")).hasSize(1);
    }

    @Test
    void deadlinesOfAProtectedCaseStayWithTheTeamAndSupervisors() {
        Staff staff = newStaff();
        UUID openCase = UUID.randomUUID();
        UUID protectedCase = UUID.randomUUID();
        publish(new DeadlineMissed(staff.caseRef(protectedCase, ProtectedIdentity.SKYDDAD_FOLKBOKFORING), null, Instant.now(), UUID.randomUUID(),
                DeadlineKind.PRELIMINARY_ASSESSMENT, LocalDate.now().minusDays(1)));
        publish(new DeadlineMissed(staff.caseRef(openCase, ProtectedIdentity.NONE), null, Instant.now(), UUID.randomUUID(),
                DeadlineKind.PRELIMINARY_ASSESSMENT, LocalDate.now().minusDays(1)));

        // the personal items commit with the unit items, so once both are there the queue is final
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(inbox(staff.supervisor(), "").path("items")).hasSize(2));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(unitInbox(staff.colleague(), "").path("items")).hasSize(1));
        JsonNode item = unitInbox(staff.colleague(), "").path("items").get(0);
        assertThat(item.path("kind").asString()).isEqualTo("DEADLINE_MISSED");
        assertThat(item.path("caseId").asString()).isEqualTo(openCase.toString());
    }

    /**
     * The rule above must hold when the protection comes later: the deadline items the unit's queue already holds are no
     * longer shown to the unit (nor counted, claimed or pushed) from the case's next event, which carries the level;
     * the team and supervisors keep their personal items.
     */
    @Test
    void deadlineItemsLeaveTheUnitsQueueOnceTheCasesProtectionIsRaised() {
        deadlineItemsLeaveTheUnitsQueueOnceRaisedBy((staff, caseId) -> new CasePhaseChanged(
                staff.caseRef(caseId, ProtectedIdentity.SKYDDAD_FOLKBOKFORING), staff.actor(staff.socialWorker()),
                Instant.now(), "INTAKE", "PRELIMINARY_ASSESSMENT"));
    }

    /**
     * The same at once: case-service publishes the raise itself (protection-changed), and the case may have no other
     * event for weeks while its deadline items would go on showing the unit that the young person's case exists.
     */
    @Test
    void deadlineItemsLeaveTheUnitsQueueAsSoonAsTheRaiseItselfIsPublished() {
        deadlineItemsLeaveTheUnitsQueueOnceRaisedBy((staff, caseId) -> new ProtectionChanged(
                staff.caseRef(caseId, ProtectedIdentity.SKYDDAD_FOLKBOKFORING), staff.actor(staff.socialWorker()),
                Instant.now(), ProtectedIdentity.NONE));
    }

    private void deadlineItemsLeaveTheUnitsQueueOnceRaisedBy(
            java.util.function.BiFunction<Staff, UUID, se.samverkan.contracts.cases.CaseIntegrationEvent> raise) {
        Staff staff = newStaff();
        UUID caseId = UUID.randomUUID();
        UUID otherCase = UUID.randomUUID();
        publish(new CaseOpened(staff.caseRef(caseId, ProtectedIdentity.NONE), staff.actor(staff.socialWorker()), Instant.now(),
                CaseOrigin.SOCIAL_SERVICES, "INTAKE", List.of(staff.socialWorker().id())));
        publish(new DeadlineMissed(staff.caseRef(caseId, ProtectedIdentity.NONE), null, Instant.now(), UUID.randomUUID(),
                DeadlineKind.PRELIMINARY_ASSESSMENT, LocalDate.now().minusDays(1)));
        publish(new DeadlineMissed(staff.caseRef(otherCase, ProtectedIdentity.NONE), null, Instant.now(), UUID.randomUUID(),
                DeadlineKind.PRELIMINARY_ASSESSMENT, LocalDate.now().minusDays(1)));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(unitInbox(staff.colleague(), "").path("items")).hasSize(2));
        String itemId = unitInbox(staff.colleague(), "").path("items").valueStream()
                .filter(i -> i.path("caseId").asString().equals(caseId.toString())).findFirst().orElseThrow().path("id").asString();

        publish(raise.apply(staff, caseId));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(unitInbox(staff.colleague(), "").path("items").valueStream()
                .map(i -> i.path("caseId").asString())).containsExactly(otherCase.toString()));
        JsonNode queue = unitInbox(staff.supervisor(), "?unclaimed=true");
        assertThat(queue.path("totalItems").asLong()).isEqualTo(1);
        assertThat(queue.path("open").asLong()).as("nor counted").isEqualTo(1);
        assertThat(queue.toString()).doesNotContain(caseId.toString());
        assertThat(post("/api/inbox/unit/" + itemId + "/claim", staff.colleague()).statusCode()).isEqualTo(404);
        assertThat(inbox(staff.socialWorker(), "?caseId=" + caseId).path("items").valueStream().map(i -> i.path("kind").asString()))
                .as("the team keeps its own").contains("DEADLINE_MISSED");
    }

    @Test
    void aRedeliveredEventGivesTheUnitOneItem() {
        Staff staff = newStaff();
        CaseRef ref = staff.caseRef(UUID.randomUUID(), ProtectedIdentity.NONE);
        CloudEvent event = publish(new PoliceReportReceived(ref, staff.actor(staff.police()), Instant.now(), UUID.randomUUID(),
                staff.policeUnit()));
        publish(event);
        // same case, same key, same partition: once this one is in, the redelivery before it was handled
        publish(new DeadlineMissed(ref, null, Instant.now(), UUID.randomUUID(), DeadlineKind.PRELIMINARY_ASSESSMENT, LocalDate.now()));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(kinds(staff.socialWorker())).contains("DEADLINE_MISSED"));
        assertThat(kinds(staff.socialWorker())).containsExactly("DEADLINE_MISSED", "POLICE_REPORT_RECEIVED");
    }

    private List<String> kinds(TestUser user) {
        return unitInbox(user, "?size=100").path("items").valueStream().map(i -> i.path("kind").asString()).toList();
    }

    @Test
    void rolesWithoutAUnitQueueAreToldWhereToLookAndBadPagingIsAClientError() {
        Staff staff = newStaff();
        HttpResponse<String> compliance = get("/api/inbox/unit", staff.compliance());
        assertThat(compliance.statusCode()).isEqualTo(403);
        assertThat(json(compliance.body()).path("detail").asString()).contains("/api/inbox");
        assertThat(get("/api/inbox/unit", null).statusCode()).isEqualTo(401);
        HttpResponse<String> tooBig = get("/api/inbox/unit?size=1000", staff.socialWorker());
        assertThat(tooBig.statusCode()).isEqualTo(400);
        assertThat(json(tooBig.body()).path("detail").asString()).contains("between 1 and 100");
        assertThat(post("/api/inbox/unit/not-a-uuid/claim", staff.socialWorker()).statusCode()).isEqualTo(400);
        assertThat(post("/api/inbox/unit/" + UUID.randomUUID() + "/claim", staff.socialWorker()).statusCode()).isEqualTo(404);
    }

    private JsonNode unitInbox(TestUser user, String query) {
        HttpResponse<String> response = get("/api/inbox/unit" + query, user);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET /api/inbox/unit" + query + " gave " + response.statusCode() + ": " + response.body());
        }
        return json(response.body());
    }
}
