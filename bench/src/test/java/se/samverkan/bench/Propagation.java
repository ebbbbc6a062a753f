package se.samverkan.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Event → audit entry and event → inbox item, sampled: at most one case opening per sample period is followed until
 * its case-opened entry is in the audit log (the entry's recordedAt, set when audit-service appends it) and its
 * CASE_OPENED item is in the opener's inbox (the item's createdAt); the lag is that time minus the moment the
 * opening's 201 reached the client. Same machine, same clock. Polling runs beside the load, as eva and the opener.
 */
final class Propagation {

    private static final Duration GIVE_UP = Duration.ofSeconds(120);

    private final BenchSettings settings;
    private final Workers workers;
    private final ExecutorService followers = Executors.newFixedThreadPool(4);
    private final AtomicLong lastSample = new AtomicLong();
    // (when the opening was answered, System.nanoTime(); lag ms) of each sample
    private final List<long[]> auditLag = Collections.synchronizedList(new ArrayList<>());
    private final List<long[]> inboxLag = Collections.synchronizedList(new ArrayList<>());
    final AtomicLong notSeen = new AtomicLong();

    Propagation(BenchSettings settings, Workers workers) {
        this.settings = settings;
        this.workers = workers;
    }

    void caseOpened(String owner, String caseId, Instant answeredAt) {
        long now = System.nanoTime();
        long last = lastSample.get();
        if (now - last < settings.samplePeriod().toNanos() || !lastSample.compareAndSet(last, now)) {
            return;
        }
        followers.submit(() -> follow(owner, caseId, answeredAt, now));
    }

    private void follow(String owner, String caseId, Instant answeredAt, long answeredNanos) {
        Instant deadline = Instant.now().plus(GIVE_UP);
        Instant audited = null;
        Instant inboxed = null;
        while ((audited == null || inboxed == null) && Instant.now().isBefore(deadline)) {
            try {
                if (audited == null) {
                    audited = auditEntry(caseId);
                }
                if (inboxed == null) {
                    inboxed = inboxItem(owner, caseId);
                }
                if (audited == null || inboxed == null) {
                    Thread.sleep(50);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // a refused or failed poll (e.g. shed under overload) is retried until the deadline
            }
        }
        if (audited != null) {
            auditLag.add(new long[]{answeredNanos, Math.max(0, Duration.between(answeredAt, audited).toMillis())});
        }
        if (inboxed != null) {
            inboxLag.add(new long[]{answeredNanos, Math.max(0, Duration.between(answeredAt, inboxed).toMillis())});
        }
        if (audited == null || inboxed == null) {
            notSeen.incrementAndGet();
        }
    }

    private Instant auditEntry(String caseId) {
        HttpResponse<String> response = Workers.get(settings.auditService() + "/api/audit/entries?caseId=" + caseId
                + "&type=se.samverkan.case.case-opened.v1", workers.token(Workers.COMPLIANCE));
        if (response.statusCode() != 200) {
            return null;
        }
        for (JsonNode entry : Workers.read(response.body()).path("items")) {
            if ("se.samverkan.case.case-opened.v1".equals(entry.path("type").asText())) {
                return Instant.parse(entry.path("recordedAt").asText());
            }
        }
        return null;
    }

    private Instant inboxItem(String owner, String caseId) {
        HttpResponse<String> response = Workers.get(settings.notificationService() + "/api/inbox?caseId=" + caseId, workers.token(owner));
        if (response.statusCode() != 200) {
            return null;
        }
        for (JsonNode item : Workers.read(response.body()).path("items")) {
            if ("CASE_OPENED".equals(item.path("kind").asText())) {
                return Instant.parse(item.path("createdAt").asText());
            }
        }
        return null;
    }

    /** The event → audit entry lags, ms, of the openings answered from {@code fromNanos} (System.nanoTime()) on. */
    List<Long> auditLagMillis(long fromNanos) {
        return from(auditLag, fromNanos);
    }

    List<Long> inboxLagMillis(long fromNanos) {
        return from(inboxLag, fromNanos);
    }

    private static List<Long> from(List<long[]> samples, long fromNanos) {
        synchronized (samples) {
            return samples.stream().filter(s -> s[0] >= fromNanos).map(s -> s[1]).toList();
        }
    }

    void finish(Duration wait) throws InterruptedException {
        followers.shutdown();
        followers.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
        followers.shutdownNow();
    }
}
