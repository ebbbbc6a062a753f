package se.samverkan.cases.publishing;

import org.junit.jupiter.api.Test;
import se.samverkan.cases.domain.*;
import se.samverkan.cases.domain.CaseEvent.*;
import se.samverkan.contracts.*;
import se.samverkan.contracts.cases.CaseIntegrationEvent;
import se.samverkan.platform.identity.Actor;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.*;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Producer side of the contracts: every domain event maps to an integration event that conforms to its frozen JSON
 * Schema, has the fields of the frozen example, and carries none of the personal data of the domain event.
 */
public class IntegrationEventContractTest {

    static final Instant AT = Instant.parse("2026-11-25T09:30:00Z");
    static final Actor ANNA = TestUser.SOCIAL_WORKER.actor();
    static final CaseId CASE = new CaseId(UUID.fromString("1a2b3c4d-5e6f-4a0b-8c1d-2e3f4a5b6c7d"));
    static final ReferralId REFERRAL = new ReferralId(UUID.fromString("2b3c4d5e-6f7a-4b1c-8d2e-3f4a5b6c7d8e"));
    static final ConsentId CONSENT = new ConsentId(UUID.fromString("3c4d5e6f-7a8b-4c2d-8e3f-4a5b6c7d8e0f"));
    static final Subject KIM = new Subject("201003159124", "Kim Hemlig", LocalDate.of(2010, 3, 15), "Gömda gatan 7",
            List.of(new Subject.Guardian("198706142836", "Vera Hemlig")), ProtectedIdentity.SKYDDAD_FOLKBOKFORING);
    static final Set<DataCategory> CATEGORIES = EnumSet.of(DataCategory.IDENTITY, DataCategory.CASE_SUMMARY);
    static final String SECRET_TEXT = "Känslig journaltext";
    static final String SHARE = "8d7e6f5a-4b3c-4d2e-9f1a-0b1c2d3e4f5a";
    static final ReportSource SCHOOL = new ReportSource("MUNICIPALITY", "SCHOOL", "0136", "haninge-skola");

    public static List<CaseEvent> samples() {
        String id = "4d5e6f7a-8b0c-4d3e-8f4a-5b6c7d8e0f1a";
        return List.of(
                new CaseOpened(CASE, Program.RAPID_INTERVENTION, "0136", "haninge-ungdom", new SubjectId(UUID.fromString("5e6f7a8b-0c1d-4e4f-8a5b-6c7d8e0f1a2b")), KIM,
                        List.of(ANNA.userId()), CaseOrigin.SOCIAL_SERVICES, Phase.INTAKE, ActedBy.of(ANNA), AT),
                new PoliceReportReceived(CASE, id, "polisen-haninge", SECRET_TEXT, ActedBy.of(ANNA), AT),
                new CaseTeamAssigned(CASE, List.of(ANNA.userId()), ActedBy.of(ANNA), AT),
                new NoteRecorded(CASE, id, SECRET_TEXT, "6f7a8b0c-1d2e-4f5a-8b6c-7d8e0f1a2b3c", ActedBy.of(ANNA), AT),
                new MeasureRecorded(CASE, id, "CONTACT_PERSON", LocalDate.of(2026, 12, 1), LocalDate.of(2027, 6, 1), ActedBy.of(ANNA), AT, null),
                new PhaseChanged(CASE, Phase.INTAKE, Phase.PRELIMINARY_ASSESSMENT, ActedBy.of(ANNA), AT),
                new CaseClosed(CASE, Phase.FOLLOW_UP, "GOALS_MET", ActedBy.of(ANNA), AT, null),
                new CaseReopened(CASE, Phase.INTAKE, SECRET_TEXT, ActedBy.of(ANNA), AT),
                new CaseShared(CASE, "0127", ActedBy.of(ANNA), AT),
                new CaseSharedWithPartner(CASE, SHARE, "0127", "botkyrka-avhopp", PartnerRole.HOUSING, CATEGORIES, CONSENT,
                        List.of(TestUser.EXIT_COORDINATOR.id()), LocalDate.of(2026, 11, 25), LocalDate.of(2027, 2, 25),
                        ActedBy.of(ANNA), AT),
                new PartnerShareEnded(CASE, SHARE, "0127", "botkyrka-avhopp", ShareEnd.CONSENT_WITHDRAWN,
                        LocalDate.of(2026, 12, 1), List.of(TestUser.EXIT_COORDINATOR.id()), ActedBy.of(ANNA), AT),
                new PartnerNoteRecorded(CASE, SHARE, "0127", id, SECRET_TEXT, ActedBy.of(TestUser.EXIT_COORDINATOR.actor()), AT),
                new PartnerMeasureRecorded(CASE, SHARE, "0127", id, "HOUSING_SUPPORT", LocalDate.of(2026, 12, 1), null,
                        ActedBy.of(TestUser.EXIT_COORDINATOR.actor()), AT, "BOTKYRKA_BOSTAD_FORST"),
                new NoteMarkedShareable(CASE, id, ActedBy.of(ANNA), AT),
                new CostShareRecorded(CASE, id, "0127", CostType.PLACEMENT, 40, LocalDate.of(2026, 12, 1),
                        LocalDate.of(2027, 5, 31), ActedBy.of(ANNA), AT),
                new ConsentRecorded(CASE, CONSENT, List.of(new Consent.ConsentParty(Consent.PartyRole.SUBJECT, "201003159124")),
                        Agency.POLICE, "polisen-haninge", List.of("CRIME_PREVENTION"), CATEGORIES, LocalDate.of(2026, 11, 25),
                        LocalDate.of(2027, 2, 25), "dok-1", ActedBy.of(ANNA), AT),
                new ConsentWithdrawn(CASE, CONSENT, Consent.PartyRole.GUARDIAN, LocalDate.of(2026, 12, 1), List.of(REFERRAL), ActedBy.of(ANNA), AT),
                new ReferralAwaitingApproval(CASE, REFERRAL, "polisen-haninge", "OSL_10_18A", CATEGORIES, SECRET_TEXT,
                        SECRET_TEXT, SECRET_TEXT, ActedBy.of(ANNA), AT, null, null, null),
                new ReferralSent(CASE, REFERRAL, "polisen-haninge", "CONSENT", CONSENT, CATEGORIES,
                        ReferralSnapshot.of(CATEGORIES, KIM, List.of(), SECRET_TEXT, null, true), null, ActedBy.of(ANNA), AT, null,
                        null, null),
                new ReferralAcknowledged(CASE, REFERRAL, "polisen-haninge", ActedBy.of(ANNA), AT),
                new ReferralAccepted(CASE, REFERRAL, "polisen-haninge", ActedBy.of(ANNA), AT),
                new ReferralDeclined(CASE, REFERRAL, "polisen-haninge", "NOT_IN_JURISDICTION", ActedBy.of(ANNA), AT, null),
                new PoliceFeedbackPosted(CASE, REFERRAL, "polisen-haninge", id, SECRET_TEXT, ActedBy.of(ANNA), AT),
                new ReferralCompleted(CASE, REFERRAL, "polisen-haninge", "JOINT_PLAN", ActedBy.of(ANNA), AT, null),
                new ReferralRevoked(CASE, REFERRAL, "polisen-haninge", RevocationReason.CONSENT_WITHDRAWN, ActedBy.of(ANNA), AT),
                new DeadlineScheduled(CASE, id, DeadlineKind.PRELIMINARY_ASSESSMENT, LocalDate.of(2026, 12, 9), null, AT),
                new DeadlineApproaching(CASE, id, DeadlineKind.PRELIMINARY_ASSESSMENT, LocalDate.of(2026, 12, 9), null, AT),
                new DeadlineMissed(CASE, id, DeadlineKind.PRELIMINARY_ASSESSMENT, LocalDate.of(2026, 12, 9), null, AT),
                new DeadlineMet(CASE, id, DeadlineKind.FIRST_FAMILY_CONTACT, LocalDate.of(2026, 12, 2), LocalDate.of(2026, 11, 30), ActedBy.of(ANNA), AT),
                new FamilyContactRecorded(CASE, LocalDate.of(2026, 11, 30), ActedBy.of(ANNA), AT),
                new JointPoliceMeetingRecorded(CASE, LocalDate.of(2026, 12, 1), ActedBy.of(ANNA), AT),
                new CaseDataCleared(CASE, LocalDate.of(2031, 12, 1), null, AT),
                new DocumentsCleared(CASE, java.util.EnumSet.of(se.samverkan.cases.domain.DocumentType.JOURNAL),
                        LocalDate.of(2031, 12, 1), null, AT),
                new LegalHoldPlaced(CASE, id, se.samverkan.cases.domain.LegalHoldKind.LITIGATION, SECRET_TEXT, ActedBy.of(ANNA), AT),
                new LegalHoldLifted(CASE, id, SECRET_TEXT, ActedBy.of(ANNA), AT),
                new ProtectedIdentityChanged(CASE, ProtectedIdentity.NONE, ProtectedIdentity.SKYDDAD_FOLKBOKFORING, ActedBy.of(ANNA), AT),
                new ProtectionLoweringProposed(CASE, ProtectedIdentity.SKYDDAD_FOLKBOKFORING, ProtectedIdentity.NONE, ActedBy.of(ANNA), AT),
                new ProtectionLoweringWithdrawn(CASE, ProtectedIdentity.SKYDDAD_FOLKBOKFORING, ProtectedIdentity.NONE, ActedBy.of(ANNA), AT),
                new ReportReceived(CASE, id, SCHOOL, List.of("NARCOTICS", "SCHOOL_ABSENCE"), SECRET_TEXT, true, "0136",
                        "haninge-avhopp", LocalDate.of(2026, 11, 25), LocalDate.of(2026, 12, 9),
                        ActedBy.of(TestUser.SCHOOL_COUNSELLOR.actor()), AT,
                        List.of(new se.samverkan.cases.domain.ForwardingRoute.Stop("0127", "botkyrka-avhopp"),
                                new se.samverkan.cases.domain.ForwardingRoute.Stop("0136", "haninge-avhopp"))),
                new SafetyAssessed(CASE, id, SCHOOL, false, LocalDate.of(2026, 11, 25), ActedBy.of(ANNA), AT),
                new ReportAssessed(CASE, id, SCHOOL, "INVESTIGATION_OPENED", LocalDate.of(2026, 12, 1), ActedBy.of(ANNA), AT),
                new ReportForwarded(CASE, id, SCHOOL, "0127", "botkyrka-avhopp", "RESIDES_IN_OTHER_MUNICIPALITY",
                        LocalDate.of(2026, 11, 26), ActedBy.of(ANNA), AT),
                // joint action plans (issue 15)
                new CoordinationMeetingRecorded(CASE, MEETING, LocalDate.of(2026, 12, 3), List.of(
                        new MeetingParticipant(PARTICIPANT, "SOCIAL_SERVICES", Agency.SOCIAL_SERVICES, "0136", "haninge-ungdom", ANNA.userId()),
                        new MeetingParticipant(OWNER, "SCHOOL", Agency.MUNICIPALITY, "0136", "haninge-skola", INGRID.userId()),
                        new MeetingParticipant(GUARDIAN, "GUARDIAN", null, null, null, null)),
                        SECRET_TEXT, true, ActedBy.of(ANNA), AT),
                new CommitmentMade(CASE, COMMITMENT, MEETING, OWNER, "SCHOOL", Agency.MUNICIPALITY, "0136", "haninge-skola",
                        INGRID.userId(), "SCHOOL_ATTENDANCE_FOLLOW_UP", SECRET_TEXT, LocalDate.of(2027, 1, 15), true, ActedBy.of(ANNA), AT),
                new CommitmentDueSoon(CASE, COMMITMENT, LocalDate.of(2027, 1, 15), INGRID.userId(), Agency.MUNICIPALITY,
                        "haninge-skola", null, AT),
                new CommitmentOverdue(CASE, COMMITMENT, LocalDate.of(2027, 1, 15), null, Agency.MUNICIPALITY, "haninge-skola", null, AT),
                new CommitmentReportedDone(CASE, COMMITMENT, LocalDate.of(2027, 1, 14), SECRET_TEXT, ActedBy.of(INGRID), AT),
                new CommitmentFollowedUp(CASE, COMMITMENT, "PARTLY_KEPT", LocalDate.of(2027, 2, 1), LocalDate.of(2027, 1, 15),
                        ActedBy.of(ANNA), AT),
                new FollowUpStatusRecorded(CASE, "5e9f0a1b-2c3d-4e4f-8a5b-6c7d8e9f0a1b", "STUDYING", LocalDate.of(2027, 3, 1),
                        ActedBy.of(ANNA), AT),
                new PartnerShareAwaitingApproval(CASE, SHARE, "0127", "botkyrka-avhopp", PartnerRole.HOUSING, CATEGORIES,
                        "SOL_PARTNER_PROVISION", null, List.of(TestUser.EXIT_COORDINATOR.id()), LocalDate.of(2027, 2, 25),
                        SECRET_TEXT, LocalDate.of(2026, 12, 15), ActedBy.of(ANNA), AT, SECRET_TEXT),
                new PartnerShareRefused(CASE, SHARE, "0127", "botkyrka-avhopp", ActedBy.of(ANNA), AT),
                new PartnerShareRequestExpired(CASE, SHARE, "0127", "botkyrka-avhopp", LocalDate.of(2026, 12, 16), null, AT));
    }

    static final Actor INGRID = TestUser.SCHOOL_COUNSELLOR.actor();
    static final String MEETING = "7b1e2d3c-4a5f-4b6c-8d7e-9f0a1b2c3d4e";
    static final String COMMITMENT = "9c8b7a6f-5e4d-4c3b-9a2f-1e0d9c8b7a6f";
    static final String PARTICIPANT = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
    static final String OWNER = "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e";
    static final String GUARDIAN = "3c4d5e6f-7a8b-4c9d-8e1f-2a3b4c5d6e7f";

    @Test
    void noDomainEventPrintsPersonalDataOrFreeText() {
        for (CaseEvent sample : samples()) {
            assertThat(sample.toString()).as(sample.getClass().getSimpleName())
                    .doesNotContain("9124", "Hemlig", "Gömda", "2836", SECRET_TEXT);
        }
    }

    @Test
    void everyDomainEventTypeHasASample() {
        Set<Class<?>> sampled = samples().stream().map(Object::getClass).collect(Collectors.toSet());
        assertThat(sampled).containsExactlyInAnyOrder(CaseEvent.class.getPermittedSubclasses());
    }

    @Test
    void everyMappedEventConformsToItsFrozenContractAndCarriesNoPersonalData() {
        // fixed ids: a random one may contain a needle below (e.g. "9124") and fail the test by chance
        CaseRef ref = new CaseRef(CASE.value(), Program.RAPID_INTERVENTION, "0136", "haninge-ungdom",
                UUID.fromString("0b6e2a4c-3d5f-4e7a-8b1c-5d6e7f8a0b1c"),
                ProtectedIdentity.SKYDDAD_FOLKBOKFORING);
        CloudEventCodec codec = new CloudEventCodec(URI.create("/samverkan/case-service"));
        for (CaseEvent sample : samples()) {
            Optional<CaseIntegrationEvent> maybe = IntegrationEventMapper.map(sample, ref);
            if (sample instanceof FamilyContactRecorded || sample instanceof JointPoliceMeetingRecorded
                    || sample instanceof LegalHoldPlaced || sample instanceof LegalHoldLifted
                    || sample instanceof ProtectionLoweringWithdrawn
                    || sample instanceof DocumentsCleared
                    || sample instanceof PartnerNoteRecorded || sample instanceof PartnerMeasureRecorded
                    || sample instanceof NoteMarkedShareable || sample instanceof CostShareRecorded
                    || sample instanceof FollowUpStatusRecorded || sample instanceof PartnerShareAwaitingApproval
                    || sample instanceof PartnerShareRefused || sample instanceof PartnerShareRequestExpired) {
                assertThat(maybe).as("internal to case-service, not published").isEmpty();
                continue;
            }
            CaseIntegrationEvent mapped = maybe.orElseThrow();
            CloudEvent event = codec.wrap(UUID.fromString("7c3d5e6f-1a2b-4c8d-9e0f-a1b2c3d4e5f6"), AT, mapped);
            // as the relay checks it: nothing beyond what the schema lists, at any depth
            assertThat(ContractSchemas.producerViolations(event.type(), event.data())).as(event.type()).isEmpty();
            assertThat(fieldNames(event.data())).as(event.type() + " has the fields of its frozen example")
                    .containsAll(fieldNames(ContractSchemas.example(event.type())).stream()
                            .filter(f -> sample.by() != null || !f.equals("actor"))
                            .filter(f -> !f.equals("correctsNoteId") && !f.equals("consentId") && !f.equals("approvedBy") && !f.equals("endDate"))
                            // only a forwarding names where the report went
                            .filter(f -> sample instanceof ReportForwarded || !f.startsWith("forwardedTo") && !f.equals("forwardingReason"))
                            // a reminder for the team names no owner to tell
                            .filter(f -> !f.equals("ownerUserId") || !(sample instanceof CommitmentOverdue))
                            // a share from before issue 14 names only the municipality
                            .filter(f -> !(sample instanceof CaseShared) || f.equals("caseRef") || f.equals("actor")
                                    || f.equals("occurredAt") || f.equals("partnerMunicipality"))
                            .toList());
            assertThat(event.subject()).isEqualTo(CASE.toString());
            String wire = new String(CloudEventCodec.toBytes(event), StandardCharsets.UTF_8);
            assertThat(wire).as(event.type()).doesNotContain("201003159124", "9124", "Hemlig", "Gömda", "198706142836", SECRET_TEXT);
            CloudEvent back = CloudEventCodec.fromBytes(CloudEventCodec.toBytes(event));
            assertThat(CloudEventCodec.data(back)).isEqualTo(mapped);
        }
    }

    @Test
    void aProtectionLevelInForceIsPublishedWithTheLevelBeforeAndWhoSetItAndNothingElse() {
        // the relay's record of the case is already at the new level when the event is mapped (IntegrationEventRelay)
        CaseRef ref = new CaseRef(CASE.value(), Program.RAPID_INTERVENTION, "0136", "haninge-ungdom",
                UUID.fromString("0b6e2a4c-3d5f-4e7a-8b1c-5d6e7f8a0b1c"), ProtectedIdentity.SKYDDAD_FOLKBOKFORING);
        ProtectedIdentityChanged raised = new ProtectedIdentityChanged(CASE, ProtectedIdentity.NONE,
                ProtectedIdentity.SKYDDAD_FOLKBOKFORING, ActedBy.of(ANNA), AT);

        CaseIntegrationEvent mapped = IntegrationEventMapper.map(raised, ref).orElseThrow();

        assertThat(IntegrationEventMapper.publishes(raised)).as("the publication manifests expect it").isTrue();
        assertThat(mapped).isInstanceOf(se.samverkan.contracts.cases.ProtectionChanged.class);
        se.samverkan.contracts.cases.ProtectionChanged changed = (se.samverkan.contracts.cases.ProtectionChanged) mapped;
        assertThat(changed.caseRef()).isEqualTo(ref);
        assertThat(changed.previousLevel()).isEqualTo(ProtectedIdentity.NONE);
        assertThat(changed.occurredAt()).isEqualTo(AT);
        assertThat(changed.actor().userId()).isEqualTo(ANNA.userId());
        CloudEvent event = new CloudEventCodec(URI.create("/samverkan/case-service"))
                .wrap(UUID.fromString("7c3d5e6f-1a2b-4c8d-9e0f-a1b2c3d4e5f6"), AT, mapped);
        assertThat(event.type()).isEqualTo("se.samverkan.case.protection-changed.v1");
        assertThat(fieldNames(event.data())).containsExactly("actor", "caseRef", "occurredAt", "previousLevel");
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.propertyNames().forEach(names::add);
        return names;
    }
}
