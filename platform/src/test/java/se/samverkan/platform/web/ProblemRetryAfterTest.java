package se.samverkan.platform.web;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import se.samverkan.platform.problem.ClientProblem;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemRetryAfterTest {

    private final ProblemHandlers handlers = new ProblemHandlers();

    @Test
    void aRefusalThatSaysWhenToComeBackSaysItInRetryAfterToo() {
        var response = handlers.clientProblem(new ClientProblem(503, "exports-busy", "Too many exports at once", "try again",
                Map.of("retryAfterSeconds", 30L)));
        assertThat(response.getStatusCode().value()).isEqualTo(503);
        assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("30");
        assertThat(((ProblemDetail) response.getBody()).getProperties()).containsEntry("retryAfterSeconds", 30L);
    }

    @Test
    void anOrdinaryProblemHasNoRetryAfter() {
        var response = handlers.clientProblem(ClientProblem.badRequest("bad-range", "toLeaf must not be smaller than fromLeaf"));
        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(response.getHeaders().containsHeader(HttpHeaders.RETRY_AFTER)).isFalse();
    }
}
