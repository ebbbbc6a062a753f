package se.samverkan.deploy;

import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ports a service listens on when nothing overrides them, read from its own application.yml: the deployment
 * artefacts must agree with what the jar does, not only with each other.
 */
public record ServicePorts(int api, int management) {

    private static final Pattern DEFAULTED = Pattern.compile("\\$\\{[A-Z_]+:(\\d+)}");

    public static ServicePorts of(Path root, String service) {
        Path file = root.resolve(service).resolve("src/main/resources/application.yml");
        try (Reader reader = Files.newBufferedReader(file)) {
            Map<String, Object> yaml = new Yaml().load(reader);
            return new ServicePorts(port(yaml, file, "server", "port"), port(yaml, file, "management", "server", "port"));
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static int port(Map<String, Object> yaml, Path file, String... keys) {
        Object value = yaml;
        for (String key : keys) {
            value = value instanceof Map<?, ?> map ? ((Map<String, Object>) map).get(key) : null;
        }
        if (value instanceof Integer port) {
            return port;
        }
        Matcher defaulted = DEFAULTED.matcher(String.valueOf(value));
        if (!defaulted.matches()) {
            throw new AssertionError(file + ": " + String.join(".", keys) + " is " + value + ", not a port or ${VARIABLE:port}");
        }
        return Integer.parseInt(defaulted.group(1));
    }
}
