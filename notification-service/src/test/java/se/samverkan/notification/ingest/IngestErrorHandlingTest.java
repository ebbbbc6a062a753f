package se.samverkan.notification.ingest;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.util.backoff.BackOffExecution;
import se.samverkan.contracts.MalformedEventException;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class IngestErrorHandlingTest {

    @Test
    void anUnreachableDatabaseIsWaitedOutNotDeadLettered() {
        assertThat(IngestErrorHandling.databaseUnavailable(new ListenerExecutionFailedException("listener failed",
                new CannotCreateTransactionException("no connection", new CannotGetJdbcConnectionException("refused",
                        new SQLException("Connection refused")))))).isTrue();
        assertThat(IngestErrorHandling.databaseUnavailable(new QueryTimeoutException("slow"))).isTrue();

        BackOffExecution waiting = IngestErrorHandling.untilTheDatabaseIsBack().start();
        long last = 0;
        for (int attempt = 0; attempt < 1_000; attempt++) {
            last = waiting.nextBackOff();
            assertThat(last).as("never gives up").isNotEqualTo(BackOffExecution.STOP);
        }
        assertThat(last).isEqualTo(30_000);
    }

    @Test
    void otherFailuresKeepTheLimitedRetriesAndPoisonIsNotOneOfThem() {
        assertThat(IngestErrorHandling.databaseUnavailable(new DataIntegrityViolationException("bug"))).isFalse();
        assertThat(IngestErrorHandling.databaseUnavailable(new MalformedEventException("not a CloudEvent"))).isFalse();

        BackOffExecution limited = IngestErrorHandling.limitedBackOff(3).start();
        assertThat(limited.nextBackOff()).isEqualTo(200);
        assertThat(limited.nextBackOff()).isEqualTo(400);
        assertThat(limited.nextBackOff()).isEqualTo(800);
        assertThat(limited.nextBackOff()).isEqualTo(BackOffExecution.STOP);
    }
}
