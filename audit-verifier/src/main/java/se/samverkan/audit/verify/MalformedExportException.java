package se.samverkan.audit.verify;

/** A line of the export that is not what the format says (not JSON, a member missing or of the wrong kind). */
public final class MalformedExportException extends IllegalArgumentException {

    public MalformedExportException(String message) {
        super(message);
    }
}
