package se.samverkan.audit.ingest;

import org.springframework.stereotype.Component;
import se.samverkan.contracts.Topics;
import se.samverkan.signing.EventKeys;
import se.samverkan.signing.EventProducer;
import se.samverkan.contracts.signing.EventSigner;
import se.samverkan.contracts.signing.EventVerifier;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The producers the log must be able to verify before it may consume at all. A log that trusts no key of
 * case-service would dead-letter every genuine event as a forgery, quietly losing the history it exists to keep, so
 * the service refuses to start instead, naming the missing producer. Its own key must be audit-service's, or the
 * log's own entries would carry a signature no verifier accepts for them.
 */
@Component
public class IngestTrust {

    /** The topics the listener consumes, and so the producers whose keys must be trusted. */
    static final List<String> CONSUMED_TOPICS = List.of(Topics.CASE_EVENTS, Topics.ACCESS_EVENTS, Topics.NOTIFICATION_EVENTS);

    private final EventVerifier verifier;

    public IngestTrust(EventVerifier verifier, EventSigner signer) {
        check(verifier, signer);
        this.verifier = verifier;
    }

    public EventVerifier verifier() {
        return verifier;
    }

    static void check(EventVerifier verifier, EventSigner signer) {
        if (signer.producer() != EventProducer.AUDIT_SERVICE) {
            throw new IllegalStateException("samverkan.events.signing-key (SAMVERKAN_EVENTS_SIGNING_KEY) is " + signer.keyId()
                    + ", not a key of audit-service: the log signs its own entries as audit-service");
        }
        Set<EventProducer> required = EnumSet.noneOf(EventProducer.class);
        for (EventProducer producer : EventProducer.values()) {
            if (CONSUMED_TOPICS.stream().anyMatch(producer.topics()::contains)) {
                required.add(producer);
            }
        }
        Set<String> trusted = verifier.trustedKeys().keySet().stream().map(EventKeys::serviceOf).collect(Collectors.toSet());
        List<String> missing = required.stream().map(EventProducer::service).filter(service -> !trusted.contains(service)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("samverkan.events.trusted-keys (SAMVERKAN_EVENTS_TRUSTED_KEYS) holds no key of "
                    + String.join(" and ", missing) + ": the audit log would refuse every event they publish as forged. Add their"
                    + " public keys (GET /api/event-signing-keys of each service, as <service>/<label>:<base64url>,...)");
        }
    }
}
