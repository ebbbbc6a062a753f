package se.samverkan.platform.secrets;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints the refusal as Spring Boot's short "APPLICATION FAILED TO START" report instead of a stack trace. */
class RefusedSecretsFailureAnalyzer extends AbstractFailureAnalyzer<RefusedSecretsException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, RefusedSecretsException cause) {
        return new FailureAnalysis("The service refuses to start without its own secrets:\n  - "
                + String.join("\n  - ", cause.refusals()),
                "Set the environment variables named above from your secret store (never to a value from the repository)."
                        + " The local stack and the tests set their own keys.", cause);
    }
}
