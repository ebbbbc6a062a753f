package se.samverkan.audit.witness;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import se.samverkan.audit.log.AppendResult;
import se.samverkan.audit.log.CheckpointNotes;
import se.samverkan.audit.log.CheckpointSigner;
import se.samverkan.audit.log.Entries;
import se.samverkan.audit.log.LogStore;
import se.samverkan.audit.log.Sequencer;
import se.samverkan.audit.log.StoredCheckpoint;
import se.samverkan.audit.tlog.Checkpoint;
import se.samverkan.audit.tlog.Cosignatures;
import se.samverkan.audit.tlog.NoteKeys;
import se.samverkan.audit.tlog.SignedNote;
import se.samverkan.audit.tlog.WitnessCheck;
import se.samverkan.contracts.signing.EventSigner;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issue 14: this audit log as a witness of the configured peers' logs, and as a log witnessed by others.
 *
 * <p><b>Pull, not push.</b> Every {@code every} (and on demand, {@link #witnessPeers()}) the witness fetches each
 * peer's newest checkpoint and the consistency proof from the last checkpoint it cosigned for that origin, and
 * cosigns only when {@link WitnessCheck} accepts. Pulling means the log's operator cannot avoid the witness by simply
 * not asking: a rewritten log is noticed at the next round whether or not its operator cooperates, and a witness needs
 * no write endpoint that anyone on the network could call. What C2SP's add-checkpoint carries (old size, proof,
 * checkpoint) is fetched instead, with the same checks and the same atomic update of the state.
 *
 * <p>A validly signed checkpoint that contradicts what the witness cosigned (rollback, fork, failed proof) is never
 * cosigned: it is appended to this log as a {@code witness-alarm} entry (the evidence: both sizes and roots and the
 * log's signed note), which raises a WITNESS_ALARM review item, and counted in {@code samverkan.audit.witness.alarms}.
 *
 * <p><b>And push, as C2SP specifies.</b> For logs that push, {@link #addCheckpoint} is the tlog-witness add-checkpoint
 * endpoint, with the same checks, the same atomic update and the same alarm; as a log, {@link #pushToWitnesses} pushes
 * each new checkpoint to its witnesses. Pulling stays: a log that stops pushing is still watched.
 *
 * <p>As a log, it collects its witnesses' cosignatures of its own checkpoints from their monitoring endpoint, keeps a
 * line only when it verifies with that witness's configured key over a checkpoint this log issued, and raises the same
 * alarm when a witness holds a checkpoint signed with this log's key that this log never issued (the key was used
 * elsewhere: a split view). Only the leader runs either round, as only the leader appends.
 */
@Component
public class WitnessRole implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(WitnessRole.class);
    /** A peer's outcome while the newest recorded state of its log is not what this witness cosigned ({@link WitnessState}). */
    static final String STATE_UNTRUSTED = "STATE_UNTRUSTED";

    /** How the last round with one peer or witness ended, for health. */
    public record Status(Instant at, String outcome, Long treeSize) {
    }

    private record PeerLog(WitnessProperties.Peer config, NoteKeys.Verifier key) {
    }

    private record WitnessOfUs(WitnessProperties.Witness config, Cosignatures.Key key) {
    }

    private final WitnessProperties properties;
    private final WitnessStore store;
    private final WitnessState state;
    private final WitnessCosignatures cosignatures;
    private final LogStore logStore;
    private final CheckpointNotes notes;
    private final Sequencer sequencer;
    private final CheckpointSigner signer;
    private final EventSigner events;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final MeterRegistry meters;
    private final WitnessClient client;
    private final Cosignatures.Cosigner cosigner;
    private final List<PeerLog> peers = new ArrayList<>();
    private final List<WitnessOfUs> witnesses = new ArrayList<>();
    private final Map<String, Status> status = new ConcurrentHashMap<>();
    /** The size each witness of this log last cosigned, as far as this instance learnt it (0 until then). */
    private final Map<String, Long> witnessSizes = new ConcurrentHashMap<>();

    public WitnessRole(WitnessProperties properties, WitnessStore store, WitnessState state, WitnessCosignatures cosignatures,
                       LogStore logStore, CheckpointNotes notes, Sequencer sequencer, CheckpointSigner signer, EventSigner events,
                       TransactionTemplate transactions, Clock clock, MeterRegistry meters) {
        this.properties = properties;
        this.store = store;
        this.state = state;
        this.cosignatures = cosignatures;
        this.logStore = logStore;
        this.notes = notes;
        this.sequencer = sequencer;
        this.signer = signer;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
        this.meters = meters;
        this.client = new WitnessClient(properties.timeout());
        this.cosigner = properties.key() == null || properties.key().isBlank() ? null : cosigner(properties.key(), signer);
        if (cosigner == null && !properties.peers().isEmpty()) {
            throw new IllegalStateException("samverkan.audit.witness.key (SAMVERKAN_AUDIT_WITNESS_KEY) is required to witness peers");
        }
        for (WitnessProperties.Peer peer : properties.peers()) {
            NoteKeys.Verifier key;
            try {
                key = NoteKeys.parseVerifier(peer.key());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("samverkan.audit.witness.peers: the key of " + peer.origin()
                        + " is not a checkpoint verifier key: " + e.getMessage());
            }
            if (peer.origin().equals(signer.origin())) {
                throw new IllegalStateException("samverkan.audit.witness.peers: a log does not witness itself (" + peer.origin() + ")");
            }
            peers.add(new PeerLog(peer, key));
        }
        for (WitnessProperties.Witness witness : properties.witnesses()) {
            try {
                witnesses.add(new WitnessOfUs(witness, Cosignatures.parseKey(witness.key())));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("samverkan.audit.witness.witnesses: " + witness.url() + " has no valid witness key: "
                        + e.getMessage());
            }
        }
    }

    private static Cosignatures.Cosigner cosigner(String text, CheckpointSigner signer) {
        Cosignatures.Cosigner cosigner;
        try {
            cosigner = Cosignatures.parseCosigner(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("samverkan.audit.witness.key is not a witness cosigning key: " + e.getMessage()
                    .replace(text, "<key>"));
        }
        // one key per role: whoever holds the log's key must not also be able to vouch for other logs, and the other way round
        if (MessageDigest.isEqual(NoteKeys.parseVerifier(signer.verifierKey()).rawPublicKey(), cosigner.key().rawPublicKey())) {
            throw new IllegalStateException("samverkan.audit.witness.key must be a key of its own, not the checkpoint signing key");
        }
        return cosigner;
    }

    /** This witness's public key in the form logs and verifiers configure, or empty when it witnesses nobody. */
    public Optional<String> witnessKey() {
        return Optional.ofNullable(cosigner).map(c -> c.key().encoded());
    }

    @Scheduled(fixedDelayString = "${samverkan.audit.witness.every:30s}", initialDelayString = "${samverkan.audit.witness.every:30s}")
    public void scheduled() {
        if (!sequencer.isLeader()) {
            return;
        }
        witnessPeers();
        pushToWitnesses();
        collectCosignatures();
    }

    /** One round over every peer; returns each peer's outcome. */
    public synchronized Map<String, WitnessCheck.Verdict> witnessPeers() {
        Map<String, WitnessCheck.Verdict> verdicts = new LinkedHashMap<>();
        for (PeerLog peer : peers) {
            String origin = peer.config().origin();
            try {
                WitnessCheck.Verdict verdict = witness(peer);
                verdicts.put(origin, verdict);
                status.put("peer " + origin, new Status(clock.instant(), verdict.outcome() + (verdict.reason() == null ? ""
                        : " " + verdict.reason()), verdict.checkpoint() == null ? null : verdict.checkpoint().treeSize()));
            } catch (WitnessState.Untrusted e) {
                // logged and counted where it was found
                status.put("peer " + origin, new Status(clock.instant(), STATE_UNTRUSTED, null));
            } catch (WitnessClient.Unavailable e) {
                if (e.status == 404) {
                    // a log that has signed no checkpoint yet (an empty log) has nothing to witness
                    status.put("peer " + origin, new Status(clock.instant(), "NO_CHECKPOINT_YET", null));
                } else {
                    log.warn("Witnessing {} failed, will retry: {}", origin, e.getMessage());
                    status.put("peer " + origin, new Status(clock.instant(), "UNREACHABLE " + e.status, null));
                }
            } catch (RuntimeException e) {
                log.warn("Witnessing {} failed, will retry: {}", origin, e.getMessage());
                status.put("peer " + origin, new Status(clock.instant(), "UNREACHABLE " + e.getClass().getSimpleName(), null));
            }
        }
        return verdicts;
    }

    private WitnessCheck.Verdict witness(PeerLog peer) {
        String origin = peer.config().origin();
        Optional<WitnessStore.Cosigned> last = state.latest(origin);
        String note = client.latestCheckpoint(peer.config().url());
        WitnessCheck.Seen seen = last.map(WitnessStore.Cosigned::seen).orElse(null);
        WitnessCheck.Verdict verdict = WitnessCheck.check(origin, peer.key(), seen, note, from -> {
            Checkpoint c = Checkpoint.parse(SignedNote.open(note, peer.key()));
            try {
                return client.consistencyProof(peer.config().url(), from, c.treeSize());
            } catch (IllegalArgumentException e) {
                return List.of(); // an unreadable proof is no proof: the check fails it
            } catch (WitnessClient.Unavailable e) {
                if (e.status >= 400 && e.status < 500) {
                    // an honest log can always prove its signed tree extends one it signed before; refusing to is no proof
                    return List.of();
                }
                throw e;
            }
        });
        settle(peer, note, seen, verdict);
        return verdict;
    }

    /**
     * Acts on a verdict, pulled or pushed alike: cosigns and records a consistent checkpoint (atomically against the
     * state the verdict was reached on), raises the alarm for evidence of a rewritten log. Returns the cosignature line
     * when this call recorded it; empty when nothing was cosigned or another round got there first.
     */
    private Optional<String> settle(PeerLog peer, String note, WitnessCheck.Seen seen, WitnessCheck.Verdict verdict) {
        String origin = peer.config().origin();
        switch (verdict.outcome()) {
            case COSIGN -> {
                Checkpoint checkpoint = verdict.checkpoint();
                String signedNote = logSignatureOnly(note, peer.key());
                Instant now = clock.instant();
                String line = Cosignatures.cosign(checkpoint.body(), cosigner, Math.max(1, now.getEpochSecond()));
                UUID eventId = UUID.nameUUIDFromBytes(("cosigned/" + origin + "/" + checkpoint.treeSize() + "/"
                        + checkpoint.rootHashBase64()).getBytes(StandardCharsets.UTF_8));
                boolean stored = Boolean.TRUE.equals(transactions.execute(tx ->
                        store.insertIfStill(seen, checkpoint, signedNote, line, eventId, now)));
                if (stored) {
                    log.info("Cosigned {} at tree size {} ({})", origin, checkpoint.treeSize(), verdict.detail());
                    return Optional.of(line);
                }
            }
            case REFUSED -> {
                if (verdict.alarm()) {
                    alarm(origin, verdict, note, seen);
                } else {
                    Counter.builder("samverkan.audit.witness.refusals").description("checkpoints a witness refused without evidence of misbehaviour")
                            .tag("origin", origin).tag("reason", verdict.reason().name()).register(meters).increment();
                    log.warn("Refused to cosign {}: {} ({})", origin, verdict.reason(), verdict.detail());
                }
            }
            case UNCHANGED -> {
            }
        }
        return Optional.empty();
    }

    /** The answer to a C2SP add-checkpoint request: the HTTP status, its content type and body. */
    public record AddCheckpointAnswer(int status, String contentType, String body) {

        static AddCheckpointAnswer of(int status, String text) {
            return new AddCheckpointAnswer(status, "text/plain; charset=utf-8", text.endsWith("\n") ? text : text + "\n");
        }
    }

    /**
     * C2SP tlog-witness add-checkpoint: a configured log pushes its checkpoint with the size of the last one this
     * witness cosigned for it and the consistency proof from there. The only authentication the protocol has is the
     * checkpoint's signature, and it is enough: an origin not configured as a peer is 404, a note without a valid
     * signature of that peer's configured key 403, so only the configured logs can make this witness do anything.
     * The checks and the atomic update are the pull round's ({@link WitnessCheck}, {@link WitnessStore#insertIfStill});
     * an old size other than the one recorded is 409 with that size ({@code text/x.tlog.size}); a proof that does not
     * verify, or another root at the same size, is 422 and, being signed by the log, an alarm like a pulled one.
     */
    public synchronized AddCheckpointAnswer addCheckpoint(String request) {
        if (cosigner == null) {
            return AddCheckpointAnswer.of(404, "this log witnesses no peer");
        }
        if (request == null || request.length() > 64 * 1024) {
            return AddCheckpointAnswer.of(400, "the request is empty or larger than 64 KiB");
        }
        int blank = request.indexOf("\n\n");
        if (!request.startsWith("old ") || blank < 0) {
            return AddCheckpointAnswer.of(400, "the body is an old size line, the proof lines, an empty line and the checkpoint");
        }
        String[] head = request.substring(0, blank).split("\n", -1);
        long old;
        try {
            String size = head[0].substring(4);
            if (!size.matches("0|[1-9][0-9]{0,18}")) {
                throw new NumberFormatException(size);
            }
            old = Long.parseLong(size);
        } catch (NumberFormatException e) {
            return AddCheckpointAnswer.of(400, "the old size is a decimal number without leading zeroes");
        }
        if (head.length - 1 > 63) {
            return AddCheckpointAnswer.of(400, "at most 63 consistency proof lines");
        }
        List<byte[]> proof = new ArrayList<>();
        for (int i = 1; i < head.length; i++) {
            byte[] hash;
            try {
                hash = Base64.getDecoder().decode(head[i]);
            } catch (IllegalArgumentException e) {
                hash = new byte[0];
            }
            if (hash.length != 32) {
                return AddCheckpointAnswer.of(400, "proof line " + i + " is not a base64 SHA-256 hash");
            }
            proof.add(hash);
        }
        String note = request.substring(blank + 2);
        String origin = note.lines().findFirst().orElse("");
        PeerLog peer = peers.stream().filter(p -> p.config().origin().equals(origin)).findFirst().orElse(null);
        if (peer == null) {
            return AddCheckpointAnswer.of(404, "this witness does not witness the log " + (origin.length() > 100 ? "" : origin));
        }
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.parse(SignedNote.open(note, peer.key()));
        } catch (SignedNote.NoteException e) {
            return AddCheckpointAnswer.of(403, "no valid signature of the key this witness trusts for " + origin);
        } catch (RuntimeException e) {
            return AddCheckpointAnswer.of(400, "not a checkpoint: " + e.getMessage());
        }
        if (old > checkpoint.treeSize()) {
            return AddCheckpointAnswer.of(400, "the old size " + old + " is larger than the checkpoint's " + checkpoint.treeSize());
        }
        Optional<WitnessStore.Cosigned> last;
        try {
            last = state.latest(origin);
        } catch (WitnessState.Untrusted e) {
            return stateUntrusted(origin);
        }
        WitnessCheck.Seen seen = last.map(WitnessStore.Cosigned::seen).orElse(null);
        long recorded = seen == null ? 0 : seen.treeSize();
        if (old != recorded) {
            return new AddCheckpointAnswer(409, "text/x.tlog.size", recorded + "\n");
        }
        if (old == 0 && !proof.isEmpty()) {
            return AddCheckpointAnswer.of(422, "from the old size 0 the consistency proof is empty");
        }
        WitnessCheck.Verdict verdict = WitnessCheck.check(origin, peer.key(), seen, note, from -> proof);
        status.put("peer " + origin, new Status(clock.instant(), "PUSHED " + verdict.outcome() + (verdict.reason() == null ? ""
                : " " + verdict.reason()), checkpoint.treeSize()));
        return switch (verdict.outcome()) {
            case COSIGN -> settle(peer, note, seen, verdict).map(line -> new AddCheckpointAnswer(200, "text/plain; charset=utf-8", line))
                    // another round recorded a checkpoint in the meantime: the client asks again with that size
                    .orElseGet(() -> recordedSize(origin));
            // the same checkpoint again: cosigned afresh (nothing to record, it is the recorded one)
            case UNCHANGED -> new AddCheckpointAnswer(200, "text/plain; charset=utf-8",
                    Cosignatures.cosign(checkpoint.body(), cosigner, Math.max(1, clock.instant().getEpochSecond())));
            case REFUSED -> {
                settle(peer, note, seen, verdict);
                yield switch (verdict.reason()) {
                    case BAD_SIGNATURE, WRONG_ORIGIN -> AddCheckpointAnswer.of(403, verdict.detail());
                    case ROLLBACK -> new AddCheckpointAnswer(409, "text/x.tlog.size", recorded + "\n");
                    case MALFORMED, FORK, INCONSISTENT -> AddCheckpointAnswer.of(422, verdict.reason() + ": " + verdict.detail());
                };
            }
        };
    }

    private AddCheckpointAnswer recordedSize(String origin) {
        try {
            return new AddCheckpointAnswer(409, "text/x.tlog.size", state.latest(origin).map(c -> c.treeSize()).orElse(0L) + "\n");
        } catch (WitnessState.Untrusted e) {
            return stateUntrusted(origin);
        }
    }

    /**
     * C2SP names no answer for a witness that cannot vouch for its own state; a 5xx is what a log's client retries
     * later, and no size is named, since the recorded one is not this witness's word.
     */
    private AddCheckpointAnswer stateUntrusted(String origin) {
        status.put("peer " + origin, new Status(clock.instant(), "PUSHED " + STATE_UNTRUSTED, null));
        return AddCheckpointAnswer.of(503, "this witness cannot vouch for its recorded state of this log, so it cosigns none "
                + "of its checkpoints until its operator has looked into it");
    }

    /**
     * The log's side of add-checkpoint: pushes this log's newest checkpoint to each witness with the size it last
     * cosigned (learnt from a 409, or from the cosignature collected) and the consistency proof from there, and keeps
     * each returned line that verifies with that witness's configured key. Witnesses that only pull simply answer 404
     * (no such endpoint) and are left to the collection round.
     */
    public synchronized int pushToWitnesses() {
        Optional<StoredCheckpoint> latest = notes.latestSigned(logStore);
        if (latest.isEmpty() || !properties.push()) {
            return 0;
        }
        StoredCheckpoint checkpoint = latest.get();
        int added = 0;
        for (WitnessOfUs witness : witnesses) {
            String name = "witness " + witness.key().name();
            try {
                long old = witnessSizes.getOrDefault(witness.key().encoded(), 0L);
                WitnessClient.Pushed answer = push(witness, old, checkpoint);
                if (answer.status() == 409 && answer.body().strip().matches("[0-9]{1,19}")) {
                    long theirs = Long.parseLong(answer.body().strip());
                    witnessSizes.put(witness.key().encoded(), theirs);
                    if (theirs > checkpoint.treeSize()) {
                        // the witness cosigned a larger tree of this origin than this log holds: a split view
                        status.put(name, new Status(clock.instant(), "PUSH_WITNESS_AHEAD", theirs));
                        continue;
                    }
                    answer = push(witness, theirs, checkpoint);
                }
                if (answer.status() != 200) {
                    status.put(name, new Status(clock.instant(), "PUSH_REFUSED " + answer.status(), checkpoint.treeSize()));
                    continue;
                }
                String body = Checkpoint.parse(SignedNote.open(checkpoint.signedNote(),
                        NoteKeys.parseVerifier(signer.verifierKey()))).body();
                String line = answer.body().lines().map(l -> l + "\n")
                        .filter(l -> Cosignatures.verify(body, l, witness.key()) > 0)
                        .findFirst().orElse(null);
                if (line == null) {
                    status.put(name, new Status(clock.instant(), "PUSH_NO_VALID_COSIGNATURE", checkpoint.treeSize()));
                    continue;
                }
                cosignatures.record(checkpoint.treeSize(), witness.key(), line);
                witnessSizes.put(witness.key().encoded(), checkpoint.treeSize());
                status.put(name, new Status(clock.instant(), "PUSHED_COSIGNED", checkpoint.treeSize()));
                added++;
            } catch (RuntimeException e) {
                log.warn("Pushing to witness {} failed, will retry: {}", witness.config().url(), e.getMessage());
                status.put(name, new Status(clock.instant(), "PUSH_UNREACHABLE " + e.getClass().getSimpleName(), null));
            }
        }
        return added;
    }

    private WitnessClient.Pushed push(WitnessOfUs witness, long old, StoredCheckpoint checkpoint) {
        List<byte[]> proof = old == 0 || old == checkpoint.treeSize() ? List.of()
                : new se.samverkan.audit.tlog.MerkleProofs(logStore).consistency(old, checkpoint.treeSize());
        return client.addCheckpoint(witness.config().url(), old, proof, checkpoint.signedNote());
    }

    /** The note with only the log's own signature lines (other witnesses' lines are theirs to serve). */
    private static String logSignatureOnly(String note, NoteKeys.Verifier key) {
        String body = Cosignatures.body(note);
        StringBuilder out = new StringBuilder(body).append('\n');
        for (String line : Cosignatures.signatureLines(note)) {
            if (line.startsWith("\u2014 " + key.name() + " ")) {
                out.append(line);
            }
        }
        return out.toString();
    }

    private void alarm(String origin, WitnessCheck.Verdict verdict, String note, WitnessCheck.Seen seen) {
        Checkpoint shown = verdict.checkpoint();
        String evidence = origin + "/" + verdict.reason() + "/" + shown.treeSize() + "/" + shown.rootHashBase64();
        UUID id = UUID.nameUUIDFromBytes(("witness-alarm/" + evidence).getBytes(StandardCharsets.UTF_8));
        var data = Entries.object().put("origin", origin).put("reason", verdict.reason().name()).put("detail", verdict.detail())
                .put("treeSize", shown.treeSize()).put("rootHash", shown.rootHashBase64())
                .put("signedNote", note.length() > 4000 ? note.substring(0, 4000) : note);
        if (seen != null) {
            data.put("cosignedTreeSize", seen.treeSize()).put("cosignedRootHash", Base64.getEncoder().encodeToString(seen.rootHash()));
        }
        AppendResult result = sequencer.append(Entries.internal(events, id, Entries.WITNESS_ALARM, origin, clock.instant(), null, null, null, data));
        if (!result.duplicate()) {
            Counter.builder("samverkan.audit.witness.alarms")
                    .description("validly signed checkpoints contradicting one already cosigned: a rewritten, rolled back or forked log")
                    .tag("origin", origin).tag("reason", verdict.reason().name()).register(meters).increment();
            log.error("ALERT: witness refused {}: {} ({}); appended as leaf {}", origin, verdict.reason(), verdict.detail(), result.leafIndex());
        }
    }

    /** Fetches each witness's latest cosignature of this log and keeps it when it verifies over a checkpoint issued here. */
    public synchronized int collectCosignatures() {
        int added = 0;
        for (WitnessOfUs witness : witnesses) {
            String name = "witness " + witness.key().name();
            try {
                Optional<String> cosigned = client.cosignedCheckpoint(witness.config().url(), signer.origin());
                if (cosigned.isEmpty()) {
                    status.put(name, new Status(clock.instant(), "NOT_YET_COSIGNED", null));
                    continue;
                }
                added += keep(witness, cosigned.get());
            } catch (RuntimeException e) {
                log.warn("Collecting cosignatures from {} failed, will retry: {}", witness.config().url(), e.getMessage());
                status.put(name, new Status(clock.instant(), "UNREACHABLE " + e.getClass().getSimpleName(), null));
            }
        }
        return added;
    }

    private int keep(WitnessOfUs witness, String note) {
        String name = "witness " + witness.key().name();
        NoteKeys.Verifier ours = NoteKeys.parseVerifier(signer.verifierKey());
        Checkpoint theirs = Checkpoint.parse(SignedNote.open(note, ours));
        String body = theirs.body();
        String line = Cosignatures.signatureLines(note).stream()
                .filter(l -> Cosignatures.verify(body, l, witness.key()) > 0).findFirst().orElse(null);
        if (line == null) {
            status.put(name, new Status(clock.instant(), "NO_VALID_COSIGNATURE", theirs.treeSize()));
            return 0;
        }
        Optional<StoredCheckpoint> issued = logStore.checkpoint(theirs.treeSize());
        if (issued.isPresent() && !notes.signs(issued.get())) {
            // the runtime role may INSERT a checkpoint row at any size: its root is the inserter's word, not this log's,
            // so it neither makes the witness's checkpoint a fork nor counts as the checkpoint the witness cosigned
            notes.notSigned(issued.get());
            return keepBesideForgedRow(witness, note, theirs);
        }
        if (issued.isEmpty() || !MessageDigest.isEqual(issued.get().rootHash(), theirs.rootHash())) {
            // signed with this log's key, cosigned by a witness, yet not a checkpoint this log holds: a split view
            alarm(signer.origin(), new WitnessCheck.Verdict(WitnessCheck.Outcome.REFUSED, WitnessCheck.Reason.FORK,
                    witness.key().name() + " cosigned a checkpoint of this log at tree size " + theirs.treeSize()
                            + " that this log does not hold", theirs), note, issued.map(c -> new WitnessCheck.Seen(c.treeSize(), c.rootHash())).orElse(null));
            status.put(name, new Status(clock.instant(), "FOREIGN_CHECKPOINT", theirs.treeSize()));
            return 0;
        }
        cosignatures.record(theirs.treeSize(), witness.key(), line);
        status.put(name, new Status(clock.instant(), "COSIGNED", theirs.treeSize()));
        return 1;
    }

    /**
     * A witness cosigned a checkpoint signed with this log's key at a size where only a row this log did not sign is
     * stored. Whether it is a fork is then decided against the latest checkpoint this log did sign: a checkpoint that
     * is a prefix of it (the consistency proof from the stored tree verifies against both roots) is this log's tree, and
     * one that is not is a split view, raised as before. A witness ahead of that checkpoint is looked at again once the
     * log has signed past it. Nothing is kept: there is no checkpoint of this log's at that size to keep it with.
     */
    private int keepBesideForgedRow(WitnessOfUs witness, String note, Checkpoint theirs) {
        String name = "witness " + witness.key().name();
        StoredCheckpoint latest = notes.latestSigned(logStore).orElse(null);
        if (latest != null && latest.treeSize() > theirs.treeSize() && !consistent(theirs, latest)) {
            alarm(signer.origin(), new WitnessCheck.Verdict(WitnessCheck.Outcome.REFUSED, WitnessCheck.Reason.FORK,
                    witness.key().name() + " cosigned a checkpoint of this log at tree size " + theirs.treeSize()
                            + " that is not consistent with this log's checkpoint at tree size " + latest.treeSize(), theirs),
                    note, new WitnessCheck.Seen(latest.treeSize(), latest.rootHash()));
            status.put(name, new Status(clock.instant(), "FOREIGN_CHECKPOINT", theirs.treeSize()));
            return 0;
        }
        status.put(name, new Status(clock.instant(), "FORGED_CHECKPOINT_ROW", theirs.treeSize()));
        return 0;
    }

    /** Whether the witness's checkpoint is a prefix of one this log signed, by a consistency proof from the stored tree. */
    private boolean consistent(Checkpoint theirs, StoredCheckpoint signed) {
        try {
            List<byte[]> proof = new se.samverkan.audit.tlog.MerkleProofs(logStore).consistency(theirs.treeSize(), signed.treeSize());
            return se.samverkan.audit.tlog.ProofVerifier.verifyConsistency(theirs.treeSize(), signed.treeSize(), theirs.rootHash(),
                    signed.rootHash(), proof);
        } catch (IllegalStateException missingNode) {
            // the stored tree cannot prove it either way (the integrity pass names the missing node): no alarm on that
            return true;
        }
    }

    /** The configured witnesses' keys (for exports and the compliance API's k of n). */
    public List<Cosignatures.Key> witnessKeys() {
        return witnesses.stream().map(WitnessOfUs::key).toList();
    }

    public int requiredCosignatures() {
        return properties.requiredCount();
    }

    /** The names of the configured witnesses whose cosignature on this note verifies. */
    public List<String> cosignedBy(String note) {
        var by = Cosignatures.cosignedBy(note, witnessKeys());
        return witnesses.stream().filter(w -> by.contains(w.key().encoded())).map(w -> w.key().name()).toList();
    }

    /** Informative: an unreachable peer is for operators to look into; an alarm is a review item and a counter. */
    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("witnessKey", witnessKey().orElse("none"));
        status.forEach((what, s) -> details.put(what, s.outcome() + (s.treeSize() == null ? "" : " at " + s.treeSize()) + " (" + s.at() + ")"));
        return Health.up().withDetails(details).build();
    }
}
