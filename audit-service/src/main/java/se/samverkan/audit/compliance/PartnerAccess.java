package se.samverkan.audit.compliance;

import se.samverkan.contracts.access.AccessRecorded;

/**
 * An access by staff of another municipality than the one owning the case: a partner municipality's coordinator on a
 * shared exit case (issue 14). One rule for the disclosure report and the review queue.
 */
public final class PartnerAccess {

    private PartnerAccess() {
    }

    public static boolean byPartner(AccessRecorded access) {
        // the police are no municipality's staff: their reads of a referral are the owner's to review, and no partner's
        return access.caseId() != null && access.owningMunicipality() != null && access.actor() != null
                && access.actor().agency() != se.samverkan.contracts.Agency.POLICE
                && access.actor().municipality() != null && !access.actor().municipality().equals(access.owningMunicipality());
    }
}
