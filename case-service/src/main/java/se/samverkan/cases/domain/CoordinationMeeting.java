package se.samverkan.cases.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** A joint coordination meeting as the case file holds it; {@code agreedText} is sealed like a note (journal). */
public record CoordinationMeeting(String meetingId, LocalDate heldOn, List<MeetingParticipant> participants,
                                  String agreedText, boolean actionPlanAgreed, String recordedBy, Instant recordedAt) {

    public Optional<MeetingParticipant> participant(String participantId) {
        return participants.stream().filter(p -> p.participantId().equals(participantId)).findFirst();
    }

    @Override
    public String toString() {
        return "CoordinationMeeting[" + meetingId + "]";
    }
}
