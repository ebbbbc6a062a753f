package se.samverkan.localstack.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * JDK 25's ahead-of-time cache for the services, an experiment for issue 12's cold start (opt-in,
 * {@code SAMVERKAN_LOCAL_AOT_CACHE=true}, with the server JVM). A fresh stack spent its first three minutes under load
 * loading, linking and compiling; the cache holds classes already loaded and linked and the method profiles of a
 * training run, so a start that has one begins further along.
 * <p>
 * The cache belongs to one class path and one JDK, and a Spring Boot jar's nested jars cannot be cached, so each
 * service runs from its jar extracted once per content ({@code java -Djarmode=tools extract}) into
 * {@code <data>/aot/<service>-<hash>/}. The first start there records ({@code -XX:AOTCacheOutput}) and the JVM writes
 * the cache when it exits after a SIGTERM, with what the run loaded and profiled (so stop it after some load); later
 * starts use it ({@code -XX:AOTCache}). A cache the JVM finds stale or cut short is ignored with a warning, and the
 * service starts without it.
 */
final class AotCache {

    static final String VARIABLE = "SAMVERKAN_LOCAL_AOT_CACHE";
    static final String CACHE_FILE = "app.aot";

    private AotCache() {
    }

    static boolean enabled(Map<String, String> environment) {
        return Boolean.parseBoolean(environment.getOrDefault(VARIABLE, "false"));
    }

    /** The jar to run and the flags that record or use the cache. */
    record Launch(Path jar, List<String> flags) {

        boolean records() {
            return flags.stream().anyMatch(flag -> flag.startsWith("-XX:AOTCacheOutput="));
        }
    }

    /** Writing the caches at exit took four services stopping at once 47 s on two cores; 20 s cut three of them short. */
    static final java.time.Duration RECORDING_STOP_GRACE = java.time.Duration.ofMinutes(3);

    static Launch prepare(String java, Path snapshot, Path dataDir, String service) {
        if (Runtime.version().feature() < 25) {
            throw new IllegalStateException(VARIABLE + "=true needs a JDK 25 or later (the AOT cache flags of JEP 514); this is "
                    + Runtime.version());
        }
        try {
            Path aotDir = Files.createDirectories(dataDir.resolve("aot"));
            Path extracted = aotDir.resolve(service + "-" + contentHash(snapshot));
            if (!Files.isDirectory(extracted)) {
                extract(java, snapshot, aotDir, extracted, service);
            }
            forgetOtherBuilds(aotDir, service, extracted);
            return new Launch(extracted.resolve(snapshot.getFileName()), flags(extracted.resolve(CACHE_FILE)));
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare the AOT cache of " + service, e);
        }
    }

    static List<String> flags(Path cache) {
        return Files.isRegularFile(cache) ? List.of("-XX:AOTCache=" + cache) : List.of("-XX:AOTCacheOutput=" + cache);
    }

    /** Into a scratch folder first: a half-extracted folder must never look like a finished one. */
    private static void extract(String java, Path snapshot, Path aotDir, Path extracted, String service) throws IOException {
        Path scratch = Files.createTempDirectory(aotDir, "extracting-" + service + "-");
        Process process = new ProcessBuilder(java, "-Djarmode=tools", "-jar", snapshot.toString(), "extract", "--force",
                "--destination", scratch.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("extracting " + snapshot + " for the AOT cache failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while extracting " + snapshot, e);
        }
        Files.move(scratch, extracted, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Earlier builds of the same service, and its scratch folders of extractions that never finished. */
    private static void forgetOtherBuilds(Path aotDir, String service, Path current) throws IOException {
        try (Stream<Path> entries = Files.list(aotDir)) {
            String quoted = java.util.regex.Pattern.quote(service);
            for (Path other : entries.filter(p -> !p.equals(current) && p.getFileName().toString()
                    .matches("(" + quoted + "-[0-9a-f]{16})|(extracting-" + quoted + "-[0-9]+)")).toList()) {
                deleteTree(other);
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    static String contentHash(Path jar) throws IOException {
        try (DigestInputStream digesting = new DigestInputStream(Files.newInputStream(jar), MessageDigest.getInstance("SHA-256"))) {
            digesting.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(digesting.getMessageDigest().digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
