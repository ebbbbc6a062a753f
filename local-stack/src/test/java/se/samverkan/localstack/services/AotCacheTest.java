package se.samverkan.localstack.services;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AotCacheTest {

    @TempDir
    Path dir;

    @Test
    void the_first_start_records_the_cache_and_later_starts_use_it() throws IOException {
        Path cache = dir.resolve(AotCache.CACHE_FILE);
        assertThat(AotCache.flags(cache)).containsExactly("-XX:AOTCacheOutput=" + cache);
        assertThat(new AotCache.Launch(dir, AotCache.flags(cache)).records()).as("its stop waits for the cache").isTrue();
        Files.write(cache, new byte[]{1});
        assertThat(AotCache.flags(cache)).containsExactly("-XX:AOTCache=" + cache);
        assertThat(new AotCache.Launch(dir, AotCache.flags(cache)).records()).isFalse();
    }

    @Test
    void an_extraction_belongs_to_the_jar_content_not_its_name_or_time() throws IOException {
        Path jar = Files.write(dir.resolve("case-service.jar"), new byte[]{1, 2, 3});
        String first = AotCache.contentHash(jar);
        Files.write(jar, new byte[]{1, 2, 3});
        assertThat(AotCache.contentHash(jar)).as("copied again, same bytes").isEqualTo(first).hasSize(16);
        Files.write(jar, new byte[]{1, 2, 4});
        assertThat(AotCache.contentHash(jar)).as("rebuilt").isNotEqualTo(first);
    }

    @Test
    void it_is_off_unless_asked_for() {
        assertThat(AotCache.enabled(Map.of())).isFalse();
        assertThat(AotCache.enabled(Map.of(AotCache.VARIABLE, "true"))).isTrue();
    }
}
