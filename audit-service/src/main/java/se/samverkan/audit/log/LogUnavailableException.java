package se.samverkan.audit.log;

/** The log could not take an entry now; callers retry (Kafka) or answer 503 (HTTP). */
public class LogUnavailableException extends RuntimeException {

    public LogUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
