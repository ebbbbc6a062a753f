package se.samverkan.platform.test;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import se.samverkan.platform.kafka.ConsumerErrorHandling;

/** What the alerts read, as a test reads it. */
public final class TestMeters {

    private TestMeters() {
    }

    /** Records of {@code topic} dead-lettered so far for a failure of kind {@code failure} (a simple class name). */
    public static double deadLetters(MeterRegistry meters, String topic, String failure) {
        Counter counter = meters.find(ConsumerErrorHandling.DEAD_LETTERS).tags("topic", topic, "failure", failure).counter();
        return counter == null ? 0 : counter.count();
    }
}
