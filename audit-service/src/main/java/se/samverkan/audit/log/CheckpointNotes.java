package se.samverkan.audit.log;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;
import se.samverkan.audit.tlog.Checkpoint;
import se.samverkan.audit.tlog.NoteKeys;
import se.samverkan.audit.tlog.SignedNote;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a stored checkpoint's signed note is this log's word for the size and root in its columns. The integrity
 * pass compared the entries and tree nodes with {@code checkpoints.root_hash} and never opened the note: a superuser
 * who rewrote entries, rebuilt the tree and set that column to match passed the service's own check (until witnesses
 * or the offline verifier looked). The note verifies with the log's current key or one of
 * {@code samverkan.audit.checkpoint-notes.former-verifier-keys}: after a key rotation the newest checkpoint of an idle
 * log is still signed by the former key (docs/operations.md, "audit-service checkpoint signing key").
 */
@Component
public class CheckpointNotes {

    @ConfigurationProperties("samverkan.audit.checkpoint-notes")
    public record Keys(@DefaultValue({}) List<String> formerVerifierKeys) {
    }

    private final String origin;
    private final List<NoteKeys.Verifier> verifiers;

    @Autowired
    public CheckpointNotes(CheckpointSigner signer, Keys keys) {
        this(signer.origin(), signer.verifierKey(), keys.formerVerifierKeys());
    }

    public CheckpointNotes(String origin, String verifierKey, List<String> formerVerifierKeys) {
        this.origin = origin;
        List<NoteKeys.Verifier> all = new ArrayList<>();
        all.add(NoteKeys.parseVerifier(verifierKey));
        for (String former : formerVerifierKeys) {
            try {
                all.add(NoteKeys.parseVerifier(former.strip()));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("samverkan.audit.checkpoint-notes.former-verifier-keys holds a value that is no "
                        + "note verifier key (<name>+<hash>+<base64 key>): " + e.getMessage());
            }
        }
        this.verifiers = List.copyOf(all);
    }

    /** True when a key of this log signed exactly this origin, size and root. */
    public boolean signs(StoredCheckpoint stored) {
        for (NoteKeys.Verifier verifier : verifiers) {
            try {
                Checkpoint signed = Checkpoint.parse(SignedNote.open(stored.signedNote(), verifier));
                return signed.origin().equals(origin) && signed.treeSize() == stored.treeSize()
                        && MessageDigest.isEqual(signed.rootHash(), stored.rootHash());
            } catch (RuntimeException notThisKey) {
                // another key's note, or no note at all: the next key, or false
            }
        }
        return false;
    }
}
