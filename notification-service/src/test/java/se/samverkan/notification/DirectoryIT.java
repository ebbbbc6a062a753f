package se.samverkan.notification;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import se.samverkan.contracts.AccessOutcome;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.ContractSchemas;
import se.samverkan.contracts.DataCategory;
import se.samverkan.contracts.LegalBasis;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.contracts.Topics;
import se.samverkan.contracts.access.DirectoryEntryChanged;
import se.samverkan.contracts.cases.ReferralSent;
import se.samverkan.platform.identity.Role;
import se.samverkan.platform.test.TestKafka;
import se.samverkan.platform.test.TestPostgres;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Issue 10 item 11: the directory is Keycloak's; administrators can only suspend, and every attempt is audited. */
class DirectoryIT extends NotificationServiceIT {

    private static final String CHANGED = "se.samverkan.access.directory-entry-changed.v1";

    @Test
    void theDemoRealmsUsersAreSeededAndAnAdministratorSeesHerOwnMunicipalitys() {
        HttpResponse<String> response = get("/api/directory/users", TestUser.ADMINISTRATOR);
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> ids = json(response.body()).valueStream().map(u -> u.path("userId").asString()).toList();
        assertThat(ids).containsAll(TestUser.all().stream().filter(u -> TestUser.HANINGE.equals(u.municipality())).map(TestUser::id).toList());
        assertThat(ids).as("frida works for Haninge").doesNotContain(TestUser.COMPLIANCE_OFFICER_BOTKYRKA.id());
        assertThat(TestUser.all().stream().map(TestUser::id)).contains(TestUser.COMPLIANCE_OFFICER_BOTKYRKA.id());
        assertThat(directory.entry(TestUser.COMPLIANCE_OFFICER_BOTKYRKA.id())).as("seeded all the same").isPresent();
    }

    /**
     * An administrator administers her own municipality's people. frida (Haninge) read every municipality's staff with
     * their mail addresses, and could suspend Botkyrka's compliance officers, whose review items and break-glass
     * notices would then stop, with the event in Haninge's part of the log only.
     */
    @Test
    void anAdministratorNeitherReadsNorSuspendsAnotherMunicipalitysPeople() {
        TestUser hanna = TestUser.COMPLIANCE_OFFICER_BOTKYRKA;
        HttpResponse<String> suspend = put("/api/directory/users/" + hanna.id(), TestUser.ADMINISTRATOR, body(hanna.id(),
                hanna.username(), hanna.email(), hanna.agency().name(), hanna.municipality(), hanna.unit(), "compliance-officer", false));
        assertThat(suspend.statusCode()).isEqualTo(422);
        assertThat(json(suspend.body()).path("code").asString()).as("as if there were no such user").isEqualTo("directory-user-unknown");
        assertThat(suspend.body()).doesNotContain(hanna.email());
        assertThat(directory.activeEmail(hanna.id())).as("still notified").hasValue(hanna.email());
        assertThat(awaitAudit(hanna.id(), DirectoryEntryChanged.Change.CREATE).outcome()).as("the attempt is on record").isEqualTo(AccessOutcome.DENIED);
    }

    /**
     * Suspending every compliance officer of a municipality switched off the oversight of that municipality's access
     * (break-glass notices, review items) by an administrator of it: audited, but allowed. The last active officer is
     * now kept, as is the last administrator (else nobody could lift a suspension here), and nobody suspends herself.
     */
    @Test
    void theLastComplianceOfficerOrAdministratorOfAMunicipalityIsNotSuspendedNorAnAdministratorHerself() {
        Staff staff = newStaff();
        TestUser admin = administratorOf(staff);
        TestUser officer = staff.compliance();
        TestUser second = person("compliance2", Role.COMPLIANCE_OFFICER, se.samverkan.contracts.Agency.MUNICIPALITY,
                staff.municipality(), officer.unit());

        assertThat(put("/api/directory/users/" + second.id(), admin, suspension(second, "compliance-officer")).statusCode()).isEqualTo(200);
        HttpResponse<String> last = put("/api/directory/users/" + officer.id(), admin, suspension(officer, "compliance-officer"));
        assertThat(last.statusCode()).as(last.body()).isEqualTo(409);
        assertThat(last.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(json(last.body()).path("code").asString()).isEqualTo("last-compliance-officer");
        assertThat(json(last.body()).path("detail").asString()).contains("Appoint another").doesNotContain(officer.email());
        assertThat(directory.entry(officer.id()).orElseThrow().suspended()).isFalse();
        DirectoryEntryChanged refused = awaitAudit(officer.id(), DirectoryEntryChanged.Change.SUSPEND);
        assertThat(refused.outcome()).isEqualTo(AccessOutcome.DENIED);
        assertThat(refused.denialReason()).isEqualTo("last-compliance-officer");

        // once there is another, she may be suspended
        assertThat(put("/api/directory/users/" + second.id(), admin, lift(second, "compliance-officer")).statusCode()).isEqualTo(200);
        assertThat(put("/api/directory/users/" + officer.id(), admin, suspension(officer, "compliance-officer")).statusCode()).isEqualTo(200);

        HttpResponse<String> herself = put("/api/directory/users/" + admin.id(), admin, suspension(admin, "administrator"));
        assertThat(herself.statusCode()).as(herself.body()).isEqualTo(403);
        assertThat(json(herself.body()).path("code").asString()).isEqualTo("directory-self-suspension");
        assertThat(directory.entry(admin.id()).orElseThrow().suspended()).isFalse();

        // an administrator the directory does not list yet (Keycloak made her today) may not suspend the one it lists
        TestUser newcomer = new TestUser(UUID.randomUUID().toString(), "newcomer", java.util.EnumSet.of(Role.ADMINISTRATOR),
                se.samverkan.contracts.Agency.MUNICIPALITY, staff.municipality(), admin.unit(), "newcomer@test.example");
        HttpResponse<String> lastAdmin = put("/api/directory/users/" + admin.id(), newcomer, suspension(admin, "administrator"));
        assertThat(lastAdmin.statusCode()).as(lastAdmin.body()).isEqualTo(409);
        assertThat(json(lastAdmin.body()).path("code").asString()).isEqualTo("last-administrator");

        // with a colleague listed, one administrator may suspend the other; an administrator elsewhere may not
        TestUser colleague = administratorOf(staff);
        TestUser elsewhere = person("admin-elsewhere", Role.ADMINISTRATOR, se.samverkan.contracts.Agency.MUNICIPALITY,
                "m" + UUID.randomUUID().toString().substring(0, 8), "it");
        assertThat(put("/api/directory/users/" + colleague.id(), elsewhere, suspension(colleague, "administrator")).statusCode())
                .isEqualTo(422);
        assertThat(put("/api/directory/users/" + colleague.id(), admin, suspension(colleague, "administrator")).statusCode())
                .isEqualTo(200);
    }

    private static String suspension(TestUser user, String role) {
        return body(user.id(), user.username(), user.email(), user.agency().name(), user.municipality(), user.unit(), role, false);
    }

    private static String lift(TestUser user, String role) {
        return body(user.id(), user.username(), user.email(), user.agency().name(), user.municipality(), user.unit(), role, true);
    }

    @Test
    void usersFromConfigurationAreLoadedAtStartUp() {
        JsonNode configured = entry("configured-liaison");
        assertThat(configured.path("unit").asString()).isEqualTo("polisen-konfigurerad");
        assertThat(configured.path("roles").get(0).asString()).isEqualTo("police-liaison");
        assertThat(directory.policeLiaisons("polisen-konfigurerad")).containsExactly("configured-liaison");
    }

    @Test
    void anIdThatIsNoKeycloakIdIsRefusedBeforeAnythingIsRecorded() {
        Staff staff = newStaff();
        TestUser admin = administratorOf(staff);
        String typedIn = "201003159124";
        long outboxBefore = jdbc.sql("SELECT count(*) FROM directory_event_outbox").query(Long.class).single();

        HttpResponse<String> refused = put("/api/directory/users/" + typedIn, admin, body(typedIn, "elsa",
                "elsa@haninge.example", "SOCIAL_SERVICES", staff.municipality(), staff.unit(), "social-worker", false));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(json(refused.body()).path("detail").asString()).contains("a UUID").doesNotContain(typedIn);
        // an attempt on a user who cannot exist names no one: an event carrying the typed text would put it in the
        // audit log, which never forgets
        assertThat(jdbc.sql("SELECT count(*) FROM directory_event_outbox").query(Long.class).single()).isEqualTo(outboxBefore);
        assertThat(jdbc.sql("SELECT count(*) FROM directory_event_outbox WHERE position(convert_to(?, 'UTF8') in cloud_event) > 0")
                .param(typedIn).query(Long.class).single()).isZero();
    }

    @Test
    void onlyAdministratorsMayReadOrChangeTheDirectory() {
        assertThat(get("/api/directory/users", TestUser.SOCIAL_WORKER).statusCode()).isEqualTo(403);
        assertThat(get("/api/directory/users", TestUser.COMPLIANCE_OFFICER).statusCode()).isEqualTo(403);
        assertThat(get("/api/directory/users", null).statusCode()).isEqualTo(401);
        assertThat(put("/api/directory/users/" + TestUser.SOCIAL_WORKER.id(), TestUser.POLICE_LIAISON, "{}").statusCode()).isEqualTo(403);
    }

    @Test
    void anAdministratorCannotCreateAPoliceLiaisonWhoWouldReceiveReferrals() {
        Staff staff = newStaff();
        TestUser admin = administratorOf(staff);
        String id = UUID.randomUUID().toString();
        HttpResponse<String> added = put("/api/directory/users/" + id, admin, body(id, "new-liaison",
                "frida@haninge.example", "POLICE", staff.municipality(), staff.policeUnit(), "police-liaison", true));

        assertThat(added.statusCode()).isEqualTo(422);
        assertThat(json(added.body()).path("detail").asString()).contains("Keycloak").contains("cannot be created here");
        assertThat(directory.entry(id)).isEmpty();
        assertThat(directory.policeLiaisons(staff.policeUnit())).containsExactly(staff.police().id());
        DirectoryEntryChanged audited = awaitAudit(id, DirectoryEntryChanged.Change.CREATE);
        assertThat(audited.outcome()).isEqualTo(AccessOutcome.DENIED);
        assertThat(audited.actor().userId()).isEqualTo(admin.id());
    }

    @Test
    void anAdministratorCannotRedirectMailOrGrantARoleUnitOrMunicipality() {
        Staff staff = newStaff();
        TestUser admin = administratorOf(staff);
        TestUser target = staff.socialWorker();

        HttpResponse<String> redirect = put("/api/directory/users/" + target.id(), admin, body(target.id(),
                target.username(), "frida@haninge.example", "SOCIAL_SERVICES", staff.municipality(), staff.unit(), "social-worker", true));
        HttpResponse<String> promote = put("/api/directory/users/" + target.id(), admin, body(target.id(),
                target.username(), target.email(), "POLICE", staff.municipality(), staff.policeUnit(), "police-liaison", true));
        HttpResponse<String> move = put("/api/directory/users/" + target.id(), admin, body(target.id(),
                target.username(), target.email(), "SOCIAL_SERVICES", "0127", staff.unit(), "social-worker", true));

        assertThat(redirect.statusCode()).isEqualTo(422);
        assertThat(json(redirect.body()).path("detail").asString()).contains("[email]").doesNotContain("frida@haninge.example");
        assertThat(promote.statusCode()).isEqualTo(422);
        assertThat(json(promote.body()).path("detail").asString()).contains("agency", "unit", "roles");
        assertThat(move.statusCode()).isEqualTo(422);
        assertThat(json(move.body()).path("detail").asString()).contains("[municipality]");

        assertThat(directory.activeEmail(target.id())).hasValue(target.email());
        assertThat(directory.policeLiaisons(staff.policeUnit())).containsExactly(staff.police().id());
        DirectoryEntryChanged audited = awaitAudit(target.id(), DirectoryEntryChanged.Change.EDIT);
        assertThat(audited.outcome()).isEqualTo(AccessOutcome.DENIED);
        assertThat(audited.refusedFields()).isNotEmpty();
        assertThat(CloudEventCodec.mapper().writeValueAsString(audited)).doesNotContain("frida@haninge.example");
    }

    @Test
    void aSuspensionStopsNotificationsUntilLiftedAndBothAreAudited() {
        Staff staff = newStaff();
        TestUser admin = administratorOf(staff);
        TestUser second = person("police2", Role.POLICE_LIAISON, se.samverkan.contracts.Agency.POLICE, staff.municipality(), staff.policeUnit());
        TestUser police = staff.police();

        HttpResponse<String> suspended = put("/api/directory/users/" + police.id(), admin, body(police.id(),
                police.username(), police.email(), "POLICE", staff.municipality(), staff.policeUnit(), "police-liaison", false));
        assertThat(suspended.statusCode()).isEqualTo(200);
        assertThat(json(suspended.body()).path("suspended").asBoolean()).isTrue();
        assertThat(json(suspended.body()).path("active").asBoolean()).isFalse();
        assertThat(json(suspended.body()).path("suspendedBy").asString()).isEqualTo(admin.id());
        assertThat(awaitAudit(police.id(), DirectoryEntryChanged.Change.SUSPEND).outcome()).isEqualTo(AccessOutcome.ALLOWED);

        publish(referral(staff));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(inbox(second, "").path("items")).hasSize(1));
        assertThat(jdbc.sql("SELECT count(*) FROM notifications WHERE recipient_user_id = ?").param(police.id()).query(Long.class).single())
                .as("suspended: nothing new").isZero();

        HttpResponse<String> lifted = put("/api/directory/users/" + police.id(), admin, body(police.id(),
                police.username(), police.email(), "POLICE", staff.municipality(), staff.policeUnit(), "police-liaison", true));
        assertThat(lifted.statusCode()).isEqualTo(200);
        assertThat(json(lifted.body()).path("active").asBoolean()).isTrue();
        assertThat(awaitAudit(police.id(), DirectoryEntryChanged.Change.LIFT_SUSPENSION).outcome()).isEqualTo(AccessOutcome.ALLOWED);
        publish(referral(staff));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(inbox(police, "").path("items")).hasSize(1));
    }

    /**
     * The edit's event is written in the edit's transaction, so an edit that never committed is not in the log. A
     * deferred trigger fails the commit (as a full disk or a lost connection would), after everything in the
     * transaction was written: when the event was sent to Kafka before the commit, the log got a suspension that was
     * never made. The same key keeps a user's events in order, so a phantom would come before the real suspension.
     */
    @Test
    void anEditWhoseCommitFailsLeavesNothingInTheLog() {
        Staff staff = newStaff();
        TestUser admin = administratorOf(staff);
        TestUser police = staff.police();
        String trigger = "directory_commit_fails_" + UUID.randomUUID().toString().replace("-", "");
        TestPostgres.execute("notification_service", """
                CREATE FUNCTION %1$s() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
                  RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = 'disk_full'; END $$;
                CREATE CONSTRAINT TRIGGER %1$s AFTER UPDATE ON directory_users DEFERRABLE INITIALLY DEFERRED
                  FOR EACH ROW WHEN (NEW.user_id = '%2$s') EXECUTE FUNCTION %1$s();""".formatted(trigger, police.id()));
        String suspension = body(police.id(), police.username(), police.email(), "POLICE", staff.municipality(), staff.policeUnit(),
                "police-liaison", false);
        try {
            HttpResponse<String> failed = put("/api/directory/users/" + police.id(), admin, suspension);
            assertThat(failed.statusCode()).as(failed.body()).isEqualTo(503);
        } finally {
            TestPostgres.execute("notification_service", "DROP TRIGGER %1$s ON directory_users; DROP FUNCTION %1$s();".formatted(trigger));
        }
        assertThat(entry(admin, police.id()).path("suspended").asBoolean()).as("the edit was not made").isFalse();

        Instant made = Instant.now();
        assertThat(put("/api/directory/users/" + police.id(), admin, suspension).statusCode()).isEqualTo(200);
        List<DirectoryEntryChanged> suspensions = auditsUpTo(police.id(), DirectoryEntryChanged.Change.SUSPEND, made);
        assertThat(suspensions).as("the one made, and nothing before it").hasSize(1);
        assertThat(suspensions.getFirst().occurredAt()).isAfterOrEqualTo(made);
    }

    @Test
    void liftingASuspensionCannotActivateAUserKeycloakDisabled() {
        Staff staff = newStaff();
        TestUser admin = administratorOf(staff);
        TestUser police = staff.police();
        directory.upsert(new se.samverkan.notification.directory.DirectoryUser(police.id(), police.username(), police.email(),
                police.agency(), staff.municipality(), staff.policeUnit(), List.of("police-liaison"), false));

        HttpResponse<String> activate = put("/api/directory/users/" + police.id(), admin, body(police.id(),
                police.username(), police.email(), "POLICE", staff.municipality(), staff.policeUnit(), "police-liaison", true));

        assertThat(activate.statusCode()).isEqualTo(200);
        assertThat(json(activate.body()).path("active").asBoolean()).isFalse();
        assertThat(directory.policeLiaisons(staff.policeUnit())).isEmpty();
    }

    @Test
    void anInvalidEntryIsRefusedAndExplained() {
        String id = UUID.randomUUID().toString();
        HttpResponse<String> unknownRole = put("/api/directory/users/" + id, TestUser.ADMINISTRATOR, """
                {"userId":"%s","username":"x","email":"x@example.org","agency":"POLICE","municipality":"0136",
                 "unit":"polisen-haninge","roles":["sheriff"],"active":true}""".formatted(id));
        assertThat(unknownRole.statusCode()).isEqualTo(400);
        assertThat(json(unknownRole.body()).path("detail").asString()).contains("sheriff").contains("police-liaison");

        HttpResponse<String> mismatch = put("/api/directory/users/" + id, TestUser.ADMINISTRATOR, """
                {"userId":"someone-else","username":"x","email":"x@example.org","agency":"POLICE","municipality":"0136",
                 "unit":"polisen-haninge","roles":["police-liaison"],"active":true}""");
        assertThat(mismatch.statusCode()).isEqualTo(400);

        JsonNode all = json(get("/api/directory/users", TestUser.ADMINISTRATOR).body());
        assertThat(all.valueStream().map(u -> u.path("userId").asString())).doesNotContain(id);
    }

    private static ReferralSent referral(Staff staff) {
        return new ReferralSent(staff.caseRef(UUID.randomUUID(), ProtectedIdentity.NONE), staff.actor(staff.socialWorker()),
                Instant.now(), UUID.randomUUID(), staff.policeUnit(), LegalBasis.CONSENT, UUID.randomUUID(),
                List.of(DataCategory.IDENTITY), null);
    }

    private TestUser administratorOf(Staff staff) {
        return person("admin", Role.ADMINISTRATOR, se.samverkan.contracts.Agency.MUNICIPALITY, staff.municipality(), "it-" + staff.unit());
    }

    private JsonNode entry(String userId) {
        return entry(TestUser.ADMINISTRATOR, userId);
    }

    private JsonNode entry(TestUser administrator, String userId) {
        return json(get("/api/directory/users", administrator).body()).valueStream()
                .filter(u -> u.path("userId").asString().equals(userId)).findFirst().orElseThrow();
    }

    private static String body(String id, String username, String email, String agency, String municipality, String unit,
                               String role, boolean active) {
        return """
                {"userId":"%s","username":"%s","email":"%s","agency":"%s","municipality":"%s","unit":"%s",
                 "roles":["%s"],"active":%s}""".formatted(id, username, email, agency, municipality, unit, role, active);
    }

    /** The audit event on the access topic, checked against its contract. */
    private static DirectoryEntryChanged awaitAudit(String userId, DirectoryEntryChanged.Change change) {
        return auditsUpTo(userId, change, Instant.EPOCH).getFirst();
    }

    /** The user's events of this change in topic order, up to the first that occurred at or after {@code until}. */
    private static List<DirectoryEntryChanged> auditsUpTo(String userId, DirectoryEntryChanged.Change change, Instant until) {
        List<DirectoryEntryChanged> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestKafka.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, "directory-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.NOTIFICATION_EVENTS));
            await().atMost(PATIENCE).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    CloudEvent event = CloudEventCodec.fromBytes(record.value());
                    if (event.type().equals(CHANGED) && userId.equals(record.key())) {
                        assertThat(ContractSchemas.violations(CHANGED, event.data())).isEmpty();
                        DirectoryEntryChanged data = CloudEventCodec.dataAs(event, DirectoryEntryChanged.class);
                        if (data.change() == change && (found.isEmpty() || found.getLast().occurredAt().isBefore(until))) {
                            found.add(data);
                        }
                    }
                });
                return !found.isEmpty() && !found.getLast().occurredAt().isBefore(until);
            });
        }
        return found;
    }
}
