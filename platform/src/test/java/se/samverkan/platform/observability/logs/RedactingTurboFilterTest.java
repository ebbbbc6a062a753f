package se.samverkan.platform.observability.logs;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

class RedactingTurboFilterTest {

    private static final String PERSONNUMMER = "20100315-9124";

    private final LoggerContext context = new LoggerContext();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private Logger logger;

    @BeforeEach
    void logging() {
        appender.setContext(context);
        appender.start();
        logger = context.getLogger("test");
        logger.setLevel(Level.INFO);
        logger.addAppender(appender);
        RedactingTurboFilter filter = new RedactingTurboFilter();
        filter.setContext(context);
        filter.start();
        context.addTurboFilter(filter);
    }

    @Test
    void a_failure_is_logged_with_its_types_and_frames_and_without_the_values_its_messages_quote() {
        SQLException refused = new SQLException("ERROR: invalid input syntax for type date: \"" + PERSONNUMMER + "\"", "22007");
        IllegalStateException wrapper = new IllegalStateException("could not open case for " + PERSONNUMMER, refused);
        wrapper.addSuppressed(new IllegalArgumentException("Anna Testsson"));

        logger.error("Unexpected error, incident {}", "inc-1", wrapper);

        assertThat(appender.list).hasSize(1);
        ILoggingEvent event = appender.list.getFirst();
        assertThat(event.getFormattedMessage()).isEqualTo("Unexpected error, incident inc-1");
        assertThat(event.getThrowableProxy().getClassName()).isEqualTo("java.lang.IllegalStateException");
        assertThat(event.getThrowableProxy().getCause().getStackTraceElementProxyArray()).hasSize(refused.getStackTrace().length);

        String line = render(event);
        assertThat(line).doesNotContain(PERSONNUMMER).doesNotContain("Anna Testsson")
                .contains("java.lang.IllegalStateException: (message withheld)")
                .contains("Caused by: java.sql.SQLException: (message withheld; SQLState 22007)")
                .contains("Suppressed: java.lang.IllegalArgumentException: (message withheld)")
                .contains("at " + getClass().getName() + ".a_failure_is_logged_with_its_types_and_frames");
    }

    @Test
    void messages_about_a_peer_are_kept_and_a_deserializer_that_quotes_the_record_is_not() {
        logger.warn("connecting", new ConnectException("Connection refused: 127.0.0.1:55432"));
        logger.warn("pool", new SQLTransientConnectionException("HikariPool-1 - Connection is not available, request timed out after 2000ms"));
        logger.warn("broker", new TimeoutException("Topic samverkan.case.events not present in metadata after 60000 ms."));
        logger.warn("db down", new SQLException("FATAL: terminating connection due to administrator command", "57P01"));
        logger.warn("poison", new RecordDeserializationException(RecordDeserializationException.DeserializationExceptionOrigin.VALUE,
                new TopicPartition("samverkan.case.events", 0), 7, 0L, TimestampType.CREATE_TIME, null,
                ByteBuffer.wrap(PERSONNUMMER.getBytes()), null, "Can't deserialize data [" + PERSONNUMMER + "]", null));

        assertThat(appender.list).extracting(this::render).satisfiesExactly(
                l -> assertThat(l).contains("java.net.ConnectException: Connection refused: 127.0.0.1:55432"),
                l -> assertThat(l).contains("request timed out after 2000ms"),
                l -> assertThat(l).contains("not present in metadata after 60000 ms"),
                l -> assertThat(l).contains("terminating connection due to administrator command"),
                l -> assertThat(l).doesNotContain(PERSONNUMMER).contains("RecordDeserializationException: (message withheld)"));
    }

    @Test
    void what_is_not_logged_is_not_written_and_a_cause_that_loops_ends() {
        logger.debug("below the level", new IllegalStateException(PERSONNUMMER));
        assertThat(appender.list).isEmpty();

        IllegalStateException first = new IllegalStateException(PERSONNUMMER);
        IllegalArgumentException second = new IllegalArgumentException(PERSONNUMMER, first);
        first.initCause(second);
        logger.error("loop", first);

        assertThat(appender.list).singleElement().extracting(this::render).asString()
                .doesNotContain(PERSONNUMMER).contains("Caused by: java.lang.IllegalArgumentException");
    }

    @Test
    void a_failure_that_cannot_be_copied_is_left_out_and_the_line_still_written() {
        RuntimeException unreadable = new IllegalStateException(PERSONNUMMER) {
            @Override
            public StackTraceElement[] getStackTrace() {
                throw new UnsupportedOperationException("no frames");
            }
        };

        logger.error("failed", unreadable);

        assertThat(appender.list).singleElement().extracting(this::render).asString()
                .doesNotContain(PERSONNUMMER).contains("failed").contains("could not be redacted");
    }

    @Test
    void a_log_line_without_a_failure_is_left_as_it_was() {
        logger.info("case {} opened by {}", "c-1", "anna");
        assertThat(appender.list).singleElement().extracting(ILoggingEvent::getFormattedMessage).isEqualTo("case c-1 opened by anna");
    }

    private String render(ILoggingEvent event) {
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.setPattern("%m%n%ex");
        layout.start();
        return layout.doLayout(event);
    }
}
