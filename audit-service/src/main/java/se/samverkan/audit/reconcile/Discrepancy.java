package se.samverkan.audit.reconcile;

import se.samverkan.contracts.reconciliation.PublicationManifest;

import java.util.UUID;

/**
 * One way the log and case-service's account of what it published disagree. {@code municipality} is the case's,
 * as the log's own entries about that case say; null when nothing in the log names it (then every officer sees it).
 *
 * @param sequence  the manifest that lists the missing event, the first manifest missing from a gap, the latest
 *                  manifest of a stream whose manifests are overdue, or the later manifest of two whose position
 *                  ranges do not follow on
 * @param leafIndex the log entry concerned: the manifest (missing event; the later manifest of two whose ranges do not
 *                  follow on), the unaccounted event itself, or the oldest event waiting for an overdue manifest
 */
public record Discrepancy(Kind kind, PublicationManifest.Stream stream, Long sequence, UUID eventId, UUID caseId, Long leafIndex,
                          String municipality, String detail) {

    public enum Kind {
        /** a manifest lists an event the log never received (within the grace period) */
        MISSING_EVENT,
        /**
         * the log holds a case-service event no manifest lists, although later manifests cover its time; without an
         * event id: that many events the ledger counted without keeping their ids
         */
        UNACCOUNTED_EVENT,
        /** manifests of a stream are numbered from 1 without gaps; these numbers never arrived */
        SEQUENCE_GAP,
        /** events of a stream waited more than the grace period and no manifest listed them, nor any later one came */
        MANIFESTS_OVERDUE,
        /**
         * manifest n+1 begins after position {@code toPosition + 1} of manifest n: the positions between are in no
         * manifest (case-service's record of how far it listed was moved on)
         */
        POSITION_GAP,
        /** manifest n+1 begins within manifest n's range: those positions are listed twice */
        POSITION_OVERLAP,
        /** manifest n+1 begins at or before manifest n's first position */
        POSITIONS_BACKWARDS;

        /** Findings about a manifest (by its number), not about an event. */
        boolean ofManifest() {
            return this == SEQUENCE_GAP || this == POSITION_GAP || this == POSITION_OVERLAP || this == POSITIONS_BACKWARDS;
        }
    }

    /** The same discrepancy always has the same key, so it is logged and raised once. */
    public String key() {
        String which = kind.ofManifest() ? "seq-" + sequence : eventId != null ? eventId.toString() : "from-leaf-" + leafIndex;
        return kind + "/" + stream + "/" + which;
    }
}
