package se.samverkan.audit.review;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import se.samverkan.audit.compliance.MunicipalityScope;
import se.samverkan.audit.log.AppendResult;
import se.samverkan.audit.log.DistrustedLeaves;
import se.samverkan.audit.log.Entries;
import se.samverkan.audit.log.LogIntegrity;
import se.samverkan.audit.log.LogUnavailableException;
import se.samverkan.audit.log.PendingEntry;
import se.samverkan.audit.log.Sequencer;
import se.samverkan.platform.identity.Actor;
import se.samverkan.platform.problem.ClientProblem;
import tools.jackson.databind.JsonNode;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

@Service
public class ReviewQueue {

    public enum Status { OPEN, REVIEWED, ALL }

    /**
     * An item is decided when the log holds its decision: the review-decided entry whose reference is the item, found
     * by columns the integrity check holds to the entry's signed bytes. Not {@code review_decisions}, which the runtime
     * role may insert into: a row there pointing at any entry once took an item out of the open queue, with that
     * entry's actor shown as the one who decided, and no decision in the log. (The table is still written, by the
     * sequencer in leaf order, and read by the grouping rules alone, for which a row there only means that later
     * occurrences open a new item instead of joining an old one: a forged row hides nothing.)
     * <p>
     * Nor a row the log does not vouch for ({@link LogIntegrity#distrusted}): the runtime role may INSERT into
     * audit_entries too, and a copied entry made a decision of the item, with a correct leaf hash, read as the decision
     * until an operator removed it, although the sequencer had refused to sign over it and the health named it. So a
     * decision at or after the leaf the sequencer refused, or in a row the integrity pass found not to be what was
     * signed, decides nothing, and the item stays open. What the log found is in memory, so after a restart no
     * decision counts beyond the leaves this process has checked, until it has checked them all once; except, for one
     * item read or decided, its own decisions, proven one by one ({@link LogIntegrity#distrustedAmong}), so that
     * deciding does not wait for the first pass over a large log.
     */
    private static final String DECISION_OF_R = " de.reference_id = r.id AND de.event_type IN ('" + Entries.REVIEW_DECIDED + "', '"
            + Entries.REVIEW_DECIDED_V2 + "')";

    /** The occurrences' count and latest time (columns 12, 13) are filled in afterwards: each occurrence's seal is checked in Java. */
    private static final String SELECT = """
            SELECT r.id, r.rule, r.case_id, r.owning_unit, r.municipality, r.actor_id, r.source_event_id,
                   r.source_leaf_index, r.detail, r.raised_at, de.leaf_index,
                   0, NULL::timestamptz,
                   de.actor_id, de.event_id, de.entry, r.group_key, r.seal
            FROM review_items r LEFT JOIN audit_entries de ON """;
    /** Items of the officer's municipality, and the service's own (a rejected record has no municipality). */
    private static final String IN_SCOPE = "(r.municipality = ? OR r.municipality IS NULL)";

    /** Enough for any real evening; the count is always complete, and the entries search finds the rest. */
    static final int MAX_LISTED_OCCURRENCES = 1000;

    private final JdbcTemplate jdbc;
    private final Sequencer sequencer;
    private final Clock clock;
    private final se.samverkan.contracts.signing.EventSigner signer;

    private final LogIntegrity integrity;
    private final DecisionKeys keys;
    private final ReviewComments comments;
    private final ReviewQueueIntegrity items;

    public ReviewQueue(JdbcTemplate jdbc, Sequencer sequencer, Clock clock, se.samverkan.contracts.signing.EventSigner signer,
                       LogIntegrity integrity, DecisionKeys keys, ReviewComments comments, ReviewQueueIntegrity items) {
        this.items = items;
        this.integrity = integrity;
        this.keys = keys;
        this.comments = comments;
        this.jdbc = jdbc;
        this.signer = signer;
        this.sequencer = sequencer;
        this.clock = clock;
    }

    /** SQL (with a space in front): {@code de} is the decision of the item {@code r}, in a row the log vouches for. */
    private static String decisionOfR(DistrustedLeaves distrusted) {
        return DECISION_OF_R + distrusted.sqlExcluding("de.leaf_index");
    }

    /** SQL (with a space in front, to follow a text block): the item {@code r} has no decision in the log. */
    public String undecidedR() {
        return " NOT EXISTS (SELECT 1 FROM audit_entries de WHERE" + decisionOfR(integrity.distrusted()) + ")";
    }

    private String select() {
        return SELECT + decisionOfR(integrity.distrusted());
    }

    /**
     * What the log vouches for among the decisions of one item: all of it once this process has checked the log; before
     * that (after a restart) the item's own decision entries, each proven one by one.
     */
    private DistrustedLeaves trustInDecisionsOf(UUID id) {
        DistrustedLeaves all = integrity.distrusted();
        if (all.known()) {
            return all;
        }
        // the columns only find the candidates; each is then proven from its bytes, signature and inclusion
        long[] leaves = jdbc.queryForList("SELECT leaf_index FROM audit_entries WHERE reference_id = ? AND event_type IN (?, ?) "
                + "ORDER BY leaf_index LIMIT 100", Long.class, id, Entries.REVIEW_DECIDED, Entries.REVIEW_DECIDED_V2)
                .stream().mapToLong(Long::longValue).toArray();
        return integrity.distrustedAmong(leaves);
    }

    public List<ReviewItem> list(MunicipalityScope scope, Status status, ReviewRule rule, String actorId, UUID caseId, int page, int size) {
        List<String> clauses = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        clauses.add(IN_SCOPE);
        args.add(scope.municipality());
        switch (status) {
            case OPEN -> clauses.add("de.leaf_index IS NULL");
            case REVIEWED -> clauses.add("de.leaf_index IS NOT NULL");
            case ALL -> { }
        }
        if (rule != null) {
            clauses.add("r.rule = ?");
            args.add(rule.name());
        }
        if (actorId != null) {
            clauses.add("r.actor_id = ?");
            args.add(actorId);
        }
        if (caseId != null) {
            clauses.add("r.case_id = ?");
            args.add(caseId);
        }
        String where = clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
        // the page is chosen among rows that verify, for the offset as for the page (the runtime role may INSERT item
        // rows, and one it wrote is no item of this log; ReviewQueueIntegrity reports it): the rows' sealed columns are
        // read a chunk at a time, then the chosen items in full, with their occurrences and decisions
        String candidates = "SELECT " + ReviewItemSeals.COLUMNS + " FROM review_items r LEFT JOIN audit_entries de ON"
                + decisionOfR(integrity.distrusted()) + where + " ORDER BY r.raised_at, r.id LIMIT ? OFFSET ?";
        long skip = (long) page * size;
        int chunk = Math.max(size, LIST_CHUNK);
        List<UUID> chosen = new ArrayList<>();
        for (long offset = 0; chosen.size() < size; offset += chunk) {
            List<Object> chunkArgs = new ArrayList<>(args);
            chunkArgs.add(chunk);
            chunkArgs.add(offset);
            List<ReviewQueueIntegrity.StoredItem> rows = jdbc.query(candidates, (rs, row) -> ReviewQueueIntegrity.StoredItem.of(rs),
                    chunkArgs.toArray());
            Set<UUID> unverified = items.unverified(rows);
            for (ReviewQueueIntegrity.StoredItem row : rows) {
                if (unverified.contains(row.item().id())) {
                    continue;
                }
                if (skip > 0) {
                    skip--;
                } else if (chosen.size() < size) {
                    chosen.add(row.item().id());
                }
            }
            if (rows.size() < chunk) {
                break;
            }
        }
        if (chosen.isEmpty()) {
            return List.of();
        }
        Map<UUID, Found> byId = new java.util.LinkedHashMap<>();
        jdbc.query(select() + " WHERE r.id = ANY (?)", ReviewQueue::item, (Object) chosen.toArray(UUID[]::new))
                .forEach(found -> byId.putIfAbsent(found.item().id(), found));
        // read twice, so verified again: a row is only ever shown as it verified
        List<Found> listed = verified(chosen.stream().map(byId::get).filter(java.util.Objects::nonNull).toList());
        Map<UUID, ReviewQueueIntegrity.Occurrences> occurrences = items.occurrencesOf(
                listed.stream().map(found -> found.item().id()).toList(), 0);
        return withDecisions(listed).stream().map(item -> counted(item, occurrences)).toList();
    }

    /**
     * The item with what its occurrences that verify say (count, latest): the runtime role may INSERT occurrence rows,
     * and one it wrote onto a genuine item made it look busier and later than its actor's accesses were
     * ({@link ReviewQueueIntegrity#occurrencesOf} reports such a row).
     */
    private static ReviewItem counted(ReviewItem item, Map<UUID, ReviewQueueIntegrity.Occurrences> occurrences) {
        ReviewQueueIntegrity.Occurrences verified = occurrences.getOrDefault(item.id(), ReviewQueueIntegrity.Occurrences.NONE);
        return item.withOccurrenceCount(verified.count(), verified.last());
    }

    /** Rows whose sealed columns are read at a time to choose a page of the queue. */
    private static final int LIST_CHUNK = 200;

    /** The rows that are items of this log, in their order. */
    private List<Found> verified(List<Found> rows) {
        Set<UUID> unverified = items.unverified(rows.stream().map(Found::stored).toList());
        return unverified.isEmpty() ? rows : rows.stream().filter(row -> !unverified.contains(row.item().id())).toList();
    }

    /** An item of another municipality is not found, so its existence is not revealed either. */
    public Optional<ReviewItem> find(UUID id, MunicipalityScope scope) {
        return find(id, scope, trustInDecisionsOf(id));
    }

    /**
     * An item row of the officer's municipality whose seal does not verify is no item of this log: reading or deciding
     * it is refused ({@link UnverifiedReviewItemException}), and it is reported as the integrity violation it is.
     */
    private Optional<ReviewItem> find(UUID id, MunicipalityScope scope, DistrustedLeaves distrusted) {
        List<Found> rows = jdbc.query(SELECT + decisionOfR(distrusted) + " WHERE r.id = ? AND " + IN_SCOPE, ReviewQueue::item,
                id, scope.municipality());
        if (rows.size() > verified(rows).size()) {
            throw new UnverifiedReviewItemException(id);
        }
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Map<UUID, ReviewQueueIntegrity.Occurrences> occurrences = items.occurrencesOf(List.of(id), MAX_LISTED_OCCURRENCES);
        List<ReviewItemSeals.Occurrence> first = occurrences.getOrDefault(id, ReviewQueueIntegrity.Occurrences.NONE).first();
        Map<Long, UUID> caseIds = new java.util.HashMap<>();
        jdbc.query("SELECT leaf_index, case_id FROM audit_entries WHERE leaf_index = ANY (?)",
                (org.springframework.jdbc.core.RowCallbackHandler) rs -> caseIds.put(rs.getLong(1), rs.getObject(2, UUID.class)),
                (Object) first.stream().map(ReviewItemSeals.Occurrence::sourceLeafIndex).toArray(Long[]::new));
        return withDecisions(rows)
                .stream().findFirst()
                .map(item -> counted(item, occurrences).withOccurrences(first.stream().map(o -> new ReviewItem.Occurrence(
                        o.sourceLeafIndex(), o.sourceEventId(), caseIds.get(o.sourceLeafIndex()), o.occurredAt())).toList()));
    }

    /**
     * The decision is an entry in the log first; its id is derived from the item under a key ({@link DecisionKeys}),
     * so two officers deciding at once produce one entry, and the one who lost the race is told so, while nobody
     * without the key can take the id ahead of them. Segregation of duties: nobody decides an item about her own
     * actions; it stays open for another officer of the municipality.
     * <p>
     * The officer's comment is free text and never enters the log: it is kept first where it can be erased
     * ({@link ReviewComments}), and the entry ({@code review-decided.v2}) holds its keyed digest. The outcome is one
     * of {@link ReviewDecision.Outcome}, a closed set that carries nothing personal.
     */
    public ReviewItem decide(UUID id, ReviewDecision decision, Actor officer) {
        MunicipalityScope scope = MunicipalityScope.of(officer);
        DistrustedLeaves distrusted = trustInDecisionsOf(id);
        ReviewItem item = find(id, scope, distrusted).orElseThrow(() -> ClientProblem.notFound("Review item " + id));
        if (officer.userId().equals(item.actorUserId())) {
            throw ClientProblem.forbidden("own-review-item", "Review item " + id + " is about your own access, so you may "
                    + "not decide it; it stays open for another compliance officer of municipality " + scope.municipality());
        }
        if (item.reviewed()) {
            throw ClientProblem.conflict("already-reviewed", "Review item " + id + " was already decided (log entry "
                    + item.decisionLeafIndex() + "); open a new item if the case needs another look");
        }
        if (!distrusted.known()) {
            // whether it would follow a leaf no checkpoint is signed over is not known yet (after a restart, until the
            // sequencer has looked at the leaves after the latest checkpoint), and such a decision would count for
            // nothing; or an earlier decision of the item could not be proven either way before the first pass
            throw new LogUnavailableException("the audit log has not been checked since this instance started; "
                    + "decisions wait for the first integrity pass (see the auditLogIntegrity health)", null);
        }
        if (integrity.refusedFrom() >= 0) {
            // it would follow a leaf no checkpoint is signed over, and count for nothing; the remedy (remove that
            // leaf and the ones after it) would take it away too
            throw new LogUnavailableException("the audit log holds a leaf its sequencer refused to sign over; "
                    + "decisions wait until it is removed (see the auditLogIntegrity health)", null);
        }
        UUID decisionId = keys.decisionId(id);
        byte[] digest = keys.commentDigest(decisionId, id, decision.comment());
        var data = Entries.object()
                .put("reviewItemId", id.toString())
                .put("rule", item.rule())
                .put("sourceEventId", item.sourceEventId().toString())
                .put("outcome", decision.outcome().name())
                .put("commentDigest", HexFormat.of().formatHex(digest));
        if (item.municipality() == null) {
            // an item every officer lists (a forgery, a witness alarm) may be closed by any of them: every officer reads
            // how and why, not only the decider's municipality (MunicipalityScope)
            data.put(MunicipalityScope.EVERY_OFFICER, true);
        }
        data.set("officer", se.samverkan.contracts.CloudEventCodec.toTree(officer.toRef()));
        UUID kept = comments.keep(decisionId, id, decision.comment(), digest);
        // the sequencer may find a leaf it refuses to sign over after the look above (it also looks while the log is idle)
        AppendResult result = sequencer.appendWhileSignable(Entries.internal(signer, decisionId, Entries.REVIEW_DECIDED_V2, id.toString(),
                clock.instant(), officer.toRef(), item.caseId(), id, data));
        if (result.duplicate()) {
            // not this officer's decision: her comment explains nothing in the log
            comments.discard(kept);
            throw ClientProblem.conflict("already-reviewed", "Review item " + id + " was decided by someone else a moment ago");
        }
        return find(id, scope).orElseThrow();
    }

    /** An item as its row says, with its decision's entry still to be read, and the row as its seal covers it. */
    private record Found(ReviewItem item, UUID decisionId, byte[] decisionEntry, ReviewQueueIntegrity.StoredItem stored) {
    }

    private static Found item(ResultSet rs, int row) throws SQLException {
        String rule = rs.getString(2);
        Long decision = rs.getObject(11, Long.class);
        ReviewQueueIntegrity.StoredItem stored = new ReviewQueueIntegrity.StoredItem(new ReviewItemSeals.Item(
                rs.getObject(1, UUID.class), rule, rs.getObject(3, UUID.class), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getObject(7, UUID.class), rs.getLong(8), rs.getString(9), rs.getTimestamp(10).toInstant(), rs.getString(17)),
                rs.getBytes(18));
        return new Found(new ReviewItem(rs.getObject(1, UUID.class), rule, description(rule),
                rs.getObject(3, UUID.class), rs.getString(4), rs.getString(5), rs.getString(6), rs.getObject(7, UUID.class),
                rs.getLong(8), rs.getString(9), rs.getTimestamp(10).toInstant(), decision, rs.getString(14), rs.getLong(12),
                rs.getTimestamp(13) == null ? null : rs.getTimestamp(13).toInstant(), null, null),
                rs.getObject(15, UUID.class), rs.getBytes(16), stored);
    }

    /** A rule of a newer version (or a row's made-up one, which does not verify and is never shown) has none here. */
    private static String description(String rule) {
        return Arrays.stream(ReviewRule.values()).filter(known -> known.name().equals(rule)).map(ReviewRule::description)
                .findFirst().orElse(null);
    }

    /** Each decided item with its decision as its signed entry says, and the comment kept for it (one query for all). */
    private List<ReviewItem> withDecisions(List<Found> found) {
        Map<UUID, List<ReviewComments.Stored>> stored = comments.storedFor(found.stream()
                .filter(f -> f.decisionEntry() != null).map(Found::decisionId).toList());
        return found.stream().map(f -> f.decisionEntry() == null ? f.item()
                : f.item().withDecision(decision(f, stored.getOrDefault(f.decisionId(), List.of())))).toList();
    }

    private ReviewItem.Decision decision(Found found, List<ReviewComments.Stored> stored) {
        UUID item = found.item().id();
        PendingEntry entry;
        try {
            entry = Entries.fromStored(found.decisionEntry());
        } catch (RuntimeException unreadable) {
            // the integrity pass names such a row; the item still shows that the log holds a decision
            return new ReviewItem.Decision(found.item().decisionLeafIndex(), found.decisionId(), found.item().decidedBy(), null,
                    null, null, ReviewComments.Status.MISSING, null);
        }
        JsonNode data = entry.internalData() == null ? Entries.object() : entry.internalData();
        ReviewComments.Comment comment;
        if (Entries.REVIEW_DECIDED.equals(entry.eventType())) {
            // written before comments left the log: the signed entry holds it, and nothing can change that
            comment = data.get("comment") instanceof JsonNode text && text.isString()
                    ? ReviewComments.inLog(text.asString()) : new ReviewComments.Comment(null, ReviewComments.Status.MISSING, null);
        } else {
            comment = comments.of(entry.eventId(), item, digest(data.get("commentDigest")), stored);
        }
        return new ReviewItem.Decision(found.item().decisionLeafIndex(), entry.eventId(), entry.actorId(), entry.occurredAt(),
                outcome(data.get("outcome")), comment.comment(), comment.status(), comment.erasedAt());
    }

    /** Only a value of the closed set: the entry is the writer's bytes, and nothing else is shown as an outcome. */
    private static String outcome(JsonNode value) {
        if (value == null || !value.isString()) {
            return null;
        }
        return Arrays.stream(ReviewDecision.Outcome.values()).map(Enum::name).filter(value.asString()::equals).findFirst().orElse(null);
    }

    private static byte[] digest(JsonNode hex) {
        try {
            return hex != null && hex.isString() ? HexFormat.of().parseHex(hex.asString()) : null;
        } catch (IllegalArgumentException notHex) {
            return null;
        }
    }
}
