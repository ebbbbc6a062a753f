package se.samverkan.platform.test;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The spans a service under test ended, as an OTLP exporter would have sent them: declare {@link #processor()} as a
 * bean and the service's OpenTelemetry SDK hands every ended span here at once (no batching delay). Kept for the
 * test JVM's life, in the order they ended, and by trace: a span is added in constant time (a copy-on-write list
 * copied every span so far for each new one, which a test JVM or a benchmark with a hundred thousand spans paid for).
 */
public final class TestSpans implements SpanExporter {

    private static final Queue<SpanData> SPANS = new ConcurrentLinkedQueue<>();
    private static final Map<String, Queue<SpanData>> BY_TRACE = new ConcurrentHashMap<>();

    private TestSpans() {
    }

    public static SpanProcessor processor() {
        return SimpleSpanProcessor.create(new TestSpans());
    }

    public static List<SpanData> all() {
        return List.copyOf(SPANS);
    }

    public static List<SpanData> ofTrace(String traceId) {
        Queue<SpanData> trace = BY_TRACE.get(traceId);
        return trace == null ? List.of() : List.copyOf(trace);
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        for (SpanData span : spans) {
            SPANS.add(span);
            BY_TRACE.computeIfAbsent(span.getTraceId(), id -> new ConcurrentLinkedQueue<>()).add(span);
        }
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
}
