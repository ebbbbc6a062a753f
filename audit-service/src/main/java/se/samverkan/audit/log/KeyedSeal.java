package se.samverkan.audit.log;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;

/**
 * A keyed MAC over rows of one kind, under a key derived from the checkpoint signing key with a label of that kind's
 * own, which the database never holds: a 4-byte tag naming the key, then the HMAC-SHA256. A row changed in the
 * database cannot be given a seal that matches it; a seal of another key is recognised by its tag without a MAC.
 * {@link SearchSeals} seals entries' search columns, {@code review.ReviewItemSeals} review items.
 */
public final class KeyedSeal {

    public static final int LENGTH = 4 + 32;
    private static final String ALGORITHM = "HmacSHA256";

    private final Mac prototype;
    private final byte[] tag;

    public KeyedSeal(byte[] signingKey, String label) {
        try {
            Mac derive = Mac.getInstance(ALGORITHM);
            derive.init(new SecretKeySpec(signingKey, ALGORITHM));
            byte[] key = derive.doFinal(label.getBytes(StandardCharsets.UTF_8));
            prototype = Mac.getInstance(ALGORITHM);
            prototype.init(new SecretKeySpec(key, ALGORITHM));
            // names the key without revealing it
            tag = Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(key), 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** A fresh MAC under this key, to be fed and then {@link #seal(Mac) sealed}. */
    public Mac mac() {
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    public byte[] seal(Mac fed) {
        byte[] sealed = new byte[LENGTH];
        System.arraycopy(tag, 0, sealed, 0, tag.length);
        System.arraycopy(fed.doFinal(), 0, sealed, tag.length, 32);
        return sealed;
    }

    /** The seal of these column values, each {@link #encode encoded}. */
    public byte[] seal(Object... columns) {
        Mac mac = mac();
        for (Object column : columns) {
            mac.update(encode(column));
        }
        return seal(mac);
    }

    public boolean ofThisKey(byte[] seal) {
        return seal != null && seal.length == LENGTH && Arrays.equals(seal, 0, tag.length, tag, 0, tag.length);
    }

    /** Names the key without revealing it. */
    public String keyTag() {
        return HexFormat.of().formatHex(tag);
    }

    /**
     * Type byte and value, length-prefixed where the length varies, so no two column lists encode alike: strings,
     * UUIDs, instants (to the microsecond, as PostgreSQL keeps them), longs and nulls.
     */
    public static byte[] encode(Object value) {
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
            case Long l -> ByteBuffer.allocate(1 + Long.BYTES).put((byte) 4).putLong(l).array();
            default -> throw new IllegalArgumentException("no seal encoding for " + value.getClass().getSimpleName());
        };
    }
}
