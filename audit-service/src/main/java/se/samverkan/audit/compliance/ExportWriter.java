package se.samverkan.audit.compliance;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import se.samverkan.audit.log.LogStore;
import se.samverkan.audit.log.StoredCheckpoint;
import se.samverkan.audit.tlog.HashSource;
import se.samverkan.audit.tlog.MerkleProofs;
import se.samverkan.contracts.CloudEventCodec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.UUID;

/**
 * Writes an export as JSON Lines: a header with the signed checkpoint, one line per entry (its exact bytes in
 * base64 and its inclusion proof against that checkpoint), and an end line with the count, so a truncated file is
 * noticed. {@link se.samverkan.audit.verify.VerifyExport} checks it with nothing but the public key.
 */
@Component
public class ExportWriter {

    public static final String FORMAT = "samverkan-audit-export/1";
    private static final int PREFETCH_LEVELS = 12;

    private final AuditSearch search;
    private final LogStore store;
    private final TransactionTemplate transactions;

    public ExportWriter(AuditSearch search, LogStore store, TransactionTemplate transactions) {
        this.search = search;
        this.store = store;
        this.transactions = transactions;
    }

    /** @return the number of entries written */
    public long write(EntryQuery query, boolean filtered, long from, long to, StoredCheckpoint checkpoint, OutputStream out) {
        JsonMapper json = CloudEventCodec.mapper();
        Base64.Encoder base64 = Base64.getEncoder();
        long end = Math.min(to, checkpoint.treeSize());
        ObjectNode header = json.createObjectNode()
                .put("kind", "header")
                .put("format", FORMAT)
                .put("scope", filtered ? "filtered" : "range")
                .put("from", from)
                .put("to", end)
                .put("treeSize", checkpoint.treeSize())
                .put("checkpoint", checkpoint.signedNote());
        writeLine(json, header, out);
        long[] count = {0};
        transactions.executeWithoutResult(tx -> {
            HashSource nodes = filtered ? store : store.prefetching(Math.max(0, from - 1), Math.min(end + 1, checkpoint.treeSize()), PREFETCH_LEVELS);
            MerkleProofs proofs = new MerkleProofs(nodes);
            search.stream(query, from, end, rs -> {
                long leafIndex = rs.getLong(1);
                ObjectNode line = json.createObjectNode()
                        .put("kind", "entry")
                        .put("leafIndex", leafIndex)
                        .put("eventId", rs.getObject(2, UUID.class).toString())
                        .put("entry", base64.encodeToString(rs.getBytes(3)));
                try {
                    ArrayNode proof = line.putArray("inclusionProof");
                    proofs.inclusion(leafIndex, checkpoint.treeSize()).forEach(hash -> proof.add(base64.encodeToString(hash)));
                } catch (IllegalStateException missingNode) {
                    // a stored node is gone (someone deleted rows): export the entry anyway and let the verifier say so
                    line.putNull("inclusionProof");
                }
                writeLine(json, line, out);
                count[0]++;
            });
        });
        writeLine(json, json.createObjectNode().put("kind", "end").put("entries", count[0]), out);
        return count[0];
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
