package se.samverkan.audit.witness;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import se.samverkan.audit.tlog.Checkpoint;
import se.samverkan.audit.tlog.WitnessCheck;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** SQL of both sides: what this witness cosigned of other logs, and what witnesses cosigned of this log. */
@Repository
public class WitnessStore {

    /** A checkpoint this witness cosigned: the log's note and this witness's line over its body. */
    public record Cosigned(String origin, long treeSize, byte[] rootHash, String signedNote, String cosignature, UUID eventId,
                           Instant cosignedAt) {

        public WitnessCheck.Seen seen() {
            return new WitnessCheck.Seen(treeSize, rootHash);
        }

        public String cosignedNote() {
            return signedNote + cosignature;
        }
    }

    private final JdbcTemplate jdbc;

    public WitnessStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The newest row of the log, as stored: the runtime role may INSERT here, so it is read through {@link WitnessState}. */
    Optional<Cosigned> latest(String origin) {
        return jdbc.query("""
                SELECT origin, tree_size, root_hash, signed_note, cosignature, event_id, cosigned_at FROM witnessed_checkpoints
                WHERE origin = ? ORDER BY tree_size DESC LIMIT 1""", WitnessStore::cosigned, origin).stream().findFirst();
    }

    Optional<Cosigned> latestByOriginHash(String originHash) {
        return jdbc.query("""
                SELECT DISTINCT origin FROM witnessed_checkpoints""", (rs, n) -> rs.getString(1)).stream()
                .filter(origin -> WitnessClient.originHash(origin).equals(originHash))
                .findFirst().flatMap(this::latest);
    }

    /**
     * Records a cosignature, atomically with the check that the state it was decided on is still the latest (C2SP:
     * otherwise two rounds could roll the state back); false when it moved meanwhile (the caller tries again later).
     */
    public boolean insertIfStill(WitnessCheck.Seen decidedOn, Checkpoint checkpoint, String signedNote, String cosignature,
                                 UUID eventId, Instant at) {
        jdbc.query("SELECT pg_advisory_xact_lock(hashtext('witness:' || ?::text))", rs -> {
        }, checkpoint.origin());
        Long current = jdbc.queryForObject("SELECT max(tree_size) FROM witnessed_checkpoints WHERE origin = ?", Long.class,
                checkpoint.origin());
        if (current == null ? decidedOn != null : decidedOn == null || current != decidedOn.treeSize()) {
            return false;
        }
        jdbc.update("""
                INSERT INTO witnessed_checkpoints (origin, tree_size, root_hash, signed_note, cosignature, event_id, cosigned_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""", checkpoint.origin(), checkpoint.treeSize(), checkpoint.rootHash(), signedNote,
                cosignature, eventId, Timestamp.from(at));
        return true;
    }

    /** A stored line a witness is said to have made over this log's checkpoint of that size. */
    record StoredCosignature(long treeSize, String witnessKey, String line) {
    }

    /**
     * Every line stored for this log's checkpoint of that size, oldest first, as stored: the runtime role may INSERT
     * here, so they are read through {@link WitnessCosignatures}.
     */
    List<StoredCosignature> cosignatures(long treeSize) {
        return jdbc.query("""
                SELECT tree_size, witness_key, signature_line FROM checkpoint_cosignatures WHERE tree_size = ?
                ORDER BY received_at, signature_line""", WitnessStore::storedCosignature, treeSize);
    }

    /** The lines stored under a witness's key for the {@code sizes} largest tree sizes up to {@code maxSize}, largest first. */
    List<StoredCosignature> cosignaturesOf(String witnessKey, long maxSize, int sizes) {
        return jdbc.query("""
                SELECT tree_size, witness_key, signature_line FROM checkpoint_cosignatures
                WHERE witness_key = ? AND tree_size IN (SELECT DISTINCT tree_size FROM checkpoint_cosignatures
                                                        WHERE witness_key = ? AND tree_size <= ? ORDER BY tree_size DESC LIMIT ?)
                ORDER BY tree_size DESC, received_at, signature_line""",
                WitnessStore::storedCosignature, witnessKey, witnessKey, maxSize, sizes);
    }

    /** Beside any other line of that witness and size: a line stored there by someone else does not keep this one out. */
    void insertCosignature(long treeSize, String witnessKey, String line) {
        jdbc.update("""
                INSERT INTO checkpoint_cosignatures (tree_size, witness_key, signature_line) VALUES (?, ?, ?)
                ON CONFLICT (tree_size, witness_key, signature_line) DO NOTHING""", treeSize, witnessKey, line);
    }

    private static StoredCosignature storedCosignature(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new StoredCosignature(rs.getLong(1), rs.getString(2), rs.getString(3));
    }

    private static Cosigned cosigned(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Cosigned(rs.getString(1), rs.getLong(2), rs.getBytes(3), rs.getString(4), rs.getString(5),
                rs.getObject(6, UUID.class), rs.getTimestamp(7).toInstant());
    }
}
