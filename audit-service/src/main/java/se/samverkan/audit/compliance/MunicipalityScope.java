package se.samverkan.audit.compliance;

import se.samverkan.audit.log.PendingEntry;
import se.samverkan.platform.identity.Actor;
import se.samverkan.platform.problem.ClientProblem;

/**
 * What one compliance officer may read: entries about her municipality's cases or by its staff (a police liaison is
 * not: {@link se.samverkan.audit.log.Entries} gives the police no actor municipality, so Haninge's officer does not read
 * what the police did with Botkyrka's case because the liaison's token says 0136). The service's own records about no
 * case and no person (a record the log rejected: topic, offset and a hash; a witness alarm) are shown to every officer.
 * Anything else about no municipality is no one municipality's to read: a publication manifest lists every
 * municipality's case ids, and a type this version cannot read yet says nothing about whose it is. An officer without
 * a municipality in her token reads nothing.
 */
public record MunicipalityScope(String municipality) {

    public static MunicipalityScope of(Actor officer) {
        if (officer.municipality() == null || officer.municipality().isBlank()) {
            throw ClientProblem.forbidden("no-municipality", "Your account has no municipality, so there is no audit log you may read; "
                    + "ask the identity administrator to set the municipality claim");
        }
        return new MunicipalityScope(officer.municipality());
    }

    /** Marks an entry of the service's own that every officer reads: the decision on an item of no municipality. */
    public static final String EVERY_OFFICER = "everyOfficer";

    public boolean covers(PendingEntry e) {
        if (se.samverkan.audit.log.Entries.INTERNAL.equals(e.source()) && e.internalData() != null
                && e.internalData().path(EVERY_OFFICER).asBoolean(false)) {
            return true;
        }
        if (e.caseMunicipality() == null && e.actorMunicipality() == null) {
            return se.samverkan.audit.log.Entries.INTERNAL.equals(e.source()) && e.actorId() == null;
        }
        return municipality.equals(e.caseMunicipality()) || municipality.equals(e.actorMunicipality());
    }
}
