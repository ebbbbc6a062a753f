package se.samverkan.platform.observability;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The trace context through Kafka headers, with a real OpenTelemetry SDK behind Micrometer Tracing. */
class EventTracingTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String STORED_SPAN_ID = "00f067aa0ba902b7";
    private static final String STORED = "00-" + TRACE_ID + "-" + STORED_SPAN_ID + "-01";

    private final List<SpanData> ended = new CopyOnWriteArrayList<>();
    private final EventTracing tracing = tracing(ended);

    @Test
    void aProducerSpanContinuesTheStoredTraceAndPutsItsOwnContextInTheHeader() {
        RecordHeaders headers = new RecordHeaders();

        Span span = tracing.producerSpan(STORED, "samverkan.case.events", "se.samverkan.case.referral-sent.v1", headers);
        span.end();

        String header = new String(headers.lastHeader(EventTracing.TRACEPARENT).value(), StandardCharsets.UTF_8);
        SpanData producer = ended.getFirst();
        assertThat(producer.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(producer.getParentSpanId()).isEqualTo(STORED_SPAN_ID);
        assertThat(producer.getName()).isEqualTo("publish samverkan.case.events");
        assertThat(header).isEqualTo("00-" + TRACE_ID + "-" + producer.getSpanId() + "-01");
        assertThat(producer.getAttributes().asMap().values()).extracting(String::valueOf)
                .containsOnly("kafka", "samverkan.case.events", "se.samverkan.case.referral-sent.v1");
    }

    @Test
    void aFailedSpanRecordsTheKindOfFailureAndNotWhatItsMessagesQuote() {
        Span span = tracing.producerSpan(STORED, "samverkan.case.events", "se.samverkan.case.case-opened.v1", new RecordHeaders());
        IllegalStateException failure = new IllegalStateException("could not read ('Elsa 201003159124')",
                new IllegalArgumentException("201003159124"));

        EventTracing.failed(span, failure);
        span.end();

        SpanData failed = ended.getFirst();
        assertThat(failed.getStatus().getStatusCode()).isEqualTo(io.opentelemetry.api.trace.StatusCode.ERROR);
        assertThat(failed.getAttributes().asMap()).containsValue(IllegalStateException.class.getName());
        assertThat(failed.getEvents()).isNotEmpty();
        assertThat(failed.toString()).doesNotContain("201003159124").doesNotContain("Elsa")
                .contains("java.lang.IllegalStateException: (message withheld)");
    }

    @Test
    void withoutAStoredOrCurrentTraceNothingIsStartedAndNoHeaderWritten() {
        RecordHeaders headers = new RecordHeaders();

        assertThat(tracing.producerSpan(null, "samverkan.audit.checkpoints", "x", headers)).isNull();
        assertThat(headers.lastHeader(EventTracing.TRACEPARENT)).isNull();
        assertThat(tracing.currentTraceparent()).isEmpty();
    }

    @Test
    void aConsumerSpanIsAChildOfTheRecordsHeaderAndCarriesOnlyTheRecordsPlace() {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("samverkan.case.events", 2, 41, "case-key",
                "{\"secret\":\"20100315-9124\"}".getBytes(StandardCharsets.UTF_8));
        record.headers().add(EventTracing.TRACEPARENT, STORED.getBytes(StandardCharsets.UTF_8));

        tracing.consumerSpan("audit ingest", record).end();

        SpanData consumer = ended.getFirst();
        assertThat(consumer.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(consumer.getParentSpanId()).isEqualTo(STORED_SPAN_ID);
        assertThat(consumer.getAttributes().asMap().values()).extracting(String::valueOf)
                .containsOnly("kafka", "samverkan.case.events", "2", "41");
    }

    @Test
    void aForgedOrMissingHeaderStartsANewTraceInsteadOfFailing() {
        ConsumerRecord<String, byte[]> forged = new ConsumerRecord<>("samverkan.case.events", 0, 1, "k", new byte[0]);
        forged.headers().add(EventTracing.TRACEPARENT, "00-not-a-trace-<script>".getBytes(StandardCharsets.UTF_8));
        ConsumerRecord<String, byte[]> none = new ConsumerRecord<>("samverkan.case.events", 0, 2, "k", new byte[0]);

        tracing.consumerSpan("audit ingest", forged).end();
        tracing.consumerSpan("audit ingest", none).end();

        assertThat(ended).hasSize(2).allSatisfy(span -> {
            assertThat(span.getParentSpanId()).isEqualTo("0000000000000000");
            assertThat(span.getTraceId()).isNotEqualTo(TRACE_ID);
        });
    }

    @Test
    void theCurrentSpansContextIsWhatAnOutboxRowStores() {
        OtelCurrentTraceContext context = new OtelCurrentTraceContext();
        SdkTracerProvider provider = SdkTracerProvider.builder().build();
        OtelTracer tracer = new OtelTracer(provider.get("test"), context, event -> { },
                new OtelBaggageManager(context, List.of(), List.of()));
        EventTracing withCurrent = new EventTracing(tracer,
                new OtelPropagator(ContextPropagators.create(W3CTraceContextPropagator.getInstance()), provider.get("test")));
        Span request = tracer.nextSpan().name("http post").start();
        try (var scope = tracer.withSpan(request)) {
            // flags: sampled (and, for a trace begun here, OpenTelemetry's "random trace id" bit)
            assertThat(withCurrent.currentTraceparent()).hasValueSatisfying(traceparent -> assertThat(traceparent)
                    .matches("00-" + request.context().traceId() + "-" + request.context().spanId() + "-0[13]"));
        } finally {
            request.end();
        }
    }

    private static EventTracing tracing(List<SpanData> ended) {
        SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                ended.addAll(spans);
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        })).build();
        OtelCurrentTraceContext context = new OtelCurrentTraceContext();
        OtelTracer tracer = new OtelTracer(provider.get("test"), context, event -> { },
                new OtelBaggageManager(context, List.of(), List.of()));
        return new EventTracing(tracer,
                new OtelPropagator(ContextPropagators.create(W3CTraceContextPropagator.getInstance()), provider.get("test")));
    }
}
