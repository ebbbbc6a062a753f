package se.samverkan.deploy.images;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.samverkan.deploy.RepositoryRoot;
import se.samverkan.deploy.ServicePorts;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 13, images: reads each image tar the build wrote to deploy/target/images as a reviewer would (manifest, config,
 * every layer) and checks what it runs, as whom, and that nothing secret went in.
 */
class ImageTarsIT {

    private static final Path ROOT = RepositoryRoot.find();
    private static final String VERSION = System.getProperty("images.version", "0.1.0-SNAPSHOT");
    private static final Path WORK = Path.of(System.getProperty("images.work", "target/image-work"));
    /** BuildImages' own decision: the IT runs on the JDK, machine and images.aotCache that built the images. */
    private static final boolean AOT_CACHE = Application.aotCacheSupported();
    private static final Map<String, OciImage> IMAGES = new LinkedHashMap<>();

    @BeforeAll
    static void readImages() throws IOException {
        Path dir = Path.of(System.getProperty("images.output", "target/images"));
        for (BuildImages.Service service : BuildImages.SERVICES) {
            IMAGES.put(service.name(), OciImage.read(dir.resolve(service.name() + ".tar")));
        }
    }

    @Test
    void the_entrypoint_runs_the_services_own_classes_and_libraries_with_the_images_java() throws Exception {
        for (BuildImages.Service service : BuildImages.SERVICES) {
            OciImage image = IMAGES.get(service.name());
            JsonNode config = image.config().path("config");
            List<String> entrypoint = AOT_CACHE
                    ? List.of("/opt/java/bin/java", "-XX:AOTCache=" + service.aotCacheInImage(), "-jar", service.jarInImage())
                    : List.of("/opt/java/bin/java", "-jar", service.jarInImage());
            assertThat(strings(config.path("Entrypoint"))).as(service.name()).containsExactlyElementsOf(entrypoint);
            assertThat(config.path("Cmd").isMissingNode() || config.path("Cmd").isNull() || config.path("Cmd").isEmpty()).isTrue();
            var files = image.fileSystem();
            OciImage.LayerFile jar = files.get(service.jarInImage());
            assertThat(jar).as(service.name() + " jar").isNotNull();
            // the very classes and libraries of the Spring Boot jar this build made for the service, nothing else
            Path built = ROOT.resolve(service.name() + "/target/" + service.name() + "-" + VERSION + ".jar");
            Map<String, String> classes = new TreeMap<>();
            Map<String, String> libraries = new TreeMap<>();
            try (JarFile springBootJar = new JarFile(built.toFile())) {
                for (JarEntry entry : Collections.list(springBootJar.entries())) {
                    if (entry.isDirectory()) {
                        continue;
                    }
                    try (var in = springBootJar.getInputStream(entry)) {
                        if (entry.getName().startsWith("BOOT-INF/classes/")) {
                            classes.put(entry.getName().substring("BOOT-INF/classes/".length()), sha256(in.readAllBytes()));
                        } else if (entry.getName().startsWith("BOOT-INF/lib/")) {
                            libraries.put("/app/lib/" + entry.getName().substring("BOOT-INF/lib/".length()), sha256(in.readAllBytes()));
                        }
                    }
                }
            }
            Map<String, String> inImage = new TreeMap<>();
            String classPath;
            try (var in = new JarInputStream(new ByteArrayInputStream(jar.content()))) {
                assertThat(in.getManifest().getMainAttributes().getValue("Main-Class")).as(service.name()).isEqualTo(service.mainClass());
                classPath = in.getManifest().getMainAttributes().getValue("Class-Path");
                for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                    if (!entry.isDirectory()) {
                        inImage.put(entry.getName(), sha256(in.readAllBytes()));
                    }
                }
            }
            assertThat(inImage).as(service.name() + "'s own classes").containsAllEntriesOf(classes);
            assertThat(inImage.keySet().stream().filter(name -> !classes.containsKey(name)))
                    .as(service.name() + ": nothing beside its classes but the manifest").allMatch(name -> name.startsWith("META-INF/"));
            Map<String, String> librariesInImage = new TreeMap<>();
            for (OciImage.LayerFile file : files.values()) {
                if (file.path().startsWith("/app/lib/") && !file.directory()) {
                    librariesInImage.put(file.path(), sha256(file.content()));
                }
            }
            assertThat(librariesInImage).as(service.name() + "'s libraries").isEqualTo(libraries);
            // the manifest's Class-Path is how the JVM finds them: each of them, and nothing that is not there
            assertThat(Arrays.stream(classPath.trim().split("\\s+")).map(path -> "/app/" + path).toList())
                    .as(service.name()).containsExactlyInAnyOrderElementsOf(libraries.keySet());
            OciImage.LayerFile java = files.get("/opt/java/bin/java");
            assertThat(java).isNotNull();
            assertThat(java.mode() & 0111).as("java is executable").isNotZero();
            // the JVM's ELF interpreter and C library come with the image (no base image was pulled)
            assertThat(files).containsKeys("/lib64/ld-linux-x86-64.so.2", "/lib/x86_64-linux-gnu/libc.so.6", "/opt/java/lib/server/libjvm.so");
            assertThat(image.config().path("architecture").asString()).isEqualTo("amd64");
            assertThat(image.config().path("os").asString()).isEqualTo("linux");
        }
    }

    /**
     * The image's own JVM, on the image's files (their modes and modification times as the layers give them), maps its
     * AOT cache: {@code -XX:AOTMode=on} makes a cache it would not use an error instead of a quiet slow start. A jar
     * changed after the training run (here only its modification time) is refused, which is what makes the first
     * check mean something. Without a cache (a JDK before 25) the JVM still maps the JDK's own class archive.
     */
    @Test
    void the_images_java_uses_the_ahead_of_time_cache_trained_for_exactly_these_jars(@TempDir Path scratch) throws Exception {
        for (BuildImages.Service service : BuildImages.SERVICES) {
            var files = IMAGES.get(service.name()).fileSystem();
            Path root = scratch.resolve(service.name());
            unpack(files, root);
            Path javaCommand = root.resolve("opt/java/bin/java");
            assertThat(run(javaCommand.toString(), "-Xshare:on", "-version")).as(service.name() + ": the JDK's class archive").contains("sharing");
            if (!AOT_CACHE) {
                assertThat(files).doesNotContainKey(service.aotCacheInImage());
                continue;
            }
            OciImage.LayerFile cache = files.get(service.aotCacheInImage());
            assertThat(cache).as(service.name() + " AOT cache").isNotNull();
            assertThat(cache.mode() & 0777).isEqualTo(0444);
            List<String> command = List.of(javaCommand.toString(), "-XX:AOTMode=on", "-XX:AOTCache=" + root.resolve(service.aotCacheInImage().substring(1)),
                    "-cp", root.resolve(service.jarInImage().substring(1)).toString(), "-version");
            // the image's JVM flags: a cache is written for one GC and heap layout
            assertThat(run(Map.of("JAVA_TOOL_OPTIONS", BuildImages.JAVA_TOOL_OPTIONS), command)).as(service.name()).contains("sharing");
            Path library;
            try (var jars = Files.list(root.resolve("app/lib"))) {
                library = jars.sorted().findFirst().orElseThrow();
            }
            Files.setLastModifiedTime(library, FileTime.from(Instant.now()));
            assertThatThrownBy(() -> run(Map.of("JAVA_TOOL_OPTIONS", BuildImages.JAVA_TOOL_OPTIONS), command))
                    .as(service.name() + ": a library other than the trained one").hasMessageContaining("Unable to use AOT cache");
            JavaRuntime.deleteRecursively(root);
        }
    }

    @Test
    void it_runs_as_the_unprivileged_service_user_on_a_read_only_root() {
        for (var entry : IMAGES.entrySet()) {
            OciImage image = entry.getValue();
            String user = image.config().path("config").path("User").asString();
            assertThat(user).as(entry.getKey()).isEqualTo("10001:10001");
            var files = image.fileSystem();
            String passwd = new String(files.get("/etc/passwd").content(), StandardCharsets.US_ASCII);
            assertThat(passwd).contains("samverkan:x:10001:10001:").doesNotContain("/bin/sh", "/bin/bash");
            // nothing the service user could change or use to become someone else: no file writable by it or by
            // anyone, no setuid/setgid file, and no shell to run (what is not there cannot be abused)
            List<String> problems = new ArrayList<>();
            for (OciImage.LayerFile file : files.values()) {
                if (file.symbolicLink()) {
                    continue;
                }
                boolean tmp = file.path().equals("/tmp");
                if (!tmp && ((file.mode() & 0002) != 0 || file.uid() != 0)) {
                    problems.add(file.path() + " mode " + Long.toOctalString(file.mode()) + " uid " + file.uid());
                }
                if ((file.mode() & 06000) != 0) {
                    problems.add(file.path() + " is setuid/setgid");
                }
                if (Set.of("/bin/sh", "/bin/bash", "/usr/bin/sh", "/bin/busybox").contains(file.path())) {
                    problems.add(file.path() + " is a shell");
                }
            }
            assertThat(problems).as(entry.getKey()).isEmpty();
            // /tmp is writable for any uid the orchestrator picks (podman's read-only tmpfs copies its mode)
            assertThat(files.get("/tmp").mode() & 0777).isEqualTo(0777);
            // the JVM writes only below /tmp, declared a volume: Kubernetes mounts an emptyDir there, podman a tmpfs
            assertThat(image.config().path("config").path("Volumes").has("/tmp")).isTrue();
        }
    }

    @Test
    void it_carries_the_server_jvm_flags_the_manifests_and_the_dockerfile_state() throws IOException {
        Matcher dockerfile = Pattern.compile("ENV JAVA_TOOL_OPTIONS=\"([^\"]*)\"").matcher(Files.readString(ROOT.resolve("infra/docker/Dockerfile")));
        assertThat(dockerfile.find()).isTrue();
        for (var entry : IMAGES.entrySet()) {
            List<String> env = strings(entry.getValue().config().path("config").path("Env"));
            // local-stack's JvmFlagsTest keeps the Dockerfile and the Kubernetes manifests equal to JvmFlags.DEPLOYMENT
            assertThat(env).as(entry.getKey()).contains("JAVA_TOOL_OPTIONS=" + dockerfile.group(1), "JAVA_HOME=/opt/java",
                    "MALLOC_ARENA_MAX=" + BuildImages.MALLOC_ARENA_MAX);
            String manifest = Files.readString(ROOT.resolve("infra/k8s/" + entry.getKey() + ".yaml"));
            assertThat(manifest).contains("value: \"" + dockerfile.group(1) + "\"");
        }
    }

    @Test
    void it_is_labelled_with_version_revision_source_and_health_paths() {
        for (var entry : IMAGES.entrySet()) {
            JsonNode labels = entry.getValue().config().path("config").path("Labels");
            assertThat(labels.path("org.opencontainers.image.version").asString()).isEqualTo(VERSION);
            assertThat(labels.path("org.opencontainers.image.revision").asString()).matches("[0-9a-f]{40}(-dirty)?");
            assertThat(labels.path("org.opencontainers.image.source").asString()).isNotBlank();
            assertThat(labels.path("org.opencontainers.image.title").asString()).isEqualTo(entry.getKey());
            assertThat(labels.path("se.samverkan.health.liveness").asString()).isEqualTo("/actuator/health/liveness");
            assertThat(labels.path("se.samverkan.health.readiness").asString()).isEqualTo("/actuator/health/readiness");
            String port = labels.path("se.samverkan.port").asString();
            assertThat(entry.getValue().config().path("config").path("ExposedPorts").has(port + "/tcp")).isTrue();
            assertThat(entry.getValue().manifest().path("mediaType").asString()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        }
    }

    @Test
    void it_listens_for_the_api_and_for_the_health_checks_on_separate_ports_the_service_and_the_manifests_agree_on() throws IOException {
        for (BuildImages.Service service : BuildImages.SERVICES) {
            JsonNode config = IMAGES.get(service.name()).config().path("config");
            JsonNode labels = config.path("Labels");
            ServicePorts defaults = ServicePorts.of(ROOT, service.name());
            // the probes are not answered on the API port: an orchestrator following the labels must find the other one
            String api = labels.path("se.samverkan.port").asString();
            String management = labels.path("se.samverkan.management.port").asString();
            assertThat(api).as(service.name()).isEqualTo(String.valueOf(defaults.api()));
            assertThat(management).as(service.name()).isEqualTo(String.valueOf(defaults.management())).isNotEqualTo(api);
            assertThat(strings(config.path("Env"))).as(service.name())
                    .contains("SERVER_PORT=" + api, "MANAGEMENT_SERVER_PORT=" + management);
            List<String> exposed = new ArrayList<>();
            config.path("ExposedPorts").properties().forEach(port -> exposed.add(port.getKey()));
            assertThat(exposed).as(service.name()).containsExactlyInAnyOrder(api + "/tcp", management + "/tcp");
            // the pod spec probes the same port the image says it answers on
            String manifest = Files.readString(ROOT.resolve("infra/k8s/" + service.name() + ".yaml"));
            assertThat(manifest).as(service.name()).contains("containerPort: " + management, "port: management}");
        }
    }

    @Test
    void no_development_key_secret_or_local_state_is_baked_in() throws IOException {
        Set<String> secrets = new TreeSet<>(DevelopmentValues.in(ROOT));
        Set<String> training = DevelopmentValues.ofTraining(WORK.resolve("aot-training").resolve("secrets.properties"));
        // the training runs' keys exist exactly when there is a cache to have written them into
        assertThat(training.isEmpty()).isEqualTo(!AOT_CACHE);
        secrets.addAll(training);
        SecretScan scan = new SecretScan(secrets);
        Set<String> scanned = new java.util.HashSet<>();
        for (var entry : IMAGES.entrySet()) {
            List<String> findings = new ArrayList<>();
            for (OciImage.Layer layer : entry.getValue().layers()) {
                // the os and java-runtime layers are the same blob in every image: one look is enough
                if (!scanned.add(layer.digest())) {
                    continue;
                }
                for (OciImage.LayerFile file : layer.files()) {
                    findings.addAll(scan.findings(file.path(), file.content()));
                    String name = file.path().substring(file.path().lastIndexOf('/') + 1);
                    if (file.path().contains("/.local-stack") || name.equals("secrets.properties") || name.endsWith(".pem")
                            || name.endsWith(".key") || name.equals("samverkan-test-event-keys.properties")) {
                        findings.add(file.path() + ": a key or local state file");
                    }
                }
            }
            // the environment and labels are part of the image too
            String config = entry.getValue().config().toString();
            findings.addAll(scan.findings("config", config.getBytes(StandardCharsets.UTF_8)));
            assertThat(config).as(entry.getKey()).doesNotContain("SAMVERKAN_DEVELOPMENT_MODE", "PASSWORD=", "KEY=", "SECRET=");
            assertThat(findings).as(entry.getKey()).isEmpty();
        }
    }

    /** The layers' files as a container would see them: each file's bytes, mode and modification time. */
    private static void unpack(Map<String, OciImage.LayerFile> files, Path root) throws IOException {
        for (OciImage.LayerFile file : files.values()) {
            if (file.directory() || file.symbolicLink()) {
                continue;
            }
            Path target = root.resolve(file.path().substring(1));
            Files.createDirectories(target.getParent());
            Files.write(target, file.content());
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(
                    ((file.mode() & 0111) != 0 ? "r-xr-xr-x" : "r--r--r--")));
            Files.setLastModifiedTime(target, FileTime.from(file.modified(), TimeUnit.SECONDS));
        }
    }

    private static String run(String... command) throws Exception {
        return run(Map.of(), List.of(command));
    }

    private static String run(Map<String, String> environment, List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asString()));
        return values;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
