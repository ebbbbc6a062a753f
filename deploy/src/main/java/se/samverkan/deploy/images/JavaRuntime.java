package se.samverkan.deploy.images;

import java.io.IOException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The images' Java runtime: a jlink image of the JDK that runs this build (so an image runs the Java the tests ran
 * on), trimmed to the modules the services use. A JDK whose jlink cannot link (before JDK 24 without its jmods) gives
 * its whole runtime instead.
 */
final class JavaRuntime {

    /*
     * java.se (Spring, JDBC, JMX, SASL for the broker login, java.desktop for java.beans), sun.misc.Unsafe for Kafka
     * and Netty, com.sun.management for the JVM metrics, JFR for diagnostics, DNS, zip file systems, the extra
     * charsets, the Kerberos/JAAS login modules Kafka's SASL code loads, and the locale data of the Swedish labels.
     * jdk.crypto.ec is a module of its own only before JDK 22.
     */
    static final List<String> MODULES = List.of("java.se", "jdk.unsupported", "jdk.management", "jdk.jfr", "jdk.naming.dns",
            "jdk.zipfs", "jdk.charsets", "jdk.security.auth", "jdk.net", "jdk.localedata", "jdk.crypto.ec");

    private JavaRuntime() {
    }

    static Path build(Path work) throws IOException, InterruptedException {
        Path javaHome = Path.of(System.getProperty("java.home"));
        Set<String> available = ModuleFinder.ofSystem().findAll().stream().map(ModuleReference::descriptor)
                .map(descriptor -> descriptor.name()).collect(Collectors.toSet());
        List<String> modules = MODULES.stream().filter(available::contains).toList();
        String key = Runtime.version().toString().replaceAll("[^A-Za-z0-9.+-]", "_") + "-" + Integer.toHexString(modules.hashCode()) + "-cds";
        Path runtime = work.resolve("java-runtime-" + key);
        if (Files.isRegularFile(runtime.resolve("bin/java"))) {
            return runtime;
        }
        deleteRecursively(runtime);
        Files.createDirectories(work);
        Path log = work.resolve("jlink.log");
        List<String> command = new ArrayList<>(List.of(javaHome.resolve("bin/jlink").toString(),
                "--add-modules", String.join(",", modules), "--include-locales=en,sv",
                "--strip-debug", "--no-man-pages", "--no-header-files",
                // the JDK's own classes pre-parsed, as a JDK ships them (a jlink image has the archive only when asked):
                // without it a JVM that finds no usable AOT cache starts with class data sharing off
                "--generate-cds-archive", "--output", runtime.toString()));
        Process jlink = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (jlink.waitFor() == 0) {
            return runtime;
        }
        System.out.println("[images] jlink could not link this JDK (" + Files.readString(log).strip()
                + "); the images carry its whole runtime instead");
        deleteRecursively(runtime);
        copyRuntime(javaHome, runtime);
        return runtime;
    }

    private static void copyRuntime(Path javaHome, Path runtime) throws IOException {
        try (Stream<Path> files = Files.walk(javaHome)) {
            for (Path source : files.toList()) {
                Path relative = javaHome.relativize(source);
                String first = relative.getNameCount() > 0 ? relative.getName(0).toString() : "";
                if (Set.of("jmods", "include", "man", "demo", "sample").contains(first) || relative.toString().equals("lib/src.zip")) {
                    continue;
                }
                Path target = runtime.resolve(relative.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else if (Files.exists(source)) {
                    Files.copy(source, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
