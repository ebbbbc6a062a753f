package se.samverkan.contracts;

import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.contracts.audit.CheckpointIssued;
import se.samverkan.contracts.audit.ReviewItemRaised;
import se.samverkan.contracts.cases.*;

import se.samverkan.signing.EventTopics;

import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every integration event type, its Java record and its topic (from {@link EventTopics}). */
public final class EventTypes {

    public record Entry(Class<? extends IntegrationEvent> javaType, String type, String topic) {

        public URI schemaUri() {
            return URI.create("https://samverkan.se/schemas/" + type + ".json");
        }

        /** Class-path resource of the JSON Schema for this type. */
        public String schemaResource() {
            return "/se/samverkan/contracts/schemas/" + type + ".json";
        }
    }

    private static final List<Entry> ALL = List.of(
            entry(CaseOpened.class, "se.samverkan.case.case-opened.v1"),
            entry(CaseTeamChanged.class, "se.samverkan.case.case-team-changed.v1"),
            entry(CasePhaseChanged.class, "se.samverkan.case.case-phase-changed.v1"),
            entry(CaseClosed.class, "se.samverkan.case.case-closed.v1"),
            entry(CaseReopened.class, "se.samverkan.case.case-reopened.v1"),
            entry(CaseShared.class, "se.samverkan.case.case-shared.v1"),
            entry(CaseShareEnded.class, "se.samverkan.case.case-share-ended.v1"),
            entry(NoteRecorded.class, "se.samverkan.case.note-recorded.v1"),
            entry(MeasureRecorded.class, "se.samverkan.case.measure-recorded.v1"),
            entry(ConsentRecorded.class, "se.samverkan.case.consent-recorded.v1"),
            entry(ConsentWithdrawn.class, "se.samverkan.case.consent-withdrawn.v1"),
            entry(ReferralAwaitingApproval.class, "se.samverkan.case.referral-awaiting-approval.v1"),
            entry(ProtectionLoweringRequested.class, "se.samverkan.case.protection-lowering-requested.v1"),
            entry(ProtectionChanged.class, "se.samverkan.case.protection-changed.v1"),
            entry(ReferralSent.class, "se.samverkan.case.referral-sent.v1"),
            entry(ReferralAcknowledged.class, "se.samverkan.case.referral-acknowledged.v1"),
            entry(ReferralAccepted.class, "se.samverkan.case.referral-accepted.v1"),
            entry(ReferralDeclined.class, "se.samverkan.case.referral-declined.v1"),
            entry(PoliceFeedbackPosted.class, "se.samverkan.case.police-feedback-posted.v1"),
            entry(ReferralCompleted.class, "se.samverkan.case.referral-completed.v1"),
            entry(ReferralRevoked.class, "se.samverkan.case.referral-revoked.v1"),
            entry(PoliceReportReceived.class, "se.samverkan.case.police-report-received.v1"),
            entry(DeadlineScheduled.class, "se.samverkan.case.deadline-scheduled.v1"),
            entry(DeadlineApproaching.class, "se.samverkan.case.deadline-approaching.v1"),
            entry(DeadlineMissed.class, "se.samverkan.case.deadline-missed.v1"),
            entry(DeadlineMet.class, "se.samverkan.case.deadline-met.v1"),
            entry(CaseDataCleared.class, "se.samverkan.case.case-data-cleared.v1"),
            entry(ReportReceived.class, "se.samverkan.case.report-received.v1"),
            entry(ReportStatusChanged.class, "se.samverkan.case.report-status-changed.v1"),
            entry(CoordinationMeetingRecorded.class, "se.samverkan.case.coordination-meeting-recorded.v1"),
            entry(CommitmentMade.class, "se.samverkan.case.commitment-made.v1"),
            entry(CommitmentDueSoon.class, "se.samverkan.case.commitment-due-soon.v1"),
            entry(CommitmentOverdue.class, "se.samverkan.case.commitment-overdue.v1"),
            entry(CommitmentReportedDone.class, "se.samverkan.case.commitment-reported-done.v1"),
            entry(CommitmentFollowedUp.class, "se.samverkan.case.commitment-followed-up.v1"),
            entry(se.samverkan.contracts.reconciliation.PublicationManifest.class, "se.samverkan.case.publication-manifest.v1"),
            entry(AccessRecorded.class, "se.samverkan.access.access-recorded.v1"),
            entry(se.samverkan.contracts.access.DirectoryEntryChanged.class, "se.samverkan.access.directory-entry-changed.v1"),
            entry(CheckpointIssued.class, "se.samverkan.audit.checkpoint-issued.v1"),
            entry(se.samverkan.contracts.audit.CheckpointCosigned.class, "se.samverkan.audit.checkpoint-cosigned.v1"),
            entry(ReviewItemRaised.class, "se.samverkan.audit.review-item-raised.v1"),
            entry(se.samverkan.contracts.effects.EffectFiguresPublished.class, "se.samverkan.case.effect-figures-published.v1")
    );

    private static final Map<String, Entry> BY_TYPE = ALL.stream().collect(Collectors.toMap(Entry::type, Function.identity()));
    private static final Map<Class<?>, Entry> BY_CLASS = ALL.stream().collect(Collectors.toMap(Entry::javaType, Function.identity()));

    private EventTypes() {
    }

    public static Collection<Entry> all() {
        return ALL;
    }

    public static Optional<Entry> byType(String type) {
        return Optional.ofNullable(BY_TYPE.get(type));
    }

    public static Entry of(Class<? extends IntegrationEvent> javaType) {
        Entry entry = BY_CLASS.get(javaType);
        if (entry == null) {
            throw new IllegalArgumentException(javaType.getName() + " is not a registered integration event");
        }
        return entry;
    }

    public static Entry of(IntegrationEvent event) {
        return of(event.getClass());
    }

    // the topic comes from event-signing's EventTopics, the table the offline verifier applies too
    private static Entry entry(Class<? extends IntegrationEvent> javaType, String type) {
        IntegrationEventType annotation = javaType.getAnnotation(IntegrationEventType.class);
        if (annotation == null || !annotation.value().equals(type)) {
            throw new IllegalStateException(javaType.getName() + " must be annotated @IntegrationEventType(\"" + type + "\")");
        }
        String topic = EventTopics.topicOf(type).orElseThrow(() -> new IllegalStateException(
                type + " has no topic in se.samverkan.signing.EventTopics: add it there (the offline verifier reads that table)"));
        return new Entry(javaType, type, topic);
    }
}
