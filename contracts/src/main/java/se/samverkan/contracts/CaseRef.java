package se.samverkan.contracts;

import java.util.List;
import java.util.UUID;

public record CaseRef(
        UUID caseId,
        Program program,
        String municipality,
        String unit,
        UUID subjectId,
        ProtectedIdentity protectedIdentity) {
}
