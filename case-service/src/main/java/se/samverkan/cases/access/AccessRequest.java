package se.samverkan.cases.access;

import se.samverkan.platform.identity.Actor;

/**
 * One question to the policy. {@code caseFacts} is null for operations that precede a case (opening one, sending a
 * police report, listing); {@code targetUnit} is the unit a new case would belong to. {@code subjectAccess} is the
 * subject access request an export or its approval is about (null for every other operation).
 */
public record AccessRequest(Actor actor, Operation operation, CaseFacts caseFacts, ReferralFacts referral,
                            String breakGlassReason, String targetMunicipality, String targetUnit,
                            SubjectAccessFacts subjectAccess) {

    public AccessRequest(Actor actor, Operation operation, CaseFacts caseFacts, ReferralFacts referral,
                         String breakGlassReason, String targetMunicipality, String targetUnit) {
        this(actor, operation, caseFacts, referral, breakGlassReason, targetMunicipality, targetUnit, null);
    }

    /** A step of a subject access request; {@code caseFacts} names the case an export includes, null otherwise. */
    public static AccessRequest onSubjectAccess(Actor actor, Operation operation, SubjectAccessFacts request, CaseFacts caseFacts) {
        return new AccessRequest(actor, operation, caseFacts, null, null,
                request == null ? actor.municipality() : request.municipality(), null, request);
    }

    public static AccessRequest onCase(Actor actor, Operation operation, CaseFacts facts) {
        return new AccessRequest(actor, operation, facts, null, null, null, null);
    }
}
