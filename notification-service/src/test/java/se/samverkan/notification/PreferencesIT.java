package se.samverkan.notification;

import org.junit.jupiter.api.Test;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

class PreferencesIT extends NotificationServiceIT {

    @Test
    void everyoneStartsWithTheDefaultsAndChangesOnlyTheirOwn() {
        Staff staff = newStaff();
        JsonNode defaults = json(get("/api/preferences", staff.socialWorker()).body());
        assertThat(defaults.path("delivery").asString()).isEqualTo("IMMEDIATE");
        assertThat(defaults.path("mailKinds").valueStream().map(JsonNode::asString)).contains("CASE_OPENED", "CONSENT_WITHDRAWN");
        assertThat(defaults.path("mailAddressKnown").asBoolean()).isTrue();

        HttpResponse<String> saved = put("/api/preferences", staff.socialWorker(),
                "{\"mailKinds\":[\"CONSENT_WITHDRAWN\"],\"delivery\":\"DAILY_DIGEST\"}");
        assertThat(saved.statusCode()).isEqualTo(200);

        JsonNode mine = json(get("/api/preferences", staff.socialWorker()).body());
        assertThat(mine.path("mailKinds").valueStream().map(JsonNode::asString)).containsExactly("CONSENT_WITHDRAWN");
        assertThat(mine.path("delivery").asString()).isEqualTo("DAILY_DIGEST");
        JsonNode colleagues = json(get("/api/preferences", staff.colleague()).body());
        assertThat(colleagues.path("delivery").asString()).isEqualTo("IMMEDIATE");
        assertThat(colleagues.path("mailKinds").size()).isGreaterThan(1);
    }

    @Test
    void noTokenNoPreferences() {
        assertThat(get("/api/preferences", null).statusCode()).isEqualTo(401);
        assertThat(put("/api/preferences", null, "{\"mailKinds\":[],\"delivery\":\"IMMEDIATE\"}").statusCode()).isEqualTo(401);
    }

    @Test
    void invalidPreferencesAreRejectedWithAnActionableProblem() {
        TestUser me = newStaff().socialWorker();
        HttpResponse<String> unknownKind = put("/api/preferences", me, "{\"mailKinds\":[\"GOSSIP\"],\"delivery\":\"IMMEDIATE\"}");
        // an unknown code is 422 in every service (issue 10 item 6), naming the field and the allowed codes
        assertThat(unknownKind.statusCode()).isEqualTo(422);
        assertThat(json(unknownKind.body()).path("detail").asString()).contains("mailKinds").doesNotContain("GOSSIP");
        assertThat(unknownKind.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));

        HttpResponse<String> missingDelivery = put("/api/preferences", me, "{\"mailKinds\":[]}");
        assertThat(missingDelivery.statusCode()).isEqualTo(400);
        assertThat(json(missingDelivery.body()).path("detail").asString()).contains("delivery");

        assertThat(json(get("/api/preferences", me).body()).path("delivery").asString())
                .as("nothing half-saved").isEqualTo("IMMEDIATE");
    }
}
