package se.samverkan.platform.outbox;

import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import se.samverkan.contracts.MalformedEventException;

/**
 * Which publishing failures no retry can cure. Sending such a record again and again would stall every later event
 * behind it, so it goes to the dead-letter store; anything else (broker down, timeouts, leader moves) is transient
 * and retried for ever, because an outbox may skip nothing.
 */
public final class PublishFailures {

    /** The record breaks its own contract (e.g. a stored free-text value where a code belongs). */
    public static final class ContractViolation extends RuntimeException {
        public ContractViolation(String type, int violations) {
            super("data of a " + type + " event violates its schema in " + violations + " place(s)");
        }
    }

    /**
     * An outbox row the service did not write: its stored bytes do not verify against the service's own keys, or it
     * is unsigned and not one of the rows an upgrade recorded as written unsigned. Never sent (it would go out as the
     * service's word), set aside with an alert: someone with the service's database credentials wrote it.
     */
    public static final class ForgedAtSource extends RuntimeException {
        public ForgedAtSource(String why) {
            super(why);
        }
    }

    private PublishFailures() {
    }

    /**
     * Counts a record set aside for the SamverkanPublishDeadLetters alert, the same series for every service's outbox:
     * {@code samverkan.publish.dead.letters{stream, reason}}, reason as {@link #reason} gives it.
     */
    public static void count(io.micrometer.core.instrument.MeterRegistry meters, String stream, String reason) {
        io.micrometer.core.instrument.Counter.builder("samverkan.publish.dead.letters")
                .description("records set aside because Kafka can never take them")
                .tag("stream", stream).tag("reason", reason).register(meters).increment();
    }

    public static boolean isPermanent(Throwable failure) {
        return permanentCause(failure) != null;
    }

    /** The class that says why, for the dead-letter row and the log (never the message: it may quote data). */
    public static String reason(Throwable failure) {
        Throwable cause = permanentCause(failure);
        return (cause == null ? failure : cause).getClass().getSimpleName();
    }

    private static Throwable permanentCause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RecordTooLargeException || cause instanceof RecordBatchTooLargeException
                    || cause instanceof SerializationException || cause instanceof InvalidTopicException
                    || cause instanceof ContractViolation || cause instanceof ForgedAtSource
                    || cause instanceof MalformedEventException) {
                return cause;
            }
        }
        return null;
    }
}
