package se.samverkan.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Response times and statuses per request kind, for the table (Gatling's own report keeps its pictures). */
final class Recorder {

    static final class Series {
        // (second of the steady state, response ms) of each answered request
        private final List<long[]> millis = Collections.synchronizedList(new ArrayList<>());
        final AtomicLong ok = new AtomicLong();
        final AtomicLong rateLimited = new AtomicLong();
        final AtomicLong shed = new AtomicLong();
        final AtomicLong failed = new AtomicLong();

        void add(long second, long responseMillis, int status) {
            if (status >= 200 && status < 300) {
                ok.incrementAndGet();
                millis.add(new long[]{second, responseMillis});
            } else if (status == 429) {
                rateLimited.incrementAndGet();
            } else if (status == 503) {
                shed.incrementAndGet();
            } else {
                failed.incrementAndGet();
            }
        }

        long total() {
            return ok.get() + rateLimited.get() + shed.get() + failed.get();
        }

        /** The p-th percentile (0–100) of the answered (2xx) requests' response times, ms; -1 without any. */
        long percentile(double p) {
            return percentileFrom(p, 0);
        }

        /** The same, of the requests answered from the given second of the steady state on. */
        long percentileFrom(double p, long fromSecond) {
            return Percentiles.of(samples().stream().filter(s -> s[0] >= fromSecond).map(s -> s[1]).toList(), p);
        }

        /**
         * The median over the steady state's seconds of each second's p-th percentile (seconds with at least 5
         * answers): what most of the run looked like, where one cold minute can decide the whole run's p99.
         */
        long medianOfPerSecond(double p) {
            Map<Long, List<Long>> bySecond = new TreeMap<>();
            for (long[] sample : samples()) {
                bySecond.computeIfAbsent(sample[0], k -> new ArrayList<>()).add(sample[1]);
            }
            List<Long> perSecond = bySecond.values().stream().filter(second -> second.size() >= 5)
                    .map(second -> Percentiles.of(second, p)).toList();
            return Percentiles.of(perSecond, 50);
        }

        private List<long[]> samples() {
            synchronized (millis) {
                return new ArrayList<>(millis);
            }
        }
    }

    private final Map<String, Series> series = new ConcurrentHashMap<>();
    private final Series all = new Series();

    void record(String kind, boolean command, long second, long responseMillis, int status) {
        series.computeIfAbsent(kind, k -> new Series()).add(second, responseMillis, status);
        all.add(second, responseMillis, status);
        if (command) {
            series.computeIfAbsent("(all commands)", k -> new Series()).add(second, responseMillis, status);
        }
    }

    Map<String, Series> byKind() {
        return new TreeMap<>(series);
    }

    Series all() {
        return all;
    }
}
