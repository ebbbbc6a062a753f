package se.samverkan.audit.log;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * Keyed MACs over an entry's search columns, so the integrity pass need not parse an entry it has checked before
 * ({@code audit_search_seals}, Flyway V9). A seal is a 4-byte key tag and an HMAC-SHA256 over the leaf index, the
 * stored leaf hash and the columns in a fixed order. The key derives from the checkpoint signing key: the database
 * holds neither, so a column changed by a superuser cannot be given a matching seal, and an entry whose seal does not
 * match (or was made under another signing key) is checked in full again.
 */
@Component
public class SearchSeals {

    static final int LENGTH = 4 + 32;
    private static final String ALGORITHM = "HmacSHA256";
    private static final byte[] KEY_LABEL = "samverkan audit search seal v1".getBytes(StandardCharsets.UTF_8);

    private final Mac prototype;
    private final byte[] tag;

    @Autowired
    public SearchSeals(AuditProperties properties) {
        this(Objects.requireNonNull(properties.signingKey(), "samverkan.audit.signing-key").getBytes(StandardCharsets.UTF_8));
    }

    SearchSeals(byte[] signingKey) {
        try {
            Mac derive = Mac.getInstance(ALGORITHM);
            derive.init(new SecretKeySpec(signingKey, ALGORITHM));
            byte[] key = derive.doFinal(KEY_LABEL);
            prototype = Mac.getInstance(ALGORITHM);
            prototype.init(new SecretKeySpec(key, ALGORITHM));
            // names the key without revealing it: a seal of another key is recognised without a MAC comparison
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            tag = Arrays.copyOf(digest, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /**
     * The seal of one entry; {@code columns}: strings, UUIDs, instants (to the microsecond, as stored) or nulls, in the
     * order the pass reads them.
     */
    public byte[] seal(long leafIndex, byte[] leafHash, Object... columns) {
        Mac mac = mac();
        mac.update(ByteBuffer.allocate(Long.BYTES).putLong(leafIndex).array());
        mac.update(leafHash);
        for (Object column : columns) {
            mac.update(encode(column));
        }
        byte[] sealed = new byte[LENGTH];
        System.arraycopy(tag, 0, sealed, 0, tag.length);
        System.arraycopy(mac.doFinal(), 0, sealed, tag.length, 32);
        return sealed;
    }

    /** True when {@code stored} is this key's seal of exactly these values. */
    public boolean matches(byte[] stored, long leafIndex, byte[] leafHash, Object... columns) {
        if (stored == null || stored.length != LENGTH || !Arrays.equals(stored, 0, tag.length, tag, 0, tag.length)) {
            return false;
        }
        return MessageDigest.isEqual(stored, seal(leafIndex, leafHash, columns));
    }

    private Mac mac() {
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Type byte and value, length-prefixed where the length varies, so no two column lists encode alike. */
    private static byte[] encode(Object value) {
        return switch (value) {
            case null -> new byte[]{0};
            case String s -> {
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                yield ByteBuffer.allocate(1 + Integer.BYTES + utf8.length).put((byte) 1).putInt(utf8.length).put(utf8).array();
            }
            case UUID u -> ByteBuffer.allocate(1 + 16).put((byte) 2).putLong(u.getMostSignificantBits())
                    .putLong(u.getLeastSignificantBits()).array();
            case Instant i -> ByteBuffer.allocate(1 + Long.BYTES).put((byte) 3)
                    .putLong(ChronoUnit.MICROS.between(Instant.EPOCH, i)).array();
            default -> throw new IllegalArgumentException("no seal encoding for " + value.getClass().getSimpleName());
        };
    }
}
