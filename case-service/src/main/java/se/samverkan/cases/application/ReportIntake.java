package se.samverkan.cases.application;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import se.samverkan.cases.config.CaseServiceProperties;
import se.samverkan.cases.domain.CaseCommand.AttachReport;
import se.samverkan.cases.domain.CaseCommand.ReceiveReport;
import se.samverkan.cases.domain.CaseId;
import se.samverkan.cases.domain.ForwardingRoute;
import se.samverkan.cases.domain.ReportCaseChoice;
import se.samverkan.cases.domain.ReportSource;
import se.samverkan.cases.domain.Subject;
import se.samverkan.cases.domain.SubjectId;
import se.samverkan.cases.domain.SubjectPseudonyms;
import se.samverkan.cases.projection.IntakeCases;
import se.samverkan.contracts.vocabulary.ConcernType;
import se.samverkan.platform.identity.Actor;
import se.samverkan.platform.problem.ClientProblem;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The one way a report or concern enters a unit, whoever sent it (the police, a school, a field assistant, leisure
 * staff, or another unit forwarding it): it joins the subject's case open in the unit, or opens an intake there.
 * Whether a case is open is read from {@link IntakeCases} (kept with the events) under a lock per subject and unit
 * held until the command commits, so two reports about the same young person arriving together end up on one case.
 * Who may send is decided before this (the policy, recorded); this only places the report.
 */
@Component
public class ReportIntake {

    /**
     * A report as it arrives in {@code municipality}/{@code unit}; {@code forwardedFrom…} null unless a unit forwarded
     * it, {@code earlierStops} then every unit it was received at before, the one it came from last.
     */
    public record IncomingReport(String reportId, String municipality, String unit, Subject subject, String summary,
                                 ReportSource reporter, Set<ConcernType> concernTypes, String forwardedFromMunicipality,
                                 String forwardedFromUnit, List<ForwardingRoute.Stop> earlierStops) {

        public IncomingReport(String reportId, String municipality, String unit, Subject subject, String summary,
                              ReportSource reporter, Set<ConcernType> concernTypes) {
            this(reportId, municipality, unit, subject, summary, reporter, concernTypes, null, null, null);
        }

        @Override
        public String toString() {
            return "IncomingReport[" + reportId + "]";
        }
    }

    /** Where the report went: the case it opened or joined. Never for the sender, who learns only the report id. */
    public record Placed(CaseId caseId, boolean attached) {
    }

    private final CaseWrites writes;
    private final IntakeCases cases;
    private final SubjectPseudonyms pseudonyms;
    private final TransactionTemplate transaction;
    private final CaseServiceProperties properties;
    private final Clock clock;

    public ReportIntake(CaseWrites writes, IntakeCases cases, SubjectPseudonyms pseudonyms,
                        PlatformTransactionManager transactions, CaseServiceProperties properties, Clock clock) {
        this.writes = writes;
        this.cases = cases;
        this.pseudonyms = pseudonyms;
        this.transaction = new TransactionTemplate(transactions);
        this.properties = properties;
        this.clock = clock;
    }

    /** Places a report received now, opening a new intake under a random case id if the subject has no open case. */
    public Placed receive(IncomingReport report, Actor by) {
        return receive(report, by, CaseId.random());
    }

    /**
     * {@code newCaseId}: the id an intake it opens gets (a forwarding derives it from the report, so a retried
     * forwarding finds the case it opened). A case closed between the lookup and the attachment is not joined: the
     * report is placed again, now opening an intake.
     */
    public Placed receive(IncomingReport report, Actor by, CaseId newCaseId) {
        SubjectId subjectId = pseudonyms.subjectId(report.municipality(), report.subject().personnummer());
        Instant at = clock.instant();
        try {
            return place(report, subjectId, by, newCaseId, at);
        } catch (RuntimeException e) {
            if (!isCaseClosed(e)) {
                throw e;
            }
            return place(report, subjectId, by, newCaseId, at);
        }
    }

    private Placed place(IncomingReport report, SubjectId subjectId, Actor by, CaseId newCaseId, Instant at) {
        return transaction.execute(status -> {
            cases.lockSubjectInUnit(report.municipality(), report.unit(), subjectId.value());
            Optional<UUID> open = ReportCaseChoice.choose(cases.openCasesOf(report.municipality(), report.unit(), subjectId.value()));
            if (open.isPresent()) {
                CaseId caseId = new CaseId(open.get());
                writes.send(new AttachReport(caseId, report.reportId(), subjectId, report.subject().protectedIdentity(),
                        report.summary(), report.reporter(), report.concernTypes(), report.forwardedFromMunicipality(),
                        report.forwardedFromUnit(), report.earlierStops(), by, at));
                return new Placed(caseId, true);
            }
            writes.send(new ReceiveReport(newCaseId, report.reportId(), report.municipality(), report.unit(), subjectId,
                    report.subject(), report.summary(), report.reporter(), report.concernTypes(),
                    report.forwardedFromMunicipality(), report.forwardedFromUnit(), report.earlierStops(),
                    properties.firstFamilyContactDays(), by, at));
            return new Placed(newCaseId, false);
        });
    }

    private static boolean isCaseClosed(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ClientProblem problem && "case-closed".equals(problem.code())) {
                return true;
            }
        }
        return false;
    }
}
