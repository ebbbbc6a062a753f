package se.samverkan.notification;

import org.junit.jupiter.api.Test;
import se.samverkan.contracts.AccessAction;
import se.samverkan.contracts.AccessOutcome;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.DeadlineKind;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.contracts.cases.CommitmentReportedDone;
import se.samverkan.contracts.cases.DeadlineMissed;
import se.samverkan.notification.directory.DirectoryUser;
import se.samverkan.platform.identity.Role;
import se.samverkan.contracts.CaseOrigin;
import se.samverkan.contracts.CaseRef;
import se.samverkan.contracts.DataCategory;
import se.samverkan.contracts.LegalBasis;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.contracts.RevocationReason;
import se.samverkan.contracts.cases.CaseOpened;
import se.samverkan.contracts.cases.ConsentWithdrawn;
import se.samverkan.contracts.cases.ReferralRevoked;
import se.samverkan.contracts.cases.ReferralSent;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class InboxIT extends NotificationServiceIT {

    @Test
    void anOpenedCaseLandsInEveryTeamMembersInboxAndNowhereElse() {
        Staff staff = newStaff();
        UUID caseId = UUID.randomUUID();

        publish(new CaseOpened(staff.caseRef(caseId, ProtectedIdentity.NONE), staff.actor(staff.socialWorker()), Instant.now(),
                CaseOrigin.SOCIAL_SERVICES, "INTAKE", List.of(staff.socialWorker().id(), staff.colleague().id())));

        for (TestUser member : List.of(staff.socialWorker(), staff.colleague())) {
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(inbox(member, "?caseId=" + caseId).path("items")).hasSize(1));
            JsonNode item = inbox(member, "?caseId=" + caseId).path("items").get(0);
            assertThat(item.path("kind").asString()).isEqualTo("CASE_OPENED");
            assertThat(item.path("caseId").asString()).isEqualTo(caseId.toString());
            assertThat(item.path("link").asString()).isEqualTo("/api/cases/" + caseId);
            assertThat(item.path("read").asBoolean()).isFalse();
            assertThat(item.path("message").asString()).contains(caseId.toString());
        }
        assertThat(inbox(staff.supervisor(), "").path("items")).isEmpty();
        assertThat(inbox(staff.police(), "").path("items")).isEmpty();
    }

    /** The walk-through: the police liaison gets the referral notice, the team and the police get the withdrawal. */
    @Test
    void referralReachesThePoliceAndAConsentWithdrawalReachesTeamAndPolice() {
        Staff staff = newStaff();
        UUID caseId = UUID.randomUUID();
        CaseRef ref = staff.caseRef(caseId, ProtectedIdentity.NONE);
        UUID consentId = UUID.randomUUID();
        UUID referralId = UUID.randomUUID();
        publish(new CaseOpened(ref, staff.actor(staff.socialWorker()), Instant.now(), CaseOrigin.SOCIAL_SERVICES, "INTAKE",
                List.of(staff.socialWorker().id())));
        publish(new ReferralSent(ref, staff.actor(staff.socialWorker()), Instant.now(), referralId, staff.policeUnit(),
                LegalBasis.CONSENT, consentId, List.of(DataCategory.IDENTITY, DataCategory.CASE_SUMMARY), null));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(inbox(staff.police(), "").path("items")).hasSize(1));
        JsonNode referral = inbox(staff.police(), "").path("items").get(0);
        assertThat(referral.path("kind").asString()).isEqualTo("REFERRAL_RECEIVED");
        assertThat(referral.path("referralId").asString()).isEqualTo(referralId.toString());
        assertThat(referral.path("link").asString()).isEqualTo("/api/police/referrals/" + referralId);
        assertThat(referral.path("caseId").isNull() || referral.path("caseId").isMissingNode()).as("the police never learn the case id").isTrue();

        publish(new ConsentWithdrawn(ref, staff.actor(staff.socialWorker()), Instant.now(), consentId, LocalDate.now(), List.of(referralId)));
        publish(new ReferralRevoked(ref, null, Instant.now(), referralId, staff.policeUnit(), RevocationReason.CONSENT_WITHDRAWN));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(kinds(staff.socialWorker(), caseId)).contains("CONSENT_WITHDRAWN"));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(inbox(staff.police(), "").path("items").valueStream()
                .map(i -> i.path("kind").asString())).containsExactly("CONSENT_WITHDRAWN", "REFERRAL_RECEIVED"));
        JsonNode withdrawal = inbox(staff.police(), "?unread=true").path("items").get(0);
        assertThat(withdrawal.path("message").asString()).contains(referralId.toString()).contains("revoked");
    }

    /**
     * The case team in this service's projection is what case-service last published; the directory says who still
     * works where. A member an administrator suspended, one who left (disabled in Keycloak) and one who moved to
     * another unit (possibly another municipality) keep their old items but hear nothing new of the case: not its
     * deadlines, not a break-glass access to it (the one who opened it, its "owner", included), not a new report.
     */
    @Test
    void aTeamMemberWhoIsSuspendedLeftOrMovedToAnotherUnitHearsNothingNewOfTheCase() {
        Staff staff = newStaff();
        TestUser stays = staff.socialWorker();
        TestUser suspended = staff.colleague();
        TestUser left = person("left", Role.SOCIAL_WORKER, Agency.SOCIAL_SERVICES, staff.municipality(), staff.unit());
        TestUser moved = person("moved", Role.SOCIAL_WORKER, Agency.SOCIAL_SERVICES, staff.municipality(), staff.unit());
        List<TestUser> gone = List.of(suspended, left, moved);
        UUID caseId = UUID.randomUUID();
        CaseRef ref = staff.caseRef(caseId, ProtectedIdentity.NONE);
        // the mover opened the case: the projection takes her for its owner
        publish(new CaseOpened(ref, staff.actor(moved), Instant.now(), CaseOrigin.SOCIAL_SERVICES, "INTAKE",
                List.of(moved.id(), stays.id(), suspended.id(), left.id())));
        for (TestUser member : List.of(stays, suspended, left, moved)) {
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(kinds(member, caseId)).containsExactly("CASE_OPENED"));
        }

        directory.suspend(suspended.id(), TestUser.ADMINISTRATOR.id());
        directory.upsert(new DirectoryUser(left.id(), left.username(), left.email(), left.agency(), left.municipality(),
                left.unit(), List.of("social-worker"), false));
        directory.upsert(new DirectoryUser(moved.id(), moved.username(), moved.email(), Agency.SOCIAL_SERVICES, "0127",
                "botkyrka-ungdom", List.of("social-worker"), true));

        publish(new DeadlineMissed(ref, null, Instant.now(), UUID.randomUUID(), DeadlineKind.PRELIMINARY_ASSESSMENT,
                LocalDate.now().minusDays(1)));
        publish(new AccessRecorded(staff.actor(staff.supervisor()), caseId, UUID.randomUUID(), null, Program.RAPID_INTERVENTION,
                staff.unit(), AccessAction.READ, "read-case", List.of("summary"), "acute risk", null, false, true,
                ProtectedIdentity.NONE, AccessOutcome.ALLOWED, null, Instant.now()));
        publish(new CommitmentReportedDone(ref, null, Instant.now(), UUID.randomUUID(), LocalDate.now()));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(kinds(stays, caseId))
                .containsExactlyInAnyOrder("CASE_OPENED", "DEADLINE_MISSED", "BREAK_GLASS_ACCESS", "COMMITMENT_REPORTED_DONE"));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(kinds(staff.compliance(), caseId)).containsExactly("BREAK_GLASS_ACCESS"));
        for (TestUser member : gone) {
            // read in the database: the suspended one may no longer read her inbox at all (SuspensionIT)
            assertThat(jdbc.sql("SELECT kind FROM notifications WHERE case_id = ? AND recipient_user_id = ?")
                    .params(caseId, member.id()).query(String.class).list())
                    .as(member.username() + " hears nothing new of the case").containsExactly("CASE_OPENED");
        }
        assertThat(jdbc.sql("SELECT count(*) FROM notifications WHERE case_id = ? AND recipient_user_id IN (?, ?, ?)")
                .params(caseId, suspended.id(), left.id(), moved.id()).query(Long.class).single()).isEqualTo(3);
    }

    @Test
    void unreadFilterPagingAndMarkingRead() {
        Staff staff = newStaff();
        List<UUID> cases = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        cases.forEach(caseId -> publish(new CaseOpened(staff.caseRef(caseId, ProtectedIdentity.NONE), staff.actor(staff.socialWorker()),
                Instant.now(), CaseOrigin.SOCIAL_SERVICES, "INTAKE", List.of(staff.socialWorker().id()))));
        TestUser me = staff.socialWorker();
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(inbox(me, "").path("totalItems").asLong()).isEqualTo(3));

        JsonNode firstPage = inbox(me, "?size=2&page=0");
        JsonNode secondPage = inbox(me, "?size=2&page=1");
        assertThat(firstPage.path("items")).hasSize(2);
        assertThat(secondPage.path("items")).hasSize(1);
        assertThat(firstPage.path("unread").asLong()).isEqualTo(3);

        String oneId = firstPage.path("items").get(0).path("id").asString();
        assertThat(post("/api/inbox/" + oneId + "/read", me).statusCode()).isEqualTo(204);
        assertThat(post("/api/inbox/" + oneId + "/read", me).statusCode()).as("marking twice is harmless").isEqualTo(204);
        JsonNode unread = inbox(me, "?unread=true");
        assertThat(unread.path("totalItems").asLong()).isEqualTo(2);
        assertThat(unread.path("items").valueStream().map(i -> i.path("id").asString())).doesNotContain(oneId);

        HttpResponse<String> readAll = post("/api/inbox/read-all", me);
        assertThat(readAll.statusCode()).isEqualTo(200);
        assertThat(json(readAll.body()).path("markedRead").asInt()).isEqualTo(2);
        assertThat(inbox(me, "?unread=true").path("items")).isEmpty();
        assertThat(inbox(me, "").path("items").valueStream().allMatch(i -> i.path("read").asBoolean())).isTrue();
    }

    @Test
    void oneUserCannotReadOrChangeAnothersInbox() {
        Staff staff = newStaff();
        UUID caseId = UUID.randomUUID();
        publish(new CaseOpened(staff.caseRef(caseId, ProtectedIdentity.NONE), staff.actor(staff.socialWorker()), Instant.now(),
                CaseOrigin.SOCIAL_SERVICES, "INTAKE", List.of(staff.socialWorker().id())));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(inbox(staff.socialWorker(), "").path("items")).hasSize(1));
        String annasItem = inbox(staff.socialWorker(), "").path("items").get(0).path("id").asString();

        assertThat(get("/api/inbox", null).statusCode()).isEqualTo(401);
        assertThat(post("/api/inbox/" + annasItem + "/read", null).statusCode()).isEqualTo(401);
        HttpResponse<String> foreign = post("/api/inbox/" + annasItem + "/read", staff.police());
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(json(post("/api/inbox/read-all", staff.colleague()).body()).path("markedRead").asInt()).isZero();
        assertThat(inbox(staff.colleague(), "?caseId=" + caseId).path("items")).isEmpty();
        assertThat(inbox(staff.socialWorker(), "").path("items").get(0).path("read").asBoolean())
                .as("nobody else could mark it read").isFalse();
    }

    @Test
    void badPagingIsAClientErrorThatSaysWhatToFix() {
        HttpResponse<String> tooBig = get("/api/inbox?size=1000", TestUser.SOCIAL_WORKER);
        assertThat(tooBig.statusCode()).isEqualTo(400);
        assertThat(json(tooBig.body()).path("detail").asString()).contains("between 1 and 100");
        assertThat(get("/api/inbox?caseId=not-a-uuid", TestUser.SOCIAL_WORKER).statusCode()).isEqualTo(400);
        assertThat(post("/api/inbox/not-a-uuid/read", TestUser.SOCIAL_WORKER).statusCode()).isEqualTo(400);
    }

    private List<String> kinds(TestUser user, UUID caseId) {
        return inbox(user, "?caseId=" + caseId).path("items").valueStream().map(i -> i.path("kind").asString()).toList();
    }
}
