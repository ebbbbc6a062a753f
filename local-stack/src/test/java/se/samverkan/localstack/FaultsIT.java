package se.samverkan.localstack;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import se.samverkan.localstack.services.ServiceSpec;
import se.samverkan.platform.test.TestUser;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samverkan.localstack.postgres.ServiceDatabase.AUDIT_SERVICE;
import static se.samverkan.localstack.postgres.ServiceDatabase.CASE_SERVICE;
import static se.samverkan.localstack.postgres.ServiceDatabase.NOTIFICATION_SERVICE;

/**
 * Issue 12 "Faults": under a steady load, one part of the system fails and comes back; then the consistency check:
 * every accepted write is in the event store (an unanswered one at most once), every case event and access event is
 * in the audit log exactly once with no gap in the log, every case opening gave exactly one inbox item. Each test
 * restores what it broke, so the stack serves the next test class as before. (kill -9 of case-service is
 * {@link FaultOutboxIT}; a poison record on every topic and an offset reset are the services' PoisonOnEveryTopicIT and
 * ReplayIT; an overload is {@link FaultOverloadIT}, one user's flood {@link AttackerFloodIT}.) The last test kills audit-service's leader with its standby running.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsIT {

    private static final int WRITES_PER_SECOND = 10;
    private static final String NOTES =
            "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type LIKE '%NoteRecorded'";

    private static Stack stack;
    private static StackDatabases databases;

    @BeforeAll
    static void stack() {
        stack = ItStack.started();
        databases = new StackDatabases(stack);
    }

    /** Whatever a failed test left stopped comes back, so that one failure does not take the next tests with it. */
    @AfterEach
    void restartWhatIsDown() {
        for (String service : List.of("case-service", "audit-service", "notification-service")) {
            if (!stack.service(service).process().isAlive()) {
                stack.startService(service);
            }
        }
    }

    @Test
    @Order(1)
    void audit_service_killed_and_then_stopped_under_load_keeps_every_event_exactly_once() throws Exception {
        Work work = new Work(4);
        try (SteadyLoad load = SteadyLoad.notes(WRITES_PER_SECOND, work.cases, work.token, work.caseIds)) {
            load.awaitMore(WRITES_PER_SECOND * 3);
            stack.stopService("audit-service", true);
            load.awaitMore(WRITES_PER_SECOND * 3);
            stack.startService("audit-service");
            load.awaitMore(WRITES_PER_SECOND * 2);
            // then SIGTERM, as a rolling update does: the listener stops, the sequencer commits what it took, the
            // offsets of the rest stay uncommitted for the restart
            stack.stopService("audit-service", false);
            stack.startService("audit-service");
            load.awaitMore(WRITES_PER_SECOND * 2);
            load.close();
            System.out.println("FaultsIT audit-service kill -9, then SIGTERM: " + load);
            // the audit log is downstream: case-service answered every write while it was gone (taken, or shed
            // cleanly with Retry-After when the machine could not keep up), none lost
            assertThat(load.serverErrors() + load.connectionLost()).as(load.toString()).isZero();
            assertThat(load.acceptedTotal()).as(load.toString()).isPositive();
            work.assertConsistent(load);
        }
    }

    @Test
    @Order(2)
    void notification_service_killed_and_then_stopped_while_cases_are_opened_gives_one_inbox_item_and_one_mail_per_case() throws Exception {
        Work work = new Work(0);
        Set<String> opened = ConcurrentHashMap.newKeySet();
        try (SteadyLoad load = SteadyLoad.start(10, n -> new SteadyLoad.Shot("open", () -> {
            HttpResponse<String> response = Http.postJson(work.cases, work.token, FirstCase.JSON);
            if (response.statusCode() == 201) {
                opened.add(Http.json(response).path("caseId").asString());
            }
            return response;
        }))) {
            load.awaitMore(20);
            stack.stopService("notification-service", true);
            load.awaitMore(30);
            stack.startService("notification-service");
            load.awaitMore(20);
            // then SIGTERM while it ingests and mails: the mail under way is finished, the rest of its batch given back
            stack.stopService("notification-service", false);
            stack.startService("notification-service");
            load.awaitMore(20);
            load.close();
            System.out.println("FaultsIT notification-service kill -9, then SIGTERM: " + load);
            assertThat(opened).hasSize(load.acceptedTotal()).hasSizeGreaterThan(10);
            assertThat(load.serverErrors() + load.connectionLost()).as(load.toString()).isZero();
        }
        List<UUID> caseIds = opened.stream().map(UUID::fromString).toList();
        String inbox = "SELECT count(*) FROM notifications WHERE case_id = ANY(?) AND kind = 'CASE_OPENED' AND recipient_user_id = ?";
        ItStack.awaitThroughFaults("an inbox item for every case opened").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> databases.count(NOTIFICATION_SERVICE, inbox, caseIds, TestUser.SOCIAL_WORKER.id()) >= caseIds.size());
        assertThat(databases.count(NOTIFICATION_SERVICE, inbox, caseIds, TestUser.SOCIAL_WORKER.id()))
                .as("exactly one each: a redelivered event after the crash made no second item").isEqualTo(caseIds.size());
        assertThat(databases.count(NOTIFICATION_SERVICE,
                "SELECT count(*) FROM (SELECT notification_id FROM mail_deliveries d JOIN notifications n ON n.id = d.notification_id "
                        + "WHERE n.case_id = ANY(?) GROUP BY notification_id HAVING count(*) > 1) twice", caseIds))
                .as("one delivery row per item").isZero();
        // the mails themselves, as the SMTP server received them: notification-service's Message-ID is the item's id
        List<UUID> items = databases.ids(NOTIFICATION_SERVICE,
                "SELECT id FROM notifications WHERE case_id = ANY(?) AND kind = 'CASE_OPENED' AND recipient_user_id = ?",
                caseIds, TestUser.SOCIAL_WORKER.id());
        Set<String> wanted = items.stream().map(id -> "<" + id + "@notification.samverkan>").collect(java.util.stream.Collectors.toSet());
        ItStack.awaitThroughFaults("a mail for every case opened").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                .until(() -> mailsReceived(wanted).keySet().containsAll(wanted));
        java.util.Map<String, Long> received = mailsReceived(wanted);
        long repeated = received.values().stream().mapToLong(count -> count - 1).sum();
        System.out.println("FaultsIT notification-service mails: " + wanted.size() + " due, " + received.values().stream()
                .mapToLong(Long::longValue).sum() + " received, " + repeated + " repeated");
        // a kill -9 can repeat the one mail whose SENT mark it prevented; nothing else may be sent twice
        assertThat(repeated).as("mails repeated: %s", received).isLessThanOrEqualTo(1);
    }

    /** How often the mail catcher received each of the given Message-IDs. */
    private static java.util.Map<String, Long> mailsReceived(Set<String> messageIds) {
        return stack.mail().messages().stream().map(message -> String.valueOf(message.get("messageId")))
                .filter(messageIds::contains)
                .collect(java.util.stream.Collectors.groupingBy(id -> id, java.util.stream.Collectors.counting()));
    }

    @Test
    @Order(3)
    void case_service_stopped_gracefully_under_load_finishes_what_it_accepted() throws Exception {
        Work work = new Work(4);
        try (SteadyLoad load = SteadyLoad.notes(WRITES_PER_SECOND, work.cases, work.token, work.caseIds)) {
            load.awaitMore(WRITES_PER_SECOND * 3);
            stack.stopService("case-service", false);
            stack.startService("case-service");
            load.awaitMore(WRITES_PER_SECOND * 2);
            load.close();
            System.out.println("FaultsIT case-service SIGTERM: " + load);
            // a graceful stop answers what it took in: refused connections while it is down, never a 500
            assertThat(load.serverErrors()).as(load.toString()).isZero();
            work.assertConsistent(load);
        }
    }

    @Test
    @Order(4)
    void a_refused_connection_pool_is_answered_503_with_retry_after_and_heals_by_itself() throws Exception {
        Work work = new Work(4);
        try (SteadyLoad load = SteadyLoad.notes(WRITES_PER_SECOND, work.cases, work.token, work.caseIds)) {
            load.awaitMore(WRITES_PER_SECOND * 2);
            try (Connection superuser = stack.postgres().superuserConnection("postgres"); Statement sql = superuser.createStatement()) {
                sql.execute("ALTER ROLE " + CASE_SERVICE.applicationRole() + " CONNECTION LIMIT 0");
                sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + CASE_SERVICE.applicationRole() + "'");
                try {
                    ItStack.awaitThroughFaults("writes refused with 503 and Retry-After").atMost(Duration.ofMinutes(1)).until(() -> load.refusedWithRetryAfter() >= 5);
                } finally {
                    sql.execute("ALTER ROLE " + CASE_SERVICE.applicationRole() + " CONNECTION LIMIT -1");
                }
            }
            int acceptedBefore = load.acceptedTotal();
            ItStack.awaitThroughFaults("writes accepted again without a restart").atMost(Duration.ofMinutes(1))
                    .until(() -> load.acceptedTotal() >= acceptedBefore + WRITES_PER_SECOND);
            load.close();
            System.out.println("FaultsIT refused pool: " + load);
            assertThat(load.serverErrors()).as("a refused pool is the database's state, not a bug: " + load).isZero();
            work.assertConsistent(load);
        }
    }

    @Test
    @Order(5)
    void kafka_stopped_and_restarted_under_load_loses_and_duplicates_nothing() throws Exception {
        Work work = new Work(4);
        try (SteadyLoad load = SteadyLoad.notes(WRITES_PER_SECOND, work.cases, work.token, work.caseIds)) {
            load.awaitMore(WRITES_PER_SECOND * 2);
            stack.stopKafka();
            try {
                load.awaitMore(WRITES_PER_SECOND * 4);
            } finally {
                stack.startKafka();
            }
            load.awaitMore(WRITES_PER_SECOND * 2);
            load.close();
            System.out.println("FaultsIT Kafka stop and start: " + load);
            // the broker is downstream of the outboxes: every write was answered while it was away, none lost
            assertThat(load.serverErrors() + load.connectionLost()).as(load.toString()).isZero();
            assertThat(load.acceptedTotal()).as(load.toString()).isPositive();
            work.assertConsistent(load);
        }
    }

    @Test
    @Order(6)
    void postgres_stopped_and_restarted_under_load_is_503_meanwhile_and_recovers_by_itself() throws Exception {
        Work work = new Work(4);
        try (SteadyLoad load = SteadyLoad.notes(WRITES_PER_SECOND, work.cases, work.token, work.caseIds)) {
            load.awaitMore(WRITES_PER_SECOND * 2);
            stack.stopPostgres();
            try {
                ItStack.awaitThroughFaults("writes refused while the database is away").atMost(Duration.ofMinutes(1)).until(() -> load.refusedWithRetryAfter() >= 5);
            } finally {
                stack.startPostgres();
            }
            int acceptedBefore = load.acceptedTotal();
            ItStack.awaitThroughFaults("writes accepted again without a restart of any service").atMost(Duration.ofMinutes(2))
                    .until(() -> load.acceptedTotal() >= acceptedBefore + WRITES_PER_SECOND);
            load.close();
            System.out.println("FaultsIT PostgreSQL stop and start: " + load);
            assertThat(load.serverErrors()).as("an unreachable database is a 503, not a bug: " + load).isZero();
            work.assertConsistent(load);
        }
    }

    @Test
    @Order(7)
    void a_full_disk_refuses_writes_with_503_holds_the_audit_log_back_and_loses_nothing_when_space_returns() throws Exception {
        // PostgreSQL's own answer when it cannot extend a file (SQLSTATE 53100 disk_full), raised by the server for
        // every insert into the event store and the audit log, as a full volume would: no machine's disk is filled
        Work work = new Work(4);
        try (SteadyLoad load = SteadyLoad.notes(WRITES_PER_SECOND, work.cases, work.token, work.caseIds)) {
            load.awaitMore(WRITES_PER_SECOND * 2);
            diskFull(true);
            try {
                // counted once the trigger is in: CREATE TRIGGER waits for the appends in flight, and none commits after
                long auditBefore = databases.count(AUDIT_SERVICE, "SELECT count(*) FROM audit_entries");
                ItStack.awaitThroughFaults("writes refused while the disk is full").atMost(Duration.ofMinutes(1)).until(() -> load.refusedWithRetryAfter() >= 5);
                assertThat(databases.count(AUDIT_SERVICE, "SELECT count(*) FROM audit_entries")).as("nothing appended meanwhile")
                        .isEqualTo(auditBefore);
            } finally {
                diskFull(false);
            }
            int acceptedBefore = load.acceptedTotal();
            ItStack.awaitThroughFaults("writes accepted again once there is space").atMost(Duration.ofMinutes(1))
                    .until(() -> load.acceptedTotal() >= acceptedBefore + WRITES_PER_SECOND);
            load.close();
            System.out.println("FaultsIT full disk: " + load);
            assertThat(load.serverErrors()).as("a full disk is the database's state, not a bug: " + load).isZero();
            // the audit consumer waited instead of dead-lettering what it could not append
            work.assertConsistent(load);
        }
    }

    private static void diskFull(boolean full) throws SQLException {
        for (var target : List.of(new String[]{CASE_SERVICE.databaseName(), "domain_event_entry"},
                new String[]{AUDIT_SERVICE.databaseName(), "audit_entries"})) {
            try (Connection superuser = stack.postgres().superuserConnection(target[0]); Statement sql = superuser.createStatement()) {
                if (full) {
                    sql.execute("CREATE OR REPLACE FUNCTION fault_disk_full() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                            + "RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = 'disk_full'; END $$");
                    sql.execute("CREATE TRIGGER fault_disk_full BEFORE INSERT ON " + target[1]
                            + " FOR EACH STATEMENT EXECUTE FUNCTION fault_disk_full()");
                } else {
                    sql.execute("DROP TRIGGER IF EXISTS fault_disk_full ON " + target[1]);
                    sql.execute("DROP FUNCTION IF EXISTS fault_disk_full()");
                }
            }
        }
    }

    @Test
    @Order(8)
    void the_audit_leader_killed_under_load_hands_the_log_to_its_standby_which_loses_and_duplicates_nothing() throws Exception {
        // audit-service/README.md "Single writer across instances", as infra/k8s runs it: two processes, one database
        ServiceSpec standby = stack.startStandby("audit-service").spec();
        String standbyReadiness = standby.healthUrl() + "/readiness";
        try {
            assertThat(Http.get(standbyReadiness, null).statusCode()).as("a standby is alive but not ready").isEqualTo(503);
            Work work = new Work(4);
            try (SteadyLoad load = SteadyLoad.notes(WRITES_PER_SECOND, work.cases, work.token, work.caseIds)) {
                load.awaitMore(WRITES_PER_SECOND * 3);
                stack.stopService("audit-service", true);
                ItStack.awaitThroughFaults("the standby leads once the leader's session is gone").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(500)).until(() -> Http.get(standbyReadiness, null).statusCode() == 200);
                load.awaitMore(WRITES_PER_SECOND * 3);
                load.close();
                System.out.println("FaultsIT audit leader kill -9 with a standby: " + load);
                assertThat(load.serverErrors() + load.connectionLost()).as(load.toString()).isZero();
                // the former standby alone appended what came after the kill: every event once, no gap
                work.assertConsistent(load);
            }
        } finally {
            // back to one audit-service on its own port: the standby lets go of the log, the original leads again
            stack.retireService(standby.name());
            if (!stack.service("audit-service").process().isAlive()) {
                stack.startService("audit-service");
            }
        }
    }

    /** A social worker's fresh cases for one test, and the checks on what the load did to them. */
    private static final class Work {

        final String token = ItStack.token(TestUser.SOCIAL_WORKER);
        final String cases = stack.service("case-service").spec().baseUrl() + "/api/cases";
        final List<String> caseIds = new ArrayList<>();

        Work(int count) {
            for (int i = 0; i < count; i++) {
                HttpResponse<String> opened = Http.postJson(cases, token, FirstCase.JSON);
                assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
                caseIds.add(Http.json(opened).path("caseId").asString());
            }
        }

        void assertConsistent(SteadyLoad load) throws SQLException {
            List<UUID> noteEvents = new ArrayList<>();
            List<UUID> accessEvents = new ArrayList<>();
            for (String caseId : caseIds) {
                long happened = databases.count(CASE_SERVICE, NOTES, caseId);
                assertThat(happened).as("notes on %s that happened: every accepted one, at most the unanswered more (%s)", caseId, load)
                        .isBetween((long) load.accepted(caseId), (long) load.accepted(caseId) + load.unanswered(caseId));
                noteEvents.addAll(databases.ids(CASE_SERVICE, NOTES.replace("count(*)", "event_identifier::uuid"), caseId));
                accessEvents.addAll(databases.ids(CASE_SERVICE, "SELECT event_id FROM access_outbox WHERE case_id = ?", caseId));
            }
            List<UUID> all = new ArrayList<>(noteEvents);
            all.addAll(accessEvents);
            databases.assertInAuditLogExactlyOnce("every note and access event", Duration.ofMinutes(3), all);
        }
    }
}
