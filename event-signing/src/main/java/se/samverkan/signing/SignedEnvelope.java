package se.samverkan.signing;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * How a producer's Ed25519 signature travels inside a CloudEvent, in plain JDK code so the offline verifier can use
 * it with nothing else on its class path (see {@link Ed25519Engine}).
 *
 * <p>The signed form is the envelope exactly as the producer serialised it, with the extension attribute
 * {@value #KEY_ID_ATTRIBUTE} naming the key. The signature is then appended as the last member,
 * {@code ,"signature":"<base64url, 86 characters>"}, before the closing brace. A verifier cuts that tail off and
 * checks the signature over the remaining bytes followed by {@code "}"}: the signature covers every byte a consumer
 * reads (envelope, data, key id), and no canonicalisation is needed because the bytes are never re-serialised
 * between producer and log.
 */
public final class SignedEnvelope {

    public static final String KEY_ID_ATTRIBUTE = "signaturekeyid";
    public static final String SIGNATURE_ATTRIBUTE = "signature";
    public static final String ALGORITHM = "Ed25519";

    private static final byte[] TAIL_START = (",\"" + SIGNATURE_ATTRIBUTE + "\":\"").getBytes(StandardCharsets.US_ASCII);
    private static final int SIGNATURE_CHARACTERS = 86; // 64 bytes in unpadded base64url
    private static final int TAIL_LENGTH = TAIL_START.length + SIGNATURE_CHARACTERS + 2; // closing quote and brace

    private SignedEnvelope() {
    }

    /** The signed bytes and the signature of a record value, or empty when the value carries no signature tail. */
    public record Parts(byte[] signedBytes, byte[] signature) {
    }

    /** @param unsigned a JSON object already holding {@value #KEY_ID_ATTRIBUTE} and no signature */
    public static byte[] sign(byte[] unsigned, PrivateKey key) {
        if (unsigned.length < 2 || unsigned[unsigned.length - 1] != '}' || unsigned[0] != '{') {
            throw new IllegalArgumentException("only a serialised JSON object can be signed");
        }
        byte[] signature = ed25519(key, unsigned);
        byte[] encoded = Base64.getUrlEncoder().withoutPadding().encode(signature);
        byte[] signed = Arrays.copyOf(unsigned, unsigned.length - 1 + TAIL_LENGTH);
        int at = unsigned.length - 1;
        System.arraycopy(TAIL_START, 0, signed, at, TAIL_START.length);
        at += TAIL_START.length;
        System.arraycopy(encoded, 0, signed, at, encoded.length);
        at += encoded.length;
        signed[at++] = '"';
        signed[at] = '}';
        return signed;
    }

    public static Optional<Parts> split(byte[] value) {
        if (value == null || value.length <= TAIL_LENGTH + 1 || value[0] != '{' || value[value.length - 1] != '}'
                || value[value.length - 2] != '"') {
            return Optional.empty();
        }
        int tail = value.length - TAIL_LENGTH;
        if (!Arrays.equals(value, tail, tail + TAIL_START.length, TAIL_START, 0, TAIL_START.length)) {
            return Optional.empty();
        }
        byte[] encoded = Arrays.copyOfRange(value, tail + TAIL_START.length, value.length - 2);
        byte[] signature;
        try {
            signature = Base64.getUrlDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        // the decoder ignores the unused low bits of the last character: only the one canonical spelling counts, or
        // 15 other byte strings of every genuine record would verify as well
        if (signature.length != 64 || !Arrays.equals(Base64.getUrlEncoder().withoutPadding().encode(signature), encoded)) {
            return Optional.empty();
        }
        byte[] signed = Arrays.copyOf(value, tail + 1);
        signed[tail] = '}';
        return Optional.of(new Parts(signed, signature));
    }

    public static boolean verifies(Parts parts, PublicKey key) {
        return Ed25519Engine.INSTANCE.verify(key, parts.signedBytes(), parts.signature());
    }

    /**
     * The Ed25519 code that signs and verifies here, and where it came from: Bouncy Castle's where it is on the class
     * path (the services), else the JDK's (the offline verifier run with {@code java -jar}).
     */
    public static String ed25519Implementation() {
        return Ed25519Engine.INSTANCE.description();
    }

    private static byte[] ed25519(PrivateKey key, byte[] message) {
        return Ed25519Engine.INSTANCE.sign(key, message);
    }
}
