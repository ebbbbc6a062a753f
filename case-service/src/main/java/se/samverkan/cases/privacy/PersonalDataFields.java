package se.samverkan.cases.privacy;

import se.samverkan.cases.domain.CaseEvent;
import se.samverkan.cases.domain.DocumentType;

import java.util.List;
import java.util.Map;

import static se.samverkan.cases.domain.DocumentType.*;

/**
 * The JSON paths of every case event that hold personal data or free text about a person, each with the document
 * type it is retained (and sealed) as. Codes, dates of decisions, ids and the protection level stay readable: the case
 * must still load, be listed and be reasoned about after its subject's data is gone. A new event type with personal
 * data must be added here ({@code PersonalDataFieldsTest} fails for an unlisted String field that is not a known code).
 */
public final class PersonalDataFields {

    private static final Map<Class<? extends CaseEvent>, Map<String, DocumentType>> FIELDS = Map.of(
            CaseEvent.CaseOpened.class, Map.of("/subject/personalIdentityNumber", IDENTITY, "/subject/name", IDENTITY,
                    "/subject/dateOfBirth", IDENTITY, "/subject/address", IDENTITY, "/subject/guardians", IDENTITY),
            CaseEvent.PoliceReportReceived.class, Map.of("/summary", REFERRALS),
            CaseEvent.NoteRecorded.class, Map.of("/text", JOURNAL),
            CaseEvent.CaseReopened.class, Map.of("/reason", OTHER),
            CaseEvent.ConsentRecorded.class, Map.of("/parties", CONSENTS),
            CaseEvent.ReferralAwaitingApproval.class, Map.of("/caseSummary", REFERRALS, "/riskAssessment", REFERRALS,
                    "/weighingOfInterests", OTHER),
            CaseEvent.ReferralSent.class, Map.of("/snapshot/identity", REFERRALS, "/snapshot/contact", REFERRALS,
                    "/snapshot/caseSummary", REFERRALS, "/snapshot/riskAssessment", REFERRALS),
            CaseEvent.PoliceFeedbackPosted.class, Map.of("/text", REFERRALS),
            CaseEvent.LegalHoldPlaced.class, Map.of("/reason", OTHER),
            CaseEvent.LegalHoldLifted.class, Map.of("/reason", OTHER));

    private PersonalDataFields() {
    }

    public static List<String> of(Class<?> eventType) {
        return FIELDS.getOrDefault(eventType, Map.of()).keySet().stream().sorted().toList();
    }

    public static DocumentType documentType(Class<?> eventType, String path) {
        DocumentType type = FIELDS.getOrDefault(eventType, Map.of()).get(path);
        if (type == null) {
            throw new IllegalArgumentException(path + " of " + eventType.getSimpleName() + " is not a personal-data field");
        }
        return type;
    }
}
