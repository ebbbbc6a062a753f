package se.samverkan.cases.access;

import se.samverkan.platform.identity.Actor;

/**
 * One question to the policy. {@code caseFacts} is null for operations that precede a case (opening one, sending a
 * police report, listing); {@code targetUnit} is the unit a new case would belong to.
 */
public record AccessRequest(Actor actor, Operation operation, CaseFacts caseFacts, ReferralFacts referral,
                            String breakGlassReason, String targetMunicipality, String targetUnit) {

    public static AccessRequest onCase(Actor actor, Operation operation, CaseFacts facts) {
        return new AccessRequest(actor, operation, facts, null, null, null, null);
    }
}
