package se.samverkan.deploy.k8s;

import se.samverkan.deploy.images.DebianPackages;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's kubectl (package kubernetes-client), fetched by the build itself into target/tools so the check needs
 * nothing installed: the pinned .deb from the Debian mirror, checked against its SHA-256, unpacked without dpkg.
 */
final class Kubectl {

    static final String DEFAULT_PIN = "pool/main/k/kubernetes/kubernetes-client_1.20.5+really1.20.2-1.1+deb12u1_amd64.deb "
            + "087c42dc26c847740043cdaa8b16db666be5591a1da957f822922aa1b677494e";

    private Kubectl() {
    }

    static synchronized Path binary() throws IOException, InterruptedException {
        Path work = Path.of(System.getProperty("deploy.work", "target"));
        Path kubectl = work.resolve("tools/kubernetes-client/usr/bin/kubectl");
        if (Files.isExecutable(kubectl)) {
            return kubectl;
        }
        Path deb = new DebianPackages(System.getProperty("debian.mirror", "https://deb.debian.org/debian"),
                System.getProperty("debian.release", "bookworm"), work.resolve("tools/debian"))
                .fetch(System.getProperty("debian.kubernetes-client", DEFAULT_PIN));
        DebianPackages.extract(deb, path -> path.equals("usr/bin/kubectl"), work.resolve("tools/kubernetes-client"));
        if (!kubectl.toFile().setExecutable(true)) {
            throw new IOException("cannot make " + kubectl + " executable");
        }
        return kubectl;
    }

    /** Runs kubectl with the arguments; its standard output, or an AssertionError with what it said. */
    static String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(binary().toString());
        command.addAll(List.of(args));
        Path err = Files.createTempFile("kubectl", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed: " + Files.readString(err));
            }
            return out;
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
