package se.samverkan.localstack;

import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Kubernetes manifests under infra/k8s as the static tests read them (every YAML document of every file), and
 * what the deployments must agree with in a service's own configuration.
 */
final class InfraManifests {

    private InfraManifests() {
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> yamlDocuments(Path dir) {
        List<Map<String, Object>> documents = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (Reader reader = Files.newBufferedReader(file)) {
                    for (Object document : new Yaml().loadAll(reader)) {
                        if (document != null) {
                            documents.add((Map<String, Object>) document);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot read " + dir, e);
        }
        return documents;
    }

    @SuppressWarnings("unchecked")
    static String name(Map<String, Object> document) {
        return (String) ((Map<String, Object>) document.get("metadata")).get("name");
    }

    /**
     * The port a service's actuator (probes, metrics) listens on when MANAGEMENT_SERVER_PORT is not set: the default
     * of {@code management.server.port} in its application.yml, so compose and the manifests cannot drift from the jar.
     */
    @SuppressWarnings("unchecked")
    static int defaultManagementPort(Path root, String module) {
        Path file = root.resolve(module).resolve("src/main/resources/application.yml");
        Object port;
        try (Reader reader = Files.newBufferedReader(file)) {
            Map<String, Object> yaml = new Yaml().load(reader);
            Map<String, Object> management = (Map<String, Object>) yaml.get("management");
            Map<String, Object> server = management == null ? null : (Map<String, Object>) management.get("server");
            port = server == null ? null : server.get("port");
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
        if (port instanceof Integer fixed) {
            return fixed;
        }
        Matcher defaulted = Pattern.compile("\\$\\{MANAGEMENT_SERVER_PORT:(\\d+)}").matcher(String.valueOf(port));
        if (!defaulted.matches()) {
            throw new AssertionError(file + ": management.server.port is " + port + ", not a port or ${MANAGEMENT_SERVER_PORT:port}");
        }
        return Integer.parseInt(defaulted.group(1));
    }
}
