package se.samverkan.cases.core;

import org.junit.jupiter.api.Test;
import se.samverkan.cases.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samverkan.platform.test.TestUser.SOCIAL_WORKER;

/** Issue 10 item 7: every request body, string and list is bounded, and the answer says which field and limit. */
class RequestLimitsIT extends IntegrationTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aFiveMegabyteNoteIsRefusedBeforeItIsRead() throws Exception {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        String body = "{\"text\":\"" + "a".repeat(5 * 1024 * 1024) + "\"}";

        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/cases/" + caseId + "/notes"))
                .header("Authorization", SOCIAL_WORKER.bearer()).header("Content-Type", "application/json")
                .expectContinue(true).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("application/problem+json");
        assertThat(response.body()).contains("\"code\":\"body-too-large\"", "524288");
    }

    @Test
    void aBodyWithoutALengthIsCutOffAtTheLimit() throws Exception {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        byte[] body = ("{\"text\":\"" + "a".repeat(600 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        long eventsBefore = eventCount(caseId);

        // no Content-Length: the JDK client sends it chunked
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/cases/" + caseId + "/notes"))
                .header("Authorization", SOCIAL_WORKER.bearer()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("body-too-large");
        assertThat(eventCount(caseId)).isEqualTo(eventsBefore);
    }

    private long eventCount(UUID caseId) {
        return jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?").param(caseId.toString())
                .query(Long.class).single();
    }

    @Test
    void aTooLongFieldOrListIsNamedWithItsLimit() {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        String team = String.join(",", Collections.nCopies(51, "\"" + UUID.randomUUID() + "\""));

        Response bigTeam = put(SOCIAL_WORKER, "/api/cases/" + caseId + "/team", "{\"team\":[" + team + "]}");
        Response longUnit = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/sharing", "{\"partnerMunicipality\":\"" + "1".repeat(65) + "\"}");

        assertThat(bigTeam.status()).isEqualTo(400);
        JsonNode problem = bigTeam.json();
        assertThat(bigTeam.header("Content-Type")).startsWith("application/problem+json");
        assertThat(problem.get("detail").asString()).contains("team", "50");
        assertThat(longUnit.status()).isEqualTo(400);
        assertThat(longUnit.json().get("detail").asString()).contains("partnerMunicipality", "64");
    }
}
