package se.samverkan.audit.compliance;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import se.samverkan.audit.log.LogStore;
import se.samverkan.audit.log.StoredCheckpoint;
import se.samverkan.audit.tlog.HashSource;
import se.samverkan.audit.tlog.MerkleProofs;
import se.samverkan.audit.tlog.Rfc6962;
import se.samverkan.audit.verify.ExportFormat;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.platform.problem.ClientProblem;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes an export as JSON Lines: a header with the signed checkpoint, one line per leaf of the range, and an end
 * line with the counts, so a truncated file is noticed. A leaf that matches the filter and lies in the officer's
 * municipality is written in full (its exact bytes in base64 and its inclusion proof); every other leaf of the range
 * is written as {@code omitted}, with only its leaf hash (computed from the stored bytes) and inclusion proof. So
 * every export covers its whole range: the offline verifier (audit-verifier) checks, with nothing but the
 * public key, that no leaf is missing or changed, and the filter is applied to what the bytes say, never to the
 * search columns (which a database superuser could change to hide an entry).
 */
@Component
public class ExportWriter {

    public static final String FORMAT = ExportFormat.CURRENT;

    /**
     * Issue 14: the witnessed checkpoints (signed notes with cosignature lines) and the sizes from which a consistency
     * proof to the export's checkpoint is written, so the offline verifier can check k of n witnesses and a trusted
     * earlier checkpoint with nothing but the file.
     */
    public record Anchors(List<String> witnessed, List<Long> proofsFrom) {
        public static final Anchors NONE = new Anchors(List.of(), List.of());
    }
    private static final int PREFETCH_LEVELS = 12;
    private static final long BUSY_RETRY_AFTER_SECONDS = 30;

    private final AuditSearch search;
    private final LogStore store;
    private final TransactionTemplate transactions;
    private final int windowLeaves;
    private final int concurrent;
    private final Semaphore running;
    private final int perOfficer;
    private final java.util.concurrent.ConcurrentHashMap<String, Integer> officers = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param windowLeaves how many leaves' proof nodes are held at a time (rounded down to a power of two): the whole
     *                     range's were, about 200 MB on a million-entry log, and one export ended audit-service with an
     *                     OutOfMemoryError in a pod's heap
     * @param concurrent   how many exports may run at once: an export streams outside the in-flight bound (it frees its
     *                     slot when it goes asynchronous), so without this a compliance officer's token could start as
     *                     many as it likes
     */
    public ExportWriter(AuditSearch search, LogStore store, TransactionTemplate transactions,
                        @Value("${samverkan.audit.export.window-leaves:65536}") int windowLeaves,
                        @Value("${samverkan.audit.export.concurrent:3}") int concurrent) {
        this.search = search;
        this.store = store;
        this.transactions = transactions;
        this.windowLeaves = Integer.highestOneBit(Math.max(2, windowLeaves));
        this.concurrent = Math.max(1, concurrent);
        this.running = new Semaphore(this.concurrent);
        this.perOfficer = Math.max(1, this.concurrent - 1);
    }

    /**
     * Takes one of the export slots, or refuses with 503 and Retry-After; an officer who holds all but one of them is
     * refused another (429): two exports held open by one officer took every slot, and the other municipalities'
     * officers got 503 for as long as she liked (one slot is left over for someone else; one more than one per officer,
     * so that an officer's next export does not race the end of her last). The returned action gives the slots back
     * (once, however often it runs): when the export has been written, or when the request fails before it starts.
     */
    public Runnable admit(String officerId) {
        int[] held = new int[1];
        officers.compute(officerId, (id, running) -> {
            held[0] = running == null ? 0 : running;
            return held[0] >= perOfficer ? running : Integer.valueOf(held[0] + 1);
        });
        if (held[0] >= perOfficer) {
            throw new ClientProblem(429, "export-running", "You have exports running", "At most " + perOfficer + " export(s) at "
                    + "a time for each officer, so that the rest are left for other officers: wait for yours to finish (or cancel "
                    + "one), then try again in " + BUSY_RETRY_AFTER_SECONDS + " s (Retry-After).",
                    Map.of("retryAfterSeconds", BUSY_RETRY_AFTER_SECONDS));
        }
        if (!running.tryAcquire()) {
            giveBack(officerId);
            throw new ClientProblem(503, "exports-busy", "Too many exports at once", "At most " + concurrent
                    + " exports run at once and that many are running; try again in " + BUSY_RETRY_AFTER_SECONDS
                    + " s (Retry-After), or export a narrower range (fromLeaf, toLeaf).", Map.of("retryAfterSeconds", BUSY_RETRY_AFTER_SECONDS));
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                giveBack(officerId);
                running.release();
            }
        };
    }

    private void giveBack(String officerId) {
        officers.computeIfPresent(officerId, (id, running) -> running <= 1 ? null : running - 1);
    }

    /** @return the number of entries written in full */
    public long write(EntryQuery query, MunicipalityScope scope, long from, long to, StoredCheckpoint checkpoint, OutputStream out) {
        return write(query, scope, from, to, checkpoint, Anchors.NONE, out);
    }

    /** @return the number of entries written in full */
    public long write(EntryQuery query, MunicipalityScope scope, long from, long to, StoredCheckpoint checkpoint, Anchors anchors,
                      OutputStream out) {
        JsonMapper json = CloudEventCodec.mapper();
        Base64.Encoder base64 = Base64.getEncoder();
        long end = Math.min(to, checkpoint.treeSize());
        ObjectNode header = json.createObjectNode()
                .put("kind", "header")
                .put("format", FORMAT)
                .put("scope", "range")
                .put("from", from)
                .put("to", end)
                .put("treeSize", checkpoint.treeSize())
                .put("checkpoint", checkpoint.signedNote())
                .put("municipality", scope.municipality());
        ObjectNode filter = header.putObject("filter");
        putIfSet(filter, "caseId", query.caseId());
        putIfSet(filter, "subjectId", query.subjectId());
        putIfSet(filter, "actorId", query.actorId());
        putIfSet(filter, "type", query.type());
        putIfSet(filter, "action", query.action());
        putIfSet(filter, "legalBasis", query.legalBasis());
        putIfSet(filter, "from", query.from());
        putIfSet(filter, "to", query.to());
        ArrayNode witnessed = header.putArray("witnessed");
        anchors.witnessed().forEach(witnessed::add);
        ArrayNode consistency = header.putArray("consistencyProofs");
        MerkleProofs anchorProofs = new MerkleProofs(store);
        for (long size : anchors.proofsFrom()) {
            ArrayNode proof = consistency.addObject().put("treeSize", size).putArray("proof");
            anchorProofs.consistency(size, checkpoint.treeSize()).forEach(hash -> proof.add(base64.encodeToString(hash)));
        }
        writeLine(json, header, out);
        long[] count = {0, 0};
        transactions.executeWithoutResult(tx -> {
            WindowedNodes nodes = new WindowedNodes(store, checkpoint.treeSize(), windowLeaves);
            MerkleProofs proofs = new MerkleProofs(nodes);
            search.scan(from, end, stored -> {
                long leafIndex = stored.leafIndex();
                nodes.moveTo(leafIndex);
                boolean included = stored.entry() != null && scope.covers(stored.entry()) && query.matches(stored.entry());
                ObjectNode line = json.createObjectNode().put("kind", included ? "entry" : "omitted").put("leafIndex", leafIndex);
                if (included) {
                    line.put("eventId", stored.entry().eventId().toString())
                            .put("entry", base64.encodeToString(stored.bytes()));
                    count[0]++;
                } else {
                    // the hash of the bytes as stored: a changed byte of an omitted entry fails its inclusion proof
                    line.put("leafHash", base64.encodeToString(Rfc6962.leafHash(stored.bytes())));
                    count[1]++;
                }
                try {
                    ArrayNode proof = line.putArray("inclusionProof");
                    proofs.inclusion(leafIndex, checkpoint.treeSize()).forEach(hash -> proof.add(base64.encodeToString(hash)));
                } catch (IllegalStateException missingNode) {
                    // a stored node is gone (someone deleted rows): export the leaf anyway and let the verifier say so
                    line.putNull("inclusionProof");
                }
                writeLine(json, line, out);
                return true;
            });
        });
        writeLine(json, json.createObjectNode().put("kind", "end").put("entries", count[0]).put("omitted", count[1]), out);
        return count[0];
    }

    /**
     * The nodes an inclusion proof needs, read for one aligned window of leaves at a time (the leaf hashes and
     * {@link #PREFETCH_LEVELS} levels above them, in a few range queries) and dropped when the scan leaves the window.
     * A node outside the window (the higher levels' siblings, the right edge) is read when asked for, and kept while
     * the window lasts. An export's memory is then one window's, whatever the log's size.
     */
    private static final class WindowedNodes implements HashSource {

        private final LogStore store;
        private final long treeSize;
        private final int window;
        private long windowStart = -1;
        private long windowEnd = -1;
        private HashSource current;

        WindowedNodes(LogStore store, long treeSize, int window) {
            this.store = store;
            this.treeSize = treeSize;
            this.window = window;
        }

        void moveTo(long leaf) {
            if (current == null || leaf < windowStart || leaf >= windowEnd) {
                windowStart = leaf - Math.floorMod(leaf, window);
                windowEnd = Math.min(windowStart + window, treeSize);
                current = store.prefetching(Math.max(0, windowStart - 1), Math.min(windowEnd + 1, treeSize), PREFETCH_LEVELS);
            }
        }

        @Override
        public byte[] node(int level, long index) {
            return current.node(level, index);
        }
    }

    private static void putIfSet(ObjectNode node, String field, Object value) {
        if (value != null) {
            node.put(field, value.toString());
        }
    }

    private static void writeLine(JsonMapper json, ObjectNode node, OutputStream out) {
        try {
            out.write(json.writeValueAsBytes(node));
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
