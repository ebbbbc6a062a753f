package se.samverkan.contracts.signing;

import se.samverkan.contracts.EventTypes;
import se.samverkan.contracts.Topics;

import java.net.URI;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * Who may say what: each producing service, the CloudEvents {@code source} it signs as, and the topics whose event
 * types are its to produce. A valid signature of notification-service on a case event is still a forgery.
 */
public enum EventProducer {

    CASE_SERVICE("case-service", Set.of(Topics.CASE_EVENTS, Topics.ACCESS_EVENTS)),
    AUDIT_SERVICE("audit-service", Set.of(Topics.AUDIT_EVENTS, Topics.AUDIT_CHECKPOINTS)),
    NOTIFICATION_SERVICE("notification-service", Set.of(Topics.NOTIFICATION_EVENTS));

    /** The log's own entries (reads of the log, review decisions, refused records): audit-service's, never on Kafka. */
    public static final String AUDIT_INTERNAL_TYPE_PREFIX = "se.samverkan.audit.";

    private final String service;
    private final Set<String> topics;

    EventProducer(String service, Set<String> topics) {
        this.service = service;
        this.topics = topics;
    }

    public String service() {
        return service;
    }

    public URI source() {
        return URI.create("/samverkan/" + service);
    }

    public Set<String> topics() {
        return topics;
    }

    public static Optional<EventProducer> ofService(String service) {
        return Arrays.stream(values()).filter(p -> p.service.equals(service)).findFirst();
    }

    public static Optional<EventProducer> ofSource(String source) {
        return Arrays.stream(values()).filter(p -> p.source().toString().equals(source)).findFirst();
    }

    /** Whether this producer may publish the type on the topic (null: an entry the log wrote itself, on no topic). */
    public boolean mayProduce(String type, String topic) {
        Optional<EventTypes.Entry> entry = EventTypes.byType(type);
        if (entry.isPresent()) {
            return topics.contains(entry.get().topic()) && (topic == null || topic.equals(entry.get().topic()));
        }
        return topic == null && this == AUDIT_SERVICE && type.startsWith(AUDIT_INTERNAL_TYPE_PREFIX);
    }
}
