package se.samverkan.cases.privacy;

import se.samverkan.cases.domain.DocumentType;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Seals one personal-data value for one subject. A sealed value is a self-describing string
 * {@code pd1:<keyId>:<base64(nonce||ciphertext)>}; the subject id and the field's path are the associated data, so a
 * value cannot be moved to another subject or field unnoticed.
 */
public final class PersonalDataCipher {

    static final String PREFIX = "pd1:";

    private final SubjectKeys keys;

    public PersonalDataCipher(SubjectKeys keys) {
        this.keys = keys;
    }

    public SubjectKeys.DataKey keyFor(UUID subjectId, DocumentType documentType) {
        return keys.currentFor(subjectId, documentType);
    }

    /** The subject's key for the type if it still exists; never creates one. */
    public Optional<SubjectKeys.DataKey> liveKeyFor(UUID subjectId, DocumentType documentType) {
        return keys.liveFor(subjectId, documentType);
    }

    public String seal(UUID subjectId, DocumentType documentType, String field, byte[] plaintext) {
        return seal(keyFor(subjectId, documentType), field, plaintext);
    }

    /** With a key fetched once for all the fields of one event and document type. */
    public String seal(SubjectKeys.DataKey key, String field, byte[] plaintext) {
        byte[] sealed = Aes.seal(key.key(), plaintext, associatedData(key.subjectId(), field));
        return PREFIX + key.keyId() + ":" + Base64.getEncoder().encodeToString(sealed);
    }

    /** Empty when the subject's key for the value's document type was shredded. */
    public Optional<byte[]> open(String sealedValue, String field) {
        if (!isSealed(sealedValue)) {
            throw new IllegalArgumentException("Not a sealed personal data value");
        }
        int secondColon = sealedValue.indexOf(':', PREFIX.length());
        UUID keyId = UUID.fromString(sealedValue.substring(PREFIX.length(), secondColon));
        byte[] sealed = Base64.getDecoder().decode(sealedValue.substring(secondColon + 1));
        return keys.byKeyId(keyId).map(key -> Aes.open(key.key(), sealed, associatedData(key.subjectId(), field)));
    }

    public static boolean isSealed(String value) {
        return value != null && value.startsWith(PREFIX);
    }

    private static byte[] associatedData(UUID subjectId, String field) {
        return (subjectId + "|" + field).getBytes(StandardCharsets.UTF_8);
    }
}
