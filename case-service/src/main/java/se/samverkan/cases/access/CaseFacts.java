package se.samverkan.cases.access;

import se.samverkan.cases.domain.CaseFile;
import se.samverkan.cases.domain.CaseStatus;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.ProtectedIdentity;

import java.util.List;
import java.util.UUID;

/** What the policy needs to know about a case, and nothing more. */
public record CaseFacts(UUID caseId, UUID subjectId, Program program, String municipality, String unit,
                        List<String> team, List<String> sharedWith, ProtectedIdentity protectedIdentity, CaseStatus status) {

    public static CaseFacts of(CaseFile file) {
        return new CaseFacts(file.caseId().value(), file.subjectId().value(), file.program(), file.municipality(),
                file.unit(), file.team(), file.sharedWith(), file.protectedIdentity(), file.status());
    }

    public boolean onTeam(String userId) {
        return team.contains(userId);
    }

    public boolean isProtected() {
        return protectedIdentity != ProtectedIdentity.NONE;
    }
}
