package se.samverkan.audit.log;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * Keyed MACs over an entry's search columns, so the integrity pass need not parse (and verify the producer signature
 * of) an entry it has checked before
 * ({@code audit_search_seals}, Flyway V9). A seal is a 4-byte key tag and an HMAC-SHA256 over the leaf index, the
 * stored leaf hash and the columns in a fixed order ({@link KeyedSeal}). The key derives from the checkpoint signing
 * key: the database holds neither, so a column changed by a superuser cannot be given a matching seal, and an entry
 * whose seal does not match (or was made under another signing key) is checked in full again.
 */
@Component
public class SearchSeals {

    static final int LENGTH = KeyedSeal.LENGTH;
    /**
     * v2: a seal also says the entry's producer signature verified, which v1 seals (columns only) never did, so a row
     * the runtime role inserted could have been sealed by v1. A v1 seal is of another key to v2 (its tag differs), so
     * the first pass after the upgrade parses and verifies every entry again, at the parse share's pace.
     */
    private static final String KEY_LABEL = "samverkan audit search seal v2";

    private final KeyedSeal key;

    @Autowired
    public SearchSeals(AuditProperties properties) {
        this(Objects.requireNonNull(properties.signingKey(), "samverkan.audit.signing-key").getBytes(StandardCharsets.UTF_8));
    }

    SearchSeals(byte[] signingKey) {
        key = new KeyedSeal(signingKey, KEY_LABEL);
    }

    /**
     * The seal of one entry; {@code columns}: strings, UUIDs, instants (to the microsecond, as stored) or nulls, in the
     * order the pass reads them.
     */
    public byte[] seal(long leafIndex, byte[] leafHash, Object... columns) {
        Mac mac = key.mac();
        mac.update(ByteBuffer.allocate(Long.BYTES).putLong(leafIndex).array());
        mac.update(leafHash);
        for (Object column : columns) {
            mac.update(KeyedSeal.encode(column));
        }
        return key.seal(mac);
    }

    /** True when {@code stored} is this key's seal of exactly these values. */
    public boolean matches(byte[] stored, long leafIndex, byte[] leafHash, Object... columns) {
        return key.ofThisKey(stored) && MessageDigest.isEqual(stored, seal(leafIndex, leafHash, columns));
    }
}
