package se.samverkan.localstack;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samverkan.localstack.services.ServiceProcess;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static se.samverkan.localstack.postgres.ServiceDatabase.CASE_SERVICE;

/**
 * Issue 12 "Faults": kill -9 of case-service under a steady load of about 50 writes/s, then a restart; afterwards
 * every write that happened has exactly one access event (committed with it, issue 12 "access event in the command's
 * transaction": before, a write refused or lost mid-way could leave an allowed access behind, and one committed
 * access event could precede a write the crash swallowed), every accepted write is in the event store, and every
 * case event and access event reached the audit log exactly once (the batch relays re-send a batch whose marks the
 * crash lost with the same ids, and the audit log keeps one entry per id).
 */
class FaultOutboxIT {

    private static final Duration LOAD = Duration.ofSeconds(20);
    private static final Duration KILL_AFTER = Duration.ofSeconds(8);
    private static final int WRITES_PER_SECOND = 50;
    private static final int CASES = 10;
    /** The notes stored for a case (the load writes notes only; the stored type name ends so, old or new naming). */
    private static final String NOTES =
            "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type LIKE '%NoteRecorded'";

    private static Stack stack;
    private static StackDatabases databases;
    private static String cases;

    @BeforeAll
    static void stack() {
        stack = ItStack.started();
        databases = new StackDatabases(stack);
        cases = caseService().spec().baseUrl() + "/api/cases";
    }

    @Test
    void kill_9_of_case_service_under_load_loses_nothing_and_duplicates_nothing() throws Exception {
        String anna = ItStack.token(TestUser.SOCIAL_WORKER);
        List<String> caseIds = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            HttpResponse<String> opened = Http.postJson(cases, anna, FirstCase.JSON);
            assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
            caseIds.add(Http.json(opened).path("caseId").asString());
        }

        Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> unanswered = new ConcurrentHashMap<>();
        AtomicInteger sent = new AtomicInteger();
        ServiceProcess victim = caseService();
        CompletableFuture<ServiceProcess> restarted = new CompletableFuture<>();
        CompletableFuture<Void> loadOver = new CompletableFuture<>();
        try (ScheduledExecutorService ticker = Executors.newScheduledThreadPool(2);
             ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            var load = ticker.scheduleAtFixedRate(() -> senders.submit(() -> {
                int n = sent.getAndIncrement();
                String caseId = caseIds.get(n % caseIds.size());
                try {
                    HttpResponse<String> note = Http.postJson(cases + "/" + caseId + "/notes", anna,
                            "{\"text\":\"Anteckning nummer " + n + " under last.\"}");
                    if (note.statusCode() == 201) {
                        accepted.computeIfAbsent(caseId, c -> new AtomicInteger()).incrementAndGet();
                    } else if (note.statusCode() >= 500) {
                        unanswered.computeIfAbsent(caseId, c -> new AtomicInteger()).incrementAndGet();
                    }
                } catch (RuntimeException | AssertionError connectionLost) {
                    // Http reports a lost connection as an AssertionError: the write may or may not have happened
                    unanswered.computeIfAbsent(caseId, c -> new AtomicInteger()).incrementAndGet();
                }
            }), 0, 1000 / WRITES_PER_SECOND, TimeUnit.MILLISECONDS);
            ticker.schedule(() -> {
                try {
                    stack.stopService("case-service", true);
                    restarted.complete(stack.startService("case-service"));
                } catch (Throwable e) {
                    restarted.completeExceptionally(e);
                }
            }, KILL_AFTER.toMillis(), TimeUnit.MILLISECONDS);
            ticker.schedule(() -> {
                load.cancel(false);
                loadOver.complete(null);
            }, LOAD.toMillis(), TimeUnit.MILLISECONDS);
            loadOver.get(1, TimeUnit.MINUTES);
        }
        ServiceProcess running = restarted.get(5, TimeUnit.MINUTES);
        assertThat(running.process().pid()).isNotEqualTo(victim.process().pid());
        // the restarted service takes writes again
        assertThat(Http.postJson(cases + "/" + caseIds.getFirst() + "/notes", anna, "{\"text\":\"Efter omstarten.\"}").statusCode())
                .isEqualTo(201);
        accepted.computeIfAbsent(caseIds.getFirst(), c -> new AtomicInteger()).incrementAndGet();
        assertThat(sent.get()).as("writes sent").isGreaterThan(WRITES_PER_SECOND * 10);
        assertThat(unanswered.values().stream().mapToInt(AtomicInteger::get).sum()).as("the kill was felt").isPositive();

        for (String caseId : caseIds) {
            long happened = databases.count(CASE_SERVICE, NOTES, caseId);
            int ok = accepted.getOrDefault(caseId, new AtomicInteger()).get();
            int lost = unanswered.getOrDefault(caseId, new AtomicInteger()).get();
            assertThat(happened).as("writes to %s that happened: every accepted one, at most the unanswered more", caseId)
                    .isBetween((long) ok, (long) ok + lost);
            assertThat(allowedWriteAccesses(caseId)).as("one allowed access event per write that happened, %s", caseId)
                    .isEqualTo(happened);
        }

        List<UUID> accessEvents = new ArrayList<>();
        List<UUID> caseEvents = new ArrayList<>();
        java.util.concurrent.atomic.AtomicReference<String> progress = new java.util.concurrent.atomic.AtomicReference<>("");
        await("every case and access event relayed").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                // what is still missing, printed while it waits: a timeout then says which events and where the token stands
                .conditionEvaluationListener(condition -> System.out.println("relay progress: " + progress.get())).until(() -> {
            accessEvents.clear();
            caseEvents.clear();
            for (String caseId : caseIds) {
                accessEvents.addAll(databases.ids(CASE_SERVICE, "SELECT event_id FROM access_outbox WHERE case_id = ?", caseId));
                caseEvents.addAll(databases.ids(CASE_SERVICE, NOTES.replace("count(*)", "event_identifier::uuid"), caseId));
            }
            long pendingAccess = databases.count(CASE_SERVICE, "SELECT count(*) FROM access_outbox WHERE published_at IS NULL AND dead_lettered_at IS NULL");
            long relayedCase = databases.count(CASE_SERVICE, "SELECT count(*) FROM relayed_integration_event WHERE event_id = ANY(?)", caseEvents);
            StringBuilder missing = new StringBuilder();
            if (relayedCase < caseEvents.size()) {
                try (Connection db = databases.open(CASE_SERVICE); java.sql.Statement q = db.createStatement(); ResultSet rs = q.executeQuery(
                        "SELECT e.global_index, e.aggregate_identifier, e.sequence_number, e.time_stamp FROM domain_event_entry e "
                                + "WHERE e.payload_type LIKE '%NoteRecorded' AND NOT EXISTS (SELECT 1 FROM relayed_integration_event r "
                                + "WHERE r.event_id = e.event_identifier::uuid) ORDER BY e.global_index")) {
                    while (rs.next()) {
                        missing.append(" [").append(rs.getLong(1)).append(' ').append(rs.getString(2)).append('#').append(rs.getLong(3))
                                .append(' ').append(rs.getString(4)).append(']');
                    }
                }
                try (Connection db = databases.open(CASE_SERVICE); java.sql.Statement q = db.createStatement(); ResultSet rs = q.executeQuery(
                        "SELECT segment, owner, convert_from(token, 'UTF8') FROM token_entry WHERE processor_name = 'integration-publisher' ORDER BY segment")) {
                    while (rs.next()) {
                        missing.append("\n  segment ").append(rs.getInt(1)).append(" owner ").append(rs.getString(2)).append(' ').append(rs.getString(3));
                    }
                }
                try (Connection db = databases.open(CASE_SERVICE); java.sql.Statement q = db.createStatement(); ResultSet rs = q.executeQuery(
                        "SELECT max(global_index), count(*) FROM relayed_integration_event")) {
                    rs.next();
                    missing.append("\n  relayed max ").append(rs.getLong(1)).append(" rows ").append(rs.getLong(2));
                }
            }
            progress.set("access pending " + pendingAccess + ", case events relayed " + relayedCase + " of " + caseEvents.size() + missing);
            return pendingAccess == 0 && relayedCase == caseEvents.size();
        });
        // exactly once: one entry per event id (the log's unique id is what makes a re-sent batch harmless), no gap
        List<UUID> all = new ArrayList<>(caseEvents);
        all.addAll(accessEvents);
        databases.assertInAuditLogExactlyOnce("every case event and access event", Duration.ofMinutes(2), all);
    }

    private static long allowedWriteAccesses(String caseId) throws SQLException {
        long allowed = 0;
        try (Connection db = databases.open(CASE_SERVICE);
             PreparedStatement rows = db.prepareStatement("SELECT cloud_event FROM access_outbox WHERE case_id = ?")) {
            rows.setString(1, caseId);
            try (ResultSet rs = rows.executeQuery()) {
                while (rs.next()) {
                    JsonNode data = Http.JSON.readTree(rs.getBytes(1)).path("data");
                    if ("WRITE_CASE".equals(data.path("operation").asString()) && "ALLOWED".equals(data.path("outcome").asString())) {
                        allowed++;
                    }
                }
            }
        }
        return allowed;
    }







    private static ServiceProcess caseService() {
        return stack.service("case-service");
    }

}
