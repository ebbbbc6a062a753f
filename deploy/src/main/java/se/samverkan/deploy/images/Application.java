package se.samverkan.deploy.images;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import se.samverkan.localstack.services.AotTraining;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A service's Spring Boot jar extracted as Spring Boot's {@code tools extract} lays it out: the application's own
 * classes in {@code <service>.jar}, whose manifest names its libraries in {@code lib/}. The JVM's AOT cache can hold
 * only classes loaded from plain jars on the class path, not from the jars nested in a Spring Boot jar; and the
 * libraries, which change far less often than the code, get an image layer of their own.
 */
record Application(BuildImages.Service service, Path directory, Path aotCache) {

    private static final FilePermissions READ_ONLY = FilePermissions.fromOctalString("444");

    /**
     * A cache remembers each jar's size and modification time and is refused when either differs: the extracted files
     * get the time Jib gives every file of a layer, so the jars the training run read are, to the JVM, the image's.
     */
    private static final FileTime LAYER_TIME = FileTime.from(FileEntriesLayer.DEFAULT_MODIFICATION_TIME);

    static Application extract(Path java, Path springBootJar, Path work, BuildImages.Service service) throws IOException, InterruptedException {
        JavaRuntime.deleteRecursively(work);
        Path source = Files.createDirectories(work.resolve("source")).resolve(service.name() + ".jar");
        Files.copy(springBootJar, source);
        Path directory = work.resolve("app");
        Path log = work.resolve("extract.log");
        Process extract = new ProcessBuilder(java.toString(), "-Djarmode=tools", "-jar", source.toString(), "extract",
                "--destination", directory.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (extract.waitFor() != 0 || !Files.isRegularFile(directory.resolve(service.name() + ".jar"))) {
            throw new IllegalStateException("could not extract " + springBootJar + ": " + Files.readString(log).strip());
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(file, LAYER_TIME);
            }
        }
        return new Application(service, directory, work.resolve(service.name() + ".aot"));
    }

    /** JDK 25 writes a cache from one training run (JEP 514); {@code -Dimages.aotCache=false} leaves it out. */
    static boolean aotCacheSupported() {
        return Runtime.version().feature() >= 25 && Boolean.parseBoolean(System.getProperty("images.aotCache", "true"))
                && System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")
                && System.getProperty("os.arch", "").matches("amd64|x86_64");
    }

    AotTraining.Run training() {
        return new AotTraining.Run(service.name(), directory.resolve(service.name() + ".jar"), aotCache);
    }

    FileEntriesLayer librariesLayer() throws IOException {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("libraries");
        try (Stream<Path> jars = Files.list(directory.resolve("lib"))) {
            for (Path jar : jars.sorted().toList()) {
                layer.addEntry(jar, AbsoluteUnixPath.get("/app/lib/" + jar.getFileName()), READ_ONLY);
            }
        }
        return layer.build();
    }

    FileEntriesLayer applicationLayer() {
        return FileEntriesLayer.builder().setName("application")
                .addEntry(directory.resolve(service.name() + ".jar"), AbsoluteUnixPath.get(service.jarInImage()), READ_ONLY).build();
    }

    FileEntriesLayer aotCacheLayer() {
        return FileEntriesLayer.builder().setName("aot-cache")
                .addEntry(aotCache, AbsoluteUnixPath.get(service.aotCacheInImage()), READ_ONLY).build();
    }
}
