package se.samverkan.cases.subjectaccess;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import se.samverkan.cases.access.SubjectAccessFacts;
import se.samverkan.cases.access.SubjectAccessFacts.State;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The subject access requests in {@code subject_access_request}. Every change of state is one conditional UPDATE, so
 * of two concurrent approvals (or exports) exactly one wins and the other changes nothing.
 */
@Component
class SubjectAccessRequests {

    static final String TEXT_FIELD = "subjectAccessRequestText";

    /** One stored request; {@code sealedText} opens only with the subject's data key. */
    record Stored(UUID requestId, String municipality, UUID subjectId, String reference, String reasonCode,
                  String sealedText, String status, String requestedBy, String requesterUnit, Instant requestedAt,
                  String decidedBy, String decidedAs, Instant decidedAt, String rejectionCode, Instant validUntil,
                  Instant exportedAt, Integer casesExported, List<UUID> casesWithheldForIntegrity) {

        State state(Instant now) {
            State stored = State.valueOf(status);
            return stored == State.APPROVED && !validUntil.isAfter(now) ? State.EXPIRED : stored;
        }

        SubjectAccessFacts facts(Instant now) {
            return new SubjectAccessFacts(requestId, municipality, subjectId, requestedBy, state(now));
        }
    }

    private final JdbcClient jdbc;

    SubjectAccessRequests(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UUID requestId, String municipality, UUID subjectId, String reference, SubjectAccessReason reason,
                String sealedText, String requestedBy, String requesterUnit, Instant at) {
        jdbc.sql("""
                        INSERT INTO subject_access_request (request_id, municipality, subject_id, reference, reason_code,
                            sealed_text, status, requested_by, requester_unit, requested_at)
                        VALUES (?, ?, ?, ?, ?, ?, 'PENDING_APPROVAL', ?, ?, ?)""")
                .params(requestId, municipality, subjectId, reference, reason.name(), sealedText, requestedBy,
                        requesterUnit, Timestamp.from(at))
                .update();
    }

    Optional<Stored> find(UUID requestId) {
        return jdbc.sql("SELECT * FROM subject_access_request WHERE request_id = ?").param(requestId)
                .query(SubjectAccessRequests::row).optional();
    }

    List<Stored> ofMunicipality(String municipality, int limit) {
        return jdbc.sql("SELECT * FROM subject_access_request WHERE municipality = ? ORDER BY requested_at DESC LIMIT ?")
                .params(municipality, limit).query(SubjectAccessRequests::row).list();
    }

    /** True if this call approved the pending request; false if it was decided already (by anyone). */
    boolean approve(UUID requestId, String decidedBy, String decidedAs, Instant at, Instant validUntil) {
        return jdbc.sql("""
                        UPDATE subject_access_request SET status = 'APPROVED', decided_by = ?, decided_as = ?, decided_at = ?,
                            valid_until = ?
                        WHERE request_id = ? AND status = 'PENDING_APPROVAL' AND requested_by <> ?""")
                .params(decidedBy, decidedAs, Timestamp.from(at), Timestamp.from(validUntil), requestId, decidedBy)
                .update() == 1;
    }

    boolean reject(UUID requestId, String decidedBy, String decidedAs, SubjectAccessRejection reason, Instant at) {
        return jdbc.sql("""
                        UPDATE subject_access_request SET status = 'REJECTED', decided_by = ?, decided_as = ?, decided_at = ?,
                            rejection_code = ?
                        WHERE request_id = ? AND status = 'PENDING_APPROVAL' AND requested_by <> ?""")
                .params(decidedBy, decidedAs, Timestamp.from(at), reason.name(), requestId, decidedBy)
                .update() == 1;
    }

    /** Claims the one export of an approved, unexpired request for its requester; false if another call got it first. */
    boolean claimExport(UUID requestId, String requester, Instant at) {
        return jdbc.sql("""
                        UPDATE subject_access_request SET status = 'EXPORTED', exported_at = ?
                        WHERE request_id = ? AND status = 'APPROVED' AND requested_by = ? AND valid_until > ?""")
                .params(Timestamp.from(at), requestId, requester, Timestamp.from(at))
                .update() == 1;
    }

    void exported(UUID requestId, int cases, List<UUID> withheldForIntegrity) {
        jdbc.sql("UPDATE subject_access_request SET cases_exported = ?, cases_withheld_for_integrity = ? WHERE request_id = ?")
                .params(cases, withheldForIntegrity.isEmpty() ? null : withheldForIntegrity.toArray(UUID[]::new), requestId)
                .update();
    }

    List<UUID> casesOf(UUID subjectId) {
        return jdbc.sql("SELECT case_id FROM keyvault.case_subject WHERE subject_id = ? ORDER BY case_id")
                .param(subjectId).query(UUID.class).list();
    }

    /**
     * What the read model says of a case, for one that cannot be loaded: only this can place it in a municipality and
     * give the policy something to decide on. Empty when the read model has no row of it.
     */
    Optional<se.samverkan.cases.access.CaseFacts> summaryFacts(UUID caseId) {
        return jdbc.sql("""
                        SELECT case_id, subject_id, program, municipality, unit, team, shared_with, protected_identity, status
                        FROM case_summary WHERE case_id = ?""").param(caseId)
                .query((rs, n) -> se.samverkan.cases.access.CaseFacts.fromSummary(rs))
                .optional();
    }

    private static Stored row(ResultSet rs, int n) throws SQLException {
        return new Stored(rs.getObject("request_id", UUID.class), rs.getString("municipality"),
                rs.getObject("subject_id", UUID.class), rs.getString("reference"), rs.getString("reason_code"),
                rs.getString("sealed_text"), rs.getString("status"), rs.getString("requested_by"),
                rs.getString("requester_unit"), instant(rs, "requested_at"), rs.getString("decided_by"),
                rs.getString("decided_as"), instant(rs, "decided_at"), rs.getString("rejection_code"),
                instant(rs, "valid_until"), instant(rs, "exported_at"), (Integer) rs.getObject("cases_exported"),
                withheld(rs.getArray("cases_withheld_for_integrity")));
    }

    private static List<UUID> withheld(java.sql.Array array) throws SQLException {
        return array == null ? List.of() : List.of((UUID[]) array.getArray());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
