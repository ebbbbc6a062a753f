package se.samverkan.audit.verify;

import se.samverkan.audit.tlog.Checkpoint;
import se.samverkan.audit.tlog.CompactRange;
import se.samverkan.audit.tlog.NoteKeys;
import se.samverkan.audit.tlog.ProofVerifier;
import se.samverkan.audit.tlog.Rfc6962;
import se.samverkan.audit.tlog.SignedNote;

import java.io.BufferedReader;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Checks an export against its signed checkpoint with only the verifier key: the signature, every entry's
 * inclusion proof over the exact bytes exported, no gaps in a range export, the entry count, and for a whole-log
 * export the root recomputed from all entries.
 */
public final class ExportVerifier {

    public record Result(boolean ok, long entries, long treeSize, String message) {
    }

    private ExportVerifier() {
    }

    public static Result verify(BufferedReader lines, NoteKeys.Verifier key) throws IOException {
        String headerLine = lines.readLine();
        if (headerLine == null) {
            return fail(0, 0, "the export is empty");
        }
        Map<String, Object> header = object(headerLine, 1);
        if (!"header".equals(header.get("kind"))) {
            return fail(0, 0, "line 1 is not an export header");
        }
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.parse(SignedNote.open((String) header.get("checkpoint"), key));
        } catch (RuntimeException e) {
            return fail(0, 0, "the checkpoint does not verify with key " + key.name() + ": " + e.getMessage());
        }
        long treeSize = checkpoint.treeSize();
        if (((Number) header.get("treeSize")).longValue() != treeSize) {
            return fail(0, treeSize, "the header's tree size differs from the signed checkpoint's");
        }
        boolean range = "range".equals(header.get("scope"));
        long from = ((Number) header.get("from")).longValue();
        long to = ((Number) header.get("to")).longValue();
        CompactRange recomputed = range && from == 0 ? CompactRange.empty() : null;

        long expected = from;
        long count = 0;
        long lastIndex = -1;
        String firstUnprovable = null;
        Base64.Decoder base64 = Base64.getDecoder();
        int lineNumber = 1;
        String text;
        while ((text = lines.readLine()) != null) {
            lineNumber++;
            if (text.isBlank()) {
                continue;
            }
            Map<String, Object> line = object(text, lineNumber);
            if ("end".equals(line.get("kind"))) {
                long declared = ((Number) line.get("entries")).longValue();
                if (declared != count) {
                    return fail(count, treeSize, "the export says it has " + declared + " entries but " + count + " were found");
                }
                if (range && expected != to) {
                    return fail(count, treeSize, "entries " + expected + " to " + (to - 1) + " are missing from the end of the export");
                }
                if (firstUnprovable != null) {
                    return fail(count, treeSize, firstUnprovable);
                }
                if (recomputed != null && to == treeSize
                        && !MessageDigest.isEqual(recomputed.root(), checkpoint.rootHash())) {
                    return fail(count, treeSize, "the entries do not hash to the checkpoint's root");
                }
                return new Result(true, count, treeSize, "OK: " + count + " entries verified against the checkpoint of "
                        + checkpoint.origin() + " at tree size " + treeSize);
            }
            long index = ((Number) line.get("leafIndex")).longValue();
            String eventId = (String) line.get("eventId");
            String where = "entry at leaf index " + index + " (event " + eventId + ")";
            if (index <= lastIndex) {
                return fail(count, treeSize, where + " is out of order: it follows leaf index " + lastIndex);
            }
            if (range && index != expected) {
                return fail(count, treeSize, "entry at leaf index " + expected + " is missing: the export jumps from "
                        + (expected - 1) + " to " + index);
            }
            if (index >= treeSize) {
                return fail(count, treeSize, where + " lies beyond the checkpoint's tree size " + treeSize);
            }
            byte[] entry = base64.decode((String) line.get("entry"));
            byte[] leafHash = Rfc6962.leafHash(entry);
            Object proofValue = line.get("inclusionProof");
            if (proofValue == null) {
                // the service could not build a proof because a neighbour is missing: a gap later names the cause
                if (firstUnprovable == null) {
                    firstUnprovable = where + " has no inclusion proof: the log around it was altered";
                }
            } else {
                List<byte[]> proof = new ArrayList<>();
                for (Object hash : (List<?>) proofValue) {
                    proof.add(base64.decode((String) hash));
                }
                if (!ProofVerifier.verifyInclusion(index, treeSize, leafHash, proof, checkpoint.rootHash())) {
                    return fail(count, treeSize, where + " does not match the signed checkpoint: its bytes were changed, "
                            + "or it was moved from another position");
                }
            }
            if (recomputed != null) {
                recomputed.append(leafHash);
            }
            lastIndex = index;
            expected = index + 1;
            count++;
        }
        return fail(count, treeSize, "the export is truncated: no end line after " + count + " entries");
    }

    private static Map<String, Object> object(String text, int lineNumber) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) MiniJson.parse(text);
            return map;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("line " + lineNumber + " is not a JSON object: " + e.getMessage());
        }
    }

    private static Result fail(long entries, long treeSize, String message) {
        return new Result(false, entries, treeSize, "FAIL: " + message);
    }
}
