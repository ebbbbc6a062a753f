package se.samverkan.cases.storedevents;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The authenticity of stored events and snapshots: an HMAC-SHA256 per row, made when the service appends it, under a
 * key the service process has and its database does not. The runtime database role must be able to INSERT into the
 * event store (the service appends events and snapshots), so a row it did not write is otherwise indistinguishable
 * from one it did: a copy of a genuine {@code ConsentRecorded} after a withdrawal would be folded into the case and
 * published signed with the service's own key.
 * <p>
 * The MAC covers everything that gives a row its meaning, as stored (before any upcaster, and over the sealed bytes:
 * shredding a subject deletes a key, never a stored byte, so a shredded event still verifies): which table it is in,
 * the aggregate, its sequence number, the event id, the aggregate type, the payload type and revision, the payload,
 * the metadata and the timestamp text. Each field is length-prefixed (null distinct from empty), so no two rows share
 * an encoding. The global index is not covered: the database assigns it on insert, and the unique keys on the event
 * id and on (aggregate, sequence number) keep a genuine row from being copied to another index.
 * <p>
 * Keys carry an id, stored with each MAC, so a later key can be added while old rows keep verifying. Today there is
 * one, {@value #DERIVED_V1}: derived (HMAC with a fixed label) from the subject-pseudonym key, a secret from the
 * service's environment that is never rotated (subject ids would change) and never stored in the database (as
 * {@code catalogue.CatalogueSeals} and {@code effects.EffectPseudonyms} derive theirs).
 */
public final class StoredEventMacs {

    /** The key derived from the subject-pseudonym key with {@link #LABEL_V1}. */
    public static final String DERIVED_V1 = "psk-v1";

    private static final String LABEL_V1 = "samverkan/event-store/mac/v1";
    private static final byte[] DOMAIN = "samverkan stored event mac v1".getBytes(StandardCharsets.UTF_8);

    /** Which table a row is in: an event row never verifies as a snapshot row, nor the other way round. */
    public enum Kind { EVENT, SNAPSHOT }

    /** A row as stored: the text and bytes of its columns, exactly as the database holds them. */
    public record Row(Kind kind, String aggregateIdentifier, long sequenceNumber, String eventIdentifier, String type,
                      String timestamp, String payloadType, String payloadRevision, byte[] payload, byte[] metaData) {
    }

    /** What the service stores with a row. */
    public record Tag(String keyId, byte[] mac) {
    }

    /** Whether a row is the service's. */
    public enum Verdict {
        /** Its MAC verifies under a key of the service. */
        AUTHENTIC,
        /** No MAC, and stored before MACs existed (at or below the boundary the upgrade recorded). */
        LEGACY,
        /** No MAC where one is required. */
        NO_MAC,
        /** A key id the service does not have. */
        UNKNOWN_KEY,
        /** The MAC does not match the row: the row, or its MAC, was not written by the service. */
        MISMATCH;

        public boolean accepted() {
            return this == AUTHENTIC || this == LEGACY;
        }
    }

    private final String currentId;
    private final Map<String, SecretKeySpec> keys;

    StoredEventMacs(String currentId, Map<String, byte[]> keys) {
        if (!keys.containsKey(currentId)) {
            throw new IllegalArgumentException("the current stored-event MAC key " + currentId + " is not among " + keys.keySet());
        }
        this.currentId = currentId;
        this.keys = keys.entrySet().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey,
                e -> new SecretKeySpec(e.getValue().clone(), "HmacSHA256")));
    }

    /** @param subjectPseudonymKey the service's subject-pseudonym key, base64 (at least 32 bytes) */
    public static StoredEventMacs fromSubjectPseudonymKey(String subjectPseudonymKey) {
        byte[] secret = Base64.getDecoder().decode(subjectPseudonymKey);
        if (secret.length < 32) {
            throw new IllegalArgumentException("the subject pseudonym key needs at least 256 bits");
        }
        return new StoredEventMacs(DERIVED_V1, Map.of(DERIVED_V1, hmac(secret, LABEL_V1.getBytes(StandardCharsets.UTF_8))));
    }

    public Tag tag(Row row) {
        return new Tag(currentId, mac(keys.get(currentId), row));
    }

    /**
     * @param legacy whether the row lies at or below the boundary of rows stored before MACs (snapshots: never; they
     *               are a cache, and one without a MAC is simply not used)
     */
    public Verdict verify(Row row, String keyId, byte[] mac, boolean legacy) {
        if (keyId == null || mac == null) {
            return keyId == null && mac == null && legacy ? Verdict.LEGACY : Verdict.NO_MAC;
        }
        SecretKeySpec key = keys.get(keyId);
        if (key == null) {
            return Verdict.UNKNOWN_KEY;
        }
        return MessageDigest.isEqual(mac(key, row), mac) ? Verdict.AUTHENTIC : Verdict.MISMATCH;
    }

    /** The unambiguous encoding the MAC is made over (visible for its test). */
    static byte[] encode(Row row) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + length(row.payload()) + length(row.metaData()));
        write(row, out::writeBytes);
        return out.toByteArray();
    }

    /** Fed to the MAC as it is encoded: a snapshot's payload (hundreds of KB on a long case) is not copied. */
    private static byte[] mac(SecretKeySpec key, Row row) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            write(row, mac::update);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static void write(Row row, Consumer<byte[]> out) {
        field(out, DOMAIN);
        field(out, row.kind().name());
        field(out, row.aggregateIdentifier());
        field(out, Long.toString(row.sequenceNumber()));
        field(out, row.eventIdentifier());
        field(out, row.type());
        field(out, row.timestamp());
        field(out, row.payloadType());
        field(out, row.payloadRevision());
        field(out, row.payload());
        field(out, row.metaData());
    }

    private static void field(Consumer<byte[]> out, String value) {
        field(out, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /** A 4-byte length (-1 for null), then the bytes. */
    private static void field(Consumer<byte[]> out, byte[] value) {
        int length = value == null ? -1 : value.length;
        out.accept(new byte[]{(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length});
        if (value != null) {
            out.accept(value);
        }
    }

    private static int length(byte[] value) {
        return value == null ? 0 : value.length;
    }

    private static byte[] hmac(byte[] key, byte[] value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(value);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "StoredEventMacs[current=" + currentId + ", ids=" + keys.keySet() + "]";
    }
}
