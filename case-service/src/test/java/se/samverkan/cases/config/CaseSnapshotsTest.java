package se.samverkan.cases.config;

import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.junit.jupiter.api.Test;
import se.samverkan.cases.domain.CaseSnapshot;
import se.samverkan.cases.storedevents.StoredEventNames;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Only a snapshot of today's name and revision is read; any other is a stale cache and the events are folded instead. */
class CaseSnapshotsTest {

    static GenericDomainEventEntry<byte[]> stored(String name, String revision) {
        return new GenericDomainEventEntry<>("CaseAggregate", UUID.randomUUID().toString(), 99, UUID.randomUUID().toString(),
                Instant.now(), name, revision, new byte[0], new byte[0]);
    }

    @Test
    void onlyTheCurrentRevisionOfTheCaseSnapshotIsRead() {
        String current = StoredEventNames.revisionOf(CaseSnapshot.class);
        assertThat(CaseSnapshots.currentSnapshotsOnly().allow(stored(StoredEventNames.CASE_SNAPSHOT, current))).isTrue();
        assertThat(CaseSnapshots.currentSnapshotsOnly().allow(stored(StoredEventNames.CASE_SNAPSHOT, current + "0"))).isFalse();
        assertThat(CaseSnapshots.currentSnapshotsOnly().allow(stored(StoredEventNames.CASE_SNAPSHOT, null))).isFalse();
        assertThat(CaseSnapshots.currentSnapshotsOnly().allow(stored("se.samverkan.cases.domain.CaseAggregate", null))).isFalse();
    }
}
