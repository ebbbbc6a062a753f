package se.samverkan.audit.compliance;

import se.samverkan.audit.log.PendingEntry;
import se.samverkan.platform.identity.Actor;
import se.samverkan.platform.problem.ClientProblem;

/**
 * What one compliance officer may read: entries about her municipality's cases or by its staff. Entries about
 * neither (a record the log rejected: topic, offset and a hash) concern the service itself and are shown to every
 * officer. An officer without a municipality in her token reads nothing.
 */
public record MunicipalityScope(String municipality) {

    public static MunicipalityScope of(Actor officer) {
        if (officer.municipality() == null || officer.municipality().isBlank()) {
            throw ClientProblem.forbidden("no-municipality", "Your account has no municipality, so there is no audit log you may read; "
                    + "ask the identity administrator to set the municipality claim");
        }
        return new MunicipalityScope(officer.municipality());
    }

    public boolean covers(PendingEntry e) {
        if (e.caseMunicipality() == null && e.actorMunicipality() == null) {
            return true;
        }
        return municipality.equals(e.caseMunicipality()) || municipality.equals(e.actorMunicipality());
    }
}
