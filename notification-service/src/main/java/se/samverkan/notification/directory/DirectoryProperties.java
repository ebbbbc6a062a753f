package se.samverkan.notification.directory;

import jakarta.validation.Valid;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.util.List;

/** Directory entries from configuration, upserted at start-up (e.g. a small deployment without a Keycloak sync). */
@ConfigurationProperties("samverkan.notification.directory")
@Validated
public record DirectoryProperties(List<@Valid DirectoryUser> users) {

    public DirectoryProperties {
        users = users == null ? List.of() : List.copyOf(users);
    }
}
