package se.samverkan.platform.web;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import se.samverkan.platform.problem.ProblemTypes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The refusals of work the instance cannot do now, written by filters before Spring MVC: fixed text, nothing from the request. */
public final class LoadRefusals {

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

    /** A token that could not be checked because the realm's signing keys could not be had in time: not the caller's fault. */
    public static void tokenCheckUnavailable(HttpServletResponse response, long retryAfterSeconds) throws IOException {
        write(response, 503, retryAfterSeconds, "token-check-unavailable", "Sign-in check unavailable",
                "The service could not get the keys to check your sign-in from the identity provider just now; nothing was"
                        + " changed and your token is not rejected. Try again in " + retryAfterSeconds + " s (Retry-After).");
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
