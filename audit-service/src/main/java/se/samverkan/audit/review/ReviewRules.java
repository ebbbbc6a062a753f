package se.samverkan.audit.review;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import se.samverkan.audit.log.AppendListener;
import se.samverkan.audit.log.AppendedEntry;
import se.samverkan.audit.log.Entries;
import se.samverkan.audit.log.PendingEntry;
import se.samverkan.contracts.AccessOutcome;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.contracts.cases.ConsentWithdrawn;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Evaluates the review rules on each newly appended entry, in the sequencer's transaction: an item is raised
 * exactly once per rule and source event, however often Kafka delivers the event.
 */
@Component
public class ReviewRules implements AppendListener {

    private final JdbcTemplate jdbc;
    private final ReviewProperties properties;
    private final Clock clock;

    public ReviewRules(JdbcTemplate jdbc, ReviewProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void appended(List<AppendedEntry> entries) {
        for (AppendedEntry appended : entries) {
            PendingEntry entry = appended.entry();
            switch (entry.event()) {
                case ConsentWithdrawn withdrawn -> recordRevocations(withdrawn);
                case AccessRecorded access -> evaluate(appended, access);
                case null -> {
                    if (Entries.REVIEW_DECIDED.equals(entry.eventType())) {
                        jdbc.update("INSERT INTO review_decisions (review_item_id, leaf_index) VALUES (?, ?) ON CONFLICT DO NOTHING",
                                entry.referenceId(), appended.leafIndex());
                    } else if (Entries.EVENT_REJECTED.equals(entry.eventType())) {
                        raise(appended, ReviewRule.MALFORMED_EVENT, null, null, null, ReviewRule.MALFORMED_EVENT.description());
                    }
                }
                default -> {
                }
            }
        }
    }

    private void recordRevocations(ConsentWithdrawn withdrawn) {
        if (withdrawn.revokedReferralIds() == null) {
            return;
        }
        Instant at = withdrawn.occurredAt() != null ? withdrawn.occurredAt() : clock.instant();
        for (UUID referral : withdrawn.revokedReferralIds()) {
            jdbc.update("INSERT INTO revoked_referrals (referral_id, case_id, consent_id, revoked_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    referral, withdrawn.caseRef().caseId(), withdrawn.consentId(), Timestamp.from(at));
        }
    }

    private void evaluate(AppendedEntry appended, AccessRecorded access) {
        List<ReviewRule> hits = new ArrayList<>();
        boolean allowed = access.outcome() == AccessOutcome.ALLOWED;
        if (access.breakGlass()) {
            hits.add(ReviewRule.BREAK_GLASS);
        }
        if (access.outcome() == AccessOutcome.DENIED) {
            hits.add(ReviewRule.DENIED_ATTEMPT);
        }
        // producers spell roles as Keycloak does (social-worker); accept the enum spelling too
        List<String> roles = access.actor().roles() == null ? List.of() : access.actor().roles().stream()
                .map(role -> role.toLowerCase(java.util.Locale.ROOT).replace('_', '-')).toList();
        if (allowed && !access.onCaseTeam() && !access.breakGlass() && access.actor().agency() == Agency.SOCIAL_SERVICES
                && roles.contains("social-worker") && !roles.contains("supervisor")) {
            hits.add(ReviewRule.OUTSIDE_CASE_TEAM);
        }
        Instant at = access.occurredAt() != null ? access.occurredAt() : clock.instant();
        if (access.referralId() != null && Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM revoked_referrals WHERE referral_id = ? AND revoked_at <= ?)", Boolean.class,
                access.referralId(), Timestamp.from(at)))) {
            hits.add(ReviewRule.AFTER_CONSENT_WITHDRAWAL);
        }
        LocalTime local = at.atZone(properties.zone()).toLocalTime();
        if (local.isBefore(properties.workdayStart()) || !local.isBefore(properties.workdayEnd())) {
            hits.add(ReviewRule.UNUSUAL_HOURS);
        }
        if (access.subjectId() != null && unusualVolume(access.actor().userId(), at)) {
            hits.add(ReviewRule.UNUSUAL_VOLUME);
        }
        for (ReviewRule rule : hits) {
            raise(appended, rule, access.caseId(), access.owningUnit(), access.actor().municipality(),
                    rule.description() + " (" + access.action() + " " + (access.operation() == null ? "" : access.operation()) + ")");
        }
    }

    /** One item per actor and window: the first access past the threshold raises it, the following ones do not. */
    private boolean unusualVolume(String actorId, Instant at) {
        Timestamp since = Timestamp.from(at.minus(properties.volumeWindow()));
        Integer subjects = jdbc.queryForObject("""
                SELECT count(DISTINCT subject_id) FROM audit_entries
                WHERE actor_id = ? AND occurred_at > ? AND occurred_at <= ? AND subject_id IS NOT NULL
                  AND event_type = 'se.samverkan.access.access-recorded.v1'""", Integer.class, actorId, since, Timestamp.from(at));
        if (subjects == null || subjects < properties.volumeSubjects()) {
            return false;
        }
        return !Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM review_items WHERE actor_id = ? AND rule = ? AND raised_at > ?)", Boolean.class,
                actorId, ReviewRule.UNUSUAL_VOLUME.name(), since));
    }

    private void raise(AppendedEntry appended, ReviewRule rule, UUID caseId, String unit, String municipality, String detail) {
        PendingEntry entry = appended.entry();
        Instant raisedAt = entry.occurredAt() != null ? entry.occurredAt() : clock.instant();
        UUID id = UUID.nameUUIDFromBytes((rule.name() + "/" + entry.eventId()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        jdbc.update("""
                INSERT INTO review_items (id, rule, case_id, owning_unit, municipality, actor_id, source_event_id,
                                          source_leaf_index, detail, raised_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
                id, rule.name(), caseId, unit, municipality, entry.actorId(), entry.eventId(), appended.leafIndex(),
                detail, Timestamp.from(raisedAt));
    }
}
