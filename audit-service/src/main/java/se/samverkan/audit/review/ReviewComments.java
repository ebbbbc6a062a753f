package se.samverkan.audit.review;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The officers' comments on their review decisions, kept out of the log. A comment is free text, and an officer
 * explaining a decision may well write the name, personnummer or address of the person concerned; the log and its
 * exports keep everything for ever (design.md: free text only where it can be erased). So the decision's entry
 * ({@code review-decided.v2}) holds only a keyed digest of the comment ({@link DecisionKeys}), and the text is kept in
 * {@code review_decision_comments} (Flyway V12), whose rows can be erased — their text set to null, nothing else —
 * and are, once they are older than {@code comment-keep} ({@link ReviewCommentProperties}). A comment is shown only
 * when it matches the entry's digest: the runtime role may insert rows, but cannot make one match.
 * <p>
 * Erasing sets the text to null in the table; PostgreSQL drops the old row version at its next (auto)vacuum, and
 * backups keep it for as long as they are kept.
 */
@Component
public class ReviewComments {

    private static final Logger log = LoggerFactory.getLogger(ReviewComments.class);
    /**
     * A comment whose decision never reached the log (the append failed, or timed out and did not happen) is erased
     * after this: an answer that timed out may still be appended, so it is not erased at once.
     */
    static final Duration ORPHAN_AFTER = Duration.ofHours(1);

    /** What the decision, as read back, says about its comment. */
    public enum Status {
        /** kept, and the text is the one the entry's digest was made of */
        KEPT,
        /** erased (its keep ended); the entry's digest still shows that one was written */
        ERASED,
        /** in the signed entry itself (review-decided.v1, before comments left the log): it cannot be erased */
        IN_LOG,
        /** no kept text matches the entry's digest: it was never stored, or the stored row is not what was written */
        MISSING,
        /** the digest was made under a former signing key, so no text can be shown as the one written */
        UNVERIFIABLE
    }

    /** The comment part of a decision as read back; {@code comment} only when it is the one written. */
    public record Comment(String comment, Status status, Instant erasedAt) {
    }

    /** A row of the table, as stored. */
    record Stored(UUID decisionId, byte[] digest, String comment, Instant erasedAt) {
    }

    private final JdbcTemplate jdbc;
    private final DecisionKeys keys;
    private final ReviewCommentProperties properties;
    private final Clock clock;

    public ReviewComments(JdbcTemplate jdbc, DecisionKeys keys, ReviewCommentProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.keys = keys;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Keeps the comment before its decision is appended, so a decision in the log never lacks its comment. Its own
     * row id: two officers deciding at once share the decision id, and the one who lost {@link #discard discards} hers.
     */
    UUID keep(UUID decisionId, UUID item, String comment, byte[] digest) {
        UUID row = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO review_decision_comments (id, decision_id, review_item_id, digest, comment, written_at)
                VALUES (?, ?, ?, ?, ?, ?)""", row, decisionId, item, digest, comment, Timestamp.from(clock.instant()));
        return row;
    }

    /** Erases a comment whose decision was not appended (another officer's came first). */
    void discard(UUID row) {
        jdbc.update("UPDATE review_decision_comments SET comment = NULL, erased_at = ? WHERE id = ? AND erased_at IS NULL",
                Timestamp.from(clock.instant()), row);
    }

    @Scheduled(fixedDelayString = "${samverkan.audit.review.comment-erase-every:1h}",
            initialDelayString = "${samverkan.audit.review.comment-erase-every:1h}")
    public void eraseExpired() {
        try {
            eraseExpired(clock.instant());
        } catch (RuntimeException e) {
            log.warn("Could not erase expired review decision comments, will retry: {}", e.getClass().getSimpleName());
        }
    }

    /**
     * Erases every comment written more than {@code comment-keep} before {@code now}, and every comment whose
     * decision is not in the log an hour after it was written. @return how many
     */
    public int eraseExpired(Instant now) {
        int expired = jdbc.update("""
                UPDATE review_decision_comments SET comment = NULL, erased_at = ?
                WHERE erased_at IS NULL AND written_at < ?""", Timestamp.from(now), Timestamp.from(now.minus(properties.commentKeep())));
        int orphans = jdbc.update("""
                UPDATE review_decision_comments c SET comment = NULL, erased_at = ?
                WHERE c.erased_at IS NULL AND c.written_at < ?
                  AND NOT EXISTS (SELECT 1 FROM audit_entries e WHERE e.event_id = c.decision_id)""",
                Timestamp.from(now), Timestamp.from(now.minus(ORPHAN_AFTER)));
        if (expired + orphans > 0) {
            log.info("Erased {} review decision comments after their keep of {} and {} whose decision never reached the log",
                    expired, properties.commentKeep(), orphans);
        }
        return expired + orphans;
    }

    /** The comments stored for these decisions (whatever their rows say; {@link #of} decides what counts). */
    Map<UUID, List<Stored>> storedFor(Collection<UUID> decisionIds) {
        Map<UUID, List<Stored>> found = new HashMap<>();
        if (decisionIds.isEmpty()) {
            return found;
        }
        jdbc.query(con -> {
            var statement = con.prepareStatement(
                    "SELECT decision_id, digest, comment, erased_at FROM review_decision_comments WHERE decision_id = ANY (?)");
            statement.setArray(1, con.createArrayOf("uuid", decisionIds.toArray()));
            return statement;
        }, rs -> {
            Timestamp erased = rs.getTimestamp(4);
            Stored stored = new Stored(rs.getObject(1, UUID.class), rs.getBytes(2), rs.getString(3),
                    erased == null ? null : erased.toInstant());
            found.computeIfAbsent(stored.decisionId(), id -> new ArrayList<>()).add(stored);
        });
        return found;
    }

    /**
     * The comment of a v2 decision, from the rows {@link #storedFor} found for it: a text that matches the digest the
     * signed entry holds, else an erased row of that digest, else none. The digest column is only a way to find the
     * row; the text is checked against the entry's digest itself.
     */
    Comment of(UUID decisionId, UUID item, byte[] digest, List<Stored> rows) {
        if (digest == null) {
            return new Comment(null, Status.MISSING, null);
        }
        if (!keys.ofThisKey(digest)) {
            return new Comment(null, Status.UNVERIFIABLE, null);
        }
        Instant erased = null;
        for (Stored stored : rows) {
            if (stored.comment() != null && keys.commentMatches(digest, decisionId, item, stored.comment())) {
                return new Comment(stored.comment(), Status.KEPT, null);
            }
            if (stored.comment() == null && stored.erasedAt() != null && java.util.Arrays.equals(stored.digest(), digest)) {
                erased = erased == null || stored.erasedAt().isBefore(erased) ? stored.erasedAt() : erased;
            }
        }
        return erased != null ? new Comment(null, Status.ERASED, erased) : new Comment(null, Status.MISSING, null);
    }

    /** A v1 decision's comment, as its signed entry holds it. */
    static Comment inLog(String comment) {
        return new Comment(comment, Status.IN_LOG, null);
    }
}
