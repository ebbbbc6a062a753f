package se.samverkan.cases.effects;

import se.samverkan.cases.domain.CaseId;
import se.samverkan.cases.domain.SubjectId;
import se.samverkan.contracts.Program;

import java.time.LocalDate;
import java.util.Set;

/** What one case event means for the effect figures ({@link EffectFactMapper}); the fact store turns it into rows. */
public sealed interface EffectSignal {

    CaseId caseId();

    /**
     * A case began: {@code on} is the day its first report was received (or, with no report, the day it was opened).
     * The store decides here whether it is a cohort case of its own or continues the young person's cohort case of the
     * last 12 months in the same program.
     */
    record CaseStarted(CaseId caseId, SubjectId subjectId, String municipality, Program program, LocalDate on)
            implements EffectSignal {
    }

    /**
     * {@code code}: the reporting agency (REPORT_RECEIVED) or the status code (FOLLOW_UP_STATUS), otherwise null;
     * {@code concernTypes}: the concern type codes of a report; {@code ref}: an id within the case that a later fact
     * refers back to (a commitment), stored only keyed.
     */
    record Fact(CaseId caseId, FactKind kind, LocalDate on, String code, Set<String> concernTypes, String ref)
            implements EffectSignal {

        public Fact {
            concernTypes = concernTypes == null ? Set.of() : Set.copyOf(concernTypes);
        }

        public static Fact of(CaseId caseId, FactKind kind, LocalDate on) {
            return new Fact(caseId, kind, on, null, Set.of(), null);
        }
    }

    /**
     * A report was forwarded away from the case as misdirected: it counts where it is handled, so its facts on this
     * case (and the new-police-report facts it gave a cohort case) are taken back; a case that then has no fact left
     * existed only for the misdirected report and leaves the cohort.
     */
    record ReportForwardedAway(CaseId caseId, String reportId) implements EffectSignal {
    }

    /** Retention cleared (some of) the case: its facts are folded into aggregates and deleted. */
    record CaseCleared(CaseId caseId) implements EffectSignal {
    }
}
