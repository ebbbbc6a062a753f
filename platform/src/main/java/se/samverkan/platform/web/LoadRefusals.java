package se.samverkan.platform.web;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import se.samverkan.platform.problem.ProblemTypes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The two refusals of too much work, written by filters before Spring MVC: fixed text, nothing from the request. */
final class LoadRefusals {

    private LoadRefusals() {
    }

    static void overloaded(HttpServletResponse response, long retryAfterSeconds) throws IOException {
        write(response, 503, retryAfterSeconds, "overloaded", "Service busy",
                "The service is working at its limit and did not start on this request; nothing was changed. Try again in "
                        + retryAfterSeconds + " s (Retry-After).");
    }

    static void rateLimited(HttpServletResponse response, long retryAfterSeconds) throws IOException {
        write(response, 429, retryAfterSeconds, "rate-limited", "Too many requests",
                "You sent more requests than one user may in a short time; this one was not carried out. Try again in "
                        + retryAfterSeconds + " s (Retry-After).");
    }

    private static void write(HttpServletResponse response, int status, long retryAfterSeconds, String code, String title,
                              String detail) throws IOException {
        response.setStatus(status);
        response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"type\":\"" + ProblemTypes.of(code) + "\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\",\"code\":\"" + code + "\",\"retryAfterSeconds\":" + retryAfterSeconds + "}");
        response.flushBuffer();
    }
}
