package se.samverkan.audit.tlog;

import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignedNoteTest {

    private final NoteKeys.Signer signer = NoteKeys.parseSigner(NoteKeys.generateSigner("audit.samverkan.test"));

    @Test
    void aSignedCheckpointOpensWithItsVerifierKeyAndHasTheC2spShape() {
        Checkpoint checkpoint = new Checkpoint("audit.samverkan.test/log", 42, Rfc6962.leafHash(new byte[]{1}));
        String note = SignedNote.sign(checkpoint.body(), signer);

        assertThat(note).startsWith("audit.samverkan.test/log\n42\n" + checkpoint.rootHashBase64() + "\n\n\u2014 audit.samverkan.test ");
        String signatureLine = note.substring(note.indexOf('\u2014'));
        byte[] blob = Base64.getDecoder().decode(signatureLine.split(" ")[2].trim());
        assertThat(blob).hasSize(4 + 64);
        NoteKeys.Verifier verifier = NoteKeys.parseVerifier(signer.verifier().encoded());
        assertThat(HexFormat.of().formatHex(blob, 0, 4)).isEqualTo(HexFormat.of().formatHex(verifier.keyHash()));
        assertThat(Checkpoint.parse(SignedNote.open(note, verifier)).treeSize()).isEqualTo(42);
    }

    @Test
    void theKeyHashFollowsTheSpecDefinition() {
        // SHA-256(name || 0x0A || 0x01 || key)[:4], recomputed independently of NoteKeys
        var sha = Rfc6962.sha256();
        sha.update("audit.samverkan.test\n".getBytes());
        sha.update((byte) 1);
        sha.update(signer.verifier().rawPublicKey());
        assertThat(signer.keyHash()).isEqualTo(java.util.Arrays.copyOf(sha.digest(), 4));
    }

    @Test
    void anAlteredNoteOrAnotherKeyIsRejected() {
        Checkpoint checkpoint = new Checkpoint("audit.samverkan.test/log", 7, Rfc6962.emptyRoot());
        String note = SignedNote.sign(checkpoint.body(), signer);
        NoteKeys.Verifier verifier = signer.verifier();

        assertThatThrownBy(() -> SignedNote.open(note.replaceFirst("\n7\n", "\n8\n"), verifier))
                .isInstanceOf(SignedNote.NoteException.class).hasMessageContaining("does not verify");
        NoteKeys.Verifier stranger = NoteKeys.parseSigner(NoteKeys.generateSigner("audit.samverkan.test")).verifier();
        assertThatThrownBy(() -> SignedNote.open(note, stranger)).isInstanceOf(SignedNote.NoteException.class);
    }

    @Test
    void signerKeyTextRoundTripsAndRejectsAWrongHash() {
        String text = NoteKeys.generateSigner("k");
        assertThat(NoteKeys.parseSigner(text).verifier().encoded()).isEqualTo(NoteKeys.parseSigner(text).verifier().encoded());
        String[] parts = text.split("\\+", 5);
        String wrongHash = "PRIVATE+KEY+k+00000000+" + parts[4];
        assertThatThrownBy(() -> NoteKeys.parseSigner(wrongHash)).hasMessageContaining("does not match");
    }
}
