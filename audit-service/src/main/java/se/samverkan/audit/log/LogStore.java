package se.samverkan.audit.log;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import se.samverkan.audit.tlog.CompactRange;
import se.samverkan.audit.tlog.HashSource;
import se.samverkan.audit.tlog.MerkleProofs;

import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** SQL for the leaves, the tree nodes and the checkpoints. */
@Repository
public class LogStore implements HashSource {

    private final JdbcTemplate jdbc;

    public LogStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Fencing: true only while the given session still holds the leader lock, seen from the writing transaction. */
    public boolean leaderLockHeldBy(int backendPid) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = ?
                               AND classid::bigint = ? AND objid::bigint = ? AND objsubid = 2)""", Boolean.class,
                backendPid, LeaderLock.NAMESPACE, LeaderLock.SEQUENCER));
    }

    public long size() {
        Long max = jdbc.queryForObject("SELECT max(leaf_index) FROM audit_entries", Long.class);
        return max == null ? 0 : max + 1;
    }

    /** A stored leaf's bytes and the leaf hash stored beside them. */
    public record StoredLeaf(long leafIndex, byte[] entry, byte[] leafHash) {
    }

    /** The stored leaves in {@code [from, to)}, in leaf order; a missing row is simply absent. */
    public List<StoredLeaf> leaves(long from, long to) {
        return jdbc.query("SELECT leaf_index, entry, leaf_hash FROM audit_entries WHERE leaf_index >= ? AND leaf_index < ? ORDER BY leaf_index",
                (rs, i) -> new StoredLeaf(rs.getLong(1), rs.getBytes(2), rs.getBytes(3)), from, to);
    }

    /** A stored leaf hash. */
    public record StoredLeafHash(long leafIndex, byte[] leafHash) {
    }

    /** The stored leaf hashes in {@code [from, to)}, in leaf order, without the entries; a missing row is simply absent. */
    public List<StoredLeafHash> leafHashes(long from, long to) {
        return jdbc.query("SELECT leaf_index, leaf_hash FROM audit_entries WHERE leaf_index >= ? AND leaf_index < ? ORDER BY leaf_index",
                (rs, i) -> new StoredLeafHash(rs.getLong(1), rs.getBytes(2)), from, to);
    }

    /** The stored rows of {@code [from, to)}, columns and all, in leaf order. */
    List<StoredRow> rows(long from, long to) {
        return jdbc.query("SELECT " + StoredRow.COLUMNS + " FROM audit_entries e WHERE e.leaf_index >= ? AND e.leaf_index < ? ORDER BY e.leaf_index",
                (rs, i) -> StoredRow.read(rs), from, to);
    }

    public Map<UUID, Long> existing(Collection<UUID> eventIds) {
        Map<UUID, Long> found = new HashMap<>();
        if (eventIds.isEmpty()) {
            return found;
        }
        jdbc.query("SELECT event_id, leaf_index FROM audit_entries WHERE event_id = ANY (?)",
                rs -> {
                    found.put(rs.getObject(1, UUID.class), rs.getLong(2));
                },
                (Object) eventIds.toArray(UUID[]::new));
        return found;
    }

    public void insertEntries(List<AppendedEntry> entries, List<byte[]> leafHashes) {
        List<Object[]> rows = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            AppendedEntry appended = entries.get(i);
            PendingEntry e = appended.entry();
            rows.add(new Object[]{appended.leafIndex(), e.eventId(), e.source(), e.eventType(), e.caseId(), e.subjectId(),
                    e.actorId(), e.action(), e.legalBasis(), e.outcome(), e.referenceId(),
                    e.occurredAt() == null ? null : java.time.OffsetDateTime.ofInstant(e.occurredAt(), java.time.ZoneOffset.UTC), e.bytes(), leafHashes.get(i)});
        }
        jdbc.batchUpdate("""
                INSERT INTO audit_entries (leaf_index, event_id, source, event_type, case_id, subject_id, actor_id, action,
                                           legal_basis, outcome, reference_id, occurred_at, entry, leaf_hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows,
                new int[]{Types.BIGINT, Types.OTHER, Types.VARCHAR, Types.VARCHAR, Types.OTHER, Types.OTHER, Types.VARCHAR,
                        Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.OTHER, Types.TIMESTAMP_WITH_TIMEZONE, Types.BINARY,
                        Types.BINARY});
    }

    /**
     * Writes the nodes, leaving one already stored at a position as it is; returns those of the given nodes that were
     * already stored with another hash. The runtime role may INSERT here too: a node written ahead of the log, at a
     * position it has not reached, made a plain insert conflict in every batch that completed it, retried for ever,
     * so the log stopped. The insert says which rows it wrote; only the others (none, unless someone wrote ahead) are
     * read back and compared. (Comparing every given node with a join in the insert's statement made PostgreSQL scan
     * the tree's nodes and halved the append: docs/benchmarks.md, "Midday: 2026-12-06".)
     */
    public List<CompactRange.Node> insertNodes(List<CompactRange.Node> nodes) {
        if (nodes.isEmpty()) {
            return List.of();
        }
        Map<Long, CompactRange.Node> notWritten = new HashMap<>();
        nodes.forEach(node -> notWritten.put(key(node.level(), node.index()), node));
        jdbc.query("""
                        INSERT INTO tree_nodes (level, node_index, hash)
                        SELECT * FROM unnest(?::smallint[], ?::bigint[], ?::bytea[])
                        ON CONFLICT DO NOTHING RETURNING level, node_index""",
                rs -> {
                    notWritten.remove(key(rs.getInt(1), rs.getLong(2)));
                },
                nodes.stream().map(n -> (short) n.level()).toArray(Short[]::new),
                nodes.stream().map(CompactRange.Node::index).toArray(Long[]::new),
                nodes.stream().map(CompactRange.Node::hash).toArray(byte[][]::new));
        if (notWritten.isEmpty()) {
            return List.of();
        }
        List<CompactRange.Node> differing = new ArrayList<>();
        List<CompactRange.Node> stored = List.copyOf(notWritten.values());
        jdbc.query("""
                        SELECT g.level, g.node_index FROM unnest(?::smallint[], ?::bigint[], ?::bytea[]) AS g(level, node_index, hash)
                          JOIN tree_nodes t ON t.level = g.level AND t.node_index = g.node_index AND t.hash <> g.hash""",
                rs -> {
                    differing.add(notWritten.get(key(rs.getInt(1), rs.getLong(2))));
                },
                stored.stream().map(n -> (short) n.level()).toArray(Short[]::new),
                stored.stream().map(CompactRange.Node::index).toArray(Long[]::new),
                stored.stream().map(CompactRange.Node::hash).toArray(byte[][]::new));
        return differing;
    }

    @Override
    public byte[] node(int level, long index) {
        List<byte[]> hash = level == 0
                ? jdbc.query("SELECT leaf_hash FROM audit_entries WHERE leaf_index = ?", (rs, i) -> rs.getBytes(1), index)
                : jdbc.query("SELECT hash FROM tree_nodes WHERE level = ? AND node_index = ?", (rs, i) -> rs.getBytes(1), (short) level, index);
        if (hash.isEmpty()) {
            throw new IllegalStateException("tree node " + level + "/" + index + " is missing from the store");
        }
        return hash.getFirst();
    }

    /**
     * The given nodes read in one round trip (a single proof's nodes, see {@link MerkleProofs#inclusionNodes}); any
     * other node is read on demand.
     */
    public HashSource fetching(Collection<MerkleProofs.NodeId> nodes) {
        Map<Long, byte[]> cache = new HashMap<>();
        List<Long> leaves = nodes.stream().filter(n -> n.level() == 0).map(MerkleProofs.NodeId::index).toList();
        List<MerkleProofs.NodeId> inner = nodes.stream().filter(n -> n.level() > 0).toList();
        jdbc.query("""
                SELECT 0, leaf_index, leaf_hash FROM audit_entries WHERE leaf_index = ANY (?)
                UNION ALL
                SELECT t.level, t.node_index, t.hash FROM tree_nodes t
                  JOIN unnest(?::smallint[], ?::bigint[]) AS wanted(level, node_index)
                    ON t.level = wanted.level AND t.node_index = wanted.node_index""",
                rs -> {
                    cache.put(key(rs.getInt(1), rs.getLong(2)), rs.getBytes(3));
                },
                leaves.toArray(Long[]::new), inner.stream().map(n -> (short) n.level()).toArray(Short[]::new),
                inner.stream().map(MerkleProofs.NodeId::index).toArray(Long[]::new));
        return (level, index) -> {
            byte[] hash = cache.get(key(level, index));
            return hash != null ? hash : node(level, index);
        };
    }

    /** Loads the lowest levels for a leaf range at once, for bulk proofs (exports); higher levels come on demand. */
    public HashSource prefetching(long fromLeaf, long toLeaf, int levels) {
        Map<Long, byte[]> cache = new HashMap<>();
        jdbc.query("SELECT leaf_index, leaf_hash FROM audit_entries WHERE leaf_index >= ? AND leaf_index < ?",
                rs -> {
                    cache.put(key(0, rs.getLong(1)), rs.getBytes(2));
                }, fromLeaf, toLeaf);
        for (int level = 1; level <= levels; level++) {
            long first = (fromLeaf >>> level) - 1;
            long last = (toLeaf >>> level) + 1;
            int l = level;
            jdbc.query("SELECT node_index, hash FROM tree_nodes WHERE level = ? AND node_index BETWEEN ? AND ?",
                    rs -> {
                        cache.put(key(l, rs.getLong(1)), rs.getBytes(2));
                    }, (short) level, Math.max(0, first), last);
        }
        return (level, index) -> cache.computeIfAbsent(key(level, index), k -> node(level, index));
    }

    private static long key(int level, long index) {
        return ((long) level << 56) | index;
    }

    public void insertCheckpoint(StoredCheckpoint checkpoint) {
        jdbc.update("INSERT INTO checkpoints (tree_size, root_hash, signed_note, event_id, issued_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (tree_size) DO NOTHING",
                checkpoint.treeSize(), checkpoint.rootHash(), checkpoint.signedNote(), checkpoint.eventId(), Timestamp.from(checkpoint.issuedAt()));
    }

    /** The newest row as stored, signed or not: readers of the latest checkpoint ask {@link CheckpointNotes#latestSigned}. */
    public Optional<StoredCheckpoint> latestCheckpoint() {
        return jdbc.query("SELECT tree_size, root_hash, signed_note, event_id, issued_at FROM checkpoints ORDER BY tree_size DESC LIMIT 1",
                LogStore::checkpoint).stream().findFirst();
    }

    /** Up to {@code limit} stored checkpoints smaller than {@code belowSize}, the largest first. */
    public List<StoredCheckpoint> checkpointsBelow(long belowSize, int limit) {
        return jdbc.query("SELECT tree_size, root_hash, signed_note, event_id, issued_at FROM checkpoints WHERE tree_size < ? "
                + "ORDER BY tree_size DESC LIMIT ?", LogStore::checkpoint, belowSize, limit);
    }

    /** Up to {@code limit} stored checkpoints larger than {@code aboveSize}, the smallest first. */
    public List<StoredCheckpoint> checkpointsAbove(long aboveSize, int limit) {
        return jdbc.query("SELECT tree_size, root_hash, signed_note, event_id, issued_at FROM checkpoints WHERE tree_size > ? "
                + "ORDER BY tree_size LIMIT ?", LogStore::checkpoint, aboveSize, limit);
    }

    /** How many stored checkpoints are larger than {@code aboveSize}, counted up to {@code atMost} (an index range). */
    public long countCheckpointsAbove(long aboveSize, long atMost) {
        return jdbc.queryForObject("SELECT count(*) FROM (SELECT 1 FROM checkpoints WHERE tree_size > ? ORDER BY tree_size LIMIT ?) counted",
                Long.class, aboveSize, atMost);
    }

    /** A stored checkpoint and the seal a pass wrote for it (null: none). */
    record SealedCheckpoint(StoredCheckpoint checkpoint, byte[] seal) {
    }

    /**
     * The stored checkpoints of sizes in {@code [fromSize, toSize)}, signed or not, the smallest first, with their seals
     * (the range stated for the seals too, as {@link LogIntegrity#CHUNK_QUERY} does, so both sides are range scans).
     */
    List<SealedCheckpoint> checkpointsBetween(long fromSize, long toSize) {
        return jdbc.query("""
                SELECT c.tree_size, c.root_hash, c.signed_note, c.event_id, c.issued_at, s.seal FROM checkpoints c
                  LEFT JOIN checkpoint_seals s ON s.tree_size = c.tree_size AND s.tree_size >= ? AND s.tree_size < ?
                WHERE c.tree_size >= ? AND c.tree_size < ? ORDER BY c.tree_size""",
                (rs, i) -> new SealedCheckpoint(checkpoint(rs, i), rs.getBytes(6)), fromSize, toSize, fromSize, toSize);
    }

    /** Records the seals of checkpoint rows whose note verified: {tree size, seal} each. */
    void sealCheckpoints(List<Object[]> seals) {
        jdbc.batchUpdate("INSERT INTO checkpoint_seals (tree_size, seal) VALUES (?, ?) "
                + "ON CONFLICT (tree_size) DO UPDATE SET seal = EXCLUDED.seal", seals);
    }

    public Optional<StoredCheckpoint> checkpoint(long treeSize) {
        return jdbc.query("SELECT tree_size, root_hash, signed_note, event_id, issued_at FROM checkpoints WHERE tree_size = ?",
                LogStore::checkpoint, treeSize).stream().findFirst();
    }

    private static StoredCheckpoint checkpoint(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new StoredCheckpoint(rs.getLong(1), rs.getBytes(2), rs.getString(3), rs.getObject(4, UUID.class),
                rs.getTimestamp(5).toInstant());
    }
}
