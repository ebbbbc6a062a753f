package se.samverkan.localstack.services;

import java.util.List;
import java.util.Map;

/**
 * The services' JVM flags. The local stack starts them for a quick start (C1 only, serial GC, small heap); with
 * {@code SAMVERKAN_LOCAL_SERVER_JVM=true} it runs what a deployment runs instead (issue 12: a benchmark must measure
 * the server JVM), with the heap a 768 MiB pod would give it, since a workstation has no container limit for
 * {@code MaxRAMPercentage} to take a share of ({@code SAMVERKAN_LOCAL_SERVER_HEAP}, e.g. {@code 320m}, tries another).
 */
public final class JvmFlags {

    /** What infra/docker/Dockerfile and the Kubernetes manifests put in JAVA_TOOL_OPTIONS (kept equal by a test). */
    public static final List<String> DEPLOYMENT = List.of(
            "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=100", "-XX:MaxRAMPercentage=35", "-XX:TrimNativeHeapInterval=5000",
            "-XX:+ExitOnOutOfMemoryError");

    /**
     * glibc's malloc gives each thread that contends an arena of its own (up to 8 per core), and arenas are rarely
     * returned: issue 12 measured 100+ MB of them in a service's RSS. Two suffice for a JVM, whose Java objects live
     * in the heap; the image and the pod specs set the same.
     */
    public static final Map<String, String> DEPLOYMENT_ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");

    /** 35 % of case-service's and audit-service's 768 MiB memory limit. */
    static final String POD_HEAP = "269m";

    public static final String SERVER_HEAP_VARIABLE = "SAMVERKAN_LOCAL_SERVER_HEAP";

    static final List<String> QUICK_START = List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    public static final String SERVER_JVM_VARIABLE = "SAMVERKAN_LOCAL_SERVER_JVM";

    private JvmFlags() {
    }

    public static boolean serverJvm(Map<String, String> environment) {
        return Boolean.parseBoolean(environment.getOrDefault(SERVER_JVM_VARIABLE, "false"));
    }

    static List<String> forService(Map<String, String> environment) {
        if (!serverJvm(environment)) {
            return QUICK_START;
        }
        String heap = "-Xmx" + environment.getOrDefault(SERVER_HEAP_VARIABLE, POD_HEAP);
        return DEPLOYMENT.stream().map(flag -> flag.startsWith("-XX:MaxRAMPercentage") ? heap : flag).toList();
    }

    static Map<String, String> environmentForService(Map<String, String> environment) {
        return serverJvm(environment) ? DEPLOYMENT_ENVIRONMENT : Map.of();
    }
}
