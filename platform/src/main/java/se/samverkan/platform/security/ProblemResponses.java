package se.samverkan.platform.security;

import jakarta.servlet.http.HttpServletResponse;
import se.samverkan.platform.problem.ProblemJson;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writes problem+json outside Spring MVC (security filters run before any controller advice). */
final class ProblemResponses {

    private ProblemResponses() {
    }

    static void write(HttpServletResponse response, int status, String code, String title, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType(ProblemJson.MEDIA_TYPE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(ProblemJson.of(status, code, title, detail));
    }
}
