package se.samverkan.platform.directory;

/** Keycloak did not answer as expected; carries the status and the path, never a response body. */
public class KeycloakAdminException extends RuntimeException {

    public KeycloakAdminException(String message) {
        super(message);
    }

    public KeycloakAdminException(String message, Throwable cause) {
        super(message, cause);
    }
}
