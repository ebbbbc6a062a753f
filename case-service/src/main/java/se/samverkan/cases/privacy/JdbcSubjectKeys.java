package se.samverkan.cases.privacy;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import se.samverkan.cases.domain.DocumentType;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Data keys in {@code keyvault.subject_key}, each wrapped (AES-256-GCM) by a master key from configuration. A new key
 * is committed in its own transaction before anything is sealed with it: if the case transaction then rolls back the
 * key is merely unused, whereas a key rolled back after sealing would make committed data unreadable.
 * Unwrapped keys are cached briefly ({@link DataKeyCache}); a shred here evicts at once, another instance's cache
 * expires within the time-to-live.
 */
public class JdbcSubjectKeys implements SubjectKeys {

    private static final String COLUMNS = "key_id, subject_id, document_type, master_key_id, wrapped_key";

    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;
    private final MasterKeys masterKeys;
    private final DataKeyCache cache;

    public JdbcSubjectKeys(JdbcClient jdbc, PlatformTransactionManager transactions, MasterKeys masterKeys, DataKeyCache cache) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.masterKeys = masterKeys;
        this.cache = cache;
    }

    @Override
    public DataKey currentFor(UUID subjectId, DocumentType documentType) {
        // sealing always confirms the key is still the subject's live one: a key shredded by another instance must
        // never seal new data, or that data would be unreadable from the start
        long stamp = cache.stamp();
        Optional<DataKey> cached = cache.currentFor(subjectId, documentType);
        if (cached.isPresent() && jdbc.sql(
                        "SELECT key_id FROM keyvault.subject_key WHERE subject_id = ? AND document_type = ?")
                .params(subjectId, documentType.name()).query(UUID.class)
                .optional().filter(cached.get().keyId()::equals).isPresent()) {
            return cached.get();
        }
        DataKey key = ownTransaction.execute(status -> {
            UUID candidate = UUID.randomUUID();
            SecretKey fresh = Aes.newKey();
            jdbc.sql("""
                            INSERT INTO keyvault.subject_key (key_id, subject_id, document_type, master_key_id, wrapped_key)
                            VALUES (?, ?, ?, ?, ?) ON CONFLICT (subject_id, document_type) DO NOTHING""")
                    .params(candidate, subjectId, documentType.name(), masterKeys.currentId(),
                            wrap(candidate, subjectId, documentType, fresh))
                    .update();
            return jdbc.sql("SELECT " + COLUMNS + " FROM keyvault.subject_key WHERE subject_id = ? AND document_type = ?")
                    .params(subjectId, documentType.name()).query(this::unwrapRow).single();
        });
        cache.remember(key, stamp);
        return key;
    }

    @Override
    public Optional<DataKey> liveFor(UUID subjectId, DocumentType documentType) {
        return jdbc.sql("SELECT key_id FROM keyvault.subject_key WHERE subject_id = ? AND document_type = ?")
                .params(subjectId, documentType.name()).query(UUID.class).optional().flatMap(this::byKeyId);
    }

    @Override
    public Optional<DataKey> byKeyId(UUID keyId) {
        Optional<DataKey> cached = cache.byKeyId(keyId);
        if (cached.isPresent()) {
            return cached;
        }
        long stamp = cache.stamp();
        Optional<DataKey> key = jdbc.sql("SELECT " + COLUMNS + " FROM keyvault.subject_key WHERE key_id = ?")
                .param(keyId).query(this::unwrapRow).optional();
        key.ifPresent(found -> cache.remember(found, stamp));
        return key;
    }

    @Override
    public int shred(UUID subjectId, DocumentType documentType) {
        int deleted = jdbc.sql("""
                        DELETE FROM keyvault.subject_key k WHERE k.subject_id = ? AND k.document_type = ?
                          AND NOT EXISTS (SELECT 1 FROM keyvault.case_subject c WHERE c.subject_id = k.subject_id
                                            AND c.cleared_at IS NULL
                                            AND NOT EXISTS (SELECT 1 FROM keyvault.case_document_cleared d
                                                            WHERE d.case_id = c.case_id AND d.document_type = k.document_type))""")
                .params(subjectId, documentType.name()).update();
        forget(subjectId);
        return deleted;
    }

    @Override
    public int shred(UUID subjectId) {
        int deleted = jdbc.sql("""
                        DELETE FROM keyvault.subject_key k WHERE k.subject_id = ?
                          AND NOT EXISTS (SELECT 1 FROM keyvault.case_subject c WHERE c.subject_id = k.subject_id AND c.cleared_at IS NULL)""")
                .param(subjectId).update();
        forget(subjectId);
        return deleted;
    }

    @Override
    public boolean hasKey(UUID subjectId, DocumentType documentType) {
        return jdbc.sql("SELECT count(*) FROM keyvault.subject_key WHERE subject_id = ? AND document_type = ?")
                .params(subjectId, documentType.name()).query(Long.class).single() > 0;
    }

    /**
     * Evicts now and again when the shredding transaction ends: until it commits, another transaction still sees the
     * key row and could put the key back into the cache.
     */
    private void forget(UUID subjectId) {
        cache.forget(subjectId);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    cache.forget(subjectId);
                }
            });
        }
    }

    @Override
    public boolean hasKey(UUID subjectId) {
        return jdbc.sql("SELECT count(*) FROM keyvault.subject_key WHERE subject_id = ?").param(subjectId)
                .query(Long.class).single() > 0;
    }

    /**
     * Re-wraps every data key not yet under the current master key; the events sealed with the data keys are
     * untouched. Batches commit one by one so a long rotation can stop and resume anywhere.
     */
    public int rewrapToCurrentMasterKey() {
        int total = 0;
        while (true) {
            Integer done = ownTransaction.execute(status -> {
                List<Object[]> rows = jdbc.sql("""
                                SELECT key_id, subject_id, document_type, master_key_id, wrapped_key FROM keyvault.subject_key
                                WHERE master_key_id <> ? LIMIT 500 FOR UPDATE SKIP LOCKED""")
                        .param(masterKeys.currentId())
                        .query((rs, n) -> new Object[]{rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                                documentType(rs.getString(3)), rs.getString(4), rs.getBytes(5)})
                        .list();
                for (Object[] row : rows) {
                    UUID keyId = (UUID) row[0];
                    UUID subjectId = (UUID) row[1];
                    DocumentType type = (DocumentType) row[2];
                    SecretKey key = unwrap(keyId, subjectId, type, (String) row[3], (byte[]) row[4]);
                    jdbc.sql("UPDATE keyvault.subject_key SET master_key_id = ?, wrapped_key = ?, rewrapped_at = now() WHERE key_id = ?")
                            .params(masterKeys.currentId(), wrap(keyId, subjectId, type, key), keyId)
                            .update();
                }
                return rows.size();
            });
            if (done == null || done == 0) {
                return total;
            }
            total += done;
        }
    }

    private DataKey unwrapRow(java.sql.ResultSet rs, int rowNum) throws java.sql.SQLException {
        UUID keyId = rs.getObject("key_id", UUID.class);
        UUID subjectId = rs.getObject("subject_id", UUID.class);
        DocumentType type = documentType(rs.getString("document_type"));
        return new DataKey(keyId, subjectId, type,
                unwrap(keyId, subjectId, type, rs.getString("master_key_id"), rs.getBytes("wrapped_key")));
    }

    private static DocumentType documentType(String name) {
        return name == null ? null : DocumentType.valueOf(name);
    }

    private byte[] wrap(UUID keyId, UUID subjectId, DocumentType type, SecretKey key) {
        return Aes.seal(masterKeys.current(), key.getEncoded(), wrapContext(keyId, subjectId, type));
    }

    private SecretKey unwrap(UUID keyId, UUID subjectId, DocumentType type, String masterKeyId, byte[] wrapped) {
        SecretKey master = masterKeys.byId(masterKeyId).orElseThrow(() -> new IllegalStateException(
                "Data key " + keyId + " is wrapped by master key '" + masterKeyId
                        + "', which is not configured; add it to SAMVERKAN_CASES_MASTER_KEYS until rotation has moved every key off it"));
        return new SecretKeySpec(Aes.open(master, wrapped, wrapContext(keyId, subjectId, type)), "AES");
    }

    /** The document type is bound into the wrapping, so a key cannot be passed off as another type's. */
    private static byte[] wrapContext(UUID keyId, UUID subjectId, DocumentType type) {
        String context = "subject-key|" + keyId + "|" + subjectId + (type == null ? "" : "|" + type.name());
        return context.getBytes(StandardCharsets.UTF_8);
    }
}
