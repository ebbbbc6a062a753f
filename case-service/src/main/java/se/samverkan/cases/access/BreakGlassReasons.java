package se.samverkan.cases.access;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import se.samverkan.cases.privacy.PersonalDataCipher;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The written reasons behind break-glass reads, keyed by the access event that recorded the read. A reason is free
 * text that may name people, so it is sealed with the case subject's data key like any other personal data in the
 * case: once the key is shredded the reason is gone, while the fact that the glass was broken stays.
 */
@Component
public class BreakGlassReasons {

    static final String FIELD = "breakGlassReason";
    private static final int MAX_LENGTH = 2000;

    public record Kept(UUID accessEventId, UUID caseId, String userId, Instant recordedAt, Optional<String> reason) {
        @Override
        public String toString() {
            return "Kept[" + accessEventId + ", case " + caseId + ", reason ****]";
        }
    }

    private final JdbcClient jdbc;
    private final PersonalDataCipher cipher;

    public BreakGlassReasons(JdbcClient jdbc, PersonalDataCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    void keep(UUID accessEventId, UUID caseId, UUID subjectId, String userId, String reason, Instant at) {
        String text = reason.strip();
        if (text.length() > MAX_LENGTH) {
            text = text.substring(0, MAX_LENGTH);
        }
        String sealed = cipher.seal(subjectId, se.samverkan.cases.domain.DocumentType.OTHER, FIELD, text.getBytes(StandardCharsets.UTF_8));
        jdbc.sql("""
                        INSERT INTO break_glass_reason (access_event_id, case_id, subject_id, user_id, sealed_reason, recorded_at)
                        VALUES (?, ?, ?, ?, ?, ?)""")
                .params(accessEventId, caseId, subjectId, userId, sealed, java.sql.Timestamp.from(at))
                .update();
    }

    /** Empty when there is no such break-glass read; a kept reason without text was erased with its subject's key. */
    public Optional<Kept> find(UUID accessEventId) {
        return jdbc.sql("SELECT case_id, user_id, sealed_reason, recorded_at FROM break_glass_reason WHERE access_event_id = ?")
                .param(accessEventId)
                .query((rs, n) -> new Kept(accessEventId, rs.getObject(1, UUID.class), rs.getString(2),
                        rs.getTimestamp(4).toInstant(),
                        cipher.open(rs.getString(3), FIELD).map(bytes -> new String(bytes, StandardCharsets.UTF_8))))
                .optional();
    }
}
