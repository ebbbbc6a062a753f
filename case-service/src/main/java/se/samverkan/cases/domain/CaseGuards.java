package se.samverkan.cases.domain;

import se.samverkan.platform.problem.ClientProblem;

/** The preconditions many decisions share: the client's If-Match, an open case, personal data not yet cleared. */
final class CaseGuards {

    private CaseGuards() {
    }

    /** A command without {@code expectedVersion} (the watch, the retention job, the police) is not version-checked. */
    static void checkVersion(CaseFile file, CaseCommand command) {
        Long expected = command.expectedVersion();
        if (expected != null && expected != file.version()) {
            throw ClientProblem.preconditionFailed("The case changed since you read it (your version " + expected
                    + ", current " + file.version() + "); read it again and retry");
        }
    }

    static void requireOpen(CaseFile file) {
        if (file.status() == CaseStatus.CLOSED) {
            throw ClientProblem.conflict("case-closed", "The case is closed; reopen it first");
        }
    }

    /** A partly cleared case can still be held: a hold stops the clearing of what is left. */
    static void requireNotCleared(CaseFile file) {
        if (file.personalDataErased()) {
            throw ClientProblem.conflict("case-data-cleared", "The case's personal data has been cleared (gallrad)");
        }
    }

    static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }

    /**
     * A municipality's own code as a command carries it (issue 15): chosen from the municipality's vocabulary before
     * the command was made, so anything but a code here is a programming error, refused before it is stored.
     */
    static String localCode(String code) {
        if (code != null && !MunicipalVocabulary.CODE.matcher(code).matches()) {
            throw ClientProblem.badRequest("invalid-local-code", "A municipality's own code is capitals, digits and underscores");
        }
        return code;
    }
}
