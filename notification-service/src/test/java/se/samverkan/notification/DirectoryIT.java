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

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DirectoryIT extends NotificationServiceIT {

    @Test
    void theDemoRealmsUsersAreSeeded() {
        HttpResponse<String> response = get("/api/directory/users", TestUser.ADMINISTRATOR);
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> ids = json(response.body()).valueStream().map(u -> u.path("userId").asString()).toList();
        assertThat(ids).containsAll(TestUser.all().stream().map(TestUser::id).toList());
    }

    @Test
    void usersFromConfigurationAreLoadedAtStartUp() {
        JsonNode configured = json(get("/api/directory/users", TestUser.ADMINISTRATOR).body()).valueStream()
                .filter(u -> u.path("userId").asString().equals("configured-liaison")).findFirst().orElseThrow();
        assertThat(configured.path("unit").asString()).isEqualTo("polisen-konfigurerad");
        assertThat(configured.path("roles").get(0).asString()).isEqualTo("police-liaison");
        assertThat(directory.policeLiaisons("polisen-konfigurerad")).containsExactly("configured-liaison");
    }

    @Test
    void onlyAdministratorsMayReadOrChangeTheDirectory() {
        assertThat(get("/api/directory/users", TestUser.SOCIAL_WORKER).statusCode()).isEqualTo(403);
        assertThat(get("/api/directory/users", TestUser.COMPLIANCE_OFFICER).statusCode()).isEqualTo(403);
        assertThat(get("/api/directory/users", null).statusCode()).isEqualTo(401);
        assertThat(put("/api/directory/users/" + TestUser.SOCIAL_WORKER.id(), TestUser.POLICE_LIAISON, "{}").statusCode()).isEqualTo(403);
    }

    @Test
    void aUserAddedThroughTheAdminEndpointIsRoutedTo() {
        Staff staff = newStaff();
        String id = UUID.randomUUID().toString();
        HttpResponse<String> added = put("/api/directory/users/" + id, TestUser.ADMINISTRATOR, """
                {"userId":"%s","username":"new-liaison","email":"new-liaison@polisen.example","agency":"POLICE",
                 "municipality":"%s","unit":"%s","roles":["police-liaison"],"active":true}"""
                .formatted(id, staff.municipality(), staff.policeUnit()));
        assertThat(added.statusCode()).isEqualTo(200);
        TestUser newcomer = new TestUser(id, "new-liaison", EnumSet.of(Role.POLICE_LIAISON),
                Agency.POLICE, staff.municipality(), staff.policeUnit(), "new-liaison@polisen.example");
        UUID caseId = UUID.randomUUID();

        publish(new ReferralSent(staff.caseRef(caseId, ProtectedIdentity.NONE), staff.actor(staff.socialWorker()), Instant.now(),
                UUID.randomUUID(), staff.policeUnit(), LegalBasis.CONSENT, UUID.randomUUID(), List.of(DataCategory.IDENTITY), null));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(inbox(newcomer, "").path("items")).hasSize(1));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(inbox(staff.police(), "").path("items")).hasSize(1));
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
}
