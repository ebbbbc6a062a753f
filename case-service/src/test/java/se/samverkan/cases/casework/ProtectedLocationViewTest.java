package se.samverkan.cases.casework;

import org.junit.jupiter.api.Test;
import se.samverkan.cases.access.Decision;
import se.samverkan.cases.access.FieldGroup;
import se.samverkan.cases.domain.CaseEvent;
import se.samverkan.cases.domain.CaseFile;
import se.samverkan.cases.domain.IntakeReport;
import se.samverkan.cases.domain.SnapshotSamples;
import se.samverkan.platform.test.TestUser;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samverkan.cases.access.FieldGroup.*;

/**
 * Where a protected person is now (the unit a report went to and why, the units it came through, the partner
 * municipalities of an exit case, the partner's unit a consent names, the partner's staff who wrote in the case) is
 * contact data: a reader of the case's content without {@code CONTACT} (a supervisor or colleague outside the team, a
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
    }

    private static CaseView.ConsentView consent(CaseView view, UUID consentId) {
        return view.consents().stream().filter(c -> c.consentId().equals(consentId)).findFirst().orElseThrow();
    }

    private static IntakeReport forwardedReport(CaseView view) {
        return view.reports().stream().filter(r -> r.reportId().equals(SnapshotSamples.FORWARDED_REPORT)).findFirst().orElseThrow();
    }
}
