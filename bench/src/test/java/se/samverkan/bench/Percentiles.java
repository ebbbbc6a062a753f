package se.samverkan.bench;

import java.util.Collections;
import java.util.List;

final class Percentiles {

    private Percentiles() {
    }

    /** Nearest-rank percentile; -1 for an empty list. */
    static long of(List<Long> values, double p) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    static long max(List<Long> values) {
        return values.isEmpty() ? -1 : Collections.max(values);
    }
}
