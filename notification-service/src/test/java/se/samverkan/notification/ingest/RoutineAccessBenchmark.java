package se.samverkan.notification.ingest;

import org.junit.jupiter.api.Test;
import se.samverkan.contracts.AccessAction;
import se.samverkan.contracts.AccessOutcome;
import se.samverkan.contracts.ActorRef;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.ContractSchemas;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.contracts.Topics;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.contracts.signing.EventVerifier;
import se.samverkan.platform.test.TestEventKeys;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What notification-service spends on a routine access event (a case shown in a list, a case read): the checks it
 * made before dropping one (signature, schema, data binding) against {@link RoutineAccess}'s look at the record, on
 * one thread. A benchmark, not part of the suite: {@code ./mvnw -pl notification-service -am test -Dtest=RoutineAccessBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false} and read the lines "ROUTINE ACCESS".
 */
class RoutineAccessBenchmark {

    private static final int RECORDS = 20_000;
    private static final int ROUNDS = 5;

    @Test
    void judgeRoutineAccessEvents() {
        CloudEventCodec codec = new CloudEventCodec(URI.create("/samverkan/case-service"));
        List<byte[]> values = new ArrayList<>(RECORDS);
        for (int i = 0; i < RECORDS; i++) {
            values.add(TestEventKeys.signed(codec.wrap(UUID.randomUUID(), Instant.now(), listed())));
        }
        EventVerifier verifier = TestEventKeys.verifier();

        double checked = 0;
        double screened = 0;
        for (int round = 0; round < ROUNDS; round++) {
            // the first round warms the JIT up; the figures are the best of the others
            double c = microsPerRecord(values, value -> {
                CloudEvent event = verifier.verify(Topics.ACCESS_EVENTS, value).event();
                assertThat(ContractSchemas.violations(event.type(), event.data())).isEmpty();
                return !CloudEventCodec.dataAs(event, AccessRecorded.class).breakGlass();
            });
            double s = microsPerRecord(values, value -> RoutineAccess.isRoutine(Topics.ACCESS_EVENTS, value));
            if (round > 0) {
                checked = checked == 0 ? c : Math.min(checked, c);
                screened = screened == 0 ? s : Math.min(screened, s);
            }
        }
        System.out.printf("ROUTINE ACCESS: %d records of %d bytes, best of %d rounds on one thread%n", RECORDS,
                values.getFirst().length, ROUNDS - 1);
        System.out.printf("ROUTINE ACCESS: verified, schema-checked and bound (before): %.1f µs a record%n", checked);
        System.out.printf("ROUTINE ACCESS: recognised unread (RoutineAccess):          %.1f µs a record (%.0f times less)%n",
                screened, checked / screened);
    }

    private interface Judge {
        boolean routine(byte[] value);
    }

    private static double microsPerRecord(List<byte[]> values, Judge judge) {
        long started = System.nanoTime();
        int routine = 0;
        for (byte[] value : values) {
            routine += judge.routine(value) ? 1 : 0;
        }
        long took = System.nanoTime() - started;
        assertThat(routine).isEqualTo(values.size());
        return took / 1000.0 / values.size();
    }

    private static AccessRecorded listed() {
        return new AccessRecorded(new ActorRef(UUID.randomUUID().toString(), List.of("SOCIAL_WORKER"), Agency.SOCIAL_SERVICES,
                "haninge", "ungdom-haninge"), UUID.randomUUID(), UUID.randomUUID(), null, Program.RAPID_INTERVENTION,
                "ungdom-haninge", AccessAction.READ, "LIST_CASES", List.of("METADATA"), null, null, true, false,
                ProtectedIdentity.NONE, AccessOutcome.ALLOWED, null, Instant.now(), "haninge");
    }
}
