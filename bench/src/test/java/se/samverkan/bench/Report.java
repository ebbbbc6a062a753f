package se.samverkan.bench;

import java.util.List;
import java.util.Map;

/** The table, filled with what this run measured, and what it did not. */
final class Report {

    private Report() {
    }

    static String table(BenchSettings settings, Recorder recorder, Propagation propagation, Map<String, long[]> rss,
                        RawInserts.Result raw, String rawFailure, Map<String, Double> cpu) {
        double seconds = settings.duration().toSeconds();
        Recorder.Series all = recorder.all();
        Recorder.Series commands = recorder.byKind().getOrDefault("(all commands)", new Recorder.Series());
        StringBuilder out = new StringBuilder();
        out.append("\n=== Samverkan benchmark: offered ").append(fmt(settings.rate())).append(settings.readsOnly() ? " case reads/s" : " requests/s").append(" (open model) for ")
                .append(settings.duration().toSeconds()).append(" s after a ").append(settings.rampUp().toSeconds())
                .append(" s ramp; steady state only ===\n\n");
        out.append(String.format("%-22s %8s %8s %7s %7s %7s %7s %7s %7s%n", "request", "answered", "per s", "p50 ms", "p95 ms",
                "p99 ms", "429", "503", "errors"));
        for (Map.Entry<String, Recorder.Series> kind : recorder.byKind().entrySet()) {
            row(out, kind.getKey(), kind.getValue(), seconds);
        }
        row(out, "(everything)", all, seconds);

        // openings of the ramp are sampled too: they count from the steady state's start on, like the requests
        long steadyFrom = MixedLoadSimulation.steadyFromNanos;
        List<Long> auditLag = propagation.auditLagMillis(steadyFrom);
        List<Long> inboxLag = propagation.inboxLagMillis(steadyFrom);
        double errorShare = all.total() == 0 ? 0 : 100.0 * all.failed.get() / all.total();
        double refusedShare = all.total() == 0 ? 0 : 100.0 * (all.rateLimited.get() + all.shed.get()) / all.total();
        Recorder.Series reads = recorder.byKind().getOrDefault("case read", new Recorder.Series());

        out.append("\n| figure | this run |\n|---|---|\n");
        out.append("| mixed requests/s answered 2xx (commands/s among them) | ").append(fmt(all.ok.get() / seconds))
                .append(" (").append(fmt(commands.ok.get() / seconds)).append(") |\n");
        out.append("| p99 of answered requests (commands) | ").append(all.percentile(99)).append(" ms (")
                .append(commands.percentile(99)).append(" ms) |\n");
        long settle = settle(settings);
        if (settle > 0) {
            out.append("| p99 of answered requests (commands) after the first ").append(settle).append(" s of the steady state | ")
                    .append(all.percentileFrom(99, settle)).append(" ms (").append(commands.percentileFrom(99, settle)).append(" ms) |\n");
        }
        out.append("| median of the per-second p99 (commands) | ").append(all.medianOfPerSecond(99)).append(" ms (")
                .append(commands.medianOfPerSecond(99)).append(" ms) |\n");
        out.append("| errors (not 2xx, 429, 503) / refused (429 + 503) | ").append(fmt(errorShare)).append(" % / ")
                .append(fmt(refusedShare)).append(" % |\n");
        out.append("| event → audit entry, p50 / p99 (samples) | ").append(lag(auditLag)).append(" |\n");
        out.append("| event → inbox item, p50 / p99 (samples) | ").append(lag(inboxLag)).append(" |\n");
        if (settle > 0) {
            long settled = steadyFrom + settle * 1_000_000_000L;
            out.append("| event → audit entry / inbox item after the first ").append(settle).append(" s of the steady state | ")
                    .append(lag(propagation.auditLagMillis(settled))).append("; ").append(lag(propagation.inboxLagMillis(settled)))
                    .append(" |\n");
        }
        if (propagation.notSeen.get() > 0) {
            out.append("| samples not seen within 120 s | ").append(propagation.notSeen.get()).append(" |\n");
        }
        out.append("| case read p99 at ").append(fmt(reads.ok.get() / seconds)).append(" reads/s | ").append(reads.percentile(99)).append(" ms |\n");
        for (Map.Entry<String, long[]> service : rss.entrySet()) {
            long[] mb = service.getValue();
            out.append("| RSS ").append(service.getKey()).append(" (peak sampled / VmHWM / at end) | ")
                    .append(mb[0] < 0 ? "not measured (no pid file)" : mb[0] + " / " + mb[1] + " / " + mb[2] + " MB").append(" |\n");
        }
        long answered = all.total();
        if (cpu.isEmpty() || answered == 0) {
            out.append("| CPU per request | not measured |\n");
        } else {
            StringBuilder parts = new StringBuilder();
            cpu.forEach((process, millis) -> parts.append(parts.isEmpty() ? "" : ", ").append(process).append(' ')
                    .append(millis < 0 ? "?" : fmt(millis / answered)));
            out.append("| CPU ms per request (all answers, steady window) | ").append(parts).append(" |\n");
        }
        if (raw != null) {
            out.append("| raw PostgreSQL single-row inserts/s, ").append(raw.clients()).append(" clients, autocommit | ")
                    .append(fmt(raw.rowsPerSecond())).append(" |\n");
            out.append("| commands/s ÷ raw insert rate | ").append(fmt(100.0 * commands.ok.get() / seconds / raw.rowsPerSecond())).append(" % |\n");
            out.append("| PostgreSQL settings | ").append(raw.settings()).append(" |\n");
        } else {
            out.append("| raw PostgreSQL inserts/s | not measured: ").append(rawFailure).append(" |\n");
        }
        out.append("| case read at 10,000 events ÷ at 10 events | not this run: LongCaseSimulation (-Dbench.longCase=10000), target/bench-longcase-summary.txt |\n");
        out.append("| audit append/s, verify 1 M, inclusion proof at 10 M | audit-service's AuditLogBenchmark, not this run |\n");
        return out.toString();
    }

    /** bench.settle seconds, by default a third of the steady state up to 3 minutes: the JIT's share of a cold start. */
    private static long settle(BenchSettings settings) {
        String given = System.getProperty("bench.settle");
        return given != null ? Long.parseLong(given) : Math.min(180, settings.duration().toSeconds() / 3);
    }

    private static void row(StringBuilder out, String name, Recorder.Series series, double seconds) {
        out.append(String.format("%-22s %8d %8s %7d %7d %7d %7d %7d %7d%n", name, series.ok.get(), fmt(series.ok.get() / seconds),
                series.percentile(50), series.percentile(95), series.percentile(99), series.rateLimited.get(), series.shed.get(),
                series.failed.get()));
    }

    private static String lag(List<Long> millis) {
        if (millis.isEmpty()) {
            return "not measured (no sample seen)";
        }
        return Percentiles.of(millis, 50) + " ms / " + Percentiles.of(millis, 99) + " ms (" + millis.size() + ", max "
                + Percentiles.max(millis) + " ms)";
    }

    private static String fmt(double value) {
        return String.format(java.util.Locale.ROOT, "%.1f", value);
    }
}
