package se.samverkan.cases.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A page of what the policy lets the caller see, read from a read model in its own order. Rows the policy leaves out
 * are read past (in reads that grow while they stay hidden), and the page says whether one more row would be shown:
 * the caller builds the next page's cursor from the last row shown, never from a row read, since a cursor taken from
 * a hidden row hands the caller that row's key (the case list gave another unit's case ids and times of change so).
 */
public final class VisiblePage {

    /** The most rows one read takes; the first takes what the caller asks, each further one twice the last. */
    public static final int MAX_READ = 1_600;

    public record Page<S>(List<S> shown, boolean more) {
    }

    private VisiblePage() {
    }

    /**
     * @param start      where the first read begins (the caller's cursor, or null)
     * @param read       up to {@code n} rows after a position
     * @param positionOf where the read after a row begins; never shown to the caller
     * @param view       what the caller is shown of a row, or empty when the policy leaves it out; asked once more
     *                   for the row after a full page, whose view is dropped (neither shown nor recorded)
     */
    public static <R, P, S> Page<S> fill(int pageSize, int firstRead, P start, BiFunction<P, Integer, List<R>> read,
                                         Function<R, P> positionOf, Function<R, Optional<S>> view) {
        List<S> shown = new ArrayList<>();
        P position = start;
        int batch = firstRead;
        boolean exhausted = false;
        while (!exhausted) {
            List<R> rows = read.apply(position, batch);
            exhausted = rows.size() < batch;
            for (R row : rows) {
                position = positionOf.apply(row);
                Optional<S> seen = view.apply(row);
                if (seen.isPresent()) {
                    if (shown.size() == pageSize) {
                        return new Page<>(shown, true);
                    }
                    shown.add(seen.get());
                }
            }
            batch = Math.min(batch * 2, MAX_READ);
        }
        return new Page<>(shown, false);
    }
}
