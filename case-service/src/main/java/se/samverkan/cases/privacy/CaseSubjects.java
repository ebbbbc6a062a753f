package se.samverkan.cases.privacy;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.util.Optional;
import java.util.UUID;

/**
 * Which subject each case is about, so that the events that do not name the subject are sealed with its key. The
 * pairing never changes, so it needs no time-to-live, but the cache is bounded (least used go first) so that years of
 * cases do not pile up in memory; it is committed on its own for the same reason as a data key.
 */
public class CaseSubjects {

    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;
    static final int CACHED_CASES = 50_000;

    private final Cache<UUID, UUID> cache = Caffeine.newBuilder().maximumSize(CACHED_CASES).build();

    public CaseSubjects(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    public void register(UUID caseId, UUID subjectId) {
        if (subjectId.equals(cache.getIfPresent(caseId))) {
            return;
        }
        ownTransaction.executeWithoutResult(status -> jdbc.sql(
                        "INSERT INTO keyvault.case_subject (case_id, subject_id) VALUES (?, ?) ON CONFLICT (case_id) DO NOTHING")
                .params(caseId, subjectId).update());
        cache.put(caseId, subjectId);
    }

    /** The case no longer holds its subject's key alive. */
    public void markCleared(UUID caseId) {
        jdbc.sql("UPDATE keyvault.case_subject SET cleared_at = coalesce(cleared_at, now()) WHERE case_id = ?").param(caseId).update();
    }

    /** The case no longer holds its subject's keys for these document types alive. */
    public void markDocumentsCleared(UUID caseId, java.util.Set<se.samverkan.cases.domain.DocumentType> documentTypes) {
        for (se.samverkan.cases.domain.DocumentType type : documentTypes) {
            jdbc.sql("INSERT INTO keyvault.case_document_cleared (case_id, document_type) VALUES (?, ?) ON CONFLICT DO NOTHING")
                    .params(caseId, type.name()).update();
        }
    }

    public Optional<UUID> subjectOf(UUID caseId) {
        UUID cached = cache.getIfPresent(caseId);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<UUID> found = jdbc.sql("SELECT subject_id FROM keyvault.case_subject WHERE case_id = ?").param(caseId)
                .query(UUID.class).optional();
        found.ifPresent(s -> cache.put(caseId, s));
        return found;
    }
}
