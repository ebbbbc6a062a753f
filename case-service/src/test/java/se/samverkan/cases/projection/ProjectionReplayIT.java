package se.samverkan.cases.projection;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.samverkan.cases.support.IntegrationTest;
import se.samverkan.platform.test.TestUser;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The lists are disposable: resetting their processor empties them and a replay of the event store rebuilds them. */
class ProjectionReplayIT extends IntegrationTest {

    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void resettingTheProcessorRebuildsTheListsFromTheEventStore() {
        UUID caseId = openCase(TestUser.SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        assertThat(post(TestUser.SOCIAL_WORKER, "/api/cases/" + caseId + "/phase-changes", "{\"phase\":\"PRELIMINARY_ASSESSMENT\"}").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> "PRELIMINARY_ASSESSMENT".equals(phase(caseId)));

        StreamingEventProcessor processor = processing.eventProcessor(CaseSummaryProjection.PROCESSING_GROUP, StreamingEventProcessor.class)
                .orElseThrow();
        processor.shutDown();
        processor.resetTokens();
        assertThat(jdbc.sql("SELECT count(*) FROM case_summary").query(Integer.class).single()).isZero();
        processor.start();

        long current = Long.parseLong(get(TestUser.SOCIAL_WORKER, "/api/cases/" + caseId).header("ETag").replace("\"", ""));
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql("SELECT version FROM case_summary WHERE case_id = ?")
                .param(caseId).query(Long.class).optional().orElse(-1L) == current);
        assertThat(phase(caseId)).isEqualTo("PRELIMINARY_ASSESSMENT");
        assertThat(jdbc.sql("SELECT count(*) FROM case_deadline WHERE case_id = ?").param(caseId).query(Integer.class).single()).isEqualTo(2);
    }

    private String phase(UUID caseId) {
        return jdbc.sql("SELECT phase FROM case_summary WHERE case_id = ?").param(caseId).query(String.class).optional().orElse(null);
    }
}
