package se.samverkan.audit.tlog;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WitnessCheckTest {

    private static final String ORIGIN = "haninge.test/audit";
    private final NoteKeys.Signer log = NoteKeys.parseSigner(NoteKeys.generateSigner("haninge.test-audit"));
    private final Cosignatures.Cosigner witness = Cosignatures.parseCosigner(Cosignatures.generateCosigner("botkyrka.test/witness"));

    /** A log of leaves 0..n-1 with proofs from its own tree. */
    private record Log(List<byte[]> leaves) {
        static Log of(int n, String salt) {
            List<byte[]> leaves = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                leaves.add(Rfc6962.leafHash((salt + i).getBytes(StandardCharsets.UTF_8)));
            }
            return new Log(leaves);
        }

        MerkleProofs proofs() {
            return new MerkleProofs((level, index) -> {
                CompactRange range = CompactRange.empty();
                long from = index << level;
                for (long i = from; i < from + (1L << level); i++) {
                    range.append(leaves.get((int) i));
                }
                return range.root();
            });
        }

        byte[] root(long size) {
            return proofs().root(size);
        }
    }

    private String note(long size, byte[] root) {
        return SignedNote.sign(new Checkpoint(ORIGIN, size, root).body(), log);
    }

    @Test
    void aCheckpointConsistentWithTheLastCosignedOneIsCosigned_andTheCosignatureHasTheC2spShape() {
        Log honest = Log.of(20, "e");
        String note = note(20, honest.root(20));
        WitnessCheck.Verdict verdict = WitnessCheck.check(ORIGIN, log.verifier(), new WitnessCheck.Seen(13, honest.root(13)), note,
                from -> honest.proofs().consistency(from, 20));

        assertThat(verdict.outcome()).isEqualTo(WitnessCheck.Outcome.COSIGN);
        String line = Cosignatures.cosign(verdict.checkpoint().body(), witness, 1_700_000_000L);
        assertThat(line).startsWith("\u2014 botkyrka.test/witness ").endsWith("\n");
        byte[] blob = Base64.getDecoder().decode(line.trim().split(" ")[2]);
        assertThat(blob).hasSize(4 + 8 + 64);
        assertThat(ByteBuffer.wrap(blob, 4, 8).getLong()).isEqualTo(1_700_000_000L);
        Cosignatures.Key key = Cosignatures.parseKey(witness.key().encoded());
        assertThat(Cosignatures.verify(verdict.checkpoint().body(), line, key)).isEqualTo(1_700_000_000L);
        // the note with the cosignature appended still opens with the log's key, and counts the witness
        String cosigned = note + line;
        assertThat(Checkpoint.parse(SignedNote.open(cosigned, log.verifier())).treeSize()).isEqualTo(20);
        assertThat(Cosignatures.cosignedBy(cosigned, List.of(key))).hasSize(1);
        // over another body it does not verify
        assertThat(Cosignatures.verify(new Checkpoint(ORIGIN, 21, honest.root(20)).body(), line, key)).isEqualTo(-1);
    }

    @Test
    void theCosignatureKeyIdCommitsToAlgorithmByte4() {
        var sha = Rfc6962.sha256();
        sha.update("botkyrka.test/witness\n".getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 4);
        sha.update(witness.key().rawPublicKey());
        assertThat(witness.keyHash()).isEqualTo(java.util.Arrays.copyOf(sha.digest(), 4));
        // a note signing key (0x01) is not a witness key
        assertThatThrownBy(() -> Cosignatures.parseKey(log.verifier().encoded())).hasMessageContaining("0x04");
    }

    @Test
    void aRebuiltLogReSignedWithTheLogsKeyIsRefusedWithAnAlarm_whateverItsSize() {
        Log honest = Log.of(20, "e");
        Log rebuilt = Log.of(25, "altered");
        WitnessCheck.Seen seen = new WitnessCheck.Seen(20, honest.root(20));

        WitnessCheck.Verdict larger = WitnessCheck.check(ORIGIN, log.verifier(), seen, note(25, rebuilt.root(25)),
                from -> rebuilt.proofs().consistency(from, 25));
        assertThat(larger.outcome()).isEqualTo(WitnessCheck.Outcome.REFUSED);
        assertThat(larger.reason()).isEqualTo(WitnessCheck.Reason.INCONSISTENT);
        assertThat(larger.alarm()).isTrue();

        WitnessCheck.Verdict sameSize = WitnessCheck.check(ORIGIN, log.verifier(), seen, note(20, rebuilt.root(20)), from -> List.of());
        assertThat(sameSize.reason()).isEqualTo(WitnessCheck.Reason.FORK);
        assertThat(sameSize.alarm()).isTrue();

        WitnessCheck.Verdict smaller = WitnessCheck.check(ORIGIN, log.verifier(), seen, note(12, honest.root(12)), from -> List.of());
        assertThat(smaller.reason()).isEqualTo(WitnessCheck.Reason.ROLLBACK);
        assertThat(smaller.alarm()).isTrue();
    }

    @Test
    void theSameCheckpointAgainIsUnchanged_theFirstOneIsTakenOnTrust() {
        Log honest = Log.of(5, "e");
        assertThat(WitnessCheck.check(ORIGIN, log.verifier(), new WitnessCheck.Seen(5, honest.root(5)), note(5, honest.root(5)),
                from -> List.of()).outcome()).isEqualTo(WitnessCheck.Outcome.UNCHANGED);
        assertThat(WitnessCheck.check(ORIGIN, log.verifier(), null, note(5, honest.root(5)), from -> {
            throw new AssertionError("no proof is needed for the first checkpoint");
        }).outcome()).isEqualTo(WitnessCheck.Outcome.COSIGN);
    }

    @Test
    void aNoteNotSignedByTheLogOrOfAnotherOriginIsRefusedWithoutAlarm() {
        Log honest = Log.of(5, "e");
        NoteKeys.Signer stranger = NoteKeys.parseSigner(NoteKeys.generateSigner("haninge.test-audit"));
        String forged = SignedNote.sign(new Checkpoint(ORIGIN, 5, honest.root(5)).body(), stranger);
        WitnessCheck.Verdict unsigned = WitnessCheck.check(ORIGIN, log.verifier(), null, forged, from -> List.of());
        assertThat(unsigned.reason()).isEqualTo(WitnessCheck.Reason.BAD_SIGNATURE);
        assertThat(unsigned.alarm()).isFalse();

        String other = SignedNote.sign(new Checkpoint("elsewhere/audit", 5, honest.root(5)).body(), log);
        assertThat(WitnessCheck.check(ORIGIN, log.verifier(), null, other, from -> List.of()).reason())
                .isEqualTo(WitnessCheck.Reason.WRONG_ORIGIN);

        String badEmpty = note(0, honest.root(5));
        assertThat(WitnessCheck.check(ORIGIN, log.verifier(), null, badEmpty, from -> List.of()).reason())
                .isEqualTo(WitnessCheck.Reason.MALFORMED);
    }
}
