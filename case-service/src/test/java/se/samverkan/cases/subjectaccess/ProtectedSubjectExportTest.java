package se.samverkan.cases.subjectaccess;

import org.junit.jupiter.api.Test;
import se.samverkan.cases.access.Decision;
import se.samverkan.cases.domain.CaseEvent;
import se.samverkan.cases.domain.CaseFile;
import se.samverkan.cases.domain.Commitment;
import se.samverkan.cases.domain.Consent;
import se.samverkan.cases.domain.ConsentId;
import se.samverkan.cases.domain.MeetingParticipant;
import se.samverkan.cases.domain.SnapshotSamples;
import se.samverkan.contracts.Agency;
import se.samverkan.platform.test.TestUser;

import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samverkan.cases.access.FieldGroup.*;

/**
 * The export leaves the municipality, so for a subject with a protected identity it leaves out where they are
 * (see {@code ProtectedLocation}) whatever the decision shows: the partner's unit a consent names, the partner's staff
 * who wrote in the case and read it, the outside organisations and staff of a joint meeting and its commitments. The
 * mapping alone, on {@link SnapshotSamples#history()} (protected) and the same history without its protection.
 */
class ProtectedSubjectExportTest {

    /** Even a decision that shows contact data: the export is not read by the team. */
    static final Decision DECISION = Decision.allow("subject-access-export",
            EnumSet.of(METADATA, IDENTITY, CONTACT, CONTENT, CONSENTS, REFERRALS));
    static final SubjectAccessController.PartnerRead PARTNER_READ = new SubjectAccessController.PartnerRead(
            TestUser.EXIT_COORDINATOR.id(), "0127", "botkyrka-avhopp", "READ_CASE", List.of("PARTNER_SECTION"),
            SnapshotSamples.AT);

    static SubjectAccessController.CaseExport export(boolean protectedSubject) {
        CaseFile file = CaseFile.of(SnapshotSamples.history().stream()
                .filter(e -> protectedSubject || !(e instanceof CaseEvent.ProtectedIdentityChanged)).toList());
        return SubjectAccessController.caseExport(file, DECISION, List.of(), List.of(PARTNER_READ));
    }

    @Test
    void theExportOfAProtectedSubjectSaysAConsentWentToSocialServicesButNotToWhichUnit() {
        SubjectAccessController.CaseExport export = export(true);
        Consent toPartner = consent(export, SnapshotSamples.PARTNER_CONSENT);
        assertThat(toPartner.recipientAgency()).isEqualTo(Agency.SOCIAL_SERVICES);
        assertThat(toPartner.recipientUnit()).isNull();
        assertThat(toPartner.validFrom()).isNotNull();
        assertThat(consent(export, SnapshotSamples.CONSENT).recipientUnit())
                .as("the police unit, which the referrals name anyway").isEqualTo("polisen-haninge");
    }

    @Test
    void theExportOfAProtectedSubjectSaysWhenThePartnerWroteButNotWhoThere() {
        SubjectAccessController.CaseExport export = export(true);
        assertThat(export.partnerNotes()).isNotEmpty().allSatisfy(n -> {
            assertThat(n.recordedBy()).isNull();
            assertThat(n.partnerMunicipality()).isNull();
            assertThat(n.recordedAt()).isNotNull();
        });
        assertThat(export.partnerMeasures()).isNotEmpty().allSatisfy(m -> assertThat(m.recordedBy()).isNull());
        assertThat(export.partnerReads()).singleElement().satisfies(read -> {
            assertThat(read.userId()).isNull();
            assertThat(read.municipality()).isNull();
            assertThat(read.unit()).isNull();
            assertThat(read.at()).isNotNull();
        });
    }

    @Test
    void theExportOfAProtectedSubjectNamesNeitherTheOutsideOrganisationsOfAJointMeetingNorTheirStaff() {
        SubjectAccessController.CaseExport export = export(true);
        MeetingParticipant school = school(export);
        assertThat(school.agency()).isEqualTo(Agency.MUNICIPALITY);
        assertThat(school.municipality()).isNull();
        assertThat(school.organisation()).isNull();
        assertThat(school.userId()).isNull();
        Commitment commitment = export.commitments().getFirst();
        assertThat(commitment.commitmentType()).isEqualTo("SCHOOL_ATTENDANCE_FOLLOW_UP");
        assertThat(commitment.ownerAgency()).isEqualTo(Agency.MUNICIPALITY);
        assertThat(commitment.ownerMunicipality()).isNull();
        assertThat(commitment.ownerOrganisation()).isNull();
        assertThat(commitment.ownerUserId()).isNull();
        assertThat(commitment.reportedBy()).isNull();
    }

    @Test
    void theExportOfASubjectWithoutProtectionNamesThemAll() {
        SubjectAccessController.CaseExport export = export(false);
        assertThat(consent(export, SnapshotSamples.PARTNER_CONSENT).recipientUnit()).isEqualTo("botkyrka-avhopp");
        assertThat(export.partnerNotes()).extracting(CaseFile.PartnerNote::recordedBy).containsOnly(TestUser.EXIT_COORDINATOR.id());
        assertThat(export.partnerReads()).extracting(SubjectAccessController.PartnerRead::unit).containsExactly("botkyrka-avhopp");
        assertThat(school(export).organisation()).isEqualTo("haninge-skola");
        assertThat(school(export).userId()).isEqualTo(TestUser.SCHOOL_COUNSELLOR.id());
        assertThat(export.commitments().getFirst().ownerOrganisation()).isEqualTo("haninge-skola");
        assertThat(export.commitments().getFirst().reportedBy()).isEqualTo(TestUser.SCHOOL_COUNSELLOR.id());
    }

    private static Consent consent(SubjectAccessController.CaseExport export, ConsentId consentId) {
        return export.consents().stream().filter(c -> c.consentId().equals(consentId)).findFirst().orElseThrow();
    }

    private static MeetingParticipant school(SubjectAccessController.CaseExport export) {
        return export.coordinationMeetings().getFirst().participants().stream().filter(p -> p.role().equals("SCHOOL"))
                .findFirst().orElseThrow();
    }
}
