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
    static final CaseId CASE = CaseId.random();
    static final ReferralId REFERRAL = new ReferralId(UUID.randomUUID());
    static final ConsentId CONSENT = new ConsentId(UUID.randomUUID());
    static final Subject KIM = new Subject("201003159124", "Kim Hemlig", LocalDate.of(2010, 3, 15), "Gömda gatan 7",
            List.of(new Subject.Guardian("198706142836", "Vera Hemlig")), ProtectedIdentity.SKYDDAD_FOLKBOKFORING);
    static final Set<DataCategory> CATEGORIES = EnumSet.of(DataCategory.IDENTITY, DataCategory.CASE_SUMMARY);
    static final String SECRET_TEXT = "Känslig journaltext";

    public static List<CaseEvent> samples() {
        String id = UUID.randomUUID().toString();
        return List.of(
                new CaseOpened(CASE, Program.RAPID_INTERVENTION, "0136", "haninge-ungdom", new SubjectId(UUID.randomUUID()), KIM,
                        List.of(ANNA.userId()), CaseOrigin.SOCIAL_SERVICES, Phase.INTAKE, ANNA, AT),
                new PoliceReportReceived(CASE, id, "polisen-haninge", SECRET_TEXT, ANNA, AT),
                new CaseTeamAssigned(CASE, List.of(ANNA.userId()), ANNA, AT),
                new NoteRecorded(CASE, id, SECRET_TEXT, UUID.randomUUID().toString(), ANNA, AT),
                new MeasureRecorded(CASE, id, "KONTAKTPERSON", LocalDate.of(2026, 12, 1), LocalDate.of(2027, 6, 1), ANNA, AT),
                new PhaseChanged(CASE, Phase.INTAKE, Phase.PRELIMINARY_ASSESSMENT, ANNA, AT),
                new CaseClosed(CASE, Phase.FOLLOW_UP, "GOALS_MET", ANNA, AT),
                new CaseReopened(CASE, Phase.INTAKE, SECRET_TEXT, ANNA, AT),
                new CaseShared(CASE, "0127", ANNA, AT),
                new ConsentRecorded(CASE, CONSENT, List.of(new Consent.ConsentParty(Consent.PartyRole.SUBJECT, "201003159124")),
                        Agency.POLICE, "polisen-haninge", List.of("samverkan"), CATEGORIES, LocalDate.of(2026, 11, 25),
                        LocalDate.of(2027, 2, 25), "dok-1", ANNA, AT),
                new ConsentWithdrawn(CASE, CONSENT, Consent.PartyRole.GUARDIAN, LocalDate.of(2026, 12, 1), List.of(REFERRAL), ANNA, AT),
                new ReferralAwaitingApproval(CASE, REFERRAL, "polisen-haninge", LegalBasis.OSL_10_18A, CATEGORIES, SECRET_TEXT,
                        SECRET_TEXT, SECRET_TEXT, ANNA, AT),
                new ReferralSent(CASE, REFERRAL, "polisen-haninge", LegalBasis.CONSENT, CONSENT, CATEGORIES,
                        ReferralSnapshot.of(CATEGORIES, KIM, List.of(), SECRET_TEXT, null), null, ANNA, AT),
                new ReferralAcknowledged(CASE, REFERRAL, "polisen-haninge", ANNA, AT),
                new ReferralAccepted(CASE, REFERRAL, "polisen-haninge", ANNA, AT),
                new ReferralDeclined(CASE, REFERRAL, "polisen-haninge", "NOT_OUR_AREA", ANNA, AT),
                new PoliceFeedbackPosted(CASE, REFERRAL, "polisen-haninge", id, SECRET_TEXT, ANNA, AT),
                new ReferralCompleted(CASE, REFERRAL, "polisen-haninge", "JOINT_PLAN", ANNA, AT),
                new ReferralRevoked(CASE, REFERRAL, "polisen-haninge", RevocationReason.CONSENT_WITHDRAWN, ANNA, AT),
                new DeadlineScheduled(CASE, id, DeadlineKind.PRELIMINARY_ASSESSMENT, LocalDate.of(2026, 12, 9), null, AT),
                new DeadlineApproaching(CASE, id, DeadlineKind.PRELIMINARY_ASSESSMENT, LocalDate.of(2026, 12, 9), null, AT),
                new DeadlineMissed(CASE, id, DeadlineKind.PRELIMINARY_ASSESSMENT, LocalDate.of(2026, 12, 9), null, AT),
                new DeadlineMet(CASE, id, DeadlineKind.FIRST_FAMILY_CONTACT, LocalDate.of(2026, 12, 2), LocalDate.of(2026, 11, 30), ANNA, AT),
                new FamilyContactRecorded(CASE, LocalDate.of(2026, 11, 30), ANNA, AT),
                new JointPoliceMeetingRecorded(CASE, LocalDate.of(2026, 12, 1), ANNA, AT),
                new CaseDataCleared(CASE, LocalDate.of(2031, 12, 1), null, AT),
                new LegalHoldPlaced(CASE, id, se.samverkan.cases.domain.LegalHoldKind.LITIGATION, SECRET_TEXT, ANNA, AT),
                new LegalHoldLifted(CASE, id, SECRET_TEXT, ANNA, AT),
                new ProtectedIdentityChanged(CASE, ProtectedIdentity.NONE, ProtectedIdentity.SKYDDAD_FOLKBOKFORING, ANNA, AT));
    }

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
        CaseRef ref = new CaseRef(CASE.value(), Program.RAPID_INTERVENTION, "0136", "haninge-ungdom", UUID.randomUUID(),
                ProtectedIdentity.SKYDDAD_FOLKBOKFORING);
        CloudEventCodec codec = new CloudEventCodec(URI.create("/samverkan/case-service"));
        for (CaseEvent sample : samples()) {
            Optional<CaseIntegrationEvent> maybe = IntegrationEventMapper.map(sample, ref);
            if (sample instanceof FamilyContactRecorded || sample instanceof JointPoliceMeetingRecorded
                    || sample instanceof LegalHoldPlaced || sample instanceof LegalHoldLifted
                    || sample instanceof ProtectedIdentityChanged) {
                assertThat(maybe).as("internal to case-service, not published").isEmpty();
                continue;
            }
            CaseIntegrationEvent mapped = maybe.orElseThrow();
            CloudEvent event = codec.wrap(UUID.randomUUID(), AT, mapped);
            assertThat(ContractSchemas.violations(event.type(), event.data())).as(event.type()).isEmpty();
            assertThat(fieldNames(event.data())).as(event.type() + " has the fields of its frozen example")
                    .containsAll(fieldNames(ContractSchemas.example(event.type())).stream()
                            .filter(f -> sample.by() != null || !f.equals("actor"))
                            .filter(f -> !f.equals("correctsNoteId") && !f.equals("consentId") && !f.equals("approvedBy") && !f.equals("endDate"))
                            .toList());
            assertThat(event.subject()).isEqualTo(CASE.toString());
            String wire = new String(CloudEventCodec.toBytes(event), StandardCharsets.UTF_8);
            assertThat(wire).as(event.type()).doesNotContain("201003159124", "9124", "Hemlig", "Gömda", "198706142836", SECRET_TEXT);
            CloudEvent back = CloudEventCodec.fromBytes(CloudEventCodec.toBytes(event));
            assertThat(CloudEventCodec.data(back)).isEqualTo(mapped);
        }
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.propertyNames().forEach(names::add);
        return names;
    }
}
