package se.samverkan.cases.publishing;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import se.samverkan.cases.config.EventStoreProperties;
import se.samverkan.cases.projection.CaseSummaryProjection;
import se.samverkan.cases.support.IntegrationTest;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12: the processors whose delay people see (the audit entry and inbox item of a command, a new case in the
 * list) are tracking processors, which the embedded event store wakes the moment a command commits. A pooled
 * processor would ask the store for an availability callback, get none, and poll every 500 ms when idle: that put
 * about 280 ms (p50) between a command and its audit entry on an idle machine.
 */
class ProcessorWakeUpIT extends IntegrationTest {

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    EventStore eventStore;

    @Autowired
    ConfigurableApplicationContext context;

    @Autowired
    EventStoreProperties eventStoreProperties;

    @Test
    void theEventStoreOffersNoAvailabilityCallbackSoThePublisherAndTheListTrack() {
        try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(null)) {
            assertThat(stream.setOnAvailableCallback(() -> { })).as("a pooled processor could be woken instead of polling").isFalse();
        }
        for (String group : new String[]{IntegrationEventRelay.PROCESSING_GROUP, CaseSummaryProjection.PROCESSING_GROUP}) {
            assertThat(processing.eventProcessor(group, EventProcessor.class)).get().as(group)
                    .isInstanceOf(TrackingEventProcessor.class);
        }
    }

    @Test
    void eventsAnotherReplicaCommittedAreLookedForEvery100MsNotEverySecond() {
        // Axon's auto-configured store would wait a second between looks; ours is built with the configured delay
        assertThat(context.getBeanFactory().getBeanDefinition("eventStore").getFactoryBeanName())
                .isEqualTo("eventStoreConfiguration");
        assertThat(eventStoreProperties.fetchDelay()).isEqualTo(Duration.ofMillis(100));
    }
}
