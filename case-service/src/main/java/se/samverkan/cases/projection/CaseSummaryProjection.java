package se.samverkan.cases.projection;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import se.samverkan.cases.domain.CaseEvent;
import se.samverkan.cases.domain.CaseEvent.*;
import se.samverkan.cases.domain.ReferralStatus;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/**
 * The case and referral lists. Disposable: resetting the processor empties the tables and a replay of the event
 * store rebuilds them. Holds no personal data, only ids and codes.
 */
@Component
@ProcessingGroup(CaseSummaryProjection.PROCESSING_GROUP)
public class CaseSummaryProjection {

    public static final String PROCESSING_GROUP = "case-summaries";

    private final JdbcClient jdbc;

    public CaseSummaryProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(CaseEvent event, @SequenceNumber long version) {
        UUID caseId = event.caseId().value();
        switch (event) {
            case CaseOpened e -> jdbc.sql("""
                            INSERT INTO case_summary (case_id, program, municipality, unit, subject_id, protected_identity, origin,
                                                      phase, status, team, opened_at, updated_at, version)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', ?, ?, ?, ?) ON CONFLICT (case_id) DO NOTHING""")
                    .params(caseId, e.program().name(), e.municipality(), e.unit(), e.subjectId().value(),
                            e.subject().protectedIdentity().name(), e.origin().name(), e.phase().name(),
                            e.team().toArray(String[]::new), ts(e.at()), ts(e.at()), version)
                    .update();
            case CaseTeamAssigned e -> update(caseId, "team = ?", e.team().toArray(String[]::new), e.at(), version);
            case PhaseChanged e -> update(caseId, "phase = ?", e.toPhase().name(), e.at(), version);
            case CaseClosed e -> update(caseId, "status = 'CLOSED', phase = 'CLOSED', closed_at = ?", ts(e.at()), e.at(), version);
            case CaseReopened e -> update(caseId, "status = 'OPEN', closed_at = NULL, phase = ?", e.phase().name(), e.at(), version);
            case CaseDataCleared e -> update(caseId, "cleared_on = ?", java.sql.Date.valueOf(e.clearedOn()), e.at(), version);
            case LegalHoldPlaced e -> update(caseId, "legal_holds = legal_holds + ?", 1, e.at(), version);
            case LegalHoldLifted e -> update(caseId, "legal_holds = legal_holds - ?", 1, e.at(), version);
            case ProtectedIdentityChanged e -> update(caseId, "protected_identity = ?", e.to().name(), e.at(), version);
            // not in force: the list keeps the level that is
            case ProtectionLoweringProposed e -> touch(caseId, e.at(), version);
            case ProtectionLoweringWithdrawn e -> touch(caseId, e.at(), version);
            case CaseShared e -> update(caseId, "shared_with = array_append(shared_with, ?)", e.partnerMunicipality(), e.at(), version);
            // a hint for the partner's list only: whether a share names the reader and holds is decided on the case itself
            case CaseSharedWithPartner e -> {
                jdbc.sql("""
                                INSERT INTO case_partner_share (share_id, case_id, partner_municipality, partner_unit, valid_until)
                                VALUES (?, ?, ?, ?, ?) ON CONFLICT (share_id)
                                DO UPDATE SET awaiting_approval_until = NULL, valid_until = EXCLUDED.valid_until""")
                        .params(UUID.fromString(e.shareId()), caseId, e.partnerMunicipality(), e.partnerUnit(),
                                java.sql.Date.valueOf(e.validUntil()))
                        .update();
                update(caseId, "shared_with = array_append(shared_with, ?)", e.partnerMunicipality(), e.at(), version);
            }
            // a request waiting for four eyes: a row for the share watch, which records its expiry
            case PartnerShareAwaitingApproval e -> {
                jdbc.sql("""
                                INSERT INTO case_partner_share (share_id, case_id, partner_municipality, partner_unit,
                                                                valid_until, awaiting_approval_until)
                                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (share_id) DO NOTHING""")
                        .params(UUID.fromString(e.shareId()), caseId, e.partnerMunicipality(), e.partnerUnit(),
                                java.sql.Date.valueOf(e.validUntil()), java.sql.Date.valueOf(e.expiresOn()))
                        .update();
                touch(caseId, e.at(), version);
            }
            case PartnerShareRefused e -> {
                jdbc.sql("UPDATE case_partner_share SET awaiting_approval_until = NULL, ended_on = ? WHERE share_id = ?")
                        .params(java.sql.Date.valueOf(e.at().atZone(java.time.ZoneOffset.UTC).toLocalDate()),
                                UUID.fromString(e.shareId())).update();
                touch(caseId, e.at(), version);
            }
            case PartnerShareRequestExpired e -> {
                jdbc.sql("UPDATE case_partner_share SET awaiting_approval_until = NULL, ended_on = ? WHERE share_id = ?")
                        .params(java.sql.Date.valueOf(e.expiredOn()), UUID.fromString(e.shareId())).update();
                touch(caseId, e.at(), version);
            }
            case PartnerShareEnded e -> {
                jdbc.sql("UPDATE case_partner_share SET ended_on = ? WHERE share_id = ?")
                        .params(java.sql.Date.valueOf(e.endedOn()), UUID.fromString(e.shareId())).update();
                touch(caseId, e.at(), version);
            }
            case ReferralAwaitingApproval e -> insertReferral(e.referralId().value(), caseId, e.policeUnit(),
                    e.legalBasis(), ReferralStatus.AWAITING_APPROVAL, e.at(), version);
            case ReferralSent e -> insertReferral(e.referralId().value(), caseId, e.policeUnit(), e.legalBasis(),
                    ReferralStatus.SENT, e.at(), version);
            case ReferralAcknowledged e -> referralStatus(e.referralId().value(), ReferralStatus.ACKNOWLEDGED, e.at(), caseId, version);
            case ReferralAccepted e -> referralStatus(e.referralId().value(), ReferralStatus.ACCEPTED, e.at(), caseId, version);
            case ReferralDeclined e -> referralStatus(e.referralId().value(), ReferralStatus.DECLINED, e.at(), caseId, version);
            case ReferralCompleted e -> referralStatus(e.referralId().value(), ReferralStatus.COMPLETED, e.at(), caseId, version);
            case ReferralRevoked e -> referralStatus(e.referralId().value(), ReferralStatus.REVOKED, e.at(), caseId, version);
            case FamilyContactRecorded e -> update(caseId, "first_family_contact_on = coalesce(first_family_contact_on, ?)",
                    java.sql.Date.valueOf(e.on()), e.at(), version);
            case JointPoliceMeetingRecorded e -> update(caseId, "first_joint_meeting_on = coalesce(first_joint_meeting_on, ?)",
                    java.sql.Date.valueOf(e.on()), e.at(), version);
            case DeadlineScheduled e -> {
                jdbc.sql("""
                                INSERT INTO case_deadline (deadline_id, case_id, kind, due_on, state)
                                VALUES (?, ?, ?, ?, 'OPEN') ON CONFLICT (deadline_id) DO NOTHING""")
                        .params(UUID.fromString(e.deadlineId()), caseId, e.kind().name(), java.sql.Date.valueOf(e.dueOn()))
                        .update();
                touch(caseId, e.at(), version);
            }
            case DeadlineApproaching e -> deadlineState(e.deadlineId(), "APPROACHING", caseId, e.at(), version);
            case DeadlineMissed e -> deadlineState(e.deadlineId(), "MISSED", caseId, e.at(), version);
            case DeadlineMet e -> deadlineState(e.deadlineId(), "MET", caseId, e.at(), version);
            // joint action plans (issue 15): what the commitment watch and "my commitments" look for
            case CommitmentMade e -> {
                jdbc.sql("""
                                INSERT INTO case_commitment (commitment_id, case_id, owner_user_id, due_on, state)
                                VALUES (?, ?, ?, ?, 'OPEN') ON CONFLICT (commitment_id) DO NOTHING""")
                        .params(UUID.fromString(e.commitmentId()), caseId, e.ownerUserId(), java.sql.Date.valueOf(e.dueOn()))
                        .update();
                touch(caseId, e.at(), version);
            }
            case CommitmentDueSoon e -> commitmentState(e.commitmentId(), "DUE_SOON", caseId, e.at(), version);
            case CommitmentOverdue e -> commitmentState(e.commitmentId(), "OVERDUE", caseId, e.at(), version);
            case CommitmentReportedDone e -> commitmentState(e.commitmentId(), "REPORTED_DONE", caseId, e.at(), version);
            case CommitmentFollowedUp e -> commitmentState(e.commitmentId(), "FOLLOWED_UP", caseId, e.at(), version);
            default -> touch(caseId, event.at(), version);
        }
    }

    private void deadlineState(String deadlineId, String state, UUID caseId, Instant at, long version) {
        jdbc.sql("UPDATE case_deadline SET state = ? WHERE deadline_id = ?").params(state, UUID.fromString(deadlineId)).update();
        touch(caseId, at, version);
    }

    private void commitmentState(String commitmentId, String state, UUID caseId, Instant at, long version) {
        jdbc.sql("UPDATE case_commitment SET state = ? WHERE commitment_id = ?").params(state, UUID.fromString(commitmentId)).update();
        touch(caseId, at, version);
    }

    @ResetHandler
    void reset() {
        jdbc.sql("DELETE FROM case_commitment").update();
        jdbc.sql("DELETE FROM case_deadline").update();
        jdbc.sql("DELETE FROM case_partner_share").update();
        jdbc.sql("DELETE FROM referral_summary").update();
        jdbc.sql("DELETE FROM case_summary").update();
    }

    private void update(UUID caseId, String assignment, Object value, Instant at, long version) {
        jdbc.sql("UPDATE case_summary SET " + assignment + ", updated_at = ?, version = ? WHERE case_id = ?")
                .params(value, ts(at), version, caseId)
                .update();
    }

    private void touch(UUID caseId, Instant at, long version) {
        jdbc.sql("UPDATE case_summary SET updated_at = ?, version = ? WHERE case_id = ?").params(ts(at), version, caseId).update();
    }

    private void insertReferral(UUID referralId, UUID caseId, String policeUnit, String legalBasis, ReferralStatus status,
                                Instant at, long version) {
        jdbc.sql("""
                        INSERT INTO referral_summary (referral_id, case_id, police_unit, legal_basis, status, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (referral_id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at""")
                .params(referralId, caseId, policeUnit, legalBasis, status.name(), ts(at), ts(at))
                .update();
        touch(caseId, at, version);
    }

    private void referralStatus(UUID referralId, ReferralStatus status, Instant at, UUID caseId, long version) {
        jdbc.sql("UPDATE referral_summary SET status = ?, updated_at = ? WHERE referral_id = ?")
                .params(status.name(), ts(at), referralId).update();
        touch(caseId, at, version);
    }

    private static Timestamp ts(Instant at) {
        return Timestamp.from(at);
    }
}
