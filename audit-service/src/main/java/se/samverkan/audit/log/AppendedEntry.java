package se.samverkan.audit.log;

/** An entry that has just been given its place in the tree, inside the transaction that stores it. */
public record AppendedEntry(long leafIndex, PendingEntry entry) {
}
