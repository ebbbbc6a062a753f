package se.samverkan.audit.it;

import org.junit.jupiter.api.Test;
import se.samverkan.audit.log.Entries;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every criterion of a compliance read is written into the read's own entry, which nothing can remove. A personnummer
 * typed as the actor, or a name as the legal basis, must be refused before it is logged, and the refusal must not
 * repeat it either.
 */
class SearchCriteriaIT extends AuditServiceITBase {

    private static final String PERSONNUMMER = "201003159124";
    private static final String NAME = "Elsa%20Radsdotter";

    @Test
    void personalDataTypedAsACriterionIsRefusedAndNeverLogged() {
        List<String> refused = List.of(
                "/api/audit/entries?actorId=" + PERSONNUMMER + "&legalBasis=" + NAME,
                "/api/audit/entries?actorId=" + PERSONNUMMER,
                "/api/audit/entries?legalBasis=" + NAME,
                "/api/audit/entries?legalBasis=" + PERSONNUMMER,
                "/api/audit/entries?type=" + NAME,
                "/api/audit/entries?action=" + PERSONNUMMER,
                "/api/audit/entries?actorId=Elsa",
                "/api/audit/export?actorId=" + PERSONNUMMER,
                "/api/audit/export?legalBasis=" + NAME,
                "/api/audit/review-items?actorId=" + PERSONNUMMER,
                "/api/audit/review-items?actorId=" + NAME);
        long reads = logReads();
        for (String path : refused) {
            HttpResponse<String> response = get(path, TestUser.COMPLIANCE_OFFICER);
            assertThat(response.statusCode()).as(path).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).as(path).startsWith("application/problem+json");
            JsonNode problem = json(response);
            assertThat(problem.get("code").asString()).as(path).isEqualTo("validation-failed");
            assertThat(problem.get("detail").asString()).as(path).isNotBlank();
            assertThat(response.body()).as("the value is not echoed: " + path).doesNotContain(PERSONNUMMER).doesNotContain("Elsa")
                    .doesNotContain("Radsdotter");
        }
        assertThat(logReads()).as("nothing logged for a refused read").isEqualTo(reads);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_entries WHERE position(convert_to(?, 'UTF8') in entry) > 0 "
                + "OR position(convert_to(?, 'UTF8') in entry) > 0", Long.class, PERSONNUMMER, "Radsdotter")).isZero();

        // what an officer really searches by passes, and is logged exactly once
        String valid = "/api/audit/entries?actorId=" + TestUser.POLICE_LIAISON.id()
                + "&type=se.samverkan.access.access-recorded.v1&action=READ&legalBasis=OSL_10_18A";
        assertThat(get(valid, TestUser.COMPLIANCE_OFFICER).statusCode()).isEqualTo(200);
        assertThat(get("/api/audit/review-items?actorId=" + TestUser.POLICE_LIAISON.id(), TestUser.COMPLIANCE_OFFICER).statusCode())
                .isEqualTo(200);
        assertThat(logReads()).isEqualTo(reads + 2);
    }

    private long logReads() {
        return jdbc.queryForObject("SELECT count(*) FROM audit_entries WHERE event_type = ?", Long.class, Entries.AUDIT_LOG_READ);
    }
}
