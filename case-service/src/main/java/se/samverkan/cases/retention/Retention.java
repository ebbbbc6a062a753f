package se.samverkan.cases.retention;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import se.samverkan.cases.application.CaseFiles;
import se.samverkan.cases.domain.CaseCommand.ClearCaseData;
import se.samverkan.cases.domain.CaseFile;
import se.samverkan.cases.domain.CaseId;
import se.samverkan.cases.privacy.SubjectKeys;
import se.samverkan.contracts.Program;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Clears closed cases whose retention has run out: the case records {@code CaseDataCleared} (published, so the audit
 * log has it), and the subject's data key is shredded once no case of the subject is retained any longer (the
 * subject id is per municipality, so other municipalities' cases are never affected). Candidates come from the case
 * list; every decision is taken on the case as loaded from the event store.
 */
@Component
public class Retention {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    public enum Verdict { DUE, LEGAL_HOLD, RESEARCH_SAMPLE, NOT_YET_DUE }

    public record Item(UUID caseId, String unit, Program program, LocalDate closedOn, LocalDate clearingDate,
                       Verdict verdict) {
    }

    public record Outcome(int casesCleared, int subjectKeysShredded, List<Item> items) {
    }

    private final JdbcClient jdbc;
    private final CaseFiles files;
    private final CommandGateway commands;
    private final SubjectKeys keys;
    private final se.samverkan.cases.privacy.CaseSubjects caseSubjects;
    private final RetentionRules rules;
    private final Clock clock;

    public Retention(JdbcClient jdbc, CaseFiles files, CommandGateway commands, SubjectKeys keys,
                     se.samverkan.cases.privacy.CaseSubjects caseSubjects, RetentionProperties properties, Clock clock) {
        this.caseSubjects = caseSubjects;
        this.jdbc = jdbc;
        this.files = files;
        this.commands = commands;
        this.keys = keys;
        this.rules = properties.rules();
        this.clock = clock;
    }

    /** What clearing on {@code today} would do in a unit; clears nothing. Cases not yet due are left out. */
    public List<Item> dryRun(String municipality, String unit, LocalDate today) {
        return assess(municipality, unit, today).stream().filter(i -> i.verdict() != Verdict.NOT_YET_DUE).toList();
    }

    public Outcome clearDue(LocalDate today) {
        return clearDue(today, item -> true);
    }

    /** {@code scope} narrows a run (tests, a unit cleared by hand); the rules still decide what is due. */
    Outcome clearDue(LocalDate today, java.util.function.Predicate<Item> scope) {
        List<Item> items = assess(null, null, today).stream().filter(scope).toList();
        int cleared = 0;
        int shredded = 0;
        List<UUID> subjects = new ArrayList<>();
        for (Item item : items) {
            if (item.verdict() != Verdict.DUE) {
                continue;
            }
            try {
                commands.sendAndWait(new ClearCaseData(new CaseId(item.caseId()), today, null, clock.instant()));
            } catch (RuntimeException e) {
                // e.g. a hold placed since the assessment; the next run looks again
                log.warn("Retention could not clear case {}: {}", item.caseId(), e.getClass().getSimpleName());
                continue;
            }
            caseSubjects.markCleared(item.caseId());
            cleared++;
            subjectOf(item.caseId()).ifPresent(subjects::add);
        }
        for (UUID subject : subjects.stream().distinct().toList()) {
            if (noCaseRetains(subject)) {
                shredded += keys.shred(subject);
            }
        }
        if (cleared > 0) {
            log.info("Retention cleared {} cases and shredded {} subject keys", cleared, shredded);
        }
        return new Outcome(cleared, shredded, items);
    }

    private List<Item> assess(String municipality, String unit, LocalDate today) {
        List<UUID> candidates = jdbc.sql("""
                        SELECT case_id FROM case_summary
                        WHERE status = 'CLOSED' AND cleared_on IS NULL
                          AND (CAST(? AS text) IS NULL OR municipality = ?) AND (CAST(? AS text) IS NULL OR unit = ?)
                        ORDER BY closed_at""")
                .params(municipality, municipality, unit, unit)
                .query(UUID.class).list();
        List<Item> items = new ArrayList<>();
        for (UUID caseId : candidates) {
            files.load(new CaseId(caseId)).filter(f -> f.closedAt() != null && !f.isCleared())
                    .ifPresent(file -> items.add(assess(file, today)));
        }
        return items;
    }

    private Item assess(CaseFile file, LocalDate today) {
        LocalDate closedOn = LocalDate.ofInstant(file.closedAt(), clock.getZone());
        LocalDate clearingDate = rules.clearingDate(file.program(), closedOn);
        Verdict verdict;
        if (today.isBefore(clearingDate)) {
            verdict = Verdict.NOT_YET_DUE;
        } else if (!file.legalHolds().isEmpty()) {
            verdict = Verdict.LEGAL_HOLD;
        } else if (!file.subject().erased() && rules.keptForResearch(file.subject().dateOfBirth())) {
            verdict = Verdict.RESEARCH_SAMPLE;
        } else {
            verdict = Verdict.DUE;
        }
        return new Item(file.caseId().value(), file.unit(), file.program(), closedOn, clearingDate, verdict);
    }

    private Optional<UUID> subjectOf(UUID caseId) {
        return jdbc.sql("SELECT subject_id FROM keyvault.case_subject WHERE case_id = ?").param(caseId).query(UUID.class).optional();
    }

    private boolean noCaseRetains(UUID subjectId) {
        List<UUID> cases = jdbc.sql("SELECT case_id FROM keyvault.case_subject WHERE subject_id = ?").param(subjectId)
                .query(UUID.class).list();
        return cases.stream().map(id -> files.load(new CaseId(id))).allMatch(f -> f.isEmpty() || f.get().isCleared());
    }
}
