package se.samverkan.platform.kafka;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.util.backoff.BackOffExecution;
import se.samverkan.platform.problem.DatabaseUnavailable;
import se.samverkan.contracts.MalformedEventException;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class ConsumerErrorHandlingTest {

    @Test
    void anUnreachableDatabaseIsWaitedOutNotDeadLettered() {
        assertThat(DatabaseUnavailable.causedBy(new ListenerExecutionFailedException("listener failed",
                new CannotCreateTransactionException("no connection", new CannotGetJdbcConnectionException("refused",
                        new SQLException("Connection refused")))))).isTrue();
        assertThat(DatabaseUnavailable.causedBy(new QueryTimeoutException("slow"))).isTrue();

        BackOffExecution waiting = ConsumerErrorHandling.untilTheDatabaseIsBack().start();
        long last = 0;
        for (int attempt = 0; attempt < 1_000; attempt++) {
            last = waiting.nextBackOff();
            assertThat(last).as("never gives up").isNotEqualTo(BackOffExecution.STOP);
        }
        assertThat(last).isEqualTo(30_000);
    }

    @Test
    void otherFailuresKeepTheLimitedRetriesAndPoisonIsNotOneOfThem() {
        assertThat(DatabaseUnavailable.causedBy(new DataIntegrityViolationException("bug"))).isFalse();
        assertThat(DatabaseUnavailable.causedBy(new MalformedEventException("not a CloudEvent"))).isFalse();

        BackOffExecution limited = ConsumerErrorHandling.limitedBackOff(3).start();
        assertThat(limited.nextBackOff()).isEqualTo(200);
        assertThat(limited.nextBackOff()).isEqualTo(400);
        assertThat(limited.nextBackOff()).isEqualTo(800);
        assertThat(limited.nextBackOff()).isEqualTo(BackOffExecution.STOP);
    }

    @Test
    void aBatchListenersFailedRecordIsDeadLetteredWithItsRealFailure() {
        MalformedEventException poison = new MalformedEventException("not a CloudEvent");
        Exception thrown = new ListenerExecutionFailedException("listener failed",
                new BatchListenerFailedException("record 2 of the poll was refused", poison, 2));

        Exception recorded = ConsumerErrorHandling.asRecordFailure(thrown);

        assertThat(recorded).isInstanceOf(ListenerExecutionFailedException.class).hasCause(poison);
        assertThat(ConsumerErrorHandling.asRecordFailure(new ListenerExecutionFailedException("record listener", poison)))
                .as("a record listener's failure is passed on as it is").hasCause(poison);
    }
}
