package se.samverkan.localstack.keycloak;

import se.samverkan.localstack.StackSettings;
import se.samverkan.localstack.process.ChildProcess;
import se.samverkan.localstack.wait.Waits;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Keycloak from its Maven Central distribution in dev mode (H2 file database inside the unpacked distribution), with
 * the Samverkan realm imported from infra/keycloak. Keycloak imports a realm only if it does not exist yet, so when the
 * realm file changes we drop the H2 database and Keycloak imports the new file; otherwise a restart skips schema
 * creation and import and is quick.
 */
public final class LocalKeycloak implements AutoCloseable {

    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin";

    private final ChildProcess process;

    private LocalKeycloak(ChildProcess process) {
        this.process = process;
    }

    public static LocalKeycloak start(StackSettings settings, Path javaHome, Duration timeout) {
        Path home = unpackOnce(settings);
        String realmDigest = importRealm(settings, home);
        List<String> command = List.of("/bin/sh", home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-host=" + StackSettings.HOST,
                "--http-port=" + settings.keycloakPort(),
                // the issuer must be exactly http://127.0.0.1:<port>/realms/samverkan whatever host name a client used
                "--hostname=" + settings.keycloakUrl(),
                "--http-management-port=" + settings.keycloakManagementPort(),
                "--import-realm");
        Map<String, String> environment = Map.of(
                "JAVA_HOME", javaHome.toString(),
                "KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER,
                "KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        ChildProcess process = ChildProcess.start("keycloak", command, environment, home,
                settings.logDir().resolve("keycloak.log"), settings.pidDir());
        LocalKeycloak keycloak = new LocalKeycloak(process);
        try {
            String discovery = settings.issuer() + "/.well-known/openid-configuration";
            Waits.until("Keycloak realm " + StackSettings.REALM, timeout, process,
                    () -> Waits.httpOk(discovery, "\"issuer\":\"" + settings.issuer() + "\""));
            Files.writeString(importedDigestFile(home), realmDigest);
        } catch (IOException e) {
            keycloak.close();
            throw new UncheckedIOException("could not record which realm file Keycloak imported", e);
        } catch (RuntimeException e) {
            keycloak.close();
            throw e;
        }
        return keycloak;
    }

    /** True when Keycloak still has to be unpacked and built, which makes the first start slow (~45-60 s). */
    public static boolean firstStart(StackSettings settings) {
        return !Files.exists(distribution(settings).resolve(".unpacked"));
    }

    private static Path distribution(StackSettings settings) {
        return settings.dataDir().resolve("keycloak").resolve("keycloak-" + settings.keycloakVersion());
    }

    private static Path unpackOnce(StackSettings settings) {
        Path home = distribution(settings);
        if (Files.exists(home.resolve(".unpacked"))) {
            return home;
        }
        Path zip = settings.keycloakDistZip();
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("Keycloak's distribution is not at " + zip + "; build first: ./mvnw -q install -DskipTests");
        }
        Path staging = home.resolveSibling(home.getFileName() + ".unpacking");
        try {
            deleteRecursively(staging);
            deleteRecursively(home);
            Files.createDirectories(staging);
            try (ZipFile archive = new ZipFile(zip.toFile())) {
                Enumeration<? extends ZipEntry> entries = archive.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry entry = entries.nextElement();
                    // the zip's entries all sit under keycloak-<version>/; strip that folder
                    String relative = entry.getName().substring(entry.getName().indexOf('/') + 1);
                    Path target = staging.resolve(relative).normalize();
                    if (!target.startsWith(staging)) {
                        throw new IOException("refusing zip entry outside the target folder: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                    } else {
                        Files.createDirectories(target.getParent());
                        try (InputStream in = archive.getInputStream(entry)) {
                            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                        }
                        if (relative.endsWith(".sh")) {
                            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                        }
                    }
                }
            }
            Files.createFile(staging.resolve(".unpacked"));
            Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack " + zip + " into " + home, e);
        }
    }

    /** Puts the realm file where --import-realm finds it; returns its digest. */
    private static String importRealm(StackSettings settings, Path home) {
        Path realm = settings.realmFile();
        if (!Files.isRegularFile(realm)) {
            throw new IllegalStateException("the realm file " + realm + " is missing");
        }
        try {
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(realm)));
            Path imported = importedDigestFile(home);
            if (!Files.exists(imported) || !Files.readString(imported).equals(digest)) {
                deleteRecursively(home.resolve("data/h2"));
                Files.deleteIfExists(imported);
            }
            Path importDir = Files.createDirectories(home.resolve("data/import"));
            Files.copy(realm, importDir.resolve(realm.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            return digest;
        } catch (IOException e) {
            throw new UncheckedIOException("could not copy the realm into " + home, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static Path importedDigestFile(Path home) {
        return home.resolve("data/imported-realm.sha256");
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    public ChildProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(20));
    }
}
