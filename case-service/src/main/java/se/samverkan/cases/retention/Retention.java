package se.samverkan.cases.retention;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import se.samverkan.cases.application.CaseFiles;
import se.samverkan.cases.application.ForgedEventException;
import se.samverkan.cases.domain.CaseCommand.ClearCaseData;
import se.samverkan.cases.domain.CaseFile;
import se.samverkan.cases.domain.CaseId;
import se.samverkan.cases.domain.DocumentType;
import se.samverkan.cases.privacy.CaseSubjects;
import se.samverkan.cases.privacy.SubjectKeys;
import se.samverkan.contracts.Program;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Clears the document types of closed cases whose retention has run out: the case records {@code DocumentsCleared},
 * and with its last type {@code CaseDataCleared} (published, so the audit log has it). The subject's key for a type is
 * shredded once no case of the subject retains that type, and all its keys once no case is retained at all (the
 * subject id is per municipality, so other municipalities' cases are never affected). Candidates come from the case
 * list; every decision is taken on the case as loaded from the event store.
 */
@Component
public class Retention {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    public enum Verdict { DUE, LEGAL_HOLD, RESEARCH_SAMPLE, NOT_YET_DUE }

    public record Item(UUID caseId, String unit, Program program, DocumentType documentType, LocalDate closedOn,
                       LocalDate clearingDate, Verdict verdict, boolean blockedByLegalHold) {
    }

    /**
     * {@code casesCleared}: cases whose last document type went in this run. {@code withheldForIntegrity}: closed cases
     * the run could not assess because their stored history fails its authenticity check ({@link ForgedEventException}):
     * nothing of them is cleared, and no key of their subject is shredded, until an operator has dealt with the row.
     */
    public record Outcome(int casesCleared, int documentTypesCleared, int subjectKeysShredded, List<Item> items,
                          List<UUID> withheldForIntegrity) {
    }

    /** What a dry run would do in a unit, and the cases it could not assess (as in {@link Outcome}). */
    public record Assessment(List<Item> items, List<UUID> withheldForIntegrity) {
    }

    /** The closed cases to assess, as loaded; and those that refused to load as not authentic. */
    private record Candidates(List<CaseFile> files, List<UUID> withheld) {
    }

    private final JdbcClient jdbc;
    private final CaseFiles files;
    private final CommandGateway commands;
    private final SubjectKeys keys;
    private final CaseSubjects caseSubjects;
    private final RetentionRules rules;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Counter casesClearedCount;
    private final Counter typesClearedCount;
    private final Counter keysShreddedCount;
    private final Counter casesNotCleared;
    private final Counter casesWithheld;
    private final Set<UUID> withheldAlerted = ConcurrentHashMap.newKeySet();

    public Retention(JdbcClient jdbc, CaseFiles files, CommandGateway commands, SubjectKeys keys,
                     CaseSubjects caseSubjects, RetentionProperties properties, Clock clock, MeterRegistry meters) {
        // issue 13: an operator sees every run (timer by outcome) and what it cleared and shredded, never whose
        this.meters = meters;
        this.casesClearedCount = Counter.builder("samverkan.retention.cleared.cases")
                .description("closed cases cleared completely by retention runs").register(meters);
        this.typesClearedCount = Counter.builder("samverkan.retention.cleared.document.types")
                .description("document types of cases cleared by retention runs").register(meters);
        this.keysShreddedCount = Counter.builder("samverkan.retention.shredded.keys")
                .description("subject data keys shredded by retention runs").register(meters);
        this.casesNotCleared = Counter.builder("samverkan.retention.not.cleared.cases")
                .description("due cases a retention run could not clear (retried by the next run)").register(meters);
        this.casesWithheld = Counter.builder("samverkan.retention.withheld.cases")
                .description("closed cases retention withholds because their stored history fails its authenticity"
                        + " check (counted once per case and instance)").register(meters);
        Timer.builder(RUNS).description(RUNS_DESCRIPTION).tag("outcome", "completed").register(meters);
        Timer.builder(RUNS).description(RUNS_DESCRIPTION).tag("outcome", "failed").register(meters);
        this.caseSubjects = caseSubjects;
        this.jdbc = jdbc;
        this.files = files;
        this.commands = commands;
        this.keys = keys;
        this.rules = properties.rules();
        this.clock = clock;
    }

    /** What clearing on {@code today} would do in a unit; clears nothing. Document types not yet due are left out. */
    public Assessment dryRun(String municipality, String unit, LocalDate today) {
        Candidates candidates = candidates(municipality, unit);
        return new Assessment(candidates.files().stream().flatMap(file -> assess(file, today).stream())
                .filter(i -> i.verdict() != Verdict.NOT_YET_DUE).toList(), candidates.withheld());
    }

    public Outcome clearDue(LocalDate today) {
        return clearDue(today, item -> true);
    }

    static final String RUNS = "samverkan.retention.runs";
    private static final String RUNS_DESCRIPTION = "retention runs (clearing due case data, shredding keys)";

    /** {@code scope} narrows a run (tests, a unit cleared by hand); the rules still decide what is due. */
    Outcome clearDue(LocalDate today, Predicate<Item> scope) {
        Timer.Sample run = Timer.start(meters);
        String outcome = "failed";
        try {
            Outcome done = clear(today, scope);
            outcome = "completed";
            casesClearedCount.increment(done.casesCleared());
            typesClearedCount.increment(done.documentTypesCleared());
            keysShreddedCount.increment(done.subjectKeysShredded());
            return done;
        } finally {
            run.stop(Timer.builder(RUNS).description(RUNS_DESCRIPTION)
                    .tag("outcome", outcome).register(meters));
        }
    }

    private Outcome clear(LocalDate today, Predicate<Item> scope) {
        List<Item> items = new ArrayList<>();
        Map<UUID, EnumSet<DocumentType>> due = new LinkedHashMap<>();
        Map<UUID, EnumSet<DocumentType>> bySubject = new LinkedHashMap<>();
        Candidates candidates = candidates(null, null);
        for (CaseFile file : candidates.files()) {
            List<Item> inScope = assess(file, today).stream().filter(scope).toList();
            if (inScope.isEmpty()) {
                continue;
            }
            items.addAll(inScope);
            UUID caseId = file.caseId().value();
            if (!file.clearedDocumentTypes().isEmpty()) {
                // a run that stopped between clearing types and recording them left their keys alive: catch up
                caseSubjects.markDocumentsCleared(caseId, file.clearedDocumentTypes());
                caseSubjects.subjectOf(caseId).ifPresent(subject -> bySubject
                        .computeIfAbsent(subject, s -> EnumSet.noneOf(DocumentType.class)).addAll(file.clearedDocumentTypes()));
            }
            inScope.stream().filter(i -> i.verdict() == Verdict.DUE)
                    .forEach(i -> due.computeIfAbsent(caseId, id -> EnumSet.noneOf(DocumentType.class)).add(i.documentType()));
        }
        int casesCleared = 0;
        int typesCleared = 0;
        int shredded = 0;
        for (Map.Entry<UUID, EnumSet<DocumentType>> entry : due.entrySet()) {
            UUID caseId = entry.getKey();
            try {
                commands.sendAndWait(new ClearCaseData(new CaseId(caseId), entry.getValue(), today, null, clock.instant()));
            } catch (RuntimeException e) {
                // e.g. a hold placed since the assessment; the next run looks again
                log.warn("Retention could not clear case {}: {}", caseId, e.getClass().getSimpleName());
                casesNotCleared.increment();
                continue;
            }
            caseSubjects.markDocumentsCleared(caseId, entry.getValue());
            typesCleared += entry.getValue().size();
            if (files.load(new CaseId(caseId)).map(CaseFile::isCleared).orElse(false)) {
                caseSubjects.markCleared(caseId);
                casesCleared++;
            }
            caseSubjects.subjectOf(caseId).ifPresent(subject ->
                    bySubject.computeIfAbsent(subject, s -> EnumSet.noneOf(DocumentType.class)).addAll(entry.getValue()));
        }
        for (Map.Entry<UUID, EnumSet<DocumentType>> entry : bySubject.entrySet()) {
            for (DocumentType type : entry.getValue()) {
                shredded += keys.shred(entry.getKey(), type);
            }
            if (noCaseRetains(entry.getKey())) {
                shredded += keys.shred(entry.getKey());
            }
        }
        if (typesCleared > 0 || shredded > 0) {
            log.info("Retention cleared {} document types ({} cases completely) and shredded {} data keys",
                    typesCleared, casesCleared, shredded);
        }
        return new Outcome(casesCleared, typesCleared, shredded, items, candidates.withheld());
    }

    /**
     * Closed cases with something left to clear, as loaded from the event store. A case whose history fails its
     * authenticity check is set apart, not assessed: one forged row must not stop a unit's whole run (nor its dry run),
     * and nothing may be cleared or kept on the strength of a history the service did not write.
     */
    private Candidates candidates(String municipality, String unit) {
        List<UUID> caseIds = jdbc.sql("""
                        SELECT case_id FROM case_summary
                        WHERE status = 'CLOSED' AND cleared_on IS NULL
                          AND (CAST(? AS text) IS NULL OR municipality = ?) AND (CAST(? AS text) IS NULL OR unit = ?)
                        ORDER BY closed_at""")
                .params(municipality, municipality, unit, unit)
                .query(UUID.class).list();
        List<CaseFile> candidates = new ArrayList<>();
        List<UUID> withheld = new ArrayList<>();
        for (UUID caseId : caseIds) {
            try {
                files.load(new CaseId(caseId)).filter(f -> f.closedAt() != null && !f.isCleared()).ifPresent(candidates::add);
            } catch (RuntimeException e) {
                ForgedEventException forged = ForgedEventException.foundIn(e).orElseThrow(() -> e);
                withheld.add(caseId);
                withheldForIntegrity(caseId, forged);
            }
        }
        return new Candidates(candidates, withheld);
    }

    /** Once per case and instance: the row itself was alerted when it was met ({@code storedevents.ForgedRows}). */
    private void withheldForIntegrity(UUID caseId, ForgedEventException forged) {
        if (withheldAlerted.add(caseId)) {
            casesWithheld.increment();
            log.error("ALERT: retention withholds case {}: its stored history fails its authenticity check (global index"
                    + " {}), so it is neither assessed nor cleared, and no key of its subject is shredded, until an"
                    + " operator has dealt with the row (docs/operations.md, \"Alert: SamverkanEventStoreForged\")",
                    caseId, forged.globalIndex());
        }
    }

    private List<Item> assess(CaseFile file, LocalDate today) {
        LocalDate closedOn = LocalDate.ofInstant(file.closedAt(), clock.getZone());
        boolean held = !file.legalHolds().isEmpty();
        boolean research = !file.subject().erased() && rules.keptForResearch(file.subject().dateOfBirth());
        List<Item> items = new ArrayList<>();
        for (DocumentType type : DocumentType.values()) {
            if (file.isCleared(type)) {
                continue;
            }
            LocalDate clearingDate = rules.clearingDate(file.program(), type, closedOn);
            Verdict verdict = today.isBefore(clearingDate) ? Verdict.NOT_YET_DUE
                    : held ? Verdict.LEGAL_HOLD
                    : research ? Verdict.RESEARCH_SAMPLE
                    : Verdict.DUE;
            items.add(new Item(file.caseId().value(), file.unit(), file.program(), type, closedOn, clearingDate, verdict, held));
        }
        return items;
    }

    /** A case whose history fails its authenticity check counts as retaining: what it holds cannot be told. */
    private boolean noCaseRetains(UUID subjectId) {
        List<UUID> cases = jdbc.sql("SELECT case_id FROM keyvault.case_subject WHERE subject_id = ?").param(subjectId)
                .query(UUID.class).list();
        return cases.stream().allMatch(id -> {
            try {
                return files.load(new CaseId(id)).map(CaseFile::isCleared).orElse(true);
            } catch (RuntimeException e) {
                ForgedEventException.foundIn(e).orElseThrow(() -> e);
                return false;
            }
        });
    }
}
