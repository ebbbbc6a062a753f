package se.samverkan.cases.storedevents;

import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.RevisionResolver;
import se.samverkan.cases.domain.CaseEvent;
import se.samverkan.cases.domain.CaseSnapshot;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static java.util.Map.entry;
import static se.samverkan.cases.domain.CaseEvent.*;

/**
 * The name each stored case event is kept under in the event store, independent of its Java class: a class may be
 * renamed or moved freely as long as its entry here keeps its name. A name, once stored, is never changed or reused;
 * a changed shape gets a new {@code @Revision} and an upcaster instead (see {@link ActorRolesUpcaster}).
 * Events stored before these names existed carry their Java class name; {@link LegacyClassNamesUpcaster} maps them.
 */
public final class StoredEventNames {

    /** The one place the Java class names of the first stored events survive: they are history, not code. */
    static final String LEGACY_CLASS_PREFIX = "se.samverkan.cases.domain.CaseEvent$";

    private static final Map<Class<? extends CaseEvent>, String> NAMES = Map.ofEntries(
            entry(CaseOpened.class, "case.CaseOpened"),
            entry(PoliceReportReceived.class, "case.PoliceReportReceived"),
            entry(CaseTeamAssigned.class, "case.CaseTeamAssigned"),
            entry(NoteRecorded.class, "case.NoteRecorded"),
            entry(MeasureRecorded.class, "case.MeasureRecorded"),
            entry(PhaseChanged.class, "case.PhaseChanged"),
            entry(CaseClosed.class, "case.CaseClosed"),
            entry(CaseReopened.class, "case.CaseReopened"),
            entry(CaseShared.class, "case.CaseShared"),
            entry(CaseSharedWithPartner.class, "case.CaseSharedWithPartner"),
            entry(PartnerShareEnded.class, "case.PartnerShareEnded"),
            entry(PartnerNoteRecorded.class, "case.PartnerNoteRecorded"),
            entry(PartnerMeasureRecorded.class, "case.PartnerMeasureRecorded"),
            entry(NoteMarkedShareable.class, "case.NoteMarkedShareable"),
            entry(CostShareRecorded.class, "case.CostShareRecorded"),
            entry(ConsentRecorded.class, "case.ConsentRecorded"),
            entry(ConsentWithdrawn.class, "case.ConsentWithdrawn"),
            entry(ReferralAwaitingApproval.class, "case.ReferralAwaitingApproval"),
            entry(ReferralSent.class, "case.ReferralSent"),
            entry(ReferralAcknowledged.class, "case.ReferralAcknowledged"),
            entry(ReferralAccepted.class, "case.ReferralAccepted"),
            entry(ReferralDeclined.class, "case.ReferralDeclined"),
            entry(PoliceFeedbackPosted.class, "case.PoliceFeedbackPosted"),
            entry(ReferralCompleted.class, "case.ReferralCompleted"),
            entry(ReferralRevoked.class, "case.ReferralRevoked"),
            entry(FamilyContactRecorded.class, "case.FamilyContactRecorded"),
            entry(JointPoliceMeetingRecorded.class, "case.JointPoliceMeetingRecorded"),
            entry(DeadlineScheduled.class, "case.DeadlineScheduled"),
            entry(DeadlineApproaching.class, "case.DeadlineApproaching"),
            entry(DeadlineMissed.class, "case.DeadlineMissed"),
            entry(DeadlineMet.class, "case.DeadlineMet"),
            entry(DocumentsCleared.class, "case.DocumentsCleared"),
            entry(CaseDataCleared.class, "case.CaseDataCleared"),
            entry(LegalHoldPlaced.class, "case.LegalHoldPlaced"),
            entry(LegalHoldLifted.class, "case.LegalHoldLifted"),
            entry(ProtectedIdentityChanged.class, "case.ProtectedIdentityChanged"),
            entry(ProtectionLoweringProposed.class, "case.ProtectionLoweringProposed"),
            entry(ProtectionLoweringWithdrawn.class, "case.ProtectionLoweringWithdrawn"),
            entry(ReportReceived.class, "case.ReportReceived"),
            entry(SafetyAssessed.class, "case.SafetyAssessed"),
            entry(ReportAssessed.class, "case.ReportAssessed"),
            entry(ReportForwarded.class, "case.ReportForwarded"),
            // joint action plans (issue 15)
            entry(CoordinationMeetingRecorded.class, "case.CoordinationMeetingRecorded"),
            entry(CommitmentMade.class, "case.CommitmentMade"),
            entry(CommitmentDueSoon.class, "case.CommitmentDueSoon"),
            entry(CommitmentOverdue.class, "case.CommitmentOverdue"),
            entry(CommitmentReportedDone.class, "case.CommitmentReportedDone"),
            entry(CommitmentFollowedUp.class, "case.CommitmentFollowedUp"),
            entry(FollowUpStatusRecorded.class, "case.FollowUpStatusRecorded"),
            entry(PartnerShareAwaitingApproval.class, "case.PartnerShareAwaitingApproval"),
            entry(PartnerShareRefused.class, "case.PartnerShareRefused"),
            entry(PartnerShareRequestExpired.class, "case.PartnerShareRequestExpired"));

    private static final Map<String, Class<? extends CaseEvent>> CLASSES = NAMES.entrySet().stream()
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getValue, Map.Entry::getKey));

    private static final RevisionResolver REVISIONS = new AnnotationRevisionResolver();

    /**
     * The name of the case's snapshot ({@link CaseSnapshot}), kept apart from the events' names: a snapshot is a cache
     * of the events, read only at its current revision (see {@code config.CaseSnapshots}), never upcast.
     */
    public static final String CASE_SNAPSHOT = "case.CaseSnapshot";

    private StoredEventNames() {
    }

    public static Optional<String> nameOf(Class<?> type) {
        return Optional.ofNullable(NAMES.get(type));
    }

    public static Optional<Class<? extends CaseEvent>> classOf(String storedName) {
        return Optional.ofNullable(CLASSES.get(storedName));
    }

    /** The stored name of a case event or of the case snapshot. */
    public static Optional<String> storedNameOf(Class<?> type) {
        return type == CaseSnapshot.class ? Optional.of(CASE_SNAPSHOT) : nameOf(type);
    }

    /** The class of a stored case event or snapshot name. */
    public static Optional<Class<?>> storedClassOf(String storedName) {
        return CASE_SNAPSHOT.equals(storedName) ? Optional.of(CaseSnapshot.class) : classOf(storedName).map(type -> type);
    }

    /** The revision a class is written with today (its {@code @Revision}). */
    public static String revisionOf(Class<?> type) {
        return REVISIONS.revisionOf(type);
    }

    public static Set<String> names() {
        return Set.copyOf(CLASSES.keySet());
    }

    /** The stable name for a payload type stored under a Java class name before names existed, if it was a case event. */
    public static Optional<String> fromLegacyClassName(String payloadType) {
        if (!payloadType.startsWith(LEGACY_CLASS_PREFIX)) {
            return Optional.empty();
        }
        String name = "case." + payloadType.substring(LEGACY_CLASS_PREFIX.length());
        return CLASSES.containsKey(name) ? Optional.of(name) : Optional.empty();
    }
}
