package se.samverkan.cases.publishing;

import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.springframework.stereotype.Component;
import se.samverkan.platform.observability.EventTracing;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Keeps the trace of the request that caused an event with the event (issue 13): every event published while a span
 * is current (the HTTP request's, on the thread that handles the command) gets its W3C traceparent in the event's
 * metadata, where {@link IntegrationEventRelay} finds it later on its own thread and sends it along as the Kafka
 * record's header. A trace context names a request, not a person; it is never part of the event's data.
 */
@Component
public class TraceMetadata implements MessageDispatchInterceptor<EventMessage<?>> {

    public static final String KEY = EventTracing.TRACEPARENT;

    private final EventTracing tracing;

    public TraceMetadata(EventTracing tracing, EventBus eventBus) {
        this.tracing = tracing;
        eventBus.registerDispatchInterceptor(this);
    }

    @Override
    public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> messages) {
        return (index, message) -> message.getMetaData().containsKey(KEY) ? message
                : tracing.currentTraceparent().<EventMessage<?>>map(traceparent -> message.andMetaData(Map.of(KEY, traceparent)))
                .orElse(message);
    }

    /** The traceparent stored with an event, if it was published inside a trace. */
    public static String of(EventMessage<?> message) {
        return message.getMetaData().get(KEY) instanceof String traceparent ? traceparent : null;
    }
}
