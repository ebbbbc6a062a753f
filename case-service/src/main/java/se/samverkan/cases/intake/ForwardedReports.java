package se.samverkan.cases.intake;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import se.samverkan.cases.application.CaseFiles;
import se.samverkan.cases.application.ReportIntake;
import se.samverkan.cases.application.ReportIntake.IncomingReport;
import se.samverkan.cases.domain.CaseFile;
import se.samverkan.cases.domain.CaseId;
import se.samverkan.cases.domain.ForwardingRoute;
import se.samverkan.cases.domain.IntakeReport;
import se.samverkan.cases.domain.RetainedView;
import se.samverkan.cases.domain.Subject;
import se.samverkan.cases.projection.IntakeReports;
import se.samverkan.contracts.vocabulary.ConcernType;
import se.samverkan.platform.problem.ClientProblem;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The second leg of a forwarding: the unit a report was forwarded to receives it like any report (it joins the
 * subject's case open there, or opens an intake), naming the unit it came from. The forwarding itself is recorded on
 * the sending case first ({@code ReportForwarded}); the receiving leg follows at once, and if that fails (a crash, the
 * database gone) this watch places it from the intake read model, which lists every forwarding whose receiving unit
 * has no leg yet. Placing is idempotent: an intake opened by a forwarding has an id derived from the report and the
 * unit, and a report already on the case it would join changes nothing. The leg is placed by the system (no person):
 * who forwarded it is on the sending case's event.
 */
@Component
public class ForwardedReports {

    private static final Logger log = LoggerFactory.getLogger(ForwardedReports.class);
    /** A leg that cannot be placed (its unit gone from the configured list) is tried again after this, not every tick. */
    private static final Duration AFTER_A_REFUSAL = Duration.ofMinutes(10);

    private final ReportIntake intake;
    private final CaseFiles files;
    private final IntakeReports reports;
    private final Clock clock;
    private final Map<String, Instant> refused = new ConcurrentHashMap<>();

    public ForwardedReports(ReportIntake intake, CaseFiles files, IntakeReports reports, Clock clock) {
        this.intake = intake;
        this.files = files;
        this.reports = reports;
        this.clock = clock;
    }

    /** The id of the intake a forwarding opens in the receiving unit, the same on every try. */
    public static CaseId forwardedCaseId(String reportId, String toMunicipality, String toUnit) {
        return new CaseId(UUID.nameUUIDFromBytes(("forwarded:" + reportId + ":" + toMunicipality + ":" + toUnit)
                .getBytes(StandardCharsets.UTF_8)));
    }

    /** Places the receiving leg of the report forwarded from {@code from}; false when it cannot be placed now. */
    public boolean place(CaseId from, String reportId) {
        CaseFile source = files.load(from).orElse(null);
        IntakeReport report = source == null ? null : RetainedView.of(source).reports().stream()
                .filter(r -> r.reportId().equals(reportId) && r.isForwarded()).findFirst().orElse(null);
        if (report == null) {
            return false;
        }
        // the subject under the level in force on the sending case now (CaseFile#subject), not the one it opened with:
        // a protection raised there travels with the report, so the receiving unit's readers outside its team never
        // see the address
        Subject subject = RetainedView.of(source).subject().orElse(null);
        if (subject == null || report.summary() == null) {
            // the sending case was cleared or its subject shredded: there is nothing left to send on
            log.warn("Forwarded report {} of case {} can no longer be placed: its data was cleared", reportId, from);
            return false;
        }
        CaseId target = forwardedCaseId(reportId, report.forwardedToMunicipality(), report.forwardedToUnit());
        if (files.load(target).isPresent()) {
            return true;
        }
        boolean beenThere = reports.legs(UUID.fromString(reportId)).stream()
                .anyMatch(leg -> leg.municipality().equals(report.forwardedToMunicipality()) && leg.unit().equals(report.forwardedToUnit()));
        if (beenThere) {
            // a loop recorded before loops were refused: the unit has the report already, there is nothing to place
            log.warn("Forwarded report {} of case {} is already at {}: not placed again", reportId, from, report.forwardedToUnit());
            return true;
        }
        try {
            // the route travels with the report: the next unit knows every unit it was at without waiting for a read model
            List<ForwardingRoute.Stop> route = new ArrayList<>(report.stopsBefore());
            route.add(new ForwardingRoute.Stop(source.municipality(), source.unit()));
            intake.receive(new IncomingReport(reportId, report.forwardedToMunicipality(), report.forwardedToUnit(), subject,
                    report.summary(), report.reporter(), concernTypes(report), source.municipality(), source.unit(), route),
                    null, target);
            return true;
        } catch (ClientProblem e) {
            refused.put(reportId, clock.instant());
            log.warn("Forwarded report {} of case {} was refused by {} ({}); tried again in {}", reportId, from,
                    report.forwardedToUnit(), e.code(), AFTER_A_REFUSAL);
            return false;
        }
    }

    @Scheduled(fixedDelayString = "${samverkan.cases.intake.forwarding-check-interval:10s}", initialDelayString = "5s")
    public void placeMissingLegs() {
        Instant now = clock.instant();
        refused.values().removeIf(at -> at.plus(AFTER_A_REFUSAL).isBefore(now));
        for (IntakeReports.Row row : reports.forwardedNotYetReceived(100)) {
            if (refused.containsKey(row.reportId().toString())) {
                continue;
            }
            try {
                place(new CaseId(row.caseId()), row.reportId().toString());
            } catch (RuntimeException e) {
                log.warn("Forwarded report {} not placed yet, will retry: {}", row.reportId(), e.getClass().getSimpleName());
            }
        }
    }

    private static Set<ConcernType> concernTypes(IntakeReport report) {
        Set<ConcernType> types = EnumSet.noneOf(ConcernType.class);
        report.concernTypes().stream().filter(code -> se.samverkan.contracts.vocabulary.Vocabularies.isCode(ConcernType.class, code))
                .map(ConcernType::valueOf).forEach(types::add);
        return types;
    }
}
