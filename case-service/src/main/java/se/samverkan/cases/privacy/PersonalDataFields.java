package se.samverkan.cases.privacy;

import se.samverkan.cases.domain.CaseEvent;

import java.util.List;
import java.util.Map;

/**
 * The JSON paths of every case event that hold personal data or free text about a person. Codes, dates of
 * decisions, ids and the protection level stay readable: the case must still load, be listed and be reasoned about
 * after its subject's data is gone. A new event type with personal data must be added here
 * ({@code PersonalDataFieldsTest} fails for an unlisted String field that is not a known code).
 */
public final class PersonalDataFields {

    private static final Map<Class<? extends CaseEvent>, List<String>> FIELDS = Map.of(
            CaseEvent.CaseOpened.class, List.of("/subject/personalIdentityNumber", "/subject/name",
                    "/subject/dateOfBirth", "/subject/address", "/subject/guardians"),
            CaseEvent.PoliceReportReceived.class, List.of("/summary"),
            CaseEvent.NoteRecorded.class, List.of("/text"),
            CaseEvent.CaseReopened.class, List.of("/reason"),
            CaseEvent.ConsentRecorded.class, List.of("/parties"),
            CaseEvent.ReferralAwaitingApproval.class, List.of("/caseSummary", "/riskAssessment", "/weighingOfInterests"),
            CaseEvent.ReferralSent.class, List.of("/snapshot/identity", "/snapshot/contact", "/snapshot/caseSummary",
                    "/snapshot/riskAssessment"),
            CaseEvent.PoliceFeedbackPosted.class, List.of("/text"),
            CaseEvent.LegalHoldPlaced.class, List.of("/reason"),
            CaseEvent.LegalHoldLifted.class, List.of("/reason"));

    private PersonalDataFields() {
    }

    public static List<String> of(Class<?> eventType) {
        return FIELDS.getOrDefault(eventType, List.of());
    }
}
