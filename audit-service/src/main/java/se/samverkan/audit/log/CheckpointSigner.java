package se.samverkan.audit.log;

import org.springframework.stereotype.Component;
import se.samverkan.audit.tlog.Checkpoint;
import se.samverkan.audit.tlog.NoteKeys;
import se.samverkan.audit.tlog.SignedNote;

/** Holds the log's Ed25519 key; only the signature and the verifier key ever leave this class. */
@Component
public class CheckpointSigner {

    private final String origin;
    private final NoteKeys.Signer signer;

    public CheckpointSigner(AuditProperties properties) {
        this.origin = properties.origin();
        try {
            this.signer = NoteKeys.parseSigner(properties.signingKey());
        } catch (IllegalArgumentException e) {
            // never echo the key text itself
            throw new IllegalStateException("samverkan.audit.signing-key is not a valid Ed25519 signer key: " + e.getMessage()
                    .replace(properties.signingKey(), "<key>"));
        }
    }

    public String sign(long treeSize, byte[] root) {
        return SignedNote.sign(new Checkpoint(origin, treeSize, root).body(), signer);
    }

    public String origin() {
        return origin;
    }

    public String verifierKey() {
        return signer.verifier().encoded();
    }
}
