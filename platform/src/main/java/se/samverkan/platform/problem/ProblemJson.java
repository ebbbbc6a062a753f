package se.samverkan.platform.problem;

import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 9457 problem as JSON text, for the answers written outside Spring MVC (security filters, the firewall's
 * refusals, Tomcat's own error reports), where no {@code ProblemDetail} converter runs. One writer, so that they
 * carry the same members as the controllers' problems and their text is escaped as JSON.
 */
public final class ProblemJson {

    public static final String MEDIA_TYPE = "application/problem+json";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemJson() {
    }

    public static String of(int status, String code, String title, String detail) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", ProblemTypes.of(code).toString());
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("code", code);
        return JSON.writeValueAsString(problem);
    }
}
