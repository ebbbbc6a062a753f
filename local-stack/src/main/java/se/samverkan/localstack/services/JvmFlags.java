package se.samverkan.localstack.services;

import java.util.List;
import java.util.Map;

/**
 * The services' JVM flags. The local stack starts them for a quick start (C1 only, serial GC, small heap); with
 * {@code SAMVERKAN_LOCAL_SERVER_JVM=true} it runs what a deployment runs instead (issue 12: a benchmark must measure
 * the server JVM), with the heap a 768 MiB pod would give it, since a workstation has no container limit for
 * {@code MaxRAMPercentage} to take a share of.
 */
public final class JvmFlags {

    /** What infra/docker/Dockerfile and the Kubernetes manifests put in JAVA_TOOL_OPTIONS (kept equal by a test). */
    public static final List<String> DEPLOYMENT = List.of(
            "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=100", "-XX:MaxRAMPercentage=70", "-XX:+ExitOnOutOfMemoryError");

    /** 70 % of the pods' 768 MiB memory limit. */
    static final String POD_HEAP = "-Xmx538m";

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
        return DEPLOYMENT.stream().map(flag -> flag.startsWith("-XX:MaxRAMPercentage") ? POD_HEAP : flag).toList();
    }
}
