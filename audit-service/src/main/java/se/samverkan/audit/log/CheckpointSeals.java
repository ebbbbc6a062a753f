package se.samverkan.audit.log;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * Keyed MACs over checkpoint rows whose note the integrity pass has verified ({@code checkpoint_seals}, Flyway V14),
 * so that it need not verify an Ed25519 note (about a millisecond with the JDK's) of every row on every start to find
 * the rows this log did not sign. A seal is a 4-byte key tag and an HMAC-SHA256 over the size, root and note
 * ({@link KeyedSeal}), under a key derived from the checkpoint signing key, which the database never holds.
 */
@Component
public class CheckpointSeals {

    private static final String KEY_LABEL = "samverkan audit checkpoint seal v1";

    private final KeyedSeal key;

    @Autowired
    public CheckpointSeals(AuditProperties properties) {
        this(Objects.requireNonNull(properties.signingKey(), "samverkan.audit.signing-key").getBytes(StandardCharsets.UTF_8));
    }

    CheckpointSeals(byte[] signingKey) {
        key = new KeyedSeal(signingKey, KEY_LABEL);
    }

    public byte[] seal(StoredCheckpoint row) {
        Mac mac = key.mac();
        mac.update(KeyedSeal.encode(row.treeSize()));
        mac.update(KeyedSeal.encode(row.rootHash() == null ? null : java.util.HexFormat.of().formatHex(row.rootHash())));
        mac.update(KeyedSeal.encode(row.signedNote()));
        return key.seal(mac);
    }

    /** True when {@code stored} is this key's seal of exactly this row. */
    public boolean matches(byte[] stored, StoredCheckpoint row) {
        return key.ofThisKey(stored) && MessageDigest.isEqual(stored, seal(row));
    }
}
