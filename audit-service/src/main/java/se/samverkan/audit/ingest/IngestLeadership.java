package se.samverkan.audit.ingest;

import org.springframework.context.event.EventListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;
import se.samverkan.audit.log.LeadershipChanged;

/**
 * Only the leader consumes. A standby leaves the consumer group altogether (stopping, not pausing, its container),
 * because a paused member would still be assigned partitions that the leader then never sees.
 */
@Component
class IngestLeadership {

    static final String LISTENER_ID = "audit-log";

    private final KafkaListenerEndpointRegistry registry;
    private final boolean enabled;

    /**
     * @param enabled false for a log that consumes no topic (SAMVERKAN_AUDIT_INGEST_ENABLED=false): the local stack's
     *                second log, the demo partner's, has no case-service of its own and would otherwise take
     *                partitions of Haninge's events in another group; it keeps its own entries and witnesses
     */
    IngestLeadership(KafkaListenerEndpointRegistry registry,
                     @org.springframework.beans.factory.annotation.Value("${samverkan.audit.ingest.enabled:true}") boolean enabled) {
        this.registry = registry;
        this.enabled = enabled;
    }

    @EventListener
    void on(LeadershipChanged change) {
        MessageListenerContainer container = registry.getListenerContainer(LISTENER_ID);
        if (container == null) {
            return;
        }
        if (change.leader() && enabled) {
            if (!container.isRunning()) {
                container.start();
            }
        } else if (container.isRunning()) {
            // asynchronous: the consumer thread may be waiting on the sequencer that publishes this event
            container.stop(() -> { });
        }
    }
}
