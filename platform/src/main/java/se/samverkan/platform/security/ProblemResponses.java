package se.samverkan.platform.security;

import jakarta.servlet.http.HttpServletResponse;
import se.samverkan.platform.problem.ProblemTypes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writes problem+json outside Spring MVC (security filters run before any controller advice). */
final class ProblemResponses {

    private ProblemResponses() {
    }

    static void write(HttpServletResponse response, int status, String code, String title, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"type\":\"" + ProblemTypes.of(code) + "\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\",\"code\":\"" + code + "\"}");
    }
}
