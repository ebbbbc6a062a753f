package se.samverkan.audit.compliance;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import se.samverkan.audit.log.CheckpointNotes;
import se.samverkan.audit.log.CheckpointSigner;
import se.samverkan.audit.log.LogIntegrity;
import se.samverkan.audit.log.LogStore;
import se.samverkan.audit.log.Sequencer;
import se.samverkan.audit.log.StoredCheckpoint;
import se.samverkan.audit.tlog.HashSource;
import se.samverkan.audit.tlog.MerkleProofs;
import se.samverkan.platform.identity.Actor;
import se.samverkan.platform.problem.ClientProblem;

import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@RestController
@RequestMapping("/api/audit")
@Validated
public class ComplianceController {

    /**
     * {@code nextAfterLeaf} continues the listing with {@code afterLeaf}, stable while the log grows. The answer was
     * filtered over the bytes of every leaf in [{@code scannedFromLeaf}, {@code scannedToLeaf}); leaves whose bytes
     * are no longer a readable entry are listed in {@code unreadableLeaves} (they were changed in the database), and
     * {@code integrity} is the background check's verdict on the stored log.
     */
    public record EntryPage(List<EntryView> items, int page, int size, boolean hasMore, Long nextAfterLeaf,
                            String municipality, long scannedFromLeaf, long scannedToLeaf, List<Long> unreadableLeaves,
                            LogIntegrity.Verdict integrity) {
    }

    /**
     * {@code signedNote} carries the log's signature and the cosignature lines collected from its witnesses (issue 14);
     * {@code cosignedBy} names the configured witnesses whose cosignature verifies, {@code witnessed} says whether
     * that is at least the required k of them.
     */
    public record CheckpointView(String origin, long treeSize, String rootHash, String signedNote, Instant issuedAt,
                                 List<String> cosignedBy, boolean witnessed) {
    }

    /** A previously trusted checkpoint checked against this log (issue 14): consistent or not, and why. */
    public record TrustedCheckpointCheck(long trustedTreeSize, long treeSize, boolean consistent, String reason,
                                         List<String> proof, CheckpointView checkpoint) {
    }

    public record InclusionProof(long leafIndex, long treeSize, String leafHash, List<String> proof, CheckpointView checkpoint) {
    }

    public record ConsistencyProof(long from, long to, List<String> proof, CheckpointView fromCheckpoint, CheckpointView toCheckpoint) {
    }

    public record DisclosureReportView(UUID subjectId, List<Disclosure> disclosures) {
    }

    private final AuditSearch search;
    private final AuditReads reads;
    private final LogStore store;
    private final CheckpointNotes notes;
    private final Sequencer sequencer;
    private final CheckpointSigner signer;
    private final ExportWriter exports;
    private final DisclosureReport disclosures;
    private final SearchProperties searchProperties;
    private final ScanGate scans;
    private final LogIntegrity integrity;
    private final se.samverkan.audit.witness.WitnessCosignatures cosignatures;
    private final se.samverkan.audit.witness.WitnessRole witnesses;
    private final LegalBasisCriterion legalBases;

    public ComplianceController(AuditSearch search, AuditReads reads, LogStore store, CheckpointNotes notes, Sequencer sequencer,
                                CheckpointSigner signer, ExportWriter exports, DisclosureReport disclosures,
                                SearchProperties searchProperties, ScanGate scans, LogIntegrity integrity,
                                se.samverkan.audit.witness.WitnessCosignatures cosignatures, se.samverkan.audit.witness.WitnessRole witnesses,
                                LegalBasisCriterion legalBases) {
        this.legalBases = legalBases;
        this.cosignatures = cosignatures;
        this.witnesses = witnesses;
        this.searchProperties = searchProperties;
        this.scans = scans;
        this.integrity = integrity;
        this.search = search;
        this.reads = reads;
        this.store = store;
        this.notes = notes;
        this.sequencer = sequencer;
        this.signer = signer;
        this.exports = exports;
        this.disclosures = disclosures;
    }

    @Operation(summary = "Search the audit log (compliance officers); the search itself is logged")
    @GetMapping("/entries")
    public EntryPage entries(@AuthenticationPrincipal Actor officer,
                             @RequestParam(required = false) UUID caseId,
                             @RequestParam(required = false) UUID subjectId,
                             @RequestParam(required = false) String actorId,
                             @RequestParam(required = false) String type,
                             @RequestParam(required = false) String action,
                             @RequestParam(required = false) String legalBasis,
                             @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                             @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
                             @RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
                             @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size,
                             @RequestParam(required = false) @Min(-1) Long afterLeaf) {
        // before anything is read or logged: the criteria go into the log's own entry for good
        SearchCriteria.check(actorId, type, action, legalBasis);
        checkTimeRange(from, to);
        if (afterLeaf != null && page > 0) {
            throw ClientProblem.badRequest("paging-conflict", "Use either page or afterLeaf, not both: afterLeaf (the "
                    + "nextAfterLeaf of the previous answer) continues a listing, page counts from the start");
        }
        MunicipalityScope scope = MunicipalityScope.of(officer);
        EntryQuery query = new EntryQuery(caseId, subjectId, actorId, type, action, legalBasis, from, to);
        AuditSearch.SearchResult found = scans.scan(() -> search.search(query, scope, afterLeaf, page, size, searchProperties.scanLimit()));
        Map<String, Object> criteria = criteria(query, page, size);
        criteria.put("afterLeaf", afterLeaf);
        criteria.put("municipality", scope.municipality());
        reads.record(officer, "search", criteria, found.items().size(), caseId);
        return new EntryPage(found.items(), page, size, found.hasMore(), found.nextAfterLeaf(), scope.municipality(),
                found.scannedFromLeaf(), found.scannedToLeaf(), found.unreadableLeaves(), integrity.verdict());
    }

    @Operation(summary = "Export entries as JSON Lines with inclusion proofs against a fresh signed checkpoint")
    @GetMapping(value = "/export", produces = "application/x-ndjson")
    public ResponseEntity<StreamingResponseBody> export(@AuthenticationPrincipal Actor officer,
                                                        @RequestParam(required = false) UUID caseId,
                                                        @RequestParam(required = false) UUID subjectId,
                                                        @RequestParam(required = false) String actorId,
                                                        @RequestParam(required = false) String type,
                                                        @RequestParam(required = false) String action,
                                                        @RequestParam(required = false) String legalBasis,
                                                        @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                                                        @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
                                                        @RequestParam(defaultValue = "0") @Min(0) long fromLeaf,
                                                        @RequestParam(required = false) @Min(0) Long toLeaf,
                                                        @RequestParam(required = false) @Min(0) Long trustedSize) {
        SearchCriteria.check(actorId, type, action, legalBasis);
        checkTimeRange(from, to);
        if (toLeaf != null && toLeaf < fromLeaf) {
            throw ClientProblem.badRequest("bad-range", "toLeaf (" + toLeaf + ") must not be smaller than fromLeaf (" + fromLeaf + ")");
        }
        MunicipalityScope scope = MunicipalityScope.of(officer);
        Runnable done = exports.admit(officer.userId());
        try {
            EntryQuery query = new EntryQuery(caseId, subjectId, actorId, type, action, legalBasis, from, to);
            Map<String, Object> criteria = criteria(query, null, null);
            criteria.put("municipality", scope.municipality());
            criteria.put("fromLeaf", fromLeaf);
            criteria.put("toLeaf", toLeaf);
            criteria.put("trustedSize", trustedSize);
            // log the export first, then sign a checkpoint that covers it: the export proves its own audit entry
            reads.record(officer, "export", criteria, -1, caseId);
            StoredCheckpoint checkpoint = sequencer.checkpointNow();
            long end = toLeaf == null ? checkpoint.treeSize() : Math.min(toLeaf, checkpoint.treeSize());
            if (fromLeaf > end) {
                throw ClientProblem.badRequest("bad-range", "fromLeaf " + fromLeaf + " is past the end of the log (" + end + " entries)");
            }
            if (trustedSize != null && trustedSize > checkpoint.treeSize()) {
                throw ClientProblem.badRequest("bad-trusted-size", "trustedSize " + trustedSize + " is larger than the log ("
                        + checkpoint.treeSize() + " entries): the checkpoint you trust is not of this log, or the log was cut off");
            }
            ExportWriter.Anchors anchors = anchors(checkpoint, trustedSize);
            StreamingResponseBody body = out -> {
                try {
                    exports.write(query, scope, fromLeaf, end, checkpoint, anchors, out);
                } finally {
                    done.run();
                }
            };
            return ResponseEntity.ok()
                    .header("Content-Disposition", "attachment; filename=\"audit-export-" + checkpoint.treeSize() + ".jsonl\"")
                    .contentType(MediaType.parseMediaType("application/x-ndjson"))
                    .body(body);
        } catch (RuntimeException notStarted) {
            done.run();
            throw notStarted;
        }
    }

    @Operation(summary = "Inclusion proof of one entry against a checkpoint (latest unless treeSize is given)")
    @GetMapping("/entries/{leafIndex}/inclusion-proof")
    public InclusionProof inclusionProof(@AuthenticationPrincipal Actor officer, @PathVariable @Min(0) long leafIndex,
                                         @RequestParam(required = false) Long treeSize) {
        StoredCheckpoint checkpoint = checkpointFor(treeSize);
        if (leafIndex >= checkpoint.treeSize()) {
            throw ClientProblem.notFound("Entry " + leafIndex + " in the checkpoint of size " + checkpoint.treeSize()
                    + " (newer entries are covered by the next checkpoint)");
        }
        // the leaf and every node of its path in one round trip, not one per level
        List<MerkleProofs.NodeId> needed = new java.util.ArrayList<>(MerkleProofs.inclusionNodes(leafIndex, checkpoint.treeSize()));
        needed.add(new MerkleProofs.NodeId(0, leafIndex));
        HashSource nodes = store.fetching(needed);
        List<String> proof = new MerkleProofs(nodes).inclusion(leafIndex, checkpoint.treeSize()).stream().map(ComplianceController::b64).toList();
        reads.record(officer, "inclusion-proof", Map.of("leafIndex", leafIndex, "treeSize", checkpoint.treeSize()), 1, null);
        return new InclusionProof(leafIndex, checkpoint.treeSize(), b64(nodes.node(0, leafIndex)), proof, view(checkpoint));
    }

    @Operation(summary = "Consistency proof between two checkpoints: the older log is a prefix of the newer")
    @GetMapping("/consistency-proof")
    public ConsistencyProof consistencyProof(@RequestParam @Min(1) long from, @RequestParam(required = false) Long to) {
        StoredCheckpoint newer = checkpointFor(to);
        StoredCheckpoint older = checkpointFor(from);
        if (older.treeSize() > newer.treeSize()) {
            throw ClientProblem.badRequest("bad-range", "from (" + from + ") must not be larger than to (" + newer.treeSize() + ")");
        }
        List<String> proof = new MerkleProofs(store).consistency(older.treeSize(), newer.treeSize()).stream()
                .map(ComplianceController::b64).toList();
        return new ConsistencyProof(older.treeSize(), newer.treeSize(), proof, view(older), view(newer));
    }

    @Operation(summary = "The latest signed checkpoint")
    @GetMapping("/checkpoints/latest")
    public CheckpointView latestCheckpoint() {
        return view(notes.latestSigned(store).orElseGet(sequencer::checkpointNow));
    }

    @Operation(summary = "The latest checkpoint that k of the n configured witnesses cosigned (issue 14)")
    @GetMapping("/checkpoints/witnessed")
    public CheckpointView witnessedCheckpoint() {
        // only checkpoints this log signed: a row at a size it did not sign is never a witnessed checkpoint
        for (StoredCheckpoint cosigned : cosignatures.latestCosigned(Long.MAX_VALUE).reversed()) {
            CheckpointView view = view(cosigned);
            if (view.witnessed()) {
                return view;
            }
        }
        throw ClientProblem.notFound("A checkpoint cosigned by " + witnesses.requiredCosignatures() + " of the "
                + witnesses.witnessKeys().size() + " configured witnesses (none yet)");
    }

    @Operation(summary = "Check a previously trusted checkpoint (a signed note) against this log: the latest checkpoint must extend it")
    @org.springframework.web.bind.annotation.PostMapping(value = "/checkpoints/trusted", consumes = MediaType.TEXT_PLAIN_VALUE)
    public TrustedCheckpointCheck checkTrusted(@AuthenticationPrincipal Actor officer,
                                               @org.springframework.web.bind.annotation.RequestBody String note) {
        se.samverkan.audit.tlog.Checkpoint trusted;
        try {
            trusted = se.samverkan.audit.tlog.Checkpoint.parse(se.samverkan.audit.tlog.SignedNote.open(
                    note.endsWith("\n") ? note : note + "\n", se.samverkan.audit.tlog.NoteKeys.parseVerifier(signer.verifierKey())));
        } catch (RuntimeException e) {
            throw ClientProblem.badRequest("not-a-checkpoint-of-this-log", "The body must be a checkpoint signed with this "
                    + "log's key (GET /api/audit/public-key): " + e.getMessage());
        }
        StoredCheckpoint latest = notes.latestSigned(store).orElseGet(sequencer::checkpointNow);
        reads.record(officer, "trusted-checkpoint-check", Map.of("trustedTreeSize", trusted.treeSize()), 1, null);
        String reason = null;
        List<String> proof = List.of();
        if (!trusted.origin().equals(signer.origin())) {
            reason = "the trusted checkpoint is of another log (" + trusted.origin() + ")";
        } else if (trusted.treeSize() > latest.treeSize()) {
            reason = "ROLLBACK: this log (" + latest.treeSize() + " entries) is smaller than the trusted checkpoint ("
                    + trusted.treeSize() + "): entries were cut off";
        } else {
            List<byte[]> hashes = new MerkleProofs(store).consistency(trusted.treeSize(), latest.treeSize());
            proof = hashes.stream().map(ComplianceController::b64).toList();
            if (!se.samverkan.audit.tlog.ProofVerifier.verifyConsistency(trusted.treeSize(), latest.treeSize(),
                    trusted.rootHash(), latest.rootHash(), hashes)) {
                reason = trusted.treeSize() == latest.treeSize()
                        ? "FORK: the same tree size as the trusted checkpoint with another root"
                        : "INCONSISTENT: this log's history before tree size " + trusted.treeSize() + " differs from the trusted checkpoint's";
            }
        }
        return new TrustedCheckpointCheck(trusted.treeSize(), latest.treeSize(), reason == null, reason, proof, view(latest));
    }

    @Operation(summary = "A signed checkpoint by tree size")
    @GetMapping("/checkpoints/{treeSize}")
    public CheckpointView checkpoint(@PathVariable long treeSize) {
        return view(checkpointFor(treeSize));
    }

    @Operation(summary = "The checkpoint verifier key in C2SP note format (public)")
    @GetMapping(value = "/public-key", produces = MediaType.TEXT_PLAIN_VALUE)
    public String publicKey() {
        return signer.verifierKey() + "\n";
    }

    @Operation(summary = "Every disclosure of a subject's data outside social services")
    @GetMapping("/subjects/{subjectId}/disclosures")
    public DisclosureReportView disclosures(@AuthenticationPrincipal Actor officer, @PathVariable UUID subjectId) {
        MunicipalityScope scope = MunicipalityScope.of(officer);
        List<Disclosure> found = scans.scan(() -> disclosures.forSubject(subjectId, scope));
        reads.record(officer, "disclosure-report", Map.of("subjectId", subjectId, "municipality", scope.municipality()),
                found.size(), null);
        return new DisclosureReportView(subjectId, found);
    }

    private static void checkTimeRange(Instant from, Instant to) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw ClientProblem.badRequest("bad-range", "from (" + from + ") must be before to (" + to + "); to is exclusive");
        }
    }

    private StoredCheckpoint checkpointFor(Long treeSize) {
        if (treeSize == null) {
            return notes.latestSigned(store).orElseGet(sequencer::checkpointNow);
        }
        // a row this log did not sign is no checkpoint of it (the runtime role may INSERT rows), and is reported
        return notes.signedAt(store, treeSize).orElseThrow(() -> ClientProblem.notFound(
                "A checkpoint of tree size " + treeSize + " (see /api/audit/checkpoints/latest for the newest)"));
    }

    private CheckpointView view(StoredCheckpoint c) {
        String origin = c.signedNote().substring(0, c.signedNote().indexOf('\n'));
        String note = c.signedNote() + String.join("", cosignatures.lines(c));
        List<String> cosignedBy = witnesses.cosignedBy(note);
        boolean witnessed = !witnesses.witnessKeys().isEmpty() && cosignedBy.size() >= witnesses.requiredCosignatures();
        return new CheckpointView(origin, c.treeSize(), b64(c.rootHash()), note, c.issuedAt(), cosignedBy, witnessed);
    }

    /**
     * What the export carries for the verifier's anchors: for each witness, the latest checkpoint up to this one it
     * cosigned (with every collected cosignature of that size), and consistency proofs from those sizes and from
     * {@code trustedSize} to the export's checkpoint.
     */
    private ExportWriter.Anchors anchors(StoredCheckpoint checkpoint, Long trustedSize) {
        List<String> witnessed = new java.util.ArrayList<>();
        java.util.Set<Long> proofsFrom = new java.util.TreeSet<>();
        // each a checkpoint this log signed (CheckpointNotes#signedAt): a row it did not sign is never an anchor
        for (StoredCheckpoint cosigned : cosignatures.latestCosigned(checkpoint.treeSize())) {
            witnessed.add(cosigned.signedNote() + String.join("", cosignatures.lines(cosigned)));
            proofsFrom.add(cosigned.treeSize());
        }
        if (trustedSize != null) {
            proofsFrom.add(trustedSize);
        }
        proofsFrom.removeIf(size -> size == 0 || size >= checkpoint.treeSize());
        return new ExportWriter.Anchors(witnessed, List.copyOf(proofsFrom));
    }

    /** The criteria as the read's entry records them: {@code legalBasis} as {@link LegalBasisCriterion} says. */
    private Map<String, Object> criteria(EntryQuery q, Integer page, Integer size) {
        Map<String, Object> criteria = new LinkedHashMap<>();
        criteria.put("caseId", q.caseId());
        criteria.put("subjectId", q.subjectId());
        criteria.put("actorId", q.actorId());
        criteria.put("type", q.type());
        criteria.put("action", q.action());
        legalBases.putInto(criteria, q.legalBasis());
        criteria.put("from", q.from());
        criteria.put("to", q.to());
        criteria.put("page", page);
        criteria.put("size", size);
        return criteria;
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
