package se.samverkan.platform.observability.logs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** Through Spring Boot's own logging set-up, in the JSON lines a deployment writes (ECS). */
@ExtendWith(OutputCaptureExtension.class)
class RedactedLogsInstallerTest {

    private static final String PERSONNUMMER = "19870614-2836";

    @Configuration(proxyBeanMethods = false)
    static class NothingElse {
    }

    @Test
    void a_service_started_by_spring_boot_writes_failures_redacted_into_its_json_lines(CapturedOutput output) {
        try (ConfigurableApplicationContext ignored = new SpringApplicationBuilder(NothingElse.class)
                .web(WebApplicationType.NONE)
                .properties("logging.structured.format.console=ecs", "spring.main.banner-mode=off")
                .run()) {
            LoggerFactory.getLogger("se.samverkan.test").error("Unexpected error, incident {}", "inc-2",
                    new IllegalStateException("wrapped", new SQLException("duplicate for " + PERSONNUMMER, "23505")));
        }

        String line = output.getOut().lines().filter(l -> l.contains("inc-2")).findFirst().orElseThrow();
        assertThat(line).startsWith("{").doesNotContain(PERSONNUMMER)
                .contains("\"type\":\"java.lang.IllegalStateException\"")
                .contains("Caused by: java.sql.SQLException: (message withheld; SQLState 23505)");
    }
}
