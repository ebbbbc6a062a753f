package se.samverkan.audit.it;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import se.samverkan.contracts.Topics;
import se.samverkan.platform.test.TestPoison;

/** Issue 12, faults: a poison record on each topic this service reads is dead-lettered and counted, and the consumer goes on. */
class PoisonOnEveryTopicIT extends AuditServiceITBase {

    @Autowired
    MeterRegistry meters;

    @ParameterizedTest
    @ValueSource(strings = {Topics.CASE_EVENTS, Topics.ACCESS_EVENTS, Topics.NOTIFICATION_EVENTS})
    void aPoisonRecordIsSetAsideCountedAndPassed(String topic) throws Exception {
        TestPoison.awaitSetAsideCountedAndPassed(meters, "audit-service", topic, java.time.Duration.ofSeconds(60));
    }
}
