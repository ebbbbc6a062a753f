package se.samverkan.platform.problem;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemJsonTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aProblemWrittenOutsideSpringMvcCarriesTheMembersOfTheControllersProblems() {
        JsonNode problem = JSON.readTree(ProblemJson.of(403, "forbidden", "Forbidden", "Your role does not allow this operation"));
        assertThat(problem.get("type").asString()).isEqualTo(ProblemTypes.BASE + "forbidden");
        assertThat(problem.get("title").asString()).isEqualTo("Forbidden");
        assertThat(problem.get("status").asInt()).isEqualTo(403);
        assertThat(problem.get("detail").asString()).isEqualTo("Your role does not allow this operation");
        assertThat(problem.get("code").asString()).isEqualTo("forbidden");
    }

    @Test
    void aDetailWithQuotesBackslashesAndLineBreaksStaysOneJsonString() {
        String detail = "Send the plain path (not \"a\\b\"),\nthen try again";
        JsonNode problem = JSON.readTree(ProblemJson.of(400, "bad-request", "Invalid request", detail));
        assertThat(problem.get("detail").asString()).isEqualTo(detail);
        assertThat(problem.size()).isEqualTo(5);
    }
}
