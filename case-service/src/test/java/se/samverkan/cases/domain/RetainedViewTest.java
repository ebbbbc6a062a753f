package se.samverkan.cases.domain;

import org.junit.jupiter.api.Test;
import se.samverkan.cases.domain.CaseEvent.DocumentsCleared;
import se.samverkan.cases.domain.CaseEvent.NoteRecorded;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samverkan.cases.domain.CaseAggregateTest.*;

/** One retained view of a case file serves every read (issue 11): a cleared type reads as gone, the rest stays. */
class RetainedViewTest {

    static CaseFile file(CaseEvent... events) {
        return CaseFile.of(List.of(events));
    }

    @Test
    void beforeClearingEverythingReads() {
        RetainedView view = RetainedView.of(file(opened(), new NoteRecorded(CASE, "n1", "Samtal med Kim", null, ActedBy.of(ANNA), NOW),
                consent(TODAY, TODAY.plusDays(30))));
        assertThat(view.erased()).isFalse();
        assertThat(view.subject()).contains(KIM);
        assertThat(view.notes()).extracting(CaseFile.Note::text).containsExactly("Samtal med Kim");
        assertThat(view.consents()).hasSize(1);
    }

    @Test
    void aClearedJournalKeepsItsNoteIdsButNoTextAndOtherTypesStay() {
        RetainedView view = RetainedView.of(file(opened(), new NoteRecorded(CASE, "n1", "Samtal med Kim", null, ActedBy.of(ANNA), NOW),
                consent(TODAY, TODAY.plusDays(30)),
                new DocumentsCleared(CASE, EnumSet.of(DocumentType.JOURNAL, DocumentType.CONSENTS), LocalDate.of(2036, 1, 1), null, NOW)));
        assertThat(view.notes()).extracting(CaseFile.Note::noteId).containsExactly("n1");
        assertThat(view.notes()).extracting(CaseFile.Note::text).containsOnlyNulls();
        assertThat(view.consents()).isEmpty();
        assertThat(view.subject()).as("identity was not cleared").contains(KIM);
        assertThat(view.isGone(DocumentType.IDENTITY)).isFalse();
    }

    @Test
    void aClearedIdentityHidesTheSubject() {
        RetainedView view = RetainedView.of(file(opened(),
                new DocumentsCleared(CASE, EnumSet.of(DocumentType.IDENTITY), LocalDate.of(2036, 1, 1), null, NOW)));
        assertThat(view.subject()).isEmpty();
    }
}
