package se.samverkan.cases.domain;

import se.samverkan.cases.domain.CaseCommand.CorrectNote;
import se.samverkan.cases.domain.CaseCommand.RecordNote;
import se.samverkan.cases.domain.CaseEvent.NoteRecorded;
import se.samverkan.platform.problem.ClientProblem;

import java.util.List;

/** The journal: notes are never changed, a correction is a new note pointing at the one it corrects. */
public final class Notes {

    static final int MAX_NOTE_LENGTH = 20_000;

    private Notes() {
    }

    public static List<CaseEvent> decide(CaseFile file, RecordNote command) {
        CaseGuards.requireOpen(file);
        requireText(command.text());
        if (file.hasNote(command.noteId())) {
            throw ClientProblem.conflict("note-exists", "Note " + command.noteId() + " is already recorded");
        }
        return List.of(new NoteRecorded(file.caseId(), command.noteId(), command.text(), null, ActedBy.of(command.by()), command.at()));
    }

    public static List<CaseEvent> decide(CaseFile file, CorrectNote command) {
        CaseGuards.requireOpen(file);
        requireText(command.text());
        if (!file.hasNote(command.correctsNoteId())) {
            throw ClientProblem.notFound("Note " + command.correctsNoteId());
        }
        return List.of(new NoteRecorded(file.caseId(), command.noteId(), command.text(), command.correctsNoteId(),
                ActedBy.of(command.by()), command.at()));
    }

    private static void requireText(String text) {
        if (CaseGuards.isBlank(text) || text.length() > MAX_NOTE_LENGTH) {
            throw ClientProblem.badRequest("note-text-invalid", "A note needs a text of 1 to " + MAX_NOTE_LENGTH + " characters");
        }
    }
}
