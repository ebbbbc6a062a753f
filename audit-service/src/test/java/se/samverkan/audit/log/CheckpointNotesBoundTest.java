package se.samverkan.audit.log;

import org.junit.jupiter.api.Test;
import se.samverkan.audit.tlog.Checkpoint;
import se.samverkan.audit.tlog.NoteKeys;
import se.samverkan.audit.tlog.SignedNote;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The latest checkpoint as an instance that does not lead finds it (a standby, or the service before its sequencer
 * leads): it has no signed size of its own, so the stored log's size bounds what it reads. Rows as the runtime role
 * inserts them, with a signature line copied from a genuine note, so that each one read costs a full verification.
 * The leader's bound (its sequencer's signed size) is proven in ForgedCheckpointIT.
 */
class CheckpointNotesBoundTest {

    private static final String ORIGIN = "samverkan.test/audit";
    private final NoteKeys.Signer key = NoteKeys.parseSigner(NoteKeys.generateSigner("samverkan.test-audit"));
    private final CheckpointNotes notes = new CheckpointNotes(ORIGIN, key.verifier().encoded(), List.of());
    private final Rows store = new Rows();

    @Test
    void tenThousandUnsignedRowsFarAheadOfTheStoredLogAreCountedNotEachVerified() {
        store.size = 100;
        store.signed(50);
        store.signed(100);
        store.unsigned(1_000_000, 10_000);

        Optional<StoredCheckpoint> latest = notes.latestSigned(store);

        assertThat(latest).map(StoredCheckpoint::treeSize).contains(100L);
        assertThat(store.handedOut).as("rows read one by one (each a verification)").isLessThanOrEqualTo(20);
        assertThat(notes.problems()).anySatisfy(p -> assertThat(p).startsWith("checkpoint at tree size 1000000:"));
        assertThat(notes.problems()).anySatisfy(p -> assertThat(p)
                .startsWith("9984 more checkpoint row(s) above tree size 1000015, up to tree size 1009999"));
        assertThat(notes.problems()).noneSatisfy(p -> assertThat(p).startsWith("checkpoint at tree size 1000016:"));
    }

    @Test
    void unsignedRowsWithinTheStoredLogAreReadDownToTheNewestSignedOneAndEachReported() {
        store.size = 100;
        store.signed(50);
        store.unsigned(60, 40);

        assertThat(notes.latestSigned(store)).map(StoredCheckpoint::treeSize).contains(50L);
        assertThat(notes.problems()).hasSize(40).allSatisfy(p -> assertThat(p).startsWith("checkpoint at tree size "));
    }

    @Test
    void moreUnsignedRowsWithinTheStoredLogThanTheReadersReadServeNoneAndSaySo() {
        store.size = 5_000;
        store.signed(10);
        store.unsigned(11, 4_000);

        assertThat(notes.latestSigned(store)).as("no signed row among the 1,000 read: none served, not trusted").isEmpty();
        assertThat(store.handedOut).isLessThanOrEqualTo(1_020);
        assertThat(notes.problems().getFirst()).startsWith("checkpoint rows below tree size 3011: not read");
    }

    /** A sequencer about to lead starts its tree from the answer: none (a tree from nothing) would check every leaf. */
    @Test
    void aSequencerAboutToLeadReadsOnDownToTheNewestSignedRowHoweverManyLieAboveIt() {
        store.size = 5_000;
        store.signed(10);
        store.unsigned(11, 4_000);
        store.unsigned(1_000_000, 100);

        assertThat(notes.latestSignedToLead(store)).map(StoredCheckpoint::treeSize).contains(10L);
        assertThat(notes.problems()).as("each row read reported; those far ahead counted in one").hasSize(4_000 + 16 + 1);
    }

    @Test
    void aSignedCheckpointLargerThanTheStoredLogIsStillFound_soASequencerRefusesToLeadFromLostLeaves() {
        store.size = 100;
        store.signed(100);
        store.signed(200);
        store.unsigned(300, 5);

        assertThat(notes.latestSigned(store)).map(StoredCheckpoint::treeSize).contains(200L);
        assertThat(notes.problems()).hasSize(5);
    }

    /** The checkpoints table in memory; counts the rows handed out to be verified. */
    private final class Rows extends LogStore {
        private final TreeMap<Long, StoredCheckpoint> rows = new TreeMap<>();
        private final String copiedSignature;
        long size;
        long handedOut;

        Rows() {
            super(null);
            String genuine = SignedNote.sign(new Checkpoint(ORIGIN, 1, new byte[32]).body(), key);
            copiedSignature = genuine.substring(genuine.lastIndexOf("\n\n") + 2);
        }

        void signed(long treeSize) {
            byte[] root = new byte[32];
            root[0] = (byte) treeSize;
            rows.put(treeSize, new StoredCheckpoint(treeSize, root, SignedNote.sign(new Checkpoint(ORIGIN, treeSize, root).body(), key),
                    UUID.randomUUID(), Instant.EPOCH));
        }

        void unsigned(long from, int count) {
            for (long treeSize = from; treeSize < from + count; treeSize++) {
                byte[] root = new byte[32];
                root[1] = (byte) treeSize;
                String body = new Checkpoint(ORIGIN, treeSize, root).body();
                rows.put(treeSize, new StoredCheckpoint(treeSize, root, body + "\n" + copiedSignature, UUID.randomUUID(), Instant.EPOCH));
            }
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public Optional<StoredCheckpoint> latestCheckpoint() {
            handedOut++;
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.lastEntry().getValue());
        }

        @Override
        public List<StoredCheckpoint> checkpointsBelow(long belowSize, int limit) {
            List<StoredCheckpoint> found = rows.headMap(belowSize, false).descendingMap().values().stream().limit(limit).toList();
            handedOut += found.size();
            return found;
        }

        // (no @Override: these readers are new)
        public List<StoredCheckpoint> checkpointsAbove(long aboveSize, int limit) {
            List<StoredCheckpoint> found = rows.tailMap(aboveSize, false).values().stream().limit(limit).toList();
            handedOut += found.size();
            return found;
        }

        public long countCheckpointsAbove(long aboveSize, long atMost) {
            return rows.tailMap(aboveSize, false).keySet().stream().limit(atMost).count();
        }
    }
}
