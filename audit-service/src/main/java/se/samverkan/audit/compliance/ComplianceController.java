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
import se.samverkan.audit.log.CheckpointSigner;
import se.samverkan.audit.log.LogIntegrity;
import se.samverkan.audit.log.LogStore;
import se.samverkan.audit.log.Sequencer;
import se.samverkan.audit.log.StoredCheckpoint;
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

    public record CheckpointView(String origin, long treeSize, String rootHash, String signedNote, Instant issuedAt) {
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
    private final Sequencer sequencer;
    private final CheckpointSigner signer;
    private final ExportWriter exports;
    private final DisclosureReport disclosures;
    private final SearchProperties searchProperties;
    private final LogIntegrity integrity;

    public ComplianceController(AuditSearch search, AuditReads reads, LogStore store, Sequencer sequencer,
                                CheckpointSigner signer, ExportWriter exports, DisclosureReport disclosures,
                                SearchProperties searchProperties, LogIntegrity integrity) {
        this.searchProperties = searchProperties;
        this.integrity = integrity;
        this.search = search;
        this.reads = reads;
        this.store = store;
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
        checkTimeRange(from, to);
        if (afterLeaf != null && page > 0) {
            throw ClientProblem.badRequest("paging-conflict", "Use either page or afterLeaf, not both: afterLeaf (the "
                    + "nextAfterLeaf of the previous answer) continues a listing, page counts from the start");
        }
        MunicipalityScope scope = MunicipalityScope.of(officer);
        EntryQuery query = new EntryQuery(caseId, subjectId, actorId, type, action, legalBasis, from, to);
        AuditSearch.SearchResult found = search.search(query, scope, afterLeaf, page, size, searchProperties.scanLimit());
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
                                                        @RequestParam(required = false) @Min(0) Long toLeaf) {
        checkTimeRange(from, to);
        if (toLeaf != null && toLeaf < fromLeaf) {
            throw ClientProblem.badRequest("bad-range", "toLeaf (" + toLeaf + ") must not be smaller than fromLeaf (" + fromLeaf + ")");
        }
        MunicipalityScope scope = MunicipalityScope.of(officer);
        EntryQuery query = new EntryQuery(caseId, subjectId, actorId, type, action, legalBasis, from, to);
        Map<String, Object> criteria = criteria(query, null, null);
        criteria.put("municipality", scope.municipality());
        criteria.put("fromLeaf", fromLeaf);
        criteria.put("toLeaf", toLeaf);
        // log the export first, then sign a checkpoint that covers it: the export proves its own audit entry
        reads.record(officer, "export", criteria, -1, caseId);
        StoredCheckpoint checkpoint = sequencer.checkpointNow();
        long end = toLeaf == null ? checkpoint.treeSize() : Math.min(toLeaf, checkpoint.treeSize());
        if (fromLeaf > end) {
            throw ClientProblem.badRequest("bad-range", "fromLeaf " + fromLeaf + " is past the end of the log (" + end + " entries)");
        }
        StreamingResponseBody body = out -> exports.write(query, scope, fromLeaf, end, checkpoint, out);
        return ResponseEntity.ok()
                .header("Content-Disposition", "attachment; filename=\"audit-export-" + checkpoint.treeSize() + ".jsonl\"")
                .contentType(MediaType.parseMediaType("application/x-ndjson"))
                .body(body);
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
        MerkleProofs proofs = new MerkleProofs(store);
        List<String> proof = proofs.inclusion(leafIndex, checkpoint.treeSize()).stream().map(ComplianceController::b64).toList();
        reads.record(officer, "inclusion-proof", Map.of("leafIndex", leafIndex, "treeSize", checkpoint.treeSize()), 1, null);
        return new InclusionProof(leafIndex, checkpoint.treeSize(), b64(store.node(0, leafIndex)), proof, view(checkpoint));
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
        return view(store.latestCheckpoint().orElseGet(sequencer::checkpointNow));
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
        List<Disclosure> found = disclosures.forSubject(subjectId, scope);
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
            return store.latestCheckpoint().orElseGet(sequencer::checkpointNow);
        }
        return store.checkpoint(treeSize).orElseThrow(() -> ClientProblem.notFound(
                "A checkpoint of tree size " + treeSize + " (see /api/audit/checkpoints/latest for the newest)"));
    }

    private static CheckpointView view(StoredCheckpoint c) {
        String origin = c.signedNote().substring(0, c.signedNote().indexOf('\n'));
        return new CheckpointView(origin, c.treeSize(), b64(c.rootHash()), c.signedNote(), c.issuedAt());
    }

    private static Map<String, Object> criteria(EntryQuery q, Integer page, Integer size) {
        Map<String, Object> criteria = new LinkedHashMap<>();
        criteria.put("caseId", q.caseId());
        criteria.put("subjectId", q.subjectId());
        criteria.put("actorId", q.actorId());
        criteria.put("type", q.type());
        criteria.put("action", q.action());
        criteria.put("legalBasis", q.legalBasis());
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
