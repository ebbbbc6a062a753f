package se.samverkan.localstack;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samverkan.localstack.services.ServiceSpec;
import se.samverkan.platform.test.TestMetrics;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 13, "Operating it", end to end on the running stack, whose services run as a deployment would be configured
 * for an operator (local-stack's Failsafe run sets {@code OTEL_EXPORTER_OTLP_ENDPOINT} to this test's OTLP receiver and
 * {@code LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs}): one referral sent over HTTP is one trace, from case-service's HTTP
 * span through its relay's producer span to audit-service's ingest span (the audit entry) and notification-service's
 * ingest span (the inbox items), exported over OTLP/HTTP; no span holds the walk's personal data; every service's log
 * line is a JSON object and none holds the walk's personnummer or names; every series the alert rules read is in the
 * services' scrapes. Before issue 13 no service exported a span, carried a trace through Kafka, logged JSON or served
 * /actuator/prometheus.
 */
class OperatorTracingIT {

    private static final Duration PROPAGATION = Duration.ofSeconds(90);
    private static final List<String> PERSONAL_DATA = List.of("20100315-9124", "201003159124", "19870614-2836",
            "Test Testsson", "Vera Testsson", "Testgatan", "Behöver stöd efter skolan");
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Stack stack;
    private static Map<String, String> urls;
    private static OtlpReceiver receiver;

    @BeforeAll
    static void stack() {
        String endpoint = System.getenv("OTEL_EXPORTER_OTLP_ENDPOINT");
        assertThat(endpoint).as("local-stack's Failsafe run points the services at this test's OTLP receiver "
                + "(OTEL_EXPORTER_OTLP_ENDPOINT in local-stack/pom.xml)").isNotBlank();
        receiver = new OtlpReceiver(URI.create(endpoint).getPort());
        stack = ItStack.get();
        assertThat(stack.serviceFailures()).as("every service must start; read the log named in each failure").isEmpty();
        urls = ServiceSpec.all(stack.settings()).stream().collect(Collectors.toMap(ServiceSpec::name, ServiceSpec::baseUrl));
    }

    @AfterAll
    static void stopReceiver() {
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void one_referral_is_one_trace_from_the_http_call_to_the_audit_entry_and_the_inbox() {
        String anna = ItStack.token(TestUser.SOCIAL_WORKER);
        String traceId = hex(16);
        String callerSpanId = hex(8);

        HttpResponse<String> opened = Http.postJson(urls.get("case-service") + "/api/cases", anna, se.samverkan.localstack.FirstCase.JSON);
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        String caseId = Http.json(opened).path("caseId").asString();
        HttpResponse<String> consent = post("/api/cases/" + caseId + "/consents", anna, """
                {"parties":[{"role":"SUBJECT","personalIdentityNumber":"20100315-9124"},
                            {"role":"GUARDIAN","personalIdentityNumber":"19870614-2836"}],
                 "recipientAgency":"POLICE","recipientUnit":"polisen-haninge","purposes":["CRIME_PREVENTION"],
                 "dataCategories":["IDENTITY","CASE_SUMMARY"],"validFrom":"%s","validUntil":"%s","documentReference":"Samtycke O-1"}"""
                .formatted(LocalDate.now().minusDays(1), LocalDate.now().plusDays(30)), null);
        assertThat(consent.statusCode()).as(consent.body()).isEqualTo(201);

        // the caller's trace context, as a gateway in front of the services would send it
        HttpResponse<String> referral = post("/api/cases/" + caseId + "/referrals", anna, """
                {"policeUnit":"polisen-haninge","legalBasis":"CONSENT","consentId":"%s","dataCategories":["IDENTITY","CASE_SUMMARY"],
                 "caseSummary":"Behöver stöd efter skolan."}""".formatted(Http.json(consent).path("consentId").asString()),
                "00-" + traceId + "-" + callerSpanId + "-01");
        assertThat(referral.statusCode()).as(referral.body()).isEqualTo(201);

        await("the referral's trace in every service").atMost(PROPAGATION).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(receiver.ofTrace(traceId)).extracting(span -> span.service() + ": " + span.name()).contains(
                        "case-service: publish samverkan.case.events",
                        "case-service: publish samverkan.access.events",
                        "audit-service: audit ingest",
                        "notification-service: notification ingest"));
        List<OtlpReceiver.ReceivedSpan> trace = receiver.ofTrace(traceId);
        assertThat(trace).as("case-service's server span continues the caller's")
                .anySatisfy(span -> {
                    assertThat(span.service()).isEqualTo("case-service");
                    assertThat(span.name()).startsWith("http post");
                    assertThat(span.parentSpanId()).isEqualTo(callerSpanId);
                });
        Map<String, String> producers = trace.stream().filter(span -> span.name().startsWith("publish "))
                .collect(Collectors.toMap(OtlpReceiver.ReceivedSpan::spanId, OtlpReceiver.ReceivedSpan::name, (a, b) -> a));
        assertThat(trace).filteredOn(span -> span.name().endsWith(" ingest"))
                .as("each ingest span is a child of a relay's producer span").isNotEmpty()
                .allSatisfy(span -> assertThat(producers).containsKey(span.parentSpanId()));
        assertThat(trace).as("no span of the referral holds its personal data").allSatisfy(span -> {
            String everything = span.name() + " " + span.attributes();
            PERSONAL_DATA.forEach(value -> assertThat(everything).doesNotContain(value));
        });
    }

    @Test
    void every_service_logs_json_lines_without_the_walks_personal_data() throws IOException {
        // a walk with personal data in it: open a case (personnummer, names, address) and read it back
        String anna = ItStack.token(TestUser.SOCIAL_WORKER);
        HttpResponse<String> opened = Http.postJson(urls.get("case-service") + "/api/cases", anna, se.samverkan.localstack.FirstCase.JSON);
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        String caseId = Http.json(opened).path("caseId").asString();
        assertThat(Http.get(urls.get("case-service") + "/api/cases/" + caseId, anna).statusCode()).isEqualTo(200);
        await("the case's inbox item").atMost(PROPAGATION).pollInterval(Duration.ofMillis(500)).until(() ->
                Http.get(urls.get("notification-service") + "/api/inbox", anna).body().contains(caseId));

        for (ServiceSpec service : ServiceSpec.all(stack.settings())) {
            List<String> lines = linesOfThisRun(stack.settings().logDir().resolve(service.name() + ".log"));
            List<JsonNode> json = new ArrayList<>();
            List<String> other = new ArrayList<>();
            for (String line : lines) {
                if (line.startsWith("{")) {
                    json.add(Http.JSON.readTree(line));
                } else if (!line.isBlank() && !line.startsWith("WARNING: ")) { // the JVM's own warnings are no log lines
                    other.add(line);
                }
            }
            assertThat(json).as(service.name() + " logs JSON lines").hasSizeGreaterThan(5).allSatisfy(entry -> {
                assertThat(entry.path("@timestamp").asString()).isNotBlank();
                assertThat(entry.path("log").path("level").asString()).isNotBlank();
                assertThat(entry.path("message").isMissingNode()).isFalse();
                assertThat(entry.path("service").path("name").asString()).isEqualTo(service.name());
            });
            assertThat(other).as(service.name() + ": every log line is a JSON object").isEmpty();
            String all = String.join("\n", lines);
            PERSONAL_DATA.forEach(value -> assertThat(all).as(service.name() + "'s log").doesNotContain(value));
        }
    }

    @Test
    void every_series_the_alert_rules_read_is_scraped_from_the_running_services_without_a_token() {
        await("the consumers' lag and the directory sync").atMost(PROPAGATION).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            for (ServiceSpec service : ServiceSpec.all(stack.settings())) {
                String scrape = TestMetrics.scrape(service.managementPort());
                assertThat(TestMetrics.seriesNames(scrape)).as(service.name())
                        .containsAll(TestMetrics.alertSeries(service.name()).stream()
                                // a counter appears with its first increment: dead letters need not have happened here
                                .filter(series -> !series.equals("samverkan_kafka_dead_letters_total")).toList());
            }
        });
        assertThat(TestMetrics.value(TestMetrics.scrape(stack.settings().caseServiceManagementPort()), "samverkan_directory_sync_age_seconds"))
                .as("case-service synced its directory from Keycloak").isPresent();
    }

    /** The log since the stack last started this service (ChildProcess writes a marker line before each start). */
    private static List<String> linesOfThisRun(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        int start = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("==== ")) {
                start = i + 1;
            }
        }
        return lines.subList(start, lines.size());
    }

    private static HttpResponse<String> post(String path, String bearer, String json, String traceparent) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(urls.get("case-service") + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (traceparent != null) {
            request.header("traceparent", traceparent);
        }
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        random[0] |= 1;
        return HexFormat.of().formatHex(random);
    }
}
