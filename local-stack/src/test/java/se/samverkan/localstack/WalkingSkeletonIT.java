package se.samverkan.localstack;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samverkan.localstack.services.ServiceSpec;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 2's walking skeleton through the real thing: a Keycloak token from the local stack's realm, case-service,
 * Kafka, audit-service and notification-service, each a separate JVM started from its Spring Boot jar.
 */
class WalkingSkeletonIT {

    private static final Duration PROPAGATION = Duration.ofSeconds(60);

    private static Stack stack;
    private static Map<String, String> urls;

    @BeforeAll
    static void stack() {
        stack = ItStack.get();
        assertThat(stack.serviceFailures())
                .as("every service must start for the end-to-end test; read the log named in each failure")
                .isEmpty();
        urls = ServiceSpec.all(stack.settings()).stream().collect(Collectors.toMap(ServiceSpec::name, ServiceSpec::baseUrl));
    }

    @Test
    void a_case_opened_by_a_social_worker_reaches_the_audit_log_and_the_teams_inbox() {
        String anna = ItStack.token(TestUser.SOCIAL_WORKER);
        String eva = Http.passwordGrant(stack.settings(), TestUser.COMPLIANCE_OFFICER.username(), "demo");

        HttpResponse<String> opened = Http.postJson(urls.get("case-service") + "/api/cases", anna, FirstCase.JSON);

        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        String caseId = Http.json(opened).path("caseId").asString();
        assertThat(opened.headers().firstValue("Location")).hasValue("/api/cases/" + caseId);
        assertThat(opened.headers().firstValue("ETag")).isPresent();

        await("audit entry for case " + caseId).atMost(PROPAGATION).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            HttpResponse<String> entries = Http.get(urls.get("audit-service") + "/api/audit/entries?caseId=" + caseId, eva);
            assertThat(entries.statusCode()).as(entries.body()).isEqualTo(200);
            assertThat(withCaseId(Http.json(entries), caseId))
                    .anySatisfy(entry -> assertThat(entry.path("type").asString()).isEqualTo("se.samverkan.case.case-opened.v1"));
        });

        await("CASE_OPENED in anna's inbox").atMost(PROPAGATION).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            HttpResponse<String> inbox = Http.get(urls.get("notification-service") + "/api/inbox", anna);
            assertThat(inbox.statusCode()).as(inbox.body()).isEqualTo(200);
            assertThat(withCaseId(Http.json(inbox), caseId)).anySatisfy(item -> {
                assertThat(item.path("kind").asString()).isEqualTo("CASE_OPENED");
                assertThat(item.path("read").asBoolean()).isFalse();
                assertThat(item.path("message").asString()).isNotBlank().doesNotContain("20100315", "Testsson", "Testgatan");
            });
        });
    }

    @Test
    void notification_service_learns_who_works_where_from_keycloak() {
        String url = stack.settings().jdbcUrl("notification_service");

        // the sync retries every 30 s in the local stack, and its first try may come before Keycloak is up
        await("directory synced from Keycloak").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            try (Connection db = DriverManager.getConnection(url, "notification_service", "notification_service");
                 ResultSet synced = db.createStatement().executeQuery(
                         "SELECT user_id::text, unit FROM directory_users WHERE source = 'keycloak' AND active")) {
                Map<String, String> units = new java.util.HashMap<>();
                while (synced.next()) {
                    units.put(synced.getString(1), synced.getString(2));
                }
                assertThat(units).containsAllEntriesOf(TestUser.all().stream()
                        .collect(Collectors.toMap(TestUser::id, TestUser::unit)));
            }
        });
    }

    @Test
    void a_social_workers_token_does_not_open_the_audit_log() {
        String anna = ItStack.token(TestUser.SOCIAL_WORKER);

        HttpResponse<String> response = Http.get(urls.get("audit-service") + "/api/audit/entries", anna);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    }

    @Test
    void every_service_refuses_a_call_without_a_token() {
        for (String url : List.of(urls.get("case-service") + "/api/cases", urls.get("audit-service") + "/api/audit/entries",
                urls.get("notification-service") + "/api/inbox")) {
            assertThat(Http.get(url, null).statusCode()).as(url).isEqualTo(401);
        }
    }

    @Test
    void every_service_is_healthy_and_serves_its_api_description() {
        urls.forEach((name, url) -> {
            assertThat(Http.get(ItStack.managementUrl(name) + "/health", null).body()).as(name).contains("\"UP\"");
            assertThat(Http.get(url + "/actuator/health", null).statusCode()).as("no actuator on %s's API port", name).isIn(401, 404);
            assertThat(Http.get(url + "/v3/api-docs", null).statusCode()).as(name).isEqualTo(200);
        });
    }

    /** Every object anywhere in the response whose caseId is the given one, so the test does not depend on paging shape. */
    private static List<JsonNode> withCaseId(JsonNode tree, String caseId) {
        List<JsonNode> found = new java.util.ArrayList<>();
        collect(tree, caseId, found);
        return found;
    }

    private static void collect(JsonNode node, String caseId, List<JsonNode> found) {
        if (node.isObject() && caseId.equals(node.path("caseId").asString(null))) {
            found.add(node);
        }
        node.valueStream().forEach(child -> collect(child, caseId, found));
    }
}
