package se.samverkan.audit.review;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import se.samverkan.audit.log.AuditProperties;

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
import java.util.Objects;
import java.util.UUID;

/**
 * The seal the sequencer writes with each review item: a 4-byte key tag and an HMAC-SHA256 over every column, under a
 * key derived from the checkpoint signing key, which the database never holds. {@link ReviewQueueIntegrity} checks
 * them.
 */
@Component
public class ReviewItemSeals {

    static final int LENGTH = 4 + 32;
    private static final String ALGORITHM = "HmacSHA256";
    private static final byte[] KEY_LABEL = "samverkan review item seal v1".getBytes(StandardCharsets.UTF_8);

    private final byte[] key;
    private final byte[] tag;

    @Autowired
    public ReviewItemSeals(AuditProperties properties) {
        this(Objects.requireNonNull(properties.signingKey(), "samverkan.audit.signing-key").getBytes(StandardCharsets.UTF_8));
    }

    public ReviewItemSeals(byte[] signingKey) {
        try {
            Mac derive = Mac.getInstance(ALGORITHM);
            derive.init(new SecretKeySpec(signingKey, ALGORITHM));
            key = derive.doFinal(KEY_LABEL);
            // names the key without revealing it
            tag = Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(key), 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** The item's columns as stored; {@code raisedAt} to the microsecond, as PostgreSQL keeps it. */
    public record Item(UUID id, String rule, UUID caseId, String owningUnit, String municipality, String actorId,
                       UUID sourceEventId, long sourceLeafIndex, String detail, Instant raisedAt, String groupKey) {

        public Item {
            raisedAt = raisedAt.truncatedTo(ChronoUnit.MICROS);
        }
    }

    public byte[] seal(Item item) {
        Mac mac;
        try {
            mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
        for (Object column : new Object[]{item.id(), item.rule(), item.caseId(), item.owningUnit(), item.municipality(),
                item.actorId(), item.sourceEventId(), item.sourceLeafIndex(), item.detail(), item.raisedAt(), item.groupKey()}) {
            byte[] bytes = column == null ? new byte[0] : column.toString().getBytes(StandardCharsets.UTF_8);
            // a length before each value, and -1 for null: no two different rows give the same input
            mac.update(ByteBuffer.allocate(Integer.BYTES).putInt(column == null ? -1 : bytes.length).array());
            mac.update(bytes);
        }
        byte[] sealed = new byte[LENGTH];
        System.arraycopy(tag, 0, sealed, 0, tag.length);
        System.arraycopy(mac.doFinal(), 0, sealed, tag.length, 32);
        return sealed;
    }

    boolean ofThisKey(byte[] seal) {
        return seal != null && seal.length == LENGTH && Arrays.equals(seal, 0, tag.length, tag, 0, tag.length);
    }

    boolean matches(byte[] seal, Item item) {
        return ofThisKey(seal) && MessageDigest.isEqual(seal, seal(item));
    }

    /** Names this key, in the log's entry that draws its line. */
    String keyTag() {
        return HexFormat.of().formatHex(tag);
    }
}
