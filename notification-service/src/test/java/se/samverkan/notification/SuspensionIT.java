package se.samverkan.notification;

import org.junit.jupiter.api.Test;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.DataCategory;
import se.samverkan.contracts.LegalBasis;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.contracts.cases.ReferralSent;
import se.samverkan.platform.identity.Role;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A suspension here stops everything this service gives the user, not only what is routed to her from then on. A
 * suspended liaison used to go on reading her unit's queue (new referrals included, as the unit's other members got
 * them), claiming and releasing its items and reading her own inbox; a suspended administrator went on administering.
 */
class SuspensionIT extends NotificationServiceIT {

    @Test
    void aSuspendedUserIsRefusedEveryEndpointThatServesHerOrHerUnitUntilTheSuspensionIsLifted() throws Exception {
        Staff staff = newStaff();
        TestUser liaison = staff.police();
        TestUser colleague = person("police2", Role.POLICE_LIAISON, Agency.POLICE, staff.municipality(), staff.policeUnit());
        publish(referral(staff));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(json(get("/api/inbox/unit", liaison).body()).path("items")).hasSize(1));
        String unitItem = json(get("/api/inbox/unit", liaison).body()).path("items").get(0).path("id").asString();
        String ownItem = inbox(liaison, "").path("items").get(0).path("id").asString();
        assertThat(post("/api/inbox/unit/" + unitItem + "/claim", liaison).statusCode()).isEqualTo(200);

        directory.suspend(liaison.id(), TestUser.ADMINISTRATOR.id());
        publish(referral(staff));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(json(get("/api/inbox/unit", colleague).body()).path("items")).hasSize(2));

        List<HttpResponse<String>> refused = List.of(
                get("/api/inbox", liaison),
                post("/api/inbox/" + ownItem + "/read", liaison),
                post("/api/inbox/read-all", liaison),
                get("/api/inbox/unit?unclaimed=true", liaison),
                post("/api/inbox/unit/" + unitItem + "/release", liaison),
                post("/api/inbox/unit/" + unitItem + "/claim", liaison),
                get("/api/preferences", liaison),
                put("/api/preferences", liaison, "{\"mailKinds\":[],\"delivery\":\"IMMEDIATE\"}"),
                stream(liaison));
        for (HttpResponse<String> response : refused) {
            assertThat(response.statusCode()).as(response.request().uri() + ": " + response.body()).isEqualTo(403);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
            JsonNode problem = json(response.body());
            assertThat(problem.path("code").asString()).isEqualTo("user-suspended");
            assertThat(problem.path("detail").asString()).contains("suspended").contains("administrator");
            assertThat(response.body()).doesNotContain(liaison.email()).doesNotContain(liaison.username());
        }
        assertThat(jdbc.sql("SELECT claimed_by FROM unit_notifications WHERE id = ?::uuid").param(unitItem).query(String.class).single())
                .as("her claim stays for a supervisor to release").isEqualTo(liaison.id());
        assertThat(jdbc.sql("SELECT read_at IS NULL FROM notifications WHERE id = ?::uuid").param(ownItem).query(Boolean.class).single())
                .isTrue();

        directory.liftSuspension(liaison.id());
        assertThat(get("/api/inbox/unit", liaison).statusCode()).isEqualTo(200);
        assertThat(inbox(liaison, "").path("items")).hasSize(1);
    }

    /** A suspended administrator neither reads the directory nor lifts her own suspension, nor re-sends mail. */
    @Test
    void aSuspendedAdministratorAdministersNothing() {
        Staff staff = newStaff();
        TestUser admin = person("admin", Role.ADMINISTRATOR, Agency.MUNICIPALITY, staff.municipality(), "it-" + staff.unit());
        person("admin2", Role.ADMINISTRATOR, Agency.MUNICIPALITY, staff.municipality(), "it-" + staff.unit());
        assertThat(get("/api/directory/users", admin).statusCode()).isEqualTo(200);

        directory.suspend(admin.id(), TestUser.ADMINISTRATOR.id());

        for (HttpResponse<String> response : List.of(get("/api/directory/users", admin),
                put("/api/directory/users/" + admin.id(), admin, """
                        {"userId":"%s","username":"%s","email":"%s","agency":"MUNICIPALITY","municipality":"%s","unit":"%s",
                         "roles":["administrator"],"active":true}""".formatted(admin.id(), admin.username(), admin.email(),
                        staff.municipality(), "it-" + staff.unit())),
                get("/api/mail/deliveries", admin),
                post("/api/mail/deliveries/retry-failed", admin))) {
            assertThat(response.statusCode()).as(response.request().uri() + ": " + response.body()).isEqualTo(403);
            assertThat(json(response.body()).path("code").asString()).isEqualTo("user-suspended");
        }
        assertThat(directory.entry(admin.id()).orElseThrow().suspended()).as("she could not lift it herself").isTrue();
    }

    @Test
    void someoneTheDirectoryDoesNotKnowYetIsNotTakenForSuspended() {
        TestUser unknown = new TestUser(UUID.randomUUID().toString(), "new-" + UUID.randomUUID().toString().substring(0, 6),
                java.util.EnumSet.of(Role.SOCIAL_WORKER), Agency.SOCIAL_SERVICES, "m-new", "ungdom-new", "new@test.example");
        assertThat(get("/api/inbox", unknown).statusCode()).isEqualTo(200);
    }

    /**
     * The live stream's answer, its body read only when the server ends it: a stream that was let open (as it was for
     * a suspended user) would never end.
     */
    private HttpResponse<String> stream(TestUser user) throws Exception {
        HttpResponse<InputStream> response = http.sendAsync(request("/api/inbox/stream", user).header("Accept", "text/event-stream")
                .GET().build(), HttpResponse.BodyHandlers.ofInputStream()).get(20, TimeUnit.SECONDS);
        try (InputStream body = response.body()) {
            String text = response.statusCode() == 200 ? "(a stream was opened)" : new String(body.readAllBytes(), StandardCharsets.UTF_8);
            return new HttpResponse<>() {
                public int statusCode() { return response.statusCode(); }
                public java.net.http.HttpRequest request() { return response.request(); }
                public Optional<HttpResponse<String>> previousResponse() { return Optional.empty(); }
                public java.net.http.HttpHeaders headers() { return response.headers(); }
                public String body() { return text; }
                public Optional<javax.net.ssl.SSLSession> sslSession() { return response.sslSession(); }
                public java.net.URI uri() { return response.uri(); }
                public java.net.http.HttpClient.Version version() { return response.version(); }
            };
        }
    }

    private static ReferralSent referral(Staff staff) {
        return new ReferralSent(staff.caseRef(UUID.randomUUID(), ProtectedIdentity.NONE), staff.actor(staff.socialWorker()),
                Instant.now(), UUID.randomUUID(), staff.policeUnit(), LegalBasis.CONSENT, UUID.randomUUID(),
                List.of(DataCategory.IDENTITY), null);
    }
}
