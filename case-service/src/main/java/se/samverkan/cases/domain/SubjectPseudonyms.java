package se.samverkan.cases.domain;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.UUID;

/**
 * The pseudonymous subject id other services see: a keyed hash of the municipality and the personnummer, so the same
 * person gets the same id in a municipality, ids differ between municipalities, and nobody without the key can test
 * a guessed personnummer against an id.
 */
public final class SubjectPseudonyms {

    private final byte[] key;

    public SubjectPseudonyms(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("the subject pseudonym key needs at least 256 bits");
        }
        this.key = key.clone();
    }

    public SubjectId subjectId(String municipality, Personnummer personnummer) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal((municipality + ":" + personnummer.value()).getBytes(StandardCharsets.UTF_8));
            digest[6] = (byte) ((digest[6] & 0x0f) | 0x80); // version 8: custom
            digest[8] = (byte) ((digest[8] & 0x3f) | 0x80); // IETF variant
            ByteBuffer buffer = ByteBuffer.wrap(digest, 0, 16);
            return new SubjectId(new UUID(buffer.getLong(), buffer.getLong()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
