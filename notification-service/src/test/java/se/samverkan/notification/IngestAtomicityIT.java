package se.samverkan.notification;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import se.samverkan.contracts.CaseOrigin;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.contracts.cases.CaseOpened;
import se.samverkan.notification.ingest.NotificationIngest;
import se.samverkan.contracts.Topics;
import se.samverkan.platform.test.TestEventKeys;
import se.samverkan.platform.test.TestPostgres;

import java.lang.reflect.Constructor;
import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A crash half-way through an event, or through a poll of several, leaves no trace, and the redelivery after it does
 * everything exactly once.
 */
class IngestAtomicityIT extends NotificationServiceIT {

    @Autowired
    NotificationIngest ingest;

    @Autowired
    ApplicationContext context;

    @Test
    void aFailureHalfWayLeavesNothingAndTheRetryDoesItAllOnce() {
        Staff staff = newStaff();
        UUID caseId = UUID.randomUUID();
        String failingRecipient = staff.colleague().id();
        CloudEvent event = new CloudEventCodec(URI.create("/samverkan/case-service")).wrap(UUID.randomUUID(), Instant.now(),
                new CaseOpened(staff.caseRef(caseId, ProtectedIdentity.NONE), staff.actor(staff.socialWorker()), Instant.now(),
                        CaseOrigin.SOCIAL_SERVICES, "INTAKE", List.of(staff.socialWorker().id(), failingRecipient)));
        String trigger = failOnInsertFor(failingRecipient);
        try {
            assertThatThrownBy(() -> ingest.accept(Topics.CASE_EVENTS, TestEventKeys.signed(event))).hasMessageContaining("simulated crash");

            assertThat(count("SELECT count(*) FROM processed_events WHERE event_id = ?", event.eventId())).isZero();
            assertThat(count("SELECT count(*) FROM notifications WHERE case_id = ?", caseId)).isZero();
            assertThat(count("SELECT count(*) FROM case_routes WHERE case_id = ?", caseId)).isZero();
            assertThat(count("SELECT count(*) FROM mail_deliveries d JOIN notifications n ON n.id = d.notification_id WHERE n.case_id = ?",
                    caseId)).isZero();
        } finally {
            TestPostgres.execute("notification_service", "DROP TRIGGER %1$s ON notifications; DROP FUNCTION %1$s();".formatted(trigger));
        }

        assertThat(ingest.accept(Topics.CASE_EVENTS, TestEventKeys.signed(event))).isEqualTo(2);
        assertThat(ingest.accept(Topics.CASE_EVENTS, TestEventKeys.signed(event))).as("the redelivery after that").isZero();

        assertThat(count("SELECT count(*) FROM notifications WHERE case_id = ?", caseId)).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM mail_deliveries d JOIN notifications n ON n.id = d.notification_id WHERE n.case_id = ?",
                caseId)).isEqualTo(2);
    }

    @Test
    void aPollIsOneTransactionAndAFailureInItsLastEventUndoesTheFirst() {
        Staff staff = newStaff();
        UUID firstCase = UUID.randomUUID();
        UUID secondCase = UUID.randomUUID();
        String failingRecipient = staff.colleague().id();
        CloudEvent first = opened(staff, firstCase, List.of(staff.socialWorker().id()));
        CloudEvent second = opened(staff, secondCase, List.of(failingRecipient));
        List<NotificationIngest.Judged> poll = List.of(
                ingest.read(Topics.CASE_EVENTS, TestEventKeys.signed(first)),
                ingest.read(Topics.CASE_EVENTS, TestEventKeys.signed(second)),
                ingest.read(Topics.CASE_EVENTS, TestEventKeys.signed(first)));
        String trigger = failOnInsertFor(failingRecipient);
        try {
            assertThatThrownBy(() -> ingest.acceptAll(poll)).hasMessageContaining("simulated crash");
            assertThat(count("SELECT count(*) FROM processed_events WHERE event_id = ?", first.eventId()))
                    .as("the first event of the failed poll is not marked either").isZero();
            assertThat(count("SELECT count(*) FROM notifications WHERE case_id = ?", firstCase)).isZero();
        } finally {
            TestPostgres.execute("notification_service", "DROP TRIGGER %1$s ON notifications; DROP FUNCTION %1$s();".formatted(trigger));
        }

        assertThat(ingest.acceptAll(poll)).as("the same poll again, its duplicate of the first event included").isEqualTo(2);
        assertThat(count("SELECT count(*) FROM notifications WHERE case_id = ?", firstCase)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM notifications WHERE case_id = ?", secondCase)).isEqualTo(1);
        assertThat(ingest.acceptAll(poll)).as("and its redelivery").isZero();
    }

    @Test
    void theCreatedCounterCountsWhatCommittedAndNothingOfAFailedOrRepeatedDelivery() throws ReflectiveOperationException {
        MeterRegistry meters = new SimpleMeterRegistry();
        // an ingest of its own, so that events the listener consumes meanwhile are not counted here
        NotificationIngest counted = withMeters(meters);
        Staff staff = newStaff();
        String failingRecipient = staff.colleague().id();
        CloudEvent event = opened(staff, UUID.randomUUID(), List.of(staff.socialWorker().id(), failingRecipient));
        String trigger = failOnInsertFor(failingRecipient);
        try {
            assertThatThrownBy(() -> counted.accept(Topics.CASE_EVENTS, TestEventKeys.signed(event))).hasMessageContaining("simulated crash");
            assertThat(created(meters)).as("a rolled-back delivery counts nothing, though one item was inserted").isZero();
        } finally {
            TestPostgres.execute("notification_service", "DROP TRIGGER %1$s ON notifications; DROP FUNCTION %1$s();".formatted(trigger));
        }

        counted.accept(Topics.CASE_EVENTS, TestEventKeys.signed(event));
        counted.accept(Topics.CASE_EVENTS, TestEventKeys.signed(event));

        assertThat(created(meters)).as("two people told of the opening, once").isEqualTo(2);
        assertThat(meters.find(NotificationIngest.CREATED).counters()).singleElement().satisfies(counter -> {
            assertThat(counter.getId().getTag("kind")).isEqualTo("CASE_OPENED");
            assertThat(counter.getId().getTag("audience")).isEqualTo("person");
        });
    }

    private NotificationIngest withMeters(MeterRegistry meters) throws ReflectiveOperationException {
        Constructor<?> constructor = NotificationIngest.class.getConstructors()[0];
        Object[] arguments = Arrays.stream(constructor.getParameterTypes())
                .map(type -> type == MeterRegistry.class ? meters : context.getBean(type)).toArray();
        return (NotificationIngest) constructor.newInstance(arguments);
    }

    private static double created(MeterRegistry meters) {
        return meters.find(NotificationIngest.CREATED).counters().stream().mapToDouble(Counter::count).sum();
    }

    private static CloudEvent opened(Staff staff, UUID caseId, List<String> team) {
        return new CloudEventCodec(URI.create("/samverkan/case-service")).wrap(UUID.randomUUID(), Instant.now(),
                new CaseOpened(staff.caseRef(caseId, ProtectedIdentity.NONE), staff.actor(staff.socialWorker()), Instant.now(),
                        CaseOrigin.SOCIAL_SERVICES, "INTAKE", team));
    }

    private static String failOnInsertFor(String recipient) {
        String trigger = "fail_" + recipient.replace("-", "_");
        TestPostgres.execute("notification_service", """
                CREATE FUNCTION %1$s() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.recipient_user_id = '%2$s' THEN RAISE EXCEPTION 'simulated crash'; END IF;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER %1$s BEFORE INSERT ON notifications FOR EACH ROW EXECUTE FUNCTION %1$s();
                """.formatted(trigger, recipient));
        return trigger;
    }

    private long count(String sql, UUID id) {
        return jdbc.sql(sql).param(id).query(Long.class).single();
    }
}
