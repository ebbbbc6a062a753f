package se.samverkan.localstack.services;

import org.junit.jupiter.api.Test;
import se.samverkan.localstack.StackSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 12: one set of server JVM flags, in the image, the pod specs and the local stack's server mode alike. */
class JvmFlagsTest {

    private static final Path ROOT = StackSettings.findProjectRoot();

    @Test
    void the_image_and_every_kubernetes_container_run_the_same_server_jvm() throws IOException {
        String deployment = String.join(" ", JvmFlags.DEPLOYMENT);
        assertThat(values(Files.readString(ROOT.resolve("infra/docker/Dockerfile")),
                Pattern.compile("ENV JAVA_TOOL_OPTIONS=\"([^\"]*)\""))).containsExactly(deployment);
        String dockerfile = Files.readString(ROOT.resolve("infra/docker/Dockerfile"));
        JvmFlags.DEPLOYMENT_ENVIRONMENT.forEach((name, value) -> assertThat(values(dockerfile,
                Pattern.compile("ENV " + name + "=\"([^\"]*)\""))).as("Dockerfile " + name).containsExactly(value));
        for (String service : List.of("case-service", "audit-service", "notification-service")) {
            String manifest = Files.readString(ROOT.resolve("infra/k8s/" + service + ".yaml"));
            List<String> values = values(manifest, Pattern.compile("- name: JAVA_TOOL_OPTIONS\\s+value: \"([^\"]*)\""));
            assertThat(values).as(service).isNotEmpty().allSatisfy(value -> assertThat(value).isEqualTo(deployment));
            assertThat(values).as(service + ": one per container").hasSize(values(manifest, Pattern.compile("image: (samverkan/\\S+)")).size());
            assertThat(values(manifest, Pattern.compile("limits: \\{memory: (\\d+)Mi}")).getLast()).as(service + ": the local stack's MaxRAM")
                    .isEqualTo(JvmFlags.POD_MEMORY.get(service).replace("m", ""));
            assertThat(JvmFlags.forService(service, Map.of(JvmFlags.SERVER_JVM_VARIABLE, "true")))
                    .contains("-XX:MaxRAM=" + JvmFlags.POD_MEMORY.get(service));
            JvmFlags.DEPLOYMENT_ENVIRONMENT.forEach((name, value) -> assertThat(
                    values(manifest, Pattern.compile("- name: " + name + "\\s+value: \"([^\"]*)\""))).as(service + " " + name)
                    .hasSize(values.size()).containsOnly(value));
        }
        assertThat(JvmFlags.DEPLOYMENT).contains("-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError")
                .noneMatch(flag -> flag.contains("HeapDump"));
    }

    @Test
    void the_local_stack_keeps_its_quick_start_unless_asked_for_the_server_jvm() {
        assertThat(JvmFlags.forService("case-service", Map.of())).contains("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
        List<String> server = JvmFlags.forService("case-service", Map.of(JvmFlags.SERVER_JVM_VARIABLE, "true"));
        assertThat(server).containsAll(JvmFlags.DEPLOYMENT).contains("-XX:MaxRAM=768m")
                .doesNotContain("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1").noneMatch(flag -> flag.startsWith("-Xm"));
        assertThat(JvmFlags.environmentForService(Map.of(JvmFlags.SERVER_JVM_VARIABLE, "true"))).containsEntry("MALLOC_ARENA_MAX", "2");
        assertThat(JvmFlags.environmentForService(Map.of())).isEmpty();
        assertThat(JvmFlags.forService("case-service", Map.of(JvmFlags.SERVER_JVM_VARIABLE, "true", JvmFlags.SERVER_HEAP_VARIABLE, "320m")))
                .contains("-Xmx320m").noneMatch(flag -> flag.startsWith("-XX:MaxRAMPercentage"));
    }

    private static List<String> values(String text, Pattern pattern) {
        Matcher matcher = pattern.matcher(text);
        List<String> found = new java.util.ArrayList<>();
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }
}
