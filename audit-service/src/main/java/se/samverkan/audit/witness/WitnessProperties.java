package se.samverkan.audit.witness;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Issue 14: this log as a witness of other municipalities' logs, and the witnesses of this log.
 *
 * @param key       this witness's cosigning key, {@code PRIVATE+KEY+<name>+<hash>+<base64(0x04 || seed)>}
 *                  (SAMVERKAN_AUDIT_WITNESS_KEY); a key of its own, never the checkpoint signing key, required as
 *                  soon as a peer is configured and checked like that key at start-up
 * @param peers     the logs this one witnesses: each log's origin, its checkpoint verifier key and its base URL
 *                  (SAMVERKAN_AUDIT_WITNESS_PEERS_0_ORIGIN, _0_KEY, _0_URL, ...)
 * @param witnesses the witnesses of this log: each one's cosigner key (as it gives it out) and base URL, from which
 *                  this log collects their cosignatures of its checkpoints (SAMVERKAN_AUDIT_WITNESS_WITNESSES_0_KEY, _0_URL)
 * @param required  how many of the witnesses must have cosigned a checkpoint for the compliance API to call it witnessed
 *                  (SAMVERKAN_AUDIT_WITNESS_REQUIRED); -1, the default, means all of them
 * @param every     how often each peer is witnessed and each witness's cosignatures collected
 * @param timeout   for each HTTP request to a peer or witness
 * @param push      whether this log also pushes each new checkpoint to its witnesses (C2SP add-checkpoint,
 *                  SAMVERKAN_AUDIT_WITNESS_PUSH); the collection round runs either way
 */
@ConfigurationProperties("samverkan.audit.witness")
public record WitnessProperties(
        String key,
        @DefaultValue List<Peer> peers,
        @DefaultValue List<Witness> witnesses,
        @DefaultValue("-1") int required,
        @DefaultValue("30s") Duration every,
        @DefaultValue("5s") Duration timeout,
        @DefaultValue("true") boolean push) {

    public WitnessProperties {
        if (required > witnesses.size()) {
            throw new IllegalArgumentException("samverkan.audit.witness.required (" + required + ") is more than the "
                    + witnesses.size() + " witnesses configured");
        }
    }

    /** k of the k of n. */
    public int requiredCount() {
        return required < 0 ? witnesses.size() : required;
    }

    public record Peer(String origin, String key, URI url) {

        public Peer {
            if (origin == null || origin.isBlank() || key == null || key.isBlank() || url == null) {
                throw new IllegalArgumentException("samverkan.audit.witness.peers[]: each peer needs its origin, its "
                        + "checkpoint verifier key and its base URL");
            }
        }
    }

    public record Witness(String key, URI url) {

        public Witness {
            if (key == null || key.isBlank() || url == null) {
                throw new IllegalArgumentException("samverkan.audit.witness.witnesses[]: each witness needs its cosigner "
                        + "key and its base URL");
            }
        }
    }
}
