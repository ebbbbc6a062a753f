package se.samverkan.audit.witness;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import se.samverkan.audit.log.CheckpointNotes;
import se.samverkan.audit.log.LogStore;
import se.samverkan.audit.log.StoredCheckpoint;
import se.samverkan.audit.tlog.MerkleProofs;
import se.samverkan.platform.problem.ClientProblem;

import java.util.Base64;

/**
 * The public side of witnessing (issue 14), in C2SP's text forms: what a witness pulls from this log, and what this
 * witness cosigned. Public like the verifier key: each answer is sizes, hashes and signatures, nothing about anyone,
 * and a witness of another municipality has no token of this one's. Not logged as reads: a witness polls, and an entry
 * per poll would grow the log it is watching. Only stored checkpoints are served (a request never signs a new one).
 */
@RestController
@RequestMapping("/api/audit/witness")
public class WitnessController {

    private static final String TEXT = MediaType.TEXT_PLAIN_VALUE + ";charset=UTF-8";

    private final LogStore log;
    private final CheckpointNotes notes;
    private final WitnessCosignatures cosignatures;
    private final WitnessState state;
    private final WitnessRole role;

    public WitnessController(LogStore log, CheckpointNotes notes, WitnessCosignatures cosignatures, WitnessState state, WitnessRole role) {
        this.log = log;
        this.notes = notes;
        this.cosignatures = cosignatures;
        this.state = state;
        this.role = role;
    }

    @Operation(summary = "This log's latest signed checkpoint, with the cosignatures collected from its witnesses (public)")
    @GetMapping(value = "/checkpoint", produces = TEXT)
    public String checkpoint() {
        StoredCheckpoint latest = notes.latestSigned(log).orElseThrow(() -> ClientProblem.notFound("A signed checkpoint of this log (none yet)"));
        // only lines that verify: a stored line under a witness's name is not that witness's word until its key says so
        return latest.signedNote() + String.join("", cosignatures.lines(latest));
    }

    @Operation(summary = "Consistency proof of this log between two tree sizes, one base64 hash per line (public)")
    @GetMapping(value = "/consistency-proof", produces = TEXT)
    public String consistencyProof(@RequestParam long from, @RequestParam long to) {
        StoredCheckpoint latest = notes.latestSigned(log).orElseThrow(() -> ClientProblem.notFound("A signed checkpoint of this log (none yet)"));
        if (from < 0 || from > to) {
            throw ClientProblem.badRequest("bad-range", "from (" + from + ") must lie between 0 and to (" + to + ")");
        }
        if (notes.signedAt(log, to).isEmpty()) {
            throw ClientProblem.notFound("A signed checkpoint of tree size " + to + " (the latest is " + latest.treeSize() + ")");
        }
        if (from > latest.treeSize()) {
            throw ClientProblem.badRequest("bad-range", "from (" + from + ") is larger than this log (" + latest.treeSize() + ")");
        }
        StringBuilder out = new StringBuilder();
        for (byte[] hash : new MerkleProofs(log).consistency(from, to)) {
            out.append(Base64.getEncoder().encodeToString(hash)).append('\n');
        }
        return out.toString();
    }

    @Operation(summary = "The latest checkpoint of a log this witness cosigned, with the log's signature and the cosignature (C2SP monitor retrieval, public)")
    @GetMapping(value = "/logs/{originHash}/checkpoint", produces = TEXT)
    public ResponseEntity<String> cosigned(@PathVariable String originHash) {
        if (!originHash.matches("[0-9a-f]{64}")) {
            throw ClientProblem.badRequest("bad-origin-hash", "The origin hash is the lowercase hex SHA-256 of the log's origin line");
        }
        String note;
        try {
            note = state.latestByOriginHash(originHash).map(WitnessStore.Cosigned::cosignedNote)
                    .orElseThrow(() -> ClientProblem.notFound("A checkpoint this witness cosigned of that log"));
        } catch (WitnessState.Untrusted e) {
            // served, the row would read as this witness's word
            return ResponseEntity.status(503).contentType(MediaType.parseMediaType(TEXT))
                    .body("this witness cannot vouch for its recorded state of that log\n");
        }
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(TEXT)).body(note);
    }

    @Operation(summary = "C2SP tlog-witness add-checkpoint: a configured log pushes its checkpoint (old size, consistency proof, "
            + "checkpoint) and gets this witness's cosignature; 404 unknown log, 403 not signed by its key, 409 other old size, 422 bad proof")
    @PostMapping(value = "/add-checkpoint")
    public ResponseEntity<String> addCheckpoint(@RequestBody(required = false) byte[] body) {
        WitnessRole.AddCheckpointAnswer answer = role.addCheckpoint(body == null ? null
                : new String(body, java.nio.charset.StandardCharsets.UTF_8));
        return ResponseEntity.status(answer.status()).contentType(MediaType.parseMediaType(answer.contentType()))
                .body(answer.body());
    }

    @Operation(summary = "This witness's public cosigning key, <name>+<hash>+<base64(0x04 || key)> (public)")
    @GetMapping(value = "/key", produces = TEXT)
    public String key() {
        return role.witnessKey().map(k -> k + "\n").orElseThrow(() -> ClientProblem.notFound("A witness key (this log witnesses no peer)"));
    }
}
