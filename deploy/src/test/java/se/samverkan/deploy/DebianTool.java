package se.samverkan.deploy;

import se.samverkan.deploy.images.DebianPackages;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One program out of a Debian package, fetched by the build itself into target/tools so a check needs nothing
 * installed: the pinned .deb from the Debian mirror (pin from a system property the pom sets), checked against its
 * SHA-256, unpacked without dpkg.
 */
public final class DebianTool {

    private final Path binary;

    private DebianTool(Path binary) {
        this.binary = binary;
    }

    /** {@code pinProperty} names the system property holding "pool/…/name_version_arch.deb sha256". */
    public static synchronized DebianTool of(String pinProperty, String defaultPin, String pathInPackage)
            throws IOException, InterruptedException {
        Path work = Path.of(System.getProperty("deploy.work", "target"));
        Path unpacked = work.resolve("tools").resolve(pinProperty);
        Path binary = unpacked.resolve(pathInPackage);
        if (!Files.isExecutable(binary)) {
            Path deb = new DebianPackages(System.getProperty("debian.mirror", "https://deb.debian.org/debian"),
                    System.getProperty("debian.release", "bookworm"), work.resolve("tools/debian"))
                    .fetch(System.getProperty(pinProperty, defaultPin));
            DebianPackages.extract(deb, path -> path.equals(pathInPackage), unpacked);
            if (!binary.toFile().setExecutable(true)) {
                throw new IOException("cannot make " + binary + " executable");
            }
        }
        return new DebianTool(binary);
    }

    /** Runs the program; its standard output, or an AssertionError with everything it said. */
    public String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(List.of(args));
        Path err = Files.createTempFile("tool", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed:\n" + out + Files.readString(err));
            }
            return out;
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
