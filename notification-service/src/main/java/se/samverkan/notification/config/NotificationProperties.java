package se.samverkan.notification.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;
import se.samverkan.notification.routing.NotificationKind;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * @param linkBaseUrl      prefix for the links in e-mails (inbox items carry the path only), e.g. the API gateway
 * @param linkBaseUrls     where there is no gateway: a base URL per path prefix (e.g. /api/audit to audit-service);
 *                         the longest matching prefix wins, anything else goes to linkBaseUrl
 * @param defaultMailKinds which kinds a user who never saved preferences gets by e-mail
 * @param streamTimeout    how long one SSE connection lives before the client reconnects
 * @param retention        how long inbox items (and their delivery records) are kept; data minimisation
 */
@ConfigurationProperties("samverkan.notification")
@Validated
public record NotificationProperties(
        @DefaultValue("http://127.0.0.1:8081") String linkBaseUrl,
        Map<String, String> linkBaseUrls,
        Set<NotificationKind> defaultMailKinds,
        @DefaultValue("PT30M") Duration streamTimeout,
        @DefaultValue("PT25S") Duration streamHeartbeat,
        @DefaultValue("P365D") Duration retention,
        @DefaultValue @Valid Mail mail) {

    public NotificationProperties {
        defaultMailKinds = defaultMailKinds == null || defaultMailKinds.isEmpty()
                ? EnumSet.allOf(NotificationKind.class) : EnumSet.copyOf(defaultMailKinds);
        linkBaseUrls = linkBaseUrls == null ? Map.of() : Map.copyOf(linkBaseUrls);
    }

    public String absoluteLink(String path) {
        return linkBaseUrls.entrySet().stream()
                .filter(prefix -> path.startsWith(prefix.getKey()))
                .max(Comparator.comparingInt(prefix -> prefix.getKey().length()))
                .map(Map.Entry::getValue)
                .orElse(linkBaseUrl) + path;
    }

    /**
     * @param pollInterval   how often the dispatcher looks for due deliveries
     * @param maxAttempts    after this many failed attempts a delivery is FAILED and left for an operator
     * @param initialBackoff wait after the first failure; doubles per attempt up to maxBackoff
     * @param digestTime     local time of day when daily digests go out
     * @param claimLease     how long the deliveries a dispatcher has taken stay out of every other dispatcher's reach
     *                       while it sends them one by one; a dispatcher that died holding them gives them back when it
     *                       runs out. No send begins after a third of it, so it must exceed three times the longest
     *                       single SMTP conversation (the connection, read and write timeouts of spring.mail)
     */
    public record Mail(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("samverkan-noreply@samverkan.example") String from,
            @DefaultValue("PT2S") Duration pollInterval,
            @DefaultValue("20") @Min(1) int batchSize,
            @DefaultValue("10") @Min(1) int maxAttempts,
            @DefaultValue("PT10S") Duration initialBackoff,
            @DefaultValue("PT30M") Duration maxBackoff,
            @DefaultValue("07:00") LocalTime digestTime,
            @DefaultValue("Europe/Stockholm") ZoneId zone,
            @DefaultValue("PT3M") Duration claimLease) {

        public Mail {
            if (claimLease == null || claimLease.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("samverkan.notification.mail.claim-lease must be at least a second, was " + claimLease);
            }
        }
    }
}
