package se.samverkan.audit.it;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.samverkan.audit.log.CheckpointNotes;
import se.samverkan.audit.log.CheckpointSigner;
import se.samverkan.audit.log.LogIntegrity;
import se.samverkan.audit.log.Sequencer;
import se.samverkan.audit.log.StoredCheckpoint;
import se.samverkan.audit.tlog.Checkpoint;
import se.samverkan.audit.tlog.NoteKeys;
import se.samverkan.audit.tlog.SignedNote;
import se.samverkan.platform.test.TestPostgres;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The integrity pass held the entries and the tree to {@code checkpoints.root_hash} and never opened the signed note:
 * a superuser who rewrote the log, rebuilt the tree and set the column to match would pass with a note of her own
 * making. Here the notes are replaced by ones an intruder's key signed for the very same sizes and roots.
 */
class CheckpointNoteIT extends AuditServiceITBase {

    @Autowired
    LogIntegrity integrity;

    @Autowired
    Sequencer sequencer;

    @Autowired
    CheckpointSigner signer;

    @Test
    void aCheckpointWhoseNoteThisLogDidNotSignIsFound() {
        logOfAtLeast(3);
        StoredCheckpoint latest = sequencer.checkpointNow();
        assertThat(integrity.check().getStatus().getCode()).isEqualTo("UP");
        Map<Long, String> genuine = new LinkedHashMap<>();
        jdbc.query("SELECT tree_size, signed_note FROM checkpoints", rs -> {
            genuine.put(rs.getLong(1), rs.getString(2));
        });
        NoteKeys.Signer intruder = NoteKeys.parseSigner(NoteKeys.generateSigner(signer.origin()));
        try {
            jdbc.query("SELECT tree_size, root_hash FROM checkpoints", rs -> {
                String forged = SignedNote.sign(new Checkpoint(signer.origin(), rs.getLong(1), rs.getBytes(2)).body(), intruder);
                superuser("UPDATE checkpoints SET signed_note = '" + forged + "' WHERE tree_size = " + rs.getLong(1));
            });
            var health = integrity.check();
            assertThat(health.getStatus().getCode()).isEqualTo("DOWN");
            assertThat(health.getDetails().toString()).contains("signed note does not verify with this log's keys");
        } finally {
            genuine.forEach((size, note) -> superuser("UPDATE checkpoints SET signed_note = '" + note + "' WHERE tree_size = " + size));
        }
        integrity.check();
        assertThat(integrity.check().getStatus().getCode()).as("clean again once the notes are back").isEqualTo("UP");
        assertThat(latest.treeSize()).isPositive();
    }

    @Test
    void aNoteOfAFormerKeyStillVerifiesOnceThatKeyIsListed() {
        String former = NoteKeys.generateSigner(signer.origin());
        NoteKeys.Signer formerSigner = NoteKeys.parseSigner(former);
        byte[] root = new byte[32];
        StoredCheckpoint byFormerKey = new StoredCheckpoint(7, root,
                SignedNote.sign(new Checkpoint(signer.origin(), 7, root).body(), formerSigner), null, null);

        assertThat(new CheckpointNotes(signer.origin(), signer.verifierKey(), List.of()).signs(byFormerKey)).isFalse();
        CheckpointNotes withFormer = new CheckpointNotes(signer.origin(), signer.verifierKey(), List.of(formerSigner.verifier().encoded()));
        assertThat(withFormer.signs(byFormerKey)).isTrue();
        assertThat(withFormer.signs(new StoredCheckpoint(8, root, byFormerKey.signedNote(), null, null))).as("another size").isFalse();
        byte[] otherRoot = new byte[32];
        otherRoot[0] = 1;
        assertThat(withFormer.signs(new StoredCheckpoint(7, otherRoot, byFormerKey.signedNote(), null, null))).as("another root").isFalse();
    }

    private static void superuser(String sql) {
        TestPostgres.execute(DB, "SET session_replication_role = replica; " + sql);
    }
}
