package se.samverkan.notification.routing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import se.samverkan.contracts.AccessAction;
import se.samverkan.contracts.AccessOutcome;
import se.samverkan.contracts.ActorRef;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.CaseOrigin;
import se.samverkan.contracts.CaseRef;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.ContractSchemas;
import se.samverkan.contracts.DataCategory;
import se.samverkan.contracts.DeadlineKind;
import se.samverkan.contracts.EventTypes;
import se.samverkan.contracts.IntegrationEvent;
import se.samverkan.contracts.LegalBasis;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.contracts.RevocationReason;
import se.samverkan.contracts.Topics;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.contracts.audit.ReviewItemRaised;
import se.samverkan.contracts.cases.CaseOpened;
import se.samverkan.contracts.cases.CaseShared;
import se.samverkan.contracts.cases.CaseTeamChanged;
import se.samverkan.contracts.cases.ConsentWithdrawn;
import se.samverkan.contracts.cases.DeadlineMissed;
import se.samverkan.contracts.cases.NoteRecorded;
import se.samverkan.contracts.cases.PoliceReportReceived;
import se.samverkan.contracts.cases.ProtectionChanged;
import se.samverkan.contracts.cases.ProtectionLoweringRequested;
import se.samverkan.contracts.cases.ReferralDeclined;
import se.samverkan.contracts.cases.ReferralRevoked;
import se.samverkan.contracts.cases.ReferralSent;
import se.samverkan.contracts.cases.ReportReceived;
import se.samverkan.contracts.cases.ReportStatusChanged;
import se.samverkan.platform.identity.Role;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class NotificationPlannerTest {

    static final String MUNICIPALITY = "0136";
    static final String UNIT = "haninge-ungdom";
    static final String POLICE_UNIT = "polisen-haninge";

    final FakeLookup lookup = new FakeLookup();
    final NotificationPlanner planner = new NotificationPlanner();
    final UUID caseId = UUID.randomUUID();

    @Test
    void caseOpenedTellsEveryTeamMemberWithALinkToTheCase() {
        List<PlannedNotification> planned = planner.plan(new CaseOpened(ref(ProtectedIdentity.NONE), actor("anna"), Instant.now(),
                CaseOrigin.SOCIAL_SERVICES, "INTAKE", List.of("anna", "amir")), lookup);

        assertThat(planned).extracting(PlannedNotification::recipientUserId).containsExactly("anna", "amir");
        assertThat(planned).allSatisfy(p -> {
            assertThat(p.kind()).isEqualTo(NotificationKind.CASE_OPENED);
            assertThat(p.link()).isEqualTo("/api/cases/" + caseId);
            assertThat(p.message()).contains(caseId.toString()).contains(UNIT);
        });
    }

    @Test
    void aTeamMemberNoLongerActiveStaffOfTheCasesUnitIsToldNothingNew() {
        lookup.route(List.of("anna", "amir"));
        lookup.noLongerStaff.add("amir");

        assertThat(planner.plan(new DeadlineMissed(ref(ProtectedIdentity.NONE), null, Instant.now(), UUID.randomUUID(),
                DeadlineKind.PRELIMINARY_ASSESSMENT, LocalDate.now()), lookup))
                .extracting(PlannedNotification::recipientUserId).containsExactly("anna");
        assertThat(planner.plan(new CaseTeamChanged(ref(ProtectedIdentity.NONE), actor("anna"), Instant.now(),
                List.of("anna", "amir", "bertil", "cecilia")), lookup))
                .as("a member kept on the team is not 'added'; one added who is not the unit's staff is not told")
                .extracting(PlannedNotification::recipientUserId).containsExactly("bertil", "cecilia");
        lookup.noLongerStaff.add("bertil");
        assertThat(planner.plan(new CaseOpened(ref(ProtectedIdentity.NONE), actor("anna"), Instant.now(),
                CaseOrigin.SOCIAL_SERVICES, "INTAKE", List.of("anna", "bertil")), lookup))
                .extracting(PlannedNotification::recipientUserId).containsExactly("anna");
    }

    @Test
    void referralSentGoesToTheLiaisonsOfThePoliceUnitOnly() {
        lookup.policeLiaisons.put(POLICE_UNIT, List.of("david"));
        lookup.policeLiaisons.put("polisen-botkyrka", List.of("someone-else"));
        UUID referralId = UUID.randomUUID();

        List<PlannedNotification> planned = planner.plan(referralSent(referralId, ProtectedIdentity.NONE), lookup);

        assertThat(planned).singleElement().satisfies(p -> {
            assertThat(p.recipientUserId()).isEqualTo("david");
            assertThat(p.kind()).isEqualTo(NotificationKind.REFERRAL_RECEIVED);
            assertThat(p.referralId()).isEqualTo(referralId);
            // the police see the referral, never the case: no link into it, not even its id
            assertThat(p.link()).isEqualTo("/api/police/referrals/" + referralId);
            assertThat(p.caseId()).isNull();
            assertThat(p.message()).doesNotContain(caseId.toString());
        });
    }

    @Test
    void consentWithdrawnReachesTheTeamAndThePoliceUnitsOfTheRevokedReferralsOnce() {
        lookup.route(List.of("anna", "amir"));
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        lookup.referrals.put(first, POLICE_UNIT);
        lookup.referrals.put(second, POLICE_UNIT);
        lookup.policeLiaisons.put(POLICE_UNIT, List.of("david"));

        List<PlannedNotification> planned = planner.plan(new ConsentWithdrawn(ref(ProtectedIdentity.NONE), actor("anna"), Instant.now(),
                UUID.randomUUID(), LocalDate.now(), List.of(first, second)), lookup);

        assertThat(planned).extracting(PlannedNotification::recipientUserId).containsExactly("anna", "amir", "david");
        assertThat(planned).allSatisfy(p -> assertThat(p.kind()).isEqualTo(NotificationKind.CONSENT_WITHDRAWN));
        PlannedNotification police = planned.get(2);
        assertThat(police.message()).contains(first.toString(), second.toString()).doesNotContain(caseId.toString());
        assertThat(police.caseId()).isNull();
        assertThat(police.link()).isNull();
    }

    @Test
    void aRevocationCausedByTheWithdrawalIsNotAnnouncedTwice() {
        lookup.policeLiaisons.put(POLICE_UNIT, List.of("david"));

        assertThat(planner.plan(new ReferralRevoked(ref(ProtectedIdentity.NONE), null, Instant.now(), UUID.randomUUID(), POLICE_UNIT,
                RevocationReason.CONSENT_WITHDRAWN), lookup)).isEmpty();
        assertThat(planner.plan(new ReferralRevoked(ref(ProtectedIdentity.NONE), null, Instant.now(), UUID.randomUUID(), POLICE_UNIT,
                RevocationReason.CONSENT_EXPIRED), lookup))
                .singleElement().extracting(PlannedNotification::kind).isEqualTo(NotificationKind.REFERRAL_REVOKED);
    }

    @Test
    void deadlinesReachTheTeamAndTheUnitsSupervisors() {
        lookup.route(List.of("anna"));
        lookup.unitMembers.put(UNIT + "/" + Role.SUPERVISOR, List.of("cecilia"));

        List<PlannedNotification> planned = planner.plan(new DeadlineMissed(ref(ProtectedIdentity.NONE), null, Instant.now(),
                UUID.randomUUID(), DeadlineKind.PRELIMINARY_ASSESSMENT, LocalDate.of(2026, 11, 20)), lookup);

        assertThat(planned).extracting(PlannedNotification::recipientUserId).containsExactly("anna", "cecilia");
        assertThat(planned.getFirst().message()).contains("2026-11-20").contains("preliminary assessment");
    }

    @Test
    void aTeamChangeNotifiesOnlyTheMembersItAdds() {
        lookup.route(List.of("anna"));

        List<PlannedNotification> planned = planner.plan(new CaseTeamChanged(ref(ProtectedIdentity.NONE), actor("cecilia"),
                Instant.now(), List.of("anna", "amir")), lookup);

        assertThat(planned).singleElement().satisfies(p -> {
            assertThat(p.recipientUserId()).isEqualTo("amir");
            assertThat(p.kind()).isEqualTo(NotificationKind.CASE_ASSIGNED);
        });
    }

    @Test
    void policeReportReachesTheReceivingUnit() {
        lookup.unitMembers.put(UNIT + "/" + Role.SOCIAL_WORKER, List.of("anna", "amir"));
        lookup.unitMembers.put(UNIT + "/" + Role.SUPERVISOR, List.of("cecilia"));

        List<PlannedNotification> planned = planner.plan(new PoliceReportReceived(ref(ProtectedIdentity.NONE), actor("david"),
                Instant.now(), UUID.randomUUID(), POLICE_UNIT), lookup);

        assertThat(planned).extracting(PlannedNotification::recipientUserId).containsExactly("anna", "amir", "cecilia");
    }

    @Test
    void breakGlassNamesNoUnitWhenTheCaseIsKnownAsProtectedThoughTheAccessEventPredatesIt() {
        lookup.routes.put(caseId, new CaseRoute(caseId, Program.RAPID_INTERVENTION, MUNICIPALITY, UNIT,
                ProtectedIdentity.SKYDDAD_FOLKBOKFORING, "anna", List.of("anna")));
        lookup.municipalityMembers.put(MUNICIPALITY + "/" + Role.COMPLIANCE_OFFICER, List.of("eva"));

        List<PlannedNotification> planned = planner.plan(breakGlass("amir"), lookup);

        assertThat(planned).extracting(PlannedNotification::recipientUserId).containsExactly("anna", "eva");
        assertThat(planned).allSatisfy(p -> assertThat(p.message()).contains(caseId.toString()).doesNotContain(UNIT));
    }

    @Test
    void breakGlassIsNotToldToAnOwnerNoLongerOnTheTeam() {
        lookup.routes.put(caseId, new CaseRoute(caseId, Program.RAPID_INTERVENTION, MUNICIPALITY, UNIT, ProtectedIdentity.NONE,
                "anna", List.of("amir")));

        assertThat(planner.plan(breakGlass("cecilia"), lookup)).extracting(PlannedNotification::recipientUserId)
                .containsExactly("amir");
    }

    @Test
    void breakGlassTellsOwnerTeamAndComplianceButNotTheOneWhoBrokeTheGlass() {
        lookup.route(List.of("anna", "amir"));
        lookup.municipalityMembers.put(MUNICIPALITY + "/" + Role.COMPLIANCE_OFFICER, List.of("eva"));

        List<PlannedNotification> planned = planner.plan(breakGlass("amir"), lookup);

        assertThat(planned).extracting(PlannedNotification::recipientUserId).containsExactly("anna", "eva");
        assertThat(planned).allSatisfy(p -> assertThat(p.kind()).isEqualTo(NotificationKind.BREAK_GLASS_ACCESS));
        assertThat(planned.get(1).link()).isEqualTo("/api/audit/entries?caseId=" + caseId);
        assertThat(planner.plan(withoutBreakGlass(), lookup)).isEmpty();
    }

    @Test
    void reviewItemsReachTheComplianceOfficersOfTheMunicipality() {
        lookup.municipalityMembers.put(MUNICIPALITY + "/" + Role.COMPLIANCE_OFFICER, List.of("eva"));
        UUID item = UUID.randomUUID();

        List<PlannedNotification> planned = planner.plan(new ReviewItemRaised(item, "ACCESS_OUTSIDE_TEAM", caseId, UNIT, MUNICIPALITY,
                "bertil", UUID.randomUUID().toString(), Instant.now()), lookup);

        assertThat(planned).singleElement().satisfies(p -> {
            assertThat(p.recipientUserId()).isEqualTo("eva");
            assertThat(p.link()).endsWith(item.toString());
        });
    }

    @Test
    void aReviewItemAboutAComplianceOfficersOwnAccessGoesToHerColleaguesOnly() {
        lookup.municipalityMembers.put(MUNICIPALITY + "/" + Role.COMPLIANCE_OFFICER, List.of("eva", "olle"));

        List<PlannedNotification> planned = planner.plan(new ReviewItemRaised(UUID.randomUUID(), "UNUSUAL_VOLUME", caseId, UNIT,
                MUNICIPALITY, "eva", UUID.randomUUID().toString(), Instant.now()), lookup);

        assertThat(planned).extracting(PlannedNotification::recipientUserId).containsExactly("olle");
    }

    @Test
    void anAlarmOfNoMunicipalityReachesEveryComplianceOfficer() {
        lookup.municipalityMembers.put(MUNICIPALITY + "/" + Role.COMPLIANCE_OFFICER, List.of("eva"));
        lookup.municipalityMembers.put("0127/" + Role.COMPLIANCE_OFFICER, List.of("hanna"));
        lookup.municipalityMembers.put(MUNICIPALITY + "/" + Role.SOCIAL_WORKER, List.of("anna"));
        UUID item = UUID.randomUUID();

        List<PlannedNotification> planned = planner.plan(new ReviewItemRaised(item, "WITNESS_ALARM", null, null, null, null,
                UUID.randomUUID().toString(), Instant.now()), lookup);

        assertThat(planned).extracting(PlannedNotification::recipientUserId).containsExactly("eva", "hanna");
        assertThat(planned).allSatisfy(p -> {
            assertThat(p.kind()).isEqualTo(NotificationKind.REVIEW_ITEM_RAISED);
            assertThat(p.message()).contains(item.toString(), "WITNESS_ALARM");
        });
    }

    @Test
    void aRequestToLowerAProtectionLevelAsksTheUnitsOtherSupervisorsAndMailsOnlyANudge() {
        lookup.route(List.of("anna"));
        lookup.unitMembers.put(UNIT + "/" + Role.SUPERVISOR, List.of("cecilia", "petra"));
        Instant openUntil = Instant.parse("2026-12-17T13:00:00Z");

        List<PlannedNotification> planned = planner.plan(new ProtectionLoweringRequested(ref(ProtectedIdentity.SKYDDAD_FOLKBOKFORING),
                actor("cecilia"), Instant.now(), ProtectedIdentity.NONE, openUntil), lookup);

        assertThat(planned).extracting(PlannedNotification::recipientUserId).as("four eyes: not the supervisor who asked, not the team")
                .containsExactly("petra");
        assertThat(planned.getFirst().kind()).isEqualTo(NotificationKind.PROTECTION_LOWERING_REQUESTED);
        assertThat(planned.getFirst().message()).contains(caseId.toString(), "NONE", openUntil.toString())
                .doesNotContain(UNIT).doesNotContain(MUNICIPALITY);
        assertThat(NotificationKind.PROTECTION_LOWERING_REQUESTED.mailsTheMessage()).isFalse();
        assertThat(NotificationKind.PROTECTION_LOWERING_REQUESTED.title()).doesNotContainIgnoringCase("protect");
        assertThat(planner.plan(new ProtectionLoweringRequested(ref(ProtectedIdentity.SKYDDAD_FOLKBOKFORING), actor("anna"),
                Instant.now(), ProtectedIdentity.NONE, openUntil), lookup)).extracting(PlannedNotification::recipientUserId)
                .containsExactly("cecilia", "petra");
    }

    @Test
    void aProtectionLevelPutInForceTellsNobodyNeitherAPersonNorTheUnitsQueue() {
        lookup.route(List.of("anna"));
        lookup.unitMembers.put(UNIT + "/" + Role.SUPERVISOR, List.of("cecilia", "petra"));

        ProtectionChanged raised = new ProtectionChanged(ref(ProtectedIdentity.SKYDDAD_FOLKBOKFORING), actor("anna"),
                Instant.now(), ProtectedIdentity.NONE);
        ProtectionChanged lowered = new ProtectionChanged(ref(ProtectedIdentity.NONE), actor("petra"),
                Instant.now(), ProtectedIdentity.SKYDDAD_FOLKBOKFORING);

        assertThat(planner.plan(raised, lookup)).as("a raise hides at once; nobody must act").isEmpty();
        assertThat(planner.planForUnits(raised, lookup)).isEmpty();
        assertThat(planner.plan(lowered, lookup)).as("asker and approving supervisor are both on the case").isEmpty();
        assertThat(planner.planForUnits(lowered, lookup)).as("the unit need not learn the case was ever protected").isEmpty();
    }

    @Test
    void aProtectedIdentityCaseGivesNoLocationHintAnywhere() {
        lookup.route(List.of("anna"));
        lookup.policeLiaisons.put(POLICE_UNIT, List.of("david"));
        lookup.unitMembers.put(UNIT + "/" + Role.SUPERVISOR, List.of("cecilia"));
        List<IntegrationEvent> events = List.of(
                new CaseOpened(ref(ProtectedIdentity.SKYDDAD_FOLKBOKFORING), actor("anna"), Instant.now(), CaseOrigin.SOCIAL_SERVICES,
                        "INTAKE", List.of("anna")),
                new ReferralDeclined(ref(ProtectedIdentity.SKYDDAD_FOLKBOKFORING), actor("david"), Instant.now(), UUID.randomUUID(),
                        POLICE_UNIT, "OUT_OF_SCOPE"),
                new DeadlineMissed(ref(ProtectedIdentity.SKYDDAD_FOLKBOKFORING), null, Instant.now(), UUID.randomUUID(),
                        DeadlineKind.INVESTIGATION, LocalDate.now()));

        List<PlannedNotification> planned = new ArrayList<>();
        events.forEach(event -> planned.addAll(planner.plan(event, lookup)));

        assertThat(planned).hasSizeGreaterThanOrEqualTo(4).allSatisfy(p -> assertThat(p.message())
                .doesNotContain(UNIT).doesNotContain(MUNICIPALITY).doesNotContain("haninge").doesNotContainIgnoringCase("protect")
                .contains(caseId.toString()));
    }

    @Test
    void aSharedExitCaseReachesOnlyTheCoordinatorsTheShareNames() {
        lookup.municipalityMembers.put("0127/" + Role.EXIT_COORDINATOR, List.of("goran", "gunilla", "gosta"));

        List<PlannedNotification> planned = planner.plan(new CaseShared(ref(ProtectedIdentity.NONE), actor("bertil"), Instant.now(),
                "0127", UUID.randomUUID(), "botkyrka-avhopp", "PLACEMENT_MUNICIPALITY",
                List.of(se.samverkan.contracts.DataCategory.IDENTITY), UUID.randomUUID(),
                // "anna" is named but is no exit coordinator of the partner: a share cannot reach her
                List.of("goran", "gunilla", "anna"), java.time.LocalDate.now().plusDays(30)), lookup);

        assertThat(planned).extracting(PlannedNotification::recipientUserId).containsExactly("goran", "gunilla");
        assertThat(planned).allSatisfy(p -> assertThat(p.kind()).isEqualTo(NotificationKind.CASE_SHARED));
    }

    @Test
    void aShareFromBeforeIssue14NamesNobodyAndTellsNobody() {
        lookup.municipalityMembers.put("0127/" + Role.EXIT_COORDINATOR, List.of("goran", "gunilla"));

        assertThat(planner.plan(new CaseShared(ref(ProtectedIdentity.NONE), actor("bertil"), Instant.now(), "0127"), lookup))
                .isEmpty();
    }

    @Test
    void theEndOfAShareReachesItsCoordinators() {
        lookup.municipalityMembers.put("0127/" + Role.EXIT_COORDINATOR, List.of("goran", "gunilla"));

        List<PlannedNotification> planned = planner.plan(new se.samverkan.contracts.cases.CaseShareEnded(ref(ProtectedIdentity.NONE),
                actor("bertil"), Instant.now(), UUID.randomUUID(), "0127", "botkyrka-avhopp", "CONSENT_WITHDRAWN",
                java.time.LocalDate.now(), List.of("gunilla")), lookup);

        assertThat(planned).singleElement().satisfies(p -> {
            assertThat(p.recipientUserId()).isEqualTo("gunilla");
            assertThat(p.kind()).isEqualTo(NotificationKind.CASE_SHARE_ENDED);
            assertThat(p.message()).doesNotContain("botkyrka", "0127");
        });
    }

    @Test
    void publicationManifestsAreNobodysNews() {
        lookup.everyoneEverywhere();
        var manifest = new se.samverkan.contracts.reconciliation.PublicationManifest(UUID.randomUUID(),
                se.samverkan.contracts.reconciliation.PublicationManifest.Stream.CASE_EVENTS, 1, 1, 10,
                List.of(new se.samverkan.contracts.reconciliation.PublicationManifest.Item(UUID.randomUUID(), caseId)), Instant.now());

        assertThat(planner.plan(manifest, lookup)).isEmpty();
        assertThat(planner.planForUnits(manifest, lookup)).isEmpty();
        assertThat(consumedTypes().map(EventTypes.Entry::type)).as("the manifest travels on a consumed topic")
                .contains("se.samverkan.case.publication-manifest.v1");
    }

    /** Issue 15: the monthly effect figures are about no case; the municipality's analysts hear they are out. */
    @Test
    void theMonthlyEffectFiguresReachTheMunicipalitysAnalystsOnly() {
        lookup.municipalityMembers.put(MUNICIPALITY + "/" + Role.ANALYST, List.of("alva"));
        lookup.municipalityMembers.put(MUNICIPALITY + "/" + Role.COMPLIANCE_OFFICER, List.of("eva"));
        lookup.municipalityMembers.put("0127/" + Role.ANALYST, List.of("botkyrkas-analytiker"));
        var figures = new se.samverkan.contracts.effects.EffectFiguresPublished(UUID.randomUUID(), MUNICIPALITY, "2026-11",
                java.time.LocalDate.of(2026, 12, 1), se.samverkan.contracts.effects.CohortPeriod.QUARTER, 5,
                new se.samverkan.contracts.effects.EffectFiguresPublished.Targets(7, 14), List.of(), Instant.now());

        assertThat(planner.plan(figures, lookup)).singleElement().satisfies(p -> {
            assertThat(p.recipientUserId()).isEqualTo("alva");
            assertThat(p.kind()).isEqualTo(NotificationKind.EFFECT_FIGURES_PUBLISHED);
            assertThat(p.caseId()).isNull();
            assertThat(p.link()).isEqualTo("/api/effects/municipalities/" + MUNICIPALITY + "/figures");
        });
        assertThat(planner.planForUnits(figures, lookup)).isEmpty();
        assertThat(consumedTypes().map(EventTypes.Entry::type)).contains("se.samverkan.case.effect-figures-published.v1");
    }

    @Test
    void journalNotesAreNeverAnnounced() {
        lookup.route(List.of("anna"));

        assertThat(planner.plan(new NoteRecorded(ref(ProtectedIdentity.NONE), actor("anna"), Instant.now(), UUID.randomUUID(), null),
                lookup)).isEmpty();
    }

    static Stream<EventTypes.Entry> consumedTypes() {
        return EventTypes.all().stream().filter(entry -> List.of(Topics.CASE_EVENTS, Topics.ACCESS_EVENTS, Topics.AUDIT_EVENTS)
                .contains(entry.topic()));
    }

    @Test
    void unitQueuesGetWhatTheUnitMustActOnAndThePoliceStillNeverTheCase() {
        UUID referralId = UUID.randomUUID();
        List<PlannedUnitNotification> sent = planner.planForUnits(referralSent(referralId, ProtectedIdentity.NONE), lookup);
        assertThat(sent).singleElement().satisfies(item -> {
            assertThat(item.audience()).isEqualTo(UnitAudience.policeUnit(POLICE_UNIT));
            assertThat(item.kind()).isEqualTo(NotificationKind.REFERRAL_RECEIVED);
            assertThat(item.caseId()).isNull();
            assertThat(item.referralId()).isEqualTo(referralId);
            assertThat(item.message()).doesNotContain(caseId.toString()).doesNotContain(UNIT);
        });

        lookup.referrals.put(referralId, POLICE_UNIT);
        List<PlannedUnitNotification> withdrawn = planner.planForUnits(new ConsentWithdrawn(ref(ProtectedIdentity.NONE), actor("anna"),
                Instant.now(), UUID.randomUUID(), LocalDate.now(), List.of(referralId)), lookup);
        assertThat(withdrawn).singleElement().satisfies(item -> {
            assertThat(item.audience().key()).isEqualTo("police/" + POLICE_UNIT);
            assertThat(item.caseId()).isNull();
            assertThat(item.message()).contains(referralId.toString()).doesNotContain(caseId.toString());
        });

        assertThat(planner.planForUnits(new PoliceReportReceived(ref(ProtectedIdentity.NONE), null, Instant.now(), UUID.randomUUID(),
                POLICE_UNIT), lookup)).singleElement()
                .satisfies(item -> assertThat(item.audience()).isEqualTo(UnitAudience.socialServicesUnit(MUNICIPALITY, UNIT)));
        assertThat(planner.planForUnits(new CaseOpened(ref(ProtectedIdentity.NONE), actor("anna"), Instant.now(),
                CaseOrigin.SOCIAL_SERVICES, "INTAKE", List.of("anna")), lookup)).as("a team's own case is the team's business").isEmpty();
    }

    @Test
    void deadlinesOfAProtectedCaseNeverReachTheWholeUnit() {
        DeadlineMissed open = new DeadlineMissed(ref(ProtectedIdentity.NONE), null, Instant.now(), UUID.randomUUID(),
                DeadlineKind.INVESTIGATION, LocalDate.of(2026, 11, 20));
        DeadlineMissed hidden = new DeadlineMissed(ref(ProtectedIdentity.SKYDDAD_FOLKBOKFORING), null, Instant.now(), UUID.randomUUID(),
                DeadlineKind.INVESTIGATION, LocalDate.of(2026, 11, 20));

        assertThat(planner.planForUnits(open, lookup)).singleElement()
                .satisfies(item -> assertThat(item.kind()).isEqualTo(NotificationKind.DEADLINE_MISSED));
        assertThat(planner.planForUnits(hidden, lookup)).isEmpty();
    }

    @Test
    void aPoliceReportOnAProtectedCaseReachesTheUnitQueueWithoutAPlaceInIt() {
        List<PlannedUnitNotification> planned = planner.planForUnits(new PoliceReportReceived(ref(ProtectedIdentity.SKYDDAD_FOLKBOKFORING),
                null, Instant.now(), UUID.randomUUID(), POLICE_UNIT), lookup);

        assertThat(planned).singleElement().satisfies(item -> {
            assertThat(item.audience()).isEqualTo(UnitAudience.socialServicesUnit(MUNICIPALITY, UNIT));
            assertThat(item.message()).contains(caseId.toString()).doesNotContain(UNIT).doesNotContain(MUNICIPALITY)
                    .doesNotContainIgnoringCase("protected").doesNotContainIgnoringCase("skyddad");
        });
    }

    private ReportReceived reportReceived(boolean attached, ProtectedIdentity protectedIdentity) {
        return new ReportReceived(ref(protectedIdentity), actor("ingrid"), Instant.now(), UUID.randomUUID(), Agency.MUNICIPALITY,
                "SCHOOL", MUNICIPALITY, "haninge-skola", List.of("NARCOTICS"), attached, null, null, LocalDate.of(2026, 11, 25),
                LocalDate.of(2026, 12, 9));
    }

    @Test
    void aReportThatOpenedAnIntakeReachesTheUnitAndItsQueueNamingTheSameDaySafetyAssessment() {
        lookup.unitMembers.put(UNIT + "/" + Role.SOCIAL_WORKER, List.of("anna", "amir"));
        lookup.unitMembers.put(UNIT + "/" + Role.SUPERVISOR, List.of("cecilia"));
        ReportReceived report = reportReceived(false, ProtectedIdentity.NONE);

        List<PlannedNotification> planned = planner.plan(report, lookup);

        assertThat(planned).extracting(PlannedNotification::recipientUserId).containsExactly("anna", "amir", "cecilia");
        assertThat(planned).allSatisfy(p -> {
            assertThat(p.kind()).isEqualTo(NotificationKind.REPORT_RECEIVED);
            assertThat(p.message()).contains("safety assessment is due today (2026-11-25)", "2026-12-09", "school");
            assertThat(p.link()).isEqualTo("/api/cases/" + caseId);
        });
        assertThat(planner.planForUnits(report, lookup)).singleElement().satisfies(item -> {
            assertThat(item.audience()).isEqualTo(UnitAudience.socialServicesUnit(MUNICIPALITY, UNIT));
            assertThat(item.kind()).isEqualTo(NotificationKind.REPORT_RECEIVED);
        });
    }

    @Test
    void aReportThatJoinedACaseReachesItsTeamAndSupervisorsAndTheUnitOnlyWhileTheCaseHasNoTeam() {
        lookup.unitMembers.put(UNIT + "/" + Role.SOCIAL_WORKER, List.of("anna", "amir"));
        lookup.unitMembers.put(UNIT + "/" + Role.SUPERVISOR, List.of("cecilia"));
        lookup.route(List.of("anna"));
        ReportReceived attached = reportReceived(true, ProtectedIdentity.NONE);

        assertThat(planner.plan(attached, lookup)).extracting(PlannedNotification::recipientUserId).containsExactly("anna", "cecilia");
        assertThat(planner.plan(attached, lookup)).allSatisfy(p -> assertThat(p.kind()).isEqualTo(NotificationKind.REPORT_ATTACHED));
        assertThat(planner.planForUnits(attached, lookup)).as("the team has it").isEmpty();

        lookup.routes.clear();
        assertThat(planner.plan(attached, lookup)).extracting(PlannedNotification::recipientUserId).containsExactly("anna", "amir", "cecilia");
        assertThat(planner.planForUnits(attached, lookup)).singleElement()
                .satisfies(item -> assertThat(item.kind()).isEqualTo(NotificationKind.REPORT_ATTACHED));
    }

    @Test
    void aReportsNewStatusReachesOnlyTheUnitThatSentItAndNeverNamesTheCase() {
        lookup.policeLiaisons.put(POLICE_UNIT, List.of("david"));
        lookup.unitMembers.put("haninge-skola/" + Role.CONCERN_REPORTER, List.of("ingrid"));
        lookup.unitMembers.put(UNIT + "/" + Role.SOCIAL_WORKER, List.of("anna"));
        UUID reportId = UUID.randomUUID();

        List<PlannedNotification> police = planner.plan(new ReportStatusChanged(ref(ProtectedIdentity.NONE), actor("anna"), Instant.now(),
                reportId, Agency.POLICE, MUNICIPALITY, POLICE_UNIT, "FORWARDED", LocalDate.of(2026, 11, 26), "0127",
                "botkyrka-avhopp", "RESIDES_IN_OTHER_MUNICIPALITY"), lookup);
        assertThat(police).singleElement().satisfies(p -> {
            assertThat(p.recipientUserId()).isEqualTo("david");
            assertThat(p.kind()).isEqualTo(NotificationKind.REPORT_STATUS_CHANGED);
            assertThat(p.caseId()).isNull();
            assertThat(p.message()).contains(reportId.toString(), "forwarded to unit botkyrka-avhopp of municipality 0127", "2026-11-26")
                    .doesNotContain(caseId.toString(), UNIT);
            assertThat(p.link()).isEqualTo("/api/intake/reports/sent/" + reportId);
        });
        ReportStatusChanged opened = new ReportStatusChanged(ref(ProtectedIdentity.NONE), actor("anna"), Instant.now(), reportId,
                Agency.MUNICIPALITY, MUNICIPALITY, "haninge-skola", "INVESTIGATION_OPENED", LocalDate.of(2026, 12, 1), null, null, null);
        assertThat(planner.plan(opened, lookup)).singleElement().satisfies(p -> {
            assertThat(p.recipientUserId()).isEqualTo("ingrid");
            assertThat(p.message()).contains("an investigation was opened (2026-12-01)").doesNotContain(caseId.toString());
        });
        assertThat(planner.planForUnits(opened, lookup)).isEmpty();
        assertThat(NotificationKind.REPORT_STATUS_CHANGED.mailsTheMessage()).as("a sender's mailbox gets a nudge only").isFalse();
        assertThat(NotificationKind.REPORT_RECEIVED.mailsTheMessage()).isTrue();
    }

    @Test
    void aProtectedYoungPersonsReportForwardedElsewhereTellsItsSenderThatItWentButNotWhereNorWhy() {
        lookup.policeLiaisons.put(POLICE_UNIT, List.of("david"));
        UUID reportId = UUID.randomUUID();
        for (ProtectedIdentity level : List.of(ProtectedIdentity.SEKRETESSMARKERING, ProtectedIdentity.SKYDDAD_FOLKBOKFORING)) {
            ReportStatusChanged forwarded = new ReportStatusChanged(ref(level), actor("anna"), Instant.now(), reportId, Agency.POLICE,
                    MUNICIPALITY, POLICE_UNIT, "FORWARDED", LocalDate.of(2026, 11, 26), "0127", "botkyrka-avhopp",
                    "RESIDES_IN_OTHER_MUNICIPALITY");
            assertThat(planner.plan(forwarded, lookup)).singleElement().satisfies(p -> {
                assertThat(p.recipientUserId()).isEqualTo("david");
                assertThat(p.message()).as(level.name()).contains(reportId.toString(), "forwarded to another unit", "2026-11-26")
                        .doesNotContain("0127", "botkyrka", "RESIDES", "municipality");
            });
        }
    }

    @Test
    void aReportWhoseFeedbackTheTeamWithheldBringsTheReporterNoNotice() {
        lookup.policeLiaisons.put(POLICE_UNIT, List.of("david"));
        ReportStatusChanged opened = new ReportStatusChanged(ref(ProtectedIdentity.NONE), actor("anna"), Instant.now(),
                UUID.randomUUID(), Agency.POLICE, MUNICIPALITY, POLICE_UNIT, "INVESTIGATION_OPENED", LocalDate.of(2026, 12, 1),
                null, null, null);
        assertThat(planner.plan(opened, lookup)).hasSize(1);
        assertThat(planner.plan(opened.withheld(), lookup)).as("SoL 14 kap. 1 b §: not appropriate in this case").isEmpty();
        assertThat(planner.planForUnits(opened.withheld(), lookup)).isEmpty();
    }

    /** Consumer side of the contract: each frozen example conforms to its schema, reads as its record and routes. */
    @ParameterizedTest
    @MethodSource("consumedTypes")
    void everyFrozenExampleOfAConsumedTypeIsUnderstood(EventTypes.Entry entry) {
        var example = ContractSchemas.example(entry.type());
        assertThat(ContractSchemas.violations(entry.type(), example)).isEmpty();

        IntegrationEvent event = CloudEventCodec.mapper().treeToValue(example, entry.javaType());
        lookup.everyoneEverywhere();

        List<PlannedNotification> planned = planner.plan(event, lookup);
        assertThat(planned).allSatisfy(p -> {
            assertThat(p.message()).isNotBlank().doesNotContainPattern("\\d{8}-\\d{4}");
            assertThat(p.recipientUserId()).isNotBlank();
        });
        assertThat(planner.planForUnits(event, lookup)).allSatisfy(p -> assertThat(p.message()).isNotBlank()
                .doesNotContainPattern("\\d{8}-\\d{4}"));
    }

    private ReferralSent referralSent(UUID referralId, ProtectedIdentity protectedIdentity) {
        return new ReferralSent(ref(protectedIdentity), actor("anna"), Instant.now(), referralId, POLICE_UNIT, LegalBasis.CONSENT,
                UUID.randomUUID(), List.of(DataCategory.IDENTITY, DataCategory.CASE_SUMMARY), null);
    }

    private AccessRecorded breakGlass(String who) {
        return new AccessRecorded(actor(who), caseId, UUID.randomUUID(), null, Program.RAPID_INTERVENTION, UNIT, AccessAction.READ,
                "read-case", List.of("summary"), "urgent protection", null, false, true, ProtectedIdentity.NONE,
                AccessOutcome.ALLOWED, null, Instant.now());
    }

    private AccessRecorded withoutBreakGlass() {
        return new AccessRecorded(actor("anna"), caseId, UUID.randomUUID(), null, Program.RAPID_INTERVENTION, UNIT, AccessAction.READ,
                "read-case", List.of("summary"), "case work", null, true, false, ProtectedIdentity.NONE,
                AccessOutcome.ALLOWED, null, Instant.now());
    }

    private CaseRef ref(ProtectedIdentity protectedIdentity) {
        return new CaseRef(caseId, Program.RAPID_INTERVENTION, MUNICIPALITY, UNIT, UUID.randomUUID(), protectedIdentity);
    }

    private static ActorRef actor(String userId) {
        return new ActorRef(userId, List.of("social-worker"), Agency.SOCIAL_SERVICES, MUNICIPALITY, UNIT);
    }

    final class FakeLookup implements RoutingLookup {
        final Map<UUID, CaseRoute> routes = new HashMap<>();
        final Map<UUID, String> referrals = new HashMap<>();
        final Map<String, List<String>> unitMembers = new HashMap<>();
        final Map<String, List<String>> municipalityMembers = new HashMap<>();
        final Map<String, List<String>> policeLiaisons = new HashMap<>();
        boolean everyone;

        void route(List<String> team) {
            routes.put(caseId, new CaseRoute(caseId, Program.RAPID_INTERVENTION, MUNICIPALITY, UNIT, ProtectedIdentity.NONE,
                    team.getFirst(), team));
        }

        void everyoneEverywhere() {
            everyone = true;
        }

        @Override
        public Optional<CaseRoute> caseRoute(UUID id) {
            if (everyone) {
                return Optional.of(new CaseRoute(id, Program.RAPID_INTERVENTION, MUNICIPALITY, UNIT, ProtectedIdentity.NONE, "owner",
                        List.of("owner", "member")));
            }
            return Optional.ofNullable(routes.get(id));
        }

        @Override
        public boolean caseCleared(UUID caseId) {
            return false;
        }

        @Override
        public Optional<String> policeUnitOf(UUID referralId) {
            return everyone ? Optional.of(POLICE_UNIT) : Optional.ofNullable(referrals.get(referralId));
        }

        @Override
        public List<String> usersInUnit(String municipality, String unit, Role role) {
            return everyone ? List.of("unit-" + role) : unitMembers.getOrDefault(unit + "/" + role, List.of());
        }

        @Override
        public List<String> usersInMunicipality(String municipality, Role role) {
            return everyone ? List.of("municipality-" + role) : municipalityMembers.getOrDefault(municipality + "/" + role, List.of());
        }

        @Override
        public List<String> usersEverywhere(Role role) {
            return everyone ? List.of("everywhere-" + role) : municipalityMembers.entrySet().stream()
                    .filter(e -> e.getKey().endsWith("/" + role)).flatMap(e -> e.getValue().stream()).sorted().toList();
        }

        @Override
        public List<String> policeLiaisons(String policeUnit) {
            return everyone ? List.of("liaison") : policeLiaisons.getOrDefault(policeUnit, List.of());
        }

        final Map<String, String> staffOf = new HashMap<>();
        /** Team members who left, were suspended or moved: everyone else counts as staff of the case's unit. */
        final java.util.Set<String> noLongerStaff = new java.util.HashSet<>();

        @Override
        public List<String> activeStaffOf(String municipality, String unit, java.util.Collection<String> userIds) {
            return userIds.stream().filter(id -> !noLongerStaff.contains(id)).distinct().toList();
        }

        @Override
        public boolean isActiveIn(String userId, Agency agency, String unit) {
            return everyone || (agency + "/" + unit).equals(staffOf.get(userId));
        }
    }

    // joint action plans (issue 15)

    static final UUID COMMITMENT = UUID.fromString("9c8b7a6f-5e4d-4c3b-9a2f-1e0d9c8b7a6f");

    @Test
    void aNewCommitmentIsToldToItsOwnerOnlyWhenCaseServiceSaysAConsentLetsThemSeeItAndNeverNamesTheCase() {
        lookup.route(List.of("anna"));
        lookup.staffOf.put("ingrid", "MUNICIPALITY/haninge-skola");
        List<PlannedNotification> told = planner.plan(made(true, "ingrid"), lookup);
        assertThat(told).singleElement().satisfies(p -> {
            assertThat(p.recipientUserId()).isEqualTo("ingrid");
            assertThat(p.kind()).isEqualTo(NotificationKind.COMMITMENT_ASSIGNED);
            assertThat(p.caseId()).isNull();
            assertThat(p.link()).isEqualTo("/api/commitments/" + COMMITMENT);
            assertThat(p.message()).contains(COMMITMENT.toString()).doesNotContain(caseId.toString(), UNIT,
                    "SCHOOL_ATTENDANCE", "närvaro");
        });
        assertThat(planner.plan(made(false, "ingrid"), lookup)).as("no consent when it was made").isEmpty();
        assertThat(planner.plan(made(true, "jonas"), lookup)).as("not staff of the organisation named").isEmpty();
        assertThat(planner.plan(new se.samverkan.contracts.cases.CoordinationMeetingRecorded(ref(ProtectedIdentity.NONE),
                actor("anna"), Instant.now(), UUID.randomUUID(), LocalDate.now(), true, List.of()), lookup)).isEmpty();
    }

    @Test
    void aReminderGoesToTheOwnerNamedAndActiveOtherwiseToTheCaseTeam() {
        lookup.route(List.of("anna", "amir"));
        lookup.staffOf.put("ingrid", "MUNICIPALITY/haninge-skola");
        assertThat(planner.plan(dueSoon(se.samverkan.contracts.ReminderAudience.OWNER, "ingrid"), lookup)).singleElement()
                .satisfies(p -> {
                    assertThat(p.recipientUserId()).isEqualTo("ingrid");
                    assertThat(p.kind()).isEqualTo(NotificationKind.COMMITMENT_DUE_SOON);
                    assertThat(p.caseId()).isNull();
                    assertThat(p.message()).doesNotContain(caseId.toString());
                });
        List<PlannedNotification> team = planner.plan(dueSoon(se.samverkan.contracts.ReminderAudience.CASE_TEAM, null), lookup);
        assertThat(team).extracting(PlannedNotification::recipientUserId).containsExactly("anna", "amir");
        assertThat(team).allSatisfy(p -> assertThat(p.link()).isEqualTo("/api/cases/" + caseId));
        lookup.staffOf.remove("ingrid");
        assertThat(planner.plan(dueSoon(se.samverkan.contracts.ReminderAudience.OWNER, "ingrid"), lookup))
                .as("an owner who left the school: the team hears of it instead")
                .extracting(PlannedNotification::recipientUserId).containsExactly("anna", "amir");
        List<PlannedNotification> overdue = planner.plan(new se.samverkan.contracts.cases.CommitmentOverdue(ref(ProtectedIdentity.SKYDDAD_FOLKBOKFORING),
                null, Instant.now(), COMMITMENT, LocalDate.of(2027, 1, 15), se.samverkan.contracts.ReminderAudience.CASE_TEAM,
                null, Agency.MUNICIPALITY, "haninge-skola"), lookup);
        assertThat(overdue).allSatisfy(p -> {
            assertThat(p.kind()).isEqualTo(NotificationKind.COMMITMENT_OVERDUE);
            assertThat(p.message()).doesNotContain(UNIT);
        });
        assertThat(planner.planForUnits(dueSoon(se.samverkan.contracts.ReminderAudience.CASE_TEAM, null), lookup)).isEmpty();
    }

    @Test
    void theOwnersReportThatItIsDoneTellsTheTeamToConfirmIt() {
        lookup.route(List.of("anna"));
        assertThat(planner.plan(new se.samverkan.contracts.cases.CommitmentReportedDone(ref(ProtectedIdentity.NONE),
                actor("ingrid"), Instant.now(), COMMITMENT, LocalDate.now()), lookup)).singleElement().satisfies(p -> {
            assertThat(p.recipientUserId()).isEqualTo("anna");
            assertThat(p.kind()).isEqualTo(NotificationKind.COMMITMENT_REPORTED_DONE);
        });
        assertThat(planner.plan(new se.samverkan.contracts.cases.CommitmentFollowedUp(ref(ProtectedIdentity.NONE),
                actor("anna"), Instant.now(), COMMITMENT, "KEPT", LocalDate.now(), LocalDate.now()), lookup)).isEmpty();
    }

    private se.samverkan.contracts.cases.CommitmentMade made(boolean notifyOwner, String owner) {
        return new se.samverkan.contracts.cases.CommitmentMade(ref(ProtectedIdentity.NONE), actor("anna"), Instant.now(),
                COMMITMENT, UUID.randomUUID(), UUID.randomUUID(), "SCHOOL", Agency.MUNICIPALITY, "haninge-skola", owner,
                "SCHOOL_ATTENDANCE_FOLLOW_UP", LocalDate.of(2027, 1, 15), notifyOwner);
    }

    private se.samverkan.contracts.cases.CommitmentDueSoon dueSoon(se.samverkan.contracts.ReminderAudience audience, String owner) {
        return new se.samverkan.contracts.cases.CommitmentDueSoon(ref(ProtectedIdentity.NONE), null, Instant.now(), COMMITMENT,
                LocalDate.of(2027, 1, 15), audience, owner, Agency.MUNICIPALITY, "haninge-skola");
    }
}
