package se.samverkan.audit.review;

import com.github.benmanes.caffeine.cache.Ticker;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import se.samverkan.audit.log.AppendListener;
import se.samverkan.audit.log.AppendedEntry;
import se.samverkan.audit.log.Entries;
import se.samverkan.audit.log.LeadershipChanged;
import se.samverkan.audit.log.PendingEntry;
import se.samverkan.contracts.AccessOutcome;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.contracts.cases.ConsentWithdrawn;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Evaluates the review rules on each newly appended entry, in the sequencer's transaction. BREAK_GLASS,
 * DENIED_ATTEMPT, AFTER_CONSENT_WITHDRAWAL, SUBJECT_ACCESS_EXPORT and MALFORMED_EVENT raise one item per event; UNUSUAL_HOURS (per actor
 * and local day), OUTSIDE_CASE_TEAM (per actor, case and day) and UNUSUAL_VOLUME (per actor and window) raise one
 * item per occurrence and attach each further event to the open item. The sequencer calls this once per newly
 * appended entry and both inserts are keyed on the event, so redelivery changes nothing.
 * <p>
 * An item belongs to the municipality that owns the case (the event's {@code owningMunicipality}; the actor's for
 * events without one), and only that municipality's compliance officers see and decide it. Grouped occurrences are
 * grouped per municipality too, so an item never collects another municipality's cases.
 */
@Component
public class ReviewRules implements AppendListener {

    private final JdbcTemplate jdbc;
    private final ReviewItemSeals seals;
    private final ReviewProperties properties;
    private final Clock clock;
    private final WorkingCalendar calendar;

    private final ApplicationEventPublisher events;
    private final RecentSubjects recentSubjects;

    public ReviewRules(JdbcTemplate jdbc, ReviewProperties properties, Clock clock, ApplicationEventPublisher events,
                       ReviewItemSeals seals) {
        this.jdbc = jdbc;
        this.seals = seals;
        this.recentSubjects = new RecentSubjects(properties.volumeSubjects(), properties.volumeWindow(), 100_000,
                Ticker.systemTicker());
        this.events = events;
        this.properties = properties;
        this.clock = clock;
        this.calendar = new WorkingCalendar(properties);
    }

    /** Another instance may have appended while this one was not the leader: what was kept here misses that. */
    @EventListener
    void on(LeadershipChanged change) {
        recentSubjects.forgetAll();
    }

    @Override
    public void appended(List<AppendedEntry> entries) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    if (status != STATUS_COMMITTED) {
                        recentSubjects.forgetAll();
                    }
                }
            });
        }
        Set<String> undecidedVolumeGroups = undecidedVolumeGroups(entries);
        Batch batch = new Batch();
        for (AppendedEntry appended : entries) {
            PendingEntry entry = appended.entry();
            switch (entry.event()) {
                case ConsentWithdrawn withdrawn -> recordRevocations(withdrawn);
                case AccessRecorded access -> evaluate(batch, appended, access, undecidedVolumeGroups);
                case null -> {
                    if (Entries.REVIEW_DECISIONS.contains(entry.eventType())) {
                        jdbc.update("INSERT INTO review_decisions (review_item_id, leaf_index) VALUES (?, ?) ON CONFLICT DO NOTHING",
                                entry.referenceId(), appended.leafIndex());
                        batch.decisionAppended();
                    } else if (Entries.EVENT_REJECTED.equals(entry.eventType())) {
                        raise(batch, appended, ReviewRule.MALFORMED_EVENT, null, null, null, ReviewRule.MALFORMED_EVENT.description());
                    } else if (Entries.RECONCILIATION_DISCREPANCY.equals(entry.eventType())) {
                        raise(batch, appended, ReviewRule.RECONCILIATION_DISCREPANCY, entry.caseId(), null, entry.caseMunicipality(),
                                ReviewRule.RECONCILIATION_DISCREPANCY.description() + ": " + data(entry).path("detail").asString(""));
                    } else if (Entries.WITNESS_ALARM.equals(entry.eventType())) {
                        // about a whole log (another municipality's, or this one as a witness saw it), not a case:
                        // the officers who handle the platform's security, or every municipality's
                        raise(batch, appended, ReviewRule.WITNESS_ALARM, null, null, properties.securityMunicipality(),
                                ReviewRule.WITNESS_ALARM.description() + ": " + data(entry).path("origin").asString("")
                                        + " " + data(entry).path("reason").asString("") + " (" + data(entry).path("detail").asString("") + ")");
                    } else if (Entries.FORGED_EVENT_REFUSED.equals(entry.eventType())) {
                        // an attack on the shared log, not on one municipality's case; whatever municipality the
                        // record names is the forger's choice, so the item goes to the configured security
                        // municipality, or to every municipality's officers (it shows only topic, offset, hash, reason)
                        raise(batch, appended, ReviewRule.FORGED_EVENT, null, null, properties.securityMunicipality(),
                                ReviewRule.FORGED_EVENT.description() + forgedDetail(entry));
                    }
                }
                default -> {
                }
            }
        }
        batch.attachOccurrences();
    }

    /** The refusal's reason and where the record arrived, read from the entry's own bytes (its data). */
    private static String forgedDetail(PendingEntry entry) {
        try {
            var data = data(entry);
            return " (" + data.path("reason").asString("") + " on " + data.path("topic").asString("") + " partition "
                    + data.path("partition").asString("") + " offset " + data.path("offset").asString("") + ")";
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static tools.jackson.databind.JsonNode data(PendingEntry entry) {
        return entry.internalData() == null ? tools.jackson.databind.node.MissingNode.getInstance() : entry.internalData();
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

    /** The operation case-service records when it produces a subject access export (register extract). */
    static final String SUBJECT_ACCESS_EXPORT_OPERATION = "SUBJECT_ACCESS_EXPORT";
    /** The operation case-service records when the data-protection role changes the legal-basis catalogue (issue 15). */
    static final String MAINTAIN_LEGAL_BASES_OPERATION = "MAINTAIN_LEGAL_BASES";
    /** Later than any access time (PostgreSQL's timestamps reach 294276 AD; Instant.MAX does not fit). */
    private static final Instant FOREVER = Instant.parse("9999-12-31T23:59:59Z");

    /** An occurrence joins an undecided item of its group raised after {@code openSince} and not after {@code openUntil}. */
    private record Hit(ReviewRule rule, String groupKey, Instant openSince, Instant openUntil, String detail) {

        Hit(ReviewRule rule, String groupKey, Instant openSince, String detail) {
            this(rule, groupKey, openSince, null, detail);
        }
    }

    /**
     * The UNUSUAL_VOLUME groups of these entries' actors that have an undecided item, at any time: one query for the
     * transaction instead of one for every read. Only this transaction writes review items meanwhile (the sequencer
     * is the one writer), so a group outside the set has no item an access could join unless the batch raises one.
     */
    private Set<String> undecidedVolumeGroups(List<AppendedEntry> entries) {
        String[] groups = entries.stream().map(appended -> appended.entry().event())
                .filter(AccessRecorded.class::isInstance).map(event -> volumeGroup((AccessRecorded) event))
                .distinct().toArray(String[]::new);
        Set<String> undecided = new HashSet<>();
        if (groups.length > 0) {
            jdbc.query("""
                            SELECT DISTINCT r.group_key FROM review_items r
                            WHERE r.rule = 'UNUSUAL_VOLUME' AND r.group_key = ANY (?)
                              AND NOT EXISTS (SELECT 1 FROM review_decisions d WHERE d.review_item_id = r.id)""",
                    (RowCallbackHandler) row -> undecided.add(row.getString(1)), (Object) groups);
        }
        return undecided;
    }

    /** The owning municipality's, where the access names one; else the actor's own. */
    private static String municipalityOf(AccessRecorded access) {
        return access.owningMunicipality() != null ? access.owningMunicipality() : access.actor().municipality();
    }

    private static String volumeGroup(AccessRecorded access) {
        return municipalityOf(access) + "/" + access.actor().userId();
    }

    private void evaluate(Batch batch, AppendedEntry appended, AccessRecorded access, Set<String> undecidedVolumeGroups) {
        List<Hit> hits = new ArrayList<>();
        String operation = " (" + access.action() + " " + (access.operation() == null ? "" : access.operation()) + ")";
        boolean allowed = access.outcome() == AccessOutcome.ALLOWED;
        if (access.breakGlass()) {
            hits.add(new Hit(ReviewRule.BREAK_GLASS, null, null, ReviewRule.BREAK_GLASS.description() + operation));
        }
        if (access.outcome() == AccessOutcome.DENIED) {
            hits.add(new Hit(ReviewRule.DENIED_ATTEMPT, null, null, ReviewRule.DENIED_ATTEMPT.description() + operation));
        }
        if (allowed && SUBJECT_ACCESS_EXPORT_OPERATION.equals(access.operation())) {
            hits.add(new Hit(ReviewRule.SUBJECT_ACCESS_EXPORT, null, null, ReviewRule.SUBJECT_ACCESS_EXPORT.description() + operation));
        }
        // which provisions may break secrecy is changed by one compliance officer; another one reviews it (nobody
        // decides an item about her own access), so a change of the catalogue always meets a second pair of eyes
        if (allowed && MAINTAIN_LEGAL_BASES_OPERATION.equals(access.operation())) {
            hits.add(new Hit(ReviewRule.LEGAL_BASIS_CATALOGUE_CHANGED, null, null,
                    ReviewRule.LEGAL_BASIS_CATALOGUE_CHANGED.description() + operation));
        }
        Instant at = access.occurredAt() != null ? access.occurredAt() : clock.instant();
        String municipality = municipalityOf(access);
        String actor = access.actor().userId();
        String groupActor = volumeGroup(access);
        LocalDate day = calendar.localDate(at);
        // producers spell roles as Keycloak does (social-worker); accept the enum spelling too
        List<String> roles = access.actor().roles() == null ? List.of() : access.actor().roles().stream()
                .map(role -> role.toLowerCase(java.util.Locale.ROOT).replace('_', '-')).toList();
        if (allowed && !access.onCaseTeam() && !access.breakGlass() && access.actor().agency() == Agency.SOCIAL_SERVICES
                && roles.contains("social-worker") && !roles.contains("supervisor")) {
            hits.add(new Hit(ReviewRule.OUTSIDE_CASE_TEAM, groupActor + "/" + access.caseId() + "/" + day, null,
                    ReviewRule.OUTSIDE_CASE_TEAM.description() + " (" + day + ")"));
        }
        if (access.referralId() != null && Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM revoked_referrals WHERE referral_id = ? AND revoked_at <= ?)", Boolean.class,
                access.referralId(), Timestamp.from(at)))) {
            hits.add(new Hit(ReviewRule.AFTER_CONSENT_WITHDRAWAL, null, null,
                    ReviewRule.AFTER_CONSENT_WITHDRAWAL.description() + operation));
        }
        calendar.unusual(at).ifPresent(why -> hits.add(new Hit(ReviewRule.UNUSUAL_HOURS, groupActor + "/" + day, null,
                ReviewRule.UNUSUAL_HOURS.description() + " (" + day + ", " + why + ")")));
        if (access.subjectId() != null && actor != null) {
            Instant windowStart = at.minus(properties.volumeWindow());
            // an access that arrives long after its time (a partition that lagged behind after an outage) belongs to
            // the burst of its own hour, not to an item raised by later accesses
            Instant windowEnd = at.plus(properties.volumeWindow());
            // every access goes into the actor's recent subjects, also while an item is open, so they stay complete
            boolean reached = recentSubjects.reached(actor, access.subjectId(), at, this::subjectsSince, this::subjectsBetween);
            if (reached || undecidedVolumeGroups.contains(groupActor)
                    && batch.openItem(ReviewRule.UNUSUAL_VOLUME, groupActor, windowStart, windowEnd) != null) {
                hits.add(new Hit(ReviewRule.UNUSUAL_VOLUME, groupActor, windowStart, windowEnd, ReviewRule.UNUSUAL_VOLUME.description()
                        + " (" + properties.volumeSubjects() + " or more subjects within " + properties.volumeWindow().toMinutes() + " minutes)"));
            }
        }
        for (Hit hit : hits) {
            raise(batch, appended, hit, access.caseId(), access.owningUnit(), municipality);
            if (hit.rule() == ReviewRule.UNUSUAL_VOLUME) {
                undecidedVolumeGroups.add(groupActor);
            }
        }
        if (allowed && se.samverkan.audit.compliance.PartnerAccess.byPartner(access)) {
            // the owner reviews what a partner did with its case; the partner reviews its own staff, one item each
            // per person, case and day (municipality is the owner's above, so the owner's item is grouped there)
            String partner = access.actor().municipality();
            raise(batch, appended, new Hit(ReviewRule.PARTNER_ACCESS, groupActor + "/" + access.caseId() + "/" + day, null,
                    ReviewRule.PARTNER_ACCESS.description() + " (" + partner + ", " + day + ")" + operation),
                    access.caseId(), access.owningUnit(), municipality);
            raise(batch, appended, new Hit(ReviewRule.PARTNER_STAFF_ACCESS, partner + "/" + actor + "/" + access.caseId() + "/" + day,
                    null, ReviewRule.PARTNER_STAFF_ACCESS.description() + " (" + day + ")" + operation),
                    access.caseId(), access.actor().unit(), partner);
        }
    }

    /** The subjects of the actor's access entries after {@code since}, newest first, each with its latest access. */
    private Map<UUID, Instant> subjectsSince(String actorId, Instant since) {
        return subjectsWithin(actorId, since, FOREVER);
    }

    /** Up to the threshold of different subjects of the actor's access entries after {@code from}, up to {@code to}. */
    private Set<UUID> subjectsBetween(String actorId, Instant from, Instant to) {
        return subjectsWithin(actorId, from, to).keySet();
    }

    /** Up to the threshold of the subjects of the actor's access entries in (from, to], newest first, each with its latest access. */
    private Map<UUID, Instant> subjectsWithin(String actorId, Instant from, Instant to) {
        Map<UUID, Instant> subjects = new HashMap<>();
        jdbc.query("""
                        SELECT subject_id, max(occurred_at) AS latest FROM audit_entries
                        WHERE actor_id = ? AND occurred_at > ? AND occurred_at <= ? AND subject_id IS NOT NULL
                          AND event_type = 'se.samverkan.access.access-recorded.v1'
                        GROUP BY subject_id ORDER BY latest DESC LIMIT ?""",
                (RowCallbackHandler) row -> subjects.put(row.getObject(1, UUID.class), row.getTimestamp(2).toInstant()),
                actorId, Timestamp.from(from), Timestamp.from(to), Math.max(1, properties.volumeSubjects()));
        return subjects;
    }

    private void raise(Batch batch, AppendedEntry appended, ReviewRule rule, UUID caseId, String unit, String municipality, String detail) {
        raise(batch, appended, new Hit(rule, null, null, detail), caseId, unit, municipality);
    }

    private void raise(Batch batch, AppendedEntry appended, Hit hit, UUID caseId, String unit, String municipality) {
        PendingEntry entry = appended.entry();
        Instant at = entry.occurredAt() != null ? entry.occurredAt() : clock.instant();
        UUID itemId = hit.groupKey() == null ? null : batch.openItem(hit.rule(), hit.groupKey(), hit.openSince(), hit.openUntil());
        if (itemId == null) {
            // keyed: a row inserted ahead under the id of an item to come would keep the genuine one out
            itemId = seals.itemId(hit.rule().name(), entry.eventId());
            // sealed as stored (raised_at to the microsecond): ReviewQueueIntegrity recomputes the seal from the row
            ReviewItemSeals.Item sealed = new ReviewItemSeals.Item(itemId, hit.rule().name(), caseId, unit, municipality,
                    entry.actorId(), entry.eventId(), appended.leafIndex(), hit.detail(), at, hit.groupKey());
            int inserted = jdbc.update("""
                    INSERT INTO review_items (id, rule, case_id, owning_unit, municipality, actor_id, source_event_id,
                                              source_leaf_index, detail, raised_at, group_key, seal)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING""",
                    itemId, hit.rule().name(), caseId, unit, municipality, entry.actorId(), entry.eventId(), appended.leafIndex(),
                    hit.detail(), Timestamp.from(sealed.raisedAt()), hit.groupKey(), seals.seal(sealed));
            if (hit.groupKey() != null) {
                batch.raised(hit.rule(), hit.groupKey(), inserted == 1 ? new OpenItem(itemId, at, appended.leafIndex()) : null);
            }
            // the outbox relays it as soon as the sequencer's transaction commits
            events.publishEvent(new OutboxPublisher.ReviewItemsRaised());
        }
        // sealed as stored, like the item: the runtime role may INSERT occurrences too (ReviewQueueIntegrity)
        ReviewItemSeals.Occurrence occurrence = new ReviewItemSeals.Occurrence(itemId, hit.rule().name(), entry.eventId(),
                appended.leafIndex(), at);
        batch.occurrences.add(new Object[] {itemId, hit.rule().name(), entry.eventId(), appended.leafIndex(),
                Timestamp.from(occurrence.occurredAt()), seals.seal(occurrence)});
    }

    private record OpenItem(UUID id, Instant raisedAt, long leafIndex) {
    }

    /**
     * What one call of {@link #appended} knows of the review tables. The undecided items of a group are read once
     * (the rules are the only writer of items and decisions, both in this transaction), and every occurrence is
     * attached in one batch at the end. On a weekend each access joins two items: a statement per lookup and per
     * occurrence made about 168,000 round trips in the sequencer's transaction in three minutes of the benchmark at
     * 40 requests/s, now about 18,000 (docs/benchmarks.md, "Afternoon: 2026-12-05").
     */
    private final class Batch {

        /** Per rule and group: the undecided items raised after a time, all of them; absent = not read yet. */
        private final Map<String, Undecided> openItems = new HashMap<>();
        final List<Object[]> occurrences = new ArrayList<>();

        private record Undecided(Instant raisedAfter, List<OpenItem> items) {
        }

        /**
         * The undecided item this occurrence belongs to, raised after {@code openSince} and not after {@code openUntil}
         * (the newest such); a decided one is closed, so what follows gets a new item.
         */
        UUID openItem(ReviewRule rule, String groupKey, Instant openSince, Instant openUntil) {
            Instant since = openSince == null ? Instant.EPOCH : openSince;
            Instant until = openUntil == null ? FOREVER : openUntil;
            Undecided known = openItems.get(key(rule, groupKey));
            if (known == null || since.isBefore(known.raisedAfter())) {
                // a window's start moves with each access; reading a window further back serves the batch's later ones
                Instant raisedAfter = openSince == null ? Instant.EPOCH : since.minus(properties.volumeWindow());
                known = new Undecided(raisedAfter, undecided(rule, groupKey, raisedAfter));
                openItems.put(key(rule, groupKey), known);
            }
            return known.items().stream().filter(item -> item.raisedAt().isAfter(since) && !item.raisedAt().isAfter(until))
                    .max(java.util.Comparator.comparingLong(OpenItem::leafIndex)).map(OpenItem::id).orElse(null);
        }

        /** A decision may have closed any item read so far: read the groups again. */
        void decisionAppended() {
            openItems.clear();
        }

        /** An item this batch raised joins the group's undecided ones; after a conflict the group is read again. */
        void raised(ReviewRule rule, String groupKey, OpenItem item) {
            Undecided known = openItems.get(key(rule, groupKey));
            if (item == null) {
                openItems.remove(key(rule, groupKey));
            } else if (known != null) {
                known.items().add(item);
            }
        }

        private static String key(ReviewRule rule, String groupKey) {
            return rule.name() + "\n" + groupKey;
        }

        /**
         * The group's undecided items that this service wrote: those whose seal verifies. The group key is a column
         * like any other, and the runtime role may INSERT here: unsealed items in one actor's day groups, owned by a
         * municipality no officer has, once collected a year of her unusual-hours accesses, which no officer of hers
         * then saw. An occurrence whose group has no sealed item opens one (sealed, in the right queue); items from
         * before the seals are no longer joined either, which costs at most one more item for a group that spans the
         * upgrade.
         */
        private List<OpenItem> undecided(ReviewRule rule, String groupKey, Instant raisedAfter) {
            List<OpenItem> sealed = new ArrayList<>();
            jdbc.query("SELECT " + ReviewItemSeals.COLUMNS + """
                             FROM review_items r
                            WHERE r.rule = ? AND r.group_key = ? AND r.raised_at > ?
                              AND NOT EXISTS (SELECT 1 FROM review_decisions d WHERE d.review_item_id = r.id)""",
                    (RowCallbackHandler) rs -> {
                        ReviewItemSeals.Item item = ReviewItemSeals.item(rs);
                        if (seals.matches(ReviewItemSeals.sealOf(rs), item)) {
                            sealed.add(new OpenItem(item.id(), item.raisedAt(), item.sourceLeafIndex()));
                        }
                    },
                    rule.name(), groupKey, Timestamp.from(raisedAfter));
            return sealed;
        }

        void attachOccurrences() {
            if (!occurrences.isEmpty()) {
                jdbc.batchUpdate("""
                        INSERT INTO review_item_occurrences (review_item_id, rule, source_event_id, source_leaf_index, occurred_at, seal)
                        VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (review_item_id, source_leaf_index) DO NOTHING""", occurrences);
            }
        }
    }
}
