package se.samverkan.cases.privacy;

import se.samverkan.cases.domain.CaseEvent;
import se.samverkan.cases.domain.CaseSnapshot;
import se.samverkan.cases.domain.DocumentType;

import java.util.List;
import java.util.Map;

import static java.util.Map.entry;
import static se.samverkan.cases.domain.DocumentType.*;

/**
 * The JSON paths of every case event that hold personal data or free text about a person, each with the document
 * type it is retained (and sealed) as. Codes, dates of decisions, ids and the protection level stay readable: the case
 * must still load, be listed and be reasoned about after its subject's data is gone. A new event type with personal
 * data must be added here ({@code PersonalDataFieldsTest} fails for an unlisted String field that is not a known code).
 */
public final class PersonalDataFields {

    private static final Map<Class<?>, Map<String, DocumentType>> FIELDS = Map.ofEntries(
            entry(CaseEvent.CaseOpened.class, Map.of("/subject/personalIdentityNumber", IDENTITY, "/subject/name", IDENTITY,
                    "/subject/dateOfBirth", IDENTITY, "/subject/address", IDENTITY, "/subject/guardians", IDENTITY)),
            entry(CaseEvent.PoliceReportReceived.class, Map.of("/summary", REFERRALS)),
            // a report's text is sealed as the police report's always was
            entry(CaseEvent.ReportReceived.class, Map.of("/summary", REFERRALS)),
            entry(CaseEvent.NoteRecorded.class, Map.of("/text", JOURNAL)),
            // the partner's own notes are the subject's journal too: sealed with the subject's key, cleared with the case
            entry(CaseEvent.PartnerNoteRecorded.class, Map.of("/text", JOURNAL)),
            entry(CaseEvent.CaseReopened.class, Map.of("/reason", OTHER)),
            entry(CaseEvent.ConsentRecorded.class, Map.of("/parties", CONSENTS)),
            entry(CaseEvent.ReferralAwaitingApproval.class, Map.of("/caseSummary", REFERRALS, "/riskAssessment", REFERRALS,
                    "/weighingOfInterests", OTHER)),
            entry(CaseEvent.ReferralSent.class, Map.of("/snapshot/identity", REFERRALS, "/snapshot/contact", REFERRALS,
                    "/snapshot/caseSummary", REFERRALS, "/snapshot/riskAssessment", REFERRALS)),
            entry(CaseEvent.PoliceFeedbackPosted.class, Map.of("/text", REFERRALS)),
            entry(CaseEvent.LegalHoldPlaced.class, Map.of("/reason", OTHER)),
            entry(CaseEvent.LegalHoldLifted.class, Map.of("/reason", OTHER)),
            // joint action plans (issue 15): what a meeting agreed and what a commitment says are the subject's journal
            entry(CaseEvent.CoordinationMeetingRecorded.class, Map.of("/agreedText", JOURNAL)),
            entry(CaseEvent.CommitmentMade.class, Map.of("/text", JOURNAL)),
            entry(CaseEvent.CommitmentReportedDone.class, Map.of("/text", JOURNAL)),
            // a share waiting for four eyes keeps its weighing of interests sealed like a referral's
            entry(CaseEvent.PartnerShareAwaitingApproval.class, Map.of("/weighingOfInterests", OTHER,
                    "/riskAssessment", JOURNAL)),
            // the risk assessment a partner receives is the case's journal: cleared and shredded with it
            entry(CaseEvent.CaseSharedWithPartner.class, Map.of("/riskAssessment", JOURNAL)),
            // the snapshot holds the same values as the events it folds, sealed as the same document types
            entry(CaseSnapshot.class, Map.ofEntries(
                    entry("/subject/personalIdentityNumber", IDENTITY), entry("/subject/name", IDENTITY),
                    entry("/subject/dateOfBirth", IDENTITY), entry("/subject/address", IDENTITY),
                    entry("/subject/guardians", IDENTITY),
                    entry("/notes/*/text", JOURNAL), entry("/partnerNotes/*/text", JOURNAL),
                    entry("/consents/*/parties", CONSENTS),
                    entry("/pendingApprovals/*/caseSummary", REFERRALS), entry("/pendingApprovals/*/riskAssessment", REFERRALS),
                    entry("/pendingApprovals/*/weighingOfInterests", OTHER),
                    entry("/referrals/*/snapshot/identity", REFERRALS), entry("/referrals/*/snapshot/contact", REFERRALS),
                    entry("/referrals/*/snapshot/caseSummary", REFERRALS), entry("/referrals/*/snapshot/riskAssessment", REFERRALS),
                    entry("/referrals/*/feedback/*/text", REFERRALS),
                    entry("/legalHolds/*/reason", OTHER),
                    entry("/reports/*/summary", REFERRALS),
                    entry("/meetings/*/agreedText", JOURNAL), entry("/commitments/*/text", JOURNAL),
                    entry("/commitments/*/reportText", JOURNAL),
                    entry("/pendingShares/*/weighingOfInterests", OTHER),
                    entry("/pendingShares/*/riskAssessment", JOURNAL),
                    entry("/partnerShares/*/riskAssessment", JOURNAL))));

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
