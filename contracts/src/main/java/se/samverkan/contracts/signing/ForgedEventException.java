package se.samverkan.contracts.signing;

import se.samverkan.contracts.MalformedEventException;

/**
 * A record whose producer could not be proven: never acted on, dead-lettered like any record that cannot be
 * understood, and recorded by the audit log as a refused forgery. The message names the reason and never quotes
 * the record.
 */
public class ForgedEventException extends MalformedEventException {

    public enum Reason {
        /** no signature tail, or no key id */
        UNSIGNED,
        /** a key id no trusted key has */
        UNKNOWN_KEY,
        /** the key belongs to another service than the {@code source} claims */
        SOURCE_NOT_OF_KEY,
        /** the service may not produce this type, or not on this topic */
        TYPE_NOT_ALLOWED,
        /** the signature does not verify over the record's bytes */
        BAD_SIGNATURE
    }

    private final Reason reason;

    public ForgedEventException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
