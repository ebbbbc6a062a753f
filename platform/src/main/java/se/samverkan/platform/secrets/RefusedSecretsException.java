package se.samverkan.platform.secrets;

import java.util.List;

/** Thrown before any bean is created when a required secret is missing or published; the message names each variable. */
public class RefusedSecretsException extends IllegalStateException {

    private final List<String> refusals;

    public RefusedSecretsException(List<String> refusals) {
        super("Refusing to start: " + String.join("; ", refusals));
        this.refusals = List.copyOf(refusals);
    }

    public List<String> refusals() {
        return refusals;
    }
}
