package se.samverkan.cases.effects;

import org.junit.jupiter.api.Test;
import se.samverkan.cases.domain.CaseEvent;
import se.samverkan.cases.domain.CaseEvent.*;
import se.samverkan.cases.domain.CaseId;
import se.samverkan.cases.domain.Phase;
import se.samverkan.cases.effects.EffectSignal.CaseCleared;
import se.samverkan.cases.effects.EffectSignal.CaseStarted;
import se.samverkan.cases.effects.EffectSignal.Fact;
import se.samverkan.cases.effects.EffectSignal.ReportForwardedAway;
import se.samverkan.cases.publishing.IntegrationEventContractTest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 15: what each case event means for the effect figures, and that nothing else is kept. */
class EffectFactMapperTest {

    private final EffectFactMapper mapper = new EffectFactMapper(ZoneId.of("Europe/Stockholm"));
    private static final CaseId CASE = CaseId.random();
    /** 23:30 UTC on 31 March is 1 April in Stockholm: days are the configured zone's. */
    private static final Instant LATE = Instant.parse("2026-03-31T23:30:00Z");

    @Test
    void everyCaseEventMapsAndOnlyTheCountedOnesLeaveAnything() {
        List<Class<?>> leaving = IntegrationEventContractTest.samples().stream()
                .filter(e -> !mapper.map(e).isEmpty()).<Class<?>>map(Object::getClass).toList();
        assertThat(leaving).containsExactlyInAnyOrder(CaseOpened.class, PoliceReportReceived.class, FamilyContactRecorded.class,
                JointPoliceMeetingRecorded.class, FollowUpStatusRecorded.class, DocumentsCleared.class, CaseDataCleared.class,
                ReportReceived.class, CoordinationMeetingRecorded.class, CommitmentMade.class, CommitmentFollowedUp.class,
                ReportForwarded.class);
    }

    @Test
    void intakeReportsMeetingsPlansAndCommitmentsAreCountedByCodeDateAndReference() {
        ReportReceived report = IntegrationEventContractTest.samples().stream().filter(ReportReceived.class::isInstance)
                .map(ReportReceived.class::cast).findFirst().orElseThrow();
        assertThat(mapper.map(report)).containsExactly(new Fact(report.caseId(), FactKind.REPORT_RECEIVED,
                LocalDate.ofInstant(report.at(), ZoneId.of("Europe/Stockholm")), report.reporter().agency(),
                Set.copyOf(report.concernTypes()), report.reportId()));
        LocalDate held = LocalDate.of(2026, 5, 4);
        assertThat(mapper.map(new CoordinationMeetingRecorded(CASE, "m", held, List.of(), "agreed", true, null, LATE)))
                .containsExactly(Fact.of(CASE, FactKind.JOINT_MEETING, held), Fact.of(CASE, FactKind.ACTION_PLAN_AGREED, held));
        assertThat(mapper.map(new CoordinationMeetingRecorded(CASE, "m", held, List.of(), "met", false, null, LATE)))
                .containsExactly(Fact.of(CASE, FactKind.JOINT_MEETING, held));
        assertThat(mapper.map(new CommitmentFollowedUp(CASE, "c-1", "PARTLY_KEPT", held, held, null, LATE)))
                .containsExactly(new Fact(CASE, FactKind.COMMITMENT_PARTLY_KEPT, held, null, Set.of(), "c-1"));
        assertThat(mapper.map(new CommitmentFollowedUp(CASE, "c-1", "NOT_KEPT", held, held, null, LATE)))
                .containsExactly(new Fact(CASE, FactKind.COMMITMENT_NOT_KEPT, held, null, Set.of(), "c-1"));
    }

    @Test
    void aCaseStartsOnTheDayItWasOpenedInTheConfiguredZoneAndAPoliceReportIsAReportFromThePolice() {
        CaseOpened opened = IntegrationEventContractTest.samples().stream().filter(CaseOpened.class::isInstance)
                .map(CaseOpened.class::cast).findFirst().orElseThrow();
        CaseOpened late = new CaseOpened(opened.caseId(), opened.program(), opened.municipality(), opened.unit(), opened.subjectId(),
                opened.subject(), opened.team(), opened.origin(), opened.phase(), opened.by(), LATE);
        assertThat(mapper.map(late)).containsExactly(new CaseStarted(opened.caseId(), opened.subjectId(), "0136",
                opened.program(), LocalDate.of(2026, 4, 1)));
        assertThat(mapper.map(new PoliceReportReceived(CASE, "r-1", "polisen-haninge", "Sammanfattning", null, LATE)))
                .containsExactly(new Fact(CASE, FactKind.REPORT_RECEIVED, LocalDate.of(2026, 4, 1), "POLICE", Set.of(), "r-1"));
    }

    @Test
    void onlyACoordinationMeetingAgreesAPlanNotThePlanPhase() {
        assertThat(mapper.map(new PhaseChanged(CASE, Phase.INVESTIGATION, Phase.PLANNING, null, LATE))).isEmpty();
        assertThat(mapper.map(new PhaseChanged(CASE, Phase.PROTECTION, Phase.SUPPORT_PLAN, null, LATE))).isEmpty();
    }

    @Test
    void aReportForwardedAwayIsTakenBackFromTheCaseItLeft() {
        ReportForwarded forwarded = IntegrationEventContractTest.samples().stream().filter(ReportForwarded.class::isInstance)
                .map(ReportForwarded.class::cast).findFirst().orElseThrow();
        assertThat(mapper.map(forwarded)).containsExactly(new ReportForwardedAway(forwarded.caseId(), forwarded.reportId()));
    }

    @Test
    void milestonesKeepTheirOwnDayAndTheFollowUpItsCode() {
        LocalDate day = LocalDate.of(2026, 2, 3);
        assertThat(mapper.map(new FamilyContactRecorded(CASE, day, null, LATE))).containsExactly(Fact.of(CASE, FactKind.FAMILY_CONTACT, day));
        assertThat(mapper.map(new FollowUpStatusRecorded(CASE, "f", "WORKING", day, null, LATE)))
                .containsExactly(new Fact(CASE, FactKind.FOLLOW_UP_STATUS, day, "WORKING", Set.of(), null));
        assertThat(mapper.map(new CaseDataCleared(CASE, day, null, LATE))).containsExactly(new CaseCleared(CASE));
    }

    @Test
    void noSignalCarriesTextOrAnIdentityNumber() {
        for (CaseEvent sample : IntegrationEventContractTest.samples()) {
            assertThat(mapper.map(sample).toString()).doesNotContain("9124", "Hemlig", "Gömda", "2836",
                    "Känslig journaltext");
        }
    }
}
