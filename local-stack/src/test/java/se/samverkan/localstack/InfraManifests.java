package se.samverkan.localstack;

import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The Kubernetes manifests under infra/k8s as the static tests read them: every YAML document of every file. */
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
}
