package se.samverkan.platform.observability;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import se.samverkan.platform.observability.logs.RedactedThrowable;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Carries a trace from the HTTP request that caused an event to every service that handles it (issue 13). The W3C
 * {@code traceparent} travels in a Kafka record header, never in the CloudEvent: the envelope's bytes are signed by
 * the producer and frozen by the contracts, and a trace id is no fact about the case. A header is not signed, so a
 * forged one can only mislink a trace; it is never read as anything but a trace context.
 * <p>
 * Outboxes store the traceparent next to their row (or in the event's metadata) and hand it to
 * {@link se.samverkan.platform.kafka.CloudEventPublisher}, which opens a producer span under it on the relay's
 * thread; consumers open their span under the record's header ({@link #consumerSpan}). Span attributes are
 * codes only (topic, partition, offset, event type), never a value from the event's data.
 */
public final class EventTracing {

    public static final String TRACEPARENT = "traceparent";

    /** Without a tracer (tests that build a publisher by hand): no spans, no headers. */
    public static final EventTracing NONE = new EventTracing(Tracer.NOOP, Propagator.NOOP);

    private static final Propagator.Setter<Headers> HEADER_SETTER = (headers, key, value) -> {
        if (headers != null) {
            headers.remove(key);
            headers.add(key, value.getBytes(StandardCharsets.UTF_8));
        }
    };
    private static final Propagator.Getter<ConsumerRecord<?, ?>> HEADER_GETTER = (record, key) -> {
        Header header = record.headers().lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    };

    private final Tracer tracer;
    private final Propagator propagator;

    public EventTracing(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** The current span's context as a W3C traceparent (to store with an outbox row), if a span is current. */
    public Optional<String> currentTraceparent() {
        TraceContext context = tracer.currentTraceContext().context();
        if (context == null) {
            return Optional.empty();
        }
        Map<String, String> carrier = new HashMap<>();
        propagator.inject(context, carrier, Map::put);
        return Optional.ofNullable(carrier.get(TRACEPARENT));
    }

    /**
     * A producer span for one record, child of the stored {@code traceparent} (an outbox row's), or of the current
     * span where there is none (an event published in the request's own thread); its context goes into the record's
     * headers. Answers null when there is no trace to continue: a background publication (a checkpoint) starts none.
     */
    public Span producerSpan(String traceparent, String topic, String eventType, Headers headers) {
        Span.Builder builder;
        if (traceparent != null) {
            builder = propagator.extract(Map.of(TRACEPARENT, traceparent), Map::get);
        } else if (tracer.currentTraceContext().context() != null) {
            builder = tracer.spanBuilder().setParent(tracer.currentTraceContext().context());
        } else {
            return null;
        }
        Span span = builder.name("publish " + topic).kind(Span.Kind.PRODUCER)
                .tag("messaging.system", "kafka")
                .tag("messaging.destination.name", topic)
                .tag("cloudevents.event_type", eventType)
                .start();
        propagator.inject(span.context(), headers, HEADER_SETTER);
        return span;
    }

    /**
     * A consumer span for one record, child of the trace in its {@code traceparent} header (a new trace without
     * one). The caller ends it once the record is handled (committed), so its duration is the ingest time.
     */
    public Span consumerSpan(String name, ConsumerRecord<?, ?> record) {
        Span.Builder builder = HEADER_GETTER.get(record, TRACEPARENT) != null
                ? propagator.extract(record, HEADER_GETTER)
                : tracer.spanBuilder();
        return builder.name(name).kind(Span.Kind.CONSUMER)
                .tag("messaging.system", "kafka")
                .tag("messaging.source.name", record.topic())
                .tag("messaging.kafka.partition", Integer.toString(record.partition()))
                .tag("messaging.kafka.offset", Long.toString(record.offset()))
                .start();
    }

    /**
     * Marks a span failed. A span's exception event holds the failure's message and stack trace, exported to whoever
     * runs the trace backend, and a message can quote the record or the request (a parser's "from String value
     * ('…')"): the span gets the redacted copy the logs get, and the original type as {@code error.type}.
     */
    public static void failed(Span span, Throwable failure) {
        span.tag("error.type", failure.getClass().getName());
        span.error(RedactedThrowable.of(failure));
    }
}
