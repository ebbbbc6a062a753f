package se.samverkan.cases.subjectaccess;

import se.samverkan.platform.problem.ClientProblem;

import java.util.Arrays;

/** Why a subject access request is answered: a code, never free text, so it can travel and be kept without risk. */
public enum SubjectAccessReason {
    SUBJECT_REQUEST("Den registrerade begär registerutdrag (art. 15 GDPR)"),
    GUARDIAN_REQUEST("Vårdnadshavare begär registerutdrag för ett barn"),
    LEGAL_REPRESENTATIVE("Ombud eller god man begär registerutdrag med fullmakt"),
    SUPERVISORY_AUTHORITY("Tillsynsmyndighet (IMY, IVO) begär underlaget");

    private final String label;

    SubjectAccessReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    static SubjectAccessReason parse(String code) {
        return Arrays.stream(values()).filter(r -> r.name().equals(code)).findFirst()
                .orElseThrow(() -> ClientProblem.ruleViolation("unknown-reason-code",
                        "reasonCode must be one of " + Arrays.toString(values())));
    }
}
