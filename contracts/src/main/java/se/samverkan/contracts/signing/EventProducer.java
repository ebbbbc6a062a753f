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

    /**
     * Whether this producer may publish the type on the topic (null: an entry the log wrote itself, on no topic). A
     * type this build does not know yet is still the producer's when it lies in the namespace of one of its topics
     * (e.g. a {@code se.samverkan.case.…v2} on samverkan.case.events from case-service), so a producer deployed before
     * its consumers is heard, not dead-lettered; what a consumer does with a type it does not know is its own business.
     */
    public boolean mayProduce(String type, String topic) {
        Optional<EventTypes.Entry> entry = EventTypes.byType(type);
        if (entry.isPresent()) {
            return topics.contains(entry.get().topic()) && (topic == null || topic.equals(entry.get().topic()));
        }
        if (topic == null) {
            return this == AUDIT_SERVICE && type.startsWith(AUDIT_INTERNAL_TYPE_PREFIX);
        }
        String namespace = NAMESPACES.get(topic);
        return topics.contains(topic) && namespace != null && type.startsWith(namespace) && type.length() > namespace.length();
    }

    /** The type prefix of each topic, for types not known to this build. */
    private static final java.util.Map<String, String> NAMESPACES = java.util.Map.of(
            Topics.CASE_EVENTS, "se.samverkan.case.",
            Topics.ACCESS_EVENTS, "se.samverkan.access.",
            Topics.AUDIT_EVENTS, "se.samverkan.audit.",
            Topics.AUDIT_CHECKPOINTS, "se.samverkan.audit.",
            Topics.NOTIFICATION_EVENTS, "se.samverkan.notification.");
}
