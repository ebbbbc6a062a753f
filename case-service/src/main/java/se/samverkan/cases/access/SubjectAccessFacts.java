package se.samverkan.cases.access;

import java.util.UUID;

/**
 * What the policy needs to know about one subject access request (registerutdrag): whose it is, about whom (the
 * pseudonymous subject id, never the personnummer), and how far it has come. {@code EXPIRED} is an approval whose
 * window passed without an export.
 */
public record SubjectAccessFacts(UUID requestId, String municipality, UUID subjectId, String requestedBy, State state) {

    public enum State { PENDING_APPROVAL, APPROVED, REJECTED, EXPORTED, EXPIRED }
}
