package se.samverkan.audit.verify;

import se.samverkan.audit.tlog.Checkpoint;
import se.samverkan.audit.tlog.CompactRange;
import se.samverkan.audit.tlog.Cosignatures;
import se.samverkan.audit.tlog.InclusionVerifier;
import se.samverkan.audit.tlog.NoteKeys;
import se.samverkan.audit.tlog.ProofVerifier;
import se.samverkan.audit.tlog.Rfc6962;
import se.samverkan.audit.tlog.SignedNote;

import se.samverkan.signing.SignedEnvelope;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks an export against its signed checkpoint with only the verifier key: the signature, every entry's
 * inclusion proof over the exact bytes exported, every omitted leaf's inclusion proof over its leaf hash, no gaps
 * in a range export (each leaf is there, in full or as omitted), the counts, and for a whole-log export the root
 * recomputed from all leaves. Format 1 files of scope {@code filtered} (entries only) are still read, without the
 * gap check they never allowed.
 *
 * <p>With the producers' public keys ({@link ProducerKeys}) it also checks every exported entry's producer
 * signature: the checkpoint proves the entry was appended and not changed since, the producer signature that the
 * holder of that service's key wrote it. The two are independent: whoever holds the checkpoint key can rebuild the
 * tree over changed bytes, but cannot sign them as case-service. Every failing entry is listed, by leaf index.
 *
 * <p>A million entries take seconds, not half a minute (issue 12): the lines are decoded (JSON, base64, leaf hash)
 * ahead on other threads by {@link DecodedLines}, and each inclusion proof is checked by {@link InclusionVerifier},
 * which gives {@link se.samverkan.audit.tlog.ProofVerifier}'s exact answer but hashes the part of a path that the
 * previous proof shares with it only once (about two hashes a proof instead of twenty). Every proof is still checked,
 * also in a whole-log export, where the root recomputed from all leaves would by itself prove every leaf's inclusion
 * and the proofs could be skipped: checking them keeps the first changed entry named by its leaf index there too,
 * rejects a file whose proofs are garbage even though its leaves are right (an export that is not what the service
 * writes), and is what a range export relies on alone.
 */
public final class ExportVerifier {

    /**
     * @param producerSigned       entries whose producer signature verified
     * @param unsignedAccepted     entries below the accepted leaf index that carry no producer signature
     * @param producerFailedLeaves leaf indexes of entries that fail the producer signature check
     */
    public record Result(boolean ok, long entries, long treeSize, String message, long producerSigned, long unsignedAccepted,
                         List<Long> producerFailedLeaves) {
    }

    /** Failures listed by name in the message; the count is always complete. */
    static final int MAX_LISTED_FAILURES = 100;

    private ExportVerifier() {
    }

    /** @param producers the producers' keys, or {@link ProducerKeys#NOT_CHECKED} (the message then says so) */
    public static Result verify(BufferedReader lines, NoteKeys.Verifier key, ProducerKeys producers) throws IOException {
        return verify(lines, key, producers, Anchors.NONE);
    }

    /** @param anchors witnesses (k of n) and a trusted earlier checkpoint the export's checkpoint must be consistent with */
    public static Result verify(BufferedReader lines, NoteKeys.Verifier key, ProducerKeys producers, Anchors anchors) throws IOException {
        return verify(lines, key, producers, anchors, ProducerChecks.defaultThreads());
    }

    /**
     * @param signatureThreads threads that check producer signatures ahead of the reading thread (1: on it); the
     *                         result, every message included, is the same for any number
     */
    public static Result verify(BufferedReader lines, NoteKeys.Verifier key, ProducerKeys producers, Anchors anchors,
                                int signatureThreads) throws IOException {
        return verify(lines, key, producers, anchors, signatureThreads, ProducerChecks.WINDOW_PER_THREAD);
    }

    static Result verify(BufferedReader lines, NoteKeys.Verifier key, ProducerKeys producers, Anchors anchors,
                         int signatureThreads, int checksAheadPerThread) throws IOException {
        return verify(lines, key, producers, anchors, signatureThreads, checksAheadPerThread, DecodedLines.defaultThreads());
    }

    /** @param decodeThreads threads that decode lines ahead of the checks (1: on the reading thread); same result for any */
    static Result verify(BufferedReader lines, NoteKeys.Verifier key, ProducerKeys producers, Anchors anchors,
                         int signatureThreads, int checksAheadPerThread, int decodeThreads) throws IOException {
        return verify(LineSource.of(lines), key, producers, anchors, signatureThreads, checksAheadPerThread, decodeThreads);
    }

    /**
     * The export's bytes, as written (UTF-8): the fastest way in, since only line ends are found on the reading
     * thread and the text is decoded on the decoding threads; same result as {@link #verify(BufferedReader,
     * NoteKeys.Verifier, ProducerKeys, Anchors)} over a strict UTF-8 reader of the same bytes.
     */
    public static Result verify(InputStream export, NoteKeys.Verifier key, ProducerKeys producers, Anchors anchors) throws IOException {
        return verify(export, key, producers, anchors, ProducerChecks.defaultThreads(), ProducerChecks.WINDOW_PER_THREAD,
                DecodedLines.defaultThreads());
    }

    static Result verify(InputStream export, NoteKeys.Verifier key, ProducerKeys producers, Anchors anchors,
                         int signatureThreads, int checksAheadPerThread, int decodeThreads) throws IOException {
        return verify(LineSource.of(export), key, producers, anchors, signatureThreads, checksAheadPerThread, decodeThreads);
    }

    private static Result verify(LineSource lines, NoteKeys.Verifier key, ProducerKeys producers, Anchors anchors,
                                 int signatureThreads, int checksAheadPerThread, int decodeThreads) throws IOException {
        String headerLine = lines.readLine();
        if (headerLine == null) {
            return fail(0, 0, "the export is empty");
        }
        Line header = Line.of(headerLine, 1);
        if (!"header".equals(header.optionalString("kind"))) {
            return fail(0, 0, "line 1 is not an export header");
        }
        String format = header.string("format");
        if (!ExportFormat.READABLE.contains(format)) {
            return fail(0, 0, "the export's format " + format + " is not one this verifier reads (" + ExportFormat.READABLE
                    + "): get the verifier that matches the service");
        }
        String note = header.string("checkpoint");
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.parse(SignedNote.open(note, key));
        } catch (RuntimeException e) {
            return fail(0, 0, "the checkpoint does not verify with key " + key.name() + ": " + e.getMessage());
        }
        long treeSize = checkpoint.treeSize();
        if (header.integer("treeSize") != treeSize) {
            return fail(0, treeSize, "the header's tree size differs from the signed checkpoint's");
        }
        String anchored = anchors.none() ? null : checkAnchors(header, note, checkpoint, key, anchors);
        if (anchored != null && anchored.startsWith("FAIL")) {
            return fail(0, treeSize, anchored.substring("FAIL ".length()));
        }
        boolean range = "range".equals(header.string("scope"));
        long from = header.integer("from");
        long to = header.integer("to");
        if (range && (from < 0 || from > to || to > treeSize)) {
            return fail(0, treeSize, "the header's range [" + from + ", " + to + ") does not lie within the tree of size " + treeSize);
        }
        CompactRange recomputed = range && from == 0 ? CompactRange.empty() : null;
        // every proof is checked, each with ProofVerifier's exact answer; neighbours' shared upper paths hashed once
        InclusionVerifier inclusion = new InclusionVerifier(treeSize, checkpoint.rootHash());
        try (ProducerChecks checks = new ProducerChecks(producers, signatureThreads, checksAheadPerThread);
             DecodedLines decodedLines = new DecodedLines(lines, 1, decodeThreads)) {
            try {

                long expected = from;
                long count = 0;
                long omitted = 0;
                long lastIndex = -1;
                String firstUnprovable = null;
                DecodedLines.Decoded decoded;
                while ((decoded = decodedLines.next()) != null) {
                    if (decoded.blank) {
                        continue;
                    }
                    int lineNumber = decoded.number;
                    // each value below is the line's own, decoded ahead; what its decoding threw is thrown here
                    Line line = decoded.line();
                    String kind = line.string("kind");
                    if ("end".equals(kind)) {
                        String trailing = afterTheEnd(decodedLines);
                        if (trailing != null) {
                            return checks.settled(fail(count, treeSize, trailing));
                        }
                        checks.settle();
                        List<Long> failedLeaves = checks.failedLeaves();
                        List<String> failures = checks.failures();
                        long declared = line.integer("entries");
                        if (declared != count) {
                            return checks.settled(fail(count, treeSize, "the export says it has " + declared + " entries but " + count + " were found"));
                        }
                        long declaredOmitted = line.has("omitted") ? line.integer("omitted") : 0;
                        if (declaredOmitted != omitted) {
                            return checks.settled(fail(count, treeSize, "the export says it omits " + declaredOmitted + " leaves but " + omitted + " were found"));
                        }
                        if (range && expected != to) {
                            return checks.settled(fail(count, treeSize, "entries " + expected + " to " + (to - 1) + " are missing from the end of the export"));
                        }
                        if (firstUnprovable != null) {
                            return checks.settled(fail(count, treeSize, firstUnprovable));
                        }
                        if (recomputed != null && to == treeSize
                                && !MessageDigest.isEqual(recomputed.root(), checkpoint.rootHash())) {
                            return checks.settled(fail(count, treeSize, "the entries do not hash to the checkpoint's root"));
                        }
                        String leaves = omitted == 0 ? "" : " (and " + omitted + " omitted leaves, by hash: outside the filter or the municipality)";
                        String covers = range ? "; no leaf of [" + from + ", " + to + ") is missing" : "";
                        String merkle = count + " entries" + leaves + " verified against the checkpoint of " + checkpoint.origin()
                                + " at tree size " + treeSize + covers;
                        if (!failedLeaves.isEmpty()) {
                            StringBuilder message = new StringBuilder("FAIL: " + failedLeaves.size() + " of " + count
                                    + " entries fail their producer signature check (" + merkle + "):");
                            failures.forEach(failure -> message.append("\n  ").append(failure));
                            if (failedLeaves.size() > failures.size()) {
                                message.append("\n  ... and ").append(failedLeaves.size() - failures.size()).append(" more");
                            }
                            return new Result(false, count, treeSize, message.toString(), checks.verified(), checks.unsignedAccepted(), List.copyOf(failedLeaves));
                        }
                        String signatures = !producers.checked() ? "; producer signatures NOT checked (no --producer-keys)"
                                : "; " + checks.verified() + " producer signatures verified with "
                                + SignedEnvelope.ed25519Implementation() + " Ed25519" + (checks.unsignedAccepted() == 0 ? ""
                                : "; " + checks.unsignedAccepted() + " entries below leaf index " + producers.acceptUnsignedBelow()
                                + " carry no producer signature (accepted as written before producers signed)");
                        return new Result(true, count, treeSize, "OK: " + merkle + signatures + (anchored == null ? "" : "; " + anchored),
                                checks.verified(), checks.unsignedAccepted(), List.of());
                    }
                    if (!"entry".equals(kind) && !"omitted".equals(kind)) {
                        throw new MalformedExportException("line " + lineNumber + ": the kind " + kind + " is none of entry, omitted, end");
                    }
                    long index = line.integer("leafIndex");
                    boolean isOmitted = "omitted".equals(kind);
                    String eventId = isOmitted ? null : line.optionalString("eventId");
                    String where = isOmitted ? "omitted leaf " + index : "entry at leaf index " + index + " (event " + eventId + ")";
                    if (index <= lastIndex) {
                        return checks.settled(fail(count, treeSize, where + " is out of order: it follows leaf index " + lastIndex));
                    }
                    if (range && index != expected) {
                        return checks.settled(fail(count, treeSize, "entry at leaf index " + expected + " is missing: the export jumps from "
                                + (expected - 1) + " to " + index));
                    }
                    if (index >= treeSize) {
                        return checks.settled(fail(count, treeSize, where + " lies beyond the checkpoint's tree size " + treeSize));
                    }
                    byte[] entryBytes = isOmitted ? null : decoded.entry();
                    byte[] leafHash = decoded.leafHash(); // the omitted leaf's given hash, or the entry's computed one
                    if (leafHash.length != Rfc6962.HASH_SIZE) {
                        throw new MalformedExportException("line " + lineNumber + ": the leaf hash is not " + Rfc6962.HASH_SIZE + " bytes");
                    }
                    if (!isOmitted) {
                        checks.check(index, entryBytes, where);
                    }
                    List<byte[]> proof = decoded.proof();
                    if (proof == null) {
                        // the service could not build a proof because a neighbour is missing: a gap later names the cause
                        if (firstUnprovable == null) {
                            firstUnprovable = where + " has no inclusion proof: the log around it was altered";
                        }
                    } else {
                        if (!inclusion.verify(index, leafHash, proof)) {
                            return checks.settled(fail(count, treeSize, where + " does not match the signed checkpoint: its bytes were changed, "
                                    + "or it was moved from another position"));
                        }
                    }
                    if (recomputed != null) {
                        recomputed.append(leafHash);
                    }
                    lastIndex = index;
                    expected = index + 1;
                    if (isOmitted) {
                        omitted++;
                    } else {
                        count++;
                    }
                }
                return checks.settled(fail(count, treeSize, "the export is truncated: no end line after " + count + " entries"));
            } catch (IOException | RuntimeException | Error e) {
                // what ends the pass early surfaces only once every check before it settled: if one of those threw,
                // that is what a single thread checking entry after entry would have met first
                checks.settle();
                throw e;
            }
        }
    }

    /**
     * The export's checkpoint against the anchors: returns what holds (for the OK line), or "FAIL" and the reason. The
     * header carries the witnessed checkpoints ({@code witnessed}: notes with cosignature lines, each signed by the log)
     * and consistency proofs from earlier sizes to the export's ({@code consistencyProofs}: treeSize, proof).
     */
    private static String checkAnchors(Line header, String note, Checkpoint checkpoint, NoteKeys.Verifier key, Anchors anchors) {
        java.util.Map<Long, List<byte[]>> proofs = new java.util.HashMap<>();
        for (Line proof : header.objects("consistencyProofs")) {
            proofs.put(proof.integer("treeSize"), proof.base64List("proof"));
        }
        List<String> notes = new ArrayList<>(List.of(note));
        notes.addAll(header.strings("witnessed"));
        java.util.Set<String> cosigners = new java.util.LinkedHashSet<>();
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (String witnessed : notes) {
            Checkpoint earlier;
            try {
                earlier = Checkpoint.parse(SignedNote.open(witnessed, key));
            } catch (RuntimeException e) {
                return "FAIL a witnessed checkpoint in the header does not verify with key " + key.name() + ": " + e.getMessage();
            }
            java.util.Set<String> by = Cosignatures.cosignedBy(witnessed, anchors.witnesses());
            if (by.isEmpty()) {
                continue;
            }
            String whose = "the checkpoint at tree size " + earlier.treeSize() + " that " + by.size() + " configured witness(es) cosigned";
            String broken = consistent(earlier, checkpoint, proofs, whose);
            if (broken != null) {
                return "FAIL " + broken + ": the log was rewritten after the witnesses saw it (a log rebuilt and re-signed "
                        + "with the operator's key); the witnesses refuse to cosign such a log";
            }
            cosigners.addAll(by);
            anchors.witnesses().stream().filter(w -> by.contains(w.encoded())).forEach(w -> names.add(w.name()));
        }
        if (cosigners.size() < anchors.required()) {
            return "FAIL only " + cosigners.size() + " of the " + anchors.witnesses().size() + " configured witnesses cosigned "
                    + "this log up to a checkpoint it is consistent with, " + anchors.required() + " required: a checkpoint "
                    + "only the log's own key vouches for could be a rewritten log re-signed by whoever holds that key";
        }
        StringBuilder holds = new StringBuilder();
        if (anchors.required() > 0) {
            holds.append(cosigners.size()).append(" of ").append(anchors.witnesses().size()).append(" witnesses cosigned (")
                    .append(String.join(", ", names)).append(", ").append(anchors.required()).append(" required)");
        }
        if (anchors.trusted() != null) {
            String broken = consistent(anchors.trusted(), checkpoint, proofs, "the trusted checkpoint at tree size " + anchors.trusted().treeSize());
            if (broken != null) {
                return "FAIL " + broken + ": the log is not the one you trusted before (rewritten, rolled back or forked)";
            }
            holds.append(holds.isEmpty() ? "" : "; ").append("consistent with the trusted checkpoint at tree size ")
                    .append(anchors.trusted().treeSize());
        }
        return holds.toString();
    }

    /** Null when {@code earlier} is a prefix of {@code later} (by the header's proof), else what is wrong. */
    private static String consistent(Checkpoint earlier, Checkpoint later, java.util.Map<Long, List<byte[]>> proofs, String what) {
        if (!earlier.origin().equals(later.origin())) {
            return what + " is of another log (" + earlier.origin() + ")";
        }
        if (earlier.treeSize() > later.treeSize()) {
            return "the export's checkpoint (tree size " + later.treeSize() + ") is smaller than " + what + ": entries were cut off";
        }
        if (earlier.treeSize() == later.treeSize()) {
            return MessageDigest.isEqual(earlier.rootHash(), later.rootHash()) ? null
                    : "the export's checkpoint has another root than " + what + " at the same size: a forked log";
        }
        List<byte[]> proof = proofs.get(earlier.treeSize());
        if (earlier.treeSize() > 0 && proof == null) {
            return "the export carries no consistency proof from " + what + " (export with trustedSize=" + earlier.treeSize() + ")";
        }
        if (!ProofVerifier.verifyConsistency(earlier.treeSize(), later.treeSize(), earlier.rootHash(), later.rootHash(),
                proof == null ? List.of() : proof)) {
            return "the export's checkpoint is not consistent with " + what + ": the consistency proof does not verify";
        }
        return null;
    }

    /**
     * An export ends at its {@code end} line. Lines after it would be verified by nothing, yet a program that reads
     * the file's entries without this verifier could take them for the export's (a forger appending entries to an
     * honest file): so a file that goes on after its end, blank lines apart, fails.
     */
    private static String afterTheEnd(DecodedLines lines) throws IOException {
        for (DecodedLines.Decoded next = lines.next(); next != null; next = lines.next()) {
            if (!next.blank) {
                return "line " + next.number + " follows the end line: an export ends there, and nothing after it is verified";
            }
        }
        return null;
    }

    private static Result fail(long entries, long treeSize, String message) {
        return new Result(false, entries, treeSize, "FAIL: " + message, 0, 0, List.of());
    }
}
