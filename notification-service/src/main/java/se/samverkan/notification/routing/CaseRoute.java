package se.samverkan.notification.routing;

import se.samverkan.contracts.Program;
import se.samverkan.contracts.ProtectedIdentity;

import java.util.List;
import java.util.UUID;

/** What this service remembers about a case to route later events: where it belongs and who is on its team. */
public record CaseRoute(
        UUID caseId,
        Program program,
        String municipality,
        String unit,
        ProtectedIdentity protectedIdentity,
        String ownerUserId,
        List<String> team) {

    public CaseRoute {
        team = team == null ? List.of() : List.copyOf(team);
    }
}
