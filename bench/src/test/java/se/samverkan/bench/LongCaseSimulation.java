package se.samverkan.bench;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Issue 12's "case read at 10,000 events ÷ case read at 10 events", in a run of its own (-Dbench.longCase=N): filling
 * one case with thousands of events takes minutes and would distort every figure of the mixed load if it ran beside
 * it. The social worker opens a short and a long case and writes events to them through the real API, several requests
 * in flight (the aggregate takes them one at a time, so the fill rate is itself a figure: writes to one long case);
 * then, after a warm-up, Gatling reads both cases alternately as their owner at a modest steady rate (the same read as
 * the mixed load: the case file, the access decision and its access event), and the table compares the two.
 * <p>
 * What the ratio shows depends on the events: case-service folds a read from the latest snapshot (every 50 events)
 * plus the tail, and keeps the last file read in memory, so the fold itself should not grow with the case; but every
 * note is in the owner's view, so a case with 10,000 notes also answers with 10,000 notes. bench.longCase.fill=note
 * (the default: what a years-long case accumulates) measures that whole read; fill=meeting (a joint police meeting
 * record, which leaves the view's size unchanged and is not published) isolates the cost of the event count.
 */
public class LongCaseSimulation extends Simulation {

    static final BenchSettings SETTINGS = BenchSettings.fromSystemProperties();
    static final Workers WORKERS = new Workers(SETTINGS);
    static final Recorder RECORDER = new Recorder();

    static final String OWNER = "anna";
    static final int LONG_EVENTS = Integer.parseInt(System.getProperty("bench.longCase", "10000"));
    static final int SHORT_EVENTS = Integer.parseInt(System.getProperty("bench.longCase.short", "10"));
    static final String FILL = System.getProperty("bench.longCase.fill", "note");
    /** Requests in flight during the fill; more only queue on the aggregate's lock. */
    static final int WRITERS = Integer.parseInt(System.getProperty("bench.longCase.writers", "8"));
    static final int WARM_UP_READS = Integer.parseInt(System.getProperty("bench.longCase.warmUp", "50"));
    static final int READS = Integer.parseInt(System.getProperty("bench.longCase.reads", "500"));
    /** Reads of both cases together per second: far below capacity, so the figure is a read's cost, not queueing. */
    static final double READ_RATE = Double.parseDouble(System.getProperty("bench.longCase.readRate", "20"));

    private static final String CASES = SETTINGS.caseService() + "/api/cases";
    private static final String SHORT_KIND = "case read, short";
    private static final String LONG_KIND = "case read, long";

    static volatile String shortCase;
    static volatile String longCase;
    static final AtomicLong arrivals = new AtomicLong();
    static final StringBuilder PREPARATION = new StringBuilder();
    static volatile String loadBeforeReads = "?";
    static volatile double[] foldsBeforeReads;

    HttpProtocolBuilder protocol = http
            .shareConnections()
            .acceptHeader("application/json, application/problem+json")
            .disableCaching();

    ScenarioBuilder reads = scenario("long and short case reads")
            // alternate, so both cases meet the same moments of the machine's load
            .exec(session -> {
                boolean readLong = arrivals.getAndIncrement() % 2 == 1;
                return session.set("kind", readLong ? LONG_KIND : SHORT_KIND).set("caseId", readLong ? longCase : shortCase);
            })
            .exec(http("#{kind}").get(session -> CASES + "/" + session.getString("caseId"))
                    .header("Authorization", session -> "Bearer " + WORKERS.token(OWNER))
                    .check(status().saveAs("status"), responseTimeInMillis().saveAs("rt"), status().is(200)))
            .exec(session -> {
                RECORDER.record(session.getString("kind"), false, 0, session.contains("rt") ? session.getInt("rt") : 0,
                        session.contains("status") ? session.getInt("status") : 0);
                return session;
            });

    {
        Duration during = Duration.ofMillis(Math.round(2 * READS * 1000 / READ_RATE));
        setUp(reads.injectOpen(constantUsersPerSec(READ_RATE).during(during)))
                .protocols(protocol)
                .maxDuration(during.plusSeconds(60));
    }

    @Override
    public void before() {
        String token = WORKERS.token(OWNER);
        shortCase = openCase(token);
        longCase = openCase(token);
        line("| fill of the short case, %d %ss | %s |", SHORT_EVENTS, FILL, fill(shortCase, SHORT_EVENTS));
        line("| fill of the long case, %d %ss | %s |", LONG_EVENTS, FILL, fill(longCase, LONG_EVENTS));
        line("| events in the streams (ETag version + 1): short / long | %d / %d |", streamLength(shortCase), streamLength(longCase));
        // the first read folds from the snapshot and fills case-service's memory of the file; JIT settles after that
        for (int i = 0; i < WARM_UP_READS; i++) {
            Workers.get(CASES + "/" + shortCase, WORKERS.token(OWNER));
            Workers.get(CASES + "/" + longCase, WORKERS.token(OWNER));
        }
        loadBeforeReads = loadAverage();
        foldsBeforeReads = folds();
        System.out.println("bench: filled; " + WARM_UP_READS + " warm-up reads of each; now " + READS + " reads of each at "
                + fmt(READ_RATE) + " reads/s");
    }

    @Override
    public void after() {
        try {
            String table = table();
            System.out.println(table);
            Path out = Path.of(System.getProperty("bench.longCase.summary",
                    Path.of(System.getProperty("bench.defaultSummary", "target/bench-summary.txt"))
                            .resolveSibling("bench-longcase-summary.txt").toString()));
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, table);
        } catch (Exception e) {
            System.out.println("bench: the long-case summary failed: " + e);
        }
    }

    private static String openCase(String token) {
        String[] subject = Bodies.newSubject();
        HttpResponse<String> opened = Workers.post(CASES, token, Bodies.openCase(subject[0], subject[1], subject[2]));
        if (opened.statusCode() != 201) {
            throw new IllegalStateException("opening a case answered " + opened.statusCode() + " " + opened.body());
        }
        return Workers.read(opened.body()).path("caseId").asText();
    }

    /** Writes the events with WRITERS requests in flight; a refused write is sent again, so exactly `events` land. */
    private static String fill(String caseId, int events) {
        String path = CASES + "/" + caseId + (FILL.equals("meeting") ? "/joint-police-meetings" : "/notes");
        String body = FILL.equals("meeting") ? "{\"on\":\"" + LocalDate.now() + "\"}" : Bodies.note();
        AtomicInteger toWrite = new AtomicInteger(events);
        AtomicInteger refused = new AtomicInteger();
        List<Long> millis = Collections.synchronizedList(new ArrayList<>());
        String loadBefore = loadAverage();
        long start = System.nanoTime();
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                running.add(writers.submit(() -> {
                    while (toWrite.getAndDecrement() > 0) {
                        while (true) {
                            long sent = System.nanoTime();
                            int status = Workers.post(path, WORKERS.token(OWNER), body).statusCode();
                            if (status >= 200 && status < 300) {
                                millis.add((System.nanoTime() - sent) / 1_000_000);
                                int done = millis.size();
                                if (done % 1000 == 0) {
                                    System.out.printf(Locale.ROOT, "bench: %d of %d events in %.0f s%n", done, events,
                                            (System.nanoTime() - start) / 1e9);
                                }
                                break;
                            }
                            // a bounded number of retries: a stack that refuses everything ends the run, it does not spin
                            if (refused.incrementAndGet() > Math.max(100, events / 10)) {
                                throw new IllegalStateException("filling the case: too many refused writes, last " + status);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> writer : running) {
                writer.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("filling the case failed: " + e.getMessage(), e);
        } finally {
            writers.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return String.format(Locale.ROOT, "%.1f s (%.1f writes/s, %d in flight; write p50 %d / p99 %d ms; %d refused and sent again; load %s → %s)",
                seconds, events / seconds, WRITERS, Percentiles.of(millis, 50), Percentiles.of(millis, 99), refused.get(),
                loadBefore, loadAverage());
    }

    private static long streamLength(String caseId) {
        HttpResponse<String> read = Workers.get(CASES + "/" + caseId, WORKERS.token(OWNER));
        String etag = read.headers().firstValue("ETag").orElse("\"-2\"").replace("W/", "").replace("\"", "");
        return Long.parseLong(etag) + 1;
    }

    private static String table() {
        Recorder.Series small = RECORDER.byKind().getOrDefault(SHORT_KIND, new Recorder.Series());
        Recorder.Series large = RECORDER.byKind().getOrDefault(LONG_KIND, new Recorder.Series());
        StringBuilder out = new StringBuilder();
        out.append("\n=== Samverkan benchmark: a case read at ").append(LONG_EVENTS).append(" events against one at ")
                .append(SHORT_EVENTS).append(" (fill: ").append(FILL).append("s; ").append(READS).append(" reads of each, alternately, at ")
                .append(fmt(READ_RATE)).append(" reads/s, after ").append(WARM_UP_READS).append(" warm-up reads of each) ===\n\n");
        out.append(String.format("%-22s %8s %7s %7s %7s %7s%n", "request", "answered", "p50 ms", "p95 ms", "p99 ms", "errors"));
        for (var series : List.of(java.util.Map.entry("case read, " + SHORT_EVENTS + " events", small),
                java.util.Map.entry("case read, " + LONG_EVENTS + " events", large))) {
            Recorder.Series s = series.getValue();
            out.append(String.format("%-22s %8d %7d %7d %7d %7d%n", series.getKey(), s.ok.get(), s.percentile(50),
                    s.percentile(95), s.percentile(99), s.total() - s.ok.get()));
        }
        out.append("\n| figure | this run |\n|---|---|\n");
        out.append(PREPARATION);
        out.append("| case read at ").append(String.format(Locale.ROOT, "%,d", LONG_EVENTS)).append(" events ÷ at ")
                .append(SHORT_EVENTS).append(" events (").append(FILL).append("s), p50 / p99 | ")
                .append(ratio(large.percentile(50), small.percentile(50))).append(" / ")
                .append(ratio(large.percentile(99), small.percentile(99))).append(" |\n");
        double[] after = folds();
        out.append("| events folded per case-service read during the reads, mean (folds; any client's reads and write decisions) | ")
                .append(foldsBeforeReads == null || after == null || after[0] <= foldsBeforeReads[0]
                        ? "not measured (no /actuator/prometheus)"
                        : String.format(Locale.ROOT, "%.2f (%.0f)", (after[1] - foldsBeforeReads[1]) / (after[0] - foldsBeforeReads[0]),
                        after[0] - foldsBeforeReads[0]))
                .append(" |\n");
        out.append("| load average (1/5/15 min) before the reads / after | ").append(loadBeforeReads).append(" / ")
                .append(loadAverage()).append(" |\n");
        return out.toString();
    }

    /** Gatling keeps whole milliseconds; a 0 ms short read would make any ratio infinite, so say so rather than divide. */
    private static String ratio(long numerator, long denominator) {
        if (numerator < 0 || denominator < 0) {
            return "not measured";
        }
        if (denominator == 0) {
            return numerator + " ms ÷ <1 ms (not meaningful)";
        }
        return String.format(Locale.ROOT, "%.2f (%d ms ÷ %d ms)", (double) numerator / denominator, numerator, denominator);
    }

    private static void line(String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        System.out.println("bench: " + text);
        PREPARATION.append(text).append('\n');
    }

    /**
     * case-service's count and sum of events folded per read after the snapshot (or kept file) it started from, so the
     * table shows whether the long case's reads really folded only a short tail; null where the endpoint is not open.
     */
    private static double[] folds() {
        try {
            HttpResponse<String> metrics = Workers.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(SETTINGS.caseServiceManagement() + "/actuator/prometheus")).timeout(Duration.ofSeconds(10)).GET().build());
            double count = -1;
            double sum = -1;
            for (String line : metrics.body().split("\n")) {
                if (line.startsWith("samverkan_cases_read_events_count ")) {
                    count = Double.parseDouble(line.substring(line.indexOf(' ') + 1).trim());
                } else if (line.startsWith("samverkan_cases_read_events_sum ")) {
                    sum = Double.parseDouble(line.substring(line.indexOf(' ') + 1).trim());
                }
            }
            return metrics.statusCode() == 200 && count >= 0 && sum >= 0 ? new double[]{count, sum} : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
