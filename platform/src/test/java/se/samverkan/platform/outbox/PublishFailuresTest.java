package se.samverkan.platform.outbox;

import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.KafkaException;

import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

class PublishFailuresTest {

    @Test
    void aRecordTooLargeDeepInTheCauseChainCanNeverBeSent() {
        Exception failure = new ExecutionException(new KafkaException("send failed", new RecordTooLargeException("1.3 MB")));

        assertThat(PublishFailures.isPermanent(failure)).isTrue();
        assertThat(PublishFailures.reason(failure)).isEqualTo("RecordTooLargeException");
    }

    @Test
    void serialisationAndContractViolationsCanNeverBeSentEither() {
        assertThat(PublishFailures.isPermanent(new SerializationException("x"))).isTrue();
        assertThat(PublishFailures.reason(new IllegalStateException(new PublishFailures.ContractViolation("t", 1))))
                .isEqualTo("ContractViolation");
    }

    @Test
    void aBrokerThatDoesNotAnswerIsRetried() {
        Exception failure = new ExecutionException(new KafkaException("send failed", new TimeoutException("no leader")));

        assertThat(PublishFailures.isPermanent(failure)).isFalse();
        assertThat(PublishFailures.isPermanent(new java.util.concurrent.TimeoutException())).isFalse();
    }
}
