package se.samverkan.localstack;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A steady, open-loop stream of requests for the fault tests: it keeps its rate whatever the system does, and counts
 * per key (a case) what was accepted, what was refused cleanly (503/429 with Retry-After) and what was left unanswered
 * (connection lost, or a 5xx without Retry-After): an unanswered write may or may not have happened.
 */
final class SteadyLoad implements AutoCloseable {

    /** One request: which key it counts for, and how to send it. */
    record Shot(String key, java.util.function.Supplier<HttpResponse<String>> send) {
    }

    private final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> unanswered = new ConcurrentHashMap<>();
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger refusedWithRetryAfter = new AtomicInteger();
    private final AtomicInteger refusedWithoutRetryAfter = new AtomicInteger();
    private final AtomicInteger serverErrors = new AtomicInteger();
    private final AtomicInteger connectionLost = new AtomicInteger();
    private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    /** How long each answer took, in microseconds: accepted (2xx), and refused cleanly (503/429 with Retry-After). */
    private final Queue<Long> acceptedMicros = new ConcurrentLinkedQueue<>();
    private final Queue<Long> refusedMicros = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledFuture<?> ticks;

    private SteadyLoad(int perSecond, IntFunction<Shot> shots) {
        ticks = ticker.scheduleAtFixedRate(() -> senders.submit(() -> fire(shots.apply(sent.getAndIncrement()))),
                0, 1_000_000 / perSecond, TimeUnit.MICROSECONDS);
    }

    static SteadyLoad start(int perSecond, IntFunction<Shot> shots) {
        return new SteadyLoad(perSecond, shots);
    }

    /** Notes on the given cases in turn, as the social worker whose token it is. */
    static SteadyLoad notes(int perSecond, String caseUrl, String token, List<String> caseIds) {
        return start(perSecond, n -> {
            String caseId = caseIds.get(n % caseIds.size());
            return new Shot(caseId, () -> Http.postJson(caseUrl + "/" + caseId + "/notes", token,
                    "{\"text\":\"Anteckning " + n + " under felprovet.\"}"));
        });
    }

    private void fire(Shot shot) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = shot.send().get();
            long micros = (System.nanoTime() - start) / 1_000;
            int status = response.statusCode();
            statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
            boolean retryAfter = response.headers().firstValue("Retry-After").isPresent();
            if (status >= 200 && status < 300) {
                accepted.computeIfAbsent(shot.key(), k -> new AtomicInteger()).incrementAndGet();
                acceptedMicros.add(micros);
            } else if ((status == 503 || status == 429) && retryAfter) {
                refusedWithRetryAfter.incrementAndGet();
                refusedMicros.add(micros);
            } else if (status >= 500) {
                if (status == 503) {
                    refusedWithoutRetryAfter.incrementAndGet();
                } else {
                    serverErrors.incrementAndGet();
                }
                unanswered.computeIfAbsent(shot.key(), k -> new AtomicInteger()).incrementAndGet();
            }
        } catch (RuntimeException | AssertionError lost) {
            // Http reports a lost or refused connection as an AssertionError: the write may or may not have happened
            connectionLost.incrementAndGet();
            unanswered.computeIfAbsent(shot.key(), k -> new AtomicInteger()).incrementAndGet();
        }
    }

    /** Stops sending and waits for the answers still on their way. */
    @Override
    public void close() {
        ticks.cancel(false);
        ticker.shutdown();
        senders.shutdown();
        try {
            if (!senders.awaitTermination(2, TimeUnit.MINUTES)) {
                throw new AssertionError("requests of the load were still unanswered after 2 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lets the load go on until it has sent this many more requests (the load's clock, not a sleep). */
    void awaitMore(int requests) {
        int target = sent.get() + requests;
        ItStack.awaitThroughFaults("the load sends " + requests + " more requests").atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(100)).until(() -> sent.get() >= target);
    }

    int sent() {
        return sent.get();
    }

    int accepted(String key) {
        return accepted.getOrDefault(key, new AtomicInteger()).get();
    }

    int acceptedTotal() {
        return accepted.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    int unanswered(String key) {
        return unanswered.getOrDefault(key, new AtomicInteger()).get();
    }

    int refusedWithRetryAfter() {
        return refusedWithRetryAfter.get();
    }

    /** The p-th percentile (0 to 100) of the accepted answers' times, in milliseconds; 0 if none. */
    double acceptedMillis(double percentile) {
        return percentileMillis(acceptedMicros, percentile);
    }

    /** The p-th percentile of the clean refusals' (503/429 with Retry-After) times, in milliseconds; 0 if none. */
    double refusedMillis(double percentile) {
        return percentileMillis(refusedMicros, percentile);
    }

    private static double percentileMillis(Queue<Long> micros, double percentile) {
        long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted.length == 0 ? 0 : percentile(sorted, percentile) / 1e3;
    }

    /** The p-th percentile (0 to 100) of sorted, non-empty values, by the nearest rank. */
    static long percentile(long[] sorted, double percentile) {
        int rank = (int) Math.ceil(percentile / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
    }

    int status(int status) {
        return statuses.getOrDefault(status, new AtomicInteger()).get();
    }

    int serverErrors() {
        return serverErrors.get();
    }

    int connectionLost() {
        return connectionLost.get();
    }

    @Override
    public String toString() {
        return "sent " + sent + ", statuses " + statuses + ", refused with Retry-After " + refusedWithRetryAfter
                + ", 503 without Retry-After " + refusedWithoutRetryAfter + ", other 5xx " + serverErrors
                + ", connection lost " + connectionLost + String.format(java.util.Locale.ROOT,
                "; accepted p50/p99 %.0f/%.0f ms, refused p50/p99 %.0f/%.0f ms", acceptedMillis(50), acceptedMillis(99),
                refusedMillis(50), refusedMillis(99));
    }
}
