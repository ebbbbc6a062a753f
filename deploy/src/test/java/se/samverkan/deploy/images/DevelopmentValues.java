package se.samverkan.deploy.images;

import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every development or test secret the repository holds, read from where they live (so a new one is covered without
 * editing this list): the development realm's client secrets, the tests' keys in each service's
 * src/test/resources/config/application.yml, the test event keys of platform-test, and the local stack's and
 * compose file's database passwords (role = password) through the roles they name.
 */
final class DevelopmentValues {

    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(key|keys|secret|password)$");

    private DevelopmentValues() {
    }

    static Set<String> in(Path root) throws IOException {
        Set<String> values = new TreeSet<>();
        Matcher realm = Pattern.compile("\"secret\"\\s*:\\s*\"([^\"$]+)\"").matcher(Files.readString(root.resolve("infra/keycloak/samverkan-realm.json")));
        while (realm.find()) {
            values.add(realm.group(1));
        }
        try (Stream<Path> configs = Files.walk(root, 6)) {
            for (Path config : configs.filter(p -> p.toString().replace('\\', '/').endsWith("src/test/resources/config/application.yml")).toList()) {
                try (Reader reader = Files.newBufferedReader(config)) {
                    collect(new Yaml().load(reader), "", values);
                }
            }
        }
        Properties eventKeys = new Properties();
        try (Reader reader = Files.newBufferedReader(root.resolve("platform-test/src/main/resources/samverkan-test-event-keys.properties"))) {
            eventKeys.load(reader);
        }
        for (String name : eventKeys.stringPropertyNames()) {
            for (String key : eventKeys.getProperty(name).split(",")) {
                // <service>/<label>:<seed or public key>: the part after the colon is the key material
                values.add(key.substring(key.indexOf(':') + 1).strip());
            }
        }
        // short or common words (role names used as passwords) would match legitimate text; the real keys are long
        values.removeIf(value -> value.length() < 16);
        return values;
    }

    /**
     * The keys the AOT cache's training runs were given (the local stack's {@code secrets.properties} in the build's
     * training folder): the cache is written by a JVM that held them, so they are looked for in the images as well.
     */
    static Set<String> ofTraining(Path secretsFile) throws IOException {
        Set<String> values = new TreeSet<>();
        if (!Files.isRegularFile(secretsFile)) {
            return values;
        }
        Properties secrets = new Properties();
        try (Reader reader = Files.newBufferedReader(secretsFile)) {
            secrets.load(reader);
        }
        for (String name : secrets.stringPropertyNames()) {
            for (String part : secrets.getProperty(name).split(",")) {
                // <id>:<key material>, or PRIVATE+KEY+<name>+<id>+<key material>
                values.add(part.strip());
                values.add(part.substring(part.indexOf(':') + 1).strip());
                values.add(part.substring(part.lastIndexOf('+') + 1).strip());
            }
        }
        values.removeIf(value -> value.length() < 16);
        return values;
    }

    private static void collect(Object node, String name, Set<String> values) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> collect(value, String.valueOf(key), values));
        } else if (node instanceof Iterable<?> list) {
            list.forEach(value -> collect(value, name, values));
        } else if (node != null && SECRET_KEY.matcher(name).matches() && !String.valueOf(node).contains("${")) {
            for (String part : String.valueOf(node).split(",")) {
                values.add(part.contains(":") && !part.startsWith("PRIVATE") ? part.substring(part.indexOf(':') + 1).strip() : part.strip());
            }
        }
    }
}
