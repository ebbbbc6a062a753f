package se.samverkan.audit.it;

import org.junit.jupiter.api.Test;
import se.samverkan.audit.compliance.LegalBasisCriterion;
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

    @org.springframework.beans.factory.annotation.Autowired
    LegalBasisCriterion legalBases;

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

    /**
     * legalBasis accepts any catalogue code's shape, because a municipality's own codes are real codes of every shape
     * (SAMTYCKE_UNDER_18), so a name typed in that shape (KIM_TESTSSON) passed and was written into the read's entry
     * for good. The entry now holds the code as given only when it is a national code or has a provision's shape
     * (a statute's abbreviation and its chapter and section: OSL_12_2); any other code is recorded as a keyed digest,
     * which whoever holds the service's key can match to a claimed code and nobody can read the text from.
     */
    @Test
    void aLegalBasisThatIsNeitherANationalCodeNorAProvisionIsSearchedButRecordedOnlyAsAKeyedDigest() {
        long after = jdbc.queryForObject("SELECT coalesce(max(leaf_index), -1) FROM audit_entries", Long.class);
        for (String code : List.of("KIM_TESTSSON", "SAMTYCKE_UNDER_18", "OSL_10_18A", "CONSENT", "OSL_12_2")) {
            HttpResponse<String> searched = get("/api/audit/entries?legalBasis=" + code, TestUser.COMPLIANCE_OFFICER);
            assertThat(searched.statusCode()).as(code + ": " + searched.body()).isEqualTo(200);
        }
        HttpResponse<String> export = get("/api/audit/export?legalBasis=KIM_TESTSSON&fromLeaf=" + (after + 1), TestUser.COMPLIANCE_OFFICER);
        assertThat(export.statusCode()).as(export.body()).isEqualTo(200);

        List<JsonNode> criteria = jdbc.queryForList("SELECT entry FROM audit_entries WHERE event_type = ? AND leaf_index > ? "
                        + "AND actor_id = ? ORDER BY leaf_index", byte[].class, Entries.AUDIT_LOG_READ, after, TestUser.COMPLIANCE_OFFICER.id())
                .stream().map(bytes -> Entries.fromStored(bytes).internalData().get("criteria")).toList();
        assertThat(criteria).hasSize(6);
        assertThat(criteria.get(0).has("legalBasis")).as("no text").isFalse();
        assertThat(criteria.get(0).get("legalBasisDigest").asString()).isEqualTo(legalBases.digest("KIM_TESTSSON"))
                .isNotEqualTo(legalBases.digest("KIM_TESTSON"));
        assertThat(criteria.get(1).has("legalBasis")).isFalse();
        assertThat(criteria.get(1).get("legalBasisDigest").asString()).isEqualTo(legalBases.digest("SAMTYCKE_UNDER_18"));
        assertThat(criteria.get(2).get("legalBasis").asString()).isEqualTo("OSL_10_18A");
        assertThat(criteria.get(3).get("legalBasis").asString()).isEqualTo("CONSENT");
        assertThat(criteria.get(4).get("legalBasis").asString()).isEqualTo("OSL_12_2");
        assertThat(criteria.get(2).has("legalBasisDigest")).isFalse();
        assertThat(criteria.get(5).get("legalBasisDigest").asString()).as("the export's entry too").isEqualTo(legalBases.digest("KIM_TESTSSON"));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_entries WHERE position(convert_to(?, 'UTF8') in entry) > 0",
                Long.class, "TESTSSON")).as("nowhere in the log").isZero();
    }

    private long logReads() {
        return jdbc.queryForObject("SELECT count(*) FROM audit_entries WHERE event_type = ?", Long.class, Entries.AUDIT_LOG_READ);
    }
}
