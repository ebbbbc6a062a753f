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
        private final List<Long> millis = Collections.synchronizedList(new ArrayList<>());
        final AtomicLong ok = new AtomicLong();
        final AtomicLong rateLimited = new AtomicLong();
        final AtomicLong shed = new AtomicLong();
        final AtomicLong failed = new AtomicLong();

        void add(long responseMillis, int status) {
            if (status >= 200 && status < 300) {
                ok.incrementAndGet();
                millis.add(responseMillis);
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
            List<Long> sorted;
            synchronized (millis) {
                sorted = new ArrayList<>(millis);
            }
            return Percentiles.of(sorted, p);
        }
    }

    private final Map<String, Series> series = new ConcurrentHashMap<>();
    private final Series all = new Series();

    void record(String kind, boolean command, long responseMillis, int status) {
        series.computeIfAbsent(kind, k -> new Series()).add(responseMillis, status);
        all.add(responseMillis, status);
        if (command) {
            series.computeIfAbsent("(all commands)", k -> new Series()).add(responseMillis, status);
        }
    }

    Map<String, Series> byKind() {
        return new TreeMap<>(series);
    }

    Series all() {
        return all;
    }
}
