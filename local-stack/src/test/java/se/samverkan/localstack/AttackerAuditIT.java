package se.samverkan.localstack;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static se.samverkan.localstack.ItStack.token;

/**
 * The attacker's view of the audit log (issue 10, items 8, 9 and 10), against the whole stack with real Keycloak
 * tokens and the local stack's embedded PostgreSQL superuser. Each test fails on the code before issue 10: search
 * read the nulled {@code case_id} column, health checked only the tree nodes, an officer could decide an item
 * about herself, and the audit API had no municipality.
 */
class AttackerAuditIT {

    private static final Duration PROPAGATION = Duration.ofSeconds(60);

    private static Stack stack;

    @BeforeAll
    static void stack() {
        stack = ItStack.started();
    }

    /** Item 8: a superuser who nulls the search columns of a case's entries hides nothing, and health says so. */
    @Test
    void a_superuser_who_nulls_the_case_id_of_entries_cannot_hide_them_and_the_health_turns_down() throws Exception {
        String anna = token(TestUser.SOCIAL_WORKER);
        String eva = token(TestUser.COMPLIANCE_OFFICER);
        String caseId = openCase(anna);
        String opened = await("case-opened entry").atMost(PROPAGATION).pollInterval(Duration.ofMillis(500))
                .until(() -> eventIdOfType(eva, caseId, "se.samverkan.case.case-opened.v1"), id -> id != null);
        // the integrity check compares against a signed checkpoint; wait until one covers the case's entries
        awaitHealth("UP");

        try (Connection superuser = stack.postgres().superuserConnection("audit_service");
             Statement sql = superuser.createStatement()) {
            sql.execute("CREATE TEMP TABLE hidden AS SELECT leaf_index, case_id, subject_id, actor_id FROM audit_entries "
                    + "WHERE case_id = '" + caseId + "'");
            try {
                sql.execute("SET session_replication_role = replica");
                int rows = sql.executeUpdate("UPDATE audit_entries SET case_id = NULL, subject_id = NULL, actor_id = NULL "
                        + "WHERE leaf_index IN (SELECT leaf_index FROM hidden)");
                assertThat(rows).isPositive();

                // the answer is read from the signed bytes, not from the nulled column
                assertThat(eventIdOfType(eva, caseId, "se.samverkan.case.case-opened.v1")).isEqualTo(opened);
                HttpResponse<String> export = Http.get(ItStack.serviceUrl("audit-service") + "/api/audit/export?caseId=" + caseId, eva);
                assertThat(export.statusCode()).isEqualTo(200);
                assertThat(export.body()).contains(opened).contains("\"kind\":\"omitted\"");
                // and the background check turns the health DOWN within the minute the issue allows
                awaitHealth("DOWN");
            } finally {
                sql.execute("UPDATE audit_entries a SET case_id = h.case_id, subject_id = h.subject_id, actor_id = h.actor_id "
                        + "FROM hidden h WHERE a.leaf_index = h.leaf_index");
                sql.execute("SET session_replication_role = DEFAULT");
            }
        }
        awaitHealth("UP");
    }

    /** Item 8, last sentence: the running audit-service holds no credentials that could switch the triggers off. */
    @Test
    void the_audit_services_runtime_role_can_neither_rewrite_nor_disable_the_append_only_triggers() throws Exception {
        try (Connection runtime = DriverManager.getConnection(stack.settings().jdbcUrl("audit_service"), "audit_service", "audit_service");
             Statement sql = runtime.createStatement()) {
            for (String attack : List.of("ALTER TABLE audit_entries DISABLE TRIGGER ALL",
                    "DROP TRIGGER audit_entries_no_change ON audit_entries", "SET session_replication_role = replica",
                    "UPDATE audit_entries SET case_id = NULL", "DELETE FROM audit_entries", "TRUNCATE audit_entries CASCADE")) {
                assertThatThrownBy(() -> sql.execute(attack)).as(attack).isInstanceOf(SQLException.class);
            }
        }
        // what the running JVM was actually given (Linux: /proc/<pid>/environ of the service's process)
        long pid = stack.services().stream().filter(s -> s.spec().name().equals("audit-service")).findFirst().orElseThrow()
                .process().pid();
        java.nio.file.Path environ = java.nio.file.Path.of("/proc", String.valueOf(pid), "environ");
        String environment = new String(java.nio.file.Files.readAllBytes(environ), java.nio.charset.StandardCharsets.UTF_8)
                .replace('\0', '\n');
        assertThat(environment).contains("SPRING_DATASOURCE_USERNAME=audit_service")
                .doesNotContain("SPRING_FLYWAY_USER", "SPRING_FLYWAY_PASSWORD", "audit_owner");
    }

    /** Items 9 and 10: eva cannot decide an item about her own access; hanna of Botkyrka sees nothing of Haninge's. */
    @Test
    void eva_cannot_decide_her_own_review_item_and_botkyrkas_officer_sees_none_of_haninges_log() {
        String anna = token(TestUser.SOCIAL_WORKER);
        String eva = token(TestUser.COMPLIANCE_OFFICER);
        String hanna = token(TestUser.COMPLIANCE_OFFICER_BOTKYRKA);
        String caseId = openCase(anna);

        // eva tries to write a note in the case: refused, recorded, and a review item about her own access
        HttpResponse<String> attempt = Http.postJson(ItStack.serviceUrl("case-service") + "/api/cases/" + caseId + "/notes", eva,
                "{\"text\":\"just looking\"}");
        assertThat(attempt.statusCode()).isIn(403, 404);
        JsonNode item = await("eva's DENIED_ATTEMPT item").atMost(PROPAGATION).pollInterval(Duration.ofMillis(500)).until(() -> {
            JsonNode items = Http.json(Http.get(ItStack.serviceUrl("audit-service") + "/api/audit/review-items?rule=DENIED_ATTEMPT&caseId=" + caseId, eva));
            return items.path("items").valueStream().filter(i -> TestUser.COMPLIANCE_OFFICER.id().equals(i.path("actorUserId").asString()))
                    .findFirst().orElse(null);
        }, found -> found != null);
        String itemId = item.path("id").asString();
        assertThat(item.path("municipality").asString()).isEqualTo(TestUser.HANINGE);

        HttpResponse<String> own = Http.postJson(ItStack.serviceUrl("audit-service") + "/api/audit/review-items/" + itemId + "/decision", eva,
                "{\"outcome\":\"JUSTIFIED\",\"comment\":\"I decide about myself\"}");
        assertThat(own.statusCode()).isEqualTo(403);
        assertThat(own.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(Http.json(Http.get(ItStack.serviceUrl("audit-service") + "/api/audit/review-items/" + itemId, eva))
                .path("decisionLeafIndex").isNull()).isTrue();

        // hanna: a compliance officer, but of Botkyrka
        JsonNode entries = Http.json(Http.get(ItStack.serviceUrl("audit-service") + "/api/audit/entries?caseId=" + caseId, hanna));
        assertThat(entries.path("items")).isEmpty();
        assertThat(entries.path("municipality").asString()).isEqualTo(TestUser.BOTKYRKA);
        assertThat(Http.json(Http.get(ItStack.serviceUrl("audit-service") + "/api/audit/entries?actorId=" + TestUser.SOCIAL_WORKER.id(), hanna))
                .path("items")).isEmpty();
        assertThat(Http.json(Http.get(ItStack.serviceUrl("audit-service") + "/api/audit/review-items?status=ALL&caseId=" + caseId, hanna))
                .path("items")).isEmpty();
        assertThat(Http.get(ItStack.serviceUrl("audit-service") + "/api/audit/review-items/" + itemId, hanna).statusCode()).isEqualTo(404);
        HttpResponse<String> foreign = Http.postJson(ItStack.serviceUrl("audit-service") + "/api/audit/review-items/" + itemId + "/decision", hanna,
                "{\"outcome\":\"JUSTIFIED\",\"comment\":\"not my municipality\"}");
        assertThat(foreign.statusCode()).isEqualTo(404);
        // her export of the case holds only her own reads of it (Botkyrka's staff); Haninge's entries are omitted leaves
        String export = Http.get(ItStack.serviceUrl("audit-service") + "/api/audit/export?caseId=" + caseId, hanna).body();
        List<String> listed = export.lines().map(line -> Http.JSON.readTree(line))
                .filter(line -> "entry".equals(line.path("kind").asString()))
                .map(line -> new String(java.util.Base64.getDecoder().decode(line.path("entry").asString()), java.nio.charset.StandardCharsets.UTF_8))
                .toList();
        assertThat(listed).allSatisfy(entry -> assertThat(entry).contains("se.samverkan.audit.audit-log-read.v1", TestUser.COMPLIANCE_OFFICER_BOTKYRKA.id())
                .doesNotContain(TestUser.SOCIAL_WORKER.id(), TestUser.COMPLIANCE_OFFICER.id()));
        assertThat(export).contains("\"kind\":\"omitted\"");
        assertThat(Http.json(Http.get(ItStack.serviceUrl("audit-service") + "/api/audit/review-items/" + itemId, eva))
                .path("decisionLeafIndex").isNull()).isTrue();
    }

    private static String openCase(String bearer) {
        HttpResponse<String> opened = Http.postJson(ItStack.serviceUrl("case-service") + "/api/cases", bearer, FirstCase.JSON);
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        return Http.json(opened).path("caseId").asString();
    }

    private static String eventIdOfType(String bearer, String caseId, String type) {
        List<String> found = new ArrayList<>();
        String after = "";
        for (int pages = 0; pages < 100; pages++) {
            HttpResponse<String> response = Http.get(ItStack.serviceUrl("audit-service") + "/api/audit/entries?size=500&caseId=" + caseId + after, bearer);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode page = Http.json(response);
            page.path("items").forEach(entry -> {
                if (type.equals(entry.path("type").asString())) {
                    found.add(entry.path("eventId").asString());
                }
            });
            if (!page.path("hasMore").asBoolean()) {
                break;
            }
            after = "&afterLeaf=" + page.path("nextAfterLeaf").asLong();
        }
        return found.isEmpty() ? null : found.getFirst();
    }

    private static void awaitHealth(String status) {
        await("audit log integrity " + status).atMost(PROPAGATION).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode health = Http.json(Http.get(ItStack.managementUrl("audit-service") + "/health", null));
            assertThat(health.path("components").path("auditLogIntegrity").path("status").asString()).isEqualTo(status);
        });
    }
}
