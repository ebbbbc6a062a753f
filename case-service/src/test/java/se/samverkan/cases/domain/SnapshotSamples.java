package se.samverkan.cases.domain;

import se.samverkan.cases.domain.CaseEvent.*;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.CaseOrigin;
import se.samverkan.contracts.DataCategory;
import se.samverkan.contracts.DeadlineKind;
import se.samverkan.contracts.LegalBasis;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.platform.test.TestUser;

import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * One case's history that fills every part of a {@link CaseFile} (notes, measures, a consent, a sent referral with
 * feedback, one awaiting approval, deadlines, a legal hold, a protection level), with fixed ids so its snapshot's
 * stored shape can be frozen.
 */
public final class SnapshotSamples {

    public static final CaseId CASE = new CaseId(UUID.fromString("7b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e"));
    public static final SubjectId SUBJECT = new SubjectId(UUID.fromString("8c2d3e4f-5a6b-4c7d-9e8f-0a1b2c3d4e5f"));
    public static final ReferralId REFERRAL = new ReferralId(UUID.fromString("9d3e4f5a-6b7c-4d8e-8f9a-1b2c3d4e5f6a"));
    public static final ReferralId PENDING = new ReferralId(UUID.fromString("0e4f5a6b-7c8d-4e9f-9a0b-2c3d4e5f6a7b"));
    public static final ConsentId CONSENT = new ConsentId(UUID.fromString("1f5a6b7c-8d9e-4f0a-8b1c-3d4e5f6a7b8c"));
    public static final ConsentId PARTNER_CONSENT = new ConsentId(UUID.fromString("2a6b7c8d-9e0f-4a1b-9c2d-4e5f6a7b8c9e"));
    public static final String SHARE = "3b7c8d9e-0f1a-4b2c-8d3e-5f6a7b8c9d0f";
    public static final String MEETING = "4c8d9e0f-1a2b-4c3d-9e4f-6a7b8c9d0e1a";
    public static final String COMMITMENT = "5d9e0f1a-2b3c-4d4e-8f5a-7b8c9d0e1f2b";
    static final String PARTICIPANT = "6e0f1a2b-3c4d-4e5f-9a6b-8c9d0e1f2a3c";
    public static final Instant AT = Instant.parse("2026-11-25T09:00:00Z");
    public static final String REPORT = "4a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d";
    public static final String FORWARDED_REPORT = "5b9c0d1e-2f3a-4b4c-9d5e-6f7a8b9c0d1e";
    static final ReportSource SCHOOL = new ReportSource("MUNICIPALITY", "SCHOOL", "0136", "haninge-skola");
    static final ReportSource POLICE = new ReportSource("POLICE", "POLICE", "0136", "polisen-haninge");
    public static final String SECRET_TEXT = "Känslig journaltext";
    public static final Subject KIM = new Subject("201003159124", "Kim Hemlig", LocalDate.of(2010, 3, 15), "Gömda gatan 7",
            List.of(new Subject.Guardian("198706142836", "Vera Hemlig")), ProtectedIdentity.NONE);
    static final Set<DataCategory> CATEGORIES = EnumSet.of(DataCategory.IDENTITY, DataCategory.CONTACT, DataCategory.CASE_SUMMARY);

    private SnapshotSamples() {
    }

    public static List<CaseEvent> history() {
        ActedBy anna = ActedBy.of(TestUser.SOCIAL_WORKER.actor());
        ActedBy david = ActedBy.of(TestUser.POLICE_LIAISON.actor());
        String id = "2a6b7c8d-9e0f-4a1b-8c2d-4e5f6a7b8c9d";
        return List.of(
                new CaseOpened(CASE, Program.RAPID_INTERVENTION, "0136", "haninge-ungdom", SUBJECT, KIM,
                        List.of(TestUser.SOCIAL_WORKER.id()), CaseOrigin.SOCIAL_SERVICES, Phase.INTAKE, anna, AT),
                new DeadlineScheduled(CASE, id, DeadlineKind.FIRST_FAMILY_CONTACT, LocalDate.of(2026, 12, 2), null, AT),
                new NoteRecorded(CASE, "3b7c8d9e-0f1a-4b2c-9d3e-5f6a7b8c9d0e", SECRET_TEXT, null, anna, AT),
                new MeasureRecorded(CASE, "4c8d9e0f-1a2b-4c3d-8e4f-6a7b8c9d0e1f", "PARENT_SUPPORT_GROUP", LocalDate.of(2026, 12, 1), null, anna, AT,
                        "HANINGE_COPE"),
                new FamilyContactRecorded(CASE, LocalDate.of(2026, 11, 30), anna, AT),
                new DeadlineMet(CASE, id, DeadlineKind.FIRST_FAMILY_CONTACT, LocalDate.of(2026, 12, 2), LocalDate.of(2026, 11, 30), anna, AT),
                new JointPoliceMeetingRecorded(CASE, LocalDate.of(2026, 12, 1), anna, AT),
                new PhaseChanged(CASE, Phase.INTAKE, Phase.PRELIMINARY_ASSESSMENT, anna, AT),
                new ConsentRecorded(CASE, CONSENT, List.of(new Consent.ConsentParty(Consent.PartyRole.SUBJECT, KIM.personalIdentityNumber()),
                        new Consent.ConsentParty(Consent.PartyRole.GUARDIAN, "198706142836")), Agency.POLICE, "polisen-haninge",
                        List.of("CRIME_PREVENTION"), CATEGORIES, LocalDate.of(2026, 11, 25), LocalDate.of(2027, 2, 25), "dok-1", anna, AT),
                new ReferralSent(CASE, REFERRAL, "polisen-haninge", "CONSENT", CONSENT, CATEGORIES,
                        ReferralSnapshot.of(CATEGORIES, KIM, List.of(), SECRET_TEXT, null, true), null, anna, AT, null,
                        "CRIME_PREVENTION", LegalBasisCatalogue.national(LegalBasis.CONSENT).inVersion(2).applied()),
                new ReferralAccepted(CASE, REFERRAL, "polisen-haninge", david, AT),
                new PoliceFeedbackPosted(CASE, REFERRAL, "polisen-haninge", "5d9e0f1a-2b3c-4d4e-9f5a-7b8c9d0e1f2a", SECRET_TEXT, david, AT),
                new ReferralAwaitingApproval(CASE, PENDING, "polisen-haninge", "OSL_10_18A", EnumSet.of(DataCategory.CASE_SUMMARY),
                        SECRET_TEXT, SECRET_TEXT, SECRET_TEXT + " vägs mot hennes intresse", anna, AT, ProtectedIdentity.NONE,
                        "CRIME_PREVENTION", null),
                new CaseShared(CASE, "0127", anna, AT),
                new ConsentRecorded(CASE, PARTNER_CONSENT, List.of(new Consent.ConsentParty(Consent.PartyRole.SUBJECT, KIM.personalIdentityNumber())),
                        Agency.SOCIAL_SERVICES, "botkyrka-avhopp", List.of("SUPPORT_AND_PROTECTION"), CATEGORIES,
                        LocalDate.of(2026, 11, 25), LocalDate.of(2027, 2, 25), "dok-2", anna, AT),
                new CaseSharedWithPartner(CASE, SHARE, "0127", "botkyrka-avhopp", PartnerRole.PLACEMENT_MUNICIPALITY,
                        CATEGORIES, PARTNER_CONSENT, List.of(TestUser.EXIT_COORDINATOR.id()), LocalDate.of(2026, 11, 25),
                        LocalDate.of(2027, 2, 25), anna, AT),
                new PartnerShareAwaitingApproval(CASE, "5d6e7f8a-9b0c-4d1e-8f2a-3b4c5d6e7f80", "0180", "stockholm-avhopp",
                        PartnerRole.HOUSING, EnumSet.of(DataCategory.IDENTITY), "SOL_PARTNER_PROVISION", null,
                        List.of(TestUser.EXIT_COORDINATOR.id()), LocalDate.of(2027, 2, 25), SECRET_TEXT,
                        LocalDate.of(2026, 12, 9), anna, AT),
                new NoteMarkedShareable(CASE, "3b7c8d9e-0f1a-4b2c-9d3e-5f6a7b8c9d0e", anna, AT),
                new PartnerNoteRecorded(CASE, SHARE, "0127", "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", SECRET_TEXT,
                        ActedBy.of(TestUser.EXIT_COORDINATOR.actor()), AT),
                new PartnerMeasureRecorded(CASE, SHARE, "0127", "8b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e", "HOUSING_SUPPORT",
                        LocalDate.of(2026, 12, 1), null, ActedBy.of(TestUser.EXIT_COORDINATOR.actor()), AT, "BOTKYRKA_BOSTAD_FORST"),
                new CostShareRecorded(CASE, "9c3d4e5f-6a7b-4c8d-8e9f-1a2b3c4d5e6f", "0127", CostType.PLACEMENT, 50,
                        LocalDate.of(2026, 12, 1), LocalDate.of(2027, 5, 31), anna, AT),
                new LegalHoldPlaced(CASE, "6e0f1a2b-3c4d-4e5f-8a6b-8c9d0e1f2a3b", LegalHoldKind.LITIGATION, SECRET_TEXT, anna, AT),
                new ProtectedIdentityChanged(CASE, ProtectedIdentity.NONE, ProtectedIdentity.SEKRETESSMARKERING, anna, AT),
                new ReportReceived(CASE, REPORT, SCHOOL, List.of("NARCOTICS"), SECRET_TEXT, true, null, null,
                        LocalDate.of(2026, 11, 25), LocalDate.of(2026, 12, 9), ActedBy.of(TestUser.SCHOOL_COUNSELLOR.actor()), AT),
                new SafetyAssessed(CASE, REPORT, SCHOOL, true, LocalDate.of(2026, 11, 25), anna, AT),
                new ReportAssessed(CASE, REPORT, SCHOOL, "NO_INVESTIGATION", LocalDate.of(2026, 11, 30), anna, AT),
                new ReportReceived(CASE, FORWARDED_REPORT, POLICE, List.of(), SECRET_TEXT, true, "0136", "haninge-ungdom",
                        LocalDate.of(2026, 11, 26), LocalDate.of(2026, 12, 10), david, AT,
                        List.of(new ForwardingRoute.Stop("0127", "botkyrka-avhopp"), new ForwardingRoute.Stop("0136", "haninge-ungdom"))),
                new SafetyAssessed(CASE, FORWARDED_REPORT, POLICE, false, LocalDate.of(2026, 11, 26), anna, AT),
                new ReportForwarded(CASE, FORWARDED_REPORT, POLICE, "0136", "haninge-avhopp", "OTHER_UNIT_RESPONSIBLE",
                        LocalDate.of(2026, 11, 27), anna, AT),
                new CoordinationMeetingRecorded(CASE, MEETING, LocalDate.of(2026, 12, 3), List.of(
                        new MeetingParticipant(PARTICIPANT, "SCHOOL", Agency.MUNICIPALITY, "0136", "haninge-skola",
                                TestUser.SCHOOL_COUNSELLOR.id()),
                        new MeetingParticipant("5f6a7b8c-9d0e-4f1a-8b2c-3d4e5f6a7b8c", "YOUTH", null, null, null, null)),
                        SECRET_TEXT, true, anna, AT),
                new CommitmentMade(CASE, COMMITMENT, MEETING, PARTICIPANT, "SCHOOL", Agency.MUNICIPALITY, "0136", "haninge-skola",
                        TestUser.SCHOOL_COUNSELLOR.id(), "SCHOOL_ATTENDANCE_FOLLOW_UP", SECRET_TEXT, LocalDate.of(2027, 1, 15),
                        false, anna, AT),
                new CommitmentDueSoon(CASE, COMMITMENT, LocalDate.of(2027, 1, 15), null, Agency.MUNICIPALITY, "haninge-skola", null, AT),
                new CommitmentReportedDone(CASE, COMMITMENT, LocalDate.of(2027, 1, 14), SECRET_TEXT,
                        ActedBy.of(TestUser.SCHOOL_COUNSELLOR.actor()), AT),
                new CommitmentFollowedUp(CASE, COMMITMENT, "KEPT", LocalDate.of(2027, 1, 20), LocalDate.of(2027, 1, 15), anna, AT),
                new PhaseChanged(CASE, Phase.PRELIMINARY_ASSESSMENT, Phase.FOLLOW_UP, anna, AT),
                new FollowUpStatusRecorded(CASE, "4f8a9b0c-1d2e-4f3a-9b4c-5d6e7f8a9b0c", "STUDYING", LocalDate.of(2026, 12, 20), anna, AT),
                // asked for, not in force: the snapshot keeps the request, the level stays SEKRETESSMARKERING
                new ProtectionLoweringProposed(CASE, ProtectedIdentity.SEKRETESSMARKERING, ProtectedIdentity.NONE, anna, AT));
    }
}
