package se.samverkan.cases.privacy;

import org.junit.jupiter.api.Test;
import se.samverkan.cases.domain.CaseEvent;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A new event field that can hold text about a person must be sealed: every String or structured field of every
 * case event is either listed in {@link PersonalDataFields} or named here as an id or code.
 */
class PersonalDataFieldsTest {

    /** Ids, codes and unit names: no personal data, readable after clearing. */
    static final Set<String> NOT_PERSONAL = Set.of("municipality", "unit", "team", "noteId", "correctsNoteId", "measureId",
            "measureType", "reportId", "fromPoliceUnit", "policeUnit", "outcome", "partnerMunicipality", "recipientUnit",
            "purposes", "documentReference", "approvedBy", "reasonCode", "feedbackId", "outcomeCode", "deadlineId", "holdId",
            "revokedReferrals",
            // partner shares (issue 14): ids, unit and municipality codes, the coordinators' user ids (like the team)
            "shareId", "partnerUnit", "coordinators", "costShareId", "payerMunicipality",
            // reports in (issue 15): concern codes and the unit codes of a forwarding
            "concernTypes", "forwardedFromMunicipality", "forwardedFromUnit", "toMunicipality", "toUnit",
            // the route a forwarded report came by: municipality and unit codes of the units it passed
            "earlierStops",
            // issue 15: a code of the municipality's legal-basis catalogue, its own vocabulary code, a purpose code
            "legalBasis", "localCode", "purpose",
            // joint action plans (issue 15): ids, role and commitment codes, unit and municipality codes, user ids; the
            // participants hold roles, units and staff user ids only (guardians and the youth are named by role)
            "meetingId", "participants", "commitmentId", "participantId", "participantRole", "ownerMunicipality",
            "ownerOrganisation", "ownerUserId", "commitmentType", "notifiedOwner",
            // the school or work status at follow-up (issue 15): an id and a SchoolWorkStatus code
            "followUpId", "schoolWorkStatus");

    @Test
    void everyTextOrStructuredEventFieldIsSealedOrKnownToBeAnIdOrCode() {
        List<String> unlisted = new ArrayList<>();
        for (Class<?> type : CaseEvent.class.getPermittedSubclasses()) {
            List<String> sealed = PersonalDataFields.of(type);
            for (RecordComponent component : type.getRecordComponents()) {
                Class<?> fieldType = component.getType();
                boolean free = fieldType == String.class || List.class.isAssignableFrom(fieldType)
                        || fieldType == se.samverkan.cases.domain.Subject.class
                        || fieldType == se.samverkan.cases.domain.ReferralSnapshot.class;
                String name = component.getName();
                boolean covered = sealed.stream().anyMatch(path -> path.equals("/" + name) || path.startsWith("/" + name + "/"));
                if (free && !covered && !NOT_PERSONAL.contains(name)) {
                    unlisted.add(type.getSimpleName() + "." + name);
                }
            }
        }
        assertThat(unlisted).as("fields to seal in PersonalDataFields or to name as ids/codes here").isEmpty();
    }

    @Test
    void everySealedFieldBelongsToOneDocumentType() {
        for (Class<?> type : CaseEvent.class.getPermittedSubclasses()) {
            for (String path : PersonalDataFields.of(type)) {
                assertThat(PersonalDataFields.documentType(type, path)).as(type.getSimpleName() + path).isNotNull();
            }
        }
        assertThat(PersonalDataFields.documentType(CaseEvent.NoteRecorded.class, "/text"))
                .isEqualTo(se.samverkan.cases.domain.DocumentType.JOURNAL);
        assertThat(PersonalDataFields.documentType(CaseEvent.PartnerNoteRecorded.class, "/text"))
                .as("the partner's section is sealed with the subject's key and cleared with the journal")
                .isEqualTo(se.samverkan.cases.domain.DocumentType.JOURNAL);
        assertThat(PersonalDataFields.documentType(CaseEvent.CaseOpened.class, "/subject/guardians"))
                .isEqualTo(se.samverkan.cases.domain.DocumentType.IDENTITY);
    }

    @Test
    void theSubjectsProtectionLevelStaysReadableSoItStillGuardsAClearedCase() {
        assertThat(PersonalDataFields.of(CaseEvent.CaseOpened.class)).doesNotContain("/subject", "/subject/protectedIdentity");
    }
}
