package se.samverkan.cases.core;

import se.samverkan.platform.problem.ClientProblem;

/** ETag = the case's aggregate version, quoted; If-Match must name exactly one version. */
public final class ETags {

    private ETags() {
    }

    public static String of(long version) {
        return "\"" + version + "\"";
    }

    public static Long parseIfMatch(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        String value = ifMatch.strip();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        value = value.replace("\"", "");
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ClientProblem.badRequest("invalid-if-match", "If-Match must be the ETag of a case read, e.g. \"3\"");
        }
    }
}
