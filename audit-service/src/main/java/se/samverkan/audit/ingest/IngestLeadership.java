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

    IngestLeadership(KafkaListenerEndpointRegistry registry) {
        this.registry = registry;
    }

    @EventListener
    void on(LeadershipChanged change) {
        MessageListenerContainer container = registry.getListenerContainer(LISTENER_ID);
        if (container == null) {
            return;
        }
        if (change.leader()) {
            if (!container.isRunning()) {
                container.start();
            }
        } else if (container.isRunning()) {
            // asynchronous: the consumer thread may be waiting on the sequencer that publishes this event
            container.stop(() -> { });
        }
    }
}
