package se.samverkan.audit.reconcile;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import se.samverkan.audit.compliance.AuditSearch;
import se.samverkan.audit.compliance.MunicipalityScope;
import se.samverkan.audit.compliance.Needles;
import se.samverkan.audit.log.Entries;
import se.samverkan.audit.log.PendingEntry;
import se.samverkan.audit.log.Sequencer;
import se.samverkan.contracts.signing.EventSigner;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The scheduled reconciliation (issue 16, cross-checks): reads every new entry of the log from its bytes into the
 * {@link ManifestLedger}, keeps the current findings for the report, and appends each finding once to the log itself
 * ({@code se.samverkan.audit.reconciliation-discrepancy.v1}, signed like all the log's own entries), which raises a
 * RECONCILIATION_DISCREPANCY review item. Only the leader runs it, as only the leader appends.
 *
 * <p>The ledger lives in memory and is rebuilt from the whole log after a restart or fail-over: one pass over every
 * entry, about as heavy as a pass of the integrity check; the findings it appends again are recognised by their ids.
 */
@Component
public class Reconciliation implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(Reconciliation.class);
    private static final int PAGE = 5_000;
    /** Findings appended per run at most: a flood (e.g. a misconfigured key) must not starve the listener. */
    static final int MAX_APPENDED_PER_RUN = 200;

    /** @param unsignedBeforeManifests case-service entries from before signatures and manifests, not reconciled */
    public record Report(Instant lastRunAt, long scannedToLeaf, List<ManifestLedger.StreamSummary> streams,
                         long unsignedBeforeManifests, List<Discrepancy> discrepancies) {
    }

    private final JdbcTemplate jdbc;
    private final AuditSearch search;
    private final Sequencer sequencer;
    private final EventSigner signer;
    private final ReconciliationProperties properties;
    private final Clock clock;
    private ManifestLedger ledger;
    private long nextLeaf;
    private final Set<String> appended = new HashSet<>();
    private volatile Report report = new Report(null, 0, List.of(), 0, List.of());

    public Reconciliation(JdbcTemplate jdbc, AuditSearch search, Sequencer sequencer, EventSigner signer, ReconciliationProperties properties,
                          Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.search = search;
        this.sequencer = sequencer;
        this.signer = signer;
        this.properties = properties;
        this.clock = clock;
        this.ledger = new ManifestLedger(properties.maxUnlisted());
        Gauge.builder("samverkan.audit.reconciliation.discrepancies", () -> report.discrepancies().size())
                .description("disagreements between the audit log and case-service's publication manifests").register(meters);
    }

    @Scheduled(fixedDelayString = "${samverkan.audit.reconciliation.every:1m}", initialDelayString = "${samverkan.audit.reconciliation.every:1m}")
    public void scheduled() {
        try {
            run();
        } catch (RuntimeException e) {
            log.warn("Reconciliation failed, will retry: {}", e.getClass().getSimpleName());
        }
    }

    public synchronized Report run() {
        if (!sequencer.isLeader()) {
            // a standby rebuilds from the start when it leads: what it read may have been appended to since
            ledger = new ManifestLedger(properties.maxUnlisted());
            nextLeaf = 0;
            return report;
        }
        Instant seenAt = clock.instant();
        int read;
        do {
            long from = nextLeaf;
            List<Object[]> rows = jdbc.query("SELECT leaf_index, entry FROM audit_entries WHERE leaf_index >= ? ORDER BY leaf_index LIMIT ?",
                    (rs, row) -> new Object[]{rs.getLong(1), rs.getBytes(2)}, from, PAGE);
            for (Object[] row : rows) {
                long leaf = (Long) row[0];
                if (leaf != nextLeaf) {
                    break; // a gap (a deleted row): the integrity check names it; read on from here next time
                }
                try {
                    ledger.accept(leaf, Entries.fromStored((byte[]) row[1]), seenAt);
                } catch (RuntimeException e) {
                    // bytes that no longer parse: the integrity check reports them, the reconciliation skips them
                }
                nextLeaf = leaf + 1;
            }
            read = rows.size();
        } while (read == PAGE);

        Instant now = clock.instant();
        List<Discrepancy> found = ledger.discrepancies(now, properties.grace(), this::inLog, this::municipalities);
        report = new Report(now, nextLeaf, ledger.streams(), ledger.unsignedBeforeManifests(), List.copyOf(found));
        int added = 0;
        for (Discrepancy discrepancy : found) {
            if (added >= MAX_APPENDED_PER_RUN) {
                break;
            }
            if (appended.add(discrepancy.key())) {
                sequencer.append(entry(discrepancy, now));
                added++;
            }
        }
        if (added > 0) {
            log.warn("Reconciliation with case-service's manifests found {} new discrepancies ({} in all)", added, found.size());
        }
        return report;
    }

    /** Which of these events the log holds (the ledger asks only about events it counted without their ids). */
    public Set<UUID> inLog(Collection<UUID> eventIds) {
        return new HashSet<>(jdbc.query(con -> {
            PreparedStatement statement = con.prepareStatement("SELECT event_id FROM audit_entries WHERE event_id = ANY(?)");
            statement.setArray(1, con.createArrayOf("uuid", eventIds.toArray()));
            return statement;
        }, (rs, row) -> rs.getObject(1, UUID.class)));
    }

    /**
     * The municipality the log's own entries name for each case: the first of the case's entries, in log order, whose
     * bytes name the case and a municipality. The leaves come from the search index, built from the bytes, so a
     * superuser's edit of the case column neither hides the case's entries nor lends it another's (asked only for
     * cases of missing events).
     */
    public Map<UUID, String> municipalities(Collection<UUID> caseIds) {
        Map<UUID, String> named = new HashMap<>();
        long logSize = search.size();
        for (UUID caseId : caseIds) {
            search.scan(0, logSize, Needles.caseId(caseId), stored -> {
                PendingEntry entry = stored.entry();
                if (entry == null || !caseId.equals(entry.caseId()) || entry.caseMunicipality() == null) {
                    return true; // bytes that no longer parse are the integrity check's to report
                }
                named.put(caseId, entry.caseMunicipality());
                return false;
            });
        }
        return named;
    }

    private PendingEntry entry(Discrepancy d, Instant now) {
        UUID id = UUID.nameUUIDFromBytes(("reconciliation/" + d.key()).getBytes(StandardCharsets.UTF_8));
        var data = Entries.object().put("kind", d.kind().name()).put("stream", d.stream().name()).put("detail", d.detail());
        if (d.sequence() != null) {
            data.put("sequence", d.sequence());
        }
        if (d.eventId() != null) {
            data.put("eventId", d.eventId().toString());
        }
        if (d.leafIndex() != null) {
            data.put("leafIndex", d.leafIndex());
        }
        if (d.municipality() != null) {
            data.put("caseMunicipality", d.municipality());
        }
        return Entries.internal(signer, id, Entries.RECONCILIATION_DISCREPANCY, d.kind().name(), now, null, d.caseId(), null, data);
    }

    /** The latest findings an officer may see: her municipality's cases, and whatever concerns no known municipality. */
    public Report report(MunicipalityScope scope) {
        Report current = report;
        return new Report(current.lastRunAt(), current.scannedToLeaf(), current.streams(), current.unsignedBeforeManifests(),
                current.discrepancies().stream()
                .filter(d -> d.municipality() == null || d.municipality().equals(scope.municipality())).toList());
    }

    /** Informative, never DOWN: a finding is for a person to look into (review item), not a reason to stop serving. */
    @Override
    public Health health() {
        Report current = report;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("discrepancies", current.discrepancies().size());
        details.put("lastRunAt", current.lastRunAt() == null ? "not yet" : current.lastRunAt().toString());
        details.put("scannedToLeaf", current.scannedToLeaf());
        return Health.up().withDetails(details).build();
    }
}
