package se.samverkan.cases.effects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * The keyed pseudonyms of the effect fact store: a person, a case and a case's inner ids (a commitment) each become
 * an HMAC under a key derived from the subject pseudonym key for this purpose only. They are not the subject id that
 * integration events and the audit log carry, nor the case id, so the fact store cannot be joined with those by
 * anyone without the service's key; and they are the same for the same person every time, so repeat reports link.
 */
public final class EffectPseudonyms {

    private static final String PURPOSE = "samverkan/effects/pseudonym/v1";

    private final byte[] key;

    public EffectPseudonyms(byte[] subjectPseudonymKey) {
        if (subjectPseudonymKey.length < 32) {
            throw new IllegalArgumentException("the subject pseudonym key needs at least 256 bits");
        }
        this.key = hmac(subjectPseudonymKey, PURPOSE);
    }

    public String person(String subjectId) {
        return encode(hmac(key, "person:" + subjectId));
    }

    public String caseKey(String caseId) {
        return encode(hmac(key, "case:" + caseId));
    }

    /** An id inside one case (a commitment), keyed with the case so equal ids of two cases never meet. */
    public String ref(String caseId, String ref) {
        return ref == null ? null : encode(hmac(key, "ref:" + caseId + ":" + ref));
    }

    private static String encode(byte[] digest) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    private static byte[] hmac(byte[] key, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
