package se.samverkan.platform.test;

import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A service's /actuator/prometheus as Prometheus scrapes it, and the series the alert rules read (issue 13). */
public final class TestMetrics {

    public static final String ALERT_RULES = "infra/prometheus/samverkan-alerts.yml";
    private static final Pattern RULE_METRIC = Pattern.compile("\\b((?:samverkan|kafka)_[a-z0-9_]+)\\b");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestMetrics() {
    }

    /** Scraped without a token, as the operator's Prometheus does. */
    public static HttpResponse<String> scrapeResponse(int port) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(20)).header("Accept", "text/plain").GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String scrape(int port) {
        HttpResponse<String> response = scrapeResponse(port);
        if (response.statusCode() != 200) {
            throw new AssertionError("/actuator/prometheus answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** The names of every sample in a scrape (name before labels or value). */
    public static Set<String> seriesNames(String scrape) {
        Set<String> names = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                end++;
            }
            names.add(line.substring(0, end));
        }
        return names;
    }

    /**
     * The sum of the samples of {@code name} whose labels include every {@code label="value"} given (pairs: label,
     * value, ...); empty when there is no such sample. NaN samples count as absent.
     */
    public static OptionalDouble value(String scrape, String name, String... labels) {
        double sum = 0;
        boolean found = false;
        for (String line : scrape.split("\n")) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
                continue;
            }
            String labelPart = line.startsWith(name + "{") ? line.substring(name.length(), line.lastIndexOf('}') + 1) : "";
            boolean matches = true;
            for (int i = 0; i + 1 < labels.length; i += 2) {
                matches &= labelPart.contains(labels[i] + "=\"" + labels[i + 1] + "\"");
            }
            if (!matches) {
                continue;
            }
            String[] parts = line.substring(name.length() + labelPart.length()).trim().split(" ");
            double sample = Double.parseDouble(parts[0]);
            if (!Double.isNaN(sample)) {
                sum += sample;
                found = true;
            }
        }
        return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
    }

    /** The samverkan_* and kafka_* series read by the alert rules whose {@code exported_by} names {@code service}. */
    @SuppressWarnings("unchecked")
    public static Set<String> alertSeries(String service) {
        Set<String> series = new TreeSet<>();
        for (Map<String, Object> rule : alertRules()) {
            Map<String, Object> annotations = (Map<String, Object>) rule.getOrDefault("annotations", Map.of());
            String exportedBy = String.valueOf(annotations.get("exported_by"));
            if (!Arrays.asList(exportedBy.split("[ ,]+")).contains(service)) {
                continue;
            }
            Matcher metric = RULE_METRIC.matcher(String.valueOf(rule.get("expr")));
            while (metric.find()) {
                series.add(metric.group(1));
            }
        }
        return series;
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> alertRules() {
        try {
            Map<String, Object> file = new Yaml().load(Files.readString(repositoryRoot().resolve(ALERT_RULES)));
            return ((List<Map<String, Object>>) file.get("groups")).stream()
                    .flatMap(group -> ((List<Map<String, Object>>) group.get("rules")).stream()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The checkout's root, found upwards from the module a test runs in. */
    public static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("infra/prometheus"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no infra/prometheus above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
