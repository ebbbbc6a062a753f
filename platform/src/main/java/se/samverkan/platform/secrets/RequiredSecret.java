package se.samverkan.platform.secrets;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A secret a service cannot run without, named by its property. {@code parts} splits a value that holds several
 * secrets (a list of keys) so each is checked against the development values on its own.
 */
public record RequiredSecret(String property, String howToGenerate, Function<String, List<String>> parts) {

    public static RequiredSecret of(String property, String howToGenerate) {
        return new RequiredSecret(property, howToGenerate, List::of);
    }

    public RequiredSecret splitBy(Function<String, List<String>> parts) {
        return new RequiredSecret(property, howToGenerate, parts);
    }

    /** The environment variable Spring Boot binds to the property: dots and dashes become underscores. */
    public String environmentVariable() {
        return property.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }
}
