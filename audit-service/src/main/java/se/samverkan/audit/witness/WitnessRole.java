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
 * <p>As a log, it collects its witnesses' cosignatures of its own checkpoints from their monitoring endpoint, keeps a
 * line only when it verifies with that witness's configured key over a checkpoint this log issued, and raises the same
 * alarm when a witness holds a checkpoint signed with this log's key that this log never issued (the key was used
 * elsewhere: a split view). Only the leader runs either round, as only the leader appends.
 */
@Component
public class WitnessRole implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(WitnessRole.class);

    /** How the last round with one peer or witness ended, for health. */
    public record Status(Instant at, String outcome, Long treeSize) {
    }

    private record PeerLog(WitnessProperties.Peer config, NoteKeys.Verifier key) {
    }

    private record WitnessOfUs(WitnessProperties.Witness config, Cosignatures.Key key) {
    }

    private final WitnessProperties properties;
    private final WitnessStore store;
    private final LogStore logStore;
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

    public WitnessRole(WitnessProperties properties, WitnessStore store, LogStore logStore, Sequencer sequencer,
                       CheckpointSigner signer, EventSigner events, TransactionTemplate transactions, Clock clock, MeterRegistry meters) {
        this.properties = properties;
        this.store = store;
        this.logStore = logStore;
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
        String note = client.latestCheckpoint(peer.config().url());
        Optional<WitnessStore.Cosigned> last = store.latest(origin);
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
        return verdict;
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
        if (issued.isEmpty() || !MessageDigest.isEqual(issued.get().rootHash(), theirs.rootHash())) {
            // signed with this log's key, cosigned by a witness, yet not a checkpoint this log holds: a split view
            alarm(signer.origin(), new WitnessCheck.Verdict(WitnessCheck.Outcome.REFUSED, WitnessCheck.Reason.FORK,
                    witness.key().name() + " cosigned a checkpoint of this log at tree size " + theirs.treeSize()
                            + " that this log does not hold", theirs), note, issued.map(c -> new WitnessCheck.Seen(c.treeSize(), c.rootHash())).orElse(null));
            status.put(name, new Status(clock.instant(), "FOREIGN_CHECKPOINT", theirs.treeSize()));
            return 0;
        }
        store.insertCosignature(theirs.treeSize(), witness.key().encoded(), line);
        status.put(name, new Status(clock.instant(), "COSIGNED", theirs.treeSize()));
        return 1;
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
