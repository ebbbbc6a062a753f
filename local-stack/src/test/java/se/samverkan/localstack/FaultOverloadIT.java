package se.samverkan.localstack;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samverkan.platform.test.TestUser;

import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static se.samverkan.localstack.postgres.ServiceDatabase.AUDIT_SERVICE;
import static se.samverkan.localstack.postgres.ServiceDatabase.CASE_SERVICE;
import static se.samverkan.localstack.postgres.ServiceDatabase.NOTIFICATION_SERVICE;

/**
 * Issue 12 "Faults": an open-loop overload for a minute. The incident that opened the issue: an open-loop client
 * sending about 100 case openings a second ran case-service out of heap, and it never recovered by itself. Here the
 * three social workers each send {@value #PER_USER_PER_SECOND} openings a second, whatever the answers, for
 * {@value #SECONDS} seconds: three times the incident's rate, and on a 2-core machine running the whole stack more than
 * twenty times what case-service takes (the test prints the ratio).
 * <ul>
 *     <li>Every request is answered: taken (201), or refused quickly with 429 (the user's share) or 503 (the
 *     instance's), each with Retry-After. No other 5xx, no lost connection, and health answers throughout, as
 *     Kubernetes' liveness probe would see it (never as long without a timely answer as would restart the pod).</li>
 *     <li>The accepted requests' p99 stays bounded instead of growing with the backlog an unbounded queue would
 *     build.</li>
 *     <li>A user outside the overload is served normally as soon as it ends.</li>
 *     <li>Then the consistency check: every accepted opening is in the event store once, and no case was opened that
 *     was not accepted or left unanswered; every case event and access event of those cases is in the audit log
 *     exactly once with no gap; every case opened gave exactly one inbox item.</li>
 * </ul>
 */
class FaultOverloadIT {

    private static final int PER_USER_PER_SECOND = 100;
    private static final int SECONDS = 60;
    /** 208/s in all; {@code -Doverload.inboxReadsPerUser=24} is the 312/s that this machine cannot shed (benchmarks.md). */
    private static final int INBOX_READS_PER_USER = Integer.getInteger("overload.inboxReadsPerUser", 16);
    private static final int SEARCHES_PER_OFFICER = 30;
    private static final int OPENINGS_PER_SECOND = 4;
    /**
     * An unbounded queue at this overload would hold each request longer with every second, past the client's 30 s
     * timeout within the minute; the instance works on at most 32 requests and lets the next wait at most 100 ms.
     */
    private static final double ACCEPTED_P99_BOUND_MILLIS = 15_000;
    /** A refusal waits at most the 100 ms queue timeout, on a machine the overload keeps busy. */
    private static final double REFUSED_P50_BOUND_MILLIS = 1_000;
    private static final String CASES_OPENED =
            "SELECT event_identifier::uuid FROM domain_event_entry WHERE global_index > ? AND payload_type LIKE '%CaseOpened'";

    private static Stack stack;
    private static StackDatabases databases;

    @BeforeAll
    static void stack() {
        stack = ItStack.started();
        databases = new StackDatabases(stack);
    }

    @Test
    void an_open_loop_overload_for_a_minute_is_shed_quickly_and_the_services_serve_normally_as_soon_as_it_ends() throws Exception {
        String cases = stack.service("case-service").spec().baseUrl() + "/api/cases";
        List<TestUser> workers = List.of(TestUser.SOCIAL_WORKER, TestUser.SOCIAL_WORKER_COLLEAGUE, TestUser.SOCIAL_WORKER_OTHER_UNIT);
        List<String> tokens = workers.stream().map(ItStack::token).toList();
        String cecilia = ItStack.token(TestUser.SUPERVISOR);
        HttpResponse<String> first = Http.postJson(cases, tokens.getFirst(), FirstCase.JSON);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        String bystanderCase = cases + "/" + Http.json(first).path("caseId").asString();
        long eventsBefore = databases.count(CASE_SERVICE, "SELECT coalesce(max(global_index), 0) FROM domain_event_entry");

        Set<String> opened = ConcurrentHashMap.newKeySet();
        SteadyLoad load;
        Health health = new Health(stack.service("case-service").spec().healthUrl() + "/liveness");
        int offered = PER_USER_PER_SECOND * workers.size();
        try (health; SteadyLoad overload = SteadyLoad.start(offered, n -> {
            int worker = n % workers.size();
            String body = worker == 2 ? FirstCase.JSON.replace("RAPID_INTERVENTION", "EXIT_PROGRAM") : FirstCase.JSON;
            return new SteadyLoad.Shot(workers.get(worker).username(), () -> {
                HttpResponse<String> response = Http.postJson(cases, tokens.get(worker), body);
                if (response.statusCode() == 201) {
                    opened.add(Http.json(response).path("caseId").asString());
                }
                return response;
            });
        })) {
            load = overload;
            overload.awaitMore(offered * SECONDS);
        }
        double acceptedPerSecond = (double) load.acceptedTotal() / SECONDS;
        System.out.printf(Locale.ROOT, "FaultOverloadIT: %d openings/s offered for %d s, %.1f/s accepted (offered %.1f times "
                        + "what was taken); %s; health: %s%n", offered, SECONDS, acceptedPerSecond,
                offered / Math.max(acceptedPerSecond, 0.1), load, health);

        assertAnsweredCleanly(load);
        assertThat(load.refusedWithRetryAfter()).as("the overload is refused, not queued: " + load)
                .isGreaterThan(load.sent() / 3);
        assertAlive(health);
        assertThat(health.checks()).as(health.toString()).isGreaterThan(SECONDS / 2);

        // a user outside the overload is served normally as soon as it ends
        awaitServedWithinASecond("a bystander's read", () -> Http.get(bystanderCase, cecilia).statusCode() == 200);
        HttpResponse<String> afterwards = Http.postJson(cases, tokens.get(1), FirstCase.JSON);
        assertThat(afterwards.statusCode()).as("a social worker opens a case again: " + afterwards.body()).isEqualTo(201);
        opened.add(Http.json(afterwards).path("caseId").asString());
        assertThat(opened).hasSize(load.acceptedTotal() + 1);

        assertConsistent(eventsBefore, opened, load);
    }

    /**
     * The same for the other two services' APIs: every demo user reads the inbox {@value #INBOX_READS_PER_USER} times a
     * second and both compliance officers search the audit log {@value #SEARCHES_PER_OFFICER} times a second each (a
     * search is itself an audited read, appended to the log), whatever the answers, while a social worker opens
     * {@value #OPENINGS_PER_SECOND} cases a second. The APIs share their service's database pool with the consumers
     * that keep the log and the inboxes, so this asks the question a compliance officer would ask: does a flood of
     * searches delay the log she is searching? Each load is answered cleanly, as above, and every case opened during
     * it is in the audit log and the inbox exactly once; the test prints how long they took to get there.
     */
    @Test
    void the_inbox_and_the_audit_search_overloaded_for_a_minute_are_shed_quickly_while_the_log_and_the_inboxes_keep_up() throws Exception {
        String inbox = stack.service("notification-service").spec().baseUrl() + "/api/inbox";
        String cases = stack.service("case-service").spec().baseUrl() + "/api/cases";
        List<TestUser> readers = TestUser.all();
        List<String> readerTokens = readers.stream().map(ItStack::token).toList();
        List<String> officerTokens = List.of(ItStack.token(TestUser.COMPLIANCE_OFFICER), ItStack.token(TestUser.COMPLIANCE_OFFICER_BOTKYRKA));
        String amir = ItStack.token(TestUser.SOCIAL_WORKER_COLLEAGUE);
        HttpResponse<String> first = Http.postJson(cases, amir, FirstCase.JSON);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        String search = stack.service("audit-service").spec().baseUrl() + "/api/audit/entries?caseId=" + Http.json(first).path("caseId").asString();
        long eventsBefore = databases.count(CASE_SERVICE, "SELECT coalesce(max(global_index), 0) FROM domain_event_entry");

        Map<String, Instant> opened = new ConcurrentHashMap<>();
        SteadyLoad reads;
        SteadyLoad searches;
        SteadyLoad openings;
        Health inboxHealth = new Health(stack.service("notification-service").spec().healthUrl() + "/liveness");
        Health auditHealth = new Health(stack.service("audit-service").spec().healthUrl() + "/liveness");
        try (inboxHealth; auditHealth;
             SteadyLoad readLoad = SteadyLoad.start(INBOX_READS_PER_USER * readers.size(), n -> {
                 int reader = n % readers.size();
                 return new SteadyLoad.Shot(readers.get(reader).username(), () -> Http.get(inbox, readerTokens.get(reader)));
             });
             SteadyLoad searchLoad = SteadyLoad.start(SEARCHES_PER_OFFICER * officerTokens.size(), n -> new SteadyLoad.Shot("search",
                     () -> Http.get(search, officerTokens.get(n % officerTokens.size()))));
             SteadyLoad openingLoad = SteadyLoad.start(OPENINGS_PER_SECOND, n -> new SteadyLoad.Shot("open", () -> {
                 HttpResponse<String> response = Http.postJson(cases, amir, FirstCase.JSON);
                 if (response.statusCode() == 201) {
                     opened.put(Http.json(response).path("caseId").asString(), Instant.now());
                 }
                 return response;
             }))) {
            reads = readLoad;
            searches = searchLoad;
            openings = openingLoad;
            openingLoad.awaitMore(OPENINGS_PER_SECOND * SECONDS);
        }
        System.out.printf(Locale.ROOT, "FaultOverloadIT: inbox reads %d/s offered for %d s, %.1f/s accepted: %s; health: %s%n",
                INBOX_READS_PER_USER * readers.size(), SECONDS, (double) reads.acceptedTotal() / SECONDS, reads, inboxHealth);
        System.out.printf(Locale.ROOT, "FaultOverloadIT: audit searches %d/s offered, %.1f/s accepted: %s; health: %s%n",
                SEARCHES_PER_OFFICER * officerTokens.size(), (double) searches.acceptedTotal() / SECONDS, searches, auditHealth);
        System.out.println("FaultOverloadIT: case openings meanwhile: " + openings);

        for (SteadyLoad load : List.of(reads, searches, openings)) {
            assertAnsweredCleanly(load);
        }
        assertAlive(inboxHealth);
        assertAlive(auditHealth);
        awaitServedWithinASecond("the inbox and the search", () -> Http.get(inbox, readerTokens.getFirst()).statusCode() == 200
                && Http.get(search, officerTokens.getFirst()).statusCode() == 200);

        assertConsistent(eventsBefore, opened.keySet(), openings);
        List<UUID> openingEvents = databases.ids(CASE_SERVICE, CASES_OPENED, eventsBefore);
        Lag toAudit = Lag.of(opened, databases.instants(AUDIT_SERVICE,
                "SELECT case_id, recorded_at FROM audit_entries WHERE event_id = ANY(?)", openingEvents));
        Lag toInbox = Lag.of(opened, databases.instants(NOTIFICATION_SERVICE,
                "SELECT case_id, created_at FROM notifications WHERE case_id = ANY(?) AND kind = 'CASE_OPENED'",
                opened.keySet().stream().map(UUID::fromString).toList()));
        System.out.println("FaultOverloadIT: during the overload, a case opened → its audit entry " + toAudit + "; → its inbox item " + toInbox);
    }

    /** Every request answered, taken (2xx) or refused cleanly and quickly, and the taken ones within a bounded time. */
    private static void assertAnsweredCleanly(SteadyLoad load) {
        assertThat(load.serverErrors() + load.connectionLost()).as("every request answered: " + load).isZero();
        assertThat(load.acceptedTotal() + load.refusedWithRetryAfter()).as("only 2xx or a clean refusal: " + load).isEqualTo(load.sent());
        assertThat(load.acceptedTotal()).as("and the service kept working through it: " + load).isGreaterThan(SECONDS);
        assertThat(load.refusedMillis(50)).as("refused quickly: " + load).isLessThan(REFUSED_P50_BOUND_MILLIS);
        assertThat(load.acceptedMillis(99)).as("the accepted requests' p99 stays bounded: " + load).isLessThan(ACCEPTED_P99_BOUND_MILLIS);
    }

    /** Served normally as soon as the overload ends: answered 200 within a second, within 15 s of the end. */
    private static void awaitServedWithinASecond(String what, java.util.concurrent.Callable<Boolean> served) {
        await(what + " answered 200 within a second").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    long start = System.nanoTime();
                    return served.call() && System.nanoTime() - start < 1_000_000_000L;
                });
    }

    private static void assertAlive(Health health) {
        assertThat(health.longestWithoutATimelyAnswer()).as("health answered throughout, as a liveness probe sees it: " + health)
                .isLessThan(Health.LONGEST_TOLERATED);
    }

    /** From the moment a case opening was answered 201 to the moment its entry or item was written, over every case opened. */
    private record Lag(long p50, long p99, long max, int cases) {

        static Lag of(Map<String, Instant> answered, Map<UUID, Instant> written) {
            long[] millis = answered.entrySet().stream()
                    .mapToLong(e -> Duration.between(e.getValue(), written.get(UUID.fromString(e.getKey()))).toMillis())
                    .sorted().toArray();
            return new Lag(SteadyLoad.percentile(millis, 50), SteadyLoad.percentile(millis, 99), millis[millis.length - 1], millis.length);
        }

        @Override
        public String toString() {
            return "p50 " + p50 + " ms, p99 " + p99 + " ms, max " + max + " ms (" + cases + " cases)";
        }
    }

    private void assertConsistent(long eventsBefore, Set<String> opened, SteadyLoad load) throws SQLException {
        List<UUID> caseIds = opened.stream().map(UUID::fromString).toList();
        List<UUID> openings = databases.ids(CASE_SERVICE, CASES_OPENED, eventsBefore);
        // the overload's openings and the one after it; an unanswered request may have opened one more each
        assertThat((long) openings.size()).as("cases opened: every accepted one, at most the unanswered more (%s)", load)
                .isBetween((long) caseIds.size(), (long) caseIds.size() + load.connectionLost() + load.serverErrors());
        assertThat(databases.count(CASE_SERVICE, "SELECT count(DISTINCT aggregate_identifier) FROM domain_event_entry "
                + "WHERE global_index > ? AND payload_type LIKE '%CaseOpened' AND aggregate_identifier = ANY(?)",
                eventsBefore, opened.toArray(String[]::new))).as("each accepted opening stored, once").isEqualTo(caseIds.size());

        List<UUID> accessEvents = databases.ids(CASE_SERVICE, "SELECT event_id FROM access_outbox WHERE case_id = ANY(?)",
                (Object) opened.toArray(String[]::new));
        List<UUID> all = new ArrayList<>(openings);
        all.addAll(accessEvents);
        databases.assertInAuditLogExactlyOnce("every opening and access event", Duration.ofMinutes(4), all);

        String inbox = "SELECT count(*) FROM notifications WHERE case_id = ANY(?) AND kind = 'CASE_OPENED'";
        await("an inbox item for every case opened").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                .until(() -> databases.count(NOTIFICATION_SERVICE, inbox, caseIds) >= caseIds.size());
        assertThat(databases.count(NOTIFICATION_SERVICE, inbox, caseIds)).as("exactly one each").isEqualTo(caseIds.size());
    }

    /**
     * Asks a health URL every half second on a thread of its own and measures the longest time it went without an answer
     * 200 within 1 s. Kubernetes' liveness probe (infra/k8s: every 10 s, its default 1 s timeout) restarts a pod after
     * three failures in a row, so only a span of some 20 to 30 s without a timely answer restarts it.
     */
    private static final class Health implements AutoCloseable {

        /** A third of what restarts a pod, for a margin. */
        static final Duration LONGEST_TOLERATED = Duration.ofSeconds(10);

        private final AtomicInteger checks = new AtomicInteger();
        private final AtomicInteger failures = new AtomicInteger();
        private final AtomicLong slowestMillis = new AtomicLong();
        private final AtomicLong longestWithoutMillis = new AtomicLong();
        private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
        /** When the last answer 200 within 1 s came (or the checks began). */
        private volatile long lastTimelyNanos = System.nanoTime();

        Health(String url) {
            poller.scheduleWithFixedDelay(() -> check(url), 0, 500, TimeUnit.MILLISECONDS);
        }

        private void check(String url) {
            long start = System.nanoTime();
            boolean up;
            try {
                up = Http.get(url, null).statusCode() == 200;
            } catch (AssertionError | RuntimeException unreachable) {
                up = false;
            }
            long end = System.nanoTime();
            long millis = (end - start) / 1_000_000;
            slowestMillis.accumulateAndGet(millis, Math::max);
            checks.incrementAndGet();
            if (up && millis <= 1_000) {
                lastTimelyNanos = end;
            } else {
                failures.incrementAndGet();
            }
            longestWithoutMillis.accumulateAndGet((end - lastTimelyNanos) / 1_000_000, Math::max);
        }

        int checks() {
            return checks.get();
        }

        Duration longestWithoutATimelyAnswer() {
            return Duration.ofMillis(longestWithoutMillis.get());
        }

        @Override
        public void close() throws InterruptedException {
            poller.shutdown();
            assertThat(poller.awaitTermination(30, TimeUnit.SECONDS)).as("the last health check ends").isTrue();
        }

        @Override
        public String toString() {
            return checks + " checks, " + failures + " not 200 within 1 s, the longest time without a timely answer "
                    + longestWithoutMillis + " ms, the slowest answer " + slowestMillis + " ms";
        }
    }
}
