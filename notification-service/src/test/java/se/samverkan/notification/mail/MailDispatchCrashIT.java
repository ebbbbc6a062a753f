package se.samverkan.notification.mail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.transaction.support.TransactionTemplate;
import se.samverkan.notification.config.NotificationProperties;
import se.samverkan.notification.directory.UnitDirectory;
import se.samverkan.notification.preferences.MailDelivery;
import se.samverkan.notification.routing.CaseRoutes;
import se.samverkan.notification.routing.JdbcRoutingLookup;
import se.samverkan.notification.schema.SchemaMigration;
import se.samverkan.platform.test.TestPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12 "exactly one mail per due event" where a dispatcher dies among its mails (kill -9, an OutOfMemoryError,
 * a pod evicted): the real dispatcher and outbox on the JVM's PostgreSQL, a real SMTP server (GreenMail), and an
 * SMTP client that stands in for the process dying at a chosen mail. No Spring context, so that no scheduled
 * dispatcher of the service's own competes for the deliveries: each test is the only dispatcher there is, or two.
 * The dispatchers run as the service's runtime role, on a database its owner migrated, as in a deployment.
 */
class MailDispatchCrashIT {

    private static final String RECIPIENT = "crash-test-worker";
    private static final String ADDRESS = "crash-test-worker@kommun.example";

    private static GreenMail smtp;
    private static int smtpPort;
    private static PGSimpleDataSource dataSource;
    private static JdbcClient jdbc;
    /** The tests' own set-up and clean-up, beyond what the runtime role may do. */
    private static JdbcClient superuser;

    @BeforeAll
    static void infrastructure() {
        smtpPort = freePort();
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        String database = "notification_mail_crash";
        String url = TestPostgres.serviceDatabase(database, "notification_owner", "notification_service");
        SchemaMigration.migrate(url, "notification_owner", "notification_owner", "notification_service", List.of("classpath:db/migration"));
        dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        dataSource.setUser("notification_service");
        dataSource.setPassword("notification_service");
        jdbc = JdbcClient.create(dataSource);
        superuser = JdbcClient.create(TestPostgres.superuser(database));
        superuser.sql("""
                        INSERT INTO directory_users (user_id, username, email, agency, municipality, unit, roles, active)
                        VALUES (?, ?, ?, 'SOCIAL_SERVICES', '0180', 'crash-test-unit', '{social-worker}', true)
                        ON CONFLICT (user_id) DO NOTHING""")
                .params(RECIPIENT, RECIPIENT, ADDRESS).update();
    }

    @AfterAll
    static void stop() {
        smtp.stop();
    }

    @BeforeEach
    void nothingLeftFromAnotherTest() {
        superuser.sql("DELETE FROM mail_deliveries").update();
        superuser.sql("DELETE FROM notifications").update();
        smtp.reset();
    }

    @Test
    void aDispatcherThatDiesAfterTwoOfFiveMailsLeavesThoseTwoSentAndTheNextSendsOnlyTheOtherThree() {
        List<UUID> notifications = due(5);
        MailDispatcher dying = dispatcher(new DiesAtMail(3, Duration.ZERO), Duration.ofSeconds(2));
        assertThatThrownBy(dying::dispatchDue).isInstanceOf(ProcessDied.class);
        assertThat(received()).as("two went out before it died").hasSize(2);
        assertThat(statuses()).as("and are SENT in the database, though their dispatcher never finished its batch")
                .containsEntry("SENT", 2L);

        // the restarted service: the three it never sent are due again when its lease runs out, and only those
        MailDispatcher restarted = dispatcher(new DiesAtMail(Integer.MAX_VALUE, Duration.ZERO), Duration.ofSeconds(2));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            restarted.dispatchDue();
            return received().size() >= 5;
        });
        assertThat(received()).as("each notification's mail exactly once").hasSize(5)
                .containsExactlyInAnyOrderElementsOf(notifications.stream().map(id -> "<" + id + "@notification.samverkan>").toList());
        assertThat(statuses()).isEqualTo(Map.of("SENT", 5L));
    }

    @Test
    void deliveriesADispatcherHasClaimedAreOutOfAnotherDispatchersReachUntilItsLeaseRunsOut() {
        due(3);
        Duration lease = Duration.ofSeconds(3);
        assertThatThrownBy(dispatcher(new DiesAtMail(1, Duration.ZERO), lease)::dispatchDue).isInstanceOf(ProcessDied.class);
        Instant died = Instant.now();

        MailDispatcher other = dispatcher(new DiesAtMail(Integer.MAX_VALUE, Duration.ZERO), lease);
        other.dispatchDue();
        assertThat(received()).as("the claim holds while the lease runs, so a live dispatcher cannot race a slow one").isEmpty();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            other.dispatchDue();
            return received().size() == 3;
        });
        assertThat(Duration.between(died, Instant.now())).as("not before the lease ran out").isGreaterThanOrEqualTo(lease.minusMillis(500));
        assertThat(statuses()).isEqualTo(Map.of("SENT", 3L));
    }

    @Test
    void noSendBeginsOnceAThirdOfTheLeaseIsGoneAndTheRestIsDueAgainAtOnce() {
        due(3);
        // the first mail takes longer than a third of the lease: an SMTP server that answers slowly
        Duration lease = Duration.ofSeconds(3);
        dispatcher(new DiesAtMail(Integer.MAX_VALUE, Duration.ofMillis(1_200)), lease).dispatchDue();
        assertThat(received()).as("the slow one went out; the others were given back, not sent late in the lease").hasSize(1);
        assertThat(jdbc.sql("SELECT count(*) FROM mail_deliveries WHERE status = 'PENDING' AND next_attempt_at <= now()")
                .query(Long.class).single()).as("given back: due again at once, not at the lease's end").isEqualTo(2L);

        dispatcher(new DiesAtMail(Integer.MAX_VALUE, Duration.ZERO), lease).dispatchDue();
        assertThat(received()).hasSize(3);
        assertThat(statuses()).isEqualTo(Map.of("SENT", 3L));
    }

    @Test
    void aDispatcherStoppedMidBatchFinishesTheMailUnderWayAndGivesTheRestBackDueAtOnce() {
        List<UUID> notifications = due(4);
        // SIGTERM arrives while the first mail is being sent: Spring stops the dispatcher (a SmartLifecycle) then
        DiesAtMail smtpClient = new DiesAtMail(Integer.MAX_VALUE, Duration.ZERO);
        MailDispatcher stopped = dispatcher(smtpClient, Duration.ofMinutes(3));
        stopped.start();
        smtpClient.duringFirst = stopped::stop;
        stopped.dispatchDue();
        assertThat(received()).as("the mail under way went out, none after it").hasSize(1);
        assertThat(statuses()).isEqualTo(Map.of("SENT", 1L, "PENDING", 3L));
        assertThat(jdbc.sql("SELECT count(*) FROM mail_deliveries WHERE status = 'PENDING' AND next_attempt_at <= now()")
                .query(Long.class).single()).as("the rest due at once for the next instance, not after the 3-minute lease").isEqualTo(3L);
        stopped.dispatchDue();
        assertThat(received()).as("a stopped dispatcher claims nothing more").hasSize(1);

        dispatcher(new DiesAtMail(Integer.MAX_VALUE, Duration.ZERO), Duration.ofMinutes(3)).dispatchDue();
        assertThat(received()).containsExactlyInAnyOrderElementsOf(
                notifications.stream().map(id -> "<" + id + "@notification.samverkan>").toList());
    }

    /** {@code count} notifications of the recipient, each with an immediate mail due now, oldest first. */
    private static List<UUID> due(int count) {
        MailOutbox outbox = new MailOutbox(jdbc);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID id = UUID.randomUUID();
            jdbc.sql("""
                            INSERT INTO notifications (id, recipient_user_id, kind, case_id, message, link, source_event_id)
                            VALUES (?, ?, 'CASE_OPENED', ?, 'A case was opened in your unit.', '/api/cases/x', ?)""")
                    .params(id, RECIPIENT, UUID.randomUUID(), UUID.randomUUID()).update();
            outbox.enqueue(id, RECIPIENT, ADDRESS, MailDelivery.IMMEDIATE, Instant.now().minusSeconds(count - i));
            ids.add(id);
        }
        return ids;
    }

    private static MailDispatcher dispatcher(DiesAtMail sender, Duration lease) {
        sender.setHost("127.0.0.1");
        sender.setPort(smtpPort);
        NotificationProperties properties = new NotificationProperties("https://samverkan.example", Map.of(), Set.of(),
                Duration.ofMinutes(30), Duration.ofSeconds(25), Duration.ofDays(365),
                new NotificationProperties.Mail(true, "samverkan-noreply@samverkan.example", Duration.ofSeconds(2), 20, 10,
                        Duration.ofSeconds(10), Duration.ofMinutes(30), LocalTime.of(7, 0), ZoneId.of("Europe/Stockholm"), lease));
        return new MailDispatcher(new MailOutbox(jdbc), sender, new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                properties, Clock.systemUTC(), new JdbcRoutingLookup(new CaseRoutes(jdbc), new UnitDirectory(jdbc)));
    }

    private static List<String> received() {
        return Arrays.stream(smtp.getReceivedMessages()).map(message -> {
            try {
                return message.getMessageID();
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static Map<String, Long> statuses() {
        return jdbc.sql("SELECT status, count(*) FROM mail_deliveries GROUP BY status")
                .query((rs, row) -> Map.entry(rs.getString(1), rs.getLong(2))).list().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** The process ends at this point: nothing after it runs, nothing is caught on the way out. */
    private static final class ProcessDied extends Error {
        ProcessDied() {
            super("the dispatcher's process died");
        }
    }

    /** A real SMTP client to GreenMail whose process dies when it is about to send mail number {@code diesAt}. */
    private static final class DiesAtMail extends JavaMailSenderImpl {
        private final int diesAt;
        private final Duration firstTakes;
        private int mails;
        Runnable duringFirst = () -> { };

        DiesAtMail(int diesAt, Duration firstTakes) {
            this.diesAt = diesAt;
            this.firstTakes = firstTakes;
        }

        @Override
        public void send(MimeMessage message) {
            mails++;
            if (mails == diesAt) {
                throw new ProcessDied();
            }
            if (mails == 1) {
                duringFirst.run();
            }
            if (mails == 1 && !firstTakes.isZero()) {
                long until = System.nanoTime() + firstTakes.toNanos();
                while (until - System.nanoTime() > 0) {
                    LockSupport.parkNanos(until - System.nanoTime());
                }
            }
            super.send(message);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
