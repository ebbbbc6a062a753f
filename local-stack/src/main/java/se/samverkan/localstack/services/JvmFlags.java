package se.samverkan.localstack.services;

import java.util.List;
import java.util.Map;

/**
 * The services' JVM flags. The local stack starts them for a quick start (C1 only, serial GC, small heap); with
 * {@code SAMVERKAN_LOCAL_SERVER_JVM=true} it runs what a deployment runs instead (issue 12: a benchmark must measure
 * the server JVM), on a JVM told it has the 768 MiB of a pod ({@code -XX:MaxRAM}), since a workstation has no
 * container limit: the heap's maximum and its initial size then come out as in the pod. Only the maximum was given
 * before (-Xmx269m), and a JVM on a 24 GB workstation starts its heap at 1/64 of the RAM, so the whole maximum was
 * committed from the start: an idle service's RSS was a workstation's (under load G1 grows to the maximum anyway).
 * {@code SAMVERKAN_LOCAL_SERVER_HEAP} (e.g. {@code 320m}) tries another maximum heap.
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

    /** The memory limit of each service's container in infra/k8s (kept equal by a test); 768 MiB where none is named. */
    static final Map<String, String> POD_MEMORY = Map.of("case-service", "768m", "audit-service", "768m",
            "notification-service", "512m");

    public static final String SERVER_HEAP_VARIABLE = "SAMVERKAN_LOCAL_SERVER_HEAP";

    static final List<String> QUICK_START = List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    public static final String SERVER_JVM_VARIABLE = "SAMVERKAN_LOCAL_SERVER_JVM";

    private JvmFlags() {
    }

    public static boolean serverJvm(Map<String, String> environment) {
        return Boolean.parseBoolean(environment.getOrDefault(SERVER_JVM_VARIABLE, "false"));
    }

    static List<String> forService(String service, Map<String, String> environment) {
        if (!serverJvm(environment)) {
            return QUICK_START;
        }
        // a partner's audit-service (audit-service-botkyrka) runs as an audit-service does
        String memory = POD_MEMORY.entrySet().stream().filter(pod -> service.startsWith(pod.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse("768m");
        List<String> flags = new java.util.ArrayList<>(List.of("-XX:MaxRAM=" + memory));
        String heap = environment.get(SERVER_HEAP_VARIABLE);
        DEPLOYMENT.forEach(flag -> flags.add(heap != null && flag.startsWith("-XX:MaxRAMPercentage") ? "-Xmx" + heap : flag));
        return List.copyOf(flags);
    }

    static Map<String, String> environmentForService(Map<String, String> environment) {
        return serverJvm(environment) ? DEPLOYMENT_ENVIRONMENT : Map.of();
    }
}
