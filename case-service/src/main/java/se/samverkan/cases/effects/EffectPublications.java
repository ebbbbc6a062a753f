package se.samverkan.cases.effects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import se.samverkan.cases.effects.EffectFigures.FiguresView;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.ContractSchemas;
import se.samverkan.contracts.EventTypes;
import se.samverkan.contracts.Topics;
import se.samverkan.contracts.effects.EffectFiguresPublished;
import se.samverkan.platform.kafka.CloudEventPublisher;

import java.sql.Date;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The monthly event (issue 15): for every municipality with cohort cases, once per month, the figures as of the first
 * day after the month ({@code se.samverkan.case.effect-figures-published.v1}, aggregates only). Frozen in
 * {@code effect_publication} when made (one per municipality and month, whichever instance makes it first) and sent
 * after, signed like everything this service publishes; a crash between the two re-sends the same event. A month
 * missed while the service was down is made at the next run, as of the same day, so figures never depend on when the
 * publisher happened to run.
 */
@Component
public class EffectPublications {

    private static final Logger log = LoggerFactory.getLogger(EffectPublications.class);
    private static final String TYPE = EventTypes.of(EffectFiguresPublished.class).type();

    private final EffectFacts facts;
    private final EffectFigures figures;
    private final EffectsProperties properties;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final CloudEventPublisher publisher;
    private final CloudEventCodec codec;
    private final Clock clock;

    public EffectPublications(EffectFacts facts, EffectFigures figures, EffectsProperties properties, JdbcClient jdbc,
                              TransactionTemplate transactions, CloudEventPublisher publisher, CloudEventCodec codec, Clock clock) {
        this.facts = facts;
        this.figures = figures;
        this.properties = properties;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.publisher = publisher;
        this.codec = codec;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${samverkan.cases.effects.publication-interval:1h}",
            initialDelayString = "${samverkan.cases.effects.publication-initial-delay:1m}")
    public void run() {
        if (!properties.publicationEnabled()) {
            return;
        }
        try {
            publishDue(LocalDate.now(clock));
        } catch (RuntimeException e) {
            log.warn("Effect figures not published yet, will retry: {}", e.getClass().getSimpleName());
        }
    }

    /** Makes the publication of the month before {@code today} wherever it is missing, then sends every unsent one. */
    public int publishDue(LocalDate today) {
        YearMonth month = YearMonth.from(today).minusMonths(1);
        for (String municipality : facts.municipalities()) {
            freeze(municipality, month);
        }
        return sendPending();
    }

    /** @return the publication of the municipality and month, made now unless it already was */
    public UUID freeze(String municipality, YearMonth month) {
        Optional<UUID> existing = existing(municipality, month);
        if (existing.isPresent()) {
            return existing.get();
        }
        LocalDate asOf = month.plusMonths(1).atDay(1);
        FiguresView view = figures.forPublication(municipality, asOf);
        Instant now = clock.instant();
        UUID id = UUID.randomUUID();
        EffectFiguresPublished event = new EffectFiguresPublished(id, municipality, month.toString(), asOf, view.periodLength(),
                view.suppressionThreshold(), view.targets(), view.rows(), now);
        CloudEvent cloudEvent = codec.wrap(id, now, event);
        List<String> violations = ContractSchemas.producerViolations(TYPE, cloudEvent.data());
        if (!violations.isEmpty()) {
            throw new IllegalStateException("the effect figures of " + municipality + " for " + month + " break their contract in "
                    + violations.size() + " place(s)");
        }
        transactions.executeWithoutResult(status -> jdbc.sql("""
                        INSERT INTO effect_publication (municipality, month, publication_id, cloud_event, issued_at)
                        VALUES (?, ?, ?, ?, ?) ON CONFLICT (municipality, month) DO NOTHING""")
                .params(municipality, Date.valueOf(month.atDay(1)), id, CloudEventCodec.toBytes(cloudEvent), java.sql.Timestamp.from(now))
                .update());
        UUID kept = existing(municipality, month).orElseThrow();
        if (kept.equals(id)) {
            log.info("Effect figures of {} for {} made: {} row(s)", municipality, month, view.rows().size());
        }
        return kept;
    }

    private Optional<UUID> existing(String municipality, YearMonth month) {
        return jdbc.sql("SELECT publication_id FROM effect_publication WHERE municipality = ? AND month = ?")
                .params(municipality, Date.valueOf(month.atDay(1))).query(UUID.class).optional();
    }

    /** @return how many publications this call sent */
    public int sendPending() {
        int sent = 0;
        while (Boolean.TRUE.equals(transactions.execute(status -> sendNext()))) {
            sent++;
        }
        return sent;
    }

    private boolean sendNext() {
        record Pending(String municipality, LocalDate month, byte[] cloudEvent) {
        }
        Optional<Pending> next = jdbc.sql("""
                        SELECT municipality, month, cloud_event FROM effect_publication WHERE published_at IS NULL
                        ORDER BY month, municipality LIMIT 1 FOR UPDATE SKIP LOCKED""")
                .query((rs, n) -> new Pending(rs.getString(1), rs.getDate(2).toLocalDate(), rs.getBytes(3)))
                .optional();
        if (next.isEmpty()) {
            return false;
        }
        try {
            publisher.publish(Topics.CASE_EVENTS, CloudEventCodec.fromBytes(next.get().cloudEvent())).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending effect figures", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge the effect figures of " + next.get().municipality()
                    + " for " + YearMonth.from(next.get().month()), e);
        }
        jdbc.sql("UPDATE effect_publication SET published_at = now() WHERE municipality = ? AND month = ?")
                .params(next.get().municipality(), Date.valueOf(next.get().month())).update();
        return true;
    }
}
