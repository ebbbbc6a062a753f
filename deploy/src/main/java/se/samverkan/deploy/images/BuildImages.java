package se.samverkan.deploy.images;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Port;
import se.samverkan.localstack.services.AotTraining;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One OCI image tar per service in target/images, without a container engine or a registry: Jib assembles the image
 * from scratch out of layers made here (Debian's C library with a passwd entry for the service user, a jlink runtime of
 * the build's JDK, the service's libraries, its own classes, and on JDK 25+ its AOT cache from a training run). Run by
 * the deploy module's package phase.
 */
public final class BuildImages {

    /** The service user; the Kubernetes manifests run as the same uid. */
    public static final String USER = "10001:10001";
    /** The server JVM of issue 12, as local-stack's JvmFlags.DEPLOYMENT states it (ImageTarsIT keeps them equal). */
    public static final String JAVA_TOOL_OPTIONS = "-XX:+UseG1GC -XX:MaxGCPauseMillis=100 -XX:MaxRAMPercentage=35 -XX:TrimNativeHeapInterval=5000 -XX:+ExitOnOutOfMemoryError";
    /** As the Dockerfile and the pod specs: two malloc arenas instead of up to 16 (RSS, issue 12). */
    public static final String MALLOC_ARENA_MAX = "2";
    /** Served on the management port only, never on the API port. */
    public static final String LIVENESS = "/actuator/health/liveness";
    public static final String READINESS = "/actuator/health/readiness";

    /**
     * {@code port} is the API's; {@code managementPort} the actuator's (probes, metrics), on a connector of its own so
     * a swamped API connector cannot starve the liveness probe (docs/operations.md).
     */
    public record Service(String name, int port, int managementPort, String mainClass) {

        /** The application's own classes; its libraries are beside it in /app/lib, as its manifest's Class-Path names them. */
        public String jarInImage() {
            return "/app/" + name + ".jar";
        }

        public String aotCacheInImage() {
            return "/app/" + name + ".aot";
        }
    }

    public static final List<Service> SERVICES = List.of(
            new Service("case-service", 8081, 9081, "se.samverkan.cases.CaseServiceApplication"),
            new Service("notification-service", 8082, 9082, "se.samverkan.notification.NotificationServiceApplication"),
            new Service("audit-service", 8083, 9083, "se.samverkan.audit.AuditServiceApplication"));

    /** What the glibc layer takes from libc6: the shared objects a JVM loads, and the licence. */
    private static final String LIBC_FILES = "lib/x86_64-linux-gnu/(ld-linux-x86-64\\.so\\.2|lib(c|m|dl|pthread|rt|resolv|nss_files|nss_dns)\\.so\\.[0-9]+)"
            + "|lib64/ld-linux-x86-64\\.so\\.2|usr/share/doc/libc6/copyright";

    private BuildImages() {
    }

    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        Path root = Path.of(System.getProperty("images.root")).toAbsolutePath().normalize();
        Path output = Path.of(System.getProperty("images.output"));
        Path work = Path.of(System.getProperty("images.work"));
        String version = System.getProperty("images.version");
        Files.createDirectories(output);
        // Jib reuses a cached layer whose files have the same paths and modification times, whatever their bytes; the
        // extracted jars all carry the layer time the AOT cache needs, so a cached layer would be last build's code
        // beside this build's cache (seen: the old audit-service.jar, and the JVM refusing the cache, "size has changed")
        JavaRuntime.deleteRecursively(work.resolve("jib-cache"));

        FileEntriesLayer os = osLayer(root, work);
        Path runtime = JavaRuntime.build(work);
        FileEntriesLayer javaLayer = FileEntriesLayer.builder().setName("java-runtime")
                .addEntryRecursive(runtime, AbsoluteUnixPath.get("/opt/java"), (source, target) -> FilePermissions.fromOctalString(
                        Files.isDirectory(source) || Files.isExecutable(source) ? "555" : "444")).build();
        Map<String, String> labels = labels(root, version);
        Path java = runtime.resolve("bin/java");
        Map<Service, Application> applications = new LinkedHashMap<>();
        for (Service service : SERVICES) {
            Path jar = root.resolve(service.name()).resolve("target").resolve(service.name() + "-" + version + ".jar");
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: build the services first (./mvnw -pl deploy -am package)");
            }
            applications.put(service, Application.extract(java, jar, work.resolve("applications").resolve(service.name()), service));
        }
        boolean aotCache = Application.aotCacheSupported();
        if (aotCache) {
            Path training = work.resolve("aot-training");
            JavaRuntime.deleteRecursively(training);
            AotTraining.train(root, training, java.toString(), Map.of("JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS, "MALLOC_ARENA_MAX", MALLOC_ARENA_MAX),
                    applications.values().stream().map(Application::training).toList());
        } else {
            System.out.println("[images] no AOT cache (it needs JDK 25+ on Linux x64 and images.aotCache=true; this is JDK "
                    + Runtime.version().feature() + "): the images start without one");
        }
        for (Service service : SERVICES) {
            Application application = applications.get(service);
            List<String> entrypoint = new java.util.ArrayList<>(List.of("/opt/java/bin/java"));
            if (aotCache) {
                entrypoint.add("-XX:AOTCache=" + service.aotCacheInImage());
            }
            entrypoint.addAll(List.of("-jar", service.jarInImage()));
            JibContainerBuilder image = Jib.fromScratch()
                    .setFormat(ImageFormat.OCI)
                    .addFileEntriesLayer(os)
                    .addFileEntriesLayer(javaLayer)
                    .addFileEntriesLayer(application.librariesLayer())
                    .addFileEntriesLayer(application.applicationLayer());
            if (aotCache) {
                image.addFileEntriesLayer(application.aotCacheLayer());
            }
            image.setEntrypoint(entrypoint)
                    .setEnvironment(Map.of(
                            "JAVA_HOME", "/opt/java",
                            "PATH", "/opt/java/bin:/usr/bin:/bin",
                            "LANG", "C.UTF-8",
                            "JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS,
                            "MALLOC_ARENA_MAX", MALLOC_ARENA_MAX,
                            "SERVER_PORT", String.valueOf(service.port()),
                            "MANAGEMENT_SERVER_PORT", String.valueOf(service.managementPort())))
                    .setUser(USER)
                    .setWorkingDirectory(AbsoluteUnixPath.get("/app"))
                    // the only place the JVM writes (hsperfdata, Tomcat's work files): a volume, so the root file
                    // system can be read-only (Kubernetes mounts an emptyDir there, podman --read-only a tmpfs)
                    .addVolume(AbsoluteUnixPath.get("/tmp"))
                    .setExposedPorts(Port.tcp(service.port()), Port.tcp(service.managementPort()))
                    .setLabels(withService(labels, service));
            Path tar = output.resolve(service.name() + ".tar");
            image.containerize(Containerizer.to(TarImage.at(tar).named("samverkan/" + service.name() + ":" + version))
                    .setBaseImageLayersCache(work.resolve("jib-cache"))
                    .setApplicationLayersCache(work.resolve("jib-cache"))
                    .setOfflineMode(true)
                    .setToolName("samverkan-deploy"));
            System.out.printf("[images] %s (%d MB)%n", tar, Files.size(tar) >> 20);
        }
        System.out.printf("[images] %d images in %d s%n", SERVICES.size(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
    }

    private static FileEntriesLayer osLayer(Path root, Path work) throws IOException, InterruptedException {
        Path libc = work.resolve("libc6");
        JavaRuntime.deleteRecursively(libc);
        Path deb = new DebianPackages(System.getProperty("debian.mirror"), System.getProperty("debian.release"), work.resolve("debian"))
                .fetch(System.getProperty("debian.libc6"));
        DebianPackages.extract(deb, path -> path.matches(LIBC_FILES), libc);
        // the JVM's ELF interpreter is /lib64/ld-linux-x86-64.so.2 (a link in Debian; Jib layers hold no links)
        if (!Files.isRegularFile(libc.resolve("lib64/ld-linux-x86-64.so.2"))) {
            Files.createDirectories(libc.resolve("lib64"));
            Files.copy(libc.resolve("lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"), libc.resolve("lib64/ld-linux-x86-64.so.2"));
        }
        Path etc = work.resolve("etc");
        Files.createDirectories(etc);
        // root exists only so tools that look up uid 0 find a name; nobody can log in as anyone
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/sbin/nologin\nsamverkan:x:10001:10001:samverkan:/tmp:/sbin/nologin\n",
                StandardCharsets.US_ASCII);
        Files.writeString(etc.resolve("group"), "root:x:0:\nsamverkan:x:10001:\n", StandardCharsets.US_ASCII);
        Files.writeString(etc.resolve("nsswitch.conf"), "passwd: files\ngroup: files\nhosts: files dns\n", StandardCharsets.US_ASCII);
        Path empty = work.resolve("empty-dir");
        Files.createDirectories(empty);

        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("os");
        try (Stream<Path> files = Files.walk(libc)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String path = "/" + libc.relativize(file).toString().replace('\\', '/');
                layer.addEntry(file, AbsoluteUnixPath.get(path), FilePermissions.fromOctalString(path.endsWith("copyright") ? "444" : "555"));
            }
        }
        for (String file : List.of("passwd", "group", "nsswitch.conf")) {
            layer.addEntry(etc.resolve(file), AbsoluteUnixPath.get("/etc/" + file), FilePermissions.fromOctalString("444"));
        }
        layer.addEntry(empty, AbsoluteUnixPath.get("/app"), FilePermissions.fromOctalString("555"));
        // writable by whichever uid the orchestrator runs the image as (a layer entry cannot carry the sticky bit; the
        // service user is the only user). Kubernetes mounts an emptyDir over it; podman --read-only a tmpfs that
        // copies this mode: owned by 10001 with 700, the tmpfs came out root's and the service could not write there.
        layer.addEntry(empty, AbsoluteUnixPath.get("/tmp"), FilePermissions.fromOctalString("777"));
        return layer.build();
    }

    private static Map<String, String> labels(Path root, String version) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("org.opencontainers.image.version", version);
        String revision = git(root, "rev-parse", "HEAD");
        String changes = git(root, "status", "--porcelain", "--untracked-files=no");
        if (revision != null && changes != null && !changes.isEmpty()) {
            revision += "-dirty";
        }
        labels.put("org.opencontainers.image.revision", revision == null ? "unknown" : revision);
        String source = System.getProperty("images.source", "");
        if (source.isBlank()) {
            String remote = git(root, "config", "--get", "remote.origin.url");
            source = remote == null || remote.isBlank() ? "unknown" : remote;
        }
        labels.put("org.opencontainers.image.source", source);
        labels.put("org.opencontainers.image.vendor", "Samverkan");
        labels.put("org.opencontainers.image.base.name", "scratch (Debian libc6 from the pinned .deb, jlink runtime of the build's JDK " + Runtime.version() + ")");
        labels.put("se.samverkan.health.liveness", LIVENESS);
        labels.put("se.samverkan.health.readiness", READINESS);
        return labels;
    }

    private static Map<String, String> withService(Map<String, String> labels, Service service) {
        Map<String, String> all = new LinkedHashMap<>(labels);
        all.put("org.opencontainers.image.title", service.name());
        all.put("se.samverkan.port", String.valueOf(service.port()));
        // where an orchestrator finds the health check paths: they are not served on se.samverkan.port
        all.put("se.samverkan.management.port", String.valueOf(service.managementPort()));
        return all;
    }

    private static String git(Path root, String... args) {
        try {
            List<String> command = new java.util.ArrayList<>(List.of("git", "-C", root.toString()));
            command.addAll(List.of(args));
            Process git = new ProcessBuilder(command).redirectErrorStream(false).start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return git.waitFor() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
