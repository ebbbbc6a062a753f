package se.samverkan.cases.publishing;

import se.samverkan.cases.storedevents.StoredEventMacs.Verdict;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.UUID;

/**
 * The seal of a {@code relayed_integration_event} row: an HMAC-SHA256, made by the relay when it records that it
 * handled an event, under a key the service process has and its database does not. The runtime role must INSERT there
 * (the relay does), so without it a row written with the service's credentials made an event the relay's token was
 * moved past count as relayed: it was neither set aside nor alerted, and the manifests listed whatever id and case the
 * row named.
 * <p>
 * The seal covers the whole row: its position (global index), the event id and the case id (null distinct from any
 * id), in a fixed-length encoding under a domain label. Keys carry an id, stored with each seal, as the event store's
 * MACs do ({@code storedevents.StoredEventMacs}); today's, {@value #DERIVED_V1}, is derived from the subject-pseudonym
 * key with a label of its own, so it is neither the event store's MAC key nor any other key derived from that secret.
 */
public final class RelayedEventSeals {

    /** The key derived from the subject-pseudonym key with {@link #LABEL_V1}. */
    public static final String DERIVED_V1 = "psk-relayed-v1";

    private static final String LABEL_V1 = "samverkan/relayed-integration-event/seal/v1";
    private static final byte[] DOMAIN = "samverkan relayed integration event seal v1".getBytes(StandardCharsets.UTF_8);

    /** What the relay stores with a row. */
    public record Seal(String keyId, byte[] mac) {
    }

    private final SecretKeySpec key;

    private RelayedEventSeals(byte[] key) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    /** @param subjectPseudonymKey the service's subject-pseudonym key, base64 (at least 32 bytes) */
    public static RelayedEventSeals fromSubjectPseudonymKey(String subjectPseudonymKey) {
        byte[] secret = Base64.getDecoder().decode(subjectPseudonymKey);
        if (secret.length < 32) {
            throw new IllegalArgumentException("the subject pseudonym key needs at least 256 bits");
        }
        return new RelayedEventSeals(hmac(new SecretKeySpec(secret, "HmacSHA256"), LABEL_V1.getBytes(StandardCharsets.UTF_8)));
    }

    public Seal seal(long globalIndex, UUID eventId, UUID caseId) {
        return new Seal(DERIVED_V1, hmac(key, encode(globalIndex, eventId, caseId)));
    }

    /**
     * @param legacy whether the row was stored before seals existed (V37's boundary); only a row without any seal can
     *               be that
     */
    public Verdict verify(long globalIndex, UUID eventId, UUID caseId, String keyId, byte[] mac, boolean legacy) {
        if (keyId == null || mac == null) {
            return keyId == null && mac == null && legacy ? Verdict.LEGACY : Verdict.NO_MAC;
        }
        if (!DERIVED_V1.equals(keyId)) {
            return Verdict.UNKNOWN_KEY;
        }
        return eventId != null && MessageDigest.isEqual(hmac(key, encode(globalIndex, eventId, caseId)), mac)
                ? Verdict.AUTHENTIC : Verdict.MISMATCH;
    }

    /** The domain label, then 8 bytes of position, 16 of event id, a marker and 16 of case id where there is one. */
    static byte[] encode(long globalIndex, UUID eventId, UUID caseId) {
        ByteBuffer buffer = ByteBuffer.allocate(DOMAIN.length + 8 + 16 + 1 + 16);
        buffer.put(DOMAIN).putLong(globalIndex)
                .putLong(eventId.getMostSignificantBits()).putLong(eventId.getLeastSignificantBits());
        if (caseId == null) {
            buffer.put((byte) 0);
        } else {
            buffer.put((byte) 1).putLong(caseId.getMostSignificantBits()).putLong(caseId.getLeastSignificantBits());
        }
        byte[] encoded = new byte[buffer.position()];
        buffer.flip().get(encoded);
        return encoded;
    }

    private static byte[] hmac(SecretKeySpec key, byte[] value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(value);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "RelayedEventSeals[current=" + DERIVED_V1 + "]";
    }
}
