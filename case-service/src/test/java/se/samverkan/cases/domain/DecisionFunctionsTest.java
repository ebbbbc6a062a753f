package se.samverkan.cases.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingSupplier;
import se.samverkan.cases.domain.CaseCommand.*;
import se.samverkan.cases.domain.CaseEvent.*;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.DataCategory;
import se.samverkan.contracts.LegalBasis;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.contracts.vocabulary.CaseOutcome;
import se.samverkan.contracts.vocabulary.MeasureType;
import se.samverkan.platform.problem.ClientProblem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static se.samverkan.cases.domain.CaseAggregateTest.*;

/**
 * The decision functions as plain functions of a case file, for the rules the aggregate tests did not reach: each
 * refusal names the code a client acts on, and a refused command decides no events.
 */
class DecisionFunctionsTest {

    static CaseFile file(CaseEvent... events) {
        return CaseFile.of(Arrays.asList(events));
    }

    static void refused(ThrowingSupplier<List<CaseEvent>> decision, String code) {
        assertThatThrownBy(decision::get).isInstanceOfSatisfying(ClientProblem.class,
                problem -> assertThat(problem.code()).isEqualTo(code));
    }

    static NoteRecorded note(String id) {
        return new NoteRecorded(CASE, id, "Samtal", null, ActedBy.of(ANNA), NOW);
    }

    @Test
    void aNoteIdIsRecordedOnceAndATextHasAnUpperBound() {
        CaseFile file = file(opened(), note("n1"));
        refused(() -> Notes.decide(file, new RecordNote(CASE, "n1", "Igen", null, ANNA, NOW)), "note-exists");
        refused(() -> Notes.decide(file, new RecordNote(CASE, "n2", "x".repeat(Notes.MAX_NOTE_LENGTH + 1), null, ANNA, NOW)),
                "note-text-invalid");
        assertThat(Notes.decide(file, new RecordNote(CASE, "n2", "x".repeat(Notes.MAX_NOTE_LENGTH), null, ANNA, NOW))).hasSize(1);
    }

    @Test
    void aMeasureNeedsATypeAndAStartDate() {
        refused(() -> Measures.decide(file(opened()), new RecordMeasure(CASE, "m1", null, TODAY, null, null, ANNA, NOW)), "measure-incomplete");
        refused(() -> Measures.decide(file(opened()), new RecordMeasure(CASE, "m1", MeasureType.CONTACT_PERSON, null, null, null, ANNA, NOW)),
                "measure-incomplete");
    }

    @Test
    void aLulDateIsEnteredOnce() {
        CaseFile file = file(opened(), new DeadlineScheduled(CASE, "d1", se.samverkan.contracts.DeadlineKind.LUL_POLICE_INVESTIGATION,
                TODAY.plusWeeks(6), ActedBy.of(ANNA), NOW));
        refused(() -> Deadlines.decide(file, new RecordLulDeadline(CASE, "d1", se.samverkan.contracts.DeadlineKind.LUL_POLICE_INVESTIGATION,
                TODAY.plusWeeks(7), null, ANNA, NOW)), "deadline-exists");
    }

    @Test
    void closingNeedsAnOutcomeAndReopeningAReason() {
        refused(() -> Closure.decide(file(opened()), new CloseCase(CASE, null, null, ANNA, NOW), STOCKHOLM), "outcome-required");
        CaseFile closed = file(opened(), new CaseClosed(CASE, Phase.INTAKE, "GOALS_MET", ActedBy.of(ANNA), NOW, null));
        refused(() -> Closure.decide(closed, new ReopenCase(CASE, " ", null, ANNA, NOW)), "reason-required");
        refused(() -> Closure.decide(closed, new CloseCase(CASE, CaseOutcome.GOALS_MET, null, ANNA, NOW), STOCKHOLM), "case-closed");
    }

    @Test
    void aCaseIsSharedOncePerPartnerUnitAndNeverWithItsOwnMunicipality() {
        CaseFile exit = file(opened(Program.EXIT_PROGRAM), PartnerSharingTest.partnerConsent(TODAY.plusDays(60)),
                PartnerSharingTest.shared("s1", TODAY.plusDays(60)));
        refused(() -> Sharing.decide(exit, PartnerSharingTest.share("s2", "0127", "botkyrka-avhopp",
                PartnerSharingTest.CATEGORIES, null), PartnerSharingTest.REGISTER, DEMO_STAFF, STOCKHOLM), "already-shared");
        refused(() -> Sharing.decide(exit, PartnerSharingTest.share("s2", "0136", "haninge-avhopp",
                PartnerSharingTest.CATEGORIES, null), PartnerSharingTest.REGISTER, DEMO_STAFF, STOCKHOLM), "partner-is-owner");
    }

    static RecordConsent recordConsent(ConsentId id, List<Consent.ConsentParty> parties, Set<DataCategory> categories,
                                       java.time.LocalDate from, java.time.LocalDate until) {
        return new RecordConsent(CASE, id, parties, Agency.POLICE, POLICE_UNIT, List.of(), categories, from, until, "dok-2", null, ANNA, NOW);
    }

    @Test
    void aConsentIsRecordedOnceForNamedCategoriesAPeriodAndTheSubject() {
        CaseFile file = file(opened(), consent());
        refused(() -> Consents.decide(file, recordConsent(CONSENT, PARTIES, SHARED, TODAY, TODAY.plusDays(1)), STOCKHOLM), "consent-exists");
        ConsentId other = new ConsentId(UUID.randomUUID());
        refused(() -> Consents.decide(file, recordConsent(other, PARTIES, Set.of(), TODAY, TODAY.plusDays(1)), STOCKHOLM), "data-categories-required");
        refused(() -> Consents.decide(file, recordConsent(other, PARTIES, SHARED, TODAY, TODAY.minusDays(1)), STOCKHOLM), "consent-period-invalid");
        refused(() -> Consents.decide(file, recordConsent(other, List.of(new Consent.ConsentParty(Consent.PartyRole.GUARDIAN, GUARDIAN)),
                SHARED, TODAY, TODAY.plusDays(1)), STOCKHOLM), "subject-consent-required");
    }

    @Test
    void aReferralIsCreatedOnceAndCarriesTheTextsItShares() {
        CaseFile file = file(opened(), consent(), sent());
        refused(() -> Referrals.decide(file, createByConsent(SHARED), STOCKHOLM), "referral-exists");
        CaseFile fresh = file(opened(), consent());
        refused(() -> Referrals.decide(fresh, new CreateReferral(CASE, REFERRAL, POLICE_UNIT, BY_CONSENT, null, CONSENT,
                SHARED, " ", null, null, null, ANNA, NOW), STOCKHOLM), "case-summary-required");
        refused(() -> Referrals.decide(fresh, new CreateReferral(CASE, REFERRAL, POLICE_UNIT, BY_CONSENT, null, CONSENT,
                EnumSet.of(DataCategory.RISK_ASSESSMENT), null, null, null, null, ANNA, NOW), STOCKHOLM), "risk-assessment-required");
        refused(() -> Referrals.decide(fresh, new CreateReferral(CASE, REFERRAL, POLICE_UNIT, BY_CONSENT, null, CONSENT,
                Set.of(), "Sammanfattning", null, null, null, ANNA, NOW), STOCKHOLM), "data-categories-required");
    }

    @Test
    void onlyAReferralAwaitingApprovalIsApprovedAndFeedbackNeedsText() {
        CaseFile file = file(opened(), consent(), sent(), new ReferralAccepted(CASE, REFERRAL, POLICE_UNIT, ActedBy.of(DAVID), NOW));
        refused(() -> Referrals.decide(file, new ApproveReferral(CASE, REFERRAL, BY_CONSENT, null, CECILIA, NOW), STOCKHOLM),
                "referral-not-awaiting-approval");
        refused(() -> Referrals.decide(file, new PostPoliceFeedback(CASE, REFERRAL, "f1", " ", DAVID, NOW), STOCKHOLM),
                "feedback-text-required");
    }

    @Test
    void thePoliceCannotActOnAReferralWhoseConsentWasWithdrawn() {
        CaseFile file = file(opened(), consent(), sent(), new ConsentWithdrawn(CASE, CONSENT, Consent.PartyRole.SUBJECT, TODAY,
                List.of(), ActedBy.of(ANNA), NOW));
        refused(() -> Referrals.decide(file, new AcknowledgeReferral(CASE, REFERRAL, DAVID, NOW), STOCKHOLM), "legal-basis-lapsed");
    }

    @Test
    void aHoldIdIsPlacedOnceAndAProtectionLevelMustBeNamed() {
        CaseFile held = file(opened(), new LegalHoldPlaced(CASE, "h1", LegalHoldKind.LITIGATION, "Tvist", ActedBy.of(CECILIA), NOW));
        refused(() -> LegalHolds.decide(held, new PlaceLegalHold(CASE, "h1", LegalHoldKind.LITIGATION, "Igen", null, CECILIA, NOW)),
                "legal-hold-exists");
        refused(() -> LegalHolds.decide(held, new LiftLegalHold(CASE, "h1", null, null, CECILIA, NOW)), "reason-required");
        refused(() -> Protection.decide(held, new ChangeProtectedIdentity(CASE, null, null, CECILIA, NOW)), "level-required");
        assertThat(Protection.decide(held, new ChangeProtectedIdentity(CASE, ProtectedIdentity.SEKRETESSMARKERING, null, CECILIA, NOW)))
                .singleElement().isInstanceOf(ProtectedIdentityChanged.class);
    }

    @Test
    void clearingThatCompletesTheTypesAlsoClearsTheCase() {
        List<CaseEvent> history = new ArrayList<>(List.of(opened(), new CaseClosed(CASE, Phase.INTAKE, "GOALS_MET", ActedBy.of(ANNA), NOW, null)));
        EnumSet<DocumentType> allButJournal = EnumSet.complementOf(EnumSet.of(DocumentType.JOURNAL));
        history.add(new DocumentsCleared(CASE, allButJournal, TODAY, null, NOW));
        CaseFile file = CaseFile.of(history);
        assertThat(Clearing.decide(file, new ClearCaseData(CASE, EnumSet.of(DocumentType.JOURNAL), TODAY, null, NOW)))
                .extracting(Object::getClass).containsExactly(DocumentsCleared.class, CaseDataCleared.class);
        assertThat(Clearing.decide(file, new ClearCaseData(CASE, allButJournal, TODAY, null, NOW))).as("already cleared").isEmpty();
    }
}
