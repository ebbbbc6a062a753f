package se.samverkan.cases.casework;

import se.samverkan.cases.domain.CaseFile;
import se.samverkan.platform.problem.ClientProblem;

import java.util.List;

/**
 * Which of a case's notes a read answers: the latest {@code limit} before a note (or the latest of all). A case of an
 * exit programme runs for years; answering every note of it with every read made the read grow with the case (issue
 * 12 measured 2.5 MB and 4× the time at 10,000 notes). Older notes are a further read of the same case, with the
 * same decision and access event.
 */
public record NotesPage(int limit, String before) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;
    public static final NotesPage LATEST = new NotesPage(DEFAULT_LIMIT, null);

    public static NotesPage of(Integer limit, String before) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw ClientProblem.badRequest("invalid-notes-limit",
                    "'notesLimit' must be between 1 and " + MAX_LIMIT + ", was " + size);
        }
        return new NotesPage(size, before == null || before.isBlank() ? null : before);
    }

    /** The page of the notes this reader sees (in the order they were recorded) and the cursor of the next. */
    public record Page(List<CaseFile.Note> notes, int total, String nextBefore) {
    }

    public Page of(List<CaseFile.Note> visible) {
        int end = visible.size();
        if (before != null) {
            end = -1;
            for (int i = 0; i < visible.size(); i++) {
                if (visible.get(i).noteId().equals(before)) {
                    end = i;
                    break;
                }
            }
            if (end < 0) {
                // the same answer whether the note does not exist or is one this reader does not see
                throw ClientProblem.badRequest("unknown-note-cursor", "'notesBefore' must be a note id this case "
                        + "showed you (the notesNextBefore of an earlier read)");
            }
        }
        int start = Math.max(0, end - limit);
        return new Page(List.copyOf(visible.subList(start, end)), visible.size(),
                start > 0 ? visible.get(start).noteId() : null);
    }
}
