package se.samverkan.contracts;

/** A record that cannot be understood; consumers send it to their dead-letter topic instead of retrying. */
public class MalformedEventException extends RuntimeException {

    public MalformedEventException(String message) {
        super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
