package se.samverkan.cases.access;

import se.samverkan.platform.identity.Actor;

/**
 * One question to the policy. {@code caseFacts} is null for operations that precede a case (opening one, sending a
 * police report, listing); {@code targetUnit} is the unit a new case would belong to. {@code subjectAccess} is the
 * subject access request an export or its approval is about (null for every other operation).
 */
public record AccessRequest(Actor actor, Operation operation, CaseFacts caseFacts, ReferralFacts referral,
                            String breakGlassReason, String targetMunicipality, String targetUnit,
                            SubjectAccessFacts subjectAccess, CommitmentFacts commitment) {

    public AccessRequest(Actor actor, Operation operation, CaseFacts caseFacts, ReferralFacts referral,
                         String breakGlassReason, String targetMunicipality, String targetUnit,
                         SubjectAccessFacts subjectAccess) {
        this(actor, operation, caseFacts, referral, breakGlassReason, targetMunicipality, targetUnit, subjectAccess, null);
    }

    /** A commitment of a joint action plan, as a participant acts on it (issue 15). */
    public static AccessRequest onCommitment(Actor actor, Operation operation, CaseFacts caseFacts, CommitmentFacts commitment) {
        return new AccessRequest(actor, operation, caseFacts, null, null, null, null, null, commitment);
    }

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

    /** A referral of a case, as the police liaison it is addressed to acts on it. */
    public static AccessRequest onReferral(Actor actor, Operation operation, CaseFacts caseFacts, ReferralFacts referral) {
        return new AccessRequest(actor, operation, caseFacts, referral, null, null, null);
    }

    /** Something done in a unit rather than on a case: opening a case there, or a report over its cases. */
    public static AccessRequest forUnit(Actor actor, Operation operation, String municipality, String unit) {
        return new AccessRequest(actor, operation, null, null, null, municipality, unit);
    }

    /** An operation over no single case: a list, which the policy then asks about row by row. */
    public static AccessRequest withoutCase(Actor actor, Operation operation) {
        return new AccessRequest(actor, operation, null, null, null, null, null);
    }

    /**
     * The case is not known: it does not exist, or the request was refused before the case was looked at. Recorded
     * like any other refusal, with nothing about the case in it.
     */
    public static AccessRequest unknownCase(Actor actor, Operation operation) {
        return withoutCase(actor, operation);
    }

    /** The same request, made by breaking the glass with this written reason (null: not breaking it). */
    public AccessRequest withBreakGlassReason(String reason) {
        return new AccessRequest(actor, operation, caseFacts, referral, reason, targetMunicipality, targetUnit, subjectAccess,
                commitment);
    }
}
