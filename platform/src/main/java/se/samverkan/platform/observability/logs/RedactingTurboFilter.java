package se.samverkan.platform.observability.logs;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

import java.util.Arrays;

/**
 * Every log event that carries a failure is written with {@link RedactedThrowable}'s copy of it instead, whoever logs it:
 * our code, Spring, Kafka's clients, Axon, Hikari, Tomcat. Done here, before any appender or encoder, so the readable
 * console, the JSON lines (ECS {@code error.type}, {@code error.message}, {@code error.stack_trace}) and any appender
 * an operator adds all see the same redacted failure.
 */
public final class RedactingTurboFilter extends TurboFilter {

    private static final String FQCN = Logger.class.getName();

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level == null || logger == null) {
            return FilterReply.NEUTRAL;
        }
        Throwable failure = t;
        Object[] arguments = params;
        if (failure == null && params != null && params.length > 0 && params[params.length - 1] instanceof Throwable last) {
            failure = last;
            arguments = Arrays.copyOf(params, params.length - 1);
        }
        if (failure == null || !level.isGreaterOrEqual(logger.getEffectiveLevel())) {
            return FilterReply.NEUTRAL;
        }
        LoggingEvent event = new LoggingEvent(FQCN, logger, level, format, null, arguments);
        try {
            event.setThrowableProxy(new RedactedThrowableProxy(RedactedThrowable.of(failure)));
        } catch (RuntimeException | StackOverflowError unreadable) {
            // a failure that cannot be copied is left out rather than written as it is: the line still says what happened
            event.setThrowableProxy(new ThrowableProxy(new IllegalStateException(failure.getClass().getName()
                    + " (could not be redacted, left out)")));
        }
        if (marker != null) {
            event.addMarker(marker);
        }
        logger.callAppenders(event);
        return FilterReply.DENY;
    }

    /** The original's type name where a structured formatter reads it ({@code error.type}). */
    static final class RedactedThrowableProxy extends ThrowableProxy {

        private final String type;

        RedactedThrowableProxy(RedactedThrowable redacted) {
            super(redacted);
            this.type = redacted.originalType();
        }

        @Override
        public String getClassName() {
            return type;
        }
    }
}
