package se.samverkan.cases.subjectaccess;

import se.samverkan.platform.problem.ClientProblem;

import java.util.Arrays;

/** Why the second person refused a subject access request. */
public enum SubjectAccessRejection {
    IDENTITY_NOT_VERIFIED("Den sökandes identitet är inte styrkt"),
    REQUESTER_NOT_ENTITLED("Den sökande har inte rätt till uppgifterna"),
    DUPLICATE_REQUEST("Begäran är redan registrerad"),
    REQUEST_WITHDRAWN("Begäran har återkallats");

    private final String label;

    SubjectAccessRejection(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    static SubjectAccessRejection parse(String code) {
        return Arrays.stream(values()).filter(r -> r.name().equals(code)).findFirst()
                .orElseThrow(() -> ClientProblem.ruleViolation("unknown-reason-code",
                        "reasonCode must be one of " + Arrays.toString(values())));
    }
}
