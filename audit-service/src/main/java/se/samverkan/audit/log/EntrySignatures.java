package se.samverkan.audit.log;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import se.samverkan.contracts.MalformedEventException;
import se.samverkan.contracts.signing.EventSigner;
import se.samverkan.contracts.signing.EventVerifier;
import se.samverkan.contracts.signing.ForgedEventException;
import se.samverkan.signing.EventKeys;

import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether a stored entry's bytes are what their producer signed: the same rule the ingest applied
 * ({@link EventVerifier}, on no topic), with the producers' keys the ingest trusts and audit-service's own key for
 * the log's own entry types. The leaf hash only proves that the bytes were not changed since they were appended; a
 * row the runtime role inserted itself (it may INSERT, so it can write a leaf with a correct leaf hash) is caught
 * only here, since it cannot sign as case-service or as audit-service.
 * <p>
 * Keys retired from {@code SAMVERKAN_EVENTS_TRUSTED_KEYS} (a rotated producer key) still sign the entries appended
 * while they were in use: list them in {@code samverkan.audit.integrity.former-producer-keys}, which verifies what
 * is already in the log and is never used at ingest. Entries appended before producers signed (development data only)
 * may be unsigned below {@code samverkan.audit.integrity.accept-unsigned-below}, as the offline verifier's
 * {@code --accept-unsigned-below}.
 */
@Component
public class EntrySignatures {

    private final EventVerifier verifier;
    private final long acceptUnsignedBelow;

    @Autowired
    public EntrySignatures(EventVerifier ingest, EventSigner own,
                           @Value("${samverkan.events.published-keys:}") String ownPublished,
                           @Value("${samverkan.audit.integrity.former-producer-keys:}") String formerProducerKeys,
                           @Value("${samverkan.audit.integrity.accept-unsigned-below:0}") long acceptUnsignedBelow) {
        Map<String, PublicKey> keys = new LinkedHashMap<>(ingest.trustedKeys());
        keys.put(own.keyId(), own.key().publicKey());
        keys.putAll(parse(ownPublished, "samverkan.events.published-keys"));
        keys.putAll(parse(formerProducerKeys, "samverkan.audit.integrity.former-producer-keys"));
        this.verifier = new EventVerifier(keys);
        this.acceptUnsignedBelow = acceptUnsignedBelow;
    }

    /** @return null when the entry at this leaf is its producer's, else why not (a reason and key id, never its content) */
    public String problem(long leafIndex, byte[] entry) {
        try {
            verifier.verify(null, entry);
            return null;
        } catch (ForgedEventException e) {
            if (e.reason() == ForgedEventException.Reason.UNSIGNED && leafIndex < acceptUnsignedBelow) {
                return null;
            }
            return "its producer signature does not verify (" + e.reason() + ")";
        } catch (MalformedEventException | IllegalArgumentException e) {
            return "its producer signature does not verify (not a signed envelope)";
        }
    }

    private static Map<String, PublicKey> parse(String keys, String setting) {
        if (keys == null || keys.isBlank()) {
            return Map.of();
        }
        try {
            return EventKeys.parsePublicKeys(keys);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(setting + ": " + e.getMessage());
        }
    }
}
