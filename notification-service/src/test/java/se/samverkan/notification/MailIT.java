package se.samverkan.notification;

import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import se.samverkan.contracts.CaseOrigin;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.DeadlineKind;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.cases.CaseDataCleared;
import se.samverkan.contracts.cases.CaseOpened;
import se.samverkan.contracts.cases.CasePhaseChanged;
import se.samverkan.contracts.cases.CaseTeamChanged;
import se.samverkan.platform.identity.Role;
import se.samverkan.contracts.cases.DeadlineApproaching;
import se.samverkan.contracts.cases.ProtectionChanged;
import se.samverkan.contracts.cases.ProtectionLoweringRequested;
import se.samverkan.notification.directory.DirectoryUser;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class MailIT extends NotificationServiceIT {

    @Test
    void aMailArrivesOnceAndSaysNothingAboutThePerson() throws Exception {
        Staff staff = newStaff();
        UUID caseId = UUID.randomUUID();

        publish(opened(staff, caseId, staff.socialWorker()));

        await().atMost(PATIENCE).until(() -> mailsTo(staff.socialWorker().email(), caseId.toString()).size() == 1);
        MimeMessage mail = mailsTo(staff.socialWorker().email(), caseId.toString()).getFirst();
        assertThat(mail.getSubject()).isEqualTo("Samverkan: A case was opened");
        assertThat(GreenMailUtil.getBody(mail)).contains("/api/cases/" + caseId).doesNotContainPattern("\\d{8}-\\d{4}");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(item(staff.socialWorker(), caseId).path("mail").path("status").asString())
                .isEqualTo("SENT"));
        assertThat(item(staff.socialWorker(), caseId).path("mail").path("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void aRedeliveredEventMakesNoSecondNotificationOrMail() {
        Staff staff = newStaff();
        UUID caseId = UUID.randomUUID();
        CloudEvent event = publish(opened(staff, caseId, staff.socialWorker()));
        await().atMost(PATIENCE).until(() -> mailsTo(staff.socialWorker().email(), caseId.toString()).size() == 1);

        publish(event);
        // same key, so same partition: once the marker is processed, the repeat before it was too
        UUID marker = UUID.randomUUID();
        publish(new DeadlineApproaching(staff.caseRef(caseId, ProtectedIdentity.NONE), null, Instant.now(), marker,
                DeadlineKind.PRELIMINARY_ASSESSMENT, LocalDate.now().plusDays(2)));
        await().atMost(PATIENCE).until(() -> inbox(staff.socialWorker(), "?caseId=" + caseId).path("totalItems").asLong() == 2);
        await().atMost(PATIENCE).until(() -> mailsTo(staff.socialWorker().email(), caseId.toString()).size() == 2);

        List<String> kinds = inbox(staff.socialWorker(), "?caseId=" + caseId).path("items").valueStream()
                .map(i -> i.path("kind").asString()).toList();
        assertThat(kinds).containsExactlyInAnyOrder("CASE_OPENED", "DEADLINE_APPROACHING");
        assertThat(mailsTo(staff.socialWorker().email(), caseId.toString()))
                .extracting(this::subject).containsExactlyInAnyOrder("Samverkan: A case was opened", "Samverkan: A deadline is approaching");
    }

    @Test
    void mailsWaitOutAnSmtpOutageAndAreDeliveredOnceAfterIt() {
        Staff staff = newStaff();
        UUID caseId = UUID.randomUUID();
        stopSmtp();
        try {
            publish(opened(staff, caseId, staff.socialWorker()));

            await().atMost(PATIENCE).untilAsserted(() -> {
                JsonNode mail = item(staff.socialWorker(), caseId).path("mail");
                assertThat(mail.path("status").asString()).isEqualTo("PENDING");
                assertThat(mail.path("attempts").asInt()).isGreaterThanOrEqualTo(2);
            });
            String lastError = jdbc.sql("SELECT last_error FROM mail_deliveries d JOIN notifications n ON n.id = d.notification_id "
                    + "WHERE n.case_id = ?").param(caseId).query(String.class).single();
            assertThat(lastError).startsWith("Mail");
        } finally {
            restartSmtp();
        }

        await().atMost(PATIENCE).until(() -> mailsTo(staff.socialWorker().email(), caseId.toString()).size() == 1);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(item(staff.socialWorker(), caseId).path("mail").path("status").asString())
                .isEqualTo("SENT"));
        assertThat(mailsTo(staff.socialWorker().email(), caseId.toString())).hasSize(1);
    }

    @Test
    void anAddressThatCanNeverWorkIsMarkedFailedAtOnce() {
        Staff staff = newStaff();
        TestUser broken = staff.colleague();
        directory.upsert(new DirectoryUser(broken.id(), broken.username(), "not an address", broken.agency(), broken.municipality(),
                broken.unit(), List.of("social-worker"), true));
        UUID caseId = UUID.randomUUID();

        publish(opened(staff, caseId, broken));

        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode mail = item(broken, caseId).path("mail");
            assertThat(mail.path("status").asString()).isEqualTo("FAILED");
            assertThat(mail.path("attempts").asInt()).isEqualTo(1);
        });
    }

    @Test
    void anAdministratorSeesFailedMailWithoutItsContentAndSendsItAgainOnceTheCauseIsFixed() {
        Staff staff = newStaff();
        TestUser broken = staff.colleague();
        directory.upsert(new DirectoryUser(broken.id(), broken.username(), "not an address", broken.agency(), broken.municipality(),
                broken.unit(), List.of("social-worker"), true));
        UUID caseId = UUID.randomUUID();
        publish(opened(staff, caseId, broken));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(item(broken, caseId).path("mail").path("status").asString())
                .isEqualTo("FAILED"));
        String notificationId = item(broken, caseId).path("id").asString();
        TestUser admin = administratorOf(staff);

        assertThat(get("/api/mail/deliveries", broken).statusCode()).as("administrators only").isEqualTo(403);
        HttpResponse<String> listed = get("/api/mail/deliveries?status=FAILED&limit=1000", admin);
        assertThat(listed.statusCode()).isEqualTo(200);
        JsonNode failed = json(listed.body()).valueStream()
                .filter(d -> d.path("notificationId").asString().equals(notificationId)).findFirst().orElseThrow();
        assertThat(failed.path("kind").asString()).isEqualTo("CASE_OPENED");
        assertThat(failed.path("lastError").asString()).doesNotContain("not an address");
        assertThat(listed.body()).doesNotContain(caseId.toString()).doesNotContain("not an address");

        directory.upsert(new DirectoryUser(broken.id(), broken.username(), broken.email(), broken.agency(), broken.municipality(),
                broken.unit(), List.of("social-worker"), true));
        String deliveryId = failed.path("id").asString();
        assertThat(post("/api/mail/deliveries/" + deliveryId + "/retry", admin).statusCode()).isEqualTo(200);

        await().atMost(PATIENCE).until(() -> mailsTo(broken.email(), caseId.toString()).size() == 1);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(item(broken, caseId).path("mail").path("status").asString())
                .isEqualTo("SENT"));
        HttpResponse<String> again = post("/api/mail/deliveries/" + deliveryId + "/retry", admin);
        assertThat(again.statusCode()).as("a sent mail is not sent twice").isEqualTo(409);
        assertThat(json(again.body()).path("detail").asString()).contains("SENT");
        assertThat(post("/api/mail/deliveries/" + UUID.randomUUID() + "/retry", admin).statusCode()).isEqualTo(404);
        assertThat(get("/api/mail/deliveries?status=SENT", admin).statusCode()).isEqualTo(400);
    }

    /**
     * Like the directory (DirectoryIT), the mail operations are the administrator's own municipality's: another
     * municipality's failed deliveries say whom it notifies of what and when (a break-glass access, a review item, a
     * request to lower a protection level), and are not hers to list or to send again.
     */
    @Test
    void anAdministratorSeesAndSendsAgainOnlyHerOwnMunicipalitysMail() {
        Staff staff = newStaff();
        TestUser broken = staff.colleague();
        directory.upsert(new DirectoryUser(broken.id(), broken.username(), "not an address", broken.agency(), broken.municipality(),
                broken.unit(), List.of("social-worker"), true));
        UUID caseId = UUID.randomUUID();
        publish(opened(staff, caseId, broken));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(item(broken, caseId).path("mail").path("status").asString())
                .isEqualTo("FAILED"));
        String notificationId = item(broken, caseId).path("id").asString();
        String deliveryId = jdbc.sql("SELECT id::text FROM mail_deliveries WHERE notification_id = ?::uuid").param(notificationId)
                .query(String.class).single();
        TestUser elsewhere = TestUser.ADMINISTRATOR;

        for (String status : List.of("FAILED", "CANCELLED")) {
            HttpResponse<String> listed = get("/api/mail/deliveries?status=" + status + "&limit=1000", elsewhere);
            assertThat(listed.statusCode()).isEqualTo(200);
            assertThat(listed.body()).doesNotContain(notificationId).doesNotContain(deliveryId).doesNotContain(broken.id());
        }
        HttpResponse<String> retried = post("/api/mail/deliveries/" + deliveryId + "/retry", elsewhere);
        assertThat(retried.statusCode()).as("as if there were no such delivery").isEqualTo(404);
        assertThat(retried.body()).doesNotContain("FAILED");
        assertThat(post("/api/mail/deliveries/retry-failed", elsewhere).statusCode()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT status FROM mail_deliveries WHERE id = ?::uuid").param(deliveryId).query(String.class).single())
                .as("nor sent again with all of hers").isEqualTo("FAILED");

        HttpResponse<String> own = get("/api/mail/deliveries?status=FAILED&limit=1000", administratorOf(staff));
        assertThat(own.body()).contains(notificationId);
    }

    /**
     * What the mail itself does not say, the operators' view does not say either: a nudge-only kind (a request to lower
     * a protection level, a reporter's news) or any mail of a protected case is listed without its kind. The kind beside
     * the recipient (whose unit the administrator reads in the directory) told her that a young person of that unit has
     * a protected identity, and an administrator may see nothing of cases.
     */
    @Test
    void theOperatorsViewDoesNotNameTheKindOfAMailThatIsOnlyANudge() {
        Staff staff = newStaff();
        TestUser supervisor = staff.supervisor();
        TestUser worker = staff.colleague();
        for (TestUser broken : List.of(supervisor, worker)) {
            directory.upsert(new DirectoryUser(broken.id(), broken.username(), "not an address", broken.agency(), broken.municipality(),
                    broken.unit(), List.of(broken.roles().iterator().next().realmRoleName()), true));
        }
        UUID lowered = UUID.randomUUID();
        UUID protectedCase = UUID.randomUUID();
        publish(new ProtectionLoweringRequested(staff.caseRef(lowered, ProtectedIdentity.SKYDDAD_FOLKBOKFORING),
                staff.actor(staff.socialWorker()), Instant.now(), ProtectedIdentity.NONE, Instant.now().plusSeconds(86_400)));
        publish(new CaseOpened(staff.caseRef(protectedCase, ProtectedIdentity.SEKRETESSMARKERING), staff.actor(worker), Instant.now(),
                CaseOrigin.SOCIAL_SERVICES, "INTAKE", List.of(worker.id())));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(jdbc.sql("""
                        SELECT count(*) FROM mail_deliveries d JOIN notifications n ON n.id = d.notification_id
                        WHERE n.case_id IN (?, ?) AND d.status = 'FAILED'""").params(lowered, protectedCase)
                .query(Long.class).single()).isEqualTo(2));

        HttpResponse<String> listed = get("/api/mail/deliveries?status=FAILED&limit=1000", administratorOf(staff));
        List<JsonNode> mine = json(listed.body()).valueStream()
                .filter(d -> List.of(supervisor.id(), worker.id()).contains(d.path("recipientUserId").asString())).toList();
        assertThat(mine).hasSize(2).allSatisfy(d -> assertThat(d.path("kind").isNull()).as(d.toString()).isTrue());
        assertThat(listed.body()).doesNotContain("PROTECTION").doesNotContain(lowered.toString()).doesNotContain(protectedCase.toString());
    }

    /**
     * A mail waits (a digest, a retry) and meanwhile the subject gets a protected identity. The item was written when
     * the case named its unit; the mail that leaves now must not: it says only that there is news.
     */
    @Test
    void aWaitingMailOfACaseWhoseProtectionWasRaisedSaysOnlyThatThereIsNews() throws Exception {
        aWaitingMailSaysOnlyThatThereIsNewsOnceRaisedBy((staff, caseId) -> new CasePhaseChanged(
                staff.caseRef(caseId, ProtectedIdentity.SKYDDAD_FOLKBOKFORING), staff.actor(staff.socialWorker()), Instant.now(),
                "INTAKE", "PRELIMINARY_ASSESSMENT"));
    }

    /** The same when the raise itself is the case's only event since: case-service publishes it (protection-changed). */
    @Test
    void aWaitingMailSaysOnlyThatThereIsNewsAsSoonAsTheRaiseItselfIsPublished() throws Exception {
        aWaitingMailSaysOnlyThatThereIsNewsOnceRaisedBy((staff, caseId) -> new ProtectionChanged(
                staff.caseRef(caseId, ProtectedIdentity.SKYDDAD_FOLKBOKFORING), staff.actor(staff.socialWorker()), Instant.now(),
                ProtectedIdentity.NONE));
    }

    private void aWaitingMailSaysOnlyThatThereIsNewsOnceRaisedBy(
            java.util.function.BiFunction<Staff, UUID, se.samverkan.contracts.cases.CaseIntegrationEvent> raise) throws Exception {
        Staff staff = newStaff();
        TestUser me = staff.socialWorker();
        assertThat(put("/api/preferences", me, "{\"mailKinds\":[\"DEADLINE_APPROACHING\"],\"delivery\":\"DAILY_DIGEST\"}")
                .statusCode()).isEqualTo(200);
        UUID caseId = UUID.randomUUID();
        publish(opened(staff, caseId, me));
        publish(new DeadlineApproaching(staff.caseRef(caseId, ProtectedIdentity.NONE), null, Instant.now(), UUID.randomUUID(),
                DeadlineKind.PRELIMINARY_ASSESSMENT, LocalDate.now().plusDays(3)));
        await().atMost(PATIENCE).until(() -> jdbc.sql("SELECT count(*) FROM mail_deliveries WHERE recipient_user_id = ?")
                .param(me.id()).query(Long.class).single() == 1);

        publish(raise.apply(staff, caseId));
        await().atMost(PATIENCE).until(() -> "SKYDDAD_FOLKBOKFORING".equals(jdbc.sql(
                "SELECT protected_identity FROM case_routes WHERE case_id = ?").param(caseId).query(String.class).single()));
        jdbc.sql("UPDATE mail_deliveries SET next_attempt_at = now() WHERE recipient_user_id = ?").param(me.id()).update();

        await().atMost(PATIENCE).until(() -> mailsTo(me.email(), "").size() == 1);
        String body = GreenMailUtil.getBody(mailsTo(me.email(), "").getFirst());
        assertThat(body).contains("There is news in your Samverkan inbox").doesNotContain(staff.unit())
                .doesNotContain(staff.municipality());
        assertThat(item(me, caseId, "DEADLINE_APPROACHING").path("message").asString())
                .as("the inbox keeps the item as it was written").contains(caseId.toString());
    }

    @Test
    void preferencesDecideWhichKindsComeByMailAndDigestsGatherThem() {
        Staff staff = newStaff();
        TestUser me = staff.socialWorker();
        assertThat(put("/api/preferences", me, "{\"mailKinds\":[\"DEADLINE_APPROACHING\",\"DEADLINE_MISSED\"],\"delivery\":\"DAILY_DIGEST\"}")
                .statusCode()).isEqualTo(200);
        UUID caseId = UUID.randomUUID();

        publish(opened(staff, caseId, me));
        publish(new DeadlineApproaching(staff.caseRef(caseId, ProtectedIdentity.NONE), null, Instant.now(), UUID.randomUUID(),
                DeadlineKind.PRELIMINARY_ASSESSMENT, LocalDate.now().plusDays(3)));
        publish(new DeadlineApproaching(staff.caseRef(caseId, ProtectedIdentity.NONE), null, Instant.now(), UUID.randomUUID(),
                DeadlineKind.FIRST_FAMILY_CONTACT, LocalDate.now().plusDays(1)));
        await().atMost(PATIENCE).until(() -> inbox(me, "?caseId=" + caseId).path("totalItems").asLong() == 3);

        List<JsonNode> items = inbox(me, "?caseId=" + caseId).path("items").valueStream().toList();
        assertThat(items).filteredOn(i -> i.path("kind").asString().equals("CASE_OPENED"))
                .singleElement().satisfies(i -> assertThat(i.path("mail").isNull() || i.path("mail").isMissingNode()).isTrue());
        assertThat(items).filteredOn(i -> i.path("kind").asString().equals("DEADLINE_APPROACHING"))
                .hasSize(2).allSatisfy(i -> assertThat(i.path("mail").path("status").asString()).isEqualTo("PENDING"));
        Instant due = jdbc.sql("SELECT min(next_attempt_at) FROM mail_deliveries WHERE recipient_user_id = ?")
                .param(me.id()).query(java.sql.Timestamp.class).single().toInstant();
        assertThat(due).as("a digest waits for its time of day").isAfter(Instant.now());

        // the digest's time of day arrives
        jdbc.sql("UPDATE mail_deliveries SET next_attempt_at = now() WHERE recipient_user_id = ?").param(me.id()).update();

        await().atMost(PATIENCE).until(() -> mailsTo(me.email(), caseId.toString()).size() == 1);
        MimeMessage digest = mailsTo(me.email(), caseId.toString()).getFirst();
        assertThat(subject(digest)).contains("2 new notification(s)");
        assertThat(GreenMailUtil.getBody(digest)).contains("preliminary assessment").contains("first family contact");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(inbox(me, "?caseId=" + caseId).path("items").valueStream()
                .filter(i -> i.path("kind").asString().equals("DEADLINE_APPROACHING"))
                .allMatch(i -> i.path("mail").path("status").asString().equals("SENT"))).isTrue());
    }

    @Test
    void aWaitingMailGoesToTheAddressTheRecipientHasWhenItIsSentAndIsCancelledForSomeoneWhoLeft() {
        Staff staff = newStaff();
        TestUser moved = staff.socialWorker();
        TestUser leaver = staff.colleague();
        for (TestUser user : List.of(moved, leaver)) {
            assertThat(put("/api/preferences", user, "{\"mailKinds\":[\"CASE_OPENED\"],\"delivery\":\"DAILY_DIGEST\"}").statusCode())
                    .isEqualTo(200);
        }
        UUID caseId = UUID.randomUUID();
        publish(new CaseOpened(staff.caseRef(caseId, ProtectedIdentity.NONE), staff.actor(moved), Instant.now(),
                CaseOrigin.SOCIAL_SERVICES, "INTAKE", List.of(moved.id(), leaver.id())));
        await().atMost(PATIENCE).until(() -> jdbc.sql("SELECT count(*) FROM mail_deliveries WHERE recipient_user_id IN (?, ?)")
                .params(moved.id(), leaver.id()).query(Long.class).single() == 2);

        // before the digest goes out, one changes address and the other leaves (e.g. the Keycloak sync saw it)
        String newAddress = "moved-" + UUID.randomUUID() + "@test.example";
        directory.upsert(new DirectoryUser(moved.id(), moved.username(), newAddress, moved.agency(), moved.municipality(),
                moved.unit(), List.of("social-worker"), true));
        directory.upsert(new DirectoryUser(leaver.id(), leaver.username(), leaver.email(), leaver.agency(), leaver.municipality(),
                leaver.unit(), List.of("social-worker"), false));
        jdbc.sql("UPDATE mail_deliveries SET next_attempt_at = now() WHERE recipient_user_id IN (?, ?)")
                .params(moved.id(), leaver.id()).update();

        await().atMost(PATIENCE).until(() -> mailsTo(newAddress, caseId.toString()).size() == 1);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(item(leaver, caseId).path("mail").path("status").asString())
                .isEqualTo("CANCELLED"));
        assertThat(mailsTo(moved.email(), caseId.toString())).as("the old address").isEmpty();
        assertThat(mailsTo(leaver.email(), caseId.toString())).isEmpty();
        assertThat(jdbc.sql("SELECT recipient_email FROM mail_deliveries WHERE recipient_user_id = ?").param(moved.id())
                .query(String.class).single()).isEqualTo(newAddress);
    }

    /**
     * A mail that waits (a digest, a retry, one an administrator sends again) goes out only to someone who may still
     * hear of the case, by the rule the planner uses for what is new: a member taken off the team, or moved to another
     * unit, is told nothing more of it, by mail either. A supervisor, told of a deadline as the unit's supervisor and not
     * as a member, still is.
     */
    @Test
    void aWaitingMailIsCancelledForSomeoneTakenOffTheTeamOrMovedToAnotherUnit() {
        Staff staff = newStaff();
        TestUser stays = staff.socialWorker();
        TestUser removed = staff.colleague();
        TestUser moved = person("moved", Role.SOCIAL_WORKER, Agency.SOCIAL_SERVICES, staff.municipality(), staff.unit());
        TestUser supervisor = staff.supervisor();
        List<TestUser> everyone = List.of(stays, removed, moved, supervisor);
        for (TestUser user : everyone) {
            assertThat(put("/api/preferences", user, "{\"mailKinds\":[\"DEADLINE_APPROACHING\"],\"delivery\":\"DAILY_DIGEST\"}")
                    .statusCode()).isEqualTo(200);
        }
        UUID caseId = UUID.randomUUID();
        publish(new CaseOpened(staff.caseRef(caseId, ProtectedIdentity.NONE), staff.actor(stays), Instant.now(),
                CaseOrigin.SOCIAL_SERVICES, "INTAKE", List.of(stays.id(), removed.id(), moved.id())));
        publish(new DeadlineApproaching(staff.caseRef(caseId, ProtectedIdentity.NONE), null, Instant.now(), UUID.randomUUID(),
                DeadlineKind.PRELIMINARY_ASSESSMENT, LocalDate.now().plusDays(3)));
        await().atMost(PATIENCE).until(() -> deliveryCount(caseId) == 4);

        publish(new CaseTeamChanged(staff.caseRef(caseId, ProtectedIdentity.NONE), staff.actor(supervisor), Instant.now(),
                List.of(stays.id(), moved.id())));
        await().atMost(PATIENCE).until(() -> !jdbc.sql("SELECT ? = ANY (team) FROM case_routes WHERE case_id = ?")
                .params(removed.id(), caseId).query(Boolean.class).single());
        directory.upsert(new DirectoryUser(moved.id(), moved.username(), moved.email(), Agency.SOCIAL_SERVICES, staff.municipality(),
                "annan-enhet-" + UUID.randomUUID(), List.of("social-worker"), true));
        // the digest's time of day arrives
        jdbc.sql("UPDATE mail_deliveries SET next_attempt_at = now() WHERE notification_id IN (SELECT id FROM notifications WHERE case_id = ?)")
                .param(caseId).update();

        await().atMost(PATIENCE).until(() -> mailsTo(stays.email(), caseId.toString()).size() == 1);
        await().atMost(PATIENCE).until(() -> mailsTo(supervisor.email(), caseId.toString()).size() == 1);
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(delivery(removed, caseId)).isEqualTo("CANCELLED recipient-off-the-case-team");
            assertThat(delivery(moved, caseId)).isEqualTo("CANCELLED recipient-left-the-case-unit");
        });
        assertThat(mailsTo(removed.email(), "")).isEmpty();
        assertThat(mailsTo(moved.email(), "")).isEmpty();
        assertThat(item(removed, caseId, "DEADLINE_APPROACHING").path("mail").path("status").asString())
                .as("the item she already had stays, and says why no mail came").isEqualTo("CANCELLED");
    }

    /**
     * Once a case's data is cleared (gallring), nothing more is mailed about it: a digest, a retry or a mail an
     * administrator sends again is cancelled as case-cleared, to the team and the unit's supervisors alike. A case this
     * service has no route for because none was published yet (an event ahead of the case's opening) is not one that
     * was cleared: its mail still goes out.
     */
    @Test
    void aWaitingMailAboutACaseWhoseDataWasClearedIsCancelledButOneAboutACaseNotRoutedYetGoesOut() {
        Staff staff = newStaff();
        TestUser member = staff.socialWorker();
        TestUser supervisor = staff.supervisor();
        for (TestUser user : List.of(member, supervisor)) {
            assertThat(put("/api/preferences", user, "{\"mailKinds\":[\"DEADLINE_APPROACHING\"],\"delivery\":\"DAILY_DIGEST\"}")
                    .statusCode()).isEqualTo(200);
        }
        UUID cleared = UUID.randomUUID();
        publish(opened(staff, cleared, member));
        publish(new DeadlineApproaching(staff.caseRef(cleared, ProtectedIdentity.NONE), null, Instant.now(), UUID.randomUUID(),
                DeadlineKind.PRELIMINARY_ASSESSMENT, LocalDate.now().plusDays(3)));
        // no case of this id was opened here (yet): the unit's supervisors are told of its deadline all the same
        UUID notRoutedYet = UUID.randomUUID();
        publish(new DeadlineApproaching(staff.caseRef(notRoutedYet, ProtectedIdentity.NONE), null, Instant.now(), UUID.randomUUID(),
                DeadlineKind.PRELIMINARY_ASSESSMENT, LocalDate.now().plusDays(3)));
        await().atMost(PATIENCE).until(() -> deliveryCount(cleared) == 2 && deliveryCount(notRoutedYet) == 1);

        publish(new CaseDataCleared(staff.caseRef(cleared, ProtectedIdentity.NONE), null, Instant.now(), LocalDate.now()));
        await().atMost(PATIENCE).until(() -> jdbc.sql("SELECT count(*) FROM case_routes WHERE case_id = ?")
                .param(cleared).query(Long.class).single() == 0);
        // the digest's time of day arrives
        jdbc.sql("UPDATE mail_deliveries SET next_attempt_at = now() WHERE notification_id IN (SELECT id FROM notifications WHERE case_id IN (?, ?))")
                .params(cleared, notRoutedYet).update();

        await().atMost(PATIENCE).until(() -> mailsTo(supervisor.email(), notRoutedYet.toString()).size() == 1);
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(delivery(member, cleared)).isEqualTo("CANCELLED case-cleared");
            assertThat(delivery(supervisor, cleared)).isEqualTo("CANCELLED case-cleared");
        });
        assertThat(delivery(supervisor, notRoutedYet)).isEqualTo("SENT ");
        assertThat(mailsTo(member.email(), "")).isEmpty();
        assertThat(mailsTo(supervisor.email(), cleared.toString())).isEmpty();

        // an administrator sending it again does not bring it back
        jdbc.sql("""
                        UPDATE mail_deliveries SET status = 'FAILED', last_error = 'MailSendException' WHERE recipient_user_id = ?
                        AND notification_id IN (SELECT id FROM notifications WHERE case_id = ?)""")
                .params(member.id(), cleared).update();
        UUID failed = jdbc.sql("SELECT d.id FROM mail_deliveries d JOIN notifications n ON n.id = d.notification_id WHERE n.case_id = ? AND d.recipient_user_id = ?")
                .params(cleared, member.id()).query(UUID.class).single();
        assertThat(post("/api/mail/deliveries/" + failed + "/retry", administratorOf(staff)).statusCode()).isEqualTo(200);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(delivery(member, cleared)).isEqualTo("CANCELLED case-cleared"));
        assertThat(mailsTo(member.email(), "")).isEmpty();
    }

    private long deliveryCount(UUID caseId) {
        return jdbc.sql("SELECT count(*) FROM mail_deliveries d JOIN notifications n ON n.id = d.notification_id WHERE n.case_id = ?")
                .param(caseId).query(Long.class).single();
    }

    private String delivery(TestUser user, UUID caseId) {
        return jdbc.sql("""
                        SELECT d.status || ' ' || coalesce(d.last_error, '') FROM mail_deliveries d JOIN notifications n ON n.id = d.notification_id
                        WHERE n.case_id = ? AND d.recipient_user_id = ?""")
                .params(caseId, user.id()).query(String.class).single();
    }

    private JsonNode item(TestUser user, UUID caseId, String kind) {
        return inbox(user, "?caseId=" + caseId).path("items").valueStream().filter(i -> i.path("kind").asString().equals(kind))
                .findFirst().orElseThrow();
    }

    private TestUser administratorOf(Staff staff) {
        return person("admin", Role.ADMINISTRATOR, Agency.MUNICIPALITY, staff.municipality(), "it-" + staff.unit());
    }

    private JsonNode item(TestUser user, UUID caseId) {
        JsonNode items = inbox(user, "?caseId=" + caseId).path("items");
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    private String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CaseOpened opened(Staff staff, UUID caseId, TestUser member) {
        return new CaseOpened(staff.caseRef(caseId, ProtectedIdentity.NONE), staff.actor(member), Instant.now(),
                CaseOrigin.SOCIAL_SERVICES, "INTAKE", List.of(member.id()));
    }
}
