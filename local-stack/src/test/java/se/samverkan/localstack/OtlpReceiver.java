package se.samverkan.localstack;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * An OpenTelemetry collector as small as a test needs: it accepts OTLP/HTTP protobuf trace exports on
 * {@code POST /v1/traces} and keeps each span's service, ids, name and attributes. The protobuf is read field by field
 * (the few fields of opentelemetry-proto's trace messages we look at), so no generated classes are needed.
 */
final class OtlpReceiver implements AutoCloseable {

    record ReceivedSpan(String service, String traceId, String spanId, String parentSpanId, String name,
                        Map<String, String> attributes) {
    }

    private final HttpServer server;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();

    OtlpReceiver(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for OTLP on 127.0.0.1:" + port, e);
        }
        server.createContext("/v1/traces", exchange -> {
            try (InputStream raw = exchange.getRequestBody()) {
                boolean gzip = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
                byte[] body = (gzip ? new GZIPInputStream(raw) : raw).readAllBytes();
                spans.addAll(parse(body));
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1);
            } catch (RuntimeException e) {
                exchange.sendResponseHeaders(400, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    List<ReceivedSpan> ofTrace(String traceId) {
        return spans.stream().filter(span -> span.traceId().equals(traceId)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // ExportTraceServiceRequest{1: ResourceSpans}; ResourceSpans{1: Resource, 2: ScopeSpans}; Resource{1: KeyValue};
    // ScopeSpans{2: Span}; Span{1: trace_id, 2: span_id, 4: parent_span_id, 5: name, 9: KeyValue};
    // KeyValue{1: key, 2: AnyValue}; AnyValue{1: string, 2: bool, 3: int64, 4: double, ...}
    static List<ReceivedSpan> parse(byte[] request) {
        List<ReceivedSpan> parsed = new ArrayList<>();
        for (byte[] resourceSpans : fields(request).getOrDefault(1, List.of())) {
            Map<Integer, List<byte[]>> rs = fields(resourceSpans);
            String service = "";
            for (byte[] resource : rs.getOrDefault(1, List.of())) {
                service = attributes(fields(resource)).getOrDefault("service.name", service);
            }
            for (byte[] scopeSpans : rs.getOrDefault(2, List.of())) {
                for (byte[] span : fields(scopeSpans).getOrDefault(2, List.of())) {
                    Map<Integer, List<byte[]>> s = fields(span);
                    parsed.add(new ReceivedSpan(service, hex(s, 1), hex(s, 2), hex(s, 4), text(s, 5), attributes(s, 9)));
                }
            }
        }
        return parsed;
    }

    private static Map<String, String> attributes(Map<Integer, List<byte[]>> message) {
        return attributes(message, 1);
    }

    private static Map<String, String> attributes(Map<Integer, List<byte[]>> message, int field) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (byte[] keyValue : message.getOrDefault(field, List.of())) {
            Map<Integer, List<byte[]>> kv = fields(keyValue);
            Map<Integer, List<byte[]>> any = kv.containsKey(2) ? fields(kv.get(2).getFirst()) : Map.of();
            String value = any.containsKey(1) ? text(any, 1) : any.values().stream().findFirst()
                    .map(v -> HexFormat.of().formatHex(v.getFirst())).orElse("");
            attributes.put(text(kv, 1), value);
        }
        return attributes;
    }

    private static String text(Map<Integer, List<byte[]>> message, int field) {
        List<byte[]> values = message.get(field);
        return values == null ? "" : new String(values.getFirst(), StandardCharsets.UTF_8);
    }

    private static String hex(Map<Integer, List<byte[]>> message, int field) {
        List<byte[]> values = message.get(field);
        return values == null ? "" : HexFormat.of().formatHex(values.getFirst());
    }

    /** A message's fields by number; varints and fixed-size values as their raw little-endian bytes. */
    private static Map<Integer, List<byte[]>> fields(byte[] message) {
        Map<Integer, List<byte[]>> fields = new LinkedHashMap<>();
        int[] at = {0};
        while (at[0] < message.length) {
            long tag = varint(message, at);
            int number = (int) (tag >>> 3);
            byte[] value = switch ((int) (tag & 7)) {
                case 0 -> {
                    int start = at[0];
                    varint(message, at);
                    yield java.util.Arrays.copyOfRange(message, start, at[0]);
                }
                case 1 -> slice(message, at, 8);
                case 2 -> slice(message, at, (int) varint(message, at));
                case 5 -> slice(message, at, 4);
                default -> throw new IllegalArgumentException("unsupported wire type " + (tag & 7));
            };
            fields.computeIfAbsent(number, n -> new ArrayList<>()).add(value);
        }
        return fields;
    }

    private static byte[] slice(byte[] message, int[] at, int length) {
        byte[] value = java.util.Arrays.copyOfRange(message, at[0], at[0] + length);
        at[0] += length;
        return value;
    }

    private static long varint(byte[] message, int[] at) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = message[at[0]++];
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("malformed varint");
    }
}
