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
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
 * An item without a seal of this key passes only as one from before the line, and both of its claims must say so:
 * its source leaf is below the line's leaf <em>and</em> it was raised before the line's entry was appended. Either
 * column is the writer's choice (the runtime role may INSERT here), and a source leaf of 0 with a {@code raised_at} of
 * now once passed, so a year of forged items in one actor's day groups drew her unusual-hours accesses away from her
 * municipality's officers with this health UP. The source leaf must also hold the item's source event (one look-up per
 * such item, by primary key; items from before the seals are a set that no longer grows). Grouping, for its part,
 * joins sealed items only ({@link ReviewRules}).
 * <p>
 * Not covered: an item deleted outright with its occurrences, and items raised before their key's line (before the
 * upgrade that brought seals, or under a former signing key), which carry no seal this key can check: one forged to
 * look like them (an old {@code raised_at}, an old leaf and its event) is not found here, but collects nothing.
 */
@Component
public class ReviewQueueIntegrity implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(ReviewQueueIntegrity.class);
    private static final int MAX_PROBLEMS = 20;
    private static final int CHUNK = 1000;

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
        Optional<Line> drawn = line();
        if (drawn.isEmpty() && sequencer.isLeader()) {
            sequencer.append(Entries.internal(signer, beganEventId, Entries.REVIEW_SEALS_BEGAN, "review-item-seals", clock.instant(), null, null,
                    null, Entries.object().put("keyTag", seals.keyTag())));
            drawn = line();
        }
        // no line yet (a standby before the leader drew it): nothing is known to be after it
        Line line = drawn.orElse(new Line(Long.MAX_VALUE, Instant.MAX));
        List<String> found = new ArrayList<>();
        List<ReviewItemSeals.Item> beforeTheLine = new ArrayList<>();
        jdbc.query("SELECT " + ReviewItemSeals.COLUMNS + " FROM review_items r", (RowCallbackHandler) rs -> {
            ReviewItemSeals.Item item = ReviewItemSeals.item(rs);
            byte[] seal = ReviewItemSeals.sealOf(rs);
            if (seals.ofThisKey(seal)) {
                if (!seals.matches(seal, item)) {
                    found.add("review item " + item.id() + ": does not match its seal (a column was changed)");
                }
            } else if (item.sourceLeafIndex() > line.leafIndex()) {
                found.add("review item " + item.id() + ": raised after leaf " + line.leafIndex() + " without a seal of this key");
            } else if (!item.raisedAt().isBefore(line.at())) {
                found.add("review item " + item.id() + ": raised at " + item.raisedAt() + ", after the seals began, without a seal of this key");
            } else {
                beforeTheLine.add(item);
            }
        });
        found.addAll(notHoldingTheirSourceEvent(beforeTheLine));
        Set<String> known = new HashSet<>(problems);
        int logged = 0;
        int unlogged = 0;
        for (String problem : found) {
            if (!known.contains(problem)) {
                violations.increment();
                // one line each for the first ones: an INSERT of a million rows must not become a million log lines
                if (logged++ < MAX_PROBLEMS) {
                    log.error("Review queue integrity violation: {}", problem);
                } else {
                    unlogged++;
                }
            }
        }
        if (unlogged > 0) {
            log.error("Review queue integrity violation: {} more items, not listed one by one", unlogged);
        }
        problems = List.copyOf(found);
        checkedAt = clock.instant();
        return problems;
    }

    /**
     * The line: the leaf of the log's {@code review-seals-began} entry of this key, and when it was appended (its
     * occurred_at, which the integrity pass holds to the entry's signed bytes).
     */
    private record Line(long leafIndex, Instant at) {
    }

    private Optional<Line> line() {
        return jdbc.query("SELECT leaf_index, occurred_at FROM audit_entries WHERE event_id = ?",
                (rs, row) -> new Line(rs.getLong(1), rs.getTimestamp(2).toInstant()), beganEventId).stream().findFirst();
    }

    /** Unsealed items from before the line whose source leaf holds another event, or none: their claim is made up. */
    private List<String> notHoldingTheirSourceEvent(List<ReviewItemSeals.Item> items) {
        List<String> found = new ArrayList<>();
        for (int from = 0; from < items.size(); from += CHUNK) {
            List<ReviewItemSeals.Item> chunk = items.subList(from, Math.min(from + CHUNK, items.size()));
            jdbc.query("""
                            SELECT c.id, c.leaf FROM unnest(?::uuid[], ?::bigint[], ?::uuid[]) AS c(id, leaf, event)
                                 LEFT JOIN audit_entries e ON e.leaf_index = c.leaf
                            WHERE e.event_id IS DISTINCT FROM c.event""",
                    (RowCallbackHandler) rs -> found.add("review item " + rs.getObject(1, UUID.class) + ": without a seal of this key, "
                            + "and leaf " + rs.getLong(2) + " does not hold its source event"),
                    chunk.stream().map(ReviewItemSeals.Item::id).toArray(UUID[]::new),
                    chunk.stream().map(ReviewItemSeals.Item::sourceLeafIndex).toArray(Long[]::new),
                    chunk.stream().map(ReviewItemSeals.Item::sourceEventId).toArray(UUID[]::new));
        }
        return found;
    }

    @Override
    public Health health() {
        List<String> now = problems;
        Health.Builder health = now.isEmpty() ? Health.up() : Health.down();
        return health.withDetail("problems", now.subList(0, Math.min(now.size(), MAX_PROBLEMS))).withDetail("count", now.size())
                .withDetail("checkedAt", String.valueOf(checkedAt)).build();
    }
}
