package se.samverkan.platform.test;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The spans a service under test ended, as an OTLP exporter would have sent them: declare {@link #processor()} as a
 * bean and the service's OpenTelemetry SDK hands every ended span here at once (no batching delay).
 */
public final class TestSpans implements SpanExporter {

    private static final List<SpanData> SPANS = new CopyOnWriteArrayList<>();

    private TestSpans() {
    }

    public static SpanProcessor processor() {
        return SimpleSpanProcessor.create(new TestSpans());
    }

    public static List<SpanData> all() {
        return List.copyOf(SPANS);
    }

    public static List<SpanData> ofTrace(String traceId) {
        return SPANS.stream().filter(span -> span.getTraceId().equals(traceId)).toList();
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        SPANS.addAll(spans);
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
