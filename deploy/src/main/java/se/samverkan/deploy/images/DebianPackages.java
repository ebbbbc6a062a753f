package se.samverkan.deploy.images;

import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Debian packages as plain files, without dpkg or root: a pinned .deb is fetched from the mirror, checked against its
 * SHA-256 and unpacked. A pin that the mirror dropped (a point release replaced the file) is replaced by the
 * release's current file from its package index, with that index's SHA-256, and the build says so.
 */
public final class DebianPackages {

    private final URI mirror;
    private final String release;
    private final Path cache;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(20)).build();

    public DebianPackages(String mirror, String release, Path cache) {
        this.mirror = URI.create(mirror.endsWith("/") ? mirror : mirror + "/");
        this.release = release;
        this.cache = cache;
    }

    /** {@code pin} is "pool/…/name_version_arch.deb sha256", as the pom states it. */
    public Path fetch(String pin) throws IOException, InterruptedException {
        String[] parts = pin.trim().split("\\s+");
        if (parts.length != 2) {
            throw new IllegalArgumentException("a Debian pin is '<Filename> <SHA256>', not '" + pin + "'");
        }
        Path cached = fetch(parts[0], parts[1]);
        if (cached != null) {
            return cached;
        }
        String name = parts[0].substring(parts[0].lastIndexOf('/') + 1).split("_")[0];
        Map<String, String> current = currentOf(name);
        System.out.println("[images] " + parts[0] + " is no longer on " + mirror + "; using " + release + "'s current "
                + current.get("Filename") + " (update the pin in deploy/pom.xml)");
        Path file = fetch(current.get("Filename"), current.get("SHA256"));
        if (file == null) {
            throw new IOException("Debian " + release + " lists " + current.get("Filename") + " but " + mirror + " does not have it");
        }
        return file;
    }

    private Path fetch(String filename, String sha256) throws IOException, InterruptedException {
        Files.createDirectories(cache);
        Path target = cache.resolve(filename.substring(filename.lastIndexOf('/') + 1));
        if (Files.isRegularFile(target) && sha256(target).equals(sha256)) {
            return target;
        }
        Path partial = Files.createTempFile(cache, "download", ".part");
        HttpResponse<Path> response = http.send(HttpRequest.newBuilder(mirror.resolve(filename)).timeout(Duration.ofMinutes(5)).build(),
                HttpResponse.BodyHandlers.ofFile(partial));
        if (response.statusCode() == 404) {
            Files.deleteIfExists(partial);
            return null;
        }
        if (response.statusCode() != 200) {
            Files.deleteIfExists(partial);
            throw new IOException(mirror.resolve(filename) + " answered " + response.statusCode());
        }
        String actual = sha256(partial);
        if (!actual.equals(sha256)) {
            Files.deleteIfExists(partial);
            throw new IOException(mirror.resolve(filename) + " has SHA-256 " + actual + ", expected " + sha256 + ": refusing it");
        }
        return Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private Map<String, String> currentOf(String packageName) throws IOException, InterruptedException {
        URI index = mirror.resolve("dists/" + release + "/main/binary-amd64/Packages.xz");
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(index).timeout(Duration.ofMinutes(5)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IOException(index + " answered " + response.statusCode());
        }
        try (var reader = new BufferedReader(new InputStreamReader(new XZCompressorInputStream(new BufferedInputStream(response.body())),
                StandardCharsets.UTF_8))) {
            Map<String, String> stanza = new HashMap<>();
            for (String line = reader.readLine(); ; line = reader.readLine()) {
                if (line == null || line.isEmpty()) {
                    if (packageName.equals(stanza.get("Package"))) {
                        return stanza;
                    }
                    if (line == null) {
                        throw new IOException("Debian " + release + " has no package " + packageName);
                    }
                    stanza = new HashMap<>();
                } else if (!line.startsWith(" ") && line.contains(": ")) {
                    stanza.put(line.substring(0, line.indexOf(": ")), line.substring(line.indexOf(": ") + 2));
                }
            }
        }
    }

    /**
     * Unpacks the regular files of the package's data archive whose path (without the leading "./") {@code wanted}
     * accepts into {@code into}; a wanted symbolic link becomes a copy of what it points to in the same package.
     */
    public static void extract(Path deb, Predicate<String> wanted, Path into) throws IOException {
        Map<String, String> links = new HashMap<>();
        try (var ar = new ArArchiveInputStream(new BufferedInputStream(Files.newInputStream(deb)))) {
            for (ArArchiveEntry entry = ar.getNextEntry(); entry != null; entry = ar.getNextEntry()) {
                if (!entry.getName().startsWith("data.tar")) {
                    continue;
                }
                InputStream data = entry.getName().endsWith(".xz") ? new XZCompressorInputStream(ar)
                        : entry.getName().endsWith(".gz") ? new GzipCompressorInputStream(ar) : ar;
                var tar = new TarArchiveInputStream(data);
                for (TarArchiveEntry file = tar.getNextEntry(); file != null; file = tar.getNextEntry()) {
                    String path = file.getName().replaceFirst("^\\./", "");
                    if (!wanted.test(path)) {
                        continue;
                    }
                    if (file.isSymbolicLink()) {
                        links.put(path, file.getLinkName());
                    } else if (file.isFile()) {
                        Path target = into.resolve(path).normalize();
                        if (!target.startsWith(into)) {
                            throw new IOException("refusing " + path + ": outside the target folder");
                        }
                        Files.createDirectories(target.getParent());
                        Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        for (var link : links.entrySet()) {
            Path from = into.resolve(link.getKey());
            String pointsTo = link.getValue();
            Path source = pointsTo.startsWith("/") ? into.resolve(pointsTo.substring(1)) : from.resolveSibling(pointsTo);
            if (Files.isRegularFile(source.normalize())) {
                Files.createDirectories(from.getParent());
                Files.copy(source.normalize(), from, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
