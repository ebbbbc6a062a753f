package se.samverkan.cases.retention;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.samverkan.cases.config.CaseServiceProperties;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import se.samverkan.cases.effects.EffectFactProjection;
import se.samverkan.cases.effects.EffectPseudonyms;
import se.samverkan.cases.support.IntegrationTest;
import se.samverkan.cases.support.MovableClock;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static se.samverkan.cases.effects.EffectsIT.FIGURES;
import static se.samverkan.cases.effects.EffectsIT.ZONE;
import static se.samverkan.cases.effects.EffectsIT.figure;
import static se.samverkan.cases.effects.EffectsIT.personnummer;
import static se.samverkan.cases.effects.EffectsIT.shown;
import static se.samverkan.platform.test.TestUser.ANALYST;
import static se.samverkan.platform.test.TestUser.SOCIAL_WORKER;

/**
 * Issue 15 item 4: the effect figures survive gallring. Retention clears the cases of a cohort; their per-person facts
 * are folded into aggregates (no pseudonym) and deleted, and the figures read exactly as before.
 */
class GallringEffectsIT extends IntegrationTest {

    @Autowired
    MovableClock clock;

    @Autowired
    Retention retention;

    @Autowired
    CaseServiceProperties properties;

    @Autowired
    EventProcessingConfiguration processing;

    @AfterEach
    void backToToday() {
        clock.reset();
    }

    private void on(LocalDate day) {
        clock.moveForward(Duration.between(Instant.now(), day.atTime(12, 0).atZone(ZONE).toInstant()));
    }

    private void ok(Response response) {
        assertThat(response.status()).as(response.body()).isBetween(200, 201);
    }

    private JsonNode figures(String query) {
        Response response = get(ANALYST, FIGURES + query);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    /** Six youths of April 2019, their cases closed; retention clears them and the figures stay exactly the same. */
    @Test
    void theFiguresSurviveGallringAsAggregatesAndThePerPersonFactsGo() {
        LocalDate start = LocalDate.of(2019, 4, 10);
        on(start);
        List<UUID> cases = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String pnr = personnummer();
            Response opened = post(SOCIAL_WORKER, "/api/cases", """
                    {"program":"RAPID_INTERVENTION","subject":{"personalIdentityNumber":"%s","name":"Gallrad Effektsson",
                     "dateOfBirth":"%s"},"team":["%s"]}""".formatted(pnr, LocalDate.parse(pnr.substring(0, 8),
                    DateTimeFormatter.BASIC_ISO_DATE), SOCIAL_WORKER.id()));
            assertThat(opened.status()).as(opened.body()).isEqualTo(201);
            cases.add(opened.uuid("caseId"));
        }
        on(start.plusDays(3));
        for (int i = 0; i < 6; i++) {
            ok(post(SOCIAL_WORKER, "/api/cases/" + cases.get(i) + "/family-contacts", "{\"on\":\"" + start.plusDays(i % 2 == 0 ? 1 : 3) + "\"}"));
        }
        on(start.plusDays(30));
        for (UUID caseId : cases) {
            ok(post(SOCIAL_WORKER, "/api/cases/" + caseId + "/closure", "{\"outcome\":\"GOALS_MET\"}"));
        }
        clock.reset();
        await().atMost(Duration.ofSeconds(60)).until(() -> cases.stream().allMatch(c -> jdbc.sql(
                "SELECT count(*) FROM case_summary WHERE case_id = ? AND closed_at IS NOT NULL").param(c).query(Integer.class).single() == 1));
        await("the 2019-Q2 cohort in the figures").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(shown(figure(figures("?from=2019-Q2&to=2019-Q2"), "2019-Q2", "FAMILY_CONTACT_MEDIAN_DAYS"))).isEqualTo("2"));
        JsonNode before = figures("?from=2019-Q2&to=2019-Q2").get("rows");
        assertThat(shown(figure(figures("?from=2019-Q2&to=2019-Q2"), "2019-Q2", "PEOPLE"))).isEqualTo("6");

        EffectPseudonyms pseudonyms = new EffectPseudonyms(java.util.Base64.getDecoder().decode(properties.subjectPseudonymKey()));
        List<String> keys = cases.stream().map(c -> pseudonyms.caseKey(c.toString())).toList();
        assertThat(keys).allMatch(k -> jdbc.sql("SELECT count(*) FROM effect_fact WHERE case_key = ?").param(k).query(Integer.class).single() > 0);

        Retention.Outcome outcome = retention.clearDue(today(), item -> cases.contains(item.caseId()));
        assertThat(outcome.casesCleared()).isEqualTo(6);

        await("folded and deleted").atMost(Duration.ofSeconds(60)).until(() -> keys.stream().allMatch(k ->
                jdbc.sql("SELECT count(*) FROM effect_case WHERE case_key = ?").param(k).query(Integer.class).single() == 0));
        assertThat(keys).allMatch(k -> jdbc.sql("SELECT count(*) FROM effect_fact WHERE case_key = ?").param(k).query(Integer.class).single() == 0);
        assertThat(jdbc.sql("""
                        SELECT people FROM effect_folded WHERE municipality = '0136' AND program = 'RAPID_INTERVENTION'
                        AND cohort_month = '2019-04-01' AND concern_group = 'NOT_RECORDED' AND measure = 'PEOPLE'""")
                .query(Integer.class).single()).isEqualTo(6);
        assertThat(jdbc.sql("""
                        SELECT value || '=' || people FROM effect_folded WHERE cohort_month = '2019-04-01' AND measure = 'FAMILY_CONTACT_DAYS'
                        ORDER BY value""").query(String.class).list()).containsExactly("1=3", "3=3");
        assertThat(figures("?from=2019-Q2&to=2019-Q2").get("rows")).as("the same figures from the aggregates").isEqualTo(before);
        assertThat(get(SOCIAL_WORKER, "/api/cases/" + cases.getFirst()).json().get("personalDataCleared").asBoolean()).isTrue();

        // the store is disposable: a replay of the event store rebuilds the facts and folds the cleared cases again
        StreamingEventProcessor processor = processing.eventProcessor(EffectFactProjection.PROCESSING_GROUP,
                StreamingEventProcessor.class).orElseThrow();
        processor.shutDown();
        processor.resetTokens();
        assertThat(jdbc.sql("SELECT count(*) FROM effect_folded").query(Integer.class).single()).isZero();
        processor.start();
        await("replayed up to the clearing").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() ->
                jdbc.sql("""
                        SELECT coalesce(sum(people), 0) FROM effect_folded WHERE cohort_month = '2019-04-01' AND measure = 'PEOPLE'""")
                        .query(Integer.class).single() == 6);
        assertThat(keys).allMatch(k -> jdbc.sql("SELECT count(*) FROM effect_case WHERE case_key = ?").param(k).query(Integer.class).single() == 0);
        assertThat(figures("?from=2019-Q2&to=2019-Q2").get("rows")).isEqualTo(before);
    }

}
