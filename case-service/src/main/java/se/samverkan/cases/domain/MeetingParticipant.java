package se.samverkan.cases.domain;

import se.samverkan.contracts.Agency;

/**
 * One participant of a coordination meeting as the case keeps it: the part they play ({@code role}, a
 * {@code ParticipantRole} code) and, for staff, their organisation (a configured unit code, with its agency and
 * municipality as configured when the meeting was recorded) and, if they have an account, their user id. Guardians and
 * the youth take part as persons named in the case: no organisation, no user id, and nothing else here either.
 */
public record MeetingParticipant(String participantId, String role, Agency agency, String municipality,
                                 String organisation, String userId) {

    public boolean hasAccount() {
        return userId != null;
    }
}
