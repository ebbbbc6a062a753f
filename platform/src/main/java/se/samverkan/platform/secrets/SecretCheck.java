package se.samverkan.platform.secrets;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The start-up rule for secrets: a missing one is always refused; a value published in the repository is refused
 * unless the service runs in development mode (the local stack and the tests), where it is reported instead.
 */
public final class SecretCheck {

    public static final String DEVELOPMENT_MODE = "samverkan.development-mode";
    public static final String DEVELOPMENT_MODE_VARIABLE = "SAMVERKAN_DEVELOPMENT_MODE";

    private SecretCheck() {
    }

    /**
     * @param refusals             why the service must not start, each naming the property and its variable
     * @param developmentValuesUsed properties that hold a published development value (accepted in development mode)
     */
    public record Outcome(List<String> refusals, List<String> developmentValuesUsed) {

        public Outcome {
            refusals = List.copyOf(refusals);
            developmentValuesUsed = List.copyOf(developmentValuesUsed);
        }
    }

    public static Outcome check(List<RequiredSecret> secrets, Function<String, String> configuration, boolean developmentMode) {
        List<String> refusals = new ArrayList<>();
        List<String> developmentValues = new ArrayList<>();
        for (RequiredSecret secret : secrets) {
            String value = configuration.apply(secret.property());
            if (value == null || value.isBlank() || secret.parts().apply(value).stream().allMatch(String::isBlank)) {
                refusals.add(secret.property() + " is not set: set the environment variable " + secret.environmentVariable()
                        + " (" + secret.howToGenerate() + ")");
            } else if (secret.parts().apply(value).stream().anyMatch(DevelopmentSecrets::isKnown)) {
                if (developmentMode) {
                    developmentValues.add(secret.property());
                } else {
                    refusals.add(secret.property() + " holds a development value that is published in the Samverkan repository:"
                            + " set the environment variable " + secret.environmentVariable() + " to a fresh secret ("
                            + secret.howToGenerate() + "). Only the local stack and the tests may run on development values ("
                            + DEVELOPMENT_MODE_VARIABLE + "=true)");
                }
            }
        }
        return new Outcome(refusals, developmentValues);
    }
}
