package se.samverkan.audit.log;

import java.util.List;

/**
 * Runs inside the sequencer's transaction for entries appended for the first time, so what it derives (review
 * items, revoked referrals) commits or rolls back together with the entries and never repeats on redelivery.
 */
public interface AppendListener {

    void appended(List<AppendedEntry> entries);
}
