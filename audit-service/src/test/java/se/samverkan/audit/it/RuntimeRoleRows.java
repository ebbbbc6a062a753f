package se.samverkan.audit.it;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import se.samverkan.audit.log.Entries;
import se.samverkan.audit.log.PendingEntry;
import se.samverkan.audit.tlog.Rfc6962;
import se.samverkan.platform.test.TestPostgres;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;

/**
 * Rows written as an attacker holding audit-service's runtime role would write them, for the ITs that play one
 * (ForgedCheckpointIT, ForgedLeafIT, WitnessIT, ReviewQueueIntegrityIT): the service's own JdbcTemplate connects as
 * that role, which may SELECT and INSERT into the log's tables but neither UPDATE nor DELETE there, so every row
 * written here is one the running service's credentials could write, and none they could not. The tests share one
 * database, so what they forged is removed afterwards as only a superuser can ({@link #superuser}).
 */
final class RuntimeRoleRows {

    private final JdbcTemplate runtimeRole;

    RuntimeRoleRows(JdbcTemplate runtimeRole) {
        this.runtimeRole = runtimeRole;
    }

    /** A checkpoint row at this size with a random root and a note no key of this log signed; returns the root. */
    byte[] checkpoint(String origin, long treeSize) {
        byte[] root = new byte[32];
        new SecureRandom().nextBytes(root);
        String note = origin + "\n" + treeSize + "\n" + Base64.getEncoder().encodeToString(root) + "\n\n\u2014 " + origin + " "
                + Base64.getEncoder().encodeToString(("not the log's key" + treeSize).getBytes(StandardCharsets.UTF_8)) + "\n";
        runtimeRole.update("INSERT INTO checkpoints (tree_size, root_hash, signed_note, event_id, issued_at) VALUES (?, ?, ?, ?, now())",
                treeSize, root, note, UUID.randomUUID());
        return root;
    }

    /**
     * A leaf at this index with a correct leaf hash, its event_id and reference_id columns as given and the other search
     * columns as the bytes say; false when the index was taken meanwhile.
     */
    boolean leaf(long leafIndex, byte[] bytes, UUID eventIdColumn, UUID referenceColumn) {
        PendingEntry e = Entries.fromStored(bytes);
        try {
            runtimeRole.update("""
                    INSERT INTO audit_entries (leaf_index, event_id, source, event_type, case_id, subject_id, actor_id, action,
                                               legal_basis, outcome, reference_id, occurred_at, entry, leaf_hash)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    leafIndex, eventIdColumn, e.source(), e.eventType(), e.caseId(), e.subjectId(), e.actorId(), e.action(),
                    e.legalBasis(), e.outcome(), referenceColumn, OffsetDateTime.ofInstant(e.occurredAt(), ZoneOffset.UTC),
                    bytes, Rfc6962.leafHash(bytes));
            return true;
        } catch (DataIntegrityViolationException taken) {
            return false;
        }
    }

    /**
     * {@code count} checkpoint rows from {@code fromSize} on, each with a random root and a note whose signature line is
     * copied from {@code genuineNote}: the log's key name and key hash, and a real Ed25519 signature, over another body.
     * So every row costs a reader a full verification (a line of another key is set aside without one), as rows copied
     * from what the log serves would. In one batch.
     */
    void checkpointsWithCopiedSignature(String origin, long fromSize, int count, String genuineNote) {
        String signatureLines = genuineNote.substring(genuineNote.lastIndexOf("\n\n") + 2);
        SecureRandom random = new SecureRandom();
        java.util.List<Object[]> rows = new java.util.ArrayList<>();
        for (long size = fromSize; size < fromSize + count; size++) {
            byte[] root = new byte[32];
            random.nextBytes(root);
            String note = origin + "\n" + size + "\n" + Base64.getEncoder().encodeToString(root) + "\n\n" + signatureLines;
            rows.add(new Object[]{size, root, note, UUID.randomUUID()});
        }
        runtimeRole.batchUpdate("INSERT INTO checkpoints (tree_size, root_hash, signed_note, event_id, issued_at) VALUES (?, ?, ?, ?, now())",
                rows);
    }

    /**
     * A checkpoint row at this size with the given root and note (say, another size's genuine note, copied from the
     * table or from what a witness serves).
     */
    void checkpoint(long treeSize, byte[] root, String note) {
        runtimeRole.update("INSERT INTO checkpoints (tree_size, root_hash, signed_note, event_id, issued_at) VALUES (?, ?, ?, ?, now())",
                treeSize, root, note, UUID.randomUUID());
    }

    /**
     * A review item row with the columns given and the seal given (null: none), raised now, source event made up; the
     * source leaf must exist (foreign key).
     */
    void reviewItem(UUID id, String rule, UUID caseId, String municipality, String actorId, long sourceLeaf, byte[] seal) {
        runtimeRole.update("""
                INSERT INTO review_items (id, rule, case_id, owning_unit, municipality, actor_id, source_event_id, source_leaf_index,
                                          detail, raised_at, seal)
                VALUES (?, ?, ?, 'unit', ?, ?, ?, ?, 'made up', now(), ?)""",
                id, rule, caseId, municipality, actorId, UUID.randomUUID(), sourceLeaf, seal);
    }

    /** A review item row as {@link #reviewItem} writes it, for this source event (say, one on Kafka not appended yet). */
    void reviewItem(UUID id, String rule, UUID caseId, String municipality, String actorId, UUID sourceEvent, long sourceLeaf) {
        runtimeRole.update("""
                INSERT INTO review_items (id, rule, case_id, owning_unit, municipality, actor_id, source_event_id, source_leaf_index,
                                          detail, raised_at)
                VALUES (?, ?, ?, 'unit', ?, ?, ?, ?, 'made up', now())""",
                id, rule, caseId, municipality, actorId, sourceEvent, sourceLeaf);
    }

    /** An occurrence row of this item, with the columns and the seal given (null: none); the leaf must exist. */
    void occurrence(UUID itemId, String rule, UUID sourceEvent, long sourceLeaf, java.time.Instant occurredAt, byte[] seal) {
        runtimeRole.update("""
                INSERT INTO review_item_occurrences (review_item_id, rule, source_event_id, source_leaf_index, occurred_at, seal)
                VALUES (?, ?, ?, ?, ?, ?)""",
                itemId, rule, sourceEvent, sourceLeaf, OffsetDateTime.ofInstant(occurredAt, ZoneOffset.UTC), seal);
    }

    /** A tree node at this position, ahead of the log or wherever none is stored. */
    void treeNode(int level, long index, byte[] hash) {
        runtimeRole.update("INSERT INTO tree_nodes (level, node_index, hash) VALUES (?, ?, ?)", (short) level, index, hash);
    }

    /** A line stored as a witness's cosignature of this log's checkpoint of that size. */
    void cosignatureLine(long treeSize, String witnessKey, String line) {
        runtimeRole.update("INSERT INTO checkpoint_cosignatures (tree_size, witness_key, signature_line) VALUES (?, ?, ?) "
                + "ON CONFLICT DO NOTHING", treeSize, witnessKey, line);
    }

    /** A row of what this service, as a witness, recorded as cosigned of another log. */
    void witnessState(String origin, long treeSize, byte[] rootHash, String signedNote, String cosignature) {
        runtimeRole.update("""
                INSERT INTO witnessed_checkpoints (origin, tree_size, root_hash, signed_note, cosignature, event_id, cosigned_at)
                VALUES (?, ?, ?, ?, ?, ?, now())""", origin, treeSize, rootHash, signedNote, cosignature, UUID.randomUUID());
    }

    /** Beyond the runtime role: a superuser with the append-only triggers off, to put the shared database back. */
    static void superuser(String sql) {
        TestPostgres.execute(AuditServiceITBase.DB, "SET session_replication_role = replica; " + sql);
    }
}
