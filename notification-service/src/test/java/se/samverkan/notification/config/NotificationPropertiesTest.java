package se.samverkan.notification.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class NotificationPropertiesTest {

    private final NotificationProperties properties = new NotificationProperties("https://cases.example",
            Map.of("/api/audit", "https://audit.example", "/api/audit/review-items", "https://review.example"),
            Set.of(), Duration.ofMinutes(30), Duration.ofSeconds(25), Duration.ofDays(365),
            new NotificationProperties.Mail(true, "noreply@example", Duration.ofSeconds(2), 20, 10,
                    Duration.ofSeconds(10), Duration.ofMinutes(30), LocalTime.of(7, 0), ZoneId.of("Europe/Stockholm"),
                    Duration.ofMinutes(3)));

    @Test
    void linksGoToTheServiceThatServesTheirPath() {
        assertThat(properties.absoluteLink("/api/audit/entries?caseId=1")).isEqualTo("https://audit.example/api/audit/entries?caseId=1");
        assertThat(properties.absoluteLink("/api/audit/review-items/7")).isEqualTo("https://review.example/api/audit/review-items/7");
        assertThat(properties.absoluteLink("/api/cases/1")).isEqualTo("https://cases.example/api/cases/1");
    }
}
