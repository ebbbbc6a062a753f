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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

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
 * The same verdict is every reader's ({@link #unverified}): the queue's lists, reading and deciding one item
 * ({@link ReviewQueue}), the open-items gauge ({@code ReviewQueueGauges}) and the outbox ({@link OutboxPublisher}) take
 * no row that fails it. Deciding never looked at the seal: a row the runtime role inserted was listed and counted as
 * open work, announced as raised, and could be decided, which appended a genuine signed decision of a made-up item. A
 * reader that meets such a row reports it at once, as the check would (ALERT by item id, counted once per problem in
 * this process, this health DOWN until the next check no longer finds it).
 * <p>
 * Occurrences are sealed too, under a key of their own with a line of their own (Flyway V15): one the runtime role
 * wrote onto a genuine item inflated its count, its latest time and its list. {@link #occurrencesOf} is every
 * reader's verdict on them (the item view and the lists), and the check recomputes them all. An occurrence without a
 * seal of this key passes only below its key's line, and only as its leaf says: the leaf holds its event at its time,
 * by its item's actor, at or after its item's source leaf, under its item's rule.
 * <p>
 * A row inserted ahead of a genuine item under the id the sequencer would give it no longer keeps that item out:
 * new items' ids are keyed ({@link ReviewItemSeals#itemId}), and neither an item nor an occurrence is unique by its
 * rule and source event any more (V15), which let a row written ahead under the event's id, on Kafka before it is
 * appended, take the genuine one's place.
 * <p>
 * Not covered: an item deleted outright with its occurrences, and items raised before their key's line (before the
 * upgrade that brought seals, or under a former signing key), which carry no seal this key can check: one forged to
 * look like them (an old {@code raised_at}, an old leaf and its event) is not found here, but collects nothing; nor
 * an unsealed occurrence that copies one of the same actor's accesses from before the line onto an older item of hers.
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
    private final SealLine itemLine;
    private final SealLine occurrenceLine;
    private volatile List<String> problems = List.of();
    /** Problems readers met since the last check (the next check finds them again while the rows stand). */
    private final Set<String> met = ConcurrentHashMap.newKeySet();
    /** Every problem counted so far, so that each is counted and alerted once however often it is met. */
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    private volatile Instant checkedAt;

    public ReviewQueueIntegrity(ReviewItemSeals seals, JdbcTemplate jdbc, Sequencer sequencer, EventSigner signer, Clock clock,
                                MeterRegistry meters) {
        this.seals = seals;
        this.jdbc = jdbc;
        this.sequencer = sequencer;
        this.signer = signer;
        this.clock = clock;
        this.violations = se.samverkan.audit.log.LogIntegrity.violations(meters);
        this.itemLine = new SealLine("review-item-seals", seals.keyTag());
        this.occurrenceLine = new SealLine("review-item-occurrence-seals", seals.occurrenceKeyTag());
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
        Line line = itemLine.get(true);
        List<String> found = new ArrayList<>();
        List<ReviewItemSeals.Item> beforeTheLine = new ArrayList<>();
        jdbc.query("SELECT " + ReviewItemSeals.COLUMNS + " FROM review_items r", (RowCallbackHandler) rs -> {
            ReviewItemSeals.Item item = ReviewItemSeals.item(rs);
            String problem = problem(item, ReviewItemSeals.sealOf(rs), line);
            if (problem == BEFORE_THE_LINE) {
                beforeTheLine.add(item);
            } else if (problem != null) {
                found.add(problem);
            }
        });
        found.addAll(notHoldingTheirSourceEvent(beforeTheLine).values());
        found.addAll(checkOccurrences());
        report(found);
        problems = List.copyOf(found);
        met.clear();
        checkedAt = clock.instant();
        return problems;
    }

    /** An item row as it is stored, and its seal (null: none). */
    public record StoredItem(ReviewItemSeals.Item item, byte[] seal) {

        /** The row's columns as {@link ReviewItemSeals#COLUMNS} selects them, from the given first column on. */
        static StoredItem of(java.sql.ResultSet rs) throws java.sql.SQLException {
            return new StoredItem(ReviewItemSeals.item(rs), ReviewItemSeals.sealOf(rs));
        }
    }

    /**
     * The one verdict every reader of review items takes (the queue, deciding, the open-items gauge, the outbox): the
     * ids of those of these rows that are not as the sequencer wrote them, by the same rules as {@link #check}. Each is
     * reported at once (ALERT by item id, the integrity counter once per problem, this health DOWN), not only when the
     * next check comes round: the runtime role may INSERT item rows, and a reader that took one counted it as work,
     * announced it, or let an officer decide it into the log.
     */
    public Set<UUID> unverified(java.util.Collection<StoredItem> rows) {
        if (rows.isEmpty()) {
            return Set.of();
        }
        // a reader never appends the line's entry (the outbox reads in its relay's transaction): the check draws it
        Line line = itemLine.get(false);
        Map<UUID, String> found = new HashMap<>();
        List<ReviewItemSeals.Item> beforeTheLine = new ArrayList<>();
        for (StoredItem row : rows) {
            String problem = problem(row.item(), row.seal(), line);
            if (problem == BEFORE_THE_LINE) {
                beforeTheLine.add(row.item());
            } else if (problem != null) {
                found.put(row.item().id(), problem);
            }
        }
        found.putAll(notHoldingTheirSourceEvent(beforeTheLine));
        if (!found.isEmpty()) {
            report(found.values());
            met.addAll(found.values());
        }
        return found.keySet();
    }

    /** Marks an item that passes only as one from before the line, if its source leaf holds its source event. */
    private static final String BEFORE_THE_LINE = "before the line";

    /** What is wrong with one row: null when it is sealed by this key, or {@link #BEFORE_THE_LINE} to be looked up. */
    private String problem(ReviewItemSeals.Item item, byte[] seal, Line line) {
        if (seals.ofThisKey(seal)) {
            return seals.matches(seal, item) ? null : "review item " + item.id() + ": does not match its seal (a column was changed)";
        } else if (item.sourceLeafIndex() > line.leafIndex()) {
            return "review item " + item.id() + ": raised after leaf " + line.leafIndex() + " without a seal of this key";
        } else if (!item.raisedAt().isBefore(line.at())) {
            return "review item " + item.id() + ": raised at " + item.raisedAt() + ", after the seals began, without a seal of this key";
        }
        return BEFORE_THE_LINE;
    }

    /** Counts and logs the problems not reported before (by item id and kind, never a column's value). */
    private void report(java.util.Collection<String> found) {
        int logged = 0;
        int unlogged = 0;
        for (String problem : found) {
            if (reported.add(problem)) {
                violations.increment();
                // one line each for the first ones: an INSERT of a million rows must not become a million log lines
                if (logged++ < MAX_PROBLEMS) {
                    log.error("ALERT: review queue integrity violation: {}", problem);
                } else {
                    unlogged++;
                }
            }
        }
        if (unlogged > 0) {
            log.error("ALERT: review queue integrity violation: {} more items, not listed one by one", unlogged);
        }
    }

    /**
     * The line: the leaf of the log's {@code review-seals-began} entry of this key, and when it was appended (its
     * occurred_at, which the integrity pass holds to the entry's signed bytes). The leader's check draws it when it is
     * not there yet; until then (a standby before the leader drew it, the first minute of the first start with seals)
     * nothing is known to be after it, and an unsealed row passes only if its source leaf holds its source event.
     */
    private record Line(long leafIndex, Instant at) {
    }

    /** The line of one key: its {@code review-seals-began} entry, naming what it seals and the key's tag. */
    private final class SealLine {

        private final String sealed;
        private final String keyTag;
        private final UUID beganEventId;
        private volatile Line drawn;

        SealLine(String sealed, String keyTag) {
            this.sealed = sealed;
            this.keyTag = keyTag;
            this.beganEventId = UUID.nameUUIDFromBytes(("review-seals-began/" + keyTag).getBytes(StandardCharsets.UTF_8));
        }

        Line get(boolean draw) {
            Line known = drawn;
            if (known != null) {
                return known;
            }
            Optional<Line> line = stored();
            if (line.isEmpty() && draw && sequencer.isLeader()) {
                sequencer.append(Entries.internal(signer, beganEventId, Entries.REVIEW_SEALS_BEGAN, sealed, clock.instant(), null, null,
                        null, Entries.object().put("keyTag", keyTag)));
                line = stored();
            }
            // once drawn it never moves: the entry is in the log, under an id nothing else takes
            line.ifPresent(l -> drawn = l);
            return line.orElse(new Line(Long.MAX_VALUE, Instant.MAX));
        }

        private Optional<Line> stored() {
            return jdbc.query("SELECT leaf_index, occurred_at FROM audit_entries WHERE event_id = ?",
                    (rs, row) -> new Line(rs.getLong(1), rs.getTimestamp(2).toInstant()), beganEventId).stream().findFirst();
        }
    }

    /** Unsealed items from before the line whose source leaf holds another event, or none: their claim is made up. */
    private Map<UUID, String> notHoldingTheirSourceEvent(List<ReviewItemSeals.Item> items) {
        Map<UUID, String> found = new HashMap<>();
        for (int from = 0; from < items.size(); from += CHUNK) {
            List<ReviewItemSeals.Item> chunk = items.subList(from, Math.min(from + CHUNK, items.size()));
            jdbc.query("""
                            SELECT c.id, c.leaf FROM unnest(?::uuid[], ?::bigint[], ?::uuid[]) AS c(id, leaf, event)
                                 LEFT JOIN audit_entries e ON e.leaf_index = c.leaf
                            WHERE e.event_id IS DISTINCT FROM c.event""",
                    (RowCallbackHandler) rs -> found.put(rs.getObject(1, UUID.class), "review item " + rs.getObject(1, UUID.class)
                            + ": without a seal of this key, and leaf " + rs.getLong(2) + " does not hold its source event"),
                    chunk.stream().map(ReviewItemSeals.Item::id).toArray(UUID[]::new),
                    chunk.stream().map(ReviewItemSeals.Item::sourceLeafIndex).toArray(Long[]::new),
                    chunk.stream().map(ReviewItemSeals.Item::sourceEventId).toArray(UUID[]::new));
        }
        return found;
    }

    /** An occurrence row as it is stored, and its seal (null: none). */
    public record StoredOccurrence(ReviewItemSeals.Occurrence occurrence, byte[] seal) {

        static StoredOccurrence of(java.sql.ResultSet rs) throws java.sql.SQLException {
            return new StoredOccurrence(ReviewItemSeals.occurrence(rs), ReviewItemSeals.occurrenceSealOf(rs));
        }
    }

    /** What the verified occurrences of one item say: how many, the latest, and the first ones in leaf order. */
    public record Occurrences(long count, Instant last, List<ReviewItemSeals.Occurrence> first) {

        static final Occurrences NONE = new Occurrences(0, null, List.of());
    }

    /**
     * The occurrences of these items that verify, per item, with at most {@code listed} of them in leaf order; every
     * other row is reported at once and counts for nothing. The runtime role may INSERT occurrences: one it wrote onto
     * a genuine item made the item's count, latest time and list say what the item's actor never did.
     */
    public Map<UUID, Occurrences> occurrencesOf(java.util.Collection<UUID> itemIds, int listed) {
        if (itemIds.isEmpty()) {
            return Map.of();
        }
        List<StoredOccurrence> rows = jdbc.query("SELECT " + ReviewItemSeals.OCCURRENCE_COLUMNS + " FROM review_item_occurrences o "
                        + "WHERE o.review_item_id = ANY (?) ORDER BY o.review_item_id, o.source_leaf_index",
                (rs, row) -> StoredOccurrence.of(rs), (Object) itemIds.toArray(UUID[]::new));
        Map<StoredOccurrence, String> found = unverifiedOccurrences(rows, occurrenceLine.get(false));
        if (!found.isEmpty()) {
            report(found.values());
            met.addAll(found.values());
        }
        Map<UUID, Occurrences> byItem = new HashMap<>();
        for (StoredOccurrence row : rows) {
            if (found.containsKey(row)) {
                continue;
            }
            ReviewItemSeals.Occurrence o = row.occurrence();
            Occurrences was = byItem.getOrDefault(o.itemId(), Occurrences.NONE);
            List<ReviewItemSeals.Occurrence> first = was.first();
            if (first.size() < listed) {
                first = new ArrayList<>(first);
                first.add(o);
            }
            Instant last = was.last() == null || o.occurredAt().isAfter(was.last()) ? o.occurredAt() : was.last();
            byItem.put(o.itemId(), new Occurrences(was.count() + 1, last, first));
        }
        return byItem;
    }

    /** Occurrence rows read at a time by the check. */
    private static final int OCCURRENCE_PAGE = 5000;

    /** Every occurrence row, a page at a time in key order; returns the problems. */
    private List<String> checkOccurrences() {
        Line line = occurrenceLine.get(true);
        List<String> found = new ArrayList<>();
        UUID afterItem = new UUID(0, 0);
        long afterLeaf = Long.MIN_VALUE;
        while (true) {
            List<StoredOccurrence> page = jdbc.query("SELECT " + ReviewItemSeals.OCCURRENCE_COLUMNS + " FROM review_item_occurrences o "
                            + "WHERE (o.review_item_id, o.source_leaf_index) > (?, ?) ORDER BY o.review_item_id, o.source_leaf_index LIMIT ?",
                    (rs, row) -> StoredOccurrence.of(rs), afterItem, afterLeaf, OCCURRENCE_PAGE);
            found.addAll(unverifiedOccurrences(page, line).values());
            if (page.size() < OCCURRENCE_PAGE) {
                return found;
            }
            afterItem = page.getLast().occurrence().itemId();
            afterLeaf = page.getLast().occurrence().sourceLeafIndex();
        }
    }

    /**
     * The rows of these that are not occurrences the sequencer wrote, and what is wrong with each. A row without a
     * seal of this key passes only below the key's line and only as its leaf says: the leaf holds its event, at its
     * time, by its item's actor, at or after its item's source leaf, under its item's rule (occurrences from before the
     * upgrade; an occurrence of a grouped item is one of its actor's accesses). Occurrences of an item are never
     * before it, and a forged one claiming another actor's access, or another time, does not pass.
     */
    private Map<StoredOccurrence, String> unverifiedOccurrences(List<StoredOccurrence> rows, Line line) {
        Map<StoredOccurrence, String> found = new java.util.IdentityHashMap<>();
        List<StoredOccurrence> beforeTheLine = new ArrayList<>();
        for (StoredOccurrence row : rows) {
            ReviewItemSeals.Occurrence o = row.occurrence();
            String named = "review item " + o.itemId() + ": occurrence at leaf " + o.sourceLeafIndex();
            if (seals.occurrenceOfThisKey(row.seal())) {
                if (!seals.matches(row.seal(), o)) {
                    found.put(row, named + ": does not match its seal (a column was changed, or it was not written by this service)");
                }
            } else if (o.sourceLeafIndex() >= line.leafIndex()) {
                found.put(row, named + ": after leaf " + line.leafIndex() + " without a seal of this key");
            } else {
                beforeTheLine.add(row);
            }
        }
        for (int from = 0; from < beforeTheLine.size(); from += CHUNK) {
            List<StoredOccurrence> chunk = beforeTheLine.subList(from, Math.min(from + CHUNK, beforeTheLine.size()));
            Set<Integer> bad = new java.util.HashSet<>();
            jdbc.query("""
                            SELECT c.n FROM unnest(?::int[], ?::uuid[], ?::bigint[], ?::uuid[], ?::text[], ?::text[])
                                     AS c(n, item, leaf, event, rule, at)
                                 LEFT JOIN audit_entries e ON e.leaf_index = c.leaf
                                 LEFT JOIN review_items r ON r.id = c.item
                            WHERE e.event_id IS DISTINCT FROM c.event OR r.id IS NULL OR r.rule IS DISTINCT FROM c.rule
                               OR e.actor_id IS DISTINCT FROM r.actor_id OR c.leaf < r.source_leaf_index
                               OR abs(extract(epoch FROM e.occurred_at - c.at::timestamptz)) > 0.001""",
                    (RowCallbackHandler) rs -> bad.add(rs.getInt(1)),
                    java.util.stream.IntStream.range(0, chunk.size()).boxed().toArray(Integer[]::new),
                    chunk.stream().map(row -> row.occurrence().itemId()).toArray(UUID[]::new),
                    chunk.stream().map(row -> row.occurrence().sourceLeafIndex()).toArray(Long[]::new),
                    chunk.stream().map(row -> row.occurrence().sourceEventId()).toArray(UUID[]::new),
                    chunk.stream().map(row -> row.occurrence().rule()).toArray(String[]::new),
                    chunk.stream().map(row -> row.occurrence().occurredAt().toString()).toArray(String[]::new));
            for (int n : bad) {
                ReviewItemSeals.Occurrence o = chunk.get(n).occurrence();
                found.put(chunk.get(n), "review item " + o.itemId() + ": occurrence at leaf " + o.sourceLeafIndex()
                        + ": without a seal of this key, and its leaf does not hold it as its item's");
            }
        }
        return found;
    }

    @Override
    public Health health() {
        List<String> now = new ArrayList<>(problems);
        met.stream().filter(problem -> !now.contains(problem)).forEach(now::add);
        Health.Builder health = now.isEmpty() ? Health.up() : Health.down();
        return health.withDetail("problems", now.subList(0, Math.min(now.size(), MAX_PROBLEMS))).withDetail("count", now.size())
                .withDetail("checkedAt", String.valueOf(checkedAt)).build();
    }
}
