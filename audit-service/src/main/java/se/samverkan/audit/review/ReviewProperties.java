package se.samverkan.audit.review;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;

/** Thresholds of the review rules; the defaults suit a municipal social services office. */
@ConfigurationProperties("samverkan.audit.review")
public record ReviewProperties(
        @DefaultValue("1h") Duration volumeWindow,
        @DefaultValue("20") int volumeSubjects,
        @DefaultValue("07:00") LocalTime workdayStart,
        @DefaultValue("19:00") LocalTime workdayEnd,
        @DefaultValue("Europe/Stockholm") ZoneId zone) {
}
