package se.samverkan.cases.projection;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads of the referral_summary read model that {@link CaseSummaryProjection} keeps; access is decided by the callers. */
@Component
public class ReferralSummaries {

    static final int LIMIT = 500;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReferralListItem(UUID referralId, String policeUnit, String legalBasis, String status,
                                   Instant sentAt, Instant updatedAt) {
    }

    private final JdbcClient jdbc;

    public ReferralSummaries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The referrals sent to a police unit, newest first; one awaiting approval has not been sent. */
    public List<ReferralListItem> sentTo(String policeUnit) {
        return jdbc.sql("""
                        SELECT referral_id, police_unit, legal_basis, status, created_at, updated_at FROM referral_summary
                        WHERE police_unit = ? AND status <> 'AWAITING_APPROVAL' ORDER BY created_at DESC LIMIT ?""")
                .params(policeUnit, LIMIT)
                .query((rs, n) -> new ReferralListItem(rs.getObject(1, UUID.class), rs.getString(2),
                        rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant(),
                        rs.getTimestamp(6).toInstant()))
                .list();
    }

    public Optional<UUID> caseOf(UUID referralId) {
        return jdbc.sql("SELECT case_id FROM referral_summary WHERE referral_id = ?").param(referralId)
                .query(UUID.class).optional();
    }
}
