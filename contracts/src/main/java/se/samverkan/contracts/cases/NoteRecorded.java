package se.samverkan.contracts.cases;

import se.samverkan.contracts.*;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A journal note was recorded (its text never leaves case-service). */
@IntegrationEventType("se.samverkan.case.note-recorded.v1")
public record NoteRecorded(
        CaseRef caseRef,
        ActorRef actor,
        Instant occurredAt,
        UUID noteId,
        UUID correctsNoteId) implements CaseIntegrationEvent {
}
