package se.samverkan.audit.verify;

import se.samverkan.signing.EventKeys;
import se.samverkan.signing.EventProducer;
import se.samverkan.signing.SignedEnvelope;

import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The producers' public event keys the offline verifier checks each exported entry's producer signature with, the
 * same rule the log applied at ingest (contracts' {@code EventVerifier}) in plain JDK code: the entry is signed
 * ({@link SignedEnvelope}), by one of these keys, the key's service is the one its {@code source} names, and that
 * service may produce its type. The keys come from the operator (text {@code id:base64url,...} or the JWKS each
 * service serves at {@code GET /api/event-signing-keys}), never from the export itself.
 *
 * <p>Strict by default: an entry without a producer signature fails. Only entries below an explicitly given leaf
 * index (a log begun before producers signed) may be unsigned; they are counted and reported apart, and a signed
 * entry below that index is still checked.
 */
public final class ProducerKeys {

    /** Producer signatures are not checked at all (an explicit choice of the caller; the result says so). */
    public static final ProducerKeys NOT_CHECKED = new ProducerKeys(null, 0);

    public enum Outcome { VERIFIED, UNSIGNED_ACCEPTED, FAILED }

    /** @param failure why the entry fails, null unless {@link Outcome#FAILED} */
    public record Check(Outcome outcome, String keyId, String failure) {
    }

    private final Map<String, PublicKey> keys;
    private final long acceptUnsignedBelow;

    private ProducerKeys(Map<String, PublicKey> keys, long acceptUnsignedBelow) {
        this.keys = keys;
        this.acceptUnsignedBelow = acceptUnsignedBelow;
    }

    public static ProducerKeys of(Map<String, PublicKey> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no producer keys given");
        }
        return new ProducerKeys(Map.copyOf(keys), 0);
    }

    /** Entries at leaf indexes below {@code leafIndex} may carry no producer signature (counted apart). */
    public ProducerKeys acceptingUnsignedBelow(long leafIndex) {
        if (keys == null || leafIndex < 0) {
            throw new IllegalArgumentException("unsigned entries are accepted only below a leaf index >= 0, with producer keys");
        }
        return new ProducerKeys(keys, leafIndex);
    }

    public boolean checked() {
        return keys != null;
    }

    public long acceptUnsignedBelow() {
        return acceptUnsignedBelow;
    }

    public Check check(long leafIndex, byte[] entry) {
        Optional<SignedEnvelope.Parts> parts = SignedEnvelope.split(entry);
        Map<?, ?> envelope;
        try {
            envelope = Json.parse(entry) instanceof Map<?, ?> map ? map : null;
        } catch (RuntimeException e) {
            envelope = null;
        }
        if (envelope == null) {
            return failed(null, "is not a JSON envelope (not UTF-8, not one JSON object, or a member named twice)");
        }
        String keyId = envelope.get(SignedEnvelope.KEY_ID_ATTRIBUTE) instanceof String id && EventKeys.isKeyId(id) ? id : null;
        if (parts.isEmpty() || keyId == null) {
            return leafIndex < acceptUnsignedBelow ? new Check(Outcome.UNSIGNED_ACCEPTED, null, null)
                    : failed(null, "carries no producer signature");
        }
        PublicKey key = keys.get(keyId);
        if (key == null) {
            return failed(keyId, "is signed with key " + keyId + ", which is not among the producer keys given");
        }
        EventProducer producer = EventProducer.ofService(EventKeys.serviceOf(keyId)).orElse(null);
        Object source = envelope.get("source");
        if (producer == null || !producer.source().toString().equals(source)) {
            return failed(keyId, "is signed with key " + keyId + " of " + EventKeys.serviceOf(keyId)
                    + ", but its source names another producer");
        }
        if (!(envelope.get("type") instanceof String type) || !producer.mayProduce(type, null)) {
            return failed(keyId, "has a type " + producer.service() + " may not produce");
        }
        if (!SignedEnvelope.verifies(parts.get(), key)) {
            return failed(keyId, "does not match its producer signature (key " + keyId + "): its bytes are not what "
                    + producer.service() + " signed");
        }
        return new Check(Outcome.VERIFIED, keyId, null);
    }

    private static Check failed(String keyId, String why) {
        return new Check(Outcome.FAILED, keyId, why);
    }

    /**
     * One {@code --producer-keys} argument: the text form {@code <service>/<label>:<base64url>,...}, or the JSON a
     * service serves at {@code GET /api/event-signing-keys} (a JWK set of Ed25519 keys, each {@code kid} and {@code x}).
     */
    public static Map<String, PublicKey> parse(String textOrJwks) {
        String text = textOrJwks.strip();
        if (!text.startsWith("{")) {
            return EventKeys.parsePublicKeys(text);
        }
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        if (!(Json.parse(text) instanceof Map<?, ?> jwks) || !(jwks.get("keys") instanceof List<?> list)) {
            throw new IllegalArgumentException("a JWK set is {\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":...,\"x\":...}]}");
        }
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> jwk) || !"OKP".equals(jwk.get("kty")) || !"Ed25519".equals(jwk.get("crv"))
                    || !(jwk.get("kid") instanceof String kid) || !(jwk.get("x") instanceof String x)) {
                throw new IllegalArgumentException("every key of the JWK set must be an Ed25519 key (kty OKP, crv Ed25519) with kid and x");
            }
            EventKeys.serviceOf(kid);
            if (keys.put(kid, EventKeys.decodePublic(kid, x)) != null) {
                throw new IllegalArgumentException("the event key " + kid + " is listed twice");
            }
        }
        return keys;
    }
}
