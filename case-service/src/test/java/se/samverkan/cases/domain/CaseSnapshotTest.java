package se.samverkan.cases.domain;

import org.junit.jupiter.api.Test;
import se.samverkan.cases.domain.CaseEvent.*;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A snapshot stands for the events it folds: restoring it and applying the rest gives exactly the full fold. */
class CaseSnapshotTest {

    @Test
    void aFileRestoredFromASnapshotAtAnyEventAndTheEventsAfterItEqualsTheFullFold() {
        List<CaseEvent> history = SnapshotSamples.history();
        CaseSnapshot full = CaseFile.of(history).snapshot();
        for (int split = 1; split <= history.size(); split++) {
            CaseFile restored = CaseFile.restore(CaseFile.of(history.subList(0, split)).snapshot());
            history.subList(split, history.size()).forEach(restored::apply);
            assertThat(restored.snapshot()).as("snapshot after event %d", split - 1).isEqualTo(full);
            assertThat(restored.version()).isEqualTo(history.size() - 1);
        }
    }

    @Test
    void aClearingAfterTheSnapshotHidesWhatItClearedAndAProtectionRaisedAfterItHoldsBackTheAddress() {
        List<CaseEvent> history = new ArrayList<>(SnapshotSamples.history());
        CaseFile restored = CaseFile.restore(CaseFile.of(history).snapshot());
        restored.apply(new DocumentsCleared(SnapshotSamples.CASE, EnumSet.of(DocumentType.JOURNAL, DocumentType.REFERRALS),
                java.time.LocalDate.of(2031, 12, 1), null, SnapshotSamples.AT));

        RetainedView view = RetainedView.of(restored);
        assertThat(view.notes()).isNotEmpty().allSatisfy(note -> assertThat(note.text()).isNull());
        assertThat(view.snapshot(SnapshotSamples.REFERRAL)).isEmpty();
        assertThat(view.subject()).isPresent();
        assertThat(restored.snapshot().clearedDocumentTypes()).containsExactlyInAnyOrder(DocumentType.JOURNAL, DocumentType.REFERRALS);
    }

    @Test
    void theSnapshotPrintsNoPersonalData() {
        assertThat(CaseFile.of(SnapshotSamples.history()).snapshot().toString())
                .doesNotContain("9124", "Hemlig", "Gömda", SnapshotSamples.SECRET_TEXT);
    }

}
