package se.samverkan.signing;

import java.net.URI;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * Who may say what: each producing service, the CloudEvents {@code source} it signs as, and the topics whose event
 * types are its to produce ({@link EventTopics}). A valid signature of notification-service on a case event is still a
 * forgery. Plain data and JDK code: the services (contracts' {@code EventVerifier}) and the offline verifier apply the
 * same rule.
 */
public enum EventProducer {

    CASE_SERVICE("case-service", Set.of(EventTopics.CASE_EVENTS, EventTopics.ACCESS_EVENTS)),
    AUDIT_SERVICE("audit-service", Set.of(EventTopics.AUDIT_EVENTS, EventTopics.AUDIT_CHECKPOINTS)),
    NOTIFICATION_SERVICE("notification-service", Set.of(EventTopics.NOTIFICATION_EVENTS));

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
        Optional<String> known = EventTopics.topicOf(type);
        if (known.isPresent()) {
            return topics.contains(known.get()) && (topic == null || topic.equals(known.get()));
        }
        if (topic == null) {
            return this == AUDIT_SERVICE && type.startsWith(AUDIT_INTERNAL_TYPE_PREFIX);
        }
        String namespace = EventTopics.namespaceOf(topic);
        return topics.contains(topic) && namespace != null && type.startsWith(namespace) && type.length() > namespace.length();
    }
}
