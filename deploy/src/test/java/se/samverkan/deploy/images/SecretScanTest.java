package se.samverkan.deploy.images;

import org.junit.jupiter.api.Test;
import se.samverkan.deploy.RepositoryRoot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The image scan finds what ImageTarsIT must never find, wherever a jar hides it. */
class SecretScanTest {

    private final Set<String> values = DevelopmentValues.in(RepositoryRoot.find());

    SecretScanTest() throws IOException {
    }

    @Test
    void the_repository_development_values_are_collected_from_where_they_live() {
        assertThat(values).contains("samverkan-case-dev-secret", "samverkan-notification-dev-secret")
                .anyMatch(value -> value.startsWith("PRIVATE+KEY+samverkan.test-audit"))
                .hasSizeGreaterThan(6)
                .allMatch(value -> value.length() >= 16 && !value.contains("${"));
    }

    @Test
    void a_value_in_a_compressed_entry_of_a_nested_jar_is_found() throws IOException {
        String secret = values.stream().filter(value -> value.startsWith("PRIVATE+KEY")).findFirst().orElseThrow();
        byte[] inner = zip("BOOT-INF/classes/config/application.yml", ("signing-key: " + secret + "\n").repeat(3));
        byte[] outer = zip("BOOT-INF/lib/leaky.jar", inner);
        SecretScan scan = new SecretScan(values);

        assertThat(scan.findings("/app/x.jar", outer)).containsExactly(
                "/app/x.jar!/BOOT-INF/lib/leaky.jar!/BOOT-INF/classes/config/application.yml: " + secret);
        assertThat(scan.findings("/app/clean.jar", zip("a.txt", "nothing to see"))).isEmpty();
    }

    private static byte[] zip(String name, Object content) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(content instanceof byte[] b ? b : String.valueOf(content).getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}
