package se.samverkan.cases.casework;

import org.junit.jupiter.api.Test;
import se.samverkan.cases.access.Decision;
import se.samverkan.cases.access.FieldGroup;
import se.samverkan.cases.domain.ActedBy;
import se.samverkan.cases.domain.CaseEvent;
import se.samverkan.cases.domain.CaseFile;
import se.samverkan.cases.domain.Commitment;
import se.samverkan.cases.domain.CoordinationMeeting;
import se.samverkan.cases.domain.IntakeReport;
import se.samverkan.cases.domain.MeetingParticipant;
import se.samverkan.cases.domain.SnapshotSamples;
import se.samverkan.contracts.Agency;
import se.samverkan.platform.test.TestUser;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samverkan.cases.access.FieldGroup.*;

/**
 * Where a protected person is now (the unit a report went to and why, the units it came through, the partner
 * municipalities of an exit case, the partner's unit a consent names, the partner's staff who wrote in the case, the
 * outside organisations and staff of a joint meeting and its commitments, the other units holding a case of the
 * subject) is contact data: a reader of the case's content without {@code CONTACT} (a supervisor or colleague outside the team, a
 * break-glass read) does not see it; the team does, and so does anyone reading a case without protection.
 */
class ProtectedLocationViewTest {

    static final LocalDate TODAY = LocalDate.of(2026, 12, 1);
    static final Set<FieldGroup> WITHOUT_CONTACT = EnumSet.of(METADATA, IDENTITY, CONTENT, CONSENTS, REFERRALS, OTHER_UNITS);
    static final Set<FieldGroup> WITH_CONTACT = EnumSet.of(METADATA, IDENTITY, CONTACT, CONTENT, CONSENTS, REFERRALS, OTHER_UNITS);

    /** The sample history raises the protection to SEKRETESSMARKERING; without that event the case is unprotected. */
    static CaseFile protectedCase() {
        return CaseFile.of(SnapshotSamples.history());
    }

    static CaseFile unprotectedCase() {
        return CaseFile.of(SnapshotSamples.history().stream()
                .filter(e -> !(e instanceof CaseEvent.ProtectedIdentityChanged)).toList());
    }

    static CaseView view(CaseFile file, Set<FieldGroup> groups) {
        return CaseView.of(file, Decision.allow("unit-supervisor", groups), TODAY, List.of(), null, NotesPage.LATEST);
    }

    @Test
    void aReaderOfAProtectedCaseWithoutContactSeesThatAReportWasForwardedButNotWhereNorWhy() {
        IntakeReport forwarded = forwardedReport(view(protectedCase(), WITHOUT_CONTACT));
        assertThat(forwarded.forwardedOn()).as("that it went, and when").isNotNull();
        assertThat(forwarded.forwardedToMunicipality()).isNull();
        assertThat(forwarded.forwardedToUnit()).isNull();
        assertThat(forwarded.forwardingReason()).isNull();
    }

    @Test
    void aReaderOfAProtectedCaseWithoutContactSeesThatTheCaseIsSharedButNotWithWhom() {
        CaseView view = view(protectedCase(), WITHOUT_CONTACT);
        assertThat(view.partnerShares()).isNotEmpty().allSatisfy(share -> {
            assertThat(share.partnerMunicipality()).isNull();
            assertThat(share.partnerUnit()).isNull();
            assertThat(share.coordinators()).as("the coordinators name the partner too").isNull();
            assertThat(share.role()).isNotNull();
        });
        assertThat(view.partnerNotes()).isNotEmpty().allSatisfy(n -> assertThat(n.partnerMunicipality()).isNull());
        assertThat(view.partnerMeasures()).isNotEmpty().allSatisfy(m -> assertThat(m.partnerMunicipality()).isNull());
        assertThat(view.costShares()).isNotEmpty().allSatisfy(c -> assertThat(c.payerMunicipality()).isNull());
        assertThat(view.sharedWith()).isNull();
    }

    @Test
    void aReaderOfAProtectedCaseWithoutContactSeesNeitherWhereAForwardedReportCameFromNorTheUnitsItPassed() {
        IntakeReport forwarded = forwardedReport(view(protectedCase(), WITHOUT_CONTACT));
        assertThat(forwarded.receivedAt()).as("that it came, and when").isNotNull();
        assertThat(forwarded.forwardedFromMunicipality()).isNull();
        assertThat(forwarded.forwardedFromUnit()).isNull();
        assertThat(forwarded.earlierStops()).as("the route names the units it passed").isNull();
    }

    @Test
    void aReaderOfAProtectedCaseWithoutContactSeesWhatKindOfUnitSentAReportButNotWhichUnit() {
        CaseView view = view(protectedCase(), WITHOUT_CONTACT);
        assertThat(view.reports()).isNotEmpty().allSatisfy(report -> {
            assertThat(report.reporter().agency()).isNotNull();
            assertThat(report.reporter().role()).as("a school, the police: how the case came").isNotNull();
            assertThat(report.reporter().unit()).as("which school is where the young person goes").isNull();
            assertThat(report.reporter().municipality()).isNull();
        });
    }

    @Test
    void aReaderOfAProtectedCaseWithoutContactSeesAConsentToAPartnerButNotTheUnitItNames() {
        CaseView view = view(protectedCase(), WITHOUT_CONTACT);
        CaseView.ConsentView toPartner = consent(view, SnapshotSamples.PARTNER_CONSENT.value());
        assertThat(toPartner.recipientAgency()).isEqualTo("SOCIAL_SERVICES");
        assertThat(toPartner.recipientUnit()).isNull();
        assertThat(consent(view, SnapshotSamples.CONSENT.value()).recipientUnit())
                .as("the police unit, which the referrals name anyway").isEqualTo("polisen-haninge");
    }

    @Test
    void aReaderOfAProtectedCaseWithoutContactDoesNotSeeWhichOfThePartnersStaffWroteInIt() {
        CaseView view = view(protectedCase(), WITHOUT_CONTACT);
        assertThat(view.partnerNotes()).isNotEmpty().allSatisfy(n -> {
            assertThat(n.recordedBy()).isNull();
            assertThat(n.recordedAt()).isNotNull();
        });
        assertThat(view.partnerMeasures()).isNotEmpty().allSatisfy(m -> assertThat(m.recordedBy()).isNull());
    }

    @Test
    void aReaderOfAProtectedCaseWithoutContactSeesWhoTookPartInAJointMeetingButNotWhereTheyWork() {
        CoordinationMeeting meeting = meeting(view(protectedCase(), WITHOUT_CONTACT), SnapshotSamples.MEETING);
        MeetingParticipant school = participant(meeting, "SCHOOL");
        assertThat(school.agency()).as("that the school took part").isEqualTo(Agency.MUNICIPALITY);
        assertThat(school.municipality()).isNull();
        assertThat(school.organisation()).as("the school names where the youth lives").isNull();
        assertThat(school.userId()).as("who they are says where they work").isNull();
        assertThat(participant(meeting, "YOUTH")).as("the youth is no place").isNotNull();
        assertThat(meeting.heldOn()).isNotNull();
        assertThat(meeting.recordedBy()).as("the team's own").isEqualTo(TestUser.SOCIAL_WORKER.id());
    }

    @Test
    void aReaderOfAProtectedCaseWithoutContactSeesWhatWasCommittedAndByWhenButNotByWhichOutsideOrganisation() {
        Commitment commitment = commitment(view(protectedCase(), WITHOUT_CONTACT), SnapshotSamples.COMMITMENT);
        assertThat(commitment.participantRole()).isEqualTo("SCHOOL");
        assertThat(commitment.ownerAgency()).isEqualTo(Agency.MUNICIPALITY);
        assertThat(commitment.commitmentType()).isEqualTo("SCHOOL_ATTENDANCE_FOLLOW_UP");
        assertThat(commitment.dueOn()).isNotNull();
        assertThat(commitment.reportedDoneOn()).isNotNull();
        assertThat(commitment.outcome()).isEqualTo("KEPT");
        assertThat(commitment.ownerMunicipality()).isNull();
        assertThat(commitment.ownerOrganisation()).isNull();
        assertThat(commitment.ownerUserId()).isNull();
        assertThat(commitment.reportedBy()).as("the owner reported it done: their id names the school").isNull();
        assertThat(commitment.madeBy()).isEqualTo(TestUser.SOCIAL_WORKER.id());
        assertThat(commitment.followedUpBy()).isEqualTo(TestUser.SOCIAL_WORKER.id());
    }

    @Test
    void aReaderOfAProtectedCaseWithoutContactStillSeesTheCasesOwnUnitInAMeetingAndItsCommitments() {
        CaseView view = view(protectedCaseWithOwnUnitCommitment(), WITHOUT_CONTACT);
        MeetingParticipant own = participant(meeting(view, OWN_MEETING), "SOCIAL_SERVICES");
        assertThat(own.organisation()).isEqualTo("haninge-ungdom");
        assertThat(own.userId()).isEqualTo(TestUser.SOCIAL_WORKER.id());
        Commitment commitment = commitment(view, OWN_COMMITMENT);
        assertThat(commitment.ownerOrganisation()).isEqualTo("haninge-ungdom");
        assertThat(commitment.ownerMunicipality()).isEqualTo("0136");
        assertThat(commitment.ownerUserId()).isEqualTo(TestUser.SOCIAL_WORKER.id());
    }

    @Test
    void aReaderOfAProtectedCaseWithoutContactIsNotToldWhichOtherUnitsHoldACaseOfTheSubject() {
        assertThat(viewWithOtherUnits(protectedCase(), WITHOUT_CONTACT).subjectHasCasesInUnits()).isNull();
        assertThat(viewWithOtherUnits(protectedCase(), WITH_CONTACT).subjectHasCasesInUnits()).containsExactly("haninge-avhopp");
        assertThat(viewWithOtherUnits(unprotectedCase(), WITHOUT_CONTACT).subjectHasCasesInUnits()).containsExactly("haninge-avhopp");
    }

    @Test
    void theCaseTeamWithContactSeesWhereTheReportWentAndWhoTheCaseIsSharedWith() {
        CaseView view = view(protectedCase(), WITH_CONTACT);
        assertWhereaboutsShown(view);
    }

    @Test
    void aReaderOfACaseWithoutProtectionSeesWhereaboutsWithoutContact() {
        assertWhereaboutsShown(view(unprotectedCase(), WITHOUT_CONTACT));
    }

    private static void assertWhereaboutsShown(CaseView view) {
        IntakeReport forwarded = forwardedReport(view);
        assertThat(view.reports()).extracting(r -> r.reporter().unit()).doesNotContainNull();
        assertThat(forwarded.forwardedToUnit()).isEqualTo("haninge-avhopp");
        assertThat(forwarded.forwardingReason()).isEqualTo("OTHER_UNIT_RESPONSIBLE");
        assertThat(forwarded.forwardedFromUnit()).isEqualTo("haninge-ungdom");
        assertThat(forwarded.earlierStops()).hasSize(2);
        assertThat(consent(view, SnapshotSamples.PARTNER_CONSENT.value()).recipientUnit()).isEqualTo("botkyrka-avhopp");
        assertThat(view.partnerNotes()).extracting(CaseFile.PartnerNote::recordedBy).containsOnly(TestUser.EXIT_COORDINATOR.id());
        assertThat(view.partnerMeasures()).extracting(CaseFile.PartnerMeasure::recordedBy)
                .containsOnly(TestUser.EXIT_COORDINATOR.id());
        assertThat(view.partnerShares()).extracting(CaseView.ShareView::partnerUnit).containsExactly("botkyrka-avhopp");
        assertThat(view.partnerNotes()).extracting(CaseFile.PartnerNote::partnerMunicipality).containsOnly("0127");
        assertThat(view.costShares()).extracting(CaseFile.CostShare::payerMunicipality).containsOnly("0127");
        assertThat(view.sharedWith()).containsExactly("0127");
        MeetingParticipant school = participant(meeting(view, SnapshotSamples.MEETING), "SCHOOL");
        assertThat(school.organisation()).isEqualTo("haninge-skola");
        assertThat(school.municipality()).isEqualTo("0136");
        assertThat(school.userId()).isEqualTo(TestUser.SCHOOL_COUNSELLOR.id());
        Commitment commitment = commitment(view, SnapshotSamples.COMMITMENT);
        assertThat(commitment.ownerOrganisation()).isEqualTo("haninge-skola");
        assertThat(commitment.ownerMunicipality()).isEqualTo("0136");
        assertThat(commitment.ownerUserId()).isEqualTo(TestUser.SCHOOL_COUNSELLOR.id());
        assertThat(commitment.reportedBy()).isEqualTo(TestUser.SCHOOL_COUNSELLOR.id());
    }

    static final String OWN_MEETING = "7f1a2b3c-4d5e-4f6a-8b7c-9d0e1f2a3b4c";
    static final String OWN_COMMITMENT = "8a2b3c4d-5e6f-4a7b-9c8d-0e1f2a3b4c5d";

    /** A second meeting where the case's own social worker took part and undertook something. */
    static CaseFile protectedCaseWithOwnUnitCommitment() {
        String participant = "9b3c4d5e-6f7a-4b8c-8d9e-1f2a3b4c5d6e";
        ActedBy anna = ActedBy.of(TestUser.SOCIAL_WORKER.actor());
        List<CaseEvent> more = List.of(
                new CaseEvent.CoordinationMeetingRecorded(SnapshotSamples.CASE, OWN_MEETING, LocalDate.of(2026, 12, 4),
                        List.of(new MeetingParticipant(participant, "SOCIAL_SERVICES", Agency.SOCIAL_SERVICES, "0136",
                                "haninge-ungdom", TestUser.SOCIAL_WORKER.id())), null, true, anna, SnapshotSamples.AT),
                new CaseEvent.CommitmentMade(SnapshotSamples.CASE, OWN_COMMITMENT, OWN_MEETING, participant, "SOCIAL_SERVICES",
                        Agency.SOCIAL_SERVICES, "0136", "haninge-ungdom", TestUser.SOCIAL_WORKER.id(), "FAMILY_SUPPORT", null,
                        LocalDate.of(2027, 1, 15), true, anna, SnapshotSamples.AT));
        return CaseFile.of(Stream.concat(SnapshotSamples.history().stream(), more.stream()).toList());
    }

    static CaseView viewWithOtherUnits(CaseFile file, Set<FieldGroup> groups) {
        return CaseView.of(file, Decision.allow("unit-supervisor", groups), TODAY, List.of("haninge-avhopp"), null,
                NotesPage.LATEST);
    }

    private static CoordinationMeeting meeting(CaseView view, String meetingId) {
        return view.coordinationMeetings().stream().filter(m -> m.meetingId().equals(meetingId)).findFirst().orElseThrow();
    }

    private static MeetingParticipant participant(CoordinationMeeting meeting, String role) {
        return meeting.participants().stream().filter(p -> p.role().equals(role)).findFirst().orElseThrow();
    }

    private static Commitment commitment(CaseView view, String commitmentId) {
        return view.commitments().stream().filter(c -> c.commitmentId().equals(commitmentId)).findFirst().orElseThrow();
    }

    private static CaseView.ConsentView consent(CaseView view, UUID consentId) {
        return view.consents().stream().filter(c -> c.consentId().equals(consentId)).findFirst().orElseThrow();
    }

    private static IntakeReport forwardedReport(CaseView view) {
        return view.reports().stream().filter(r -> r.reportId().equals(SnapshotSamples.FORWARDED_REPORT)).findFirst().orElseThrow();
    }
}
