package se.samverkan.audit.verify;

import se.samverkan.audit.tlog.Checkpoint;
import se.samverkan.audit.tlog.Cosignatures;

import java.util.List;

/**
 * What the verifier trusts besides the log's own key (issue 14): {@code required} of the configured {@code witnesses}
 * must have cosigned a checkpoint this export's checkpoint is consistent with, and a previously {@code trusted}
 * checkpoint (one the officer kept) must be a prefix of it. The log's key alone proves nothing against its holder: a
 * database superuser with that key can rebuild the log from altered entries and re-sign it; neither the witnesses
 * (who refuse a rewritten history) nor an earlier trusted checkpoint can be re-signed that way.
 */
public record Anchors(List<Cosignatures.Key> witnesses, int required, Checkpoint trusted) {

    public static final Anchors NONE = new Anchors(List.of(), 0, null);

    public Anchors {
        witnesses = List.copyOf(witnesses);
        if (required < 0 || required > witnesses.size()) {
            throw new IllegalArgumentException("the witnesses required (" + required + ") must lie between 0 and the "
                    + witnesses.size() + " witness keys given");
        }
    }

    boolean none() {
        return required == 0 && trusted == null;
    }
}
