package se.samverkan.audit.review;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import se.samverkan.audit.log.Entries;
import se.samverkan.audit.log.Sequencer;
import se.samverkan.contracts.signing.EventSigner;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * A review item is derived from the log but kept in a table of its own, which a database superuser can edit: move an
 * item to another municipality's queue (that municipality's officers are told, the owner's never see it), change its
 * rule, case or actor. The sequencer writes each item with a seal ({@link ReviewItemSeals}); every
 * {@code samverkan.audit.review.seal-check-every} (1 min) this recomputes them. An item that does not match its seal,
 * or that has no seal of this key although it was raised after this key's line (the log's {@code review-seals-began} entry of
 * the key, appended once by the leader: nothing in the database can move that line), turns this indicator DOWN,
 * counts in {@code samverkan.audit.integrity.violations} (the integrity alert) and is logged by id.
 * <p>
 * Not covered: an item deleted outright with its occurrences, and items raised before their key's line (before the
 * upgrade that brought seals, or under a former signing key), which carry no seal this key can check.
 */
@Component
public class ReviewQueueIntegrity implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(ReviewQueueIntegrity.class);
    private static final int MAX_PROBLEMS = 20;

    private final ReviewItemSeals seals;
    private final JdbcTemplate jdbc;
    private final Sequencer sequencer;
    private final EventSigner signer;
    private final Clock clock;
    private final Counter violations;
    private final UUID beganEventId;
    private volatile List<String> problems = List.of();
    private volatile Instant checkedAt;

    public ReviewQueueIntegrity(ReviewItemSeals seals, JdbcTemplate jdbc, Sequencer sequencer, EventSigner signer, Clock clock,
                                MeterRegistry meters) {
        this.seals = seals;
        this.jdbc = jdbc;
        this.sequencer = sequencer;
        this.signer = signer;
        this.clock = clock;
        this.violations = se.samverkan.audit.log.LogIntegrity.violations(meters);
        this.beganEventId = UUID.nameUUIDFromBytes(("review-seals-began/" + seals.keyTag()).getBytes(StandardCharsets.UTF_8));
    }

    @Scheduled(fixedDelayString = "${samverkan.audit.review.seal-check-every:1m}",
            initialDelayString = "${samverkan.audit.review.seal-check-every:1m}")
    public void scheduledCheck() {
        try {
            check();
        } catch (RuntimeException e) {
            log.warn("Review item seals could not be checked, will retry: {}", e.getClass().getSimpleName());
        }
    }

    /** Checks every item's seal now; returns the problems found (item ids and the kind of change only). */
    public synchronized List<String> check() {
        OptionalLong line = line();
        if (line.isEmpty() && sequencer.isLeader()) {
            sequencer.append(Entries.internal(signer, beganEventId, Entries.REVIEW_SEALS_BEGAN, "review-item-seals", clock.instant(), null, null,
                    null, Entries.object().put("keyTag", seals.keyTag())));
            line = line();
        }
        long after = line.orElse(Long.MAX_VALUE);
        List<String> found = new ArrayList<>();
        jdbc.query("""
                SELECT id, rule, case_id, owning_unit, municipality, actor_id, source_event_id, source_leaf_index, detail,
                       raised_at, group_key, seal
                FROM review_items""", (RowCallbackHandler) rs -> {
            ReviewItemSeals.Item item = new ReviewItemSeals.Item(rs.getObject(1, UUID.class), rs.getString(2),
                    rs.getObject(3, UUID.class), rs.getString(4), rs.getString(5), rs.getString(6), rs.getObject(7, UUID.class),
                    rs.getLong(8), rs.getString(9), rs.getTimestamp(10).toInstant(), rs.getString(11));
            byte[] seal = rs.getBytes(12);
            if (seals.ofThisKey(seal)) {
                if (!seals.matches(seal, item)) {
                    found.add("review item " + item.id() + ": does not match its seal (a column was changed)");
                }
            } else if (item.sourceLeafIndex() > after) {
                found.add("review item " + item.id() + ": raised after leaf " + after + " without a seal of this key");
            }
        });
        for (String problem : found) {
            if (!problems.contains(problem)) {
                log.error("Review queue integrity violation: {}", problem);
                violations.increment();
            }
        }
        problems = List.copyOf(found);
        checkedAt = clock.instant();
        return problems;
    }

    private OptionalLong line() {
        List<Long> leaves = jdbc.queryForList("SELECT leaf_index FROM audit_entries WHERE event_id = ?", Long.class, beganEventId);
        return leaves.isEmpty() ? OptionalLong.empty() : OptionalLong.of(leaves.getFirst());
    }

    @Override
    public Health health() {
        List<String> now = problems;
        Health.Builder health = now.isEmpty() ? Health.up() : Health.down();
        return health.withDetail("problems", now.subList(0, Math.min(now.size(), MAX_PROBLEMS)))
                .withDetail("checkedAt", String.valueOf(checkedAt)).build();
    }
}
